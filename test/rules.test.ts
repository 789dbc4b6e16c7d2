// Every rule has a failing and a passing fixture; markers (`# expect: RULE`) give the exact lines.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { exampleDirectory, exampleFiles, expectations } from "../src/docs/examples.js";
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

  it("stays silent on its passing fixture", () => {
    const directory = exampleDirectory(ruleId, "pass");
    expect(exampleFiles(directory).length).toBeGreaterThan(0);
    const reported = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId && !diagnostic.suppressed);
    expect(reported.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
  });
});
