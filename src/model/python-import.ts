// Python's import of a module by name over a search path, as the servers' models see it: each
// directory is a container path mapped (or not) to the repository, so a module is found, missing,
// or unverifiable where nw-lint cannot look (a run-time volume, the image, an unreadable file).
import { posix } from "node:path";
import type { ProjectHost, RelatedSite, SourceFile } from "../engine/types.js";
import { positionAt } from "../engine/source.js";
import type { UnseenPath } from "../languages/dockerfile/parse.js";
import { repoPaths, unseenAt, type Location } from "./container-paths.js";
import type { Exclusion } from "./dockerignore.js";
import { excludedFromImage } from "./image-files.js";

/** A Python file and where it is in the container. */
export interface PythonFile {
  readonly file: SourceFile;
  readonly containerPath: string;
}

export type ModuleResolution =
  | {
      readonly status: "found";
      /** The module's file (`app.py`, `pkg/__init__.py`); undefined for a namespace package. */
      readonly file: PythonFile | undefined;
      /** The `__init__.py` of each package imported on the way, outermost first. */
      readonly packages: readonly PythonFile[];
      /** It is imported as part of a package (a dotted name, or a package itself), so its relative imports work. */
      readonly inPackage: boolean;
      /** It is a package (a directory with `__init__.py`, or a namespace package), not a `.py` module. */
      readonly isPackage: boolean;
      /** The module of the same name beside the package, which Python never imports (`app.py` beside `app/`). */
      readonly shadows?: string;
    }
  /** `message` says it as Python does: `No module named 'x'`. */
  | { readonly status: "missing"; readonly message: string; readonly builtin?: BuiltinModule; readonly excluded?: ExcludedFile }
  /**
   * The module may exist where the linter cannot look (a run-time volume, outside the linted tree);
   * `related` is the instruction that may put it there (a RUN, a `COPY --from`).
   */
  | { readonly status: "unverifiable"; readonly why: Unseen; readonly message: string; readonly related?: RelatedSite };

/**
 * Why the linter cannot see a module: on a volume mounted at run time; in an image the tree does
 * not show; installed by a `pip install` of something the tree does not hold; put in the image by
 * a RUN or `COPY --from`; outside the linted files; in a directory mapped by a guess; or named by
 * a value known only at run time.
 */
export type Unseen = "volume" | "image" | "installed" | "built" | "outside" | "guessed" | "run-time" | "unreadable" | "not-checked";

/** A module in `sys.modules` before the app is imported (uWSGI's own, or a standard one), which a file of its name cannot replace. */
export interface BuiltinModule {
  /** The module already imported (`uwsgi`, `site`). */
  readonly module: string;
  /** The file or package in the search path it hides, if any (`uwsgi.py`). */
  readonly hides: string | undefined;
}

/** A file of the repository that would be the module, which the build's .dockerignore keeps out of the image. */
export interface ExcludedFile {
  readonly containerPath: string;
  readonly by: Exclusion;
}

type Unverifiable = Extract<ModuleResolution, { readonly status: "unverifiable" }>;

export function unverifiable(why: Unseen, message: string): Unverifiable {
  return { status: "unverifiable", why, message };
}

/** The reasons `unseenLocation` gives. */
export type UnseenLocation = Extract<Unseen, "volume" | "image" | "installed" | "unreadable" | "outside">;

/**
 * Why nw-lint cannot look at a location: on a volume mounted at run time, in the image where
 * nothing maps it to the linted files (or put there by a `pip install`), unreadable, or outside
 * the linted files; undefined when it can.
 */
export function unseenLocation(location: Location, host: ProjectHost): UnseenLocation | undefined {
  if (location.volume) return "volume";
  if (location.repoPath === undefined) return location.installedBy ? "installed" : "image";
  const kind = host.kind(location.repoPath);
  return kind === "unreadable" ? "unreadable" : kind === undefined ? "outside" : undefined;
}

// How messages say where what nw-lint cannot see is: a module it looks for in a directory
// (`app may be in /app, on the volume mounted at /app`), and a file by its path (`/app/web.py is
// on the volume mounted at /app`, `web.py cannot be read`).
const onVolume = (location: Location) => `on the volume mounted at ${location.volume!.mountPath}`;
const IN_IMAGE = "in the image, which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)";
const OUTSIDE = "outside the linted files";
const GUESSED = "which no Dockerfile in the tree shows";

/** `name` may be in a directory nw-lint cannot see, or one only a guess maps to the linted files. */
function unseenModule(name: string, directory: Location, why: UnseenLocation | "guessed"): Unverifiable {
  if (why === "installed") return unverifiable(why, `${name} may be among what ${directory.installedBy} installs, which nw-lint cannot see`);
  const where = why === "volume" ? onVolume(directory) : why === "image" ? IN_IMAGE : why === "unreadable" ? "which cannot be read" : why === "outside" ? `on a directory ${OUTSIDE}` : GUESSED;
  return unverifiable(why, `${name} may be in ${directory.containerPath}, ${where}`);
}

