// What a directory walk reads, skips and reports: links, loops, pipes, unreadable entries.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as Sarif from "sarif";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../src/engine/config.js";
import { discover } from "../src/engine/discover.js";
import { packageRoot } from "../src/engine/package.js";
import { CLI } from "./helpers.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nw-lint-discover-"));
});

function discoverIn(cwd: string, paths = ["."]) {
  const discovery = discover(paths, { cwd, ignore: [], maxFileSize: DEFAULT_SETTINGS.maxFileSize });
  return { files: discovery.files.map((file) => file.path), problems: discovery.problems.map((p) => `${p.path}: ${p.message}`), notes: discovery.notes };
}

describe("directory walks", () => {
  it("never follow links out of the tree or around a loop, and skip dangling links", () => {
    mkdirSync(join(dir, "outside"));
    writeFileSync(join(dir, "outside", "secret.yaml"), "a: 1\n");
    const tree = join(dir, "tree");
    mkdirSync(join(tree, "sub"), { recursive: true });
    writeFileSync(join(tree, "sub", "deploy.yaml"), "a: 1\n");
    writeFileSync(join(tree, "sub", "template.txt"), "b: 1\n");
    symlinkSync("..", join(tree, "sub", "up"));
    symlinkSync("../outside", join(tree, "out"));
    symlinkSync("../outside/secret.yaml", join(tree, "secret.yaml"));
    symlinkSync("sub/deploy.yaml", join(tree, "again.yaml"));
    symlinkSync("sub/template.txt", join(tree, "template.yaml"));
    symlinkSync("nowhere.yaml", join(tree, "dangling.yaml"));
    symlinkSync("loop.yaml", join(tree, "loop.yaml"));
    symlinkSync("sub", join(tree, "linked.yaml"));
    expect(discoverIn(tree)).toEqual({
      files: ["sub/deploy.yaml", "template.yaml"],
      problems: [],
      notes: [
        "dangling.yaml: skipped (a dangling symbolic link)",
        "linked.yaml: skipped (a symbolic link to a directory; its files are linted where they are)",
        "loop.yaml: skipped (a loop of symbolic links)",
        "secret.yaml: skipped (a symbolic link out of the linted tree)",
      ],
    });
  });

  it("read a file once however they reach it, named or walked, as it was reached first", () => {
    writeFileSync(join(dir, "deploy.yaml"), "a: 1\n");
    symlinkSync("deploy.yaml", join(dir, "alias.yaml"));
    expect(discoverIn(dir, ["deploy.yaml", "."]).files).toEqual(["deploy.yaml"]);
    expect(discoverIn(dir, [".", "alias.yaml"]).files).toEqual(["deploy.yaml"]);
    expect(discoverIn(dir, ["alias.yaml", "."]).files).toEqual(["alias.yaml"]);
  });

  it("keep a backslash in a directory's name, walked or named (on POSIX it is part of the name)", () => {
    mkdirSync(join(dir, "a\\b", "c\\d"), { recursive: true });
    writeFileSync(join(dir, "a\\b", "c\\d", "deploy.yaml"), "a: 1\n");
    expect(discoverIn(dir)).toEqual({ files: ["a\\b/c\\d/deploy.yaml"], problems: [], notes: [] });
    expect(discoverIn(dir, ["a\\b"])).toEqual({ files: ["a\\b/c\\d/deploy.yaml"], problems: [], notes: [] });
    expect(discoverIn(join(dir, "a\\b"), ["c\\d"])).toEqual({ files: ["c\\d/deploy.yaml"], problems: [], notes: [] });
  });

  it("reports a named pipe instead of blocking on it", () => {
    writeFileSync(join(dir, "deploy.yaml"), "a: 1\n");
    expect(spawnSync("mkfifo", [join(dir, "pipe.yaml")]).status).toBe(0);
    expect(discoverIn(dir)).toMatchObject({ files: ["deploy.yaml"], problems: ["pipe.yaml: not a regular file (a pipe, socket or device); skipped"] });
  });
});

