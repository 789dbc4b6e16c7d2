import { RunError } from "../engine/errors.js";

/** The directory paths are resolved and shown against; a shell may still be in it after it was removed. */
export function workingDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    throw new RunError(`cannot read the working directory (${(error as NodeJS.ErrnoException).code ?? String(error)}): was it removed? cd to an existing directory`);
  }
}
