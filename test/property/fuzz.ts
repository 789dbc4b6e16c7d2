// The property every input must keep: nw-lint lints it without an exception, every diagnostic
// sits inside its file, and every report renders (JSON and SARIF parse). Runs and seed come
// from the environment.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { allRules } from "../../rules/index.js";
import { docsUrl, packageVersion } from "../../src/engine/package.js";
import { lineStarts } from "../../src/engine/source.js";
import type { Diagnostic, LintReport, SourceFile } from "../../src/engine/types.js";
import type * as Sarif from "sarif";
import type { FormatterContext } from "../../src/formatters/context.js";
import { format as github } from "../../src/formatters/github.js";
import { format as json } from "../../src/formatters/json.js";
import { sarifText } from "../formatters/report-builder.js";
import { format as stylish } from "../../src/formatters/stylish.js";
import { lintDirectory } from "../helpers.js";
import { APP_INI } from "./ini-inputs.js";
import { APP_PY } from "./python-inputs.js";
import { DEPLOYMENT } from "./yaml-inputs.js";

/** Inputs per language: NW_LINT_FUZZ_RUNS, 2,000 by default (CI); `npm run fuzz:long` asks for 50,000. */
export const FUZZ_RUNS = Number(process.env.NW_LINT_FUZZ_RUNS ?? 2_000);

/** A fixed seed unless NW_LINT_FUZZ_SEED says otherwise ("random": a new one each run, printed on failure). */
const seedSetting = process.env.NW_LINT_FUZZ_SEED ?? "20261125";
const SEED = seedSetting === "random" ? undefined : Number(seedSetting);

export function fuzzParameters(numRuns = FUZZ_RUNS): fc.Parameters<unknown> {
  return { numRuns, ...(SEED === undefined ? {} : { seed: SEED }) };
}

/**
 * Long enough for the long run's 50,000 inputs on CI's two cores, and for the 2,000 ini inputs
 * (each a directory written and linted) on a slow day: 96–106 s on 28 November.
 */
export const FUZZ_TIMEOUT_MS = Math.max(240_000, FUZZ_RUNS * 60);

/**
 * An app directory as Spin runs it: the deployment starts uWSGI with app.ini, which loads
 * app.py. Each fuzzed input replaces one file (only ever that one), so the uWSGI and Python
 * rules read whichever one is damaged once the engine supports them.
 */
export type AppFile = "deploy.yaml" | "app.ini" | "app.py";
const HEALTHY: Readonly<Record<AppFile | "Dockerfile", string>> = {
  "deploy.yaml": DEPLOYMENT,
  "app.ini": APP_INI,
  "app.py": APP_PY,
  Dockerfile: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ["uwsgi", "--ini", "app.ini"]\n',
};

/** `write` puts one file (an app file, or another such as the config) and returns the directory. */
export function withAppDirectory(use: (write: (file: AppFile | ".nw-lint.yaml", bytes: Buffer) => string) => void): void {
  const directory = mkdtempSync(join(SCRATCH, "nw-lint-fuzz-"));
  for (const [name, text] of Object.entries(HEALTHY)) writeFileSync(join(directory, name), text);
  try {
    use((file, bytes) => {
      writeFileSync(join(directory, file), bytes);
      return directory;
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Memory-backed when the machine has it: a disk write costs more than linting a small file. */
const SCRATCH = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

/** Lints the directory in-process, as the CLI does, and checks the report. */
export function lintsSoundly(directory: string): void {
  const report = lintDirectory(directory);
  expectDiagnosticsInside(report.files, report.diagnostics);
  expectReportsParse(report, directory);
}

type Located = Pick<Diagnostic, "ruleId" | "file" | "line" | "column" | "endLine" | "endColumn" | "related">;

export function expectDiagnosticsInside(sources: readonly SourceFile[], diagnostics: readonly Located[]): void {
  const files = new Map(sources.map((file) => [file.path, file]));
  for (const diagnostic of diagnostics) {
    for (const location of [diagnostic, ...(diagnostic.related ?? [])]) {
      const file = files.get(location.file);
      // Read problems name files (or directories) that were never read: they sit at 1:1.
      const text = file?.text ?? "";
      const starts = file ? lineStarts(file) : [0];
      const lineLength = (line: number) => text.slice(starts[line - 1], line < starts.length ? starts[line]! - 1 : text.length).replace(/\r$/, "").length;
      const lineAt = (line: number) => JSON.stringify(text.slice(starts[line - 1], starts[line] ?? text.length));
      const where = `${diagnostic.ruleId} at ${location.file}:${location.line}:${location.column}-${location.endLine}:${location.endColumn} (lines ${lineAt(location.line)} … ${lineAt(location.endLine)})`;
      expect(location.line, where).toBeGreaterThanOrEqual(1);
      expect(location.endLine, where).toBeLessThanOrEqual(starts.length);
      expect(location.column, where).toBeGreaterThanOrEqual(1);
      expect(location.column, where).toBeLessThanOrEqual(lineLength(location.line) + 1);
      expect(location.endColumn, where).toBeGreaterThanOrEqual(1);
      expect(location.endColumn, where).toBeLessThanOrEqual(lineLength(location.endLine) + 1);
      expect(location.endLine > location.line || (location.endLine === location.line && location.endColumn >= location.column), where).toBe(true);
    }
  }
}

/** Every format renders; JSON and SARIF parse, and SARIF's regions are the diagnostics' positions. */
function expectReportsParse(report: LintReport, cwd: string): void {
  const context: FormatterContext = { rules: allRules.map((rule) => rule.meta), toolVersion: packageVersion, cwd, sourceRoot: cwd, docsUrl, color: false, quiet: false };
  const parsed = JSON.parse(json(report, context)) as { diagnostics: unknown[] };
  expect(parsed.diagnostics).toHaveLength(report.diagnostics.filter((diagnostic) => !diagnostic.suppressed).length);
  const log = JSON.parse(sarifText(report, context)) as Sarif.Log;
  const regions = (log.runs[0]?.results ?? []).map((result) => result.locations?.[0]?.physicalLocation?.region);
  expect(regions).toEqual(report.diagnostics.map((d) => ({ startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn })));
  expect(typeof stylish(report, context)).toBe("string");
  expect(typeof github(report, context)).toBe("string");
}
