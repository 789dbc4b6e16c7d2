// The fix loop on its own: which fixes a pass takes, how passes repeat, and what it refuses.
import { describe, expect, it } from "vitest";
import { applyFixes, fixFiles, MAX_PASSES } from "../src/engine/fix.js";
import { createSourceFile } from "../src/engine/source.js";
import type { Diagnostic, DiagnosticFix, FixApplicability, LintReport, SourceFile } from "../src/engine/types.js";

const file = (text: string, path = "a.yaml") => createSourceFile(path, `/tmp/${path}`, text, "yaml");

function fix(edits: [number, number, string][], applicability: FixApplicability = "safe", path = "a.yaml"): DiagnosticFix {
  return { title: "t", applicability, edits: edits.map(([start, end, text]) => ({ file: path, start, end, text })) };
}

function diagnostic(path: string, fixed: DiagnosticFix | undefined, ruleId = "test/rule"): Diagnostic {
  return {
    ruleId, severity: "error", file: path, line: 1, column: 1, endLine: 1, endColumn: 1, message: "m", docsUrl: "", start: 0, end: 0,
    ...(fixed ? { fix: fixed } : {}),
  };
}

describe("applyFixes", () => {
  it("applies edits that neither overlap nor touch, and keeps a fix's own edits together", () => {
    const result = applyFixes([file("abcdef")], [fix([[0, 1, "A"], [4, 5, "E"]]), fix([[2, 3, "C"]])]);
    expect(result.files[0]!.text).toBe("AbCdEf");
    expect(result.applied).toHaveLength(2);
  });

  it("leaves a fix that overlaps or touches one taken before it for the next pass", () => {
    const first = fix([[1, 3, "X"]]);
    const overlapping = fix([[2, 4, "Y"]]);
    const touching = fix([[3, 3, "Z"]]);
    const result = applyFixes([file("abcdef")], [touching, overlapping, first]);
    expect(result.files[0]!.text).toBe("aXdef");
    expect(result.applied).toEqual([first]);
  });

  it("skips a fix whose own edits overlap, or that edits a file it was not given", () => {
    const result = applyFixes([file("abcdef")], [fix([[0, 3, ""], [2, 4, "x"]]), fix([[0, 1, "x"]], "safe", "elsewhere.yaml")]);
    expect(result.files[0]!.text).toBe("abcdef");
    expect(result.applied).toEqual([]);
  });

  it("puts an insertion before a deletion that starts where it is", () => {
    expect(applyFixes([file("abcdef")], [fix([[2, 4, ""], [2, 2, "XY"]])]).files[0]!.text).toBe("abXYef");
  });
});

/** A linter that reports one fixable diagnostic per `x` in a file, each fix turning it into `y`. */
function xToY(applicability: FixApplicability = "safe") {
  let runs = 0;
  const lintFiles = (files: readonly SourceFile[]): LintReport => {
    runs += 1;
    const diagnostics = files.flatMap((source) =>
      [...source.text.matchAll(/x/g)].map((match) => diagnostic(source.path, fix([[match.index, match.index + 1, "y"]], applicability, source.path))),
    );
    return { diagnostics, files };
  };
  return { lintFiles, runs: () => runs };
}

describe("fixFiles", () => {
  it("re-lints and repeats until nothing is fixable, reporting what is left", () => {
    const linter = xToY();
    const run = fixFiles([file("xxx")], linter.lintFiles, "safe");
    // Touching fixes wait: the first pass fixes x.x, the second the middle one.
    expect(run.changes.map((change) => change.fixed.text)).toEqual(["yyy"]);
    expect(run.report.diagnostics).toEqual([]);
    expect(linter.runs()).toBe(3);
  });

  it("stops after MAX_PASSES when fixes keep finding more to fix", () => {
    let runs = 0;
    const endless = (files: readonly SourceFile[]): LintReport => {
      runs += 1;
      return { diagnostics: [diagnostic("a.yaml", fix([[0, 0, "#"]]))], files };
    };
    const run = fixFiles([file("a: 1\n")], endless, "safe");
    expect(runs).toBe(MAX_PASSES + 1);
    expect(run.changes[0]!.fixed.text).toBe(`${"#".repeat(MAX_PASSES)}a: 1\n`);
  });

  it("applies unsafe fixes only when asked, and never suppressed ones", () => {
    expect(fixFiles([file("x")], xToY("unsafe").lintFiles, "safe").changes).toEqual([]);
    expect(fixFiles([file("x")], xToY("unsafe").lintFiles, "unsafe").changes).toHaveLength(1);
    const suppressed = (files: readonly SourceFile[]): LintReport => ({
      diagnostics: [{ ...diagnostic("a.yaml", fix([[0, 1, "y"]])), suppressed: { kind: "comment" } }],
      files,
    });
    expect(fixFiles([file("x")], suppressed, "unsafe").changes).toEqual([]);
  });

  it("refuses a fix that would leave its file unparsable, says so, and applies the file's other fixes", () => {
    const breaking = (files: readonly SourceFile[]): LintReport => ({
      diagnostics: [
        diagnostic("a.yaml", fix([[0, 0, "["]])),
        ...(files[0]!.text.startsWith("b") ? [] : [{ ...diagnostic("a.yaml", fix([[0, 1, "b"]])), message: "another" }]),
        diagnostic("b.yaml", fix([[0, 1, "y"]], "safe", "b.yaml")),
      ],
      files,
    });
    const run = fixFiles([file("a: 1\n"), file("x: 1\n", "b.yaml")], breaking, "safe");
    expect(run.refused.map((refused) => refused.file)).toEqual(["a.yaml"]);
    expect(run.changes.map((change) => [change.fixed.path, change.fixed.text])).toEqual([["a.yaml", "b: 1\n"], ["b.yaml", "y: 1\n"]]);
  });

  it("refuses a breaking fix for its object only: the same fix for another object still applies", () => {
    const twoObjects = (files: readonly SourceFile[]): LintReport => ({
      diagnostics: [
        { ...diagnostic("a.yaml", fix([[0, 0, "["]])), object: { kind: "Pod", namespace: "a", name: "one" } },
        ...(files[0]!.text.includes("y") ? [] : [{ ...diagnostic("a.yaml", fix([[5, 6, "y"]])), object: { kind: "Pod", namespace: "a", name: "two" } }]),
      ],
      files,
    });
    const run = fixFiles([file("a: 1\nx: 2\n")], twoObjects, "safe");
    expect(run.refused).toEqual([{ file: "a.yaml", ruleId: "test/rule", title: "t" }]);
    expect(run.changes.map((change) => change.fixed.text)).toEqual(["a: 1\ny: 2\n"]);
    // What is left is not offered as fixable again.
    expect(run.report.diagnostics.map((diagnostic) => [diagnostic.object?.name, diagnostic.fix])).toEqual([["one", undefined]]);
  });

  it("undoes a pass that leaves a JSON file valid YAML but not JSON", () => {
    const unquoting = (files: readonly SourceFile[]): LintReport => ({ diagnostics: [diagnostic("a.json", fix([[1, 4, "a"]], "safe", "a.json"))], files });
    const run = fixFiles([file('{"a": 1}\n', "a.json")], unquoting, "safe");
    expect(run.refused.map((refused) => refused.file)).toEqual(["a.json"]);
    expect(run.changes).toEqual([]);
  });
});
