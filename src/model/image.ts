/** The parts of an image reference (`registry/path/name:tag@digest`). */
export interface ImageReference {
  readonly registry: string | undefined;
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
  return { registry, tag: colon === -1 ? undefined : withoutDigest.slice(colon + 1), digest };
}
