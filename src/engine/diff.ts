// `--fix-dry-run`: the fixes as one unified diff, with the paths the run shows (relative to the
// working directory), so `patch -p0` run there reproduces `--fix` byte for byte (BOM and CR included).
import { formatPatch, structuredPatch, FILE_HEADERS_ONLY, type StructuredPatchHunk } from "diff";
import type { ChangedSpan, FileChange } from "./fix.js";
import { partitionPoint } from "./sorted.js";
import { rawText } from "./source.js";

/** Lines of unchanged text around each change, as `diff -u` shows. */
const CONTEXT = 3;

export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map((change) => {
      const patch = formatPatch({ oldFileName: change.original.path, newFileName: change.fixed.path, oldHeader: undefined, newHeader: undefined, hunks: hunks(change) }, FILE_HEADERS_ONLY);
      return change.original.path.includes(" ") ? endNamesWithTab(patch) : patch;
    })
    .join("");
}

/** Lines `first` to `last` (counted from 0, inclusive) of the original and of the fixed text. */
interface Region {
  readonly original: readonly [first: number, last: number];
  readonly fixed: readonly [first: number, last: number];
}

/**
 * The diff's hunks, worked out only where the fixes changed the text: the diff library's Myers
 * algorithm takes time in the length of what it compares times the number of lines that differ,
 * which for 8,000 fixes in one file took over two minutes. Each changed span is widened to
 * whole lines; regions that few enough unchanged lines part for their hunks to join are joined;
 * and each region is compared with its context, its hunks then moved to its place in the file.
 */
function hunks({ original, fixed, changed }: FileChange): StructuredPatchHunk[] {
  const [before, after] = [rawText(original), rawText(fixed)];
  const [beforeLines, afterLines] = [lineFeedStarts(before), lineFeedStarts(after)];
  // The spans are offsets in the decoded text; the diff shows a byte-order mark before it.
  const bom = before.length - original.text.length;
  const spans: readonly ChangedSpan[] = changed ?? [{ from: 0, to: fixed.text.length, originalFrom: 0, originalTo: original.text.length }];
  const regions: Region[] = [];
  for (const span of spans) {
    const region: Region = {
      original: [lineAt(beforeLines, span.originalFrom + bom), lineAt(beforeLines, span.originalTo + bom)],
      fixed: [lineAt(afterLines, span.from + bom), lineAt(afterLines, span.to + bom)],
    };
    const last = regions.at(-1);
    if (last && region.original[0] - last.original[1] - 1 <= 2 * CONTEXT) {
      regions[regions.length - 1] = { original: [last.original[0], region.original[1]], fixed: [last.fixed[0], region.fixed[1]] };
    } else {
      regions.push(region);
    }
  }
  const found: StructuredPatchHunk[] = [];
  for (const { original: [first, last], fixed: [fixedFirst, fixedLast] } of regions) {
    // The lines around a region are the same in both texts, as many above and as many below.
    const above = Math.min(CONTEXT, first);
    const below = Math.min(CONTEXT, beforeLines.length - 1 - last);
    const compared = structuredPatch("", "", slice(before, beforeLines, first - above, last + below), slice(after, afterLines, fixedFirst - above, fixedLast + below), undefined, undefined, { context: CONTEXT }).hunks;
    // Where the changed lines repeat the lines beside them, the change may be placed anywhere among
    // the repeats; placed at an edge of what was compared, its hunk lacks context there, and `patch`
    // reads a hunk short of context at one end as anchored to that end of the file. Such a file is
    // compared whole.
    const textAbove = first - above > 0;
    const textBelow = (beforeLines[last + below + 1] ?? before.length) < before.length;
    const [firstHunk, lastHunk] = [compared[0], compared.at(-1)];
    if ((textAbove && firstHunk && contextLines(firstHunk.lines) < CONTEXT) || (textBelow && lastHunk && contextLines([...lastHunk.lines].reverse()) < CONTEXT)) {
      return structuredPatch("", "", before, after, undefined, undefined, { context: CONTEXT }).hunks;
    }
    found.push(...compared.map((hunk) => ({ ...hunk, oldStart: hunk.oldStart + first - above, newStart: hunk.newStart + fixedFirst - above })));
  }
  return found;
}

/** Unchanged lines at the start of a hunk's lines ("\ No newline at end of file" aside). */
function contextLines(lines: readonly string[]): number {
  const shown = lines.filter((line) => !line.startsWith("\\"));
  const changed = shown.findIndex((line) => !line.startsWith(" "));
  return changed === -1 ? shown.length : changed;
}

/**
 * Where each line starts, as the diff library splits lines: after line feeds only (source.ts's
 * lineStarts also breaks YAML at a lone carriage return, and counts without the byte-order mark).
 * After a last line feed an empty line starts, which no diff shows: it places a change at the end
 * of the text.
 */
function lineFeedStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** The line that holds `offset`: the last to start at or before it. */
function lineAt(starts: readonly number[], offset: number): number {
  return partitionPoint(starts, (start) => start > offset) - 1;
}

/** Lines `first` to `last` of the text, inclusive, with their line feeds. */
function slice(text: string, starts: readonly number[], first: number, last: number): string {
  return text.slice(starts[first], starts[last + 1] ?? text.length);
}

/**
 * `patch` reads a file name up to the first white space unless a tab ends it (as `diff -u` writes
 * one before the date); the diff library quotes names with tabs or quotes, not those with spaces.
 */
function endNamesWithTab(patch: string): string {
  const [from, to, ...rest] = patch.split("\n");
  return [`${from}\t`, `${to}\t`, ...rest].join("\n");
}
