// Every fixable rule has a fixed fixture: what --fix (--fix-unsafe for unsafe fixes) makes of its
// failing fixture, byte for byte, with only that rule enabled (all rules for unused-suppression,
// which judges the others' findings). The fixed files parse, hold nothing
// the rule could still fix, and a second run leaves them alone; the dry-run diff gives the same files.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { exampleDirectory } from "../src/docs/examples.js";
import { lintDirectory, readTree, runCli, type CliRun } from "./helpers.js";

const fixable = allRules.filter((rule) => rule.meta.fixable);

function copyOfFailing(ruleId: string): string {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-fix-"));
  cpSync(exampleDirectory(ruleId, "fail"), directory, { recursive: true });
  return directory;
}

/** Fixes `directory` with only `ruleId` enabled. */
function fixWithOnly(ruleId: string, directory: string, ...flags: string[]): CliRun {
  const others = ruleId === "nw-lint/unused-suppression" ? [] : allRules.filter((rule) => rule.meta.id !== ruleId).flatMap((rule) => ["--rule", `${rule.meta.id}=off`]);
  return runCli([...flags, ".", ...others], { cwd: directory });
}

describe("fixed fixtures", () => {
  it("exist exactly for the rules that declare fixes", () => {
    const withFixed = allRules.filter((rule) => existsSync(exampleDirectory(rule.meta.id, "fixed"))).map((rule) => rule.meta.id);
    expect(withFixed).toEqual(fixable.map((rule) => rule.meta.id));
  });
});

describe.each(fixable.map((rule) => [rule.meta.id, rule.meta.fixable === "unsafe" ? "--fix-unsafe" : "--fix"] as const))("%s (%s)", (ruleId, flag) => {
  let directory: string;
  let first: CliRun;
  beforeAll(() => {
    directory = copyOfFailing(ruleId);
    first = fixWithOnly(ruleId, directory, flag);
  });

  it("turns the failing fixture into the fixed one, byte for byte", () => {
    expect(first.stderr).toBe("");
    expect(readTree(directory)).toEqual(readTree(exampleDirectory(ruleId, "fixed")));
  });

  it("changes nothing on a second run", () => {
    const second = fixWithOnly(ruleId, directory, flag);
    expect(second.stderr).toBe("");
    expect(readTree(directory)).toEqual(readTree(exampleDirectory(ruleId, "fixed")));
  });

  it("leaves files that parse, with nothing left for the rule to fix (at the flag's safety)", () => {
    const left = lintDirectory(exampleDirectory(ruleId, "fixed")).diagnostics;
    expect(left.filter((diagnostic) => diagnostic.ruleId === "yaml/syntax")).toEqual([]);
    expect(left.filter((diagnostic) => diagnostic.ruleId === ruleId && diagnostic.fix && (flag === "--fix-unsafe" || diagnostic.fix.applicability === "safe"))).toEqual([]);
  });

  it("prints a dry-run diff that git apply -p0 turns into the fixed files, and writes nothing itself", () => {
    const copy = copyOfFailing(ruleId);
    const preview = fixWithOnly(ruleId, copy, "--fix-dry-run", ...(flag === "--fix-unsafe" ? [flag] : []));
    expect(preview.status).toBe(first.status);
    expect(readTree(copy)).toEqual(readTree(exampleDirectory(ruleId, "fail")));
    const applied = spawnSync("git", ["apply", "-p0", "-"], { cwd: copy, input: preview.stdout, encoding: "utf8" });
    expect(applied.stderr).toBe("");
    expect(readTree(copy)).toEqual(readTree(exampleDirectory(ruleId, "fixed")));
  });
});
