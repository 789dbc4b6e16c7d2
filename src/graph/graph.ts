// `nw-lint graph`: how the linted files connect, as one data structure that the Mermaid and DOT
// renderers both print. Ingress (hosts) → Service (ports) → workload → container (containerPorts)
// → uWSGI config (sockets) → Python module (callable), and container → volume (mount path,
// read-only or not). A link the model cannot follow ends at a "missing" node (broken: a red
// dashed edge) or, when the target may exist outside the linted files, at an "unverified" one.
// Each diagnostic is placed on the node or edge whose source range holds it most tightly, so a
// broken link carries the rule ids that report it.
import { fileLabel, rangeSite, positionAt } from "../engine/source.js";
import { compareText } from "../engine/text.js";
import { severityRank, type Diagnostic, type Severity, type Site, type SourceFile } from "../engine/types.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { asMap, mapAt, nodeRange, pairOf, scalarText, stringAt, type MapNode } from "../languages/k8s/nodes.js";
import { namespaceOf, type Container, type K8sObject, type Volume, type Workload } from "../model/k8s.js";
import type { Service } from "../model/network.js";
import type { ProjectModel } from "../model/project.js";
import { writerOf } from "../model/image-files.js";
import type { ModuleLookup } from "../model/python-servers.js";
import type { AppEntry, ConfigOption, UnreadConfig, UwsgiApp } from "../model/uwsgi-apps.js";

export type NodeKind = "ingress" | "service" | "workload" | "container" | "volume" | "dockerfile" | "uwsgi" | "server" | "module";
/** `missing`: a link points at it and it does not exist (broken); `unverified`: it may exist where nw-lint cannot look. */
export type Presence = "present" | "missing" | "unverified";
/** The worst severity of the diagnostics placed on a node or edge. */
export type Health = "ok" | Severity;

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** What it is: `Service web`, `missing Service web-api`. */
  readonly title: string;
  readonly details: readonly string[];
  /** Where it is written, `file:line`; undefined for a node that is not in the linted files. */
  readonly at: string | undefined;
  readonly presence: Presence;
  /** Ids of the rules whose diagnostics are placed on it, sorted, each once. */
  readonly rules: readonly string[];
  readonly health: Health;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** What links them (`port 8080`, `/srv/static (read-only)`); may be empty. */
  readonly label: string;
  /** `broken` when it ends at a missing node, or its target lacks what it names (a port). */
  readonly presence: "present" | "broken" | "unverified";
  readonly rules: readonly string[];
  readonly health: Health;
}

export interface Graph {
  /** Sorted by kind (in the order of the chain), then id. */
  readonly nodes: readonly GraphNode[];
  /** Sorted by the order of their ends, then label. */
  readonly edges: readonly GraphEdge[];
  /** Diagnostics (not suppressed) that lie on no node or edge: other objects, files outside the chain. */
  readonly unplaced: number;
}

const KIND_ORDER: readonly NodeKind[] = ["ingress", "service", "workload", "container", "volume", "dockerfile", "uwsgi", "server", "module"];

/** The lines a renderer prints for a node: title, details, `file:line`, rule ids. */
export function nodeLines(node: GraphNode): string[] {
  return [node.title, ...node.details, ...(node.at ? [node.at] : []), ...(node.rules.length > 0 ? [node.rules.join(", ")] : [])];
}

/** The lines a renderer prints for an edge: its label and the rule ids on it. */
export function edgeLines(edge: GraphEdge): string[] {
  return [...(edge.label ? [edge.label] : []), ...(edge.rules.length > 0 ? [edge.rules.join(", ")] : [])];
}

/** How a renderer draws an element: red for broken links and errors, amber for warnings, grey dashed for what cannot be verified. */
export function drawingOf(element: GraphNode | GraphEdge): "error" | "warning" | "unverified" | "plain" {
  if (element.presence === "missing" || element.presence === "broken" || element.health === "error") return "error";
  if (element.health === "warning") return "warning";
  return element.presence === "unverified" ? "unverified" : "plain";
}

interface Anchor {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

interface Draft {
  readonly anchors: Anchor[];
  readonly diagnostics: Diagnostic[];
}

interface DraftNode extends Draft {
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly details: string[];
  readonly at: string | undefined;
  readonly presence: Presence;
}

interface DraftEdge extends Draft {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  presence: GraphEdge["presence"];
}

interface NodeSpec {
  readonly kind: NodeKind;
  readonly title: string;
  readonly details?: readonly string[];
  readonly at?: Site;
  readonly anchors?: readonly Site[];
  readonly presence?: Presence;
}

class GraphBuilder {
  /** Nodes name their namespace only when the objects drawn span several. */
  constructor(readonly showNamespaces: boolean) {}

