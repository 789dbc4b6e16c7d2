// `--fix-dry-run`: the fixes as one unified diff, with the paths the run shows (relative to the
// working directory), so `patch -p0` run there reproduces `--fix` byte for byte (BOM and CR included).
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { FileChange } from "./fix.js";
import { rawText } from "./source.js";

export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map(({ original, fixed }) => {
      const patch = createTwoFilesPatch(original.path, fixed.path, rawText(original), rawText(fixed), undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
      return original.path.includes(" ") ? endNamesWithTab(patch) : patch;
    })
    .join("");
}

/**
 * `patch` reads a file name up to the first white space unless a tab ends it (as `diff -u` writes
 * one before the date); the diff library quotes names with tabs or quotes, not those with spaces.
 */
function endNamesWithTab(patch: string): string {
  const [from, to, ...rest] = patch.split("\n");
  return [`${from}\t`, `${to}\t`, ...rest].join("\n");
}
