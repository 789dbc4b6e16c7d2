// `nw-lint diagnose [FILE|-] [--lint PATH]`: read a log, name the symptoms it shows, and with
// --lint say which of the rules behind them fire in the deployment files. Exit 1 when a symptom
// is recognised (like a linter finding), 0 when none is, 2 when the run fails.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { diagnose } from "../diagnose/diagnose.js";
import { formatDiagnosis } from "../diagnose/format.js";
import { RunError } from "../engine/errors.js";
import { formatOf, type CliOptions } from "./options.js";
import { lintPaths } from "./lint-paths.js";
import { useColor, writeOutput } from "./output.js";
import { workingDirectory } from "./working-directory.js";

export async function runDiagnose(options: CliOptions): Promise<number> {
  const cwd = workingDirectory();
  if (options.positionals.length > 1) throw new RunError(`diagnose reads one log, not ${options.positionals.length}: ${options.positionals.join(" ")}`);
  const [name = "-"] = options.positionals;
  if (options.lint.includes("-")) throw new RunError("diagnose --lint takes paths; stdin (-) is for the log");
  const found = diagnose(readLog(name, cwd));
  const linted = options.lint.length > 0 ? { paths: options.lint, diagnostics: (await lintPaths(options.lint, options, cwd)).diagnostics } : undefined;
  writeOutput(formatDiagnosis({ log: name, found, ...(linted ? { linted } : {}) }, formatOf(options, "diagnose"), useColor(options)), options, cwd);
  return found.length > 0 ? 1 : 0;
}

function readLog(name: string, cwd: string): string {
  if (name === "-" && process.stdin.isTTY) throw new RunError("diagnose reads a log: name the file, or pipe it in (kubectl logs POD | nw-lint diagnose)");
  try {
    return readFileSync(name === "-" ? 0 : resolve(cwd, name), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunError(code === "ENOENT" ? `no such file or directory: ${name}` : `cannot read ${name} (${code ?? String(error)})`);
  }
}
