/** The parts of an image reference (`registry/path/name:tag@digest`). */
export interface ImageReference {
  readonly registry: string | undefined;
  /** The repository path without registry, tag and digest (`jgi/portal`, `postgres`). */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  const [withoutDigest, digest] = image.split("@", 2) as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  const firstPart = lastSlash === -1 ? undefined : withoutDigest.slice(0, withoutDigest.indexOf("/"));
  // The first path part is a registry host only when it looks like one (has a dot or port, or is localhost).
  const registry = firstPart !== undefined && /[.:]|^localhost$/.test(firstPart) ? firstPart : undefined;
  const withoutTag = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  return { registry, name: registry === undefined ? withoutTag : withoutTag.slice(registry.length + 1), tag: colon === -1 ? undefined : withoutDigest.slice(colon + 1), digest };
}

const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * A Docker Hub official image (`postgres:15`, `library/nginx`, `docker.io/library/redis`): Docker
 * publishes it, no repository builds it. On Spin an image named without a registry or namespace
 * can only be one, since that is all the cluster can pull under such a name (an image built for
 * a local cluster, `web:dev`, looks the same).
 */
export function isOfficialImage(image: string): boolean {
  const { registry, name } = parseImageReference(image);
  return (registry === undefined || DOCKER_HUB.has(registry)) && NAME_COMPONENT.test(name.replace(/^library\//, ""));
}

/** One component of a repository name as Docker writes it: not a placeholder such as `${IMAGE}` or `<image>`. */
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Web servers that serve files others write (`nginx`, `nginxinc/nginx-unprivileged`, `httpd`, `caddy`). */
const FILE_SERVERS = new Set(["nginx", "nginx-unprivileged", "openresty", "httpd", "caddy", "lighttpd"]);

/** Whether the image is a web server known to serve files rather than write them, by its repository's last name. */
export function isFileServerImage(image: string): boolean {
  const { name } = parseImageReference(image);
  return FILE_SERVERS.has(name.slice(name.lastIndexOf("/") + 1));
}
