import { spawnSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { beforeEach, describe, expect, it } from "vitest";
import { packageRoot, RULE_DOCS_DIR } from "../src/engine/package.js";
import { CLI, readTree, runCli, writeTree } from "./helpers.js";
import { aliasBomb } from "./property/yaml-inputs.js";

const DEPLOYMENT = [
  "apiVersion: apps/v1",
  "kind: Deployment",
  "metadata:",
  "  name: web",
  "  namespace: demo",
  "spec:",
  "  selector: {matchLabels: {app: web}}",
  "  template:",
  "    metadata: {labels: {app: web}}",
  "    spec:",
  "      containers:",
  "        - name: web",
  "          image: registry.nersc.gov/m1/web:1.0.0",
  "          securityContext:",
  "            allowPrivilegeEscalation: false",
  "            capabilities:",
  "              drop: [NET_RAW]",
  "",
].join("\n");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nw-lint-cli-"));
});

function json(stdout: string): { diagnostics: { ruleId: string; file: string; message: string; line: number; column: number; endLine: number; endColumn: number; severity: string; object?: Record<string, string> }[]; summary: Record<string, number> } {
  return JSON.parse(stdout);
}

const positions = (stdout: string) => json(stdout).diagnostics.map((d) => [d.ruleId, d.line, d.column, d.endLine, d.endColumn]);

