// Where a report's files are from the repository root (FormatterContext.sourceRoot), for the
// formats a code host reads paths from: SARIF and GitHub's annotations.
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { FormatterContext } from "./context.js";

/** How a report path (relative to the working directory) is found from the source root: a path below it, else none. */
export interface SourcePaths {
  readonly fromRoot: (file: string) => string | undefined;
  readonly absolute: (file: string) => string;
}

export function sourcePaths(context: FormatterContext): SourcePaths {
  const absolute = (file: string) => resolve(context.cwd, file);
  return {
    absolute,
    fromRoot: (file) => {
      const path = relative(context.sourceRoot, absolute(file)).split(sep).join("/");
      return path === ".." || path.startsWith("../") || isAbsolute(path) ? undefined : path;
    },
  };
}