  /** By what the node stands for: the model's object (a workload, a container, a file), or a string for a missing one. */
  private readonly nodes = new Map<unknown, DraftNode>();
  private readonly ids = new Set<string>();
  private readonly edges = new Map<string, DraftEdge>();

  /**
   * The node of `key`, created from `spec` the first time; returns its id, made of its kind and
   * `name` (objects of one name in several files get `_2`, `_3`, in the order they are added).
   */
  node(key: unknown, name: string, spec: NodeSpec): string {
    const known = this.nodes.get(key);
    if (known) {
      for (const detail of spec.details ?? []) if (!known.details.includes(detail)) known.details.push(detail);
      return known.id;
    }
    const id = this.uniqueId(`${spec.presence === "missing" ? "missing_" : ""}${spec.kind}_${name}`);
    this.nodes.set(key, {
      id, kind: spec.kind, title: spec.title, details: [...(spec.details ?? [])],
      at: spec.at ? shownSite(spec.at) : undefined,
      presence: spec.presence ?? "present",
      anchors: (spec.anchors ?? []).map(anchorOf),
      diagnostics: [],
    });
    return id;
  }

  /** One edge per (from, to, label); a second one adds its anchors and keeps the worse presence. */
  edge(from: string, to: string, label: string, presence: GraphEdge["presence"], anchors: readonly (Site | undefined)[]): void {
    const key = JSON.stringify([from, to, label]);
    const edge = this.edges.get(key) ?? { from, to, label, presence, anchors: [], diagnostics: [] };
    if (presence === "broken" || (presence === "unverified" && edge.presence === "present")) edge.presence = presence;
    for (const anchor of anchors) if (anchor) edge.anchors.push(anchorOf(anchor));
    this.edges.set(key, edge);
  }

  build(diagnostics: readonly Diagnostic[]): Graph {
    const drafts: Draft[] = [...this.nodes.values(), ...this.edges.values()];
    let unplaced = 0;
    for (const diagnostic of diagnostics) {
      if (diagnostic.suppressed) continue;
      const holders = tightestHolders(drafts, diagnostic);
      if (holders.length === 0) unplaced++;
      for (const holder of holders) holder.diagnostics.push(diagnostic);
    }
    const nodes = [...this.nodes.values()]
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareText(a.id, b.id))
      .map((node): GraphNode => ({
        id: node.id, kind: node.kind, title: node.title, details: node.details, at: node.at, presence: node.presence, ...verdict(node),
      }));
    const order = new Map(nodes.map((node, index) => [node.id, index]));
    const edges = [...this.edges.values()]
      .sort((a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)! || compareText(a.label, b.label))
      .map((edge): GraphEdge => ({ from: edge.from, to: edge.to, label: edge.label, presence: edge.presence, ...verdict(edge) }));
    return { nodes, edges, unplaced };
  }

  private uniqueId(key: string): string {
    const base = key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "node";
    let id = base;
    for (let suffix = 2; this.ids.has(id); suffix++) id = `${base}_${suffix}`;
    this.ids.add(id);
    return id;
  }
}

/** The drafts whose anchor holds the diagnostic's range most tightly (several when they share that anchor's size). */
function tightestHolders(drafts: readonly Draft[], diagnostic: Diagnostic): Draft[] {
  let best = Infinity;
  let holders: Draft[] = [];
  for (const draft of drafts) {
    for (const anchor of draft.anchors) {
      if (anchor.file !== diagnostic.file || !holds(anchor, diagnostic.start, diagnostic.end)) continue;
      const size = anchor.end - anchor.start;
      if (size < best) {
        best = size;
        holders = [draft];
      } else if (size === best && !holders.includes(draft)) {
        holders.push(draft);
      }
    }
  }
  return holders;
}

function holds(anchor: Anchor, start: number, end: number): boolean {
  return anchor.start <= start && (end <= anchor.end || (start === end && start === anchor.end && anchor.start === anchor.end));
}