describe("lint", () => {
  it("reports JSON with exact positions and exits 1 on an error", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli([".", "--format", "json"], { cwd: dir });
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ ruleId: "spin/capabilities-drop-all", file: "deploy.yaml", line: 17, column: 15, endLine: 17, endColumn: 19, severity: "error" }),
    ]);
    expect(report.summary).toEqual({ files: 1, errors: 1, warnings: 0, infos: 0, fixable: 1 });
  });

  it("says with --verbose how each ini was linked, and reads the Python module beside it", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("          securityContext:", '          command: ["uwsgi", "--ini", "/srv/app.ini"]\n          securityContext:'));
    writeFileSync(join(dir, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
    writeFileSync(join(dir, "app.py"), "app = object()\n");
    const run = runCli([".", "--verbose", "--format", "json"], { cwd: dir });
    expect(run.stderr).toContain("nw-lint: app.py: read as python\nnw-lint: app.ini: linked to Deployment demo/web (deploy.yaml), container web: its command names app.ini (--ini /srv/app.ini); uWSGI starts in /srv\n");
    expect(json(run.stdout).summary.files).toBe(3);
  });

  it("reads stdin with --stdin-filename and reports the same positions as the file", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const fromFile = runCli(["deploy.yaml", "--format", "json"], { cwd: dir });
    const fromStdin = runCli(["-", "--stdin-filename", "deploy.yaml", "--format", "json"], { cwd: dir, input: DEPLOYMENT });
    expect(fromStdin.status).toBe(1);
    expect(json(fromStdin.stdout).diagnostics).toEqual(json(fromFile.stdout).diagnostics);
    // Named as a path would be, and read once however often "-" is given.
    for (const name of ["./deploy.yaml", join(dir, "deploy.yaml")]) {
      const named = runCli(["-", "-", "--stdin-filename", name, "--format", "json"], { cwd: dir, input: DEPLOYMENT });
      expect(json(named.stdout).diagnostics).toEqual(json(fromFile.stdout).diagnostics);
    }
  });

  it("says on stderr when stdin is empty (the command before the pipe failed), and still exits 0 on it", () => {
    const empty = runCli(["-"], { cwd: dir, input: "" });
    expect([empty.status, empty.stderr]).toEqual([0, "nw-lint: stdin is empty: nothing was piped in to lint (did the command before the pipe fail?)\n"]);
    expect(runCli(["-", "--quiet"], { cwd: dir, input: "" }).stderr).toBe("");
    expect(runCli(["-"], { cwd: dir, input: "\n" }).stderr).toBe("");
  });

  it("reads stdin as the file its --stdin-filename names would be read, and always lints it", () => {
    const read = (name: string, input: string) => runCli(["-", "--stdin-filename", name, "--verbose"], { cwd: dir, input }).stderr.replace(/^nw-lint: no config file .*\n/, "");
    expect(read("app.py", "import os\n")).toBe("nw-lint: app.py: read as python\n");
    expect(read("Dockerfile", "FROM python:3.11\n")).toBe("nw-lint: Dockerfile: read as dockerfile\n");
    expect(read("uw.conf", "[uwsgi]\nmodule = app\n")).toContain("nw-lint: uw.conf: read as uwsgi\n");
    expect(read("docker-compose.yml", "services:\n  web:\n    image: x\n")).toBe("nw-lint: docker-compose.yml: read as compose\n");
    // A file of that name would be skipped as a template; stdin is linted.
    expect(read("chart.yaml", "a: {{ .Values.x }}\n")).toBe("nw-lint: chart.yaml: read as yaml\nnw-lint: chart.yaml: skipped, no Kubernetes object in it (no document has apiVersion and kind)\n");
    // Without a name it is a YAML stream (CLI.md), whatever it looks like.
    expect(runCli(["-", "--verbose"], { cwd: dir, input: "[uwsgi]\nmodule = app\n" }).stderr).toContain("nw-lint: -: read as yaml\n");
  });

  it("neither counts nor says it read a template ini another ini includes, which it skips", () => {
    writeFileSync(join(dir, "app.ini"), "[uwsgi]\nneed-app = true\nmodule = wsgi:app\nini = base.ini\n");
    writeFileSync(join(dir, "base.ini"), "[uwsgi]\nmodule = {{ project_name }}.wsgi:application\nmaster = true\n");
    writeFileSync(join(dir, "wsgi.py"), "from flask import Flask\napp = Flask(__name__)\n");
    const run = runCli([".", "--verbose"], { cwd: dir });
    expect(run.stderr.split("\n").filter((line) => line.includes("base.ini"))).toEqual(["nw-lint: base.ini: skipped (a template with {{ … }}, not uWSGI config until rendered)"]);
    expect(run.stdout).toBe("✔ no problems (2 files checked)\n");
  });

  it("notes with --verbose that an app an image runs with Python 2 is not checked when Python 3 does not compile its module", () => {
    const python2 = 'from flask import Flask\nprint "loaded"\napp = Flask(__name__)\n';
    const notes = (cmd: string, files: Record<string, string>) => {
      const tree = mkdtempSync(join(tmpdir(), "nw-lint-python2-"));
      writeTree(tree, { ...files, Dockerfile: `FROM python:2.7-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install flask uwsgi gunicorn\nCMD ${cmd}\n` });
      const run = runCli([".", "Dockerfile", "--verbose"], { cwd: tree });
      return [run.stdout, run.stderr.split("\n").filter((line) => line.includes("starts in"))];
    };
    expect(notes('["uwsgi", "--ini", "app.ini"]', { "app.ini": "[uwsgi]\nmaster = true\ndie-on-term = true\nneed-app = true\nmodule = wsgi:app\n", "wsgi.py": python2 })).toEqual([
      "✔ no problems (3 files checked)\n",
      ["nw-lint: app.ini: started by Dockerfile: its ENTRYPOINT/CMD names app.ini; uWSGI starts in /app; wsgi:app is not checked: the image runs Python 2.7 (FROM python:2.7-slim), and nw-lint reads Python 3, which does not compile wsgi.py"],
    ]);
    expect(notes('["gunicorn", "-b", ":8080", "web.wsgi:app"]', { "web/__init__.py": "", "web/wsgi.py": python2 })).toEqual([
      "✔ no problems (3 files checked)\n",
      ["nw-lint: the image of Dockerfile: runs gunicorn; it starts in /app; web.wsgi:app is not checked: the image runs Python 2.7 (FROM python:2.7-slim), and nw-lint reads Python 3, which does not compile web/wsgi.py"],
    ]);
  });

  it("reads the modules an ini on stdin loads from beside the path its --stdin-filename names, as for the file", () => {
    mkdirSync(join(dir, "web"));
    writeFileSync(join(dir, "web", "app.py"), "from flask import Flask\napp = Flask(__name__)\n");
    const ini = (module: string) => `[uwsgi]\nmodule = ${module}\nneed-app = true\n`;
    const found = (run: ReturnType<typeof runCli>) => json(run.stdout).diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.ruleId}`);
    for (const module of ["app:app", "nothere:app"]) {
      writeFileSync(join(dir, "web", "app.ini"), ini(module));
      const fromFile = found(runCli(["web/app.ini", "--format", "json"], { cwd: dir }));
      expect(found(runCli(["-", "--stdin-filename", "web/app.ini", "--format", "json"], { cwd: dir, input: ini(module) }))).toEqual(fromFile);
    }
    expect(found(runCli(["-", "--stdin-filename", "web/app.ini", "--format", "json"], { cwd: dir, input: ini("nothere:app") }))).toEqual(["web/app.ini:2 error uwsgi/module-not-found"]);
  });

  it("takes stdin beside the tree for an unsaved copy, not a second definition of its objects", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    for (const name of ["deploy.yaml", "other.yaml"]) {
      const run = runCli([".", "-", "--stdin-filename", name, "--format", "json"], { cwd: dir, input: DEPLOYMENT });
      expect(json(run.stdout).diagnostics.map((d) => d.ruleId)).not.toContain("k8s/duplicate-object");
    }
  });

  it("lints stdin named as a file of the tree in that file's place, its fixes shown against it", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const unsaved = DEPLOYMENT.replace("drop: [NET_RAW]", "drop: [ALL]");
    const run = runCli([".", "-", "--stdin-filename", "deploy.yaml", "--format", "json", "--verbose"], { cwd: dir, input: unsaved });
    expect(run.stderr).toContain("nw-lint: deploy.yaml: read from stdin in its place\n");
    expect([run.status, json(run.stdout).summary.files, json(run.stdout).diagnostics]).toEqual([0, 1, []]);
    const dryRun = runCli([".", "-", "--stdin-filename", "deploy.yaml", "--fix-dry-run", "--fix-unsafe"], { cwd: dir, input: DEPLOYMENT });
    expect([dryRun.stdout.split("\n").filter((line) => /^[-+] /.test(line)), dryRun.stderr]).toEqual([["-              drop: [NET_RAW]", "+              drop: [NET_RAW, ALL]"], "✔ no problems (1 file checked)\n"]);
  });

  it("decodes a UTF-16 compose file on stdin as it decodes one named", () => {
    const compose = "services:\n  web:\n    image: python:3.11\n    command: flask run --debug\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(compose, "utf16le")]);
    writeFileSync(join(dir, "docker-compose.yml"), utf16);
    const rules = (run: ReturnType<typeof runCli>) => json(run.stdout).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);
    const named = rules(runCli(["docker-compose.yml", "--format", "json"], { cwd: dir }));
    expect(named).toEqual(["4:24 app/debug-server"]);
    const piped = spawnSync(process.execPath, [CLI, "-", "--stdin-filename", "docker-compose.yml", "--format", "json"], { cwd: dir, input: utf16, encoding: "utf8" });
    expect(json(piped.stdout).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`)).toEqual(named);
  });

  it("reports stdin under its --stdin-filename as given when that is outside the working directory", () => {
    const run = runCli(["-", "--stdin-filename", "/abs/x.yaml", "--format", "json"], { cwd: dir, input: DEPLOYMENT });
    expect(json(run.stdout).diagnostics.map((d) => d.file)).toEqual(["/abs/x.yaml"]);
    const above = runCli(["-", "--stdin-filename", "../x.yaml", "--format", "json"], { cwd: dir, input: DEPLOYMENT });
    expect(json(above.stdout).diagnostics.map((d) => d.file)).toEqual(["../x.yaml"]);
  });

  it("gives CRLF and BOM files the same lines and columns as their LF twins", () => {
    writeFileSync(join(dir, "lf.yaml"), DEPLOYMENT);
    writeFileSync(join(dir, "crlf.yaml"), `\uFEFF${DEPLOYMENT.replaceAll("\n", "\r\n")}`);
    const lf = runCli(["lf.yaml", "--format", "json"], { cwd: dir });
    const crlf = runCli(["crlf.yaml", "--format", "json"], { cwd: dir });
    expect(positions(crlf.stdout)).toEqual(positions(lf.stdout));
  });

  it("reads a manifest with lone carriage returns (old Mac OS line endings) as go-yaml does, lines and code frame as its LF twin's", () => {
    writeFileSync(join(dir, "cr.yaml"), DEPLOYMENT.replaceAll("\n", "\r"));
    const run = runCli(["cr.yaml"], { cwd: dir });
    expect(run.stdout).toContain("cr.yaml:17:15: error container \"web\" does not drop ALL capabilities  spin/capabilities-drop-all\n  17 |               drop: [NET_RAW]\n     |               ^^^^\n");
    expect(run.stdout).not.toContain("yaml/syntax");
  });

  it("reads a UTF-16 file with a byte-order mark as kubectl does, with the lines and columns of its UTF-8 twin, from stdin too", () => {
    writeFileSync(join(dir, "utf8.yaml"), DEPLOYMENT);
    writeFileSync(join(dir, "le.yaml"), Buffer.from(`\uFEFF${DEPLOYMENT}`, "utf16le"));
    writeFileSync(join(dir, "be.yaml"), Buffer.from(`\uFEFF${DEPLOYMENT}`, "utf16le").swap16());
    const utf8 = positions(runCli(["utf8.yaml", "--format", "json"], { cwd: dir }).stdout);
    expect(utf8).toEqual([["spin/capabilities-drop-all", 17, 15, 17, 19]]);
    expect(positions(runCli(["le.yaml", "--format", "json"], { cwd: dir }).stdout)).toEqual(utf8);
    expect(positions(runCli(["be.yaml", "--format", "json"], { cwd: dir }).stdout)).toEqual(utf8);
    const stdin = spawnSync(process.execPath, [CLI, "-", "--format", "json"], { cwd: dir, input: readFileSync(join(dir, "be.yaml")), encoding: "utf8" });
    expect(positions(stdin.stdout)).toEqual(utf8);
  });

  it("says a file that looks like UTF-16 without a byte-order mark is one", () => {
    writeFileSync(join(dir, "nobom.yaml"), Buffer.from(DEPLOYMENT, "utf16le"));
    const run = runCli(["nobom.yaml", "--format", "json"], { cwd: dir });
    expect(json(run.stdout).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "1:2 the file looks like UTF-16 without a byte-order mark, which kubectl reads as UTF-8 and refuses (a NUL byte): save it as UTF-8",
    ]);
  });

  it("survives binary, empty and comment-only files and a directory named like YAML", () => {
    writeFileSync(join(dir, "binary.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0xff, 0xfe, 0x0a]));
    writeFileSync(join(dir, "empty.yaml"), "");
    writeFileSync(join(dir, "comments.yaml"), "# nothing\n---\n---\n");
    mkdirSync(join(dir, "x.yaml"));
    writeFileSync(join(dir, "x.yaml", "deploy.yaml"), DEPLOYMENT);
    const run = runCli([".", "--format", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const found = json(run.stdout).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`);
    expect(found).toEqual(["binary.yaml:1:4 yaml/syntax", "x.yaml/deploy.yaml:17:15 spin/capabilities-drop-all"]);
  });

  it("shows a quoted string left open at its opening quote, with its line in the code frame", () => {
    writeFileSync(join(dir, "q.yaml"), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\nspec: {}\n');
    const run = runCli(["q.yaml"], { cwd: dir });
    expect(run.stdout).toContain('q.yaml:4:9: error missing closing ": the string that opens here is never closed  yaml/syntax\n  4 |   name: "unterminated\n    |         ^\n');
  });

  it("reports a file over maxFileSize and lints the others", () => {
    writeFileSync(join(dir, ".nw-lint.yaml"), "maxFileSize: 100\n");
    writeFileSync(join(dir, "big.yaml"), DEPLOYMENT);
    writeFileSync(join(dir, "small.yaml"), "a: 1\n");
    const run = runCli([".", "--format", "json"], { cwd: dir });
    expect(run.status).toBe(1);
    expect(json(run.stdout).diagnostics).toEqual([expect.objectContaining({ ruleId: "nw-lint/unreadable-file", file: "big.yaml", line: 1 })]);
  });

  it("shows a long source line as a window around the finding, once per diagnostic", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("drop: [NET_RAW]", `drop: [NET_RAW]  # ${"x".repeat(100_000)}`));
    const run = runCli(["deploy.yaml"], { cwd: dir });
    expect(run.stdout.length).toBeLessThan(2_000);
    expect(run.stdout).toContain(`  17 |               drop: [NET_RAW]  # ${"x".repeat(127)}…\n     |               ^^^^`);
  });

  it("prints stylish output with a code frame, hint, effect and summary", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["deploy.yaml"], { cwd: dir });
    expect(run.stdout).toContain("deploy.yaml:17:15: error container \"web\" does not drop ALL capabilities  spin/capabilities-drop-all");
    expect(run.stdout).toContain("  17 |               drop: [NET_RAW]\n     |               ^^^^");
    expect(run.stdout).toContain("= hint: add ALL to securityContext.capabilities.drop");
    expect(run.stdout).toContain("= effect: Spin or the API server refuses the object");
    expect(run.stdout).toContain("✖ 1 problem (1 error, 0 warnings, 0 infos), 1 fixable with --fix-unsafe (1 file checked)\n");
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("colours only on request when not on a terminal", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    expect(runCli(["deploy.yaml"], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toContain("\u001b[");
    expect(runCli(["deploy.yaml", "--no-color"], { cwd: dir, env: { FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });

  it("applies --rule, --fail-on, --max-warnings and --quiet", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("          securityContext:\n            allowPrivilegeEscalation: false\n", "          securityContext:\n"));
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off"], { cwd: dir }).status).toBe(0);
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=warning", "--fail-on", "warning"], { cwd: dir }).status).toBe(1);
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off", "--max-warnings", "0"], { cwd: dir }).status).toBe(1);
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off", "--max-warnings", "1"], { cwd: dir }).status).toBe(0);
    // ESLint's -1: no limit.
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off", "--max-warnings=-1"], { cwd: dir }).status).toBe(0);
    expect(runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off", "--max-warnings", "-1"], { cwd: dir }).status).toBe(0);
    const quiet = runCli(["deploy.yaml", "--quiet", "--format", "json"], { cwd: dir });
    expect(json(quiet.stdout).diagnostics.map((d) => d.severity)).toEqual(["error"]);
  });

  it("says on stderr when there is nothing to lint, and why: what a directory is searched for, or that what it found was skipped", () => {
    mkdirSync(join(dir, "k8s"));
    writeFileSync(join(dir, "k8s", "deploy.json"), JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "a" } }));
    const json = runCli(["k8s"], { cwd: dir });
    expect([json.status, json.stdout, json.stderr]).toEqual([
      0, "✔ no problems (0 files checked)\n", "nw-lint: nothing to lint in k8s: a directory is searched for *.yaml, *.yml and *.ini files; name others, such as JSON manifests or a Dockerfile, on the command line\n",
    ]);
    expect(runCli(["k8s", "--quiet"], { cwd: dir }).stderr).toBe("");
    expect(runCli(["k8s/deploy.json"], { cwd: dir }).stderr).toBe("");
    mkdirSync(join(dir, "chart", "templates"), { recursive: true });
    writeFileSync(join(dir, "chart", "Chart.yaml"), "name: web\n");
    writeFileSync(join(dir, "chart", "templates", "deploy.yaml"), DEPLOYMENT);
    // A chart is named even when it is all there is, or the run would seem to have found nothing.
    expect(runCli(["chart"], { cwd: dir }).stderr).toBe(
      "nw-lint: not linted as written, since only what renders them is applied: the Helm chart chart (--verbose says how to lint them)\n" +
        "nw-lint: nothing to lint in chart: every file found was skipped (--verbose says why)\n",
    );
    // The ignore globs prune the walk, so no file is named as skipped: the globs are.
    writeFileSync(join(dir, ".nw-lint.yaml"), "ignore: [chart, k8s]\n");
    expect(runCli(["chart"], { cwd: dir }).stderr).toBe("nw-lint: nothing to lint in chart: a directory is searched for *.yaml, *.yml and *.ini files; name others, such as JSON manifests or a Dockerfile, on the command line; the config ignores chart, k8s\n");
    expect(runCli(["--verbose"], { cwd: dir }).stderr).toBe([
      "nw-lint: config: .nw-lint.yaml",
      "nw-lint: not linted, as the config's ignore globs say: chart, k8s",
      "nw-lint: .nw-lint.yaml: skipped (a tool's configuration)",
      "nw-lint: nothing to lint in .: every file found was skipped; the config ignores chart, k8s",
      "",
    ].join("\n"));
  });

  it("says on stderr why a run fails when the report does not say it", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("          securityContext:\n            allowPrivilegeEscalation: false\n", "          securityContext:\n"));
    const tooMany = runCli(["deploy.yaml", "--rule", "spin/capabilities-drop-all=off", "--max-warnings", "0", "--format", "json"], { cwd: dir });
    expect([tooMany.status, json(tooMany.stdout).summary.warnings, tooMany.stderr]).toEqual([1, 1, "nw-lint: 1 warning, more than --max-warnings 0 allows\n"]);
    expect(runCli(["deploy.yaml", "--quiet"], { cwd: dir }).stderr).toBe("");
  });

  it("with --quiet, shows errors only, but what it hides still fails the run (CLI.md's exit codes), said on stderr", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("          securityContext:\n            allowPrivilegeEscalation: false\n", "          securityContext:\n"));
    const off = ["--rule", "spin/capabilities-drop-all=off", "--format", "json", "--quiet"];
    const tooMany = runCli(["deploy.yaml", ...off, "--max-warnings", "0"], { cwd: dir });
    expect([tooMany.status, tooMany.stderr, json(tooMany.stdout).diagnostics]).toEqual([1, "nw-lint: 1 warning, more than --max-warnings 0 allows\n", []]);
    const hidden = runCli(["deploy.yaml", ...off, "--fail-on", "warning"], { cwd: dir });
    expect([hidden.status, hidden.stderr]).toEqual([1, "nw-lint: --fail-on warning fails the run on 1 diagnostic that --quiet hides\n"]);
    const errors = runCli(["deploy.yaml", "--format", "json", "--quiet", "--max-warnings", "1"], { cwd: dir });
    expect([errors.status, errors.stderr, json(errors.stdout).summary]).toEqual([1, "", { files: 1, errors: 1, warnings: 0, infos: 0, fixable: 1 }]);
  });

  it("writes the report to --output", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["deploy.yaml", "--format", "json", "--output", "report.json"], { cwd: dir });
    expect(run.stdout).toBe("");
    expect(json(readFileSync(join(dir, "report.json"), "utf8")).diagnostics).toHaveLength(1);
  });

  it("reads -o=VALUE as --output=VALUE, the value after the =, and takes every word after -- for a path", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["deploy.yaml", "-f=json", "-o=-report.json"], { cwd: dir });
    expect([run.status, run.stdout, readdirSync(dir).sort()]).toEqual([1, "", ["-report.json", "deploy.yaml"]]);
    expect(json(readFileSync(join(dir, "-report.json"), "utf8")).diagnostics).toHaveLength(1);
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", "deploy.yaml"), DEPLOYMENT);
    const paths = runCli(["--format", "json", "--", "rules", "-o=x"], { cwd: dir });
    expect([paths.status, paths.stderr]).toEqual([2, "nw-lint: no such file or directory: -o=x\n"]);
    const linted = runCli(["--format", "json", "--", "rules"], { cwd: dir });
    expect([linted.status, json(linted.stdout).diagnostics.map((d) => d.file)]).toEqual([1, ["rules/deploy.yaml"]]);
  });

  it("writes the report to stdout for --output -, as - is stdin among the paths", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["deploy.yaml", "--format", "json", "--output", "-"], { cwd: dir });
    expect([run.status, json(run.stdout).diagnostics.length, readdirSync(dir)]).toEqual([1, 1, ["deploy.yaml"]]);
  });

  it("says with --verbose that a server's app module nw-lint cannot see goes unchecked, and why", () => {
    mkdirSync(join(dir, "k8s"));
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "app", "Dockerfile"), 'FROM python:3.11\nWORKDIR /app\nCOPY web.py /app/\nCMD ["gunicorn", "web:app"]\n');
    writeFileSync(join(dir, "app", "web.py"), "from flask import Flask\napp = Flask(__name__)\n");
    writeFileSync(join(dir, "k8s", "d.yaml"), DEPLOYMENT.replace("image: registry.nersc.gov/m1/web:1.0.0", "image: registry.nersc.gov/m1/web:1.0.0\n          workingDir: /app\n          command: [gunicorn, web:app]"));
    expect(runCli([".", "--verbose"], { cwd: dir }).stderr).toContain(
      "container web: runs gunicorn; it starts in /app; web:app is not checked: web may be in /app, in the image, which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)\n",
    );
  });

  it("refuses two config files in one directory, and says with --verbose which config it read", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    expect(runCli(["deploy.yaml", "--verbose"], { cwd: dir }).stderr).toBe("nw-lint: no config file (searched from here up to the repository root)\nnw-lint: deploy.yaml: read as yaml\n");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, ".nw-lint.yaml"), "rules: {spin/image-tag: off}\n");
    expect(runCli(["../deploy.yaml", "--verbose"], { cwd: join(dir, "sub") }).stderr).toBe(`nw-lint: config: ${join(dir, ".nw-lint.yaml")}\nnw-lint: ../deploy.yaml: read as yaml\n`);
    writeFileSync(join(dir, ".nw-lint.yml"), "rules: {spin/image-tag: bogus}\n");
    for (const cwd of [dir, join(dir, "sub")]) {
      const run = runCli(["."], { cwd });
      expect([run.status, run.stdout, run.stderr]).toEqual([2, "", `nw-lint: ${cwd === dir ? "." : ".."} holds 2 config files (.nw-lint.yaml, .nw-lint.yml): keep one, or name it with --config\n`]);
    }
    expect(runCli(["deploy.yaml", "--config", ".nw-lint.yaml"], { cwd: dir }).status).toBe(1);
  });

  it("refuses a config file name that is no file it can read (a link to nothing, a directory), rather than lint without it", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    writeFileSync(join(dir, "other.yaml"), "rules: {spin/image-tag: off}\n");
    symlinkSync("missing.yaml", join(dir, ".nw-lint.yaml"));
    mkdirSync(join(dir, "sub"));
    for (const cwd of [dir, join(dir, "sub")]) {
      const run = runCli(["."], { cwd });
      expect([run.status, run.stdout, run.stderr]).toEqual([2, "", `nw-lint: ${cwd === dir ? "" : "../"}.nw-lint.yaml: the config file is a link to nothing\n`]);
    }
    rmSync(join(dir, ".nw-lint.yaml"));
    mkdirSync(join(dir, ".nw-lint.yml"));
    expect(runCli(["deploy.yaml"], { cwd: dir }).stderr).toBe("nw-lint: .nw-lint.yml: the config file is a directory, not a file\n");
    expect(runCli(["deploy.yaml", "--config", "other.yaml"], { cwd: dir }).status).toBe(1);
  });

  it("names the object of every Kubernetes finding in JSON, a schema problem's too, and a List item's", () => {
    const wrongType = DEPLOYMENT.replace("drop: [NET_RAW]", "drop: [ALL]\n            runAsUser: \"1000\"");
    const list = `apiVersion: v1\nkind: List\nitems:\n${wrongType.replace(/^/gm, "    ").replace(/^    apiVersion/, "  - apiVersion")}`;
    for (const text of [wrongType, list]) {
      writeFileSync(join(dir, "deploy.yaml"), text);
      const report = json(runCli(["deploy.yaml", "--format", "json"], { cwd: dir }).stdout);
      expect(report.diagnostics.map((d) => [d.ruleId, d.object])).toEqual([["k8s/schema", { kind: "Deployment", namespace: "demo", name: "web" }]]);
    }
  });

  it("creates the directories --output names, as a CI job's reports/ that the checkout lacks", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["deploy.yaml", "--format", "sarif", "--output", "reports/lint/nw-lint.sarif"], { cwd: dir });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, "", ""]);
    expect(JSON.parse(readFileSync(join(dir, "reports", "lint", "nw-lint.sarif"), "utf8")).version).toBe("2.1.0");
  });
});

