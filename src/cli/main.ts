#!/usr/bin/env node
// The nw-lint command: parse options, run the subcommand, print, exit 0/1/2.
import { allRules } from "../../rules/index.js";
import { RunError } from "../engine/errors.js";
import { docsUrl, packageVersion } from "../engine/package.js";
import type { Diagnostic, LintReport } from "../engine/types.js";
import { loadFormatter } from "../formatters/context.js";
import { visibleDiagnostics } from "../formatters/summary.js";
import { runDiagnose } from "./diagnose.js";
import { explain, rulesTable } from "./explain.js";
import { lintPaths } from "./lint-paths.js";
import { HELP, parseCliOptions, type CliOptions } from "./options.js";
import { useColor, writeOutput } from "./output.js";

async function main(argv: readonly string[]): Promise<number> {
  const options = parseCliOptions(argv);
  switch (options.command) {
    case "help":
      process.stdout.write(HELP);
      return 0;
    case "version":
      process.stdout.write(`nw-lint ${packageVersion}\n`);
      return 0;
    case "rules":
      process.stdout.write(rulesTable(allRules.map((rule) => rule.meta)));
      return 0;
    case "explain":
      return explain(options.positionals);
    case "diagnose":
      return runDiagnose(options);
    case "lint":
      return runLint(options);
  }
}

async function runLint(options: CliOptions): Promise<number> {
  const cwd = process.cwd();
  const report = lintPaths(options.positionals, options, cwd);
  await writeReport(report, options, cwd);
  return exitCode(visibleDiagnostics(report, false), options);
}

async function writeReport(report: LintReport, options: CliOptions, cwd: string): Promise<void> {
  const format = await loadFormatter(options.format);
  const text = format(report, {
    rules: allRules.map((rule) => rule.meta),
    toolVersion: packageVersion,
    cwd,
    docsUrl,
    color: useColor(options),
    quiet: options.quiet,
  });
  writeOutput(text, options, cwd);
}

const SEVERITY_RANK = { info: 1, warning: 2, error: 3 } as const;
const FAIL_ON_RANK = { info: 1, warning: 2, error: 3, never: 4 } as const;

function exitCode(diagnostics: readonly Diagnostic[], options: CliOptions): number {
  const threshold = FAIL_ON_RANK[options.failOn];
  if (diagnostics.some((diagnostic) => SEVERITY_RANK[diagnostic.severity] >= threshold)) return 1;
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === "warning").length;
  return options.maxWarnings !== undefined && warnings > options.maxWarnings ? 1 : 0;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = argv.includes("--debug");
    if (error instanceof RunError && !debug) {
      process.stderr.write(`nw-lint: ${error.message}\n`);
    } else if (debug) {
      process.stderr.write(`nw-lint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    } else {
      process.stderr.write(`nw-lint: internal error: ${error instanceof Error ? error.message : String(error)} (rerun with --debug for the stack trace)\n`);
    }
    process.exitCode = 2;
  },
);
