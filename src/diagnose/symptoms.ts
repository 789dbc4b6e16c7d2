// What pods, uWSGI, gunicorn and the kubelet print when a Spin deployment goes wrong, as data:
// each symptom's pattern, what it means, its likely causes and the rules that catch those causes.
// A log line is the first symptom whose pattern matches (and whose confirmedBy, if any, accepts
// the lines around it), so the specific come before the general.
// The texts are uWSGI 2.0.21's, gunicorn 20.1.0's (docs/gunicorn-behaviour.md), uvicorn 0.17.6's,
// CPython's and the kubelet's, as printed.
import type { LogLine } from "./log.js";

export interface Symptom {
  readonly id: string;
  readonly pattern: RegExp;
  /**
   * For a line that healthy logs print too: whether the lines around the matching one (at
   * `index` in `lines`) show the symptom. Without it the pattern alone decides.
   */
  readonly confirmedBy?: (lines: readonly LogLine[], index: number) => boolean;
  /** What the line means, in a few words. */
  readonly title: string;
  /** The likely causes, most likely first. */
  readonly causes: readonly string[];
  /** The rules that catch those causes before deployment, most specific first. */
  readonly rules: readonly string[];
}

export const SYMPTOMS: readonly Symptom[] = [
  {
    id: "uwsgi-running-as-root",
    pattern: /uWSGI running as root, you can use --uid\/--gid\/--chroot options/,
    title: "uWSGI started as root",
    causes: [
      "the pod sets no runAsUser (or runAsUser: 0), so the container runs as the image's user, root; Spin refuses root on the global file system",
      "the user and group ids were given to uWSGI (`--uid`/`--gid` in the command, `uid`/`gid` in the ini) instead of securityContext",
      "runAsUser was written beside securityContext instead of inside it, where Kubernetes ignores it",
    ],
    rules: ["spin/run-as-user", "spin/user-in-command", "uwsgi/uid-gid-option", "k8s/security-context-placement"],
  },
  {
    id: "setgid-not-permitted",
    pattern: /set[gu]id\(\): Operation not permitted/,
    title: "uWSGI was told to switch user, but the capabilities to do so are dropped",
    causes: [
      "`uid`/`gid` in the ini or `--uid`/`--gid` in the command make uWSGI, started as root, call setgid()/setuid(); Spin drops the SETGID and SETUID capabilities",
      "the user ids belong in securityContext (runAsUser, runAsGroup, fsGroup), where Spin applies them before uWSGI starts",
    ],
    rules: ["uwsgi/uid-gid-option", "spin/user-in-command", "spin/run-as-user"],
  },
  {
    id: "setid-as-non-root",
    pattern: /cannot set[gu]id\(\) as non-root user|unable to set [GU]ID/i,
    title: "uWSGI, already running as a user, refuses to switch to another",
    causes: [
      "securityContext already runs the container as a user, and `uid`/`gid` in the ini or `--uid`/`--gid` in the command ask uWSGI for a different id",
    ],
    rules: ["uwsgi/uid-gid-option", "spin/user-in-command"],
  },
  {
    id: "run-as-non-root-unverifiable",
    pattern: /container has runAsNonRoot and image (?:has non-numeric user|will run as root)/,
    title: "the kubelet refuses to start the container: it cannot prove the user is not root",
    causes: [
      "`runAsNonRoot: true` is set without a numeric runAsUser, and the image names its user (`USER app`) or runs as root",
    ],
    rules: ["spin/run-as-user", "k8s/security-context-placement"],
  },
  {
    id: "host-path-missing",
    pattern: /hostPath type check failed: .+ is not a directory/,
    title: "the kubelet cannot mount a hostPath volume: the path is not a directory on the node",
    causes: [
      "the path is misspelt, or is not on the global file system the node mounts (`/global/cfs/cdirs/…`, `/global/common/…`)",
      "the path names a file while the volume's `type` is `Directory`",
    ],
    rules: ["spin/hostpath"],
  },
  {
    id: "pod-security-violation",
    pattern: /violates? PodSecurity "[^"]+"/,
    title: "the API server rejected the pod's security settings",
    causes: [
      "a container keeps default capabilities (no `drop: [ALL]`) or adds one Spin does not allow",
      "privileged, allowPrivilegeEscalation or a host namespace is enabled or left unset",
      "the pod may run as root",
    ],
    rules: ["spin/capabilities-drop-all", "spin/capabilities-add-forbidden", "spin/privileged", "spin/run-as-user"],
  },
  {
    id: "gunicorn-app-not-found",
    pattern:
      /Failed to find attribute '[^']*' in '[^']*'\.|Failed to find application(?: object)?[,:]|Failed to parse .* as an attribute name or function call|Function reference must be a simple name|Failed to parse arguments as literal values|Error: No application module specified\.|Error loading ASGI app/,
    title: "gunicorn or uvicorn cannot find the app object",
    causes: [
      "the app reference (`module:name`) names something not bound at the module's top level: the app is created inside a function, under `if __name__ == \"__main__\":`, or under another name",
      "a factory is called with arguments that are not literals, or through a dotted name",
      "no app reference is given (no APP_MODULE and no `wsgi_app` in gunicorn.conf.py)",
    ],
    rules: ["gunicorn/app-not-found"],
  },
  {
    id: "module-name-quoted",
    pattern: /ModuleNotFoundError: No module named '["']|ModuleNotFoundError: No module named "'/,
    title: "the module name carries a quote from the ini",
    causes: ["the ini wraps `module` (or `wsgi-file`) in quotes; uWSGI keeps them as part of the name"],
    rules: ["uwsgi/quoted-value", "uwsgi/module-not-found"],
  },
  {
    id: "module-not-found",
    pattern: /\b(?:ModuleNotFoundError: No module named|ImportError: )/,
    title: "Python could not import a module",
    causes: [
      "the module the server loads is not where `chdir`/`pythonpath` (uWSGI) or `--chdir`/`--pythonpath` (gunicorn) point, or is named with `.py` or a path",
      "a trailing comment or a quote in the ini became part of the module name",
      "a relative import in a module that is not in a package",
      "a package the app imports is missing from the image (check requirements.txt; nw-lint cannot see it)",
    ],
    rules: ["uwsgi/module-not-found", "gunicorn/app-not-found", "uwsgi/quoted-value", "uwsgi/inline-comment", "app/import-fails"],
  },
  {
    id: "python-syntax-error",
    pattern: /^\s*(?:SyntaxError|IndentationError|TabError): /,
    title: "the app's Python does not parse",
    causes: ["a module on the app's import path has a syntax error"],
    rules: ["python/syntax"],
  },
  {
    id: "argparse-error",
    pattern: /^\S+: error: (?:the following arguments are required|unrecognized arguments|argument \S+: |ambiguous option)/,
    title: "the app exited on its command-line arguments while being imported",
    causes: [
      "the app parses sys.argv at import (a top-level `parse_args()`), and the `pyargv` uWSGI passes does not satisfy the parser",
      "`pyargv` is quoted in the ini: uWSGI splits on spaces and keeps the quotes (`\"-i` …)",
      "a `--pyargv` on the command line overrides the ini's, e.g. with an extra program name the parser does not expect",
      "under gunicorn the app parses gunicorn's own arguments",
      "a `%` at the end of an ini line joins the next line to it: `pyargv = … 5%` takes the option under it (`master = true`) into the app's arguments",
    ],
    rules: ["app/argv-mismatch", "uwsgi/quoted-value", "uwsgi/magic-variable", "app/import-fails"],
  },
  {
    id: "app-path-not-found",
    pattern: /failed to open python file |chdir\(\): No such file or directory/,
    title: "uWSGI cannot find the app's file or directory",
    causes: [
      "`wsgi-file` or `chdir` is resolved from the directory uWSGI starts in (the container's workingDir), not from the ini's directory",
      "the code is on a volume that is not mounted where the ini expects it",
    ],
    rules: ["uwsgi/module-not-found", "k8s/volume-mount-missing"],
  },
  {
    id: "config-not-loaded",
    pattern: /^unable to load configuration from |^realpath\(\) of .+ failed: /,
    title: "uWSGI cannot load a config file the ini or its command names, and exits",
    causes: [
      "`include` and `inherit` load only a name ending in .ini (or .yaml, .json, .xml): `include = base.conf` or `include = base.ini:prod` is refused (`ini =` reads any name, and a `:section`)",
      "the file is not where uWSGI looks: config paths are resolved from the directory uWSGI starts in, not from the including ini",
      "the value is quoted or has a comment after it, and uWSGI looks for a file of that name",
      "the image lacks the file: the `.dockerignore` keeps it out of the build",
    ],
    rules: ["uwsgi/ini-syntax", "uwsgi/quoted-value", "uwsgi/inline-comment"],
  },
  {
    id: "wsgi-file-callable-not-found",
    pattern: /unable to find "[^"]+" callable in file /,
    title: "the `wsgi-file` defines no callable under the name uWSGI looks for",
    causes: ["the Flask object is not bound at the file's top level under the `callable` name (default `application`)"],
    rules: ["uwsgi/callable-not-found"],
  },
  {
    id: "strict-unknown-option",
    pattern: /\[strict-mode\] unknown config directive: /,
    title: "uWSGI in strict mode stops on an option it does not know",
    causes: ["a misspelt or made-up option in the ini; without `strict` uWSGI would ignore it silently"],
    rules: ["uwsgi/unknown-option"],
  },
  {
    id: "unable-to-load-app",
    pattern: /unable to load app \d+ \(mountpoint='[^']*'\) \(callable not found or import error\)/,
    title: "uWSGI could not load the app",
    causes: [
      "the callable (`module = m:c`, `callable`, default `application`) is not bound at the module's top level: the Flask app is created inside a function, under `if __name__ == \"__main__\":`, or under another name",
      "the import failed: look above this line for a traceback, `ModuleNotFoundError` or an argparse `error:`",
    ],
    rules: ["uwsgi/callable-not-found", "uwsgi/module-not-found", "uwsgi/quoted-value", "uwsgi/inline-comment", "app/import-fails", "python/syntax", "app/argv-mismatch"],
  },
  {
    id: "app-object-not-callable-as-wsgi",
    // Confirmed only when the server's own call of the app raised: a TypeError in a view is the app's bug.
    pattern: /^\s*TypeError: (?:[\w.]+\(\) takes (?:from \d+ to )?\d+ positional arguments? but 2 were given|'[\w.]+' object is not callable)$/,
    confirmedBy: raisedCallingTheApp,
    title: "every request fails: the object the server serves is not the WSGI app (HTTP 500)",
    causes: [
      "a factory is named without `()` (`module = app:create_app`, `gunicorn app:create_app`): the server loads the function itself, then calls `create_app(environ, start_response)` for every request",
      "the name uWSGI serves (`module = m:c`, `callable`) is bound to `None` or to another object than the Flask app at the module's top level (`app = None`, set only inside a function); uWSGI does not check it, so it logs `ready` and fails each request",
    ],
    rules: ["uwsgi/callable-not-found", "gunicorn/app-not-found"],
  },
  {
    id: "no-app-game-over",
    pattern: /\*\*\* no app loaded\. GAME OVER \*\*\*/,
    title: "uWSGI exits because no app loaded (need-app)",
    causes: [
      "the app failed to load: see `unable to load app` and the lines before it",
      "uWSGI found no app option: the ini's section is not exactly `[uwsgi]`, `module` is misspelt, or a comment ending in `%` swallowed the `module` line under it",
      "the ini names no app at all (no `module`, `wsgi-file`, `mount`…)",
    ],
    rules: ["uwsgi/callable-not-found", "uwsgi/module-not-found", "uwsgi/no-app", "uwsgi/ini-syntax", "uwsgi/unknown-option", "uwsgi/magic-variable", "app/import-fails"],
  },
  {
    id: "invalid-mountpoint",
    pattern: /^invalid mountpoint: /,
    title: "uWSGI exits: a mount names no mountpoint",
    causes: ["a `mount` (`--mount`, `UWSGI_MOUNT`) without `=`: uWSGI reads a mount as `<mountpoint>=<app>`, so `mount = app:app` must be `mount = /=app:app` (or `module = app:app`)"],
    rules: ["uwsgi/module-not-found"],
  },
  {
    id: "uwsgi-exited-while-importing",
    // uWSGI prints this line just before it imports the app (without lazy-apps), and healthy logs have it too.
    pattern: /^\*\*\* Operational MODE: .+ \*\*\*$/,
    confirmedBy: logEndsInTheImport,
    title: "uWSGI's log ends while it imports the app: the import ended uWSGI, or has not returned",
    causes: [
      "the app calls `sys.exit()` (or `exit()`, `raise SystemExit`, a click command) while it is imported: that ends the whole uWSGI process, even with status 0 and whatever `need-app` says, and uWSGI prints nothing about it; the app's own message, if any, is the last line",
      "the app calls argparse's `parse_args()` at import and exits on the arguments uWSGI passes (`pyargv`): its `usage:` and `error:` lines come last",
      "if the container is still running, the import blocks: it starts a server (`app.run()`) or waits on something that never answers",
    ],
    rules: ["app/import-fails", "app/argv-mismatch"],
  },
  {
    id: "no-app-dynamic-mode",
    pattern: /\*\*\* no app loaded\. going in full dynamic mode \*\*\*/,
    title: "uWSGI keeps running without an app: every request will be an HTTP 500",
    causes: [
      "the app failed to load (see the lines before), and without `need-app` uWSGI does not exit, so the pod looks healthy",
      "the ini names no app at all",
    ],
    rules: ["uwsgi/need-app", "uwsgi/callable-not-found", "uwsgi/module-not-found", "uwsgi/no-app"],
  },
  {
    id: "no-python-application",
    pattern: /no python application found, check your startup logs for errors/,
    title: "a request reached uWSGI, which has no app loaded (HTTP 500)",
    causes: [
      "the app failed to load at startup; look for `unable to load app` in the first lines of the log",
      "without `need-app` uWSGI keeps serving 500s instead of failing the pod",
    ],
    rules: ["uwsgi/need-app", "uwsgi/callable-not-found", "uwsgi/module-not-found", "uwsgi/no-app"],
  },
  {
    id: "bind-permission-denied",
    pattern: /bind\(\): Permission denied|Can't connect to \('[^']*', \d{1,3}\)/,
    title: "the server may not listen on a port below 1024",
    causes: [
      "the socket's port is below 1024 and the container runs as a non-root user; adding NET_BIND_SERVICE does not help a non-root process on Kubernetes",
    ],
    rules: ["spin/privileged-port", "k8s/port-chain"],
  },
  {
    id: "address-in-use",
    pattern: /bind\(\): Address already in use|Connection in use: \('[^']*', \d+\)/,
    title: "something in the container already listens on the port",
    causes: [
      "the app also starts Flask's development server when it is imported (`app.run()` outside the `__main__` guard), on the port the server wants",
      "the config opens the same port twice (an `http-socket` in the ini and `--http-socket` on the command line), or two servers run in one container",
    ],
    rules: ["app/import-fails", "app/debug-server"],
  },
  {
    id: "invalid-request-block-size",
    pattern: /invalid request block size: \d+ \(max \d+\)/,
    title: "HTTP reached a uWSGI socket that speaks the binary uwsgi protocol",
    causes: [
      "the ini listens with `socket =`, but the Spin ingress (nginx) speaks HTTP to the pod: use `http-socket =`",
      "a Service or Ingress sends traffic to the wrong port",
    ],
    rules: ["uwsgi/protocol-mismatch", "k8s/port-chain"],
  },
  {
    id: "read-only-file-system",
    pattern: /Read-only file system/,
    title: "the app wrote to a read-only mount",
    causes: [
      "the static directory (or another path the app writes) is mounted with `readOnly: true`",
      "the container sets readOnlyRootFilesystem and the app writes outside a volume",
    ],
    rules: ["spin/static-read-only"],
  },
  {
    id: "write-permission-denied",
    pattern: /PermissionError: \[Errno 13\] Permission denied|Permission denied: '|open\("[^"]*"\): Permission denied/,
    title: "the app may not write a file",
    causes: [
      "the directory is on the global file system and belongs to a project group the pod does not have: set fsGroup/runAsGroup",
      "the container runs as root, which the global file system treats as `nobody`",
      "the static directory is mounted read-only",
    ],
    rules: ["spin/fs-group", "spin/run-as-user", "spin/static-read-only"],
  },
  {
    id: "probe-connection-refused",
    pattern: /\b(?:Readiness|Liveness|Startup) probe failed: .*\bdial tcp \S+: connect: connection refused/,
    title: "the kubelet's probe finds nothing listening on the pod's address and port",
    causes: [
      "the server listens on loopback only: gunicorn's and uvicorn's default 127.0.0.1:8000, `--bind 127.0.0.1:…`, a uWSGI `http-socket = 127.0.0.1:…`, Flask's `app.run()`",
      "uWSGI's socket is a bare number (`http-socket = 8080`), which uWSGI binds as a UNIX socket file of that name, not a TCP port",
      "the server binds another port than the probe (and the Service's targetPort) names",
      "the server had not bound its port yet or had exited: see the container's log (a slow import needs a startupProbe or a longer initialDelaySeconds)",
    ],
    rules: ["k8s/port-chain"],
  },
  {
    id: "crash-loop",
    pattern: /CrashLoopBackOff|Back-off restarting failed container/,
    title: "the container keeps exiting at start, and Kubernetes restarts it ever more slowly",
    causes: [
      "the server or the app fails at start: its own log says why (kubectl logs POD --previous | nw-lint diagnose)",
      "the pod is refused its user or capabilities, or a mount it needs is missing: the pod's events say so (kubectl describe pod POD)",
    ],
    rules: ["uwsgi/callable-not-found", "uwsgi/module-not-found", "app/argv-mismatch", "uwsgi/uid-gid-option", "spin/run-as-user"],
  },
  {
    id: "gunicorn-app-failed-to-load",
    pattern: /Reason: App failed to load\./,
    title: "gunicorn stopped: the worker could not load the app",
    causes: ["the app reference does not resolve: see the `Failed to …` line before this one"],
    rules: ["gunicorn/app-not-found"],
  },
  {
    id: "gunicorn-worker-failed-to-boot",
    pattern: /Reason: Worker failed to boot\./,
    title: "gunicorn stopped: importing the app raised an exception",
    causes: [
      "the module is not found from the working directory (`--chdir`, `--pythonpath`), or is named with `.py`",
      "the module raises, has a syntax error, or imports relatively outside a package: see the traceback before this line",
    ],
    rules: ["gunicorn/app-not-found", "python/syntax", "app/import-fails"],
  },
  {
    id: "gunicorn-worker-respawn-loop",
    // Every worker that ends logs this; confirmedBy keeps the ones that ended right after booting.
    pattern: /\bWorker exiting \(pid: \d+\)/,
    confirmedBy: workerRespawned,
    title: "each gunicorn worker exits as soon as it boots, and gunicorn boots another, forever",
    causes: [
      "the app calls `sys.exit()` (or `exit()`, `raise SystemExit`) while it is imported, e.g. when an environment variable is missing; its message, if any, follows `Worker exiting`. gunicorn stops only on exit statuses 3 and 4, so the pod stays Running and never answers",
      "the app calls argparse's `parse_args()` at import and parses gunicorn's own arguments: `usage: gunicorn …` and `gunicorn: error: …` come before `Worker exiting`",
    ],
    rules: ["app/import-fails", "app/argv-mismatch"],
  },
  {
    id: "gunicorn-worker-timeout",
    pattern: /\[CRITICAL\] WORKER TIMEOUT/,
    title: "a gunicorn worker never finished loading or answering",
    causes: ["the module calls `app.run()` at the top level, so importing it starts Flask's own server and never returns"],
    rules: ["app/import-fails", "app/debug-server"],
  },
  {
    id: "listens-on-loopback",
    pattern: /Listening at: https?:\/\/(?:127\.[\d.]+|localhost|\[::1\]):\d+ \(\d+\)|Uvicorn running on https?:\/\/(?:127\.[\d.]+|localhost|\[::1\]):\d+/,
    title: "the server listens on loopback, which only the container itself reaches",
    causes: [
      "gunicorn without `--bind` listens on 127.0.0.1:8000, and uvicorn without `--host` on 127.0.0.1: the Service, and the Ingress behind it, get no answer",
      "a `--bind 127.0.0.1:…` or `--host localhost` kept from testing on a laptop",
    ],
    rules: ["k8s/port-chain"],
  },
  {
    id: "uwsgi-unix-socket-number",
    pattern: /uwsgi socket \d+ bound to UNIX address \d+ fd \d+/,
    title: "uWSGI bound a UNIX socket file named like a port, not a TCP port",
    causes: ["`http-socket = 8080` (or `socket = 8080`) without a `:`: uWSGI takes a value without one for a socket file's path; `:8080` listens on port 8080"],
    rules: ["k8s/port-chain"],
  },
  {
    id: "flask-development-server",
    // "Serving Flask app" comes first, and alone when the server then fails to bind its port.
    pattern: /WARNING: This is a development server\. Do not use it in a production deployment\.|^\s*\* (?:Running on http|Debugger is active!|Serving Flask app )/,
    title: "Flask's development server is running",
    causes: [
      "the container runs `flask run` or `python app.py`, or the module calls `app.run()` on import; the Werkzeug debugger runs code sent by any visitor",
    ],
    rules: ["app/debug-server", "app/import-fails"],
  },
];

