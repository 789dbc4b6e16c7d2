// Preloaded into the CLI by test/no-exec.test.ts (node --require): every way for the process
// to run a program, load native code, open a connection or start a worker throws, after
// appending a line naming it to $NW_LINT_GUARD_LOG.
"use strict";
const fs = require("node:fs");

function forbid(owner, name, label) {
  if (typeof owner[name] !== "function") return;
  owner[name] = function forbidden() {
    fs.appendFileSync(process.env.NW_LINT_GUARD_LOG, `${label}\n`);
    throw new Error(`nw-lint must not call ${label}`);
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
  worker_threads: ["Worker"],
};
for (const [module, names] of Object.entries(FORBIDDEN)) {
  for (const name of names) forbid(require(`node:${module}`), name, `${module}.${name}`);
}
forbid(require("node:net").Socket.prototype, "connect", "net.Socket#connect");
forbid(require("node:dns").promises, "lookup", "dns.promises.lookup");
forbid(globalThis, "fetch", "fetch");
forbid(process, "dlopen", "process.dlopen");
// ESM imports of builtins see the patched functions only after this.
require("node:module").syncBuiltinESMExports();
