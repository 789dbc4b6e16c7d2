import { compareText } from "../engine/text.js";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import { parseCompose } from "../languages/compose/parse.js";
import { isIniTemplate } from "../languages/uwsgi/ini.js";
import type { YamlStream } from "../languages/k8s/parse.js";
import { buildK8sModel, type Container, type K8sModel } from "./k8s.js";
import { buildNetworkModel, type NetworkModel } from "./network.js";
import { DockerfileFinder, imageUser, type ImageUser } from "./dockerfiles.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { buildServerModel, serverListeners, serverPortsKnown, type ServerModel } from "./python-servers.js";
import { buildStorageModel, type StorageModel } from "./storage.js";
import { uwsgiListeners, uwsgiPortsKnown, uwsgiStaticTargets, type UwsgiModel } from "./uwsgi-apps.js";
import { buildUwsgiModel } from "./uwsgi-model.js";
import type { ResolvedSettings } from "../engine/config.js";

/** Everything the rules see: the parsed files and the cross-file model built from them. */
export interface ProjectModel {
  /** The files linted: those discovered, then those the model read through the host (Python modules, Dockerfiles), by path. */
  readonly files: readonly SourceFile[];
  readonly yaml: readonly YamlStream[];
  readonly k8s: K8sModel;
  /** Listeners, Services, Ingresses and how they link. */
  readonly network: NetworkModel;
  /** Volume mounts and the writable targets on each. */
  readonly storage: StorageModel;
  /** uWSGI inis linked to what starts them, with their effective options and app modules. */
  readonly uwsgi: UwsgiModel;
  /** gunicorn, uvicorn, `flask run` and `python app.py` commands, with the app each loads. */
  readonly servers: ServerModel;
  /** The USER of the Dockerfile that builds each container's image, where one is found and sets it. */
  readonly imageUsers: ReadonlyMap<Container, ImageUser>;
  /** What the model decided and why, for `--verbose`. */
  readonly notes: readonly string[];
}

export function buildProjectModel(files: readonly SourceFile[], yaml: readonly YamlStream[], settings: ResolvedSettings, host: ProjectHost): ProjectModel {
  const linted = new Set(files);
  const read = new Set<SourceFile>();
  const recording: ProjectHost = {
    kind: (path) => host.kind(path),
    entries: (path) => host.entries?.(path),
    readFile(path, language) {
      const file = host.readFile(path, language);
      if (file && !linted.has(file) && !isSkippedTemplate(file)) read.add(file);
      return file;
    },
  };
  const k8s = buildK8sModel(yaml, { globalFsPrefixes: settings.spin.globalFsPrefixes });
  // Both models run images and compose services: each Dockerfile and compose file is parsed once.
  const dockerfiles = new DockerfileFinder(recording);
  const services = files.filter((file) => file.language === "compose").flatMap(parseCompose);
  const uwsgi = buildUwsgiModel(files, k8s, settings, recording, dockerfiles, services);
  const servers = buildServerModel(files, k8s, recording, dockerfiles, services);
  const imageUsers = containerImageUsers(k8s, uwsgi, servers, dockerfiles);
  return {
    files: [...files, ...[...read].sort((a, b) => compareText(a.path, b.path))],
    yaml,
    k8s,
    network: buildNetworkModel(k8s, [...uwsgiListeners(uwsgi), ...serverListeners(servers)], knownServers(uwsgi, servers)),
    storage: buildStorageModel(k8s, settings.writablePaths, uwsgiStaticTargets(uwsgi), appContainers(uwsgi, servers)),
    uwsgi,
    servers,
    imageUsers,
    notes: [...k8s.notes, ...uwsgi.notes, ...servers.notes],
  };
}

/**
 * An ini template the model looks into (an included one) but, as discovery skips it, does not
 * read as uWSGI config: it is not among the files checked.
 */
function isSkippedTemplate(file: SourceFile): boolean {
  return file.language === "uwsgi" && isIniTemplate(file.text);
}

/**
 * The USER of each container's image. A container linked to an ini runs the image built beside the
 * ini, and one that runs a Python server the image its command was found in. Otherwise the
 * Dockerfile nearest the manifest builds the image of a pod's only container; in a pod of several,
 * it may be any one's (or none's).
 */
function containerImageUsers(k8s: K8sModel, uwsgi: UwsgiModel, servers: ServerModel, dockerfiles: DockerfileFinder): Map<Container, ImageUser> {
  const images = new Map<Container, Dockerfile>();
  const runners = [...uwsgi.apps, ...servers.apps.map((app) => app.runner)];
  for (const { container, dockerfile } of runners) if (container && dockerfile && !images.has(container)) images.set(container, dockerfile);
  for (const workload of k8s.workloads) {
    const [only, ...others] = workload.containers.filter((container) => container.group === "containers");
    const image = only && others.length === 0 && !images.has(only) ? dockerfiles.ofContainer(only) : undefined;
    if (image) images.set(only!, image);
  }
  return new Map([...images].flatMap(([container, image]) => {
    const user = imageUser(image);
    return user ? [[container, user] as const] : [];
  }));
}

/** The containers whose every server (uWSGI, gunicorn, uvicorn, Flask's) binds known ports only. */
function knownServers(uwsgi: UwsgiModel, servers: ServerModel): Set<Container> {
  const known = new Map<Container, boolean>();
  const note = (container: Container | undefined, portsKnown: boolean) => container && known.set(container, (known.get(container) ?? true) && portsKnown);
  for (const app of uwsgi.apps) note(app.container, uwsgiPortsKnown(app));
  for (const app of servers.apps) note(app.runner.container, serverPortsKnown(app));
  return new Set([...known].filter(([, portsKnown]) => portsKnown).map(([container]) => container));
}

/** The containers that run an app: a linked uWSGI app's, or a gunicorn, uvicorn or Flask server's. */
function appContainers(uwsgi: UwsgiModel, servers: ServerModel): Set<Container> {
  return new Set([...uwsgi.apps.map((app) => app.container), ...servers.apps.map((app) => app.runner.container)].filter((container) => container !== undefined));
}
