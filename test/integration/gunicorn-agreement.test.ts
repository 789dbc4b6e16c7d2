// nw-lint against the real gunicorn and uvicorn: for every fixture app in fixtures/apps/gunicorn,
// nw-lint's verdict ("the app boots" = no diagnostic with effect wont-start) is what the server did
// (verdict.json `boots`, kept honest by gunicorn-fixtures.test.ts, which reruns the servers), and
// a failure is explained by exactly the rules the verdict names. Each fixture is linted as the
// harness runs it: its command, started in its `cwd`, from an image holding the fixture directory.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintFixtureApp } from "./gunicorn-lint.js";

const ROOT = new URL("../../fixtures/apps/gunicorn/", import.meta.url).pathname;

interface Verdict {
  readonly boots: boolean;
  readonly expectRules: readonly string[];
}

const fixtures = readdirSync(ROOT)
  .sort()
  .map((name) => ({ name, dir: join(ROOT, name), verdict: JSON.parse(readFileSync(join(ROOT, name, "verdict.json"), "utf8")) as Verdict }));

describe("nw-lint agrees with the real gunicorn and uvicorn on every fixture app", () => {
  it("has at least 20 fixtures, booting and failing", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.some(({ verdict }) => verdict.boots)).toBe(true);
    expect(fixtures.some(({ verdict }) => !verdict.boots)).toBe(true);
  });

  it.each(fixtures)("$name", ({ dir, verdict }) => {
    const diagnostics = lintFixtureApp(dir).diagnostics.filter((diagnostic) => !diagnostic.suppressed);
    const wontStart = diagnostics.filter((diagnostic) => diagnostic.effect === "wont-start");
    const explainedBy = [...new Set(wontStart.map((diagnostic) => diagnostic.ruleId))].sort();
    const shown = diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.ruleId} [${diagnostic.effect ?? "advice"}] ${diagnostic.message}`).join("\n");
    expect({ boots: wontStart.length === 0, explainedBy }, shown).toEqual({ boots: verdict.boots, explainedBy: [...verdict.expectRules].sort() });
  });
});
