// Where a report goes (stdout or --output FILE) and whether it is coloured.
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { RunError } from "../engine/errors.js";
import type { FormattedReport } from "../formatters/context.js";
import type { CliOptions } from "./options.js";

/** Writes to `--output FILE`, else to `stream` (stdout, or stderr when stdout carries a diff). */
export function writeOutput(text: FormattedReport, options: CliOptions, cwd: string, stream: NodeJS.WriteStream = process.stdout): void {
  const chunks = typeof text === "string" ? [text] : text;
  if (!options.output) {
    for (const chunk of chunks) stream.write(chunk);
    return;
  }
  const target = resolve(cwd, options.output);
  // CI jobs name a report under a directory the checkout lacks (reports/nw-lint.sarif), as ESLint's -o allows.
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new RunError(`--output ${options.output}: cannot create the directory ${dirname(options.output)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let descriptor: number | undefined;
  try {
    descriptor = openSync(target, "w");
    for (const chunk of chunks) writeFileSync(descriptor, chunk);
  } catch (error) {
    throw new RunError(`--output ${options.output}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

export function useColor(options: CliOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output || process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true;
}
