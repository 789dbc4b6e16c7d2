// The ProjectHost the model reads through: the Python modules, Dockerfiles and included inis a
// server needs beyond the files discovered.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { displayPath, entryKind, ignoreMatcher, type LintedTree, type Listing } from "./discover.js";
import { cannotReadFile, errorCode, overSizeLimit, type ReadProblem } from "./read-problems.js";
import { createSourceFile, decodeUtf8 } from "./source.js";
import type { Language, ProjectHost, SourceFile } from "./types.js";

type Kind = ReturnType<ProjectHost["kind"]>;
/** A lookup that failed for another reason than "nothing is there". */
const UNREADABLE = Symbol("unreadable");
/** Errors that mean a path is not there: anything else (EACCES, ELOOP, EIO) means nw-lint cannot tell. */
const ABSENT: ReadonlySet<string> = new Set(["ENOENT", "ENOTDIR", "ENAMETOOLONG"]);

/**
 * Reads only inside the tree's roots (the working directory, and what is linted outside it),
 * never out through a symbolic link; each file once, within maxFileSize. Files that discovery
 * already read are returned as they are, so suppressions and fixes see one copy. A path that may
 * be there but cannot be looked at is `unreadable`, never `absent`, and is kept in `problems`: a
 * module nw-lint cannot read must not be called missing.
 *
 * The model asks about the same paths again and again (every ini's directories up to the root,
 * every module candidate): each is resolved and looked at once per run.
 */
export class FileHost implements ProjectHost {
  private readonly discovered: ReadonlyMap<string | undefined, SourceFile>;
  private readonly roots: ReadonlySet<string>;
  private readonly read = new Map<string, SourceFile | undefined>();
  private readonly kinds = new Map<string, Kind>();
  private readonly withinRoots = new Map<string, boolean>();
  private readonly realpaths = new Map<string, string | undefined | typeof UNREADABLE>();
  /** What a real directory holds, listed once (or by discovery's walk): most paths asked about are in a few directories (an app's), so one listing answers them instead of an lstat and a stat each. */
  private readonly listings = new Map<string, Listing | undefined>();
  /** Real paths whose kind their directory's listing gave. */
  private readonly listedKinds = new Map<string, "file" | "directory" | undefined>();
  private readonly found = new Map<string, ReadProblem>();

  constructor(discovered: readonly SourceFile[], private readonly tree: LintedTree) {
    this.discovered = new Map(discovered.map((file) => [file.absolutePath, file]));
    this.roots = new Set(tree.roots);
  }

  /** Files and directories that exist but could not be read (no permission, a loop of links, over maxFileSize), each once. */
  get problems(): readonly ReadProblem[] {
    return [...this.found.values()];
  }

  kind(absolute: string): Kind {
    if (!this.kinds.has(absolute)) this.kinds.set(absolute, this.kindOf(absolute));
    return this.kinds.get(absolute);
  }

  readFile(absolute: string, language: Language): SourceFile | undefined {
    const known = this.discovered.get(absolute);
    if (known) return known;
    if (!this.read.has(absolute)) this.read.set(absolute, this.readOnce(absolute, language));
    return this.read.get(absolute);
  }

  entries(absoluteDirectory: string): readonly string[] | undefined {
    const real = this.realpath(absoluteDirectory);
    const listed = typeof real === "string" && this.within(real) ? this.listing(real) : undefined;
    return listed && [...listed.keys()];
  }

  private kindOf(absolute: string): Kind {
    const real = this.realpath(absolute);
    if (typeof real !== "string") return !this.within(absolute) ? undefined : real === UNREADABLE ? "unreadable" : "absent";
    if (!this.within(real)) return undefined;
    if (this.listedKinds.has(real)) return this.listedKinds.get(real);
    const stats = this.lookUp(real, false, () => statSync(real));
    if (stats === UNREADABLE) return "unreadable";
    return stats?.isDirectory() ? "directory" : stats?.isFile() ? "file" : undefined;
  }

