// Which files a run lints, and as what: YAML streams and uWSGI inis from the paths given,
// read once, with size limits and problems reported as diagnostics instead of crashes.
// What each file is (a manifest, a chart, a workflow…) is decided by classify.ts.
import { readFileSync, statSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, relative, resolve, sep } from "node:path";
import { FileClassifier } from "./classify.js";
import { RunError } from "./errors.js";
import { createSourceFile } from "./source.js";
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
  readonly stdin?: { readonly name: string; readonly text: string };
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
      discovery.files.push(createSourceFile(name, undefined, options.stdin?.text ?? "", name.endsWith(".ini") ? "uwsgi" : "yaml"));
      continue;
    }
    const absolute = resolve(options.cwd, path);
    const stats = statOrThrow(absolute, path);
    const candidates = stats.isDirectory() ? walk(absolute, options) : [absolute];
    for (const file of candidates) {
      if (seen.has(file)) continue;
      seen.add(file);
      readCandidate(file, stats.isDirectory(), classifier, options, discovery);
    }
  }
  return discovery;
}

function statOrThrow(absolute: string, shown: string): Stats {
  try {
    return statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunError(code === "ENOENT" ? `no such file or directory: ${shown}` : `cannot read ${shown} (${code ?? String(error)})`);
  }
}

/** fast-glob is loaded only when a directory is walked: a run on named files never pays for it. */
let fastGlob: typeof import("fast-glob") | undefined;

function walk(directory: string, options: DiscoverOptions): string[] {
  fastGlob ??= createRequire(import.meta.url)("fast-glob") as typeof import("fast-glob");
  const found = fastGlob.sync(LINTED_EXTENSIONS, {
    cwd: directory,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: [...ALWAYS_IGNORED, ...options.ignore],
  });
  return found.map((file) => resolve(file)).sort();
}

function readCandidate(absolute: string, fromWalk: boolean, classifier: FileClassifier, options: DiscoverOptions, discovery: Discovery): void {
  const skippedHere = classifier.byLocation(absolute);
  if (skippedHere) {
    note(discovery, skippedHere.note);
    return;
  }
  const shown = displayPath(options.cwd, absolute);
  let text: string;
  try {
    const stats = statSync(absolute);
    if (stats.size > options.maxFileSize) {
      discovery.problems.push({ path: shown, message: `file is ${stats.size} bytes, over the ${options.maxFileSize}-byte limit (maxFileSize); skipped` });
      return;
    }
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    discovery.problems.push({ path: shown, message: `cannot read the file (${code ?? String(error)})` });
    return;
  }
  const language = classifier.byContent(absolute, text, fromWalk);
  if (typeof language === "object") note(discovery, language.note);
  else discovery.files.push(createSourceFile(shown, absolute, text, language));
}

/** Every file of a Helm chart gives the same note; it is shown once. */
function note(discovery: Discovery, text: string): void {
  if (!discovery.notes.includes(text)) discovery.notes.push(text);
}
