// Preloaded into the CLI by test/no-exec.test.ts (node --require), in its worker threads too:
// every way for the process to run a program, load native code, open a connection or start
// a worker on anything but nw-lint's own built modules throws, after appending a line naming
// it to $NW_LINT_GUARD_LOG.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { fileURLToPath } = require("node:url");

const BUILT = path.resolve(__dirname, "..", "..", "dist") + path.sep;

function record(label) {
  fs.appendFileSync(process.env.NW_LINT_GUARD_LOG, `${label}\n`);
  return new Error(`nw-lint must not call ${label}`);
}

function forbid(owner, name, label) {
  if (typeof owner[name] !== "function") return;
  owner[name] = function forbidden() {
    throw record(label);
  };
}

/** nw-lint lints in worker threads that run its own built modules; any other worker is refused. */
function allowOwnWorkers(workerThreads) {
  const Original = workerThreads.Worker;
  workerThreads.Worker = class GuardedWorker extends Original {
    constructor(script, options) {
      const file = script instanceof URL ? fileURLToPath(script) : String(script);
      if (options?.eval || !path.resolve(file).startsWith(BUILT)) throw record("worker_threads.Worker");
      super(script, options);
    }
  };
}

const FORBIDDEN = {
  child_process: ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"],
  net: ["connect", "createConnection", "createServer"],
  tls: ["connect"],
  http: ["request", "get", "createServer"],
  https: ["request", "get", "createServer"],
  http2: ["connect"],
  dns: ["lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny"],
  dgram: ["createSocket"],
};
for (const [module, names] of Object.entries(FORBIDDEN)) {
  for (const name of names) forbid(require(`node:${module}`), name, `${module}.${name}`);
}
forbid(require("node:net").Socket.prototype, "connect", "net.Socket#connect");
forbid(require("node:dns").promises, "lookup", "dns.promises.lookup");
forbid(globalThis, "fetch", "fetch");
forbid(process, "dlopen", "process.dlopen");
allowOwnWorkers(require("node:worker_threads"));
// ESM imports of builtins see the patched functions only after this.
require("node:module").syncBuiltinESMExports();
