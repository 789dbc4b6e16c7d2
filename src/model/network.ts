// The network side of the project model: what each container listens on, Services and the pods
// they select, Ingresses and the Service ports their backends reach. Objects meet only within
// one namespace (`namespaceOf`). Other models add listeners (a linked app's uWSGI sockets).
import type { Site, SourceFile } from "../engine/types.js";
import { rangeSite } from "../engine/source.js";
import {
  asScalar, mapAt, mapItems, nodeRange, pairOf, scalarText, seqItems, stringValue, valueOf,
  type MapNode, type YamlNode,
} from "../languages/k8s/nodes.js";
import { pushTo, sharedDirectories } from "./grouping.js";
import { labelSelectorOf, namespaceOf, type Container, type K8sModel, type K8sObject, type LabelSelector, type Workload } from "./k8s.js";

/** Something a container listens on: a declared `containerPort`, or a socket its server opens. */
export interface Listener {
  readonly container: Container;
  readonly port: number;
  /** The containerPort's `name`, which a Service `targetPort` may use. */
  readonly name: string | undefined;
  /** `containerPort`: declared in the pod spec; `server`: found in the server's own config (uWSGI). */
  readonly origin: "containerPort" | "server";
  /** The containerPort's `protocol` (TCP when unset); TCP for a server's socket. */
  readonly protocol: string;
  /** What speaks on the port, when the source says: a uWSGI `socket` speaks the binary uwsgi protocol. */
  readonly appProtocol: "http" | "uwsgi" | undefined;
  readonly at: Site;
}

/** True for an address only the container itself can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host.startsWith("127.") || host === "::1" || host === "[::1]";
}

/** A value and the node it was read from. */
export interface Located<T> {
  readonly value: T;
  readonly node: YamlNode;
}

/** A port given by number or by name (Kubernetes IntOrString). */
export type PortRef = Located<number | string>;

export interface Service {
  readonly object: K8sObject;
  readonly namespace: string;
  /** The selector Kubernetes uses: none for an ExternalName Service, whatever it writes. */
  readonly selector: LabelSelector | undefined;
  /** `clusterIP: None`, as Rancher generates for every workload (port 42). */
  readonly headless: boolean;
  /** `type: ExternalName`: a DNS name outside the cluster, which takes traffic on any port. */
  readonly externalName: boolean;
  readonly ports: readonly ServicePort[];
  /** The pod-bearing objects of its namespace whose pods carry every selector label (`podLabels`). */
  readonly workloads: readonly Workload[];
  /** What the app containers of those pods listen on. */
  readonly listeners: readonly Listener[];
}

export interface ServicePort {
  readonly node: MapNode;
  readonly name: string | undefined;
  readonly port: number | undefined;
  /** `protocol`, TCP when unset. */
  readonly protocol: string;
  /** `targetPort`, else `port` (the Kubernetes default). */
  readonly target: PortRef | undefined;
  /** The Service sets no `targetPort`: `target` is its `port`. */
  readonly targetDefaulted: boolean;
  /** The listeners of the selected pods that `target` reaches. */
  readonly listeners: readonly Listener[];
  /** Declared containerPorts a numbered `target` reaches where nothing listens: their containers' servers bind none of the declared ports (not in `listeners`). */
  readonly unserved: readonly Listener[];
}

export interface Ingress {
  readonly object: K8sObject;
  readonly namespace: string;
  /** `rules[].host`. */
  readonly hosts: readonly Located<string>[];
  /** `tls[].hosts[]`. */
  readonly tlsHosts: readonly Located<string>[];
  /** Every backend: the rules' paths and `defaultBackend` (`backend` in extensions/v1beta1). */
  readonly backends: readonly IngressBackend[];
}

export interface IngressBackend {
  readonly serviceName: Located<string> | undefined;
  readonly port: PortRef | undefined;
  /** The Service of that name in the Ingress's namespace. */
  readonly service: Service | undefined;
  /** The port of that Service the backend names. */
  readonly servicePort: ServicePort | undefined;
}

export interface NetworkModel {
  /** The labels each workload's pods carry at run time: the template's, and those Rancher adds (not the controller's: see `podCarries`). */
  readonly podLabels: ReadonlyMap<Workload, ReadonlyMap<string, string>>;
  /** Whether a workload's pods may carry a label: one of `podLabels`, or one their controller adds. */
  readonly podCarries: (workload: Workload, key: string, value: string) => boolean;
  readonly listeners: readonly Listener[];
  readonly services: readonly Service[];
  readonly ingresses: readonly Ingress[];
}

/**
 * Builds the network model; `serverListeners` are sockets other models found (uWSGI `http-socket`,
 * `socket`), and `knownServers` the containers whose servers bind no port but those.
 */