describe("paths given by name", () => {
  it("that cannot be looked at are diagnostics, and the other paths are still linted", () => {
    writeFileSync(join(dir, "ok.yaml"), "a: [\n");
    symlinkSync("b.yaml", join(dir, "a.yaml"));
    symlinkSync("a.yaml", join(dir, "b.yaml"));
    expect(discoverIn(dir, ["a.yaml", "ok.yaml"])).toEqual({ files: ["ok.yaml"], problems: ["a.yaml: cannot read the file: its symbolic links form a loop (ELOOP)"], notes: [] });
    expect(() => discoverIn(dir, ["ok.yaml/x.yaml"])).toThrow("no such file or directory: ok.yaml/x.yaml");
  });

  it("may be pipes, as from a shell's process substitution", () => {
    const run = spawnSync("bash", ["-c", `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} <(printf 'a: [\\n') --format json`], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.map((d) => d.ruleId)).toEqual(["yaml/syntax"]);
  });

  it("may be a symbolic link to a directory, whose apps are read where it really is", () => {
    const example = join(packageRoot, "examples", "spin-app");
    symlinkSync(example, join(dir, "app"));
    const findings = (cwd: string, path: string) => {
      const run = spawnSync(process.execPath, [CLI, path, "--format", "json"], { cwd, encoding: "utf8" });
      return (JSON.parse(run.stdout) as { diagnostics: { ruleId: string; message: string }[] }).diagnostics.map((d) => `${d.ruleId}: ${d.message}`);
    };
    const throughLink = findings(dir, "app");
    expect(throughLink).toEqual(findings(dirname(example), "spin-app"));
    expect(throughLink.some((finding) => finding.startsWith("uwsgi/callable-not-found: app is bound only inside function create_app()"))).toBe(true);
  });
});

