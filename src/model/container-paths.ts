// What the linter knows of a container's file system: which container paths are copied from (or
// bound to) the repository, and which volumes are mounted over them. Shared by the uWSGI and the
// other Python servers' models.
import { posix } from "node:path";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile, UnseenPath, WrittenFile } from "../languages/dockerfile/parse.js";
import { buildContext } from "./dockerfiles.js";
import { contextIgnore } from "./dockerignore.js";
import { ImageFiles, writerOf, writesBodyAsIs, type Written } from "./image-files.js";
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
  /** Where the image's RUNs and `COPY --from`s put files nw-lint cannot see, besides what the pairs map. */
  readonly unseen: readonly UnseenPath[];
}

export function pathMap(pairs: readonly PathPair[], mounts: readonly VolumeMount[] | undefined, unseen: readonly UnseenPath[] = []): PathMap {
  return {
    pairs: [...pairs].sort((a, b) => b.container.length - a.container.length).map((pair) => ({ ...pair, container: normalisedPath(pair.container), repo: normalisedPath(pair.repo) })),
    mounts: (mounts ?? []).filter((mount) => mount.mountPath !== undefined).sort((a, b) => b.mountPath!.length - a.mountPath!.length),
    unseen,
  };
}

/**
 * What may put a container path in the image where nw-lint cannot see, though no pair maps it
 * there: a RUN or `COPY --from` that fills a directory above it (or itself), or one below it,
 * which makes it a directory. The last such instruction.
 */
export function unseenAt(paths: PathMap | undefined, containerPath: string): UnseenPath | undefined {
  const path = normalisedPath(containerPath);
  return [...(paths?.unseen ?? [])].reverse().find((unseen) => isUnder(path, unseen.path) || isUnder(unseen.path, path));
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
  return pathMap([...known, ...binds, ...copyPairs(runner.dockerfile, host)], runner.container?.volumeMounts, runner.dockerfile?.unseen);
}

/** Each host's views of the image, by Dockerfile, build context and compose binds: the model's lookups through one are made once. */
const imageViews = new WeakMap<ProjectHost, Map<string, ProjectHost>>();

/**
 * The repository as a runner's container sees it: what its image's build context has, less what
 * the context's .dockerignore keeps out of the image (compose binds mount theirs whole), with the
 * files its COPY heredocs write; the repository itself when the build has neither.
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
    const written = writtenFiles(dockerfile, host);
    views.set(key, (view = ignore || written.size > 0 ? new ImageFiles(host, ignore, bound, written) : host));
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
 * hold `app.py`). A file a heredoc writes is there alone, and so is a file copied under another
 * name (`COPY app.ini /app/web.ini`), before its directory. Later instructions come first: what a
 * later COPY puts in a directory replaces what an earlier one put there.
 */
function copyPairs(dockerfile: Dockerfile | undefined, host: ProjectHost): PathPair[] {
  if (!dockerfile?.file.absolutePath) return [];
  const copied = copiedPaths(dockerfile, host);
  const copiedWhole = new Set(copied.filter((path) => path.kind === "directory").map((path) => path.repo));
  return copied
    .map(({ repo, kind, container, written }): PathPair[] => {
      if (kind === "directory" || written) return [{ container, repo }];
      if (kind !== "file") return [];
      const renamed = posix.basename(container) === posix.basename(repo) ? [] : [{ container, repo }];
      return copiedWhole.has(posix.dirname(repo)) ? renamed : [...renamed, { container: posix.dirname(container), repo: posix.dirname(repo) }];
    })
    .reverse()
    .flat();
}

/** A path a COPY puts in the image: a file or directory of the build context, or a file a heredoc writes. */
export interface CopiedPath {
  /** Absolute, in the repository; for a heredoc's file, `writtenPath`'s. */
  readonly repo: string;
  /** What is there in the repository (a written file is a file). */
  readonly kind: ReturnType<ProjectHost["kind"]>;
  /** A directory: the container directory its contents fill. A file: its container path. */
  readonly container: string;
  /**
   * Set for a file copied to a destination without a `/` that no earlier COPY made a directory:
   * the base image (or a WORKDIR) may have a directory there (`COPY run.sh /usr/local/bin`), which
   * puts the file in it by this path instead.
   */
  readonly orInside?: string;
  readonly written?: WrittenFile;
}

