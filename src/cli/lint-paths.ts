// Linting the paths of a command line with the config in force: shared by the lint command and
// `diagnose --lint`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { allRules, findRule } from "../../rules/index.js";
import { discoverConfigFile, loadSettings, withRuleOverrides } from "../engine/config.js";
import { discover, displayPath } from "../engine/discover.js";
import { RunError } from "../engine/errors.js";
import { lintWithModel } from "../engine/lint.js";
import type { LintReport } from "../engine/types.js";
import type { ProjectModel } from "../model/project.js";
import type { CliOptions } from "./options.js";
import { suggestRuleId } from "./rule-ids.js";

export function lintPaths(paths: readonly string[], options: CliOptions, cwd: string): LintReport {
  return lintPathsWithModel(paths, options, cwd).report;
}

/** The same run, also returning the project model its rules saw (for `nw-lint graph`). */
export function lintPathsWithModel(paths: readonly string[], options: CliOptions, cwd: string): { readonly report: LintReport; readonly model: ProjectModel } {
  for (const id of options.ruleOverrides.keys()) {
    if (!findRule(id)) throw new RunError(`--rule: unknown rule "${id}"${suggestRuleId(id)}`);
  }
  const configFile = options.config ? resolve(cwd, options.config) : discoverConfigFile(cwd);
  const settings = withRuleOverrides(loadSettings(configFile, (path) => displayPath(cwd, path)), options.ruleOverrides);
  const stdin = paths.includes("-") ? { name: options.stdinFilename ?? "-", text: readFileSync(0, "utf8") } : undefined;
  const discovery = discover(paths, { cwd, ignore: settings.ignore, maxFileSize: settings.maxFileSize, ...(stdin ? { stdin } : {}) });
  if (options.verbose) {
    for (const file of discovery.files) process.stderr.write(`nw-lint: ${file.path}: read as ${file.language}\n`);
    for (const note of discovery.notes) process.stderr.write(`nw-lint: ${note}\n`);
  }
  const linted = lintWithModel({ files: discovery.files, readProblems: discovery.problems, settings, rules: allRules, host: discovery.host });
  if (options.verbose) for (const note of linted.report.notes ?? []) process.stderr.write(`nw-lint: ${note}\n`);
  return linted;
}