/** Root reads everything, so as root the CLI runs as `nobody` for permissions to apply. */
const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const cliReadable = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(CLI)})`], unprivileged).status === 0;

function runCliUnprivileged(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...unprivileged });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("unreadable entries", () => {
  it.skipIf(!cliReadable)("are diagnostics, and the other files are still linted (needs the checkout readable by nobody when root)", () => {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "deploy.yaml"), "a: 1\n");
    writeFileSync(join(dir, "locked.yaml"), "a: 1\n");
    mkdirSync(join(dir, "private"));
    writeFileSync(join(dir, "private", "x.yaml"), "a: 1\n");
    chmodSync(join(dir, "locked.yaml"), 0o000);
    chmodSync(join(dir, "private"), 0o000);
    const run = runCliUnprivileged([".", "--format", "json", "--verbose"], dir);
    expect(run.stderr).toContain("nw-lint: deploy.yaml: read as yaml");
    expect(run.status).toBe(1);
    const found = (JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string; message: string }[] }).diagnostics;
    expect(found.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([
      "locked.yaml nw-lint/unreadable-file cannot read the file (EACCES)",
      "private nw-lint/unreadable-file cannot read the directory (EACCES); the files in it were not linted",
    ]);
  });

  it.skipIf(!cliReadable)("named in a directory that cannot be searched are diagnostics, and exit 1 follows the findings", () => {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "ok.yaml"), "a: 1\n");
    mkdirSync(join(dir, "private"));
    writeFileSync(join(dir, "private", "x.yaml"), "a: 1\n");
    chmodSync(join(dir, "private"), 0o000);
    const run = runCliUnprivileged(["private/x.yaml", "ok.yaml", "--format", "json", "--verbose"], dir);
    expect(run.stderr).toBe(
      "nw-lint: no config file (searched from here up to the repository root)\nnw-lint: ok.yaml: read as yaml\nnw-lint: ok.yaml: skipped, no Kubernetes object in it (no document has apiVersion and kind)\n",
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string; message: string }[]; summary: object };
    expect(report.diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual(["private/x.yaml nw-lint/unreadable-file cannot read the file (EACCES)"]);
    expect(report.summary).toEqual({ files: 1, errors: 1, warnings: 0, infos: 0, fixable: 0 });
  });

  it.skipIf(!cliReadable)("that a server loads are reported unreadable, never missing: a module, a package, a Dockerfile", () => {
    chmodSync(dir, 0o755);
    const ini = "[uwsgi]\nmodule = pkg.app:app\nneed-app = true\n";
    for (const app of ["file", "dir"]) {
      mkdirSync(join(dir, app, "pkg"), { recursive: true });
      writeFileSync(join(dir, app, "app.ini"), ini);
      writeFileSync(join(dir, app, "pkg", "__init__.py"), "");
      writeFileSync(join(dir, app, "pkg", "app.py"), "app = object()\n");
    }
    chmodSync(join(dir, "file", "pkg", "app.py"), 0o000);
    chmodSync(join(dir, "dir", "pkg"), 0o000);
    mkdirSync(join(dir, "image", "k8s"), { recursive: true });
    writeFileSync(join(dir, "image", "Dockerfile"), 'FROM python:3.11\nCMD ["gunicorn", "nomod:app"]\n');
    chmodSync(join(dir, "image", "Dockerfile"), 0o000);
    const deployment = [
      "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  selector: {matchLabels: {app: web}}", "  template:", "    metadata: {labels: {app: web}}",
      "    spec:", "      containers:", "        - name: web", "          image: registry.nersc.gov/m1/web:1.0.0",
      "          securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
    ];
    writeFileSync(join(dir, "image", "k8s", "deploy.yaml"), `${deployment.join("\n")}\n`);
    const run = runCliUnprivileged(["file/app.ini", "dir/app.ini", "image/k8s", "--format", "json"], dir);
    const found = (JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string; message: string; severity: string }[] }).diagnostics;
    expect(run.status).toBe(1);
    expect(found.map((d) => `${d.file} ${d.severity} ${d.ruleId} ${d.message}`)).toEqual([
      `dir/app.ini info uwsgi/module-not-found cannot verify module = pkg.app:app: pkg in ${join(dir, "dir")} cannot be read`,
      "dir/pkg error nw-lint/unreadable-file cannot read the directory (EACCES)",
      `file/app.ini info uwsgi/module-not-found cannot verify module = pkg.app:app: ${join(dir, "file", "pkg", "app.py")} cannot be read`,
      "file/pkg/app.py error nw-lint/unreadable-file cannot read the file (EACCES)",
      "image/Dockerfile error nw-lint/unreadable-file cannot read the file (EACCES)",
    ]);
  });

  it.skipIf(!cliReadable)("that a server loads but an ignore glob names are not reported unreadable (the module is still unverified)", () => {
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "app", "app.ini"), "[uwsgi]\nmodule = web:app\nneed-app = true\n");
    writeFileSync(join(dir, "app", "web.py"), "app = object()\n");
    chmodSync(join(dir, "app", "web.py"), 0o000);
    writeFileSync(join(dir, ".nw-lint.yaml"), "ignore: [app/web.py]\n");
    const run = runCliUnprivileged(["app", "--format", "json"], dir);
    const found = (JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string; severity: string }[] }).diagnostics;
    expect([run.status, found.map((d) => `${d.file} ${d.severity} ${d.ruleId}`)]).toEqual([0, ["app/app.ini info uwsgi/module-not-found"]]);
  });

  it.skipIf(!cliReadable)("alone give a summary without \"in 0 files\"", () => {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "locked.yaml"), "a: 1\n");
    chmodSync(join(dir, "locked.yaml"), 0o000);
    const run = runCliUnprivileged(["locked.yaml"], dir);
    expect([run.status, run.stdout]).toEqual([1, "locked.yaml:1:1: error cannot read the file (EACCES)  nw-lint/unreadable-file\n\n✖ 1 problem (1 error, 0 warnings, 0 infos)\n"]);
  });

  it.skipIf(!cliReadable)("--fix in a directory it cannot write says why it needs to", () => {
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.spin.nersc.gov/m1/web:1.0.0\n");
    chmodSync(join(dir, "locked", "pod.yaml"), 0o666);
    const run = runCliUnprivileged(["--fix", "locked/pod.yaml"], dir);
    expect([run.status, run.stderr]).toEqual([2, "nw-lint: locked/pod.yaml: not fixed: cannot write its directory (EACCES): --fix writes the fixed copy beside the file and renames it over the file\n"]);
  });

  it.skipIf(!cliReadable)("--fix --format sarif says in the log that the run failed, and on which file", () => {
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, "locked"));
    writeFileSync(join(dir, "locked", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.spin.nersc.gov/m1/web:1.0.0\n");
    chmodSync(join(dir, "locked", "pod.yaml"), 0o666);
    const run = runCliUnprivileged(["--fix", "--format", "sarif", "locked/pod.yaml"], dir);
    const why = "not fixed: cannot write its directory (EACCES): --fix writes the fixed copy beside the file and renames it over the file";
    expect([run.status, run.stderr]).toEqual([2, `nw-lint: locked/pod.yaml: ${why}\n`]);
    const [invocation] = (JSON.parse(run.stdout) as Sarif.Log).runs[0]!.invocations!;
    expect(invocation).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: `locked/pod.yaml: ${why}` } }] });
  });
});