describe("files the model reads beyond those named", () => {
  it("come from anywhere in the working directory, as in a pre-commit run naming one ini; beyond it they cannot be verified", () => {
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "app.ini"), "[uwsgi]\nchdir = ..\nmodule = web:app\nhttp-socket = :8080\nneed-app = true\n");
    writeFileSync(join(dir, "web.py"), "from flask import Flask\n\n\ndef create():\n    app = Flask(__name__)\n    return app\n");
    const fromRoot = json(runCli(["deploy/app.ini", "--format", "json"], { cwd: dir }).stdout).diagnostics;
    expect(fromRoot.map((d) => [d.ruleId, d.file, d.line, d.column])).toEqual([["uwsgi/callable-not-found", "deploy/app.ini", 3, 10]]);
    const fromDeploy = json(runCli(["app.ini", "--format", "json"], { cwd: join(dir, "deploy") }).stdout).diagnostics;
    expect(fromDeploy.map((d) => [d.ruleId, d.severity, d.line])).toEqual([["uwsgi/module-not-found", "info", 3]]);
  });
});

describe("suppressions in a run on named files", () => {
  it("are not reported unused when they name a rule that relates files, whose other files may not be named", () => {
    writeFileSync(
      join(dir, "deploy.yaml"),
      DEPLOYMENT.replace("drop: [NET_RAW]", "drop: [ALL]").replace("          image:", "          ports: [{containerPort: 8080}]\n          image:"),
    );
    writeFileSync(
      join(dir, "service.yaml"),
      [
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: web, namespace: demo}",
        "spec:",
        "  selector: {app: web}",
        "  ports:",
        "    - port: 80",
        "      # nw-lint-disable-next-line k8s/port-chain, spin/image-tag -- a sidecar proxies 5000",
        "      targetPort: 5000",
        "",
      ].join("\n"),
    );
    const unused = (args: string[]) =>
      json(runCli([...args, "--format", "json"], { cwd: dir }).stdout)
        .diagnostics.filter((d) => d.ruleId === "nw-lint/unused-suppression")
        .map((d) => [d.file, d.line, (d as { message?: string }).message]);
    // Walked, the Service's pods are linted: port-chain fires and is silenced; image-tag is not.
    expect(unused(["."])).toEqual([["service.yaml", 8, "spin/image-tag in this suppression silences nothing; the other rules it names are in use"]]);
    // Named alone, port-chain cannot judge; image-tag, which judges the file alone, still can.
    expect(unused(["service.yaml"])).toEqual([["service.yaml", 8, "spin/image-tag in this suppression silences nothing"]]);
    expect(unused(["service.yaml", "deploy.yaml"])).toEqual([["service.yaml", 8, "spin/image-tag in this suppression silences nothing; the other rules it names are in use"]]);
    const fixed = runCli(["service.yaml", "--fix"], { cwd: dir });
    expect(fixed.status).toBe(0);
    expect(readFileSync(join(dir, "service.yaml"), "utf8")).toContain("# nw-lint-disable-next-line k8s/port-chain, spin/image-tag");
  });

  it("keep a gunicorn.conf.py suppression of gunicorn/app-not-found, whose module may not be named, and offer no fix in a file the model only read", () => {
    const conf = "# nw-lint-disable-next-line gunicorn/app-not-found -- set by CI\nwsgi_app = \"app:application\"\nbind = \"0.0.0.0:8080\"  # nw-lint-disable-line k8s/port-chain\n";
    writeFileSync(join(dir, "gunicorn.conf.py"), conf);
    writeFileSync(join(dir, "app.py"), "def create():\n    return None\n");
    writeFileSync(join(dir, "Dockerfile"), 'FROM python:3.11\nWORKDIR /app\nCOPY . /app\nCMD ["gunicorn"]\n');
    const named = runCli(["gunicorn.conf.py", "--fix"], { cwd: dir });
    expect([named.status, readFileSync(join(dir, "gunicorn.conf.py"), "utf8")]).toEqual([0, conf]);
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT.replace("drop: [NET_RAW]", "drop: [ALL]"));
    const walked = json(runCli([".", "--format", "json"], { cwd: dir }).stdout).diagnostics.filter((d) => d.ruleId === "nw-lint/unused-suppression");
    expect(walked.map((d) => [d.file, d.line, (d as { fix?: unknown }).fix])).toEqual([["gunicorn.conf.py", 3, undefined]]);
  });
});

