// Where a report goes (stdout or --output FILE) and whether it is coloured.
import { closeSync, openSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
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
  let descriptor: number | undefined;
  try {
    descriptor = openSync(resolve(cwd, options.output), "w");
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