function verdict(draft: Draft): { rules: string[]; health: Health } {
  const rules = [...new Set(draft.diagnostics.map((diagnostic) => diagnostic.ruleId))].sort(compareText);
  const rank = (health: Health) => (health === "ok" ? 0 : severityRank(health));
  const health = draft.diagnostics.reduce<Health>((worst, diagnostic) => (rank(diagnostic.severity) > rank(worst) ? diagnostic.severity : worst), "ok");
  return { rules, health };
}

function anchorOf(site: Site): Anchor {
  return { file: site.file.path, start: site.start, end: site.end };
}

function shownSite(site: Site): string {
  return `${site.file.path}:${positionAt(site.file, site.start).line}`;
}

/**
 * Where a file's diagnostics lie: all of it, or for a file a COPY heredoc writes (read as its
 * Dockerfile with all but the body blanked), the body alone, so that what is found elsewhere in
 * the Dockerfile is not drawn on it.
 */
function wholeFile(file: SourceFile): Site {
  const written = writerOf(file)?.file;
  return written ? { file, start: written.start, end: written.start + written.text.length } : { file, start: 0, end: file.text.length };
}

/** Where a node of a whole file points: its first line, or the first line of the heredoc body that writes it. */
function fileStart(file: SourceFile): Site {
  const { start } = wholeFile(file);
  return { file, start, end: start };
}

/**
 * The node of a file (`uWSGI app.ini`, `Python wsgi.py`); one a COPY heredoc writes is named by
 * its name in the image, the Dockerfile line that writes it in the title.
 */
function addFileNode(graph: GraphBuilder, file: SourceFile, spec: { readonly kind: "uwsgi" | "module"; readonly details: readonly string[]; readonly at: Site }): string {
  const written = writerOf(file);
  const name = baseName(written?.container ?? file.path);
  const title = `${spec.kind === "uwsgi" ? "uWSGI" : "Python"} ${written ? fileLabel(file) : name}`;
  return graph.node(file, name, { ...spec, title, anchors: [wholeFile(file)] });
}

// ---------------------------------------------------------------------------------------------

/** Builds the graph of a linted project; `diagnostics` are that run's (suppressed ones are left out). */
export function buildGraph(model: ProjectModel, diagnostics: readonly Diagnostic[]): Graph {
  const graph = new GraphBuilder(new Set(model.k8s.objects.map(namespaceOf)).size > 1);
  const workloadIds = addWorkloads(graph, model);
  const serviceIds = addServices(graph, model, workloadIds);
  addIngresses(graph, model, serviceIds);
  addApps(graph, model);
  addServers(graph, model);
  return graph.build(diagnostics);
}

function objectSite(object: K8sObject): Site {
  return rangeSite(object.file, nodeRange(object.node));
}

/** Where people look for an object (its `metadata.name`) or a list entry (its `name`). */
function nameSite(object: K8sObject, entry?: MapNode): Site {
  const named = entry ? pairOf(entry, "name") : pairOf(mapAt(object.node, "metadata"), "name");
  return rangeSite(object.file, nodeRange(named ?? entry ?? object.node));
}

function namespaceDetail(graph: GraphBuilder, object: K8sObject): string[] {
  return graph.showNamespaces ? [`namespace ${namespaceOf(object)}`] : [];
}

function addWorkloads(graph: GraphBuilder, model: ProjectModel): Map<Workload, string> {
  const ids = new Map<Workload, string>();
  for (const workload of model.k8s.workloads) {
    const { object } = workload;
    const workloadId = graph.node(workload, `${object.kind}_${object.name}`, {
      kind: "workload", title: `${object.kind} ${object.name}`, details: namespaceDetail(graph, object), at: nameSite(object), anchors: [objectSite(object)],
    });
    ids.set(workload, workloadId);
    const volumeIds = new Map<Volume, string>();
    for (const [index, volume] of workload.volumes.entries()) {
      const site = rangeSite(object.file, nodeRange(volume.node));
      volumeIds.set(volume, graph.node(volume, volume.name ?? String(index), {
        kind: "volume", title: `volume ${volume.name ?? "(no name)"}`, details: volumeDetails(volume), at: nameSite(object, volume.node), anchors: [site],
      }));
    }
    for (const container of workload.containers) addContainer(graph, container, workloadId, volumeIds);
  }
  return ids;
}

