// nw-lint parses Python and never runs it, and opens no connection: the CLI runs under a
// preload that makes every such call throw and leave a line in a log.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/engine/package.js";
import { CLI } from "./helpers.js";

const GUARD = join(packageRoot, "test", "no-exec", "guard.cjs");

function runGuarded(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string; calls: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), "nw-lint-guard-")), "calls.log");
  const result = spawnSync(process.execPath, ["--require", GUARD, ...args], { cwd, encoding: "utf8", env: { ...process.env, NW_LINT_GUARD_LOG: log, NO_COLOR: "1" } });
  const calls = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

/** Python whose top level leaves a marker file and opens a socket, if anything ever runs it. */
function hostileModule(marker: string): string {
  return [
    "import pathlib, socket, subprocess",
    `pathlib.Path(${JSON.stringify(marker)}).write_text("executed")`,
    'socket.create_connection(("127.0.0.1", 9), timeout=1)',
    'subprocess.run(["true"])',
    "from flask import Flask",
    "app = Flask(__name__)",
    "",
  ].join("\n");
}

function hostileApp(): { directory: string; markers: string[] } {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-hostile-"));
  mkdirSync(join(directory, "k8s"));
  mkdirSync(join(directory, "image"));
  const markers = ["app", "gunicorn-conf", "wsgi"].map((name) => join(directory, `${name}.executed`));
  writeFileSync(
    join(directory, "k8s", "deployment.yaml"),
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: {name: web, namespace: demo}",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: web",
      "          image: registry.nersc.gov/m1/web:1.0.0",
      '          command: ["uwsgi", "--ini", "/srv/app.ini"]',
      "          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
      "        - name: api",
      "          image: registry.nersc.gov/m1/web:1.0.0",
      '          command: ["gunicorn", "-c", "/srv/gunicorn.conf.py", "wsgi:app"]',
      "          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
      "",
    ].join("\n"),
  );
  writeFileSync(join(directory, "image", "app.ini"), "[uwsgi]\nchdir = /srv\nmodule = app:app\nneed-app = true\n");
  writeFileSync(join(directory, "image", "Dockerfile"), 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["uwsgi", "--ini", "app.ini"]\n');
  writeFileSync(join(directory, "image", "app.py"), hostileModule(markers[0]!));
  writeFileSync(join(directory, "image", "gunicorn.conf.py"), hostileModule(markers[1]!));
  writeFileSync(join(directory, "image", "wsgi.py"), hostileModule(markers[2]!));
  return { directory, markers };
}

describe("nw-lint runs no user code and opens no connection", () => {
  it("under a guard that catches each way of doing so (control)", () => {
    const attempts = [
      'require("node:child_process").spawnSync("true")',
      'require("node:net").connect(9, "127.0.0.1")',
      'require("node:http").get("http://127.0.0.1:9/")',
      'require("node:dns").lookup("localhost", () => {})',
      'new (require("node:worker_threads").Worker)("1", { eval: true })',
      'fetch("http://127.0.0.1:9/")',
    ];
    const script = attempts.map((attempt) => `try { ${attempt} } catch {}`).join("\n");
    expect(runGuarded(["-e", script], packageRoot).calls).toEqual(["child_process.spawnSync", "net.connect", "http.get", "dns.lookup", "worker_threads.Worker", "fetch"]);
    const esm = runGuarded(["--input-type=module", "-e", 'import { execFileSync } from "node:child_process"; try { execFileSync("true") } catch {}'], packageRoot);
    expect(esm.calls).toEqual(["child_process.execFileSync"]);
  });

  it.each(["fixtures", "examples"])("on the %s of this repository", (tree) => {
    const run = runGuarded([CLI, tree, "--format", "json"], packageRoot);
    // The fixtures hold a Helm chart, which a run names as not linted as written.
    expect(run.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("nw-lint: not linted as written"))).toEqual([]);
    expect([0, 1]).toContain(run.status);
    expect(run.calls).toEqual([]);
  });

  it("on an app whose modules would leave markers and connect if run", () => {
    const { directory, markers } = hostileApp();
    const run = runGuarded([CLI, ".", "--format", "json"], directory);
    expect(run.stderr).toBe("");
    expect([0, 1]).toContain(run.status);
    expect(run.calls).toEqual([]);
    expect(markers.filter((marker) => existsSync(marker))).toEqual([]);
  });
});