export function buildNetworkModel(k8s: K8sModel, serverListeners: readonly Listener[] = [], knownServers: ReadonlySet<Container> = new Set()): NetworkModel {
  const listeners = [...k8s.workloads.flatMap(declaredListeners), ...serverListeners];
  const unserved = unservedPorts(listeners, knownServers);
  const serviceObjects = k8s.objects.filter((object) => object.kind === "Service");
  const injected = rancherLabels(serviceObjects);
  const podLabels = new Map(k8s.workloads.map((workload) => [workload, new Map([...workload.labels, ...(injected.get(workloadId(workload.object)) ?? [])])]));
  const podCarries = (workload: Workload, key: string, value: string) => podLabels.get(workload)?.get(key) === value || controllerLabel(workload, key, value);
  const pods = new PodIndex(podLabels, podCarries, listeners);
  const services = serviceObjects.map((object) => serviceOf(object, pods, unserved));
  const servicesByNamespace = new Map<string, Service[]>();
  for (const service of services) pushTo(servicesByNamespace, service.namespace, service);
  const ingresses = k8s.objects.filter((object) => object.kind === "Ingress").map((object) => ingressOf(object, servicesByNamespace.get(namespaceOf(object)) ?? []));
  return { podLabels, podCarries, listeners, services, ingresses };
}

/** The workloads of each namespace by the labels their pods carry, and the app containers' listeners of each workload. */
class PodIndex {
  /** Keyed by namespace, label and value: a Service is compared only with the pods that carry one of its labels, not with every pod of its namespace. */
  private readonly byLabel = new Map<string, Workload[]>();
  private readonly byNamespace = new Map<string, Workload[]>();
  private readonly listeners = new Map<Workload, Listener[]>();

  constructor(
    podLabels: ReadonlyMap<Workload, ReadonlyMap<string, string>>,
    private readonly carries: NetworkModel["podCarries"],
    listeners: readonly Listener[],
  ) {
    for (const [workload, labels] of podLabels) {
      const namespace = namespaceOf(workload.object);
      pushTo(this.byNamespace, namespace, workload);
      for (const [key, value] of labels) pushTo(this.byLabel, labelKey(namespace, key, value), workload);
    }
    for (const listener of listeners) {
      if (listener.container.group === "containers" || listener.container.sidecar) pushTo(this.listeners, listener.container.workload, listener);
    }
  }

  selected(namespace: string, selector: LabelSelector): Workload[] {
    // Looked up by the label a template shows that the fewest pods carry (`tier: web` may be on every
    // one, `app: a17` on one); a selector of controller labels alone is rare.
    const shown = selector.labels.filter((label) => !CONTROLLER_LABELS.has(label.key)).map((label) => this.byLabel.get(labelKey(namespace, label.key, label.value)) ?? []);
    const candidates = shown.length > 0 ? shown.reduce((fewest, carriers) => (carriers.length < fewest.length ? carriers : fewest)) : this.byNamespace.get(namespace) ?? [];
    return candidates.filter((workload) => selector.labels.every((label) => this.carries(workload, label.key, label.value)));
  }

  listenersOf(workloads: readonly Workload[]): Listener[] {
    return workloads.flatMap((workload) => this.listeners.get(workload) ?? []);
  }
}

/** Labels a controller adds to every pod it creates, which no template shows. */
const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash",
  "job-name", "batch.kubernetes.io/job-name", "controller-uid", "batch.kubernetes.io/controller-uid",
  "pod-template-hash",
]);

/**
 * Whether the workload's controller labels its pods `key: value` (Kubernetes: StatefulSet "Pod
 * Name Label" and "Pod index label", Job "job-name", Deployment "pod-template-hash"); true for a
 * value only the running controller knows (a hash, a uid, a CronJob's job names).
 */
function controllerLabel(workload: Workload, key: string, value: string): boolean {
  if (!CONTROLLER_LABELS.has(key)) return false;
  const { kind, name, node } = workload.object;
  switch (key) {
    case "statefulset.kubernetes.io/pod-name":
      return kind === "StatefulSet" && value.startsWith(`${name}-`) && isOrdinal(value.slice(name.length + 1), node);
    case "apps.kubernetes.io/pod-index":
      return kind === "StatefulSet" && isOrdinal(value, node);
    case "controller-revision-hash":
      return kind === "StatefulSet" || kind === "DaemonSet";
    case "job-name":
    case "batch.kubernetes.io/job-name":
      return kind === "Job" ? value === name : kind === "CronJob" && value.startsWith(`${name}-`);
    case "pod-template-hash":
      return kind === "Deployment";
    default:
      return kind === "Job" || kind === "CronJob";
  }
}