function addContainer(graph: GraphBuilder, container: Container, workloadId: string, volumeIds: ReadonlyMap<Volume, string>): void {
  const { object } = container.workload;
  const image = stringAt(container.node, "image");
  const ports = container.ports.flatMap(({ containerPort, name }) => (containerPort === undefined ? [] : [`${containerPort}${name ? ` (${name})` : ""}`]));
  const id = graph.node(container, container.name, {
    kind: "container",
    title: `container ${container.name}`,
    details: [...(image ? [`image ${image}`] : []), ...(ports.length > 0 ? [`containerPort ${ports.join(", ")}`] : [])],
    at: nameSite(object, container.node),
    anchors: [rangeSite(object.file, nodeRange(container.node))],
  });
  graph.edge(workloadId, id, container.group === "containers" ? "" : container.group.replace(/Containers$/, " container"), "present", []);
  for (const mount of container.volumeMounts) {
    const label = `${mount.mountPath ?? "(no mountPath)"} (${mount.readOnly ? "read-only" : "read-write"})`;
    const anchor = rangeSite(object.file, nodeRange(mount.node));
    if (mount.volume) {
      graph.edge(id, volumeIds.get(mount.volume)!, label, "present", [anchor]);
    } else if (mount.name !== undefined) {
      const missing = graph.node(`volume ${mount.name} of ${workloadId}`, mount.name, { kind: "volume", title: `missing volume ${mount.name}`, presence: "missing" });
      graph.edge(id, missing, label, "broken", [anchor]);
    }
  }
}

/** What backs a volume: `hostPath /global/cfs/… (Directory)`, `emptyDir`, `configMap settings`. */
function volumeDetails(volume: Volume): string[] {
  if (volume.hostPath) {
    const type = volume.hostPath.type ? ` (${volume.hostPath.type})` : "";
    return [`hostPath ${volume.hostPath.path}${type}`, ...(volume.isGlobalFs ? ["global file system"] : [])];
  }
  const source = volume.node.items.find((pair) => scalarText(pair.key) !== "name");
  const kind = scalarText(source?.key);
  if (kind === undefined) return [];
  const map = asMap(source!.value);
  const named = stringAt(map, "name") ?? stringAt(map, "secretName") ?? stringAt(map, "claimName");
  return [`${kind}${named ? ` ${named}` : ""}`];
}

function addServices(graph: GraphBuilder, model: ProjectModel, workloadIds: ReadonlyMap<Workload, string>): Map<Service, string> {
  const ids = new Map<Service, string>();
  for (const service of model.network.services) {
    const { object } = service;
    const ports = service.ports.map((port) => `${port.port ?? "?"}${port.name ? ` (${port.name})` : ""}${port.target && port.target.value !== port.port ? ` → ${port.target.value}` : ""}`);
    const id = graph.node(service, object.name, {
      kind: "service",
      title: `Service ${object.name}`,
      details: [...namespaceDetail(graph, object), ...(ports.length > 0 ? [`port ${ports.join(", ")}`] : []), ...(service.headless ? ["headless"] : [])],
      at: nameSite(object),
      anchors: [objectSite(object)],
    });
    ids.set(service, id);
    const selector = service.selector && rangeSite(object.file, nodeRange(service.selector.pair));
    const targets = service.ports.flatMap((port) => (port.target ? [rangeSite(object.file, nodeRange(port.target.node))] : []));
    for (const workload of service.workloads) graph.edge(id, workloadIds.get(workload)!, portsLabel(service, workload), "present", [selector, ...targets]);
    if (service.selector && service.workloads.length === 0) {
      const labels = service.selector.labels.map((label) => `${label.key}=${label.value}`).join(", ");
      const podsHere = model.k8s.workloads.some((workload) => namespaceOf(workload.object) === service.namespace);
      const target = graph.node(`pods of ${id}`, `pods_${object.name}`, podsHere
        ? { kind: "workload", title: `no pod matches ${labels}`, presence: "missing" }
        : { kind: "workload", title: `pods with ${labels}`, details: ["not in the linted files"], presence: "unverified" });
      graph.edge(id, target, `selects ${labels}`, podsHere ? "broken" : "unverified", [selector]);
    }
  }
  return ids;
}

/** The Service ports as they reach a workload: `8080 → 5000`, marked when nothing there listens on the target. */
function portsLabel(service: Service, workload: Workload): string {
  const listening = service.listeners.some((listener) => listener.container.workload === workload);
  return service.ports
    .map((port) => {
      const target = port.target?.value ?? "?";
      const reached = port.listeners.some((listener) => listener.container.workload === workload);
      // As k8s/port-chain judges it: not for headless Services; a number only against declared ports.
      const judged = !service.headless && (typeof target === "string" || listening);
      return `${port.port ?? "?"} → ${target}${!reached && judged ? " (nothing listens)" : ""}`;
    })
    .join(", ");
}

