// Which volume mounts the app writes to. A writable target is a container path the app must be
// able to write: a path in config `writablePaths`, a mount whose path ends in `/static`, and what
// other models find (the directory a linked Flask app serves static files from). A target lies
// on the mount with the longest `mountPath` above it.
import { posix } from "node:path";
import type { RelatedSite } from "../engine/types.js";
import { scalarText } from "../languages/k8s/nodes.js";
import { allContainers, isUnder, normalisedPath, type Container, type K8sModel, type VolumeMount } from "./k8s.js";
import { isFileServerImage } from "./image.js";

export interface WritableTarget {
  readonly container: Container;
  /** Absolute container path. */
  readonly path: string;
  /** Why the app writes there, as a clause: "config writablePaths lists it". */
  readonly reason: string;
  /** Where the target comes from when that is a place in the linted files (a Flask `static_folder`). */
  readonly related?: RelatedSite;
  /** Nothing but the mount path's name (`…/static`) says the app writes there. */
  readonly byNameOnly?: true;
}

export interface MountUse {
  readonly container: Container;
  readonly mount: VolumeMount;
  /** The writable targets that lie on this mount. */
  readonly writableTargets: readonly WritableTarget[];
}

export interface StorageModel {
  /** Every volume mount of every container. */
  readonly mounts: readonly MountUse[];
}

/**
 * Builds the storage model; `foundTargets` are writable targets other models found, and
 * `appContainers` the containers they found running the app (uWSGI, gunicorn, …).
 */
export function buildStorageModel(
  k8s: K8sModel, writablePaths: readonly string[], foundTargets: readonly WritableTarget[] = [], appContainers: ReadonlySet<Container> = new Set(),
): StorageModel {
  const mounts = allContainers(k8s).flatMap((container) => {
    const targets = [
      ...configuredTargets(container, writablePaths), ...staticMountTargets(container, appContainers), ...foundTargets.filter((target) => target.container === container),
    ];
    const holder = new Map(targets.map((target) => [target, mountHolding(container, target.path)]));
    return container.volumeMounts.map((mount) => ({ container, mount, writableTargets: targets.filter((target) => holder.get(target) === mount) }));
  });
  return { mounts };
}

function configuredTargets(container: Container, writablePaths: readonly string[]): WritableTarget[] {
  return writablePaths.map((path) => ({ container, path: posix.resolve("/", container.workingDir ?? "", path), reason: "config writablePaths lists it" }));
}

/**
 * A mount at a `…/static` path is taken to be written, unless something says this container only
 * reads it: a volume that is read-only by its type (a configMap serving files), or a read-only
 * mount, in a container that runs no app, of a volume another container of the pod runs the app
 * with, mounts writable, or is likelier to write than this one, a web server's image (an nginx
 * beside the app, serving what the app writes).
 */
function staticMountTargets(container: Container, appContainers: ReadonlySet<Container>): WritableTarget[] {
  const servesFiles = (candidate: Container) => {
    const image = scalarText(candidate.image);
    return image !== undefined && isFileServerImage(image);
  };
  const readsWhatOthersWrite = (mount: VolumeMount) =>
    mount.readOnly !== undefined && !appContainers.has(container) &&
    container.workload.containers.some(
      (other) => other !== container && other.volumeMounts.some((shared) => shared.name === mount.name && (appContainers.has(other) || !shared.readOnly || (servesFiles(container) && !servesFiles(other)))),
    );
  return container.volumeMounts.flatMap((mount) =>
    mount.mountPath !== undefined && /\/static\/?$/.test(mount.mountPath) && mount.volume?.readOnly?.by !== "type" && !readsWhatOthersWrite(mount)
      ? [{ container, path: posix.resolve("/", mount.mountPath), reason: "its mount path ends in /static, the directory a Spin app writes its static files to", byNameOnly: true }]
      : [],
  );
}

/** The mount a container path lies on: the one with the longest `mountPath` at or above it. */
function mountHolding(container: Container, path: string): VolumeMount | undefined {
  const directory = normalisedPath(path);
  let holder: VolumeMount | undefined;
  for (const mount of container.volumeMounts) {
    if (mount.mountPath === undefined || !isUnder(directory, mount.normalisedMountPath!)) continue;
    if (!holder || mount.mountPath.length > holder.mountPath!.length) holder = mount;
  }
  return holder;
}
