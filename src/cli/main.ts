#!/usr/bin/env node
// The nw-lint command: parse options, run the subcommand, print, exit 0/1/2.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { allRules, findRule } from "../../rules/index.js";
import { discoverConfigFile, loadSettings, withRuleOverrides } from "../engine/config.js";
import { discover, displayPath } from "../engine/discover.js";
import { RunError } from "../engine/errors.js";
import { lint } from "../engine/lint.js";
import { docsUrl, packageVersion } from "../engine/package.js";
import type { Diagnostic, LintReport } from "../engine/types.js";
import { loadFormatter } from "../formatters/context.js";
import { visibleDiagnostics } from "../formatters/summary.js";
import { explainPage, rulesTable } from "./explain.js";
import { HELP, parseCliOptions, type CliOptions } from "./options.js";
import { suggestRuleId } from "./rule-ids.js";

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
      return explain(options);
    case "lint":
      return runLint(options);
  }
}

function explain(options: CliOptions): number {
  const [id] = options.positionals;
  if (!id) throw new RunError("explain needs a rule id, e.g. nw-lint explain spin/capabilities-drop-all");
  const rule = findRule(id);
  if (!rule) throw new RunError(`unknown rule "${id}"${suggestRuleId(id)}`);
  process.stdout.write(explainPage(rule.meta));
  return 0;
}

async function runLint(options: CliOptions): Promise<number> {
  const cwd = process.cwd();
  for (const id of options.ruleOverrides.keys()) {
    if (!findRule(id)) throw new RunError(`--rule: unknown rule "${id}"${suggestRuleId(id)}`);
  }
  const configFile = options.config ? resolve(cwd, options.config) : discoverConfigFile(cwd);
  const settings = withRuleOverrides(loadSettings(configFile, (path) => displayPath(cwd, path)), options.ruleOverrides);
  const stdin = options.positionals.includes("-") ? { name: options.stdinFilename ?? "-", bytes: readFileSync(0) } : undefined;
  const discovery = discover(options.positionals, { cwd, ignore: settings.ignore, maxFileSize: settings.maxFileSize, ...(stdin ? { stdin } : {}) });
  if (options.verbose) {
    for (const file of discovery.files) process.stderr.write(`nw-lint: ${file.path}: read as ${file.language}\n`);
    for (const note of discovery.notes) process.stderr.write(`nw-lint: ${note}\n`);
  }
  const report = lint({ files: discovery.files, readProblems: discovery.problems, settings, rules: allRules });
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
  if (!options.output) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(resolve(cwd, options.output), text);
  } catch (error) {
    throw new RunError(`--output ${options.output}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function useColor(options: CliOptions): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output || process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return process.stdout.isTTY === true;
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
