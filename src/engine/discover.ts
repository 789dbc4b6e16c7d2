// Which files a run lints: the files named and those a walk of the directories named finds,
// each read once, with size limits and problems reported as diagnostics instead of crashes.
// What each is (a manifest, an ini, a compose file, a Python module or Dockerfile named, or
// something to skip) is decided by classify.ts; what the model reads beyond them, by file-host.ts.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { FileClassifier, type Skipped } from "./classify.js";
import { RunError } from "./errors.js";
import { cannotReadFile, errorCode, overSizeLimit, type ReadProblem } from "./read-problems.js";
import { readPipe } from "./read-limited.js";
import { createSourceFile, decodeManifest, decodeUtf8 } from "./source.js";
import { compareText } from "./text.js";
import type { SourceFile } from "./types.js";

const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];
const LINTED_EXTENSIONS = "**/*.{yaml,yml,ini}";

export interface Discovery {
  readonly files: SourceFile[];
  readonly problems: ReadProblem[];
  /** What was skipped and why, for `--verbose`. */
  readonly notes: string[];
  /** The Helm charts and kustomize bases skipped, which only what renders them applies (`the Helm chart charts/web`). */
  readonly unrendered: string[];
  /** Where the model may read further files (Python modules, Dockerfiles, included inis). */
  readonly tree: LintedTree;
}

/** The directories a run lints, for reading the files the model needs beyond those discovered; plain data, so worker threads get it too. */
export interface LintedTree {
  readonly cwd: string;
  /** Real paths of the directories the model may read in: the working directory, and any linted directory or named file's directory outside it. */
  readonly roots: readonly string[];
  readonly maxFileSize: number;
  /** The config's `ignore` globs and the directory they are relative to: what they match is not reported unreadable either. */
  readonly ignore: readonly string[];
  readonly ignoreBase: string;
  /** Text read in place of a file's on disk, by real path: a rule page's example as shown, without the fixture's markers. */
  readonly standIns?: ReadonlyMap<string, string>;
  /** What each directory the walk listed holds, by its path: the model's file host and the classifier look there before asking the file system. */
  readonly listings?: ReadonlyMap<string, Listing>;
}

/** A directory's entries by name, as a walk listed them. */
export type Listing = ReadonlyMap<string, EntryKind>;
export type EntryKind = "file" | "directory" | "link" | "other";

export function entryKind(entry: Dirent): EntryKind {
  return entry.isSymbolicLink() ? "link" : entry.isDirectory() ? "directory" : entry.isFile() ? "file" : "other";
}

export interface DiscoverOptions {
  readonly cwd: string;
  /** Globs of files not to lint, relative to `ignoreBase` (the config file's directory), else to `cwd`. */
  readonly ignore: readonly string[];
  readonly ignoreBase?: string;
  readonly maxFileSize: number;
  /** Standard input, and the name `--stdin-filename` gives it, if any. */
  readonly stdin?: { readonly name: string | undefined; readonly bytes: Uint8Array };
}

export function displayPath(cwd: string, absolute: string): string {
  const shown = relative(cwd, absolute) || basename(absolute);
  return sep === "/" ? shown : shown.split(sep).join("/");
}

