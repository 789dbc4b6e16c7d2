// nw-lint's code is one CommonJS bundle, dist/cli/core.cjs (scripts/bundle.mjs), which the command
// (launch-cli.ts) and each worker thread (launch-worker.ts) load through here with V8's code cache,
// dist/cli/core.bin (scripts/code-cache.mjs). Node 20 gives a code cache only to a script compiled
// with vm.Script, not to ES modules, and compiling the bundle anew was a third of a one-file run.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** What the bundle exports (core.ts). */
export interface Core {
  startCli(): Promise<unknown>;
  startWorker(): Promise<unknown>;
}

type CommonJsWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * V8 checks a code cache against its version and flags and only the *length* of the source, so
 * the cache lives beside the bundle in dist/cli/, which every build empties first.
 */
export const coreCodeCachePath = (cliDirectory: string): string => join(cliDirectory, "core.bin");

/** Compiles and evaluates the bundle in `cliDirectory`, with its code cache when asked and built (V8 compiles anew when it rejects it). */
export function loadCore(cliDirectory: string, { codeCache = true } = {}): { core: Core; script: Script } {
  const file = join(cliDirectory, "core.cjs");
  const cachePath = coreCodeCachePath(cliDirectory);
  const cachedData = codeCache && existsSync(cachePath) ? readFileSync(cachePath) : undefined;
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Core };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, dirname(file));
  return { core: module.exports, script };
}