/** What uWSGI prints once the app's import has returned, once it goes on without an app, or where it exits before any import. */
const UWSGI_PAST_THE_IMPORT = /WSGI app \d+ \(mountpoint='[^']*'\) ready|unable to load app|\*\*\* no app loaded|spawned uWSGI |\*\*\* uWSGI is running in |^invalid mountpoint: /;
const UWSGI_STARTING = /\*\*\* Starting uWSGI /;

/**
 * Without lazy-apps uWSGI imports the app right after `*** Operational MODE: … ***`, then says
 * whether the app loaded. When the log (or this run of uWSGI in it) ends before uWSGI says more,
 * the run ended in the import: a SystemExit there ends uWSGI silently (docs/uwsgi-behaviour.md § 1).
 */
function logEndsInTheImport(lines: readonly LogLine[], index: number): boolean {
  for (const { text } of lines.slice(index + 1)) {
    if (UWSGI_STARTING.test(text)) return true;
    if (UWSGI_PAST_THE_IMPORT.test(text)) return false;
  }
  return true;
}

/** A line gunicorn's own logger wrote: `[time] [pid] [LEVEL] message`. */
const GUNICORN_LINE = /\[\d+\] \[(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\] /;
const BOOTING = /\bBooting worker with pid: (\d+)/;
const EXITING = /\bWorker exiting \(pid: (\d+)\)/;

/**
 * gunicorn logs `Worker exiting (pid: N)` whenever a worker ends: at shutdown, after a timeout or
 * max_requests, and in the respawn loop a SystemExit at import causes (docs/gunicorn-behaviour.md,
 * top-level-sys-exit). It is the loop when gunicorn logged nothing between worker N's boot and its
 * exit (no signal, timeout or restart; other workers booting or exiting and the app's own output
 * aside), and the next thing gunicorn logs, other workers exiting aside, is another worker booting.
 */
function workerRespawned(lines: readonly LogLine[], index: number): boolean {
  const pid = EXITING.exec(lines[index]!.text)?.[1];
  let before = index - 1;
  for (; before >= 0; before -= 1) {
    const { text } = lines[before]!;
    if (!GUNICORN_LINE.test(text)) continue;
    const worker = (BOOTING.exec(text) ?? EXITING.exec(text))?.[1];
    if (worker === undefined || worker === pid) break;
  }
  if (before < 0 || BOOTING.exec(lines[before]!.text)?.[1] !== pid) return false;
  for (let after = index + 1; after < lines.length; after += 1) {
    const { text } = lines[after]!;
    if (GUNICORN_LINE.test(text) && !EXITING.test(text)) return BOOTING.test(text);
  }
  return false;
}

/**
 * Whether a TypeError was raised by the server's own call of the app: uWSGI prints the exception
 * alone (the call failed before any Python frame ran), gunicorn a traceback whose last frame is
 * its worker's `self.wsgi(environ, resp.start_response)`. A traceback ending in the app's frames
 * is a bug in the app, and gunicorn prints a factory's wrong arguments alone after `Booting
 * worker` when it calls `m:create_app(…)` at boot (then `App failed to load`).
 */
function raisedCallingTheApp(lines: readonly LogLine[], index: number): boolean {
  const previous = lines[index - 1]?.text ?? "";
  if (!/^\s/.test(previous)) return !BOOTING.test(previous);
  for (let at = index - 1; at >= 0 && /^\s/.test(lines[at]!.text); at -= 1) {
    const { text } = lines[at]!;
    if (/^\s*File "/.test(text)) return /gunicorn[\\/]workers[\\/]\w+\.py", line \d+, in handle_request$/.test(text);
    if (/\bself\.wsgi\(environ, resp\.start_response\)/.test(text)) return true;
  }
  return false;
}
