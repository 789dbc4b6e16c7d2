// --fix, --fix-unsafe and --fix-dry-run from the command line, and how fixed files are written.
import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createSourceFile, decodeManifest } from "../src/engine/source.js";
import { writeFixedFile } from "../src/engine/write.js";
import { runCli } from "./helpers.js";

const POD = [
  "apiVersion: v1",
  "kind: Pod",
  "metadata:",
  "  name: legacy",
  "  namespace: astro",
  "spec:",
  "  containers:",
  "    - name: legacy",
  "      # the old registry name",
  "      image: registry.spin.nersc.gov/m2000/legacy:1.0.0",
  "      securityContext:",
  "        allowPrivilegeEscalation: false",
  "        capabilities:",
  "          drop: [ALL]",
  "",
].join("\n");
const FIXED_POD = POD.replace("registry.spin.nersc.gov", "registry.nersc.gov");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nw-lint-fix-cli-"));
});

const read = (name: string) => readFileSync(join(dir, name), "utf8");

describe("--fix", () => {
  it("writes the fixed file in place, keeps its mode, and reports what is left", () => {
    writeFileSync(join(dir, "pod.yaml"), POD.replace("1.0.0", "latest"));
    chmodSync(join(dir, "pod.yaml"), 0o640);
    const run = runCli(["--fix", "."], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(read("pod.yaml")).toBe(FIXED_POD.replace("1.0.0", "latest"));
    expect(statSync(join(dir, "pod.yaml")).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["pod.yaml"]);
    expect(run.stdout).toContain("spin/image-tag");
    expect(run.stdout).not.toContain("spin/image-registry");
    expect(run.status).toBe(0);
  });

  it("keeps a byte-order mark and CRLF line endings", () => {
    writeFileSync(join(dir, "pod.yaml"), `\uFEFF${POD.replaceAll("\n", "\r\n")}`);
    runCli(["--fix", "pod.yaml"], { cwd: dir });
    expect(read("pod.yaml")).toBe(`\uFEFF${FIXED_POD.replaceAll("\n", "\r\n")}`);
  });

  it("inserts lines with the file's CRLF line endings", () => {
    const unset = POD.replace("        allowPrivilegeEscalation: false\n", "");
    writeFileSync(join(dir, "pod.yaml"), `\uFEFF${unset.replaceAll("\n", "\r\n")}`);
    runCli(["--fix", "pod.yaml"], { cwd: dir });
    const fixed = `${FIXED_POD.replace("        allowPrivilegeEscalation: false\n", "")}        allowPrivilegeEscalation: false\n`;
    expect(read("pod.yaml")).toBe(`\uFEFF${fixed.replaceAll("\n", "\r\n")}`);
  });

  it("inserts lines with the file's lone carriage returns (old Mac OS line endings), which end lines for go-yaml", () => {
    const unset = POD.replace("        allowPrivilegeEscalation: false\n", "");
    writeFileSync(join(dir, "pod.yaml"), unset.replaceAll("\n", "\r"));
    const run = runCli(["--fix", "pod.yaml", "--format", "json"], { cwd: dir });
    const fixed = `${FIXED_POD.replace("        allowPrivilegeEscalation: false\n", "")}        allowPrivilegeEscalation: false\n`;
    expect(read("pod.yaml")).toBe(fixed.replaceAll("\n", "\r"));
    expect(JSON.parse(run.stdout).diagnostics).toEqual([]);
  });

  it("fixes the file a symbolic link points to and keeps the link", () => {
    writeFileSync(join(dir, "real.yaml"), POD);
    symlinkSync("real.yaml", join(dir, "link.yaml"));
    runCli(["--fix", "link.yaml"], { cwd: dir });
    expect(lstatSync(join(dir, "link.yaml")).isSymbolicLink()).toBe(true);
    expect(read("real.yaml")).toBe(FIXED_POD);
  });

  it("fixes a file named twice, as itself and through a link, once", () => {
    writeFileSync(join(dir, "real.yaml"), POD);
    symlinkSync("real.yaml", join(dir, "link.yaml"));
    const run = runCli(["--fix", "real.yaml", "link.yaml"], { cwd: dir });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(read("real.yaml")).toBe(FIXED_POD);
  });

  it("removes a suppression that silences nothing, but not one of a rule turned off for the run", () => {
    const suppressed = POD.replace("      securityContext:", "      # nw-lint-disable-next-line spin/privileged\n      securityContext:");
    writeFileSync(join(dir, "pod.yaml"), suppressed);
    runCli(["--fix", ".", "--rule", "spin/privileged=off"], { cwd: dir });
    expect(read("pod.yaml")).toBe(suppressed.replace("registry.spin.nersc.gov", "registry.nersc.gov"));
    runCli(["--fix", "."], { cwd: dir });
    expect(read("pod.yaml")).toBe(FIXED_POD);
  });

  it("refuses stdin, which it cannot write back", () => {
    const run = runCli(["--fix", "-"], { cwd: dir, input: POD });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("nw-lint: --fix cannot write to stdin; use --fix-dry-run to print the fixes as a diff\n");
  });
});

/** A pod's lines up to its only container's image, for fields added under it. */
const ONE_CONTAINER_POD = ["apiVersion: v1", "kind: Pod", "metadata: {name: p, namespace: x}", "spec:", "  containers:", "    - name: a", "      image: registry.nersc.gov/m/a:1.0"];

describe("--fix and suppressions", () => {
  it("keeps a suppression next to the line it silences, and never fixes what it silenced", () => {
    writeFileSync(join(dir, "app.py"), "from flask import Flask\nimport argparse\np = argparse.ArgumentParser()\np.add_argument('-i')\np.parse_args()\napp = Flask(__name__)\n");
    const suppression = "# nw-lint-disable-next-line uwsgi/quoted-value -- our patched uWSGI strips quotes\n";
    writeFileSync(join(dir, "app.ini"), `[uwsgi]\nmodule = app:app\nneed-app = true\n${suppression}pyargv = "-i ./static" # static dir\n`);
    expect(runCli(["--fix", "app.ini"], { cwd: dir }).status).toBe(0);
    expect(read("app.ini")).toBe(`[uwsgi]\nmodule = app:app\nneed-app = true\n# static dir\n${suppression}pyargv = "-i ./static"\n`);
  });

  it("removes a suppression as unused only once the other fixes are done: a fix may bring its finding under it", () => {
    const container = [
      ...ONE_CONTAINER_POD,
      "      # nw-lint-disable-next-line spin/privileged -- the vendor image needs it",
      "      privileged: true",
      "      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, runAsUser: 1000}",
      "",
    ];
    writeFileSync(join(dir, "pod.yaml"), container.join("\n"));
    expect(runCli(["--fix", "pod.yaml"], { cwd: dir }).status).toBe(0);
    expect(read("pod.yaml")).toBe([...container.slice(0, 8), container[9]!.replace("runAsUser: 1000}", "runAsUser: 1000, privileged: true}"), ""].join("\n"));
  });
});

describe("--fix and comments", () => {
  it("does not move a field with a comment on its line into a flow-style securityContext, where the comment would be lost", () => {
    const pod = [
      ...ONE_CONTAINER_POD,
      "      runAsUser: 12345   # do not change",
      "      runAsGroup: 678",
      "      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true}",
      "",
    ];
    writeFileSync(join(dir, "pod.yaml"), pod.join("\n"));
    runCli(["--fix", "pod.yaml"], { cwd: dir });
    expect(read("pod.yaml")).toBe([...pod.slice(0, 8), pod[9]!.replace("runAsNonRoot: true}", "runAsNonRoot: true, runAsGroup: 678}"), ""].join("\n"));
  });
});

describe("fix offsets in reports", () => {
  it("index the file as read, its byte-order mark included, in JSON and SARIF", () => {
    const raw = `\uFEFF${POD}`;
    writeFileSync(join(dir, "pod.yaml"), raw);
    const json = JSON.parse(runCli(["--format", "json", "pod.yaml"], { cwd: dir }).stdout) as { diagnostics: { ruleId: string; fix?: { edits: { start: number; end: number }[] } }[] };
    const [edit] = json.diagnostics.find((d) => d.ruleId === "spin/image-registry")!.fix!.edits;
    expect(raw.slice(edit!.start, edit!.end)).toBe("registry.spin.nersc.gov");
    const sarif = JSON.parse(runCli(["--format", "sarif", "pod.yaml"], { cwd: dir }).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "spin/image-registry");
    const region = result.fixes[0].artifactChanges[0].replacements[0].deletedRegion;
    expect(raw.substr(region.charOffset, region.charLength)).toBe("registry.spin.nersc.gov");
  });
});

describe("--fix-unsafe", () => {
  const UWSGI_POD = FIXED_POD.replace("      securityContext:", "      command: [uwsgi, --need-app, --module, 'app:app', --uid, '1000']\n      securityContext:");

  it("is counted apart in the summary, and applied only when asked", () => {
    writeFileSync(join(dir, "pod.yaml"), UWSGI_POD.replace("registry.nersc.gov", "registry.spin.nersc.gov"));
    const lintRun = runCli(["."], { cwd: dir });
    expect(lintRun.stdout).toMatch(/, 1 fixable with --fix, 1 with --fix-unsafe \(1 file checked\)\n$/);
    runCli(["--fix", "."], { cwd: dir });
    expect(read("pod.yaml")).toBe(UWSGI_POD);
    const unsafeRun = runCli(["--fix-unsafe", "."], { cwd: dir });
    expect(read("pod.yaml")).toBe(`${FIXED_POD}        runAsUser: 1000\n`.replace("      securityContext:", "      command: [uwsgi, --need-app, --module, 'app:app']\n      securityContext:"));
    // Left: that the image, which no Dockerfile shows, holds the module (info).
    expect(unsafeRun.stdout).toContain("(0 errors, 0 warnings, 1 info)");
  });
});

describe("--fix-dry-run", () => {
  it("prints a diff that patches the file into what --fix writes, and writes nothing", () => {
    writeFileSync(join(dir, "pod.yaml"), POD);
    const run = runCli(["--fix-dry-run", "--format", "json", "."], { cwd: dir });
    expect(read("pod.yaml")).toBe(POD);
    expect(run.stdout).toBe(
      [
        "--- pod.yaml",
        "+++ pod.yaml",
        "@@ -7,7 +7,7 @@",
        "   containers:",
        "     - name: legacy",
        "       # the old registry name",
        "-      image: registry.spin.nersc.gov/m2000/legacy:1.0.0",
        "+      image: registry.nersc.gov/m2000/legacy:1.0.0",
        "       securityContext:",
        "         allowPrivilegeEscalation: false",
        "         capabilities:",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(run.stderr).diagnostics).toEqual([]);
    expect(run.status).toBe(0);
  });

  it("shows the fixes to stdin under its name", () => {
    const run = runCli(["--fix-dry-run", "-", "--stdin-filename", "k8s/pod.yaml"], { cwd: dir, input: POD });
    expect(run.stdout.split("\n").slice(0, 2)).toEqual(["--- k8s/pod.yaml", "+++ k8s/pod.yaml"]);
    writeFileSync(join(dir, "pod.yaml"), POD);
    const applied = spawnSync("git", ["apply", "-p0", "-"], { cwd: dir, input: run.stdout.replaceAll("k8s/pod.yaml", "pod.yaml"), encoding: "utf8" });
    expect(applied.stderr).toBe("");
    expect(read("pod.yaml")).toBe(FIXED_POD);
  });

  it("prints nothing on stdout when there is nothing to fix", () => {
    writeFileSync(join(dir, "pod.yaml"), FIXED_POD);
    const run = runCli(["--fix-dry-run", "."], { cwd: dir });
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("no problems");
  });
});

describe("writeFixedFile", () => {
  it("refuses a file that changed on disk since it was read, and leaves it alone", () => {
    const path = join(dir, "pod.yaml");
    writeFileSync(path, POD);
    const original = createSourceFile("pod.yaml", path, POD, "yaml");
    writeFileSync(path, `${POD}# edited meanwhile\n`);
    const refusal = writeFixedFile(original, { ...original, text: FIXED_POD });
    expect(refusal).toBe("it changed on disk since it was read; run nw-lint again");
    expect(read("pod.yaml")).toBe(`${POD}# edited meanwhile\n`);
    expect(readdirSync(dir)).toEqual(["pod.yaml"]);
  });

  it.each([["utf-16le"], ["utf-16be"]] as const)("writes a %s file back in that encoding, its byte-order mark included", (encoding) => {
    const encode = (text: string) => (encoding === "utf-16le" ? Buffer.from(`\uFEFF${text}`, "utf16le") : Buffer.from(`\uFEFF${text}`, "utf16le").swap16());
    writeFileSync(join(dir, "pod.yaml"), encode(POD));
    const run = runCli(["--fix", "pod.yaml"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, "pod.yaml")).equals(encode(FIXED_POD))).toBe(true);
  });

  it("says that the dry run's diff of a UTF-16 file is of its decoded text, which patch cannot apply", () => {
    writeFileSync(join(dir, "pod.yaml"), Buffer.from(`\uFEFF${POD}`, "utf16le"));
    const run = runCli(["--fix-dry-run", "pod.yaml"], { cwd: dir });
    expect(run.stdout).toContain("+++ pod.yaml");
    expect(run.stderr).toContain("nw-lint: pod.yaml: its diff shows the text decoded from UTF-16LE, which patch cannot apply; --fix writes it in UTF-16LE\n");
  });

  it("refuses a UTF-16 file with an odd number of bytes rather than drop the last one", () => {
    const path = join(dir, "pod.yaml");
    const bytes = Buffer.concat([Buffer.from(`\uFEFF${POD}# end`, "utf16le"), Buffer.from([0x0a])]);
    writeFileSync(path, bytes);
    const original = createSourceFile("pod.yaml", path, decodeManifest(bytes), "yaml");
    expect(writeFixedFile(original, { ...original, text: original.text.replace("spin.", "") })).toBe(
      "it is not valid UTF-16 (an odd number of bytes), and writing it back would drop the last one",
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it("refuses a file that is not valid UTF-8 rather than replace its bytes", () => {
    const path = join(dir, "pod.yaml");
    const bytes = Buffer.concat([Buffer.from(POD), Buffer.from([0xff, 0x0a])]);
    writeFileSync(path, bytes);
    const original = createSourceFile("pod.yaml", path, bytes.toString("utf8"), "yaml");
    expect(writeFixedFile(original, { ...original, text: original.text.replace("spin.", "") })).toMatch(/not valid UTF-8/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