  private readOnce(absolute: string, language: Language): SourceFile | undefined {
    const real = this.realpath(absolute);
    if (typeof real !== "string" || !this.within(real)) return undefined;
    const text = this.tree.standIns?.get(real) ?? this.lookUp(real, false, () => {
      const stats = statSync(real);
      if (!stats.isFile()) return undefined;
      if (stats.size <= this.tree.maxFileSize) return decodeUtf8(readFileSync(real));
      this.report(real, overSizeLimit(stats.size, this.tree.maxFileSize));
      return undefined;
    });
    return typeof text === "object" || typeof text === "string" ? createSourceFile(displayPath(this.tree.cwd, absolute), absolute, text, language) : undefined;
  }

  /** A pre-commit run names thousands of files, so a path is looked up by its ancestors, not compared with every root. */
  private within(path: string): boolean {
    let inside = this.withinRoots.get(path);
    if (inside === undefined) {
      const parent = dirname(path);
      inside = this.roots.has(path) || (parent !== path && this.within(parent));
      this.withinRoots.set(path, inside);
    }
    return inside;
  }

  /** A path's real path is its directory's, cached, joined with its name unless that is a link. */
  private realpath(absolute: string): string | undefined | typeof UNREADABLE {
    if (this.realpaths.has(absolute)) return this.realpaths.get(absolute);
    const parent = dirname(absolute);
    let real: string | undefined | typeof UNREADABLE;
    if (parent === absolute || absolute !== resolve(absolute)) {
      real = this.followLink(absolute);
    } else {
      const realParent = this.realpath(parent);
      const candidate = typeof realParent === "string" ? join(realParent, basename(absolute)) : undefined;
      // Directories outside the linted tree (a busy /tmp, /home) are not listed whole for one name.
      const listed = typeof realParent === "string" && this.within(realParent) ? this.listing(realParent) : undefined;
      if (candidate === undefined) {
        real = realParent;
      } else if (listed) {
        const entry = listed.get(basename(absolute));
        real = entry === undefined ? undefined : entry === "link" ? this.followLink(candidate) : candidate;
        if (entry && entry !== "link") this.listedKinds.set(candidate, entry === "other" ? undefined : entry);
      } else {
        // Search permission is checked on the directory: an lstat that fails for it is the directory's problem.
        const stats = this.lookUp(dirname(candidate), true, () => lstatSync(candidate));
        real = typeof stats !== "object" ? stats : stats.isSymbolicLink() ? this.followLink(candidate) : candidate;
      }
    }
    this.realpaths.set(absolute, real);
    return real;
  }

  private followLink(link: string): string | undefined | typeof UNREADABLE {
    return this.lookUp(link, false, () => realpathSync(link));
  }

  /** A directory's entries by name; undefined when it cannot be listed (then each path is looked at alone). */
  private listing(directory: string): Listing | undefined {
    if (!this.listings.has(directory)) {
      let entries = this.tree.listings?.get(directory);
      try {
        entries ??= new Map(readdirSync(directory, { withFileTypes: true }).map((entry) => [entry.name, entryKind(entry)]));
      } catch {
        entries = undefined;
      }
      this.listings.set(directory, entries);
    }
    return this.listings.get(directory);
  }

  /** `look()`, or undefined when nothing is there; UNREADABLE for any other failure, reported on the path or on the directory that cannot be searched. */
  private lookUp<T>(culprit: string, isDirectory: boolean, look: () => T): T | undefined | typeof UNREADABLE {
    try {
      return look();
    } catch (error) {
      const code = errorCode(error);
      if (ABSENT.has(code)) return undefined;
      this.report(culprit, isDirectory ? `cannot read the directory (${code})` : cannotReadFile(code));
      return UNREADABLE;
    }
  }

  private ignored: ((absolute: string) => boolean) | undefined;

  private report(absolute: string, message: string): void {
    this.ignored ??= ignoreMatcher(this.tree.ignore, this.tree.ignoreBase);
    if (!this.within(absolute) || this.ignored(absolute)) return;
    const path = displayPath(this.tree.cwd, absolute);
    if (!this.found.has(path)) this.found.set(path, { path, message });
  }
}
