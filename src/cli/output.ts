// Where a report goes (stdout or --output FILE) and whether it is coloured.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { RunError } from "../engine/errors.js";
import type { CliOptions } from "./options.js";

/** Writes to `--output FILE`, else to `stream` (stdout, or stderr when stdout carries a diff). */
export function writeOutput(text: string, options: CliOptions, cwd: string, stream: NodeJS.WriteStream = process.stdout): void {
  if (!options.output) {
    stream.write(text);
    return;
  }
  try {
    writeFileSync(resolve(cwd, options.output), text);
  } catch (error) {
    throw new RunError(`--output ${options.output}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function useColor(options: CliOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output || process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true;
}
