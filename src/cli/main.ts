#!/usr/bin/env node
// The nw-lint command: parse options, run the subcommand, print, exit 0/1/2.
import { allRules } from "../../rules/index.js";
import { repositoryRoot } from "../engine/config.js";
import { RunError } from "../engine/errors.js";
import { docsUrl, packageVersion } from "../engine/package.js";
import { plural } from "../engine/text.js";
import { severityRank, type Diagnostic, type LintReport } from "../engine/types.js";
import { loadFormatter, type RunFailure } from "../formatters/context.js";
import { shownWhenQuiet, visibleDiagnostics } from "../formatters/summary.js";
import { prepareLint, type Linting } from "./lint-paths.js";
import { formatOf, HELP, parseCliOptions, type CliOptions, type FixMode } from "./options.js";
import { useColor, writeOutput } from "./output.js";
import { workingDirectory } from "./working-directory.js";

async function main(options: CliOptions): Promise<number> {
  switch (options.command) {
    case "help":
      process.stdout.write(HELP);
      return 0;
    case "version":
      process.stdout.write(`nw-lint ${packageVersion}\n`);
      return 0;
    // The other subcommands load on demand: a lint run never loads the docs, the log symptoms or chalk.
    case "rules":
      writeOutput((await import("./rule-docs.js")).rulesListing(allRules.map((rule) => rule.meta), options.positionals, formatOf(options, "rules")), options, workingDirectory());
      return 0;
    case "explain":
      writeOutput((await import("./rule-docs.js")).explain(options.positionals), options, workingDirectory());
      return 0;
    case "diagnose":
      return (await import("./diagnose.js")).runDiagnose(options);
    case "graph":
      return (await import("./graph.js")).runGraph(options);
    case "lint":
      return runLint(options);
  }
}

async function runLint(options: CliOptions): Promise<number> {
  const cwd = workingDirectory();
  const linting = prepareLint(options.positionals, options, cwd);
  if (options.fix) return fix(linting, options, options.fix, cwd);
  const report = await linting.lintAll();
  await writeReport(report, options, cwd);
  return exitCode(visibleDiagnostics(report, false), options);
}

/**
 * `--fix`: apply fixes, write the changed files, then report what is left (as ESLint does).
 * `--fix-dry-run`: print the changes as a diff on stdout and the report on stderr.
 */
async function fix(linting: Linting, options: CliOptions, mode: FixMode, cwd: string): Promise<number> {
  // Loaded only with --fix, so a lint run does not pay for the fix engine and the diff library.
  const [{ unifiedDiff }, { fixFiles }, { writeFixedFile }] = await Promise.all([import("../engine/diff.js"), import("../engine/fix.js"), import("../engine/write.js")]);
  const { files } = linting;
  if (!mode.dryRun && files.some((file) => file.fromStdin)) {
    throw new RunError("--fix cannot write to stdin; use --fix-dry-run to print the fixes as a diff");
  }
  const run = fixFiles(files, linting.lint, mode.applicability);
  const say = (message: string) => process.stderr.write(`nw-lint: ${message}\n`);
  for (const { file, ruleId, title } of run.refused) say(`${file}: the fix "${title}" (${ruleId}) would have broken its syntax, so it was not applied (please report this)`);
  if (mode.dryRun) {
    process.stdout.write(unifiedDiff(run.changes));
    // The diff is UTF-8 text; patch compares bytes, and a UTF-16 file's are not those.
    for (const { original } of run.changes) if (original.encoding) say(`${original.path}: its diff shows the text decoded from ${original.encoding.toUpperCase()}, which patch cannot apply; --fix writes it in ${original.encoding.toUpperCase()}`);
    await writeReport(run.report, options, cwd, process.stderr);
    return exitCode(visibleDiagnostics(run.report, false), options);
  }
  const failures: RunFailure[] = [];
  const written = run.changes.filter(({ original, fixed }) => {
    const refusal = writeFixedFile(original, fixed);
    if (refusal) failures.push({ file: original.path, message: `not fixed: ${refusal}` });
    return refusal === undefined;
  });
  for (const { file, message } of failures) say(`${file}: ${message}`);
  // What is left is what the files on disk now hold.
  const report = failures.length === 0 ? run.report : linting.lint(files.map((file) => written.find((change) => change.original === file)?.fixed ?? file));
  await writeReport(report, options, cwd, process.stdout, failures);
  return failures.length === 0 ? exitCode(visibleDiagnostics(report, false), options) : 2;
}

async function writeReport(report: LintReport, options: CliOptions, cwd: string, stream: NodeJS.WriteStream = process.stdout, failures: readonly RunFailure[] = []): Promise<void> {
  const format = await loadFormatter(formatOf(options, "lint"));
  const text = format(report, {
    rules: allRules.map((rule) => rule.meta),
    toolVersion: packageVersion,
    cwd,
    sourceRoot: repositoryRoot(cwd) ?? cwd,
    docsUrl,
    color: useColor(options, stream),
    quiet: options.quiet,
    failures,
  });
  writeOutput(text, options, cwd, stream);
}

/**
 * 1 when a diagnostic reaches --fail-on or the warnings pass --max-warnings, whatever --quiet hides
 * (CLI.md's exit codes; a CI job must not pass because its report is quiet); a failure the report
 * does not show is said on stderr.
 */
function exitCode(diagnostics: readonly Diagnostic[], options: CliOptions): number {
  const threshold = options.failOn === "never" ? Infinity : severityRank(options.failOn);
  const failing = diagnostics.filter((diagnostic) => severityRank(diagnostic.severity) >= threshold);
  if (failing.length > 0) {
    const hidden = failing.filter((diagnostic) => !shownWhenQuiet(diagnostic, options.quiet));
    if (hidden.length === failing.length) process.stderr.write(`nw-lint: --fail-on ${options.failOn} fails the run on ${plural(hidden.length, "diagnostic")} that --quiet hides\n`);
    return 1;
  }
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === "warning").length;
  if (options.maxWarnings === undefined || warnings <= options.maxWarnings) return 0;
  process.stderr.write(`nw-lint: ${plural(warnings, "warning")}, more than --max-warnings ${options.maxWarnings} allows\n`);
  return 1;
}

// A reader that stops early (`nw-lint . | head`) closes the pipe: the rest of the output is
// dropped (Node would print a stack trace for it) and the exit code still says what was found.
const CLOSED_BY_READER: ReadonlySet<string | undefined> = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (CLOSED_BY_READER.has(error.code)) return;
    process.stderr.write(`nw-lint: cannot write the output (${error.code ?? error.message})\n`);
    process.exit(2);
  });
}

/** A failed run in one line (the stack trace with --debug); exit 2. */
function sayFailure(error: unknown, debug: boolean): void {
  if (debug) {
    process.stderr.write(`nw-lint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } else if (error instanceof RunError) {
    process.stderr.write(`nw-lint: ${error.message}\n`);
  } else {
    process.stderr.write(`nw-lint: internal error: ${error instanceof Error ? error.message : String(error)} (rerun with --debug for the stack trace)\n`);
  }
  process.exitCode = 2;
}

let options: CliOptions | undefined;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  sayFailure(error, false);
}
if (options) {
  const { debug } = options;
  main(options).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => sayFailure(error, debug),
  );
}
