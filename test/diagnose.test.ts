// `nw-lint diagnose`: every symptom is recognised in a realistic log and names the rules behind it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { diagnose } from "../src/diagnose/diagnose.js";
import { logLines } from "../src/diagnose/log.js";
import { SYMPTOMS } from "../src/diagnose/symptoms.js";
import { packageRoot } from "../src/engine/package.js";
import { CLI, runCli } from "./helpers.js";

const LOGS = join(packageRoot, "fixtures", "logs");
const readLog = (name: string) => readFileSync(join(LOGS, name), "utf8");

/** Each log fixture: the symptoms it shows, on which lines, and rules each must name. */
const EXPECTED: Readonly<Record<string, Readonly<Record<string, { lines: number[]; rules: string[] }>>>> = {
  "uwsgi-root-callable-wrapped.log": {
    "uwsgi-running-as-root": { lines: [12, 19, 24], rules: ["spin/run-as-user", "spin/user-in-command", "uwsgi/uid-gid-option"] },
    "unable-to-load-app": { lines: [30], rules: ["uwsgi/callable-not-found", "uwsgi/module-not-found"] },
    "no-app-game-over": { lines: [31], rules: ["uwsgi/callable-not-found"] },
  },
  "gunicorn-default-bind.log": {
    "listens-on-loopback": { lines: [2], rules: ["k8s/port-chain"] },
  },
  "uvicorn-default-host.log": {
    "listens-on-loopback": { lines: [4], rules: ["k8s/port-chain"] },
  },
  "uwsgi-http-socket-number.log": {
    "uwsgi-unix-socket-number": { lines: [17], rules: ["k8s/port-chain"] },
  },
  "uwsgi-uid-gid-capabilities-dropped.log": {
    "uwsgi-running-as-root": { lines: [12], rules: ["spin/run-as-user"] },
    "setgid-not-permitted": { lines: [14], rules: ["uwsgi/uid-gid-option", "spin/user-in-command"] },
  },
  "uwsgi-uid-gid-non-root.log": {
    "setid-as-non-root": { lines: [12], rules: ["uwsgi/uid-gid-option", "spin/user-in-command"] },
  },
  "uwsgi-quoted-pyargv.log": {
    "uwsgi-exited-while-importing": { lines: [23], rules: ["app/argv-mismatch"] },
    "argparse-error": { lines: [25], rules: ["app/argv-mismatch", "uwsgi/quoted-value"] },
  },
  "uwsgi-command-line-pyargv.log": {
    "uwsgi-exited-while-importing": { lines: [11], rules: ["app/argv-mismatch"] },
    "argparse-error": { lines: [13], rules: ["app/argv-mismatch"] },
  },
  // uWSGI module = app:app, app.py calls sys.exit("configuration missing") at the top level: uWSGI exits 1.
  "uwsgi-sys-exit-at-import.log": {
    "uwsgi-exited-while-importing": { lines: [12], rules: ["app/import-fails"] },
  },
  "uwsgi-quoted-module.log": {
    "module-name-quoted": { lines: [16], rules: ["uwsgi/quoted-value"] },
    "unable-to-load-app": { lines: [17], rules: ["uwsgi/module-not-found"] },
    "no-app-game-over": { lines: [18], rules: ["uwsgi/module-not-found"] },
  },
  "uwsgi-syntax-error.log": {
    "python-syntax-error": { lines: [12], rules: ["python/syntax"] },
    "unable-to-load-app": { lines: [13], rules: ["python/syntax"] },
    "no-app-game-over": { lines: [14], rules: ["uwsgi/callable-not-found"] },
  },
  "uwsgi-dynamic-mode-500.log": {
    "module-not-found": { lines: [5], rules: ["uwsgi/module-not-found"] },
    "unable-to-load-app": { lines: [6], rules: ["uwsgi/callable-not-found"] },
    "no-app-dynamic-mode": { lines: [7], rules: ["uwsgi/need-app"] },
    "no-python-application": { lines: [12, 14], rules: ["uwsgi/need-app"] },
  },
  "uwsgi-bind-port-80.log": {
    "bind-permission-denied": { lines: [12], rules: ["spin/privileged-port"] },
  },
  "gunicorn-bind-port-80.log": {
    "bind-permission-denied": { lines: [7], rules: ["spin/privileged-port"] },
  },
  "uwsgi-socket-behind-ingress.log": {
    "invalid-request-block-size": { lines: [7, 8, 9], rules: ["uwsgi/protocol-mismatch"] },
  },
  "flask-static-read-only.log": {
    "read-only-file-system": { lines: [19], rules: ["spin/static-read-only"] },
  },
  "flask-static-permission-denied.log": {
    "write-permission-denied": { lines: [7], rules: ["spin/fs-group", "spin/static-read-only"] },
  },
  "uwsgi-open-permission-denied.log": {
    "write-permission-denied": { lines: [1], rules: ["spin/fs-group", "spin/static-read-only"] },
  },
  "uwsgi-address-in-use.log": {
    "address-in-use": { lines: [17], rules: ["app/import-fails"] },
  },
  "gunicorn-connection-in-use.log": {
    "address-in-use": { lines: [2, 4, 6, 8, 10], rules: ["app/import-fails"] },
  },
  "kubelet-crash-loop.txt": {
    "crash-loop": { lines: [2, 9], rules: ["uwsgi/callable-not-found"] },
  },
  "kubelet-host-path-missing.txt": {
    "host-path-missing": { lines: [5], rules: ["spin/hostpath"] },
  },
  "kubelet-run-as-non-root.txt": {
    "run-as-non-root-unverifiable": { lines: [6], rules: ["spin/run-as-user"] },
  },
  "pod-security-rejected.txt": {
    "pod-security-violation": { lines: [2], rules: ["spin/capabilities-drop-all", "spin/privileged"] },
  },
  "gunicorn-attribute-not-found.log": {
    "gunicorn-app-not-found": { lines: [5], rules: ["gunicorn/app-not-found"] },
    "gunicorn-app-failed-to-load": { lines: [8], rules: ["gunicorn/app-not-found"] },
  },
  "gunicorn-worker-failed-to-boot.log": {
    "module-not-found": { lines: [26], rules: ["gunicorn/app-not-found"] },
    "gunicorn-worker-failed-to-boot": { lines: [29], rules: ["gunicorn/app-not-found", "app/import-fails"] },
  },
  // python app.py with app.run(port=80) as a non-root user: Werkzeug says only this much.
  "flask-dev-server-port-80.log": {
    "flask-development-server": { lines: [1], rules: ["app/debug-server"] },
  },
  "gunicorn-top-level-app-run.log": {
    "flask-development-server": { lines: [5, 7, 8, 13, 15, 16], rules: ["app/debug-server"] },
    "gunicorn-worker-timeout": { lines: [10, 18], rules: ["app/import-fails"] },
  },
  "uwsgi-wsgi-file-missing.log": {
    "app-path-not-found": { lines: [20], rules: ["uwsgi/module-not-found"] },
    "unable-to-load-app": { lines: [21], rules: ["uwsgi/module-not-found"] },
    "no-app-game-over": { lines: [22], rules: ["uwsgi/module-not-found"] },
  },
  "uwsgi-chdir-missing.log": {
    "app-path-not-found": { lines: [9], rules: ["uwsgi/module-not-found"] },
  },
  "uwsgi-wsgi-file-callable.log": {
    "wsgi-file-callable-not-found": { lines: [20], rules: ["uwsgi/callable-not-found"] },
    "unable-to-load-app": { lines: [21], rules: ["uwsgi/callable-not-found"] },
    "no-app-game-over": { lines: [22], rules: ["uwsgi/callable-not-found"] },
  },
  "uwsgi-section-misspelt.log": {
    "no-app-game-over": { lines: [20], rules: ["uwsgi/ini-syntax", "uwsgi/unknown-option", "uwsgi/no-app"] },
  },
  "uwsgi-strict-unknown-option.log": {
    "strict-unknown-option": { lines: [2], rules: ["uwsgi/unknown-option"] },
  },
  "uwsgi-healthy-startup.log": {},
  // gunicorn app:app, app.py calls sys.exit("DATABASE_URL is not set") at top level; stopped after
  // three workers, the last one's exit is followed by the shutdown, not by another boot.
  "gunicorn-sys-exit-respawn.log": {
    "gunicorn-worker-respawn-loop": { lines: [5, 8], rules: ["app/import-fails"] },
  },
  // gunicorn app:app, app.py calls parse_args() at top level with a required --config.
  "gunicorn-argparse-respawn.log": {
    "argparse-error": { lines: [6, 11], rules: ["app/argv-mismatch"] },
    "gunicorn-worker-respawn-loop": { lines: [7], rules: ["app/import-fails", "app/argv-mismatch"] },
  },
  // gunicorn -w 2 app:app, healthy, stopped with SIGTERM: its workers exit, no respawn loop.
  "gunicorn-graceful-shutdown.log": {},
  // One request each to a factory served without (): uWSGI module = app:create_app, gunicorn app:create_app.
  "uwsgi-factory-without-parens.log": {
    "app-object-not-callable-as-wsgi": { lines: [28], rules: ["uwsgi/callable-not-found"] },
  },
  "gunicorn-factory-without-parens.log": {
    "app-object-not-callable-as-wsgi": { lines: [12], rules: ["gunicorn/app-not-found"] },
  },
  // uWSGI module = app:app where app.py binds app = None: uWSGI logs ready, the request fails.
  "uwsgi-callable-none.log": {
    "app-object-not-callable-as-wsgi": { lines: [29], rules: ["uwsgi/callable-not-found"] },
  },
  // The same TypeError raised inside a Flask view is the app's bug, not the served object.
  "uwsgi-view-type-error.log": {},
  "uwsgi-include-refused.log": {
    "config-not-loaded": { lines: [2], rules: ["uwsgi/ini-syntax"] },
  },
  "uwsgi-invalid-mountpoint.log": {
    "invalid-mountpoint": { lines: [25], rules: ["uwsgi/module-not-found"] },
  },
  "kubelet-probe-connection-refused.txt": {
    "probe-connection-refused": { lines: [9, 10, 14], rules: ["k8s/port-chain"] },
  },
};