describe("config ignore globs", () => {
  const lintedFiles = (args: string[], cwd: string) => [...new Set(json(runCli([...args, "--format", "json"], { cwd }).stdout).diagnostics.map((d) => d.file))].sort();

  it("are relative to the config file's directory, whatever is linted and from where, and skip files named on the command line", () => {
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".nw-lint.yaml"), 'ignore: ["legacy/**", "k8s/gen/**"]\n');
    for (const path of ["k8s/app.yaml", "k8s/gen/generated.yaml", "legacy/old.yaml"]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), DEPLOYMENT);
    }
    expect(lintedFiles([], dir)).toEqual(["k8s/app.yaml"]);
    expect(lintedFiles(["k8s"], dir)).toEqual(["k8s/app.yaml"]);
    expect(lintedFiles(["."], join(dir, "k8s"))).toEqual(["app.yaml"]);
    expect(lintedFiles(["legacy/old.yaml", "k8s/gen/generated.yaml", "k8s/app.yaml"], dir)).toEqual(["k8s/app.yaml"]);
    expect(runCli(["legacy/old.yaml", "--verbose"], { cwd: dir }).stderr).toContain("nw-lint: legacy/old.yaml: skipped (it matches a config ignore glob)\n");
  });

  it("that name a directory skip what is in it, however the files are reached, and paths through a link to the working directory are its own", () => {
    const repo = join(dir, "repo");
    mkdirSync(join(repo, ".git"), { recursive: true });
    writeFileSync(join(repo, ".nw-lint.yaml"), 'ignore: ["legacy", "**/gen"]\n');
    for (const path of ["k8s/app.yaml", "k8s/gen/generated.yaml", "legacy/sub/old.yaml"]) {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), DEPLOYMENT);
    }
    expect(lintedFiles([], repo)).toEqual(["k8s/app.yaml"]);
    expect(lintedFiles(["legacy/sub/old.yaml", "k8s/gen/generated.yaml", "k8s/app.yaml"], repo)).toEqual(["k8s/app.yaml"]);
    expect(lintedFiles(["."], join(repo, "legacy"))).toEqual([]);
    // A shell that reached the repository through a link passes $PWD/...; Node's cwd is the real path.
    symlinkSync(repo, join(dir, "link"));
    const link = join(dir, "link");
    expect(lintedFiles([join(link, "legacy/sub/old.yaml"), join(link, "k8s/app.yaml")], repo)).toEqual(["k8s/app.yaml"]);
    expect(lintedFiles([link], repo)).toEqual(["k8s/app.yaml"]);
  });

  it("name a directory with a slash after it or before it, anchored at the config's directory", () => {
    mkdirSync(join(dir, ".git"));
    for (const path of ["charts/x/m.yaml", "k8s/m.yaml", "other/m.yaml", "k8s/charts/m.yaml"]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), DEPLOYMENT);
    }
    writeFileSync(join(dir, ".nw-lint.yaml"), 'ignore: ["charts/", "/other", "./k8s/charts/"]\n');
    expect(lintedFiles([], dir)).toEqual(["k8s/m.yaml"]);
    expect(lintedFiles([], join(dir, "k8s"))).toEqual(["m.yaml"]);
    expect(lintedFiles(["charts/x/m.yaml", "other/m.yaml", "k8s/m.yaml"], dir)).toEqual(["k8s/m.yaml"]);
  });

  it.each(["/", "./", ".", "../k8s/**"])("that can never match (%s) are refused with their place", (glob) => {
    writeFileSync(join(dir, ".nw-lint.yaml"), `ignore:\n  - "k8s/**"\n  - "${glob}"\n`);
    const run = runCli(["."], { cwd: dir });
    expect([run.status, run.stderr]).toEqual([
      2, `nw-lint: .nw-lint.yaml:3:5: ignore[1]: "${glob}" can never match: the globs are relative to the config file's directory and skip only what is in it\n`,
    ]);
  });

  it("cannot be negated: the config is refused with the glob and its place", () => {
    writeFileSync(join(dir, ".nw-lint.yaml"), 'ignore:\n  - "k8s/**"\n  - "!k8s/service.yaml"\n');
    const run = runCli(["."], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'nw-lint: .nw-lint.yaml:3:5: "ignore[1]" is "!k8s/service.yaml": it must be a glob of paths to skip (a negated glob, !…, is not supported: list only what to skip)\n',
    );
  });
});

