#!/usr/bin/env node
// Correctness at scale: on a generated corpus nw-lint must find exactly the injected
// violations listed in MANIFEST.json, for the rules that cover them (per app and rule).
//   node bench/check-manifest.mjs [--n 200] [--shared DIR]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, corpus, sharedBench } from "./corpus.mjs";

const RULE_OF_KIND = {
  "caps-not-dropped": "spin/capabilities-drop-all",
  "caps-add-extra": "spin/capabilities-add-forbidden",
  "uid-in-args": "spin/user-in-command",
  "ini-sets-uid": "uwsgi/uid-gid-option",
  "callable-wrapped-in-function": "uwsgi/callable-not-found",
  "static-readonly": "spin/static-read-only",
  "ingress-host-mismatch": "spin/ingress-host",
  "service-targetport-mismatch": "k8s/port-chain",
};

const argv = process.argv.slice(2);
const n = Number(argv[argv.indexOf("--n") + 1]) || 200;
const dir = corpus(sharedBench(argv), n);
const manifest = JSON.parse(readFileSync(join(dir, "MANIFEST.json"), "utf8"));
const run = spawnSync(process.execPath, [cli, ".", "--format", "json"], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
if (run.status !== 0 && run.status !== 1) {
  console.error(`check-manifest: nw-lint failed (${run.status}): ${run.stderr}`);
  process.exit(2);
}
const diagnostics = JSON.parse(run.stdout).diagnostics;
const appOf = (file) => file.split("/")[0];
const key = (app, rule) => `${app} ${rule}`;
const rules = new Set(Object.values(RULE_OF_KIND));
const expected = new Set(manifest.violations.filter((v) => RULE_OF_KIND[v.kind]).map((v) => key(v.app, RULE_OF_KIND[v.kind])));
const found = new Set(diagnostics.filter((d) => rules.has(d.ruleId)).map((d) => key(appOf(d.file), d.ruleId)));
const missing = [...expected].filter((k) => !found.has(k));
const extra = [...found].filter((k) => !expected.has(k));
for (const k of missing) console.log(`missing ${k}`);
for (const k of extra) console.log(`extra   ${k}`);
console.log(`manifest: ${expected.size - missing.length} passed, ${missing.length + extra.length} failed`);
process.exit(missing.length + extra.length > 0 ? 1 : 0);
