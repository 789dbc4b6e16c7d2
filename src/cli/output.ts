// Where a report goes (stdout or --output FILE) and whether it is coloured.
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, type BigIntStats } from "node:fs";
import { dirname, resolve } from "node:path";
import { RunError } from "../engine/errors.js";
import type { SourceFile } from "../engine/types.js";
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

/** A file the run reads, shown by `path`, and what it is to the run ("the config file"). */
export interface RunInput {
  readonly path: string;
  readonly absolutePath: string;
  readonly what: string;
}

/**
 * The check that `--output` names none of the files the run reads, by any path to it (a symbolic
 * or a hard link too): the report would replace the file. A run calls it before it writes
 * anything, again for each file it reads later (those the model reads).
 */
export function outputGuard(options: CliOptions, cwd: string): (inputs: readonly RunInput[]) => void {
  const output = options.output === undefined ? undefined : identity(resolve(cwd, options.output));
  return (inputs) => {
    if (!output) return;
    const input = inputs.find(({ absolutePath }) => sameFile(identity(absolutePath), output));
    if (input) throw new RunError(`--output ${options.output} is ${input.path}, ${input.what}: write the report elsewhere`);
  };
}

/** The files linted that are on disk (stdin is not, whatever name it is given). */
export function lintedInputs(files: readonly SourceFile[]): RunInput[] {
  return files.flatMap(({ path, absolutePath, fromStdin }) => (fromStdin || absolutePath === undefined ? [] : [{ path, absolutePath, what: "a file being linted" }]));
}

function identity(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

function sameFile(stats: BigIntStats | undefined, other: BigIntStats): boolean {
  return stats !== undefined && stats.ino === other.ino && stats.dev === other.dev;
}

export function useColor(options: CliOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output || process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true;
}