/** A file nw-lint cannot see at `location`; `path` is how the file is named (a config's value, a container path). */
export function unseenFile(path: string, location: Location, why: UnseenLocation | "guessed"): Unverifiable {
  switch (why) {
    case "volume":
      return unverifiable(why, `${location.containerPath} is ${onVolume(location)}`);
    case "image":
      return unverifiable(why, `${location.containerPath} is ${IN_IMAGE}`);
    case "outside":
      return unverifiable(why, `${location.containerPath} is ${OUTSIDE}`);
    case "unreadable":
      return cannotRead(path);
    case "guessed":
    case "installed":
      return unseenModule(path, location, why);
  }
}

/** `path` (a file, or a module in a directory) may be among what a RUN or `COPY --from` of the image puts there. */
export function builtFile(path: string, by: UnseenPath): Unverifiable {
  return {
    ...unverifiable("built", `${path} may be among what ${by.at.file.path} line ${positionAt(by.at.file, by.at.start).line} (${by.by}) puts in ${by.path}, which nw-lint cannot see`),
    related: { at: by.at, message: `${by.by} puts what nw-lint cannot see in ${by.path}` },
  };
}

/** `what` (a file, or a module in a directory) is there but cannot be read. */
function cannotRead(what: string): Unverifiable {
  return unverifiable("unreadable", `${what} cannot be read`);
}

/**
 * Python's import of a dotted name over the search path: for each part, a package directory
 * with `__init__.py`, a `.py` module, or (when no directory has either) a namespace package.
 */
export function resolveModule(name: string, searchPath: readonly Location[], host: ProjectHost): ModuleResolution {
  const python = name.replace(/\.py$/, "");
  if (name === "" || python.includes("/")) return { status: "missing", message: `No module named '${python}'` };
  const parts = name.split(".");
  let directories: readonly Location[] = searchPath;
  const packages: PythonFile[] = [];
  for (const [index, part] of parts.entries()) {
    const dotted = parts.slice(0, index + 1).join(".");
    const found = findPart(part, directories, host);
    if (found.status !== "found") {
      return found.status === "missing" ? { status: "missing", message: `No module named '${dotted}'`, ...(found.excluded ? { excluded: found.excluded } : {}) } : found;
    }
    const last = index === parts.length - 1;
    const isPackage = found.packageDirs.length > 0;
    if (last) return { status: "found", file: found.file, packages, inPackage: parts.length > 1 || isPackage, isPackage, ...(found.shadows ? { shadows: found.shadows } : {}) };
    if (!isPackage) return { status: "missing", message: `No module named '${name}'; '${dotted}' is not a package` };
    if (found.file) packages.push(found.file);
    directories = found.packageDirs;
  }
  return { status: "missing", message: `No module named '${name}'` };
}

type PartLookup =
  | { readonly status: "found"; readonly file: PythonFile | undefined; readonly packageDirs: readonly Location[]; readonly shadows?: string }
  | { readonly status: "missing"; readonly excluded?: ExcludedFile }
  | Unverifiable;

/**
 * The lookups of each list of directories (an app's search path, a package's directories) by
 * part, made once: an app's modules import the same names (`from flask import Flask, request`
 * looks for flask twice), and each lookup builds paths to hash.
 */
const partLookups = new WeakMap<ProjectHost, WeakMap<readonly Location[], Map<string, PartLookup>>>();

function findPart(part: string, directories: readonly Location[], host: ProjectHost): PartLookup {
  let byDirectories = partLookups.get(host);
  if (!byDirectories) partLookups.set(host, (byDirectories = new WeakMap()));
  let byPart = byDirectories.get(directories);
  if (!byPart) byDirectories.set(directories, (byPart = new Map()));
  let found = byPart.get(part);
  if (!found) byPart.set(part, (found = searchPart(part, directories, host)));
  return found;
}

/**
 * One part of a dotted name in the directories searched, in order: a package (`part/__init__.py`)
 * or a module (`part.py`) ends the search; directories holding `part/` without either make a
 * namespace package. A directory the linter cannot see (a run-time volume, outside the linted
 * tree) leaves the answer open unless a later one has the module.
 */
