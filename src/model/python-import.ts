// Python's import of a module by name over a search path, as the servers' models see it: each
// directory is a container path mapped (or not) to the repository, so a module is found, missing,
// or unverifiable where nw-lint cannot look (a run-time volume, the image, an unreadable file).
import { posix } from "node:path";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import type { Location } from "./container-paths.js";

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
    }
  /** `message` says it as Python does: `No module named 'x'`. */
  | { readonly status: "missing"; readonly message: string }
  /** The module may exist where the linter cannot look (a run-time volume, outside the linted tree). */
  | { readonly status: "unverifiable"; readonly why: Unseen; readonly message: string };

/**
 * Why the linter cannot see a module: on a volume mounted at run time; in an image the tree does
 * not show; outside the linted files; in a directory mapped by a guess; or named by a value known
 * only at run time.
 */
export type Unseen = "volume" | "image" | "outside" | "guessed" | "run-time" | "unreadable" | "not-checked";

/** Why a container path that no pair of the path map covers cannot be looked at. */
export const UNMAPPED = "which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)";

export function unverifiable(why: Unseen, message: string): ModuleResolution {
  return { status: "unverifiable", why, message };
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
      return found.status === "missing" ? { status: "missing", message: `No module named '${dotted}'` } : found;
    }
    const last = index === parts.length - 1;
    const isPackage = found.packageDirs.length > 0;
    if (last) return { status: "found", file: found.file, packages, inPackage: parts.length > 1 || isPackage, isPackage };
    if (!isPackage) return { status: "missing", message: `No module named '${name}'; '${dotted}' is not a package` };
    if (found.file) packages.push(found.file);
    directories = found.packageDirs;
  }
  return { status: "missing", message: `No module named '${name}'` };
}

type PartLookup =
  | { readonly status: "found"; readonly file: PythonFile | undefined; readonly packageDirs: readonly Location[] }
  | { readonly status: "missing" }
  | { readonly status: "unverifiable"; readonly why: Unseen; readonly message: string };

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
  let unseen: { readonly why: Unseen; readonly message: string } | undefined;
  for (const directory of directories) {
    const directoryKind = directory.volume || directory.repoPath === undefined ? undefined : host.kind(directory.repoPath);
    if (directoryKind === undefined || directoryKind === "unreadable") {
      const [why, where]: [Unseen, string] = directory.volume ? ["volume", `on the volume mounted at ${directory.volume.mountPath}`]
        : directory.repoPath === undefined ? ["image", `in the image, ${UNMAPPED}`]
        : directoryKind === "unreadable" ? ["unreadable", "which cannot be read"]
        : ["outside", "on a directory outside the linted files"];
      unseen ??= { why, message: `${part} may be in ${directory.containerPath}, ${where}` };
      continue;
    }
    // Most parts are none of the three (`import os` looks in the app's directories first): container paths are made only for a part found.
    const packageDir = posix.join(directory.repoPath!, part);
    const packageInit = posix.join(packageDir, "__init__.py");
    const initKind = host.kind(packageInit);
    if (initKind === "file") {
      const containerDir = posix.join(directory.containerPath, part);
      const file = pythonFile(host, packageInit, posix.join(containerDir, "__init__.py"));
      return file ? { status: "found", file, packageDirs: [{ containerPath: containerDir, repoPath: packageDir, volume: undefined }] } : cannotRead(posix.join(containerDir, "__init__.py"));
    }
    const moduleKind = host.kind(`${packageDir}.py`);
    if (moduleKind === "file") {
      const containerPath = `${posix.join(directory.containerPath, part)}.py`;
      const file = pythonFile(host, `${packageDir}.py`, containerPath);
      return file ? { status: "found", file, packageDirs: [] } : cannotRead(containerPath);
    }
    const directoryOfPart = host.kind(packageDir);
    // Something nw-lint cannot read may be the module: it is not missing, nor a namespace package.
    if (initKind === "unreadable" || moduleKind === "unreadable" || directoryOfPart === "unreadable") {
      unseen ??= { why: "unreadable", message: `${part} in ${directory.containerPath} cannot be read` };
    } else if (directoryOfPart === "directory") namespaces.push({ containerPath: posix.join(directory.containerPath, part), repoPath: packageDir, volume: undefined });
    else if (directory.guessed) unseen ??= { why: "guessed", message: `${part} may be in ${directory.containerPath}, which no Dockerfile in the tree shows` };
  }
  if (namespaces.length > 0) return { status: "found", file: undefined, packageDirs: namespaces };
  return unseen ? { status: "unverifiable", ...unseen } : { status: "missing" };
}

function cannotRead(containerPath: string): PartLookup {
  return { status: "unverifiable", why: "unreadable", message: `${containerPath} cannot be read` };
}

function pythonFile(host: ProjectHost, repoPath: string, containerPath: string): PythonFile | undefined {
  const file = host.readFile(repoPath, "python");
  return file && { file, containerPath };
}