describe("diagnose", () => {
  it("has an expectation for every log fixture", () => {
    const fixtures = readdirSync(LOGS, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(fixtures.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("recognises the symptoms of %s", (name, expected) => {
    const found = diagnose(readLog(name));
    expect(Object.fromEntries(found.map(({ symptom, lines }) => [symptom.id, lines.map((line) => line.line)]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([id, { lines }]) => [id, lines])),
    );
    for (const { symptom } of found) expect(symptom.rules).toEqual(expect.arrayContaining(expected[symptom.id]!.rules));
  });

  it("recognises every symptom it knows in some log fixture", () => {
    const shown = new Set(Object.values(EXPECTED).flatMap((symptoms) => Object.keys(symptoms)));
    expect(SYMPTOMS.map((symptom) => symptom.id).filter((id) => !shown.has(id))).toEqual([]);
  });

  it("names only registered rules", () => {
    const registered = new Set(allRules.map((rule) => rule.meta.id));
    const unknown = SYMPTOMS.flatMap((symptom) => symptom.rules).filter((id) => !registered.has(id));
    expect(unknown).toEqual([]);
    expect(new Set(SYMPTOMS.map((symptom) => symptom.id)).size).toBe(SYMPTOMS.length);
  });

  it("reads the message behind kubectl's --prefix and --timestamps and the CRI log format", () => {
    const log = [
      "[pod/app-6f7d9b8c4-lz5tp/app] 2020-08-20T19:02:44.101Z cannot setgid() as non-root user",
      "2020-08-20T20:05:31.121004587Z stderr F *** no app loaded. GAME OVER ***",
      "2020-08-20T20:05:31+00:00 usage: uwsgi [-h] -i INDIR",
    ].join("\r\n");
    expect(logLines(log).map((line) => line.text)).toEqual(["cannot setgid() as non-root user", "*** no app loaded. GAME OVER ***", "usage: uwsgi [-h] -i INDIR"]);
  });

  it("reads the message of Docker's json-file logs, and leaves other JSON as it is", () => {
    const log = [
      '{"log":"SyntaxError: invalid syntax\\n","stream":"stderr","time":"2020-08-20T20:05:31.121Z"}',
      '{"log":" * Debugger is active!\\r\\n","stream":"stdout","time":"2020-08-20T20:05:32Z"}',
      '{"log": broken',
      '{"level":"info"}',
    ].join("\n");
    expect(logLines(log).map((line) => line.text)).toEqual(["SyntaxError: invalid syntax", " * Debugger is active!", '{"log": broken', '{"level":"info"}']);
  });
});

describe("diagnose, from the lines around a match", () => {
  const ids = (log: string[]) => diagnose(log.join("\n")).map(({ symptom, lines }) => [symptom.id, lines.map((line) => line.line)]);

  it.each([
    ["gunicorn-worker-respawn-loop", ["app/import-fails", "app/argv-mismatch"]],
    ["app-object-not-callable-as-wsgi", ["uwsgi/callable-not-found", "gunicorn/app-not-found"]],
    ["probe-connection-refused", ["k8s/port-chain"]],
    ["uwsgi-exited-while-importing", ["app/import-fails", "app/argv-mismatch"]],
  ])("%s names exactly the rules %j", (id, rules) => {
    expect(SYMPTOMS.find((symptom) => symptom.id === id)?.rules).toEqual(rules);
  });

  it("recognises gunicorn's respawn loop behind kubectl --timestamps and the CRI prefix, with workers interleaved", () => {
    const log = [
      "2026-11-26T11:35:39.101Z [2026-11-26 11:35:39 +0000] [1] [INFO] Using worker: sync",
      "2026-11-26T11:35:39.102Z [2026-11-26 11:35:39 +0000] [7] [INFO] Booting worker with pid: 7",
      "2026-11-26T11:35:39.103Z [2026-11-26 11:35:39 +0000] [8] [INFO] Booting worker with pid: 8",
      "2026-11-26T11:35:39.201Z stderr F [2026-11-26 11:35:39 +0000] [7] [INFO] Worker exiting (pid: 7)",
      "2026-11-26T11:35:39.202Z stderr F DATABASE_URL is not set",
      "2026-11-26T11:35:39.203Z stderr F [2026-11-26 11:35:39 +0000] [8] [INFO] Worker exiting (pid: 8)",
      "2026-11-26T11:35:39.204Z stderr F DATABASE_URL is not set",
      "2026-11-26T11:35:39.301Z stderr F [2026-11-26 11:35:39 +0000] [9] [INFO] Booting worker with pid: 9",
    ];
    expect(ids(log)).toEqual([["gunicorn-worker-respawn-loop", [4, 6]]]);
  });

  it("does not take a worker that timed out, restarted after max_requests or was stopped for the loop", () => {
    const log = [
      "[2026-11-26 11:35:39 +0000] [7] [INFO] Booting worker with pid: 7",
      "[2026-11-26 11:36:09 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:7)",
      "[2026-11-26 11:36:09 +0000] [7] [INFO] Worker exiting (pid: 7)",
      "[2026-11-26 11:36:09 +0000] [9] [INFO] Booting worker with pid: 9",
      "[2026-11-26 12:36:09 +0000] [9] [INFO] Autorestarting worker after current request.",
      "[2026-11-26 12:36:09 +0000] [9] [INFO] Worker exiting (pid: 9)",
      "[2026-11-26 12:36:09 +0000] [10] [INFO] Booting worker with pid: 10",
      "[2026-11-26 12:40:00 +0000] [1] [INFO] Handling signal: term",
      "[2026-11-26 12:40:00 +0000] [10] [INFO] Worker exiting (pid: 10)",
      "[2026-11-26 12:40:00 +0000] [1] [INFO] Shutting down: Master",
    ];
    expect(ids(log)).toEqual([["gunicorn-worker-timeout", [2]]]);
  });

  it("does not take gunicorn's boot-time TypeError of a factory called with wrong arguments for a failing request", () => {
    // gunicorn 'app:create_app("a", "b")' with def create_app(): a real run.
    const log = [
      "[2026-11-26 11:43:31 +0000] [2274] [INFO] Booting worker with pid: 2274",
      "TypeError: create_app() takes 0 positional arguments but 2 were given",
      "[2026-11-26 11:43:31 +0000] [2274] [INFO] Worker exiting (pid: 2274)",
      "[2026-11-26 11:43:31 +0000] [2271] [INFO] Shutting down: Master",
      "[2026-11-26 11:43:31 +0000] [2271] [INFO] Reason: App failed to load.",
    ];
    expect(ids(log)).toEqual([["gunicorn-app-failed-to-load", [5]]]);
  });

  it("recognises the failing request in uWSGI's log behind --timestamps", () => {
    const log = [
      "2026-11-26T11:32:14.000Z spawned uWSGI worker 1 (and the only) (pid: 8142, cores: 1)",
      "2026-11-26T11:32:14.101Z TypeError: create_app() takes from 0 to 1 positional arguments but 2 were given",
      "2026-11-26T11:32:14.102Z TypeError: 'module' object is not callable",
    ];
    expect(ids(log)).toEqual([["app-object-not-callable-as-wsgi", [2, 3]]]);
  });

  it("takes uWSGI's log as ending in the import only when uWSGI says nothing after its operational mode", () => {
    // Real uWSGI 2.0.21 runs: a healthy app, the same with lazy-apps (the import comes after the
    // fork), then a sys.exit(0) at import, silent, and the container's next run.
    const log = [
      "*** Operational MODE: single process ***",
      "WSGI app 0 (mountpoint='') ready in 0 seconds on interpreter 0x7f4457560018 pid: 8142 (default app)",
      "*** Operational MODE: preforking ***",
      "spawned uWSGI master process (pid: 8150)",
      "spawned uWSGI worker 1 (pid: 8151, cores: 1)",
      "*** Operational MODE: single process ***",
      "*** Starting uWSGI 2.0.21-debian (64bit) on [Sat Nov 28 11:58:36 2026] ***",
      "*** Operational MODE: single process ***",
      "tiles in static/tiles",
    ];
    expect(ids(log)).toEqual([["uwsgi-exited-while-importing", [6, 8]]]);
  });

  it("names the trailing % that joins pyargv with the next ini line among argparse's causes", () => {
    // magic-trailing-percent, a real uWSGI 2.0.21 run: `pyargv = -i ./static -d 5%` took `master = true`.
    const found = diagnose(["*** Operational MODE: single process ***", "usage: app.py [options]", "uwsgi: error: unrecognized arguments: = true"].join("\n"));
    const argparse = found.find(({ symptom }) => symptom.id === "argparse-error");
    expect(argparse?.lines.map((line) => line.line)).toEqual([3]);
    expect(argparse?.symptom.rules).toContain("uwsgi/magic-variable");
  });

  it("recognises a config uWSGI cannot find, as well as one it refuses by name", () => {
    // A real uWSGI 2.0.21 run of an ini with `include = nothere.ini`.
    const found = diagnose("[uWSGI] getting INI configuration from app.ini\nrealpath() of nothere.ini failed: No such file or directory [core/utils.c line 3662]\n");
    expect(found.map(({ symptom, lines }) => [symptom.id, lines.map((line) => line.line)])).toEqual([["config-not-loaded", [2]]]);
  });

  it("recognises the probe failures of older kubelets and of tcpSocket probes", () => {
    const log = [
      "  Warning  Unhealthy  3s (x3 over 23s)  kubelet, nid00421  Readiness probe failed: Get http://10.42.0.15:8080/: dial tcp 10.42.0.15:8080: connect: connection refused",
      "  Warning  Unhealthy  3s  kubelet  Liveness probe failed: dial tcp 10.42.0.15:8080: connect: connection refused",
      "  Warning  Unhealthy  3s  kubelet  Readiness probe failed: Get \"http://10.42.0.15:8080/\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
    ];
    expect(ids(log)).toEqual([["probe-connection-refused", [1, 2]]]);
  });
});

describe("nw-lint diagnose", () => {
  it("prints each symptom with its line, causes and rules, and exits 1", () => {
    const run = runCli(["diagnose", "uwsgi-uid-gid-non-root.log"], { cwd: LOGS });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("uwsgi-uid-gid-non-root.log:12: uWSGI, already running as a user, refuses to switch to another  setid-as-non-root\n  12 | cannot setgid() as non-root user\n");
    expect(run.stdout).toMatch(/^ {4}spin\/user-in-command +User and group ids belong in securityContext, not in the command$/m);
    expect(run.stdout).toContain("✖ 1 known symptom in uwsgi-uid-gid-non-root.log.");
  });

  it("exits 0 on a log without a known symptom, read from stdin", () => {
    const run = runCli(["diagnose", "-"], { cwd: LOGS, input: readLog("uwsgi-healthy-startup.log") });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("✔ no known symptom in -\n");
  });

  it("refuses an empty log, which would read as healthy (kubectl logs of a mistyped name writes its error to stderr): one line, exit 2", () => {
    const run = runCli(["diagnose", "-"], { cwd: LOGS, input: "\n" });
    expect([run.status, run.stdout, run.stderr]).toEqual([2, "", "nw-lint: stdin is empty: no log to diagnose (did the command before the pipe fail?)\n"]);
  });

  it("reads a log written as UTF-16 with a byte-order mark, as PowerShell's > writes it", () => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-diagnose-"));
    try {
      const log = readLog("uwsgi-uid-gid-non-root.log");
      writeFileSync(join(directory, "le.log"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(log, "utf16le")]));
      writeFileSync(join(directory, "be.log"), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(log, "utf16le").swap16()]));
      for (const name of ["le.log", "be.log"]) {
        const run = runCli(["diagnose", name], { cwd: directory });
        expect(run.status).toBe(1);
        expect(run.stdout).toContain(`${name}:12: uWSGI, already running as a user, refuses to switch to another  setid-as-non-root\n  12 | cannot setgid() as non-root user\n`);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("reads no more than 64 MiB of a log, from stdin or a pipe, and no device at all: one line, exit 2", () => {
    const endless = spawnSync("sh", ["-c", `head -c 70000000 /dev/zero | "${process.execPath}" "${CLI}" diagnose -`], { encoding: "utf8" });
    expect(endless.status).toBe(2);
    expect(endless.stderr).toBe("nw-lint: stdin is over the 67108864-byte limit for a log: give diagnose its end (tail -c 10M LOG | nw-lint diagnose)\n");
    const device = runCli(["diagnose", "/dev/zero"], { cwd: LOGS });
    expect(device.status).toBe(2);
    expect(device.stderr).toBe("nw-lint: /dev/zero is not a log file but a device or socket: name a file, or pipe the log in\n");
  });

  it("with --lint, shows which of the rules fire in the deployment and where", () => {
    const run = runCli(["diagnose", "uwsgi-root-callable-wrapped.log", "--lint", "nightwatch-deployment", "--format", "json"], { cwd: LOGS });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      linted: string[];
      symptoms: { id: string; lines: { line: number; text: string }[]; rules: { id: string; available: boolean; diagnostics?: { file: string; line: number; column: number }[] }[] }[];
    };
    expect(report.linted).toEqual(["nightwatch-deployment"]);
    const root = report.symptoms.find((symptom) => symptom.id === "uwsgi-running-as-root")!;
    expect(root.lines[0]).toEqual({ line: 12, text: "uWSGI running as root, you can use --uid/--gid/--chroot options" });
    const fired = Object.fromEntries(root.rules.map((rule) => [rule.id, rule.diagnostics?.map((d) => `${d.file}:${d.line}:${d.column}`)]));
    expect(fired["spin/run-as-user"]).toEqual(["nightwatch-deployment/deploy.yaml:21:11"]);
    expect(fired["spin/user-in-command"]).toEqual(["nightwatch-deployment/deploy.yaml:20:51", "nightwatch-deployment/deploy.yaml:20:69"]);
    expect(fired["k8s/security-context-placement"]).toEqual([]);
  });

  it.each([
    ["a format diagnose cannot print", ["diagnose", "uwsgi-bind-port-80.log", "--format", "sarif"], /diagnose --format must be one of stylish, json/],
    ["a missing log", ["diagnose", "missing.log"], /no such file or directory: missing\.log/],
    ["--lint without diagnose", ["--lint", "."], /--lint belongs to diagnose/],
  ])("refuses %s with exit 2", (_name, args, message) => {
    const run = runCli(args, { cwd: LOGS });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
