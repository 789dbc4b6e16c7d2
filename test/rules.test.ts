// Every rule has a failing and a passing fixture; markers (`# expect: RULE`) give the exact lines.
// The fixtures are the examples of the rule's page, which must show the rule where they claim.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules, findRule } from "../rules/index.js";
import { exampleDirectory, exampleFiles, expectations, loadExample } from "../src/docs/examples.js";
import { rulePage } from "../src/docs/rule-page.js";
import type { Diagnostic } from "../src/engine/types.js";
import { lintDirectory } from "./helpers.js";

/** Rules the engine reports about files it could not read; covered by test/cli.test.ts. */
const WITHOUT_FIXTURES = new Set(["nw-lint/unreadable-file"]);

const located = (file: string, line: number, ruleId: string) => `${file}:${line} ${ruleId}`;

describe.each(allRules.filter((rule) => !WITHOUT_FIXTURES.has(rule.meta.id)).map((rule) => rule.meta.id))("%s", (ruleId) => {
  it("reports exactly the marked lines of its failing fixture", () => {
    const directory = exampleDirectory(ruleId, "fail");
    const wanted = expectations(exampleFiles(directory));
    expect(wanted.filter((expectation) => expectation.ruleId === ruleId).length).toBeGreaterThan(0);
    const reported = lintDirectory(directory).diagnostics.filter((diagnostic) => !diagnostic.suppressed);
    const reportedHere = reported.filter((diagnostic) => diagnostic.ruleId === ruleId).map((d) => located(d.file, d.line, d.ruleId));
    const wantedHere = wanted.filter((expectation) => expectation.ruleId === ruleId).map((e) => located(e.file, e.line, e.ruleId));
    expect([...new Set(reportedHere)].sort()).toEqual([...new Set(wantedHere)].sort());
    const reportedAll = new Set(reported.map((d) => located(d.file, d.line, d.ruleId)));
    for (const other of wanted.filter((expectation) => expectation.ruleId !== ruleId)) {
      expect(reportedAll).toContain(located(other.file, other.line, other.ruleId));
    }
  });

  it("has a page with both examples: the failing one shows the rule at the marked lines, the passing one does not", () => {
    const failing = loadExample(ruleId, "fail");
    const passing = loadExample(ruleId, "pass");
    expect(failing?.marked.length).toBeGreaterThan(0);
    expect(passing?.report.diagnostics).toEqual([]);
    const shown = failing!.report.diagnostics;
    expect([...new Set(shown.map((d) => located(d.file, d.line, d.ruleId)))].sort()).toEqual(
      [...new Set(failing!.marked.map((e) => located(e.file, e.line, e.ruleId)))].sort(),
    );
    const page = rulePage(findRule(ruleId)!.meta);
    for (const heading of ["## Example", "## Use instead"]) expect(page).toContain(heading);
    for (const diagnostic of shown) expect(page).toContain(`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity} ${diagnostic.message}`);
  });

  it("shows on its page what nw-lint reports on the example as shown, messages included", () => {
    const failing = loadExample(ruleId, "fail")!;
    const copy = join(mkdtempSync(join(tmpdir(), "nw-lint-page-")), "fail");
    for (const file of failing.files) {
      mkdirSync(dirname(join(copy, file.path)), { recursive: true });
      writeFileSync(join(copy, file.path), file.text);
    }
    const ofRule = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.ruleId === ruleId && !d.suppressed).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    expect(ofRule(failing.report.diagnostics)).toEqual(ofRule(lintDirectory(copy).diagnostics));
  });
});
