// What a build's .dockerignore keeps out of the image: `COPY . /app` copies the build context less
// the paths its patterns exclude (the last pattern that matches a path decides; `!` brings one back).
// Docker's matching (moby's fileutils: `*`, `**`, `!` exceptions, a pattern excluding what is
// below a directory it matches) is @balena/dockerignore's port of it, loaded only for a build
// context that has a .dockerignore.
import { createRequire } from "node:module";
import { posix } from "node:path";
import { createSourceFile, positionAt } from "../engine/source.js";
import type { Language, ProjectHost, Site, SourceFile } from "../engine/types.js";
import type { Dockerfile, WrittenFile } from "../languages/dockerfile/parse.js";

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

/**
 * The repository as an image built from it holds it: a file of the build context its
 * .dockerignore excludes is absent, and so is an excluded directory nothing can bring back (no
 * `!` exception). What a compose bind mounts from the repository is there as it is. A file a
 * COPY heredoc writes is there at the path the path map gives it (`writtenFiles`), read from the
 * Dockerfile.
 */
export class ImageFiles implements ProjectHost {
  private readonly read = new Map<string, SourceFile>();

  constructor(
    private readonly host: ProjectHost,
    private readonly ignore: ContextIgnore | undefined,
    private readonly bound: readonly string[],
    private readonly written: ReadonlyMap<string, Written> = new Map(),
  ) {}

  readFile(...args: Parameters<ProjectHost["readFile"]>): SourceFile | undefined {
    const [path, language] = args;
    const written = this.written.get(path);
    if (written) {
      const key = `${language}\0${path}`;
      if (!this.read.has(key)) this.read.set(key, writtenSourceFile(written, language));
      return this.read.get(key);
    }
    return this.excluded(path) ? undefined : this.host.readFile(...args);
  }

  kind(absolutePath: string): ReturnType<ProjectHost["kind"]> {
    if (this.written.has(absolutePath)) return "file";
    const kind = this.host.kind(absolutePath);
    if (!this.excluded(absolutePath)) return kind;
    return kind === "directory" && this.ignore?.hasExceptions ? kind : "absent";
  }

  entries(absoluteDirectory: string): readonly string[] | undefined {
    return this.host.entries?.(absoluteDirectory)?.filter((name) => !this.excluded(posix.join(absoluteDirectory, name)));
  }

  /** The line that keeps a file or directory of the repository out of the image. */
  excluded(absolutePath: string): Exclusion | undefined {
    if (!this.ignore || this.bound.some((bind) => absolutePath === bind || absolutePath.startsWith(`${bind}/`))) return undefined;
    const exclusion = this.ignore.exclusion(absolutePath);
    return exclusion && ["file", "directory"].includes(this.host.kind(absolutePath) ?? "") ? exclusion : undefined;
  }
}

/** A file a COPY heredoc writes, the Dockerfile it is written in and its path in the image. */
export interface Written {
  readonly dockerfile: SourceFile;
  readonly file: WrittenFile;
  readonly container: string;
}

/**
 * A heredoc's file as a file of the language it is read as: the Dockerfile with all but the
 * heredoc's body blanked, so that what is found in it points at the Dockerfile's own lines;
 * messages name it by its name in the image, written by the Dockerfile.
 */
function writtenSourceFile({ dockerfile, file, container }: Written, language: Language): SourceFile {
  const blank = (text: string) => text.replace(/[^\r\n]/g, " ");
  const { text } = dockerfile;
  const end = file.start + file.text.length;
  const body = file.stripsTabs && language === "python" ? tabsAsFormFeeds(file.text) : file.text;
  const label = `${posix.basename(container)} (written by ${dockerfile.path} line ${positionAt(dockerfile, file.by.start).line})`;
  return { ...createSourceFile(dockerfile.path, dockerfile.absolutePath, blank(text.slice(0, file.start)) + body + blank(text.slice(end)), language), label };
}

/**
 * A `<<-` body as Python reads the file BuildKit writes from it, its lines' leading tabs stripped:
 * each such tab becomes a form feed, which Python's tokenizer skips and counts a line's indentation
 * again from, so that every other character keeps its line and column in the Dockerfile.
 */
const tabsAsFormFeeds = (text: string): string => text.replace(/^\t+/gm, (tabs) => "\f".repeat(tabs.length));

/** Why a path of the repository is not in the image: the .dockerignore line that excludes it, when `host` sees the image. */
export function excludedFromImage(host: ProjectHost, absolutePath: string): Exclusion | undefined {
  return host instanceof ImageFiles ? host.excluded(absolutePath) : undefined;
}
