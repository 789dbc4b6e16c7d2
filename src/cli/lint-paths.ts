// Linting the paths of a command line with the config in force: shared by the lint command,
// `--fix` (which lints the files again after each pass) and `diagnose --lint`.
import { isAbsolute, resolve, sep } from "node:path";
import { allRules, findRule } from "../../rules/index.js";
import { discoverConfigFile, loadSettings, withRuleOverrides } from "../engine/config.js";
import { discover, displayPath } from "../engine/discover.js";
import { RunError } from "../engine/errors.js";
import { lint, lintWithModel, type LintRequest } from "../engine/lint.js";
import { lintProject } from "../engine/parallel.js";
import { readAtMost } from "../engine/read-limited.js";
import type { LintReport, SourceFile } from "../engine/types.js";
import type { ProjectModel } from "../model/project.js";
import type { CliOptions } from "./options.js";
import { lintedInputs, outputGuard } from "./output.js";
import { progress } from "./progress.js";
import { suggestRuleId } from "./rule-ids.js";

/** The files the paths name, as read, and how to lint them (or edited copies of them). */
export interface Linting {
  readonly files: readonly SourceFile[];
  /** What every pass lints with: settings, rules, read problems and the tree the model may read. */
  readonly request: LintRequest;
  /** The whole run: in worker threads when the input is large enough, with progress on a terminal. */
  lintAll(): Promise<LintReport>;
  /** One pass in this thread, over the files or edited copies of them (`--fix` lints again after each pass). */
  lint(files: readonly SourceFile[]): LintReport;
  /** The whole run in this thread, also returning the project model its rules saw. */
  lintWithModel(): { readonly report: LintReport; readonly model: ProjectModel };
}

export async function lintPaths(paths: readonly string[], options: CliOptions, cwd: string): Promise<LintReport> {
  return prepareLint(paths, options, cwd).lintAll();
}

/** The same run in this thread, also returning the project model its rules saw (for `nw-lint graph`). */
export function lintPathsWithModel(paths: readonly string[], options: CliOptions, cwd: string): { readonly report: LintReport; readonly model: ProjectModel } {
  const linting = prepareLint(paths, options, cwd);
  const linted = linting.lintWithModel();
  if (options.verbose) sayWhatTheModelRead(linted.report, linting.files.length);
  return linted;
}

