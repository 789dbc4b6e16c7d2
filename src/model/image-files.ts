// The repository as the image built from it holds it (src/model/container-paths.ts, imageHost):
// less what the build's .dockerignore keeps out, with what its COPY heredocs write.
import { posix } from "node:path";
import { createSourceFile, positionAt } from "../engine/source.js";
import type { Language, ProjectHost, SourceFile } from "../engine/types.js";
import type { WrittenFile } from "../languages/dockerfile/parse.js";
import type { ContextIgnore, Exclusion } from "./dockerignore.js";

/**
 * The repository as an image built from it holds it: a file of the build context its
 * .dockerignore excludes is absent, and so is an excluded directory nothing can bring back (no
 * `!` exception). What a compose bind mounts from the repository is there as it is. A file a
 * COPY heredoc writes is there at the path the path map gives it (`writtenFiles`), read from the
 * Dockerfile.
 */
export class ImageFiles implements ProjectHost {
  constructor(
    private readonly host: ProjectHost,
    private readonly ignore: ContextIgnore | undefined,
    private readonly bound: readonly string[],
    private readonly written: ReadonlyMap<string, Written> = new Map(),
  ) {}

  readFile(...args: Parameters<ProjectHost["readFile"]>): SourceFile | undefined {
    const [path, language] = args;
    const written = this.written.get(path);
    if (written) return writtenSourceFile(written, language);
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

/** Each heredoc's file as read, by Dockerfile, body and language: every view of the image (with or without compose binds) reads the same one. */
const writtenSources = new WeakMap<SourceFile, Map<string, SourceFile>>();
/** What wrote each heredoc's file as read. */
const writers = new WeakMap<SourceFile, Written>();

/**
 * A heredoc's file as a file of the language it is read as: the Dockerfile with all but the
 * heredoc's body blanked, so that what is found in it points at the Dockerfile's own lines;
 * messages name it by its name in the image, written by the Dockerfile.
 */
function writtenSourceFile(written: Written, language: Language): SourceFile {
  const { dockerfile, file, container } = written;
  let byKey = writtenSources.get(dockerfile);
  if (!byKey) writtenSources.set(dockerfile, (byKey = new Map()));
  const key = `${file.start}\0${container}\0${language}`;
  let read = byKey.get(key);
  if (!read) {
    const blank = (text: string) => text.replace(/[^\r\n]/g, " ");
    const { text } = dockerfile;
    const end = file.start + file.text.length;
    const body = file.stripsTabs && language === "python" ? tabsAsFormFeeds(file.text) : file.text;
    const label = `${posix.basename(container)} (${writtenWhere(written)})`;
    read = { ...createSourceFile(dockerfile.path, dockerfile.absolutePath, blank(text.slice(0, file.start)) + body + blank(text.slice(end)), language), label };
    byKey.set(key, read);
    writers.set(read, written);
  }
  return read;
}

/** Where a heredoc's file is written: `written by Dockerfile line 6` (the line of its COPY). */
export const writtenWhere = ({ dockerfile, file }: Written): string => `written by ${dockerfile.path} line ${positionAt(dockerfile, file.by.start).line}`;

/** The heredoc that writes a file as read from its Dockerfile; undefined for a file of the repository. */
export const writerOf = (file: SourceFile): Written | undefined => writers.get(file);

/**
 * Whether the file BuildKit writes from the heredoc is its body as written: not when an unquoted
 * marker has it expand a `$` or a backslash escape there (`WrittenFile.expands`), which may give
 * another text (`"$@"` becomes `""` without build arguments).
 */
export const writesBodyAsIs = (file: WrittenFile): boolean => !file.expands || !/[$\\]/.test(file.text);

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