function searchPart(part: string, directories: readonly Location[], host: ProjectHost): PartLookup {
  const namespaces: Location[] = [];
  let unseen: Unverifiable | undefined;
  let excluded: ExcludedFile | undefined;
  for (const directory of directories) {
    const unseenDirectory = unseenLocation(directory, host);
    // A directory of the image nothing maps may still hold what a COPY put below it (`COPY pkg pkg` into the WORKDIR).
    if (unseenDirectory && !(unseenDirectory === "image" && copiedBelow(directory, part))) {
      unseen ??= unseenModule(part, directory, unseenDirectory);
      continue;
    }
    // Most parts are none of the three (`import os` looks in the app's directories first): container paths are made only for a part found.
    const packageDir = below(directory, part, host);
    const packageInit = below(directory, `${part}/__init__.py`, host);
    const initKind = kindAt(host, packageInit);
    if (initKind === "file") {
      const containerDir = posix.join(directory.containerPath, part);
      const file = pythonFile(host, packageInit!, posix.join(containerDir, "__init__.py"));
      const shadows = kindAt(host, below(directory, `${part}.py`, host)) === "file" ? { shadows: `${part}.py` } : {};
      return file ? { status: "found", file, packageDirs: [{ containerPath: containerDir, repoPath: packageDir, volume: undefined, paths: directory.paths }], ...shadows } : cannotRead(posix.join(containerDir, "__init__.py"));
    }
    const moduleFile = below(directory, `${part}.py`, host);
    const moduleKind = kindAt(host, moduleFile);
    if (moduleKind === "file") {
      const containerPath = `${posix.join(directory.containerPath, part)}.py`;
      const file = pythonFile(host, moduleFile!, containerPath);
      return file ? { status: "found", file, packageDirs: [] } : cannotRead(containerPath);
    }
    const directoryOfPart = kindAt(host, packageDir);
    // Something nw-lint cannot read may be the module: it is not missing, nor a namespace package.
    if (initKind === "unreadable" || moduleKind === "unreadable" || directoryOfPart === "unreadable") {
      unseen ??= cannotRead(`${part} in ${directory.containerPath}`);
    } else if (directoryOfPart === "directory") namespaces.push({ containerPath: posix.join(directory.containerPath, part), repoPath: packageDir, volume: undefined, paths: directory.paths });
    else if (unseenDirectory) unseen ??= unseenModule(part, directory, unseenDirectory);
    else if (directory.guessed) unseen ??= unseenModule(part, directory, "guessed");
    else unseen ??= builtModule(part, directory);
    excluded ??= excludedModule(host, directory, { [`${part}/__init__.py`]: packageInit, [`${part}.py`]: moduleFile });
  }
  if (namespaces.length > 0) return { status: "found", file: undefined, packageDirs: namespaces };
  return unseen ?? { status: "missing", ...(excluded ? { excluded } : {}) };
}

/** A module that is not in the repository but may be among what a RUN or `COPY --from` puts in the directory. */
function builtModule(part: string, directory: Location): Unverifiable | undefined {
  const containerPath = posix.join(directory.containerPath, part);
  const by = unseenAt(directory.paths, containerPath) ?? unseenAt(directory.paths, `${containerPath}.py`);
  return by && builtFile(containerPath, by);
}

/** The package or module file the .dockerignore keeps out of the image, by its name below the directory searched. */
function excludedModule(host: ProjectHost, directory: Location, candidates: Readonly<Record<string, string | undefined>>): ExcludedFile | undefined {
  for (const [name, repoPath] of Object.entries(candidates)) {
    const by = repoPath === undefined ? undefined : excludedFromImage(host, repoPath);
    if (by) return { containerPath: posix.join(directory.containerPath, name), by };
  }
  return undefined;
}

/**
 * Where `name` below a directory of the search path is in the repository: through the container's
 * path map when the directory has one, since a path below it may be copied from elsewhere
 * (`COPY requirements.txt .` maps the working directory, then `COPY src/ web/` its `web`), and
 * the directory itself from several places (`COPY app/ .` after it): the first place that has it.
 */
function below(directory: Location, name: string, host: ProjectHost): string | undefined {
  const candidates = directory.paths ? repoPaths(directory.paths, posix.join(directory.containerPath, name)) : [];
  return candidates.find((candidate) => host.kind(candidate) !== "absent") ?? candidates[0] ?? (directory.repoPath === undefined ? undefined : posix.join(directory.repoPath, name));
}

/** What is at a repository path; nothing, for a container path no pair maps. */
const kindAt = (host: ProjectHost, path: string | undefined) => (path === undefined ? "absent" : host.kind(path));

/** Whether the path map puts `part` or `part.py` below the directory, which itself it may not map. */
function copiedBelow(directory: Location, part: string): boolean {
  const paths = directory.paths;
  return paths !== undefined && [part, `${part}.py`].some((name) => repoPaths(paths, posix.join(directory.containerPath, name)).length > 0);
}

function pythonFile(host: ProjectHost, repoPath: string, containerPath: string): PythonFile | undefined {
  const file = host.readFile(repoPath, "python");
  return file && { file, containerPath };
}
