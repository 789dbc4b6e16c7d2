// The diff --fix-dry-run prints: worked out only where the fixes changed the text, it must still
// turn each file as read into the fixed file, byte for byte.
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
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

describe("unifiedDiff", () => {
  it("turns each file as read into the fixed file, whatever the passes changed", () => {
    fc.assert(
      fc.property(text, fc.array(pass, { maxLength: 4 }), (original, passes) => {
        const source = createSourceFile("a.yaml", undefined, original, "yaml");
        const { changes, diff } = dryRun(source, passes);
        if (changes.length === 0) expect(diff).toBe("");
        else expect(applyPatch(rawText(source), diff)).toBe(rawText(changes[0]!.fixed));
      }),
      { numRuns: 3000 },
    );
  });

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