/**
 * Where each COPY of the Dockerfile puts each of its sources, in order, as Docker does: a
 * directory's contents fill the destination; a file lands in it by name when it ends in `/`, the
 * COPY has several sources (a glob that matches several counts as several), or an earlier COPY
 * made it a directory, and is the destination otherwise. A glob source (`*.sh`, `docker/app?.py`)
 * is what it matches in the build context. Sources that are not there come too (kind `absent`),
 * for the directories their COPY makes.
 */
export function copiedPaths(dockerfile: Dockerfile, host: ProjectHost): CopiedPath[] {
  // Asked for each path map, start script candidate and image view: worked out once per host.
  const byHost = copiedPathsCache.get(dockerfile) ?? new WeakMap<ProjectHost, CopiedPath[]>();
  copiedPathsCache.set(dockerfile, byHost);
  let copied = byHost.get(host);
  if (!copied) byHost.set(host, (copied = placeCopies(dockerfile, host)));
  return copied;
}

const copiedPathsCache = new WeakMap<Dockerfile, WeakMap<ProjectHost, CopiedPath[]>>();

function placeCopies(dockerfile: Dockerfile, host: ProjectHost): CopiedPath[] {
  const context = buildContext(dockerfile, host);
  // The directories earlier COPYs made: a file copied to one of them lands in it (`COPY src /app`, then `COPY gunicorn.conf.py /app`).
  const made = new Set<string>();
  return dockerfile.copies.flatMap((copy) => {
    const sources = copy.sources.flatMap((source) => sourcePaths(context, source, host));
    const several = copy.sources.length > 1 || sources.length + (copy.written?.length ?? 0) > 1;
    const destination = posix.resolve("/", copy.destination);
    const into = several || copy.destination.endsWith("/") || made.has(destination);
    const fileAt = (name: string) => (into ? posix.join(destination, name) : destination);
    const copied = [
      ...sources.map((repo): CopiedPath => {
        const kind = host.kind(repo);
        if (kind === "directory") return { repo, kind, container: destination };
        return { repo, kind, container: fileAt(posix.basename(repo)), ...(into ? {} : { orInside: posix.join(destination, posix.basename(repo)) }) };
      }),
      ...(copy.written ?? []).map((written): CopiedPath => ({ repo: writtenPath(dockerfile.file, written), kind: "file", container: fileAt(written.name), written })),
    ];
    for (const { kind, container } of copied) {
      for (let directory = kind === "directory" ? container : posix.dirname(container); directory !== "/"; directory = posix.dirname(directory)) made.add(directory);
    }
    return copied;
  });
}

/** The files the Dockerfile's COPY heredocs write, by `writtenPath`. */
function writtenFiles(dockerfile: Dockerfile, host: ProjectHost): Map<string, Written> {
  return new Map(copiedPaths(dockerfile, host).flatMap(({ repo, container, written }) => (written ? [[repo, { dockerfile: dockerfile.file, file: written, container }] as const] : [])));
}

/** Where a heredoc's file is taken to be in the repository: a path beside the Dockerfile that no file has. */
const writtenPath = (dockerfile: SourceFile, written: WrittenFile): string => `${dockerfile.absolutePath!}<<${written.start}`;

/** Where a file is in the repository, as path maps and COPYs place it: its own path, or `writtenPath` for a file a heredoc writes. */
export function repoPathOf(file: SourceFile): string | undefined {
  const writer = writerOf(file);
  return writer ? writtenPath(writer.dockerfile, writer.file) : file.absolutePath;
}

/** The inis (`*.ini`) the image's COPY heredocs write, read from its Dockerfile; not one whose body BuildKit expands (`writesBodyAsIs`). */
export function writtenInis(dockerfile: Dockerfile, host: ProjectHost): SourceFile[] {
  if (!dockerfile.file.absolutePath) return [];
  const view = imageHost({ container: undefined, dockerfile }, host);
  return copiedPaths(dockerfile, host).flatMap(({ repo, container, written }) => (written && container.endsWith(".ini") && writesBodyAsIs(written) ? [view.readFile(repo, "uwsgi")!] : []));
}