export function prepareLint(paths: readonly string[], options: CliOptions, cwd: string): Linting {
  for (const id of options.ruleOverrides.keys()) {
    if (!findRule(id)) throw new RunError(`--rule: unknown rule "${id}"${suggestRuleId(id)}`);
  }
  const configFile = options.config ? resolve(cwd, options.config) : discoverConfigFile(cwd);
  // A config outside the working directory (`--config /etc/nw-lint.yaml`) is shown by its absolute path.
  const shownConfigPath = (path: string) => shownFromHere(cwd, path, path);
  const settings = withRuleOverrides(loadSettings(configFile, shownConfigPath), options.ruleOverrides);
  if (options.verbose) {
    process.stderr.write(`nw-lint: ${configFile ? `config: ${shownConfigPath(configFile)}` : "no config file (searched from here up to the repository root)"}\n`);
    if (settings.ignore.length > 0) process.stderr.write(`nw-lint: not linted, as the config's ignore globs say: ${settings.ignore.join(", ")}\n`);
  }
  const stdinName = options.stdinFilename === undefined ? undefined : stdinDisplayName(options.stdinFilename, cwd);
  const stdin = paths.includes("-") ? { name: stdinName, bytes: readStdin(settings.maxFileSize) } : undefined;
  // `helm template … | nw-lint -` after helm failed: a clean report would say the chart was checked.
  if (stdin?.bytes.length === 0 && !options.quiet) process.stderr.write("nw-lint: stdin is empty: nothing was piped in to lint (did the command before the pipe fail?)\n");
  const discovery = discover(paths, {
    cwd, ignore: settings.ignore, maxFileSize: settings.maxFileSize, ...(settings.ignoreBase ? { ignoreBase: settings.ignoreBase } : {}), ...(stdin ? { stdin } : {}),
  });
  const refuseOutputOver = outputGuard(options, cwd);
  refuseOutputOver([...(configFile ? [{ path: shownConfigPath(configFile), absolutePath: configFile, what: "the config file" }] : []), ...lintedInputs(discovery.files)]);
  if (options.verbose) {
    for (const file of discovery.files) process.stderr.write(`nw-lint: ${file.path}: read as ${file.language}\n`);
    for (const note of discovery.notes) process.stderr.write(`nw-lint: ${note}\n`);
  }
  // Skipped manifests a cluster does get, as rendered: a run that says nothing of them would seem to have checked them.
  if (discovery.unrendered.length > 0 && !options.verbose && !options.quiet) {
    process.stderr.write(`nw-lint: not linted as written, since only what renders them is applied: ${discovery.unrendered.join(", ")} (--verbose says how to lint them)\n`);
  }
  if (discovery.files.length === 0 && discovery.problems.length === 0 && !options.quiet) {
    const why = discovery.notes.length > 0
      ? `every file found was skipped${options.verbose ? "" : " (--verbose says why)"}`
      : "a directory is searched for *.yaml, *.yml and *.ini files; name others, such as JSON manifests or a Dockerfile, on the command line";
    // A walk never lists what the ignore globs prune, so no note names those files.
    const ignoring = settings.ignore.length > 0 ? `; the config ignores ${settings.ignore.join(", ")}` : "";
    process.stderr.write(`nw-lint: nothing to lint in ${paths.join(" ")}: ${why}${ignoring}\n`);
  }
  const request = { files: discovery.files, readProblems: discovery.problems, settings, rules: allRules, tree: discovery.tree };
  // The model reads further files as it links them (a Python module, a Dockerfile, an included ini): the report is written over none of them either.
  const refuseOutputOverRead = (report: LintReport, linted: readonly SourceFile[]) => refuseOutputOver(lintedInputs(report.files.slice(linted.length)));
  return {
    files: discovery.files,
    request,
    lint: (files) => {
      const report = lint({ ...request, files });
      refuseOutputOverRead(report, files);
      return report;
    },
    lintWithModel: () => {
      const linted = lintWithModel(request);
      refuseOutputOverRead(linted.report, discovery.files);
      return linted;
    },
    lintAll: async () => {
      const shown = progress(options);
      let report: LintReport;
      try {
        report = await lintProject(request, {
          ...(shown ? { onProgress: (done: number, total: number) => shown.update(done, total) } : {}),
          ...(options.verbose ? { onNote: (note: string) => process.stderr.write(`nw-lint: ${note}\n`) } : {}),
        });
      } finally {
        shown?.end();
      }
      refuseOutputOverRead(report, discovery.files);
      if (options.verbose) sayWhatTheModelRead(report, discovery.files.length);
      return report;
    },
  };
}

/** `--verbose`: the files the model read beyond those discovered (Python modules, Dockerfiles), then how it linked them. */
function sayWhatTheModelRead(report: LintReport, discovered: number): void {
  for (const file of report.files.slice(discovered)) process.stderr.write(`nw-lint: ${file.path}: read as ${file.language}\n`);
  for (const note of report.notes ?? []) process.stderr.write(`nw-lint: ${note}\n`);
}

/**
 * The name given for stdin, as a path named on the command line is shown when it is in the
 * working directory (`./k8s/a.yaml` or `$PWD/k8s/a.yaml` as `k8s/a.yaml`); elsewhere as given,
 * since stdin is no file there to find the way to.
 */
function stdinDisplayName(name: string, cwd: string): string {
  return shownFromHere(cwd, resolve(cwd, name), name.split(sep).join("/"));
}

/** `absolute` relative to the working directory when it lies inside it, else `given`. */
function shownFromHere(cwd: string, absolute: string, given: string): string {
  const shown = displayPath(cwd, absolute);
  return shown === ".." || shown.startsWith("../") || isAbsolute(shown) ? given : shown;
}

/** stdin, up to maxFileSize as for a file: `yes | nw-lint -` must not fill the memory. */
function readStdin(limit: number): Buffer {
  let bytes: Buffer | undefined;
  try {
    bytes = readAtMost(0, limit);
  } catch (error) {
    throw new RunError(`cannot read stdin (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!bytes) throw new RunError(`stdin is over the ${limit}-byte limit (maxFileSize)`);
  return bytes;
}