export function discover(paths: readonly string[], options: DiscoverOptions): Discovery {
  const files: SourceFile[] = [];
  const roots: string[] = [];
  const listings = new Map<string, Listing>();
  const discovery: Discovery = { files, problems: [], notes: [], unrendered: [], tree: { cwd: options.cwd, roots, maxFileSize: options.maxFileSize, ignore: options.ignore, ignoreBase: options.ignoreBase ?? options.cwd, listings } };
  const classifier = new FileClassifier(options.cwd, listings);
  const ignored = ignoreMatcher(options.ignore, options.ignoreBase ?? options.cwd);
  const seen = new Set<string>();
  const rootsSeen = new Set<string>();
  // A pre-commit hook names thousands of files in a few directories.
  const realDirectories = new Map<string, string>();
  let realWorkingDirectory: string | undefined;
  const realCwd = () => (realWorkingDirectory ??= realpathSync(options.cwd));
  const addRoots = (directory: string) => {
    const realDirectory = realDirectories.get(directory) ?? realpathSync(directory);
    realDirectories.set(directory, realDirectory);
    for (const root of [staysInside(relative(options.cwd, directory)) ? realCwd() : realDirectory, realDirectory]) {
      if (!rootsSeen.has(root)) roots.push(root);
      rootsSeen.add(root);
    }
  };
  // What each path gives, in order; read once every kustomization among them is known.
  const pending: ({ readonly candidates: readonly { readonly file: string; readonly key: string }[]; readonly fromWalk: boolean } | "stdin")[] = [];
  for (const path of paths) {
    if (path === "-") {
      pending.push("stdin");
      continue;
    }
    const absolute = withinWorkingDirectory(resolve(options.cwd, path), options.cwd);
    const stats = statNamed(absolute, path, options, discovery);
    if (!stats) continue;
    if (!stats.isDirectory() && ignored(absolute)) {
      discovery.notes.push(`${displayPath(options.cwd, absolute)}: skipped (it matches a config ignore glob)`);
      continue;
    }
    // The model reads what an app loads from anywhere in the working directory (the repository,
    // for a pre-commit hook), however few files are named; beyond it, only beside the path, and
    // beside it where it really is (a directory named through a symbolic link is walked there).
    addRoots(stats.isDirectory() ? absolute : dirname(absolute));
    // A file is read once however it is reached (a link named beside its target too); a path given is read as given.
    const candidates = stats.isDirectory() ? walk(absolute, options, discovery, listings).filter(({ file }) => !ignored(file)) : [{ file: absolute, key: realpathOrUndefined(absolute) ?? absolute }];
    pending.push({ candidates, fromWalk: stats.isDirectory() });
  }
  classifier.noteKustomizations(pending.flatMap((each) => (each === "stdin" ? [] : each.candidates.map(({ file }) => file))));
  for (const each of pending) {
    if (each === "stdin") {
      if (seen.has("-")) continue;
      seen.add("-");
      const file = stdinFile(options.stdin, classifier, options.cwd);
      discovery.files.push(file);
      // Read as a file of that name would be: the model reads what it loads from around it.
      if (file.absolutePath && existsSync(dirname(file.absolutePath))) addRoots(dirname(file.absolutePath));
      continue;
    }
    for (const { file, key } of each.candidates) {
      if (seen.has(key)) continue;
      seen.add(key);
      readCandidate(file, each.fromWalk, classifier, options, discovery);
    }
  }
  // stdin named as a file the run also reads stands in for it, as an editor's unsaved copy does.
  const standIn = files.find((file) => file.fromStdin)?.absolutePath;
  if (standIn === undefined || !files.some((file) => !file.fromStdin && file.absolutePath === standIn)) return discovery;
  discovery.notes.push(`${displayPath(options.cwd, standIn)}: read from stdin in its place`);
  return { ...discovery, files: files.filter((file) => file.fromStdin || file.absolutePath !== standIn) };
}

/** stdin, read as a file of its name named on the command line would be; whatever that name, it is linted (as YAML when nothing else). */
function stdinFile(stdin: DiscoverOptions["stdin"], classifier: FileClassifier, cwd: string): SourceFile {
  const bytes = stdin?.bytes ?? new Uint8Array();
  // CLI.md: stdin is a YAML stream, unless --stdin-filename says what it is.
  const name = stdin?.name;
  if (name === undefined) return { ...createSourceFile("-", undefined, decodeManifest(bytes), "yaml"), fromStdin: true };
  const { decoded, language } = decodedAndClassified(bytes, (text) => classifier.byContent(name, text, false));
  return { ...createSourceFile(name, resolve(cwd, name), decoded, typeof language === "string" ? language : "yaml"), fromStdin: true };
}

/**
 * Bytes decoded as what they turn out to be: a manifest or compose file may be UTF-16 after a
 * byte-order mark (as kubectl reads it); an ini, a Python module or a Dockerfile is read as UTF-8
 * bytes, as uWSGI, CPython and Docker read them.
 */
function decodedAndClassified(bytes: Uint8Array, classify: (text: string) => ReturnType<FileClassifier["byContent"]>) {
  let decoded = decodeManifest(bytes);
  let language = classify(decoded.text);
  if (decoded.encoding !== undefined && language !== "yaml" && language !== "compose") {
    decoded = decodeUtf8(bytes);
    language = classify(decoded.text);
  }
  return { decoded, language };
}

/**
 * A path outside the working directory that is inside it once links are resolved (`$PWD/k8s` when
 * the shell reached the working directory through a link; Node's is the real one) is taken by its
 * real path, so it is shown, ignored and fixed as the same path written relative would be.
 */
