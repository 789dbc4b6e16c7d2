// Which files a run lints, and as what: YAML streams and uWSGI inis from the paths given,
// read once, with size limits and problems reported as diagnostics instead of crashes.
// What each file is (a manifest, a chart, a workflow…) is decided by classify.ts.
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { FileClassifier } from "./classify.js";
import { RunError } from "./errors.js";
import { createSourceFile, decodeUtf8 } from "./source.js";
import type { SourceFile } from "./types.js";

export const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];
const LINTED_EXTENSIONS = "**/*.{yaml,yml,ini}";

export interface ReadProblem {
  readonly path: string;
  readonly message: string;
}

export interface Discovery {
  readonly files: SourceFile[];
  readonly problems: ReadProblem[];
  /** What was skipped and why, for `--verbose`. */
  readonly notes: string[];
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly ignore: readonly string[];
  readonly maxFileSize: number;
  readonly stdin?: { readonly name: string; readonly bytes: Uint8Array };
}

export function displayPath(cwd: string, absolute: string): string {
  const shown = relative(cwd, absolute) || basename(absolute);
  return sep === "/" ? shown : shown.split(sep).join("/");
}

export function discover(paths: readonly string[], options: DiscoverOptions): Discovery {
  const discovery: Discovery = { files: [], problems: [], notes: [] };
  const classifier = new FileClassifier(options.cwd);
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === "-") {
      const name = options.stdin?.name ?? "-";
      discovery.files.push(createSourceFile(name, undefined, options.stdin ? decodeUtf8(options.stdin.bytes) : "", name.endsWith(".ini") ? "uwsgi" : "yaml"));
      continue;
    }
    const absolute = resolve(options.cwd, path);
    const stats = statOrThrow(absolute, path);
    const candidates = stats.isDirectory() ? walk(absolute, options, discovery) : [absolute];
    for (const file of candidates) {
      // A walk reads a file once however it reaches it; a path given is read as given.
      const key = stats.isDirectory() ? realpathOrSelf(file) : file;
      if (seen.has(key)) continue;
      seen.add(key);
      readCandidate(file, stats.isDirectory(), classifier, options, discovery);
    }
  }
  return discovery;
}

function statOrThrow(absolute: string, shown: string): Stats {
  try {
    return statSync(absolute);
  } catch (error) {
    const code = errorCode(error);
    throw new RunError(code === "ENOENT" ? `no such file or directory: ${shown}` : `cannot read ${shown} (${code})`);
  }
}

/** A path that cannot be resolved is kept as it is: reading it then reports why. */
function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The files to lint under `directory`. Symbolic links to directories are not followed, so a
 * walk cannot loop; a link to a file is linted when its target is a file inside the tree.
 * Directories that cannot be listed are reported, not silently skipped.
 */
/** fast-glob is loaded only when a directory is walked: a run on named files never pays for it. */
let fastGlob: typeof import("fast-glob") | undefined;

function walk(directory: string, options: DiscoverOptions, discovery: Discovery): string[] {
  fastGlob ??= createRequire(import.meta.url)("fast-glob") as typeof import("fast-glob");
  const entries = fastGlob.sync(LINTED_EXTENSIONS, {
    cwd: directory,
    absolute: true,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    ignore: [...ALWAYS_IGNORED, ...options.ignore],
    fs: { readdirSync: reportingReaddir(options, discovery) },
  });
  const root = realpathSync(directory);
  const files: string[] = [];
  const links: string[] = [];
  const sorted = entries.map(({ path, dirent }) => ({ file: resolve(path), dirent })).sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const { file, dirent } of sorted) {
    if (dirent.isFile()) files.push(file);
    else if (dirent.isSymbolicLink()) {
      if (linkedFileInside(root, file, options, discovery)) links.push(file);
    } else if (!dirent.isDirectory()) {
      notRegular(file, options, discovery);
    }
  }
  // Files before links, so that a file reached both ways is read under its own name.
  return [...files, ...links];
}

function reportingReaddir(options: DiscoverOptions, discovery: Discovery): typeof readdirSync {
  return ((path: string, readOptions: { withFileTypes: true }) => {
    try {
      return readdirSync(path, readOptions);
    } catch (error) {
      discovery.problems.push({ path: displayPath(options.cwd, path), message: `cannot read the directory (${errorCode(error)}); the files in it were not linted` });
      return [];
    }
  }) as typeof readdirSync;
}

function linkedFileInside(root: string, link: string, options: DiscoverOptions, discovery: Discovery): boolean {
  const shown = displayPath(options.cwd, link);
  let target: string;
  let stats: Stats;
  try {
    target = realpathSync(link);
    stats = statSync(target);
  } catch {
    discovery.notes.push(`${shown}: skipped (a dangling symbolic link)`);
    return false;
  }
  const inside = relative(root, target);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    discovery.notes.push(`${shown}: skipped (a symbolic link out of the linted tree)`);
    return false;
  }
  if (stats.isDirectory()) {
    discovery.notes.push(`${shown}: skipped (a symbolic link to a directory; its files are linted where they are)`);
    return false;
  }
  if (!stats.isFile()) {
    notRegular(link, options, discovery);
    return false;
  }
  return true;
}

/** A pipe, socket or device found by a walk: reading one could block forever. */
function notRegular(file: string, options: DiscoverOptions, discovery: Discovery): void {
  discovery.problems.push({ path: displayPath(options.cwd, file), message: "not a regular file (a pipe, socket or device); skipped" });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function readCandidate(absolute: string, fromWalk: boolean, classifier: FileClassifier, options: DiscoverOptions, discovery: Discovery): void {
  const skippedHere = classifier.byLocation(absolute);
  if (skippedHere) {
    note(discovery, skippedHere.note);
    return;
  }
  const shown = displayPath(options.cwd, absolute);
  let bytes: Buffer;
  try {
    const stats = statSync(absolute);
    if (stats.size > options.maxFileSize) {
      discovery.problems.push({ path: shown, message: `file is ${stats.size} bytes, over the ${options.maxFileSize}-byte limit (maxFileSize); skipped` });
      return;
    }
    bytes = readFileSync(absolute);
  } catch (error) {
    discovery.problems.push({ path: shown, message: `cannot read the file (${errorCode(error)})` });
    return;
  }
  const decoded = decodeUtf8(bytes);
  const language = classifier.byContent(absolute, decoded.text, fromWalk);
  if (typeof language === "object") note(discovery, language.note);
  else discovery.files.push(createSourceFile(shown, absolute, decoded, language));
}

/** Every file of a Helm chart gives the same note; it is shown once. */
function note(discovery: Discovery, text: string): void {
  if (!discovery.notes.includes(text)) discovery.notes.push(text);
}
