import { posix } from "node:path";
import type { ProjectHost, Site, SourceFile } from "../engine/types.js";
import { parseDockerfile, userIds, type Dockerfile } from "../languages/dockerfile/parse.js";
import { scalarText } from "../languages/k8s/nodes.js";
import type { Word } from "../languages/shell/words.js";
import { isOfficialImage, parseImageReference } from "./image.js";
import type { Container } from "./k8s.js";

/** The Dockerfile nearest a file (its directory, then each one above inside the linted tree), and Dockerfiles by path, each parsed once. */
export class DockerfileFinder {
  private readonly parsed = new Map<string, Dockerfile | undefined>();
  /** By directory: every manifest, ini and module of an app asks from the same one. */
  private readonly nearest = new Map<string, Dockerfile | undefined>();

  constructor(readonly host: ProjectHost) {}

  near(file: SourceFile): Dockerfile | undefined {
    if (!file.absolutePath) return undefined;
    const directory = posix.dirname(file.absolutePath);
    if (!this.nearest.has(directory)) this.nearest.set(directory, this.nearestFrom(directory));
    return this.nearest.get(directory);
  }

  /**
   * The Dockerfile that builds a container's image: the one nearest `from` (the container's
   * manifest, or the ini it runs), unless the image is an official one (`postgres:15`).
   */
  ofContainer(container: Container, from: SourceFile = container.workload.object.file): Dockerfile | undefined {
    const image = scalarText(container.image);
    return image !== undefined && isOfficialImage(image) ? undefined : this.near(from);
  }

  private nearestFrom(directory: string): Dockerfile | undefined {
    for (let dir = directory; this.host.kind(dir) === "directory"; dir = posix.dirname(dir)) {
      // docker build's default file, and the name it falls back to.
      const image = this.at(posix.join(dir, "Dockerfile")) ?? this.at(posix.join(dir, "dockerfile"));
      if (image || dir === posix.dirname(dir)) return image;
    }
    return undefined;
  }

  at(path: string): Dockerfile | undefined {
    if (!this.parsed.has(path)) {
      const file = this.host.readFile(path, "dockerfile");
      this.parsed.set(path, file && parseDockerfile(file));
    }
    return this.parsed.get(path);
  }
}

/** Who an image's processes run as, by its Dockerfile's USER: the user as written, and its uid where the file says it (root is 0). */
export interface ImageUser {
  readonly name: string;
  /** Undefined for a name only the image's /etc/passwd resolves. */
  readonly uid: number | undefined;
  readonly at: Site;
}

/** The final stage's USER (`1000`, `1000:100`, `app:app`, `root`); undefined without one, or when a build argument fills it in. */
export function imageUser(dockerfile: Dockerfile): ImageUser | undefined {
  const user = dockerfile.user;
  const { name, uid } = userIds(user?.value ?? "");
  // Docker runs no shell for USER: a `$` its substitution left (`${UID:-1000}`) is filled in at build time, a backquote is literal.
  if (!user || !name || name.includes("$")) return undefined;
  return { name, uid, at: user.at };
}

/** Official base images that run as root: a Dockerfile built on one without a USER runs as root. */
const ROOT_BASES: ReadonlySet<string> = new Set(["python", "pypy", "debian", "ubuntu", "alpine", "busybox", "buildpack-deps", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux"]);

/** The uid an image's processes start as, where its Dockerfile shows it: its USER's, or root on a root base image (`python:3.12`) without one. */
export function imageStartUid(dockerfile: Dockerfile): number | undefined {
  if (dockerfile.user) return imageUser(dockerfile)?.uid;
  const base = dockerfile.from;
  return base !== undefined && isOfficialImage(base) && ROOT_BASES.has(parseImageReference(base).name.replace(/^library\//, "")) ? 0 : undefined;
}

/** What to do about an absolute path the image lacks: where it would have to come from. */
export const MISSING_IN_IMAGE = "the image must hold it: COPY it there in the Dockerfile, or mount a volume at it";

/**
 * The directory a Dockerfile is built from: its own, unless its COPY sources are not all there but
 * are all in a directory above it (`docker build -f docker/Dockerfile .` from the repository root).
 */
export function buildContext(dockerfile: Dockerfile, host: ProjectHost): string {
  const own = posix.dirname(dockerfile.file.absolutePath ?? dockerfile.file.path);
  const sources = dockerfile.copies.flatMap((copy) => copy.sources).filter((source) => !/[*?[]|^[a-z]+:\/\//i.test(source));
  const holdsAll = (dir: string) => sources.every((source) => ["file", "directory"].includes(host.kind(posix.resolve(dir, source)) ?? ""));
  if (sources.length === 0 || holdsAll(own)) return own;
  for (let dir = posix.dirname(own); host.kind(dir) === "directory"; dir = posix.dirname(dir)) {
    if (holdsAll(dir)) return dir;
    if (dir === posix.dirname(dir)) break;
  }
  return own;
}

/** Kubernetes and compose: a `command`/`entrypoint` replaces the image's ENTRYPOINT and drops its CMD; `args`/`command` alone replace CMD. */
export function runWords(entrypoint: readonly Word[] | undefined, cmd: readonly Word[] | undefined, image: Dockerfile | undefined): Word[] {
  const first = entrypoint ?? image?.entrypoint?.words ?? [];
  const second = cmd ?? (entrypoint ? [] : image?.cmd?.words ?? []);
  return [...first, ...second];
}

/** ENTRYPOINT then CMD, as the image runs them. */
export function imageWords(dockerfile: Dockerfile): Word[] {
  return [...(dockerfile.entrypoint?.words ?? []), ...(dockerfile.cmd?.words ?? [])];
}