function withinWorkingDirectory(absolute: string, cwd: string): string {
  if (staysInside(relative(cwd, absolute))) return absolute;
  const real = realpathOrUndefined(absolute);
  return real !== undefined && staysInside(relative(cwd, real)) ? real : absolute;
}

/** Whether a path relative to a directory stays inside it. */
function staysInside(relativePath: string): boolean {
  return relativePath !== ".." && !relativePath.startsWith(`..${sep}`) && !isAbsolute(relativePath);
}

/**
 * A path named on the command line: one that does not exist stops the run (a typo), one that
 * exists but cannot be looked at (a directory above it without permission, a loop of links) is
 * a diagnostic, and the other paths are still linted.
 */
function statNamed(absolute: string, shown: string, options: DiscoverOptions, discovery: Discovery): Stats | undefined {
  try {
    return statSync(absolute);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") throw new RunError(`no such file or directory: ${shown}`);
    discovery.problems.push({ path: displayPath(options.cwd, absolute), message: cannotReadFile(code) });
    return undefined;
  }
}

/** fast-glob is loaded only when a directory is walked: a run on named files never pays for it. */
let fastGlob: typeof import("fast-glob") | undefined;
/** picomatch is loaded only when the config has `ignore` globs. */
let picomatch: typeof import("picomatch") | undefined;

/**
 * Whether an absolute path matches one of the config's `ignore` globs, or lies in a directory one
 * matches. The globs are relative to the config file's directory (`base`), as its `apps` paths
 * are, whatever directory is linted, and apply to files named on the command line too (a
 * pre-commit hook names every file).
 */
export function ignoreMatcher(ignore: readonly string[], base: string): (absolute: string) => boolean {
  if (ignore.length === 0) return () => false;
  picomatch ??= createRequire(import.meta.url)("picomatch") as typeof import("picomatch");
  const isMatch = picomatch([...ignore], { dot: true });
  return (absolute) => {
    const path = relative(base, absolute);
    if (path === "" || !staysInside(path)) return false;
    // A glob that names a directory skips what is in it, as in a walk, which never enters it.
    const parts = path.split(sep);
    return parts.some((_, index) => isMatch(parts.slice(0, index + 1).join("/")));
  };
}

/**
 * The files to lint under `directory`, each with its real path. Symbolic links to directories
 * are not followed, so a walk cannot loop, and a file's real path is its path under the tree's
 * real root; a link to a file is linted when its target is a file inside the tree.
 * Directories that cannot be listed are reported, not silently skipped.
 */
function walk(directory: string, options: DiscoverOptions, discovery: Discovery, listings: Map<string, Listing>): { readonly file: string; readonly key: string }[] {
  fastGlob ??= createRequire(import.meta.url)("fast-glob") as typeof import("fast-glob");
  const entries = fastGlob.sync(LINTED_EXTENSIONS, {
    cwd: directory,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    // The globs are relative to the config's directory: fast-glob prunes with them when that is the one walked.
    ignore: [...ALWAYS_IGNORED, ...(resolve(directory) === resolve(options.ignoreBase ?? options.cwd) ? options.ignore : [])],
    fs: { readdirSync: reportingReaddir(directory, options, discovery, listings) },
  });
  const root = realpathSync(directory);
  const files: { file: string; key: string }[] = [];
  const links: { file: string; key: string }[] = [];
  const sorted = entries.map(({ path, dirent }) => ({ file: resolve(directory, path), dirent })).sort((a, b) => compareText(a.file, b.file));
  for (const { file, dirent } of sorted) {
    if (dirent.isFile()) files.push({ file, key: join(root, relative(directory, file)) });
    else if (dirent.isSymbolicLink()) {
      const target = linkedFileInside(root, file, options, discovery);
      if (target) links.push({ file, key: target });
    } else if (!dirent.isDirectory()) {
      notRegular(file, options, discovery);
    }
  }
  // Files before links, so that a file reached both ways is read under its own name.
  return [...files, ...links];
}

/**
 * fast-glob's walker turns every backslash of the directory it starts from into `/`, which on
 * POSIX is another path (`back\slash` is one name): the directories it lists are mapped back.
 * (Its relative paths keep their backslashes; with `absolute` it would rewrite those too.)
 */
