// What a build's .dockerignore keeps out of the image: `COPY . /app` copies the build context less
// the paths its patterns exclude (the last pattern that matches a path decides; `!` brings one back).
// Docker's matching (moby's fileutils: `*`, `**`, `!` exceptions, a pattern excluding what is
// below a directory it matches) is @balena/dockerignore's port of it, loaded only for a build
// context that has a .dockerignore.
import { createRequire } from "node:module";
import { posix } from "node:path";
import type { ProjectHost, Site, SourceFile } from "../engine/types.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";

/** The .dockerignore line that keeps a path of the build context out of the image. */
export interface Exclusion {
  /** The path excluded, relative to the build context (`app.py`, `src/app.py`). */
  readonly path: string;
  /** The pattern as written (`*.py`, `tests`). */
  readonly pattern: string;
  /** 1-based. */
  readonly line: number;
  readonly at: Site;
}

type PatternLine = Omit<Exclusion, "path">;

type Matcher = ReturnType<typeof import("@balena/dockerignore").default>;

let dockerignore: typeof import("@balena/dockerignore").default | undefined;
/** Docker matches names as written: `App.py` is not `app.py` (the package ignores case unless told). */
const matcherOf = (pattern: string): Matcher => (dockerignore ??= createRequire(import.meta.url)("@balena/dockerignore") as typeof import("@balena/dockerignore").default)({ ignorecase: false }).add(pattern);

interface Pattern {
  readonly matcher: Matcher;
  readonly exception: boolean;
  readonly exclusion: PatternLine;
}

/** A build context's .dockerignore, read. */
export class ContextIgnore {
  private readonly patterns: readonly Pattern[];

  constructor(readonly context: string, file: SourceFile) {
    this.patterns = patternLines(file);
  }

  /** The line that excludes a path of the context (absolute); undefined when the image gets it, or it is not in the context. */
  exclusion(path: string): Exclusion | undefined {
    const relative = posix.relative(this.context, path);
    if (relative === "" || relative === ".." || relative.startsWith("../")) return undefined;
    for (let index = this.patterns.length - 1; index >= 0; index--) {
      const pattern = this.patterns[index]!;
      if (pattern.matcher.ignores(relative)) return pattern.exception ? undefined : { ...pattern.exclusion, path: relative };
    }
    return undefined;
  }

  /** A `!` exception may bring back a path below a directory a pattern excludes, so Docker still walks into it. */
  get hasExceptions(): boolean {
    return this.patterns.some((pattern) => pattern.exception);
  }
}

/** Each pattern line, tested alone: the last one matching a path is the one that decides. */
function patternLines(file: SourceFile): Pattern[] {
  const patterns: Pattern[] = [];
  let start = 0;
  for (const [index, text] of file.text.split("\n").entries()) {
    const written = text.replace(/\r$/, "");
    const pattern = written.trim();
    if (pattern !== "" && !written.startsWith("#")) {
      const exception = pattern.startsWith("!");
      const leading = written.length - written.trimStart().length;
      patterns.push({
        matcher: matcherOf(exception ? pattern.slice(1) : pattern),
        exception,
        exclusion: { pattern, line: index + 1, at: { file, start: start + leading, end: start + leading + pattern.length } },
      });
    }
    start += text.length + 1;
  }
  return patterns;
}

/**
 * The .dockerignore of a Dockerfile's build: `<Dockerfile>.dockerignore` beside the Dockerfile,
 * which BuildKit reads first, else `.dockerignore` at the root of the build context.
 */
export function contextIgnore(dockerfile: Dockerfile, context: string, host: ProjectHost): ContextIgnore | undefined {
  const own = dockerfile.file.absolutePath;
  const file = (own && host.readFile(`${own}.dockerignore`, "dockerfile")) || host.readFile(posix.join(context, ".dockerignore"), "dockerfile");
  return file ? new ContextIgnore(context, file) : undefined;
}