describe("a broken environment", () => {
  const shell = (command: string) => spawnSync("bash", ["-c", command], { cwd: dir, encoding: "utf8" });

  it("gives SARIF paths and fingerprints from the repository root, wherever in the repository it runs", () => {
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "k8s"));
    writeFileSync(join(dir, "k8s", "deploy.yaml"), DEPLOYMENT);
    const located = (cwd: string, path: string) => {
      const run = JSON.parse(runCli([path, "--format", "sarif"], { cwd }).stdout) as Sarif.Log;
      return [run.runs[0]!.originalUriBaseIds, run.runs[0]!.results!.map((result) => [result.locations![0]!.physicalLocation!.artifactLocation, result.partialFingerprints])];
    };
    const fromRoot = located(dir, "k8s/deploy.yaml");
    expect(fromRoot[0]).toEqual({ "%SRCROOT%": { uri: `${pathToFileURL(dir).href}/` } });
    expect(located(join(dir, "k8s"), "deploy.yaml")).toEqual(fromRoot);
    expect(located(join(dir, "k8s"), ".")).toEqual(fromRoot);
  });

  it.each(["stylish", "sarif"])("stops quietly when the reader closes the pipe early (%s), and still exits 1 on errors", (format) => {
    for (let index = 0; index < 200; index++) writeFileSync(join(dir, `deploy-${index}.yaml`), DEPLOYMENT);
    const run = shell(`node ${CLI} . --format ${format} 2>stderr.txt | head -c 10 >/dev/null; exit \${PIPESTATUS[0]}`);
    expect([run.status, readFileSync(join(dir, "stderr.txt"), "utf8")]).toEqual([1, ""]);
  });

  it("says in one line that the working directory is gone, and still prints its version", () => {
    const gone = join(dir, "gone");
    mkdirSync(gone);
    const run = shell(`cd gone && rmdir ../gone && node ${CLI} . ; echo "exit $?" && node ${CLI} --version`);
    expect(run.stderr).toBe("nw-lint: cannot read the working directory (ENOENT): was it removed? cd to an existing directory\n");
    expect(run.stdout).toMatch(/^exit 2\nnw-lint \d+\.\d+\.\d+\n$/);
  });

  it("reads at most maxFileSize from stdin or a pipe it is given, and no device", () => {
    const endless = shell(`yes "a: b" | node ${CLI} -`);
    expect([endless.status, endless.stderr]).toEqual([2, "nw-lint: stdin is over the 10485760-byte limit (maxFileSize)\n"]);
    const pipe = shell(`mkfifo pipe.yaml && (yes "a: b" > pipe.yaml 2>/dev/null &) && node ${CLI} --format json pipe.yaml /dev/zero`);
    expect(json(pipe.stdout).diagnostics.map((d) => [d.file, d.message])).toEqual([
      [expect.stringMatching(/dev\/zero$/), "not a regular file (a pipe, socket or device); skipped"],
      ["pipe.yaml", "the pipe gives more bytes than the 10485760-byte limit (maxFileSize); skipped"],
    ]);
  });

  it("reads a file named twice, through a link and as itself, once", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    symlinkSync("deploy.yaml", join(dir, "alias.yaml"));
    const run = runCli(["--format", "json", "deploy.yaml", "alias.yaml"], { cwd: dir });
    expect(json(run.stdout).summary.files).toBe(1);
    expect(json(run.stdout).diagnostics.filter((d) => d.ruleId === "k8s/duplicate-object")).toEqual([]);
  });

  it("expands an ini's placeholders without blowing up on one that names itself, or on a wide chain", () => {
    const chain = [..."abcdefghi"].map((name, index) => `${name} = ${`%(${"bcdefghij"[index]})`.repeat(10)}`).join("\n");
    writeFileSync(join(dir, "uwsgi.ini"), `[uwsgi]\nx = ${"%(x)".repeat(10)}\n${chain}\nj = xx\nmodule = %(x)\nchdir = %(a)\n`);
    const run = runCli(["--format", "json", "uwsgi.ini"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(json(run.stdout).summary.files).toBe(1);
  });

  it("says so in one line and exits 2 when the disk is full", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = shell(`node ${CLI} deploy.yaml >/dev/full`);
    expect([run.status, run.stderr]).toEqual([2, "nw-lint: cannot write the output (ENOSPC)\n"]);
  });
});

