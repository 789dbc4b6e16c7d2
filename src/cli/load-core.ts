// nw-lint's code is one CommonJS bundle, dist/cli/core.cjs (scripts/bundle.mjs), which the command
// (launch-cli.ts) and each worker thread (launch-worker.ts) load through here with V8's code cache,
// dist/cli/core.bin (scripts/code-cache.mjs): compiling the bundle anew was a third of a one-file run.
import { join } from "node:path";
import type { Script } from "node:vm";
import { runCommonJs } from "../engine/cached-script.js";

/** What the bundle exports (core.ts). */
export interface Core {
  startCli(): Promise<unknown>;
  startWorker(): Promise<unknown>;
}

/** In dist/cli/, which every build empties first: V8 would take a stale cache for a new bundle of the same length. */
export const coreCodeCachePath = (cliDirectory: string): string => join(cliDirectory, "core.bin");

/** Compiles and evaluates the bundle in `cliDirectory`, with its code cache unless told not to. */
export function loadCore(cliDirectory: string, { codeCache = true } = {}): { core: Core; script: Script } {
  const { exports, script } = runCommonJs<Core>(join(cliDirectory, "core.cjs"), codeCache ? coreCodeCachePath(cliDirectory) : undefined);
  return { core: exports, script };
}
