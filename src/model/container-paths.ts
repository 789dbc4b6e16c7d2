// What the linter knows of a container's file system: which container paths are copied from (or
// bound to) the repository, and which volumes are mounted over them. Shared by the uWSGI and the
// other Python servers' models.
import { posix } from "node:path";
import type { ProjectHost } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { buildContext } from "./dockerfiles.js";
import { contextIgnore, ImageFiles } from "./dockerignore.js";
import { isUnder, normalisedPath, type Container, type VolumeMount } from "./k8s.js";

/** A container path and where it is in the repository, if anywhere the linter can see. */
export interface Location {
  readonly containerPath: string;
  /** Absolute path in the repository; undefined when the path is not copied from the linted tree. */
  readonly repoPath: string | undefined;
  /** The volume mounted over it at run time: the image's files there are hidden, the volume's unknown. */
  readonly volume: VolumeMount | undefined;
  /** Mapped by a guess (an ini's directory taken for the `chdir` of an image the tree lacks): what is not found there may still be in the image. */
  readonly guessed?: true;
  /** Put in site-packages by a `pip install` of the image (`src/model/installed-packages.ts`), which it names. */
  readonly installedBy?: string;
  /** The path map it was located with: a path below it may be copied from elsewhere in the repository. */
  readonly paths?: PathMap;
}

/** Container directory ↔ repository directory. */
export interface PathPair {
  readonly container: string;
  readonly repo: string;
  readonly guessed?: true;
}

export interface PathMap {
  /** Most specific first, with normalised paths; only what is known to be there. Of pairs for one directory, the first wins. */
  readonly pairs: readonly PathPair[];
  /** The container's volume mounts that have a path, most specific first. */
  readonly mounts: readonly VolumeMount[];
}

export function pathMap(pairs: readonly PathPair[], mounts: readonly VolumeMount[] | undefined): PathMap {
  return {
    pairs: [...pairs].sort((a, b) => b.container.length - a.container.length).map((pair) => ({ ...pair, container: normalisedPath(pair.container), repo: normalisedPath(pair.repo) })),
    mounts: (mounts ?? []).filter((mount) => mount.mountPath !== undefined).sort((a, b) => b.mountPath!.length - a.mountPath!.length),
  };
}

/** What runs a server: a Kubernetes container or a compose service, and the image's Dockerfile when the tree has it. */
export interface ContainerSource {
  readonly container: Container | undefined;
  readonly compose?: ComposeService | undefined;
  readonly dockerfile: Dockerfile | undefined;
}

/**
 * A runner's file system: the pairs its caller knows, its compose service's binds and what its
 * image copies, under the container's volume mounts.
 */
export function runnerPaths(runner: ContainerSource, host: ProjectHost, known: readonly PathPair[] = []): PathMap {
  const binds = runner.compose?.binds.map((bind) => ({ container: bind.container, repo: bind.host })) ?? [];
  return pathMap([...known, ...binds, ...copyPairs(runner.dockerfile, host)], runner.container?.volumeMounts);
}

/** Each host's views of the image, by Dockerfile, build context and compose binds: the model's lookups through one are made once. */
const imageViews = new WeakMap<ProjectHost, Map<string, ProjectHost>>();

/**
 * The repository as a runner's container sees it: what its image's build context has, less what
 * the context's .dockerignore keeps out of the image (compose binds mount theirs whole); the
 * repository itself when the build has no .dockerignore.
 */
export function imageHost(runner: ContainerSource, host: ProjectHost): ProjectHost {
  const dockerfile = runner.dockerfile;
  if (!dockerfile?.file.absolutePath) return host;
  const bound = runner.compose?.binds.map((bind) => bind.host) ?? [];
  let views = imageViews.get(host);
  if (!views) imageViews.set(host, (views = new Map()));
  const context = buildContext(dockerfile, host);
  const key = [dockerfile.file.absolutePath, context, ...bound].join("\0");
  let view = views.get(key);
  if (!view) {
    const ignore = contextIgnore(dockerfile, context, host);
    views.set(key, (view = ignore ? new ImageFiles(host, ignore, bound) : host));
  }
  return view;
}

/**
 * Where a container path may be in the repository: one path for each pair of the map that covers
 * it, the pair that wins first. Several COPY instructions may fill one directory
 * (`COPY requirements.txt .` then `COPY app/ .`), so a file there is in any of them.
 */
export function repoPaths(paths: PathMap, containerPath: string): string[] {
  const directory = normalisedPath(containerPath);
  return paths.pairs.filter((pair) => isUnder(directory, pair.container)).map((pair) => throughPair(pair, containerPath));
}

const throughPair = (pair: PathPair, containerPath: string): string => posix.resolve(pair.repo, posix.relative(pair.container, containerPath));

/**
 * Where a container path is in the repository, and whether a volume hides it. Only a pair of the
 * map puts a path in the repository; any other path is the image's, which the linter cannot see.
 */
export function locate(paths: PathMap, containerPath: string): Location {
  const directory = normalisedPath(containerPath);
  const pair = paths.pairs.find((candidate) => isUnder(directory, candidate.container));
  const volume = paths.mounts.find((mount) => isUnder(directory, mount.normalisedMountPath!));
  return {
    containerPath,
    repoPath: pair ? throughPair(pair, containerPath) : undefined,
    volume,
    ...(pair?.guessed ? { guessed: true as const } : {}),
    paths,
  };
}

/**
 * What a Dockerfile copies from its build context: directories, and the directory a copied file
 * lands in, which is taken to hold what the file's own directory holds (the files an image copies
 * one by one are most often an app's modules side by side); not when that directory is copied
 * whole elsewhere (`COPY dash/requirements.txt .` then `COPY dash/ app/`: the image's root does not
 * hold `app.py`). Later instructions come first: what a later COPY puts in a directory replaces
 * what an earlier one put there.
 */
function copyPairs(dockerfile: Dockerfile | undefined, host: ProjectHost): PathPair[] {
  if (!dockerfile?.file.absolutePath) return [];
  const context = buildContext(dockerfile, host);
  const copied = dockerfile.copies.flatMap((copy) => copy.sources.map((source) => ({ copy, repo: posix.resolve(context, source) })));
  const kinds = new Map(copied.map(({ repo }) => [repo, host.kind(repo)]));
  const copiedWhole = new Set(copied.filter(({ repo }) => kinds.get(repo) === "directory").map(({ repo }) => repo));
  // The directories earlier COPYs made: a file copied to one of them lands in it (`COPY src /app`, then `COPY gunicorn.conf.py /app`).
  const made = new Set<string>();
  return copied
    .flatMap(({ copy, repo }) => {
      const destination = posix.resolve("/", copy.destination);
      const into = copy.destination.endsWith("/") || copy.sources.length > 1 || made.has(destination) ? destination : posix.dirname(destination);
      for (let directory = kinds.get(repo) === "directory" ? destination : into; directory !== "/"; directory = posix.dirname(directory)) made.add(directory);
      if (kinds.get(repo) === "directory") return [{ container: destination, repo }];
      if (kinds.get(repo) !== "file" || copiedWhole.has(posix.dirname(repo))) return [];
      return [{ container: into, repo: posix.dirname(repo) }];
    })
    .reverse();
}