function reportingReaddir(root: string, options: DiscoverOptions, discovery: Discovery, listings: Map<string, Listing>): typeof readdirSync {
  const rewrittenRoot = sep === "/" ? root.replaceAll("\\", "/") : root;
  const realPath = (path: string) => (rewrittenRoot !== root && path.startsWith(rewrittenRoot) ? root + path.slice(rewrittenRoot.length) : path);
  return ((listed: string, readOptions: { withFileTypes: true }) => {
    const path = realPath(listed);
    try {
      const entries = readdirSync(path, readOptions);
      listings.set(resolve(path), new Map(entries.map((entry) => [entry.name, entryKind(entry)])));
      return entries;
    } catch (error) {
      discovery.problems.push({ path: displayPath(options.cwd, path), message: `cannot read the directory (${errorCode(error)}); the files in it were not linted` });
      return [];
    }
  }) as typeof readdirSync;
}

/** The real path of the file a symbolic link names, when it is a regular file inside the tree. */
function linkedFileInside(root: string, link: string, options: DiscoverOptions, discovery: Discovery): string | undefined {
  const shown = displayPath(options.cwd, link);
  let target: string;
  let stats: Stats;
  try {
    target = realpathSync(link);
    stats = statSync(target);
  } catch (error) {
    discovery.notes.push(`${shown}: skipped (${brokenLink(errorCode(error))})`);
    return undefined;
  }
  const inside = relative(root, target);
  if (!staysInside(inside)) {
    discovery.notes.push(`${shown}: skipped (a symbolic link out of the linted tree)`);
    return undefined;
  }
  if (stats.isDirectory()) {
    discovery.notes.push(`${shown}: skipped (a symbolic link to a directory; its files are linted where they are)`);
    return undefined;
  }
  if (!stats.isFile()) {
    notRegular(link, options, discovery);
    return undefined;
  }
  return target;
}

function brokenLink(code: string): string {
  if (code === "ENOENT" || code === "ENOTDIR") return "a dangling symbolic link";
  if (code === "ELOOP") return "a loop of symbolic links";
  return `a symbolic link whose target cannot be read (${code})`;
}

/** A pipe, socket or device found by a walk: reading one could block forever. */
function notRegular(file: string, options: DiscoverOptions, discovery: Discovery): void {
  discovery.problems.push({ path: displayPath(options.cwd, file), message: "not a regular file (a pipe, socket or device); skipped" });
}

function readCandidate(absolute: string, fromWalk: boolean, classifier: FileClassifier, options: DiscoverOptions, discovery: Discovery): void {
  const skippedHere = classifier.byLocation(absolute);
  if (skippedHere) {
    skipped(discovery, skippedHere);
    return;
  }
  const shown = displayPath(options.cwd, absolute);
  let bytes: Buffer;
  // A walked file is a regular file (or a link to one): it is opened at once and its descriptor
  // gives its size, a path lookup fewer. A path given may be a pipe or a device, not to be opened yet.
  let descriptor: number | undefined;
  try {
    descriptor = fromWalk ? openSync(absolute, "r") : undefined;
    const stats = descriptor === undefined ? statSync(absolute) : fstatSync(descriptor);
    // A pipe named on the command line (`<(kustomize build)`) is read up to the limit; a device is not read.
    const pipe = !fromWalk && stats.isFIFO();
    if (!stats.isFile() && !pipe) {
      notRegular(absolute, options, discovery);
      return;
    }
    const read = pipe ? readPipe(absolute, options.maxFileSize) : stats.size <= options.maxFileSize ? readFileSync(descriptor ?? absolute) : undefined;
    if (!read) {
      const message = pipe ? `the pipe gives more bytes than the ${options.maxFileSize}-byte limit (maxFileSize); skipped` : overSizeLimit(stats.size, options.maxFileSize);
      discovery.problems.push({ path: shown, message });
      return;
    }
    bytes = read;
  } catch (error) {
    discovery.problems.push({ path: shown, message: cannotReadFile(errorCode(error)) });
    return;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
  // UTF-16 is decoded only for the YAML kubectl (or compose) reads; uWSGI and Python read bytes.
  const { decoded, language } = decodedAndClassified(bytes, (text) => classifier.byContent(absolute, text, fromWalk));
  if (typeof language === "object") skipped(discovery, language);
  else discovery.files.push(fromWalk ? createSourceFile(shown, absolute, decoded, language) : { ...createSourceFile(shown, absolute, decoded, language), named: true });
}

/** Every file of a Helm chart gives the same note; it is shown once. */
function skipped(discovery: Discovery, { note, unrendered }: Skipped): void {
  if (!discovery.notes.includes(note)) discovery.notes.push(note);
  if (unrendered && !discovery.unrendered.includes(unrendered)) discovery.unrendered.push(unrendered);
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
