// Each fixture's verdict.json records what real gunicorn (or uvicorn) did; this test keeps
// the record honest by running the server again on every fixture.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gunicornAvailable, runGunicorn, uvicornAvailable } from "./gunicorn-harness.js";

const ROOT = new URL("../../fixtures/apps/gunicorn/", import.meta.url).pathname;

interface Command {
  readonly argv: string[];
  readonly cwd: string;
}

interface Verdict {
  readonly boots: boolean;
  readonly why: string;
  readonly expectRules: string[];
}

const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(ROOT, dir, file), "utf8")) as T;

const fixtures = readdirSync(ROOT)
  .sort()
  .map((name) => ({ name, command: readJson<Command>(name, "command.json"), verdict: readJson<Verdict>(name, "verdict.json") }));

describe("fixture apps", () => {
  it.each(fixtures)("$name: a failing app names the rules that explain it", ({ verdict }) => {
    expect(verdict.expectRules.length > 0).toBe(!verdict.boots);
  });
});

const available = { gunicorn: gunicornAvailable(), uvicorn: uvicornAvailable() };

describe("real gunicorn and uvicorn agree with verdict.json", () => {
  // A server that is not installed shows as skipped tests (scripts/install-integration-deps.sh installs both).
  it.concurrent.for(fixtures)("$name", { timeout: 20_000 }, async ({ name, command, verdict }, { skip }) => {
    skip(!available[command.argv[0] as keyof typeof available], `${command.argv[0]} is not installed`);
    const run = await runGunicorn(join(ROOT, name), command.argv, command.cwd);
    expect(run.boots, run.log).toBe(verdict.boots);
  });
});
