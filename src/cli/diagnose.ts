// `nw-lint diagnose [FILE|-] [--lint PATH]`: read a log, name the symptoms it shows, and with
// --lint say which of the rules behind them fire in the deployment files. Exit 1 when a symptom
// is recognised (like a linter finding), 0 when none is, 2 when the run fails.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { diagnose } from "../diagnose/diagnose.js";
import { formatDiagnosis } from "../diagnose/format.js";
import { RunError } from "../engine/errors.js";
import { readAtMost, readPipe } from "../engine/read-limited.js";
import { decodeManifest } from "../engine/source.js";
import { formatOf, type CliOptions } from "./options.js";
import { lintPaths } from "./lint-paths.js";
import { outputGuard, useColor, writeOutput } from "./output.js";
import { workingDirectory } from "./working-directory.js";

export async function runDiagnose(options: CliOptions): Promise<number> {
  const cwd = workingDirectory();
  if (options.positionals.length > 1) throw new RunError(`diagnose reads one log, not ${options.positionals.length}: ${options.positionals.join(" ")}`);
  const [name = "-"] = options.positionals;
  if (options.lint.includes("-")) throw new RunError("diagnose --lint takes paths; stdin (-) is for the log");
  if (name !== "-") outputGuard(options, cwd)([{ path: name, absolutePath: resolve(cwd, name), what: "the log being diagnosed" }]);
  const log = readLog(name, cwd);
  // `kubectl logs deploy/typo | nw-lint diagnose`: kubectl's error went to stderr, and a "no known symptom" would read as healthy.
  if (log.trim() === "") throw new RunError(`${name === "-" ? "stdin" : name} is empty: no log to diagnose${name === "-" ? " (did the command before the pipe fail?)" : ""}`);
  const found = diagnose(log);
  const linted = options.lint.length > 0 ? { paths: options.lint, diagnostics: (await lintPaths(options.lint, options, cwd)).diagnostics } : undefined;
  writeOutput(formatDiagnosis({ log: name, found, ...(linted ? { linted } : {}) }, formatOf(options, "diagnose"), useColor(options)), options, cwd);
  return found.length > 0 ? 1 : 0;
}

/** More log than this is not read: the symptoms of a failing start are at its end. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

function readLog(name: string, cwd: string): string {
  if (name === "-" && process.stdin.isTTY) throw new RunError("diagnose reads a log: name the file, or pipe it in (kubectl logs POD | nw-lint diagnose)");
  let bytes: Buffer | undefined;
  try {
    bytes = name === "-" ? readAtMost(0, MAX_LOG_BYTES) : readLogFile(resolve(cwd, name), name);
  } catch (error) {
    if (error instanceof RunError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunError(code === "ENOENT" ? `no such file or directory: ${name}` : `cannot read ${name} (${code ?? String(error)})`);
  }
  if (!bytes) throw new RunError(`${name === "-" ? "stdin" : name} is over the ${MAX_LOG_BYTES}-byte limit for a log: give diagnose its end (tail -c 10M LOG | nw-lint diagnose)`);
  // PowerShell's `>` writes UTF-16 with a byte-order mark.
  return decodeManifest(bytes).text.replace(/^\uFEFF/, "");
}

/** A log file's bytes, or undefined over the limit; a pipe is read up to it, and a device or directory not at all. */
function readLogFile(path: string, name: string): Buffer | undefined {
  const stats = statSync(path);
  if (stats.isFile()) return stats.size <= MAX_LOG_BYTES ? readFileSync(path) : undefined;
  if (!stats.isFIFO()) throw new RunError(`${name} is not a log file but a ${stats.isDirectory() ? "directory" : "device or socket"}: name a file, or pipe the log in`);
  return readPipe(path, MAX_LOG_BYTES);
}
