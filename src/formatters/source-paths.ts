// Where a report's files are from the repository root (FormatterContext.sourceRoot), for the
// formats a code host reads paths from: SARIF and GitHub's annotations.
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { FormatterContext } from "./context.js";

/** How a report path (relative to the working directory) is found from the source root: a path below it, else none. */
export interface SourcePaths {
  readonly fromRoot: (file: string) => string | undefined;
  readonly absolute: (file: string) => string;
  /** From the root, or the absolute path of a file outside it: the same name wherever nw-lint runs. */
  readonly named: (file: string) => string;
}

export function sourcePaths(context: FormatterContext): SourcePaths {
  const absolute = (file: string) => resolve(context.cwd, file);
  const fromRoot = (file: string) => {
    const path = relative(context.sourceRoot, absolute(file)).split(sep).join("/");
    return path === ".." || path.startsWith("../") || isAbsolute(path) ? undefined : path;
  };
  return { absolute, fromRoot, named: (file) => fromRoot(file) ?? absolute(file) };
}