describe("--help", () => {
  it("lists the formats of each command, the severities, the --fail-on levels and the config names the parser accepts", () => {
    const help = runCli(["--help"], { cwd: dir }).stdout.split("\n");
    expect(help.filter((line) => /--format |--rule ID|--fail-on LEVEL|\(\.nw-lint\./.test(line))).toEqual([
      "       nw-lint rules [--format stylish|json]",
      "       nw-lint diagnose [FILE|-] [--lint PATH] [--format stylish|json]",
      "       nw-lint graph [PATH ...] [--format mermaid|dot]",
      "  -f, --format FORMAT      stylish (default), json, sarif or github; graph: mermaid (default) or dot",
      "                           (.nw-lint.yaml, .nw-lint.yml or .nw-lint.json)",
      "      --rule ID=SEVERITY   override a rule: off, info, warning or error (repeatable)",
      "      --fail-on LEVEL      exit 1 on diagnostics at or above: error (default), warning, info, never",
    ]);
  });
});

describe("run errors are one line on stderr and exit 2", () => {
  const cases: [string, string[], () => void, RegExp][] = [
    ["an unknown flag", ["--formt", "json"], () => {}, /^nw-lint: unknown option --formt \(did you mean --format\?/],
    ["ESLint's and ruff's name for --output", ["--output-file", "report.json"], () => {}, /^nw-lint: unknown option --output-file \(did you mean --output\? see nw-lint --help\)$/],
    ["ruff's name for --format", ["--output-format=json"], () => {}, /^nw-lint: unknown option --output-format \(did you mean --format\? see nw-lint --help\)$/],
    ["a missing path", ["nowhere.yaml"], () => {}, /^nw-lint: no such file or directory: nowhere.yaml$/],
    ["a bad --format", ["--format", "xml"], () => {}, /^nw-lint: --format must be one of stylish, json, sarif, github, not "xml"$/],
    ["an unknown rule", ["--rule", "spin/capabilities=off"], () => {}, /^nw-lint: --rule: unknown rule "spin\/capabilities" \(did you mean "spin\/capabilities-/],
    ["an unwritable --output", ["--output", "notes.txt/report.json"], () => writeFileSync(join(dir, "notes.txt"), "a file, not a directory\n"), /^nw-lint: --output notes.txt\/report.json: cannot create the directory notes.txt \(EEXIST\)$/],
    ["a misspelt config key", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "# config\nrulez:\n  spin/image-tag: off\n"), /^nw-lint: \.nw-lint\.yaml:2:1: unknown key "rulez" in the config \(did you mean "rules"\?\)/],
    ["a config key in the wrong case", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "WRITABLEPATHS: [/app/static]\n"), /^nw-lint: \.nw-lint\.yaml:1:1: unknown key "WRITABLEPATHS" in the config \(did you mean "writablePaths"\?\)$/],
    ["a wrong type in config", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "rules:\n  spin/image-tag: loud\n"), /^nw-lint: \.nw-lint\.yaml:2:19: "rules\.spin\/image-tag" must be one of off, info, warning, error$/],
    ["an unknown rule in config", [], () => writeFileSync(join(dir, ".nw-lint.json"), '{\n  "rules": {"spin/imagetag": "off"}\n}\n'), /^nw-lint: \.nw-lint\.json:2:13: unknown key "spin\/imagetag" in "rules" \(did you mean "spin\/image-tag"\?\)/],
    ["a rule id without its group in config", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "rules:\n  image-tag: off\n"), /^nw-lint: \.nw-lint\.yaml:2:3: unknown key "image-tag" in "rules" \(did you mean "spin\/image-tag"\?\)$/],
    ["a config that is a list", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "- rules\n"), /^nw-lint: \.nw-lint\.yaml:1:1: the config must be a mapping$/],
    ["an ignore entry of the wrong type", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "ignore: [null]\n"), /^nw-lint: \.nw-lint\.yaml:1:10: "ignore\[0\]" must be a string$/],
    ["a flag without its value", ["--fail-on"], () => {}, /^nw-lint: --fail-on needs a value \(see nw-lint --help\)$/],
    ["a flag with a short form without its value", ["--format"], () => {}, /^nw-lint: --format needs a value \(see nw-lint --help\)$/],
    ["a subcommand written as a path", ["help"], () => {}, /^nw-lint: no such file or directory: help \(did you mean nw-lint --help\?\)$/],
    ["a mistyped subcommand", ["rule"], () => {}, /^nw-lint: no such file or directory: rule \(did you mean nw-lint rules\?\)$/],
    ["a value that looks like a flag", ["--config", "-x.yaml"], () => {}, /^nw-lint: --config needs a value; one that starts with "-" is written --config=VALUE$/],
    ["a value that looks like a flag, after a short option", ["-o", "-report.json"], () => {}, /^nw-lint: -o needs a value; one that starts with "-" is written --output=VALUE$/],
    ["a rule id like none", ["--rule", "nope=off"], () => {}, /^nw-lint: --rule: unknown rule "nope" \(see nw-lint rules\)$/],
    ["rules with an argument", ["rules", "spin/image-tag"], () => {}, /^nw-lint: rules takes no arguments; for one rule's page: nw-lint explain spin\/image-tag$/],
    ["rules in a report format", ["rules", "--format", "sarif"], () => {}, /^nw-lint: rules --format must be one of stylish, json, not "sarif"$/],
    ["diagnose in a lint report format, before the log is read", ["diagnose", "missing.log", "--format", "sarif"], () => {}, /^nw-lint: diagnose --format must be one of stylish, json, not "sarif"$/],
    ["explain with a format", ["explain", "spin/image-tag", "--format", "json"], () => {}, /^nw-lint: explain takes no --format$/],
    ["graph with --fix, which it would ignore", ["graph", "--fix"], () => {}, /^nw-lint: graph takes no --fix$/],
    ["diagnose with --max-warnings", ["diagnose", "pod.log", "--max-warnings", "0"], () => {}, /^nw-lint: diagnose takes no --max-warnings$/],
    ["rules with a config", ["rules", "--config", "missing.yaml"], () => {}, /^nw-lint: rules takes no --config$/],
    ["--config naming a missing file", ["--config", "missing.yaml"], () => {}, /^nw-lint: missing\.yaml: cannot read the config file \(ENOENT\)$/],
    ["--config naming a missing file outside the working directory, by its absolute path", ["--config", "/nonexistent/nw-lint.yaml"], () => {}, /^nw-lint: \/nonexistent\/nw-lint\.yaml: cannot read the config file \(ENOENT\)$/],
    ["--config naming a directory", ["--config", "conf"], () => mkdirSync(join(dir, "conf")), /^nw-lint: conf: cannot read the config file \(EISDIR\)$/],
    ["an --output that is a directory", ["--output", "out"], () => mkdirSync(join(dir, "out")), /^nw-lint: --output out: cannot write \(EISDIR\)$/],
    ["a config that does not parse", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "rules: [\n"), /^nw-lint: \.nw-lint\.yaml:1:8: the config file is not valid YAML or JSON: missing closing \]: the flow sequence that opens here is never closed$/],
    // Found by the property tests: a plain key in a flow mapping spans lines.
    ["an unknown config key holding a line break", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), '{"rules": {---\n\n"spin/privileged": error}}\n'), /^nw-lint: \.nw-lint\.yaml:1:12: unknown key "---\\n\\"spin\/privileged\\"" in "rules"/],
    ["a config with an alias bomb", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), aliasBomb()), /^nw-lint: \.nw-lint\.yaml:5:10: the config file is not valid YAML or JSON: the aliases expand to far more nodes than are written \(an "alias bomb"\): kubectl refuses the document \(document contains excessive aliasing\)$/],
    ["a config that is not UTF-8", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), Buffer.from([0x72, 0x3a, 0x20, 0xff, 0x0a])), /^nw-lint: \.nw-lint\.yaml:1:4: the config file is not valid YAML or JSON: the file is not valid UTF-8/],
    ["a config of two documents", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "rules: {}\n---\nrules: {}\n"), /^nw-lint: \.nw-lint\.yaml: the config file holds more than one YAML document$/],
    ["a config linking an ini that does not exist", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "apps:\n  - ini: docker/app.ini\n    workload: web/app\n"), /^nw-lint: \.nw-lint\.yaml:2:10: apps\[0\]\.ini: "docker\/app\.ini" does not exist \(paths are relative to the config file\)$/],
    ["a config linking an ini that is a directory", [], () => {
      mkdirSync(join(dir, "docker"));
      writeFileSync(join(dir, ".nw-lint.yaml"), "apps:\n  - ini: docker\n    workload: web/app\n");
    }, /^nw-lint: \.nw-lint\.yaml:2:10: apps\[0\]\.ini: "docker" is not a file but a directory: name the app's ini$/],
    ["a config whose maxFileSize is infinite", [], () => writeFileSync(join(dir, ".nw-lint.yaml"), "maxFileSize: 1e400\n"), /^nw-lint: \.nw-lint\.yaml:1:14: "maxFileSize" must be <= 9007199254740991$/],
    ["an empty --config (an unset variable)", ["--config="], () => {}, /^nw-lint: --config needs a value, not an empty string$/],
    ["an empty path", [""], () => {}, /^nw-lint: a path is an empty string \(an unset variable\?\)$/],
    ["an empty rule id to explain", ["explain", ""], () => {}, /^nw-lint: a rule id is an empty string \(an unset variable\?\)$/],
    ["two rule ids to explain", ["explain", "spin/image-tag", "k8s/schema"], () => {}, /^nw-lint: explain shows one rule's page, not 2: spin\/image-tag k8s\/schema$/],
    ["a negative --max-warnings other than -1, as its own word", ["--max-warnings", "-2"], () => {}, /^nw-lint: --max-warnings takes a whole number, or -1 for no limit, not "-2"$/],
    ["a negative --max-warnings other than -1, after =", ["--max-warnings=-2"], () => {}, /^nw-lint: --max-warnings takes a whole number, or -1 for no limit, not "-2"$/],
    ["--stdin-filename without -", ["--stdin-filename", "k8s/app.yaml", "deploy.yaml"], () => {}, /^nw-lint: --stdin-filename names stdin, which is read only when - is among the paths$/],
    ["an --output that is a file being linted", ["--output", "deploy.yaml", "deploy.yaml"], () => {}, /^nw-lint: --output deploy\.yaml is deploy\.yaml, a file being linted: write the report elsewhere$/],
    ["an --output that is a hard link to a file being linted", ["--output", "report.json", "deploy.yaml"], () => linkSync(join(dir, "deploy.yaml"), join(dir, "report.json")), /^nw-lint: --output report\.json is deploy\.yaml, a file being linted: write the report elsewhere$/],
  ];
  it.each(cases)("%s", (_name, args, setup, message) => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    setup();
    const run = runCli(args, { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it("shows a --config outside the working directory by its absolute path, the directory just above it too", () => {
    const run = runCli(["--config", ".."], { cwd: dir });
    expect([run.status, run.stderr]).toEqual([2, `nw-lint: ${dirname(dir)}: cannot read the config file (EISDIR)\n`]);
  });

  it("says what is wrong with NW_LINT_WORKERS", () => {
    writeFileSync(join(dir, "deploy.yaml"), DEPLOYMENT);
    const run = runCli(["."], { cwd: dir, env: { NW_LINT_WORKERS: "abc" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('nw-lint: NW_LINT_WORKERS must be a whole number, not "abc"\n');
  });

  it("adds the stack with --debug", () => {
    const run = runCli(["nowhere.yaml", "--debug"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("RunError: no such file or directory: nowhere.yaml\n    at ");
    mkdirSync(join(dir, "out"));
    const output = runCli(["--output", "out", "--debug"], { cwd: dir });
    expect(output.status).toBe(2);
    expect(output.stderr).toContain("RunError: --output out: cannot write (EISDIR)\n    at ");
    writeFileSync(join(dir, ".nw-lint.yaml"), "rules: *x\n");
    const config = runCli(["--debug"], { cwd: dir });
    expect(config.status).toBe(2);
    expect(config.stderr).toContain("RunError: .nw-lint.yaml:1:8: the config file is not valid YAML or JSON: alias *x has no anchor &x before it\n    at ");
  });
});

describe("--output over a file the run reads", () => {
  // A Dockerfile whose CMD names the ini: the model reads it, and the module the ini loads.
  const APP = {
    "deploy.yaml": DEPLOYMENT,
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    Dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--ini", "app.ini"]\n',
    ".nw-lint.yaml": "rules: {}\n",
    "my.yaml": "rules: {}\n",
    "pod.log": "*** no app loaded. GAME OVER ***\n",
  };
  const cases: [string, string[], string][] = [
    ["the module the model reads", [".", "--output", "app.py"], "app.py is app.py, a file being linted"],
    ["the Dockerfile the model reads", [".", "--output", "Dockerfile"], "Dockerfile is Dockerfile, a file being linted"],
    ["a module the model reads, with --fix, before any fix is written", [".", "--fix", "--output", "app.py"], "app.py is app.py, a file being linted"],
    ["a module the model reads, drawn by graph", ["graph", ".", "--output", "app.py"], "app.py is app.py, a file being linted"],
    ["the config file found", [".", "--output", ".nw-lint.yaml"], ".nw-lint.yaml is .nw-lint.yaml, the config file"],
    ["the config file --config names", ["deploy.yaml", "--config", "my.yaml", "--output", "my.yaml"], "my.yaml is my.yaml, the config file"],
    ["the log diagnose reads", ["diagnose", "pod.log", "--output", "pod.log"], "pod.log is pod.log, the log being diagnosed"],
    ["a module diagnose --lint reads", ["diagnose", "pod.log", "--lint", ".", "--output", "app.py"], "app.py is app.py, a file being linted"],
    ["a file linted through a symbolic link to it", ["link.yaml", "--output", "deploy.yaml"], "deploy.yaml is link.yaml, a file being linted"],
  ];
  it.each(cases)("%s: exit 2, and nothing is written", (_name, args, refusal) => {
    writeTree(dir, APP);
    symlinkSync("deploy.yaml", join(dir, "link.yaml"));
    const before = readTree(dir);
    const run = runCli(args, { cwd: dir });
    expect([run.status, run.stdout, run.stderr]).toEqual([2, "", `nw-lint: --output ${refusal}: write the report elsewhere\n`]);
    expect(readTree(dir)).toEqual(before);
  });
});

describe("rules and explain", () => {
  it("lists every rule with severity and title", () => {
    const run = runCli(["rules"], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^spin\/capabilities-drop-all\s+error\s+fix:safe\/unsafe\s+Every container drops ALL capabilities$/m);
  });

  it("lists them as JSON", () => {
    const listed = JSON.parse(runCli(["rules", "--format", "json"], { cwd: dir }).stdout) as { id: string }[];
    expect(listed.find((rule) => rule.id === "k8s/port-chain")).toEqual({
      id: "k8s/port-chain",
      severity: "error",
      relatesFiles: true,
      title: "Service target ports reach a port the selected containers listen on",
      docsUrl: "https://github.com/nersc-spin/nw-lint/blob/main/docs/rules/k8s/port-chain.md",
    });
    expect(listed.find((rule) => rule.id === "spin/capabilities-drop-all")).toMatchObject({ fixable: "safe" });
  });

  it("explains a rule with its examples from the fixtures", () => {
    const run = runCli(["explain", "spin/capabilities-drop-all"], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(packageRoot, RULE_DOCS_DIR, "spin/capabilities-drop-all.md"), "utf8"));
    expect(run.stdout).toContain("## Why is this bad?\n\nSpin admits only pods");
    expect(run.stdout).toContain("## Example\n\n`deploy.yaml`:\n\n```yaml\n");
    expect(run.stdout).toContain("## Use instead\n\n`deploy.yaml`:");
    expect(run.stdout).not.toContain("# expect:");
  });

  it("writes the list and a page to --output, as a lint run writes its report", () => {
    for (const args of [["rules", "--format", "json"], ["explain", "spin/capabilities-drop-all"]]) {
      const run = runCli([...args, "-o", "out/listing.txt"], { cwd: dir });
      expect([run.status, run.stdout]).toEqual([0, ""]);
      expect(readFileSync(join(dir, "out", "listing.txt"), "utf8")).toBe(runCli(args, { cwd: dir }).stdout);
    }
  });

  it("refuses an unknown rule with a suggestion", () => {
    const run = runCli(["explain", "spin/privileg"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown rule "spin/privileg" (did you mean "spin/privileged"?');
  });
});

it("names with --verbose each object of a kind no rule reads, and each YAML file without a Kubernetes object (CLI.md: skipped silently, listed with --verbose)", () => {
  const dir = mkdtempSync(join(tmpdir(), "nw-lint-skipped-"));
  writeFileSync(join(dir, "cert.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web}\nspec: {secretName: web-tls}\n");
  writeFileSync(join(dir, "values.yaml"), "replicaCount: 1\n");
  const run = runCli([".", "--verbose"], { cwd: dir });
  expect(run.stderr).toContain('nw-lint: cert.yaml:5: skipped Certificate "web" (cert-manager.io/v1), a kind nw-lint does not model or validate\n');
  expect(run.stderr).toContain("nw-lint: values.yaml: skipped, no Kubernetes object in it (no document has apiVersion and kind)\n");
  expect(run.stderr).not.toContain("ConfigMap");
  expect(run.status).toBe(0);
});