function addIngresses(graph: GraphBuilder, model: ProjectModel, serviceIds: ReadonlyMap<Service, string>): void {
  for (const ingress of model.network.ingresses) {
    const { object } = ingress;
    const hosts = [...new Set(ingress.hosts.map((host) => host.value))];
    const id = graph.node(ingress, object.name, {
      kind: "ingress",
      title: `Ingress ${object.name}`,
      details: [...namespaceDetail(graph, object), ...(hosts.length > 0 ? [`host ${hosts.join(", ")}`] : [])],
      at: nameSite(object),
      anchors: [objectSite(object)],
    });
    const servicesHere = model.network.services.some((service) => service.namespace === ingress.namespace);
    for (const { serviceName, port, service, servicePort } of ingress.backends) {
      const label = port ? `port ${port.value}` : "";
      const anchors = [serviceName, port].map((part) => part && rangeSite(object.file, nodeRange(part.node)));
      if (service) {
        graph.edge(id, serviceIds.get(service)!, label, port && !servicePort ? "broken" : "present", anchors);
      } else if (serviceName) {
        const target = graph.node(`service ${ingress.namespace}/${serviceName.value}`, serviceName.value, servicesHere
          ? { kind: "service", title: `missing Service ${serviceName.value}`, presence: "missing" }
          : { kind: "service", title: `Service ${serviceName.value}`, details: ["not in the linted files"], presence: "unverified" });
        graph.edge(id, target, label, servicesHere ? "broken" : "unverified", anchors);
      }
    }
  }
}

function addApps(graph: GraphBuilder, model: ProjectModel): void {
  for (const app of model.uwsgi.apps) {
    const id = addIni(graph, app);
    const container = app.container && graph.node(app.container, app.container.name, { kind: "container", title: `container ${app.container.name}` });
    if (container) {
      const named = app.configs.find((config) => config.file === app.ini && config.by?.origin === "command")?.by;
      graph.edge(container, id, named ? configLabel(named) : app.link.replace(/^[^:]*: /, ""), "present", [named?.at]);
    }
    const dockerfile = app.dockerfile && addDockerfile(graph, app.dockerfile);
    if (dockerfile) graph.edge(dockerfile, id, app.container ? "builds the image" : "starts uWSGI", "present", []);
    // A config the command line names hangs off what runs that command; one an ini names, off that ini.
    const namedBy = (by: ConfigOption) => (by.origin === "command" ? container || dockerfile || id : by.at.file === app.ini ? id : addIniFile(graph, by.at.file, ["included"]));
    for (const { file, by } of app.configs) {
      if (file === app.ini || !by) continue;
      graph.edge(namedBy(by), addIniFile(graph, file, ["included"]), configLabel(by), "present", [by.at]);
    }
    for (const unread of app.unreadConfigs) {
      const target = graph.node(`config ${unread.containerPath}`, unread.path, unreadConfigSpec(unread));
      graph.edge(namedBy(unread.by), target, configLabel(unread.by), unread.missing || unread.refused ? "broken" : "unverified", [unread.by.at]);
    }
    for (const entry of app.entries) addEntry(graph, app, id, entry);
  }
}

/** `uwsgi --include /app/base.ini` on a command line; `include =` in an ini, as its module edges name their option. */
function configLabel(by: ConfigOption): string {
  return by.origin === "command" ? `uwsgi --${by.key} ${by.value}` : `${by.key} =`;
}

function unreadConfigSpec(unread: UnreadConfig): NodeSpec {
  if (unread.missing) return { kind: "uwsgi", title: `missing config ${unread.path}`, presence: "missing" };
  if (unread.refused) return { kind: "uwsgi", title: `config ${unread.path}`, details: [`uWSGI loads no config from this name`], presence: "missing" };
  return { kind: "uwsgi", title: `config ${unread.path}`, details: ["not in the linted files"], presence: "unverified" };
}

function addDockerfile(graph: GraphBuilder, dockerfile: Dockerfile): string {
  return graph.node(dockerfile.file, baseName(dockerfile.file.path), { kind: "dockerfile", title: "Dockerfile", at: { file: dockerfile.file, start: 0, end: 0 }, anchors: [wholeFile(dockerfile.file)] });
}

