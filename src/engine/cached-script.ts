// Runs a CommonJS file through vm.Script, which on Node 20, unlike an ES module or require(), can
// use V8's code cache: the bundle (src/cli/load-core.ts) and the Kubernetes validators
// (src/languages/k8s/schema-validation.ts), written by scripts/code-cache.mjs.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

type CommonJsWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * Compiles `file` as CommonJS and runs it: its exports, and the script (whose compiled code
 * `createCachedData` gives). V8 uses the code cache at `cachePath` only if its version and flags
 * wrote it for a source of the same length (it compares no more), and otherwise compiles anew.
 */
export function runCommonJs<Exports extends object>(file: string, cachePath: string | undefined): { exports: Exports; script: Script } {
  const cachedData = cachePath !== undefined && existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Exports };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}