/** A StatefulSet pod's ordinal: 0 up to its replicas (1 when unset; any when not a literal number). */
function isOrdinal(text: string, object: MapNode): boolean {
  if (!/^(0|[1-9]\d*)$/.test(text)) return false;
  const written = valueOf(mapAt(object, "spec"), "replicas");
  const replicas = written === undefined ? 1 : asScalar(written)?.value;
  return typeof replicas !== "number" || Number(text) < replicas;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}\0${value}`;
}

/**
 * Rancher 2 points a Service at workloads with `field.cattle.io/targetWorkloadIds`
 * (`["deployment:<namespace>:<name>"]` or `["<namespace>/<name>"]`) and labels their pods
 * `workloadID_<service>: "true"`, which such a Service then selects. Keyed by `workloadId`.
 */
function rancherLabels(services: readonly K8sObject[]): Map<string, [string, string][]> {
  const labels = new Map<string, [string, string][]>();
  for (const service of services) {
    for (const id of rancherTargets(service)) {
      if (id.startsWith(`${namespaceOf(service)}/`)) pushTo(labels, id, [`workloadID_${service.name}`, "true"]);
    }
  }
  return labels;
}

function workloadId(object: K8sObject): string {
  return `${namespaceOf(object)}/${object.name}`;
}

/** The `<namespace>/<name>` of each workload a Rancher Service annotation targets. */
function rancherTargets(service: K8sObject): string[] {
  const annotation = service.annotations.get("field.cattle.io/targetWorkloadIds");
  if (annotation === undefined) return [];
  let ids: unknown;
  try {
    ids = JSON.parse(annotation);
  } catch {
    return []; // not JSON: Rancher targets nothing
  }
  return Array.isArray(ids) ? ids.flatMap((id) => (typeof id === "string" ? [id.split(":").slice(-2).join("/")] : [])) : [];
}

/**
 * Two workloads of one kind, namespace and name cannot both exist: applying the second replaces
 * the first. Copies in separate directories are separate deployments of it (dev/ and prod/), so
 * a Service reaches the copy applied with it, taken to be the one whose directory shares the most
 * with the Service's; copies as near as each other (in one directory, which
 * k8s/duplicate-object reports) all stay, as do workloads without a name.
 */
function appliedCopies(workloads: readonly Workload[], service: SourceFile): Workload[] {
  const copies = new Map<string, Workload[]>();
  for (const workload of workloads) {
    if (workload.object.name) pushTo(copies, `${workload.object.kind} ${workloadId(workload.object)}`, workload);
  }
  if ([...copies.values()].every((group) => group.length === 1)) return [...workloads];
  const nearness = (workload: Workload) => sharedDirectories(workload.object.file, service);
  const kept = new Set([...copies.values()].flatMap((group) => {
    const nearest = Math.max(...group.map(nearness));
    return group.filter((workload) => nearness(workload) === nearest);
  }));
  return workloads.filter((workload) => !workload.object.name || kept.has(workload));
}

function declaredListeners(workload: Workload): Listener[] {
  return workload.containers.flatMap((container) =>
    container.ports.flatMap(({ node, containerPort, name }) => {
      const pair = pairOf(node, "containerPort");
      if (containerPort === undefined || !pair) return [];
      return [{ container, port: containerPort, name, origin: "containerPort" as const, protocol: protocolOf(node), appProtocol: undefined, at: rangeSite(workload.object.file, nodeRange(pair)) }];
    }),
  );
}

/**
 * The declared containerPorts of `knownServers` where nothing listens: the container's server binds
 * none of the ports it declares. Where it binds one of them, another declared port may be the app's
 * own (a metrics server its code starts), which nw-lint does not see.
 */
function unservedPorts(listeners: readonly Listener[], knownServers: ReadonlySet<Container>): ReadonlySet<Listener> {
  const bound = new Map<Container, Set<number>>();
  for (const listener of listeners) if (listener.origin === "server") bound.set(listener.container, (bound.get(listener.container) ?? new Set()).add(listener.port));
  const declared = listeners.filter((listener) => listener.origin === "containerPort");
  const servesDeclared = new Set(declared.filter((listener) => bound.get(listener.container)?.has(listener.port)).map((listener) => listener.container));
  return new Set(declared.filter((listener) => knownServers.has(listener.container) && !servesDeclared.has(listener.container)));
}

function serviceOf(object: K8sObject, pods: PodIndex, notListening: ReadonlySet<Listener>): Service {
  const spec = mapAt(object.node, "spec");
  const namespace = namespaceOf(object);
  const externalName = scalarText(valueOf(spec, "type")) === "ExternalName";
  // An ExternalName Service is a DNS alias: Kubernetes ignores its selector and gives it no endpoints.
  const selector = externalName ? undefined : labelSelectorOf(pairOf(spec, "selector"));
  const selected = selector ? appliedCopies(pods.selected(namespace, selector), object.file) : [];
  const reachable = pods.listenersOf(selected);
  return {
    object, namespace, selector, externalName,
    headless: scalarText(valueOf(spec, "clusterIP")) === "None",
    workloads: selected,
    listeners: reachable,
    ports: mapItems(valueOf(spec, "ports")).map((node) => {
      const written = portRefOf(valueOf(node, "port"));
      // A `port` that is not a number is k8s/schema's to report, and no target.
      const port = typeof written?.value === "number" ? { value: written.value, node: written.node } : undefined;
      const targetPort = portRefOf(valueOf(node, "targetPort"));
      const target = targetPort ?? port;
      const protocol = protocolOf(node);
      const reached = target ? reachable.filter((listener) => reaches(target.value, protocol, listener)) : [];
      // A port name stays resolved: only a number is judged against what the server binds.
      const unserved = typeof target?.value === "number" ? reached.filter((listener) => notListening.has(listener)) : [];
      return {
        node, target, protocol, targetDefaulted: targetPort === undefined,
        name: stringValue(valueOf(node, "name")),
        port: port?.value,
        listeners: reached.filter((listener) => !unserved.includes(listener)),
        unserved,
      };
    }),
  };
}

/**
 * Whether a Service port's target (a number, or a containerPort name) reaches the listener.
 * Kubernetes (FindPort) resolves a name among the app containers' ports of the Service port's
 * protocol only (a sidecar's from 1.32, kubernetes#127958); a number whatever the pod declares.
 */
function reaches(target: number | string, protocol: string, listener: Listener): boolean {
  return typeof target === "number" ? listener.port === target : listener.name === target && listener.protocol === protocol && listener.container.group === "containers";
}

/** A containerPort's or Service port's `protocol`: TCP when unset, as Kubernetes defaults it. */
function protocolOf(port: MapNode): string {
  return stringValue(valueOf(port, "protocol")) ?? "TCP";
}

function portRefOf(node: YamlNode | undefined): PortRef | undefined {
  const value = asScalar(node)?.value;
  return node && (typeof value === "number" || typeof value === "string") ? { value, node } : undefined;
}

/** `services` are those of the Ingress's namespace. */
function ingressOf(object: K8sObject, services: readonly Service[]): Ingress {
  const spec = mapAt(object.node, "spec");
  const namespace = namespaceOf(object);
  const rules = mapItems(valueOf(spec, "rules"));
  const backendNodes = [
    ...rules.flatMap((rule) => mapItems(valueOf(mapAt(rule, "http"), "paths")).flatMap((path) => mapAt(path, "backend") ?? [])),
    ...[mapAt(spec, "defaultBackend"), mapAt(spec, "backend")].flatMap((backend) => backend ?? []),
  ];
  return {
    object, namespace,
    hosts: rules.flatMap((rule) => located(valueOf(rule, "host"))),
    tlsHosts: mapItems(valueOf(spec, "tls")).flatMap((tls) => seqItems(valueOf(tls, "hosts")).flatMap(located)),
    backends: backendNodes.map((node) => backendOf(node, services)),
  };
}

/** networking.k8s.io/v1 `service: {name, port: {number | name}}`, or extensions/v1beta1 `serviceName`/`servicePort`. */
function backendOf(node: MapNode, services: readonly Service[]): IngressBackend {
  const v1 = mapAt(node, "service");
  const serviceName = v1 ? located(valueOf(v1, "name"))[0] : located(valueOf(node, "serviceName"))[0];
  // `number: "8080"` (a string) is k8s/schema's to report: no port is taken from it.
  const v1Port = (key: "number" | "name") => {
    const ref = portRefOf(valueOf(mapAt(v1, "port"), key));
    return ref && typeof ref.value === (key === "number" ? "number" : "string") ? ref : undefined;
  };
  const port = v1 ? (v1Port("number") ?? v1Port("name")) : portRefOf(valueOf(node, "servicePort"));
  const service = serviceName && services.find((candidate) => candidate.object.name === serviceName.value);
  const servicePort = port && service?.ports.find((candidate) => (typeof port.value === "number" ? candidate.port : candidate.name) === port.value);
  return { serviceName, port, service, servicePort };
}

function located(node: YamlNode | undefined): Located<string>[] {
  const value = stringValue(node);
  return node && value !== undefined ? [{ value, node }] : [];
}

/** A port as people name it: `8080 (http)`, `5353/UDP (dns)`. */
export function describePort({ port, name, protocol }: { readonly port: number | undefined; readonly name: string | undefined; readonly protocol?: string }): string {
  return `${port ?? "?"}${protocol && protocol !== "TCP" ? `/${protocol}` : ""}${name ? ` (${name})` : ""}`;
}
