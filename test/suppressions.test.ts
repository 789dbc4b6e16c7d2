// Where suppression comments are found, however much YAML comes before them.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS } from "../src/engine/config.js";
import { lint } from "../src/engine/lint.js";
import { createSourceFile } from "../src/engine/source.js";
import { commentDirectives } from "../src/engine/suppressions.js";
import { lintDirectory, temporaryTree, webDeployment } from "./helpers.js";

describe("commentDirectives", () => {
  it("places a comment after many scalars and flow collections at its own offset and line", () => {
    const labels = Array.from({ length: 40 }, (_, index) => `    l${index}: [v${index}]`);
    const text = ["---", "metadata:", "  labels:", ...labels, "spec:", "  # nw-lint-disable-next-line spin/privileged", "  hostNetwork: true", ""].join("\n");
    const [directive] = commentDirectives(createSourceFile("pod.yaml", undefined, text, "yaml"));
    expect(directive!.at.start).toBe(text.indexOf("# nw-lint"));
    expect(directive!.at.end).toBe(text.indexOf("privileged") + "privileged".length);
    expect(directive!.line).toBe(46);
  });

  it("are located exactly after many scalars, in CRLF files, and never inside quotes", () => {
    const scalars = Array.from({ length: 200 }, (_, i) => i).join(", ");
    const text = `# head\r\na: [${scalars}] # nw-lint-disable-line spin/image-tag\r\n# nw-lint-disable-next-line -- why\r\nb: "# nw-lint-disable-file"\r\n`;
    const found = commentDirectives(createSourceFile("x.yaml", undefined, text, "yaml")).map((d) => [d.scope, d.line, text.slice(d.at.start, d.at.end)]);
    expect(found).toEqual([
      ["line", 2, "# nw-lint-disable-line spin/image-tag"],
      ["next-line", 4, "# nw-lint-disable-next-line -- why"],
    ]);
  });
});

describe("commentDirectives outside YAML", () => {
  const directives = (name: string, text: string, language: "python" | "dockerfile" | "uwsgi" | "compose") =>
    commentDirectives(createSourceFile(name, undefined, text, language)).map((d) => [d.scope, d.line, text.slice(d.at.start, d.at.end)]);

  it("are Python comments, never text in a string or a docstring", () => {
    const text = '"""Demo.\n\n# nw-lint-disable-file\n"""\nX = "# nw-lint-disable-file"\napp.run()  # nw-lint-disable-line app/import-fails\n# nw-lint-disable-next-line\nY = 1\n';
    expect(directives("app.py", text, "python")).toEqual([
      ["line", 6, "# nw-lint-disable-line app/import-fails"],
      ["next-line", 8, "# nw-lint-disable-next-line"],
    ]);
  });

  it("are YAML comments in a compose file, after a value too", () => {
    const text = "services:\n  web:\n    command: [\"uwsgi\", \"--pyargv\", \"-i x\"] # nw-lint-disable-line app/argv-mismatch\n";
    expect(directives("docker-compose.yml", text, "compose")).toEqual([["line", 3, "# nw-lint-disable-line app/argv-mismatch"]]);
  });

  it("are whole-line comments in a Dockerfile and an ini, where a # after an argument or a value is part of it", () => {
    expect(directives("Dockerfile", 'FROM python:3.11\n  # nw-lint-disable-next-line spin/user-in-command\nCMD ["uwsgi", "--uid", "1000"]  # nw-lint-disable-line\nRUN echo "# nw-lint-disable-file"\n', "dockerfile")).toEqual([
      ["next-line", 3, "# nw-lint-disable-next-line spin/user-in-command"],
    ]);
    expect(directives("app.ini", "[uwsgi]\n; nw-lint-disable-next-line uwsgi/need-app\nenv = NOTE=x # nw-lint-disable-file\n", "uwsgi")).toEqual([
      ["next-line", 3, "; nw-lint-disable-next-line uwsgi/need-app"],
    ]);
  });
});

describe("a suppression naming an id that is no rule", () => {
  const pod = (annotation: string, comment = "") =>
    `${comment}apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    nw-lint.io/ignore: "${annotation}"\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web:1.0.0\n      securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n`;
  const unused = (text: string) =>
    lint({ files: [createSourceFile("pod.yaml", undefined, text, "yaml")], settings: DEFAULT_SETTINGS, rules: allRules }).diagnostics.map((d) => `${d.line} ${d.message} | ${d.hint}`);

  it("still has each rule beside it that silences nothing reported, and the id closest to it suggested", () => {
    expect(unused(pod("spin/image-tag,spin/imagetag,nope/x"))).toEqual([
      "6 spin/image-tag in this suppression silences nothing | remove spin/image-tag from it and keep the rest",
      "6 this suppression names nope/x, which is not an nw-lint rule | run `nw-lint rules` for the rule ids",
      "6 this suppression names spin/imagetag, which is not an nw-lint rule | did you mean spin/image-tag?",
    ]);
    expect(unused(pod("spin/run-as-user", "# nw-lint-disable-file spin/image-tag, spin/imagetg\n"))).toEqual([
      "1 spin/image-tag in this suppression silences nothing | remove spin/image-tag from it and keep the rest",
      "1 this suppression names spin/imagetg, which is not an nw-lint rule | did you mean spin/image-tag?",
      "7 this suppression of spin/run-as-user silences nothing | remove it",
    ]);
  });
});

