// The diff --fix-dry-run prints: worked out only where the fixes changed the text, it must still
// turn each file as read into the fixed file, byte for byte.
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY, parsePatch } from "diff";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../src/engine/diff.js";
import { fixFiles } from "../src/engine/fix.js";
import { createSourceFile, rawText } from "../src/engine/source.js";
import type { Diagnostic, LintReport, SourceFile } from "../src/engine/types.js";

type Edit = { readonly start: number; readonly end: number; readonly text: string };
/** What one pass offers to fix in the text it reads, as edits. */
type Pass = (text: string) => readonly Edit[];

/** A linter whose nth run offers the nth pass's edits as fixes, and nothing after the last pass. */
function linter(passes: readonly Pass[]) {
  let run = 0;
  return (files: readonly SourceFile[]): LintReport => {
    const source = files[0]!;
    const edits = passes[run++]?.(source.text) ?? [];
    const diagnostics: Diagnostic[] = edits.map(({ start, end, text }) => ({
      ruleId: "test/rule", severity: "error", file: source.path, line: 1, column: 1, endLine: 1, endColumn: 1, message: "m", docsUrl: "", start, end,
      fix: { title: "t", applicability: "safe", edits: [{ file: source.path, start, end, text }] },
    }));
    return { diagnostics, files };
  };
}

function dryRun(source: SourceFile, passes: readonly Pass[]) {
  const { changes } = fixFiles([source], linter(passes), "safe");
  return { changes, diff: unifiedDiff(changes) };
}

const LINES = ["a: 1", "b: 2", "  - ALL", "", "drop: [ALL]", "x\r", "# c"];
const text = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...LINES), { maxLength: 60 }), fc.constantFrom("\n", ""))
  .map(([bom, lines, end]) => `${bom ? "\uFEFF" : ""}${lines.join("\n")}${lines.length > 0 ? end : ""}`);
/** An edit placed by a fraction of the text it meets, so that it fits whatever text its pass reads. */
const plannedEdit = fc.record({ at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), length: fc.nat(12), text: fc.constantFrom("", "y", "\n", "z: 3\n", "\n  - q\n", "\r\n") });
const pass = fc.array(plannedEdit, { maxLength: 6 }).map((planned): Pass => (current) =>
  planned.map(({ at, length, text }) => {
    const start = Math.floor(at * current.length);
    return { start, end: Math.min(current.length, start + length), text };
  }),
);

/**
 * Whether every hunk shows three unchanged lines on each side, or all there are: GNU patch takes a
 * hunk short of context at one end for one anchored to that end of the file, and refuses it elsewhere.
 */
function hasFullContext(diff: string, original: string): boolean {
  const lineCount = original === "" ? 0 : original.split("\n").length - (original.endsWith("\n") ? 1 : 0);
  return parsePatch(diff).every(({ hunks }) =>
    hunks.every(({ oldStart, oldLines, lines }) => {
      const shown = lines.filter((line) => !line.startsWith("\\"));
      const unchanged = (sequence: readonly string[]) => sequence.findIndex((line) => !line.startsWith(" "));
      return (unchanged(shown) === 3 || oldStart === 1) && (unchanged([...shown].reverse()) === 3 || oldStart - 1 + oldLines === lineCount);
    }),
  );
}

const insert = (start: number, text: string): Pass => () => [{ start, end: start, text }];

describe("unifiedDiff", () => {
  it("turns each file as read into the fixed file, whatever the passes changed", () => {
    fc.assert(
      fc.property(text, fc.array(pass, { maxLength: 4 }), (original, passes) => {
        const source = createSourceFile("a.yaml", undefined, original, "yaml");
        const { changes, diff } = dryRun(source, passes);
        if (changes.length === 0) {
          expect(diff).toBe("");
        } else {
          expect(applyPatch(rawText(source), diff)).toBe(rawText(changes[0]!.fixed));
          expect(hasFullContext(diff, rawText(source))).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("shows the context patch needs where the changed lines repeat the lines beside them", () => {
    const cases: [string, Pass][] = [
      ["\n\n\n\nend\n", insert(0, "\n")],
      ["\r\n\n\na: 1\nx\r\r\n", insert(1, "\n")],
      ["top\n\n\n\n\nend\n", () => [{ start: 4, end: 5, text: "" }]],
      [`${"- ALL\n".repeat(20)}end\n`, insert(60, "- ALL\n")],
    ];
    for (const [original, pass] of cases) {
      const source = createSourceFile("a.yaml", undefined, original, "yaml");
      const { changes, diff } = dryRun(source, [pass]);
      expect(applyPatch(original, diff)).toBe(rawText(changes[0]!.fixed));
      expect(hasFullContext(diff, original)).toBe(true);
    }
  });

  it("shows full context for any fixes among runs of repeated lines", () => {
    const runs = fc.array(fc.tuple(fc.constantFrom("", "- ALL", "a: 1"), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 8 });
    const repeated = runs.map((parts) => parts.map(([line, count]) => `${line}\n`.repeat(count)).join(""));
    const lineEdit = fc.record({ at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), remove: fc.boolean(), text: fc.constantFrom("\n", "- ALL\n", "a: 1\n", "- ALL\n- ALL\n") });
    const linePass = fc.array(lineEdit, { maxLength: 4 }).map((planned): Pass => (current) => {
      const starts = [0, ...[...current.matchAll(/\n/g)].map((match) => match.index + 1).filter((start) => start < current.length)];
      return planned.map(({ at, remove, text }) => {
        const index = Math.floor(at * starts.length);
        const [start, end] = [starts[index] ?? current.length, starts[index + 1] ?? current.length];
        return remove ? { start, end, text: "" } : { start, end: start, text };
      });
    });
    fc.assert(
      fc.property(repeated, fc.array(linePass, { minLength: 1, maxLength: 3 }), (original, passes) => {
        const source = createSourceFile("a.yaml", undefined, original, "yaml");
        const { changes, diff } = dryRun(source, passes);
        if (changes.length === 0) return;
        expect(applyPatch(original, diff)).toBe(rawText(changes[0]!.fixed));
        expect(hasFullContext(diff, original)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("is the diff of the whole files for fixes scattered through a long file", () => {
    const lines = Array.from({ length: 2000 }, (_, index) => (index % 10 === 3 ? `  x${index}: 1` : `key${index}: value`));
    const source = createSourceFile("deploy.yaml", undefined, `${lines.join("\n")}\n`, "yaml");
    // Every tenth line is changed, and every fortieth gains a line.
    const xs: Pass = (current) => [...current.matchAll(/x(\d+): 1/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, text: Number(match[1]) % 40 === 3 ? `y${match[1]}: 2\n  z: 3` : `y${match[1]}: 2` }));
    const { changes, diff } = dryRun(source, [xs]);
    const whole = createTwoFilesPatch("deploy.yaml", "deploy.yaml", rawText(source), rawText(changes[0]!.fixed), undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
    expect(diff).toBe(whole);
    expect(diff.match(/^@@/gm)).toHaveLength(200);
  });
});