/** The characters that make a COPY source a glob. */
const GLOB = /[*?[]/;

/** The repository paths a COPY source names: itself, or what its glob matches (Go's filepath.Match: `*`, `?`, `[…]`, no `**`) in the build context, in order. */
function sourcePaths(context: string, source: string, host: ProjectHost): string[] {
  if (!GLOB.test(source)) return [posix.resolve(context, source)];
  let found = [context];
  for (const segment of posix.normalize(source).split("/").filter((part) => part !== "" && part !== ".")) {
    if (!GLOB.test(segment)) {
      found = found.map((directory) => posix.join(directory, segment));
      continue;
    }
    const pattern = globPattern(segment);
    found = found.flatMap((directory) => [...(host.entries?.(directory) ?? [])].sort().filter((name) => pattern?.test(name)).map((name) => posix.join(directory, name)));
  }
  return found.filter((path) => ["file", "directory"].includes(host.kind(path) ?? ""));
}

/** One path segment of a glob as a regular expression; undefined for a pattern Go refuses (an unclosed `[`), which matches nothing. */
function globPattern(segment: string): RegExp | undefined {
  let pattern = "";
  for (let at = 0; at < segment.length; at++) {
    const character = segment[at]!;
    if (character === "*") pattern += "[^/]*";
    else if (character === "?") pattern += "[^/]";
    else if (character === "\\" && at + 1 < segment.length) pattern += escapeRegExp(segment[++at]!);
    else if (character === "[") {
      const close = classEnd(segment, at);
      if (close === undefined) return undefined;
      const body = segment.slice(at + 1, close);
      pattern += `[${body.startsWith("^") ? "^" : ""}${[...body.replace(/^\^/, "").replace(/\\(.)/g, "$1")].map((part) => (part === "-" ? "-" : escapeRegExp(part))).join("")}]`;
      at = close;
    } else pattern += escapeRegExp(character);
  }
  return new RegExp(`^${pattern}$`);
}

/** Where a `[` class of a glob closes (a `]` right after `[` or `[^` is a member); undefined when it does not. */
function classEnd(segment: string, open: number): number | undefined {
  let at = open + 1;
  if (segment[at] === "^") at++;
  for (at++; at < segment.length; at++) {
    if (segment[at] === "\\") at++;
    else if (segment[at] === "]") return at;
  }
  return undefined;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * Whether a compose bind or a COPY of the image puts the repository file exactly at the container
 * path: the path map also takes a directory a file is copied to for the file's own directory,
 * which is a guess where one file is concerned (`COPY app.py /app/` copies no `start.sh` beside it).
 */
export function putsAt(file: string, containerPath: string, source: ContainerSource, host: ProjectHost): boolean {
  const bound = source.compose?.binds.some((bind) => {
    const hostPath = normalisedPath(bind.host);
    return isUnder(file, hostPath) && posix.resolve(bind.container, posix.relative(hostPath, file)) === containerPath;
  });
  if (bound || !source.dockerfile?.file.absolutePath) return bound ?? false;
  return copiedPaths(source.dockerfile, host).some((copied) => landsAt(copied, file, containerPath));
}

/**
 * The repository files a COPY of the image puts exactly at the container path, under their own
 * name or a new one (`COPY docker/entrypoint.sh /start.sh`, `COPY run.sh /usr/local/bin`), which
 * the path map's directory pairs do not name.
 */
export function filesCopiedTo(containerPath: string, source: ContainerSource, host: ProjectHost): string[] {
  if (!source.dockerfile?.file.absolutePath) return [];
  return copiedPaths(source.dockerfile, host).flatMap((copied) => (copied.kind === "file" && landsAt(copied, copied.repo, containerPath) ? [copied.repo] : []));
}

/** Whether a COPY heredoc of the image writes the file at the container path (`COPY <<EOF /app/app.ini`). */
export function writesAt(containerPath: string, source: ContainerSource, host: ProjectHost): boolean {
  if (!source.dockerfile?.file.absolutePath) return false;
  return copiedPaths(source.dockerfile, host).some((copied) => copied.written !== undefined && landsAt(copied, copied.repo, containerPath));
}

/** Whether the copied path puts the repository file at the container path: a copied directory's file at its place in it, a copied file where it lands. */
function landsAt({ repo, kind, container, orInside }: CopiedPath, file: string, containerPath: string): boolean {
  if (kind === "directory") return isUnder(file, repo) && containerPath === posix.join(container, posix.relative(repo, file));
  return repo === file && (containerPath === container || containerPath === orInside);
}