/** gunicorn, uvicorn and Flask's development server: the container or image that runs one, where it listens, and the module it loads. */
function addServers(graph: GraphBuilder, model: ProjectModel): void {
  for (const app of model.servers.apps) {
    const { program, args } = app.launch;
    const command = [program, ...args];
    const title = app.server === "python" ? `python ${program.text}` : [app.server, app.reference?.text].filter(Boolean).join(" ");
    const details = app.binds.map((bind) => `listens on ${bind.host}:${bind.port ?? "?"}${bind.isDefault ? " (default)" : ""}`);
    const id = graph.node(program.at, program.text, { kind: "server", title, details, at: program.at, anchors: [...command.map((word) => word.at), ...app.binds.map((bind) => bind.at)] });
    const { container, dockerfile } = app.runner;
    if (container) graph.edge(graph.node(container, container.name, { kind: "container", title: `container ${container.name}` }), id, "runs", "present", []);
    if (dockerfile) graph.edge(addDockerfile(graph, dockerfile), id, container ? "builds the image" : `starts ${app.server}`, "present", []);
    if (app.resolution) {
      const target = app.reference?.module ?? program.text;
      addModule(graph, id, app.resolution, { what: "module", target, key: `${shownSite(program.at)} ${target}`, details: [] }, app.reference?.text ?? program.text, [app.reference?.at]);
    }
  }
}

/** The app's ini, or for an app its command line configures alone, the `uwsgi` word of that command. */
function addIni(graph: GraphBuilder, app: UwsgiApp): string {
  const sockets = app.sockets.map((socket) => `${socket.setting.key} ${socket.address}`);
  if (app.ini) return addIniFile(graph, app.ini, sockets);
  const { program } = app.command!;
  return graph.node(program.at, program.text, { kind: "uwsgi", title: "uWSGI command line", details: sockets, at: program.at, anchors: [program.at] });
}

function addIniFile(graph: GraphBuilder, file: SourceFile, details: readonly string[]): string {
  const header = /^\s*\[uwsgi\]/m.exec(file.text);
  const at = header ? header.index + header[0].length - header[0].trimStart().length : 0;
  return addFileNode(graph, file, { kind: "uwsgi", details, at: { file, start: at, end: at } });
}

function addEntry(graph: GraphBuilder, app: UwsgiApp, iniId: string, entry: AppEntry): void {
  if (entry.kind === "other") return;
  const { resolution, setting, callable } = entry;
  const label = [`${setting.key} = ${setting.clean}`, ...(callable.from === "callable" && callable.setting ? [`callable = ${callable.setting.clean}`] : [])].join(", ");
  const anchors = [setting.at, callable.from === "callable" ? callable.setting?.at : undefined];
  const what = entry.kind === "module" ? "module" : "file";
  addModule(graph, iniId, resolution, { what, target: entry.target, key: `${app.ini?.path ?? shownSite(app.command!.program.at)} ${entry.target}`, details: [`callable ${callable.name}`] }, label, anchors);
}

/**
 * The module a uWSGI entry or a server loads, and the edge to it: present, broken when the module
 * is missing, unverified when nw-lint cannot see it. `key` tells apart the modules that are no file.
 */
function addModule(
  graph: GraphBuilder, from: string, resolution: ModuleLookup,
  module: { readonly what: string; readonly target: string; readonly key: string; readonly details: readonly string[] },
  label: string, anchors: readonly (Site | undefined)[],
): void {
  const { what, target, key, details } = module;
  if (resolution.status === "found") {
    const file = resolution.file?.file;
    const node = file
      ? addFileNode(graph, file, { kind: "module", details: [`${what} ${target}`, ...details], at: fileStart(file) })
      : graph.node(`namespace package ${key}`, target, { kind: "module", title: `namespace package ${target}`, details });
    graph.edge(from, node, label, "present", anchors);
    return;
  }
  const missing = resolution.status === "missing";
  const node = graph.node(`module ${key}`, target, missing
    ? { kind: "module", title: `missing ${what} ${target}`, details: [resolution.message], presence: "missing" }
    : { kind: "module", title: `${what} ${target}`, details: [resolution.message], presence: "unverified" });
  graph.edge(from, node, label, missing ? "broken" : "unverified", anchors);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
