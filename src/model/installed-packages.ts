// Where the image's `pip install` of a project (`pip install .`, `pip install git+https://…`)
// puts its packages: site-packages, which Python searches after the app's own directories. A
// project copied from the linted tree is searched where its packages are, `src/` (the src layout)
// or its top directory (the flat layout); what nw-lint cannot see (a URL, an archive, a directory
// nothing copies) may hold any module.
import { posix } from "node:path";
import { positionAt } from "../engine/source.js";
import type { ProjectHost } from "../engine/types.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { locate, type Location, type PathMap } from "./container-paths.js";

/** The directories site-packages takes packages from, each with the install that puts them there, but those `searched` already holds. */
export function installedDirectories(dockerfile: Dockerfile | undefined, paths: PathMap, host: ProjectHost, searched: readonly Location[]): Location[] {
  const installed = (dockerfile?.pipInstalls ?? []).flatMap((install): Location[] => {
    const installedBy = `pip install ${install.target} (${dockerfile!.file.path}:${positionAt(install.at.file, install.at.start).line})`;
    const project = install.directory === undefined ? undefined : locate(paths, install.directory).repoPath;
    if (project === undefined || host.kind(project) !== "directory") return [{ containerPath: install.directory ?? "site-packages", repoPath: undefined, volume: undefined, installedBy }];
    const src = posix.join(project, "src");
    const layouts = host.kind(src) === "directory" ? [{ containerPath: posix.join(install.directory!, "src"), repoPath: src }] : [];
    return [...layouts, { containerPath: install.directory!, repoPath: project }].map((layout) => ({ ...layout, volume: undefined, installedBy }));
  });
  return installed.filter((directory) => !searched.some((other) => other.containerPath === directory.containerPath));
}