describe("the nw-lint.io/ignore annotation", () => {
  it("silences the rules it names for its object, and none when it names none (a template value that rendered empty)", () => {
    const pod = (annotation: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: x\n  annotations:\n    nw-lint.io/ignore: "${annotation}"\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web\n      securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n`;
    const found = (annotation: string) =>
      lint({ files: [createSourceFile("pod.yaml", undefined, pod(annotation), "yaml")], settings: DEFAULT_SETTINGS, rules: allRules }).diagnostics.map((d) => `${d.line} ${d.ruleId}${d.suppressed ? " (suppressed)" : ""}`);
    expect(found("spin/image-tag")).toEqual(["11 spin/image-tag (suppressed)"]);
    expect(found("")).toEqual(["11 spin/image-tag"]);
    expect(found(" , ")).toEqual(["11 spin/image-tag"]);
  });
});

describe("which suppression silences a finding", () => {
  const lintText = (text: string) =>
    lint({ files: [createSourceFile("pods.yaml", undefined, text, "yaml")], settings: DEFAULT_SETTINGS, rules: allRules }).diagnostics.map((d) => `${d.line} ${d.ruleId}${d.suppressed ? " (suppressed)" : ""}`);
  /** A Pod whose untagged image spin/image-tag reports, with `comment` on the line above the image. */
  const pod = (name: string, comment = "") =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x}\nspec:\n  containers:\n    - name: web\n${comment ? `      ${comment}\n` : ""}      image: registry.nersc.gov/m1/web\n      securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n---\n`;

  it("is the first that applies, in file order: a later one for the same line silences nothing", () => {
    expect(lintText(`# nw-lint-disable-file spin/image-tag\n${pod("a")}${pod("b", "# nw-lint-disable-next-line spin/image-tag")}`)).toEqual([
      "8 spin/image-tag (suppressed)",
      "17 nw-lint/unused-suppression",
      "18 spin/image-tag (suppressed)",
    ]);
  });

  it("is the one above each of many objects in one file, and one naming two rules is judged for each", () => {
    const pods = Array.from({ length: 300 }, (_, index) => pod(`p${index}`, "# nw-lint-disable-next-line spin/image-tag, spin/privileged")).join("");
    const found = lintText(pods);
    expect(found.filter((line) => line.endsWith("spin/image-tag (suppressed)"))).toHaveLength(300);
    expect(found.filter((line) => line.endsWith("nw-lint/unused-suppression"))).toHaveLength(300);
    expect(found).toHaveLength(600);
  });
});

describe("suppressions of what is found in a file a COPY heredoc writes, which is reported in its Dockerfile", () => {
  const deploy = webDeployment("      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0.0\n          securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n");
  const found = (dockerfile: readonly string[], module: string) =>
    lintDirectory(temporaryTree({ "deploy.yaml": deploy, "Dockerfile": [...dockerfile, ""].join("\n"), [`${module}.py`]: "from flask import Flask\napp = Flask(__name__)\n" }))
      .diagnostics.filter((d) => d.file === "Dockerfile")
      .map((d) => `${d.line} ${d.ruleId}${d.suppressed ? ` (suppressed${d.suppressed.justification ? `: ${d.suppressed.justification}` : ""})` : ""}`);
  /** An image whose uWSGI reads an ini a heredoc writes (lines 6-11), with `before` on line 4, before the COPY, and `inBody` on line 6. */
  const iniImage = ({ before = "# before", inBody = "# body", beforeMaster = "# body" }) => [
    "FROM python:3.11-slim", "WORKDIR /app", "COPY wsgi.py .", before, 'COPY <<"EOF" /app/app.ini', inBody, "[uwsgi]", "module = wsgi:app", beforeMaster, "master = true", "http-socket = :8080", "EOF", "USER 1000",
    'CMD ["uwsgi", "--ini", "/app/app.ini"]',
  ];

  it("are the body's comments (# or an ini's ;) on the line before, used once, and one before the COPY covers only the COPY line", () => {
    expect(found(iniImage({}), "wsgi")).toEqual(["7 uwsgi/need-app", "10 uwsgi/die-on-term"]);
    for (const marker of ["#", ";"]) {
      const image = iniImage({
        before: "# nw-lint-disable-next-line uwsgi/need-app -- on the COPY",
        inBody: `${marker} nw-lint-disable-next-line uwsgi/die-on-term -- before the header`,
        beforeMaster: `${marker} nw-lint-disable-next-line uwsgi/die-on-term -- before master`,
      });
      expect(found(image, "wsgi"), marker).toEqual([
        "4 nw-lint/unused-suppression",
        "6 nw-lint/unused-suppression",
        "7 uwsgi/need-app",
        "10 uwsgi/die-on-term (suppressed: before master)",
      ]);
    }
  });

  it("are the Dockerfile's disable-file comments, in the body or on its own lines", () => {
    expect(found(iniImage({ inBody: "# nw-lint-disable-file uwsgi/need-app" }), "wsgi")).toEqual(["7 uwsgi/need-app (suppressed)", "10 uwsgi/die-on-term"]);
    expect(found(iniImage({ before: "# nw-lint-disable-file uwsgi/die-on-term, uwsgi/need-app" }), "wsgi")).toEqual(["7 uwsgi/need-app (suppressed)", "10 uwsgi/die-on-term (suppressed)"]);
  });

  it("work in a start script a heredoc writes", () => {
    const image = (comment: string) => ["FROM python:3.11-slim", "WORKDIR /app", "COPY app.py .", 'COPY --chmod=755 <<"EOF" /entrypoint.sh', "#!/bin/sh", comment, "exec gosu app gunicorn -b :8080 app:app", "EOF", 'ENTRYPOINT ["/entrypoint.sh"]'];
    expect(found(image("# the server"), "app")).toEqual(["7 spin/user-in-command"]);
    expect(found(image("# nw-lint-disable-next-line spin/user-in-command -- gosu drops root"), "app")).toEqual(["7 spin/user-in-command (suppressed: gosu drops root)"]);
  });
});
