// Which files a run lints, and as what: YAML streams and uWSGI inis from the paths given,
// read once, with size limits and problems reported as diagnostics instead of crashes.
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import fg from "fast-glob";
import { RunError } from "./errors.js";
import { createSourceFile } from "./source.js";
import type { Language, SourceFile } from "./types.js";

export const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];
const LINTED_EXTENSIONS = "**/*.{yaml,yml,ini}";
const UWSGI_INI_NAMES = new Set(["uwsgi.ini", "app.ini"]);

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
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === "-") {
      const name = options.stdin?.name ?? "-";
      discovery.files.push(createSourceFile(name, undefined, options.stdin?.bytes ?? "", name.endsWith(".ini") ? "uwsgi" : "yaml"));
      continue;
    }
    const absolute = resolve(options.cwd, path);
    const stats = statOrThrow(absolute, path);
    const candidates = stats.isDirectory() ? walk(absolute, options, discovery) : [absolute];
    for (const file of candidates) {
      const real = realpathOrSelf(file);
      if (seen.has(real)) continue;
      seen.add(real);
      readCandidate(file, stats.isDirectory(), options, discovery);
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
function walk(directory: string, options: DiscoverOptions, discovery: Discovery): string[] {
  const entries = fg.sync(LINTED_EXTENSIONS, {
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
  const sorted = entries.map(({ path, dirent }) => ({ file: resolve(path), dirent })).sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const { file, dirent } of sorted) {
    if (dirent.isFile()) files.push(file);
    else if (dirent.isSymbolicLink()) {
      if (linkedFileInside(root, file, options, discovery)) files.push(file);
    } else if (!dirent.isDirectory()) {
      notRegular(file, options, discovery);
    }
  }
  return files;
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

function readCandidate(absolute: string, fromWalk: boolean, options: DiscoverOptions, discovery: Discovery): void {
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
  const language = languageOf(absolute, bytes, fromWalk);
  if (!language) {
    discovery.notes.push(`${shown}: skipped (an .ini without a [uwsgi] section)`);
    return;
  }
  discovery.files.push(createSourceFile(shown, absolute, bytes, language));
}

function languageOf(absolute: string, bytes: Buffer, fromWalk: boolean): Language | undefined {
  const name = basename(absolute);
  if (name.endsWith(".ini")) return !fromWalk || isUwsgiIni(name, bytes.toString("utf8")) ? "uwsgi" : undefined;
  if (name.endsWith(".py")) return "python";
  if (name === "Dockerfile" || name.endsWith(".Dockerfile")) return "dockerfile";
  return "yaml";
}

/** CLI.md: an .ini is uWSGI config when it has a `[uwsgi]` section or is named uwsgi.ini/app.ini. */
export function isUwsgiIni(name: string, text: string): boolean {
  return UWSGI_INI_NAMES.has(name) || /^\s*\[uwsgi\]\s*$/m.test(text);
}
