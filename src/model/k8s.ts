// The Kubernetes side of the project model: objects, pod-bearing workloads, their containers,
// effective security contexts, volumes and mounts. Built once from the parsed YAML; rules read it.
import { posix } from "node:path";
import { positionAt } from "../engine/source.js";
import type { ObjectRef, SourceFile } from "../engine/types.js";
import type { YamlStream } from "../languages/k8s/parse.js";
import {
  asMap, asScalar, booleanValue, keyRange, mapAt, mapItems, nodeRange, numberValue, pairOf, resolved, seqItems, stringAt, stringEntries, stringValue, valueOf,
  type MapNode, type PairNode, type YamlNode,
} from "../languages/k8s/nodes.js";
import { POD_BEARING_KINDS } from "../languages/k8s/pod-specs.js";
import { findPlaceholders, type Placeholder } from "./placeholders.js";

export interface K8sObject {
  readonly file: SourceFile;
  readonly node: MapNode;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly annotations: ReadonlyMap<string, string>;
}

export type ContainerGroup = "containers" | "initContainers" | "ephemeralContainers";
const CONTAINER_GROUPS: readonly ContainerGroup[] = ["initContainers", "containers", "ephemeralContainers"];

export interface Workload {
  readonly object: K8sObject;
  /** The pod spec mapping (`spec`, `spec.template.spec`, …). */
  readonly podSpec: MapNode;
  /** The `spec:` pair whose value is the pod spec: the anchor for pod-level "missing" findings. */
  readonly podSpecPair: PairNode | undefined;
  /** Pod template metadata (or the Pod's own metadata). */
  readonly podMetadata: MapNode | undefined;
  readonly securityContext: MapNode | undefined;
  readonly containers: readonly Container[];
  readonly volumes: readonly Volume[];
  readonly labels: ReadonlyMap<string, string>;
  readonly annotations: ReadonlyMap<string, string>;
  /** The labels the controller selects its pods by (`spec.selector.matchLabels`, or a ReplicationController's `spec.selector`). */
  readonly selector: LabelSelector | undefined;
}

/** An equality-based label selector: the `selector:`/`matchLabels:` pair and its entries. */
export interface LabelSelector {
  readonly pair: PairNode;
  readonly labels: readonly SelectorLabel[];
}

export interface SelectorLabel {
  readonly key: string;
  readonly value: string;
  readonly pair: PairNode;
}

export interface Container {
  readonly workload: Workload;
  readonly group: ContainerGroup;
  /** An init container with `restartPolicy: Always`: it runs beside the app containers for the pod's whole life (Kubernetes 1.29+). */
  readonly sidecar: boolean;
  readonly node: MapNode;
  readonly name: string;
  readonly securityContext: MapNode | undefined;
  readonly image: YamlNode | undefined;
  readonly command: readonly YamlNode[];
  readonly args: readonly YamlNode[];
  readonly volumeMounts: readonly VolumeMount[];
  readonly ports: readonly ContainerPort[];
  readonly workingDir: string | undefined;
  readonly env: readonly EnvVar[];
}

/** An `env` entry; `value` is absent for `valueFrom` entries, whose value is only known at run time. */
export interface EnvVar {
  readonly node: MapNode;
  readonly name: string | undefined;
  readonly value: YamlNode | undefined;
}

/** A pod volume: an entry of the pod's `volumes`, or a StatefulSet's volume claim template. */
export interface Volume {
  readonly node: MapNode;
  readonly name: string | undefined;
  readonly hostPath: HostPath | undefined;
  readonly isGlobalFs: boolean;
  /** Set when the volume itself makes every mount of it read-only, whatever the mounts say. */
  readonly readOnly: ReadOnly | undefined;
}

/** Why a mount is read-only, and where that is written. */
export interface ReadOnly {
  /**
   * `mount`: the mount's `readOnly: true`; `volume`: `readOnly: true` in the volume's source
   * (`persistentVolumeClaim`, `nfs`, …), which forces every mount of it read-only; `type`: a
   * configMap, secret, downwardAPI or projected volume, which the kubelet always mounts read-only.
   */
  readonly by: "mount" | "volume" | "type";
  /** The `readOnly: true` entry; for `type`, the volume's source entry (`configMap: …`). */
  readonly pair: PairNode;
  /** The key of the volume's source (`configMap`, `nfs`); undefined for `mount`. */
  readonly source?: string;
}

export interface HostPath {
  readonly path: string;
  /** `path` as the directory it names (normalisedPath), for isUnder. */
  readonly normalisedPath: string;
  /** The `path` value, where findings about the host path point. */
  readonly pathNode: YamlNode;
  readonly type: string | undefined;
  /** A `type` that is no string (`type: 7`): k8s/schema's to report. */
  readonly mistypedType: boolean;
}

export interface VolumeMount {
  readonly node: MapNode;
  readonly name: string | undefined;
  readonly mountPath: string | undefined;
  /** `mountPath` as the directory it names (normalisedPath), for isUnder. */
  readonly normalisedMountPath: string | undefined;
  /** Why the container cannot write through this mount; undefined when it can. */
  readonly readOnly: ReadOnly | undefined;
  /** The pod volume it names; undefined when none has that name. */
  readonly volume: Volume | undefined;
}

export interface ContainerPort {
  readonly node: MapNode;
  readonly containerPort: number | undefined;
  readonly name: string | undefined;
}

export interface K8sModel {
  readonly objects: readonly K8sObject[];
  readonly workloads: readonly Workload[];
  /** Unfilled placeholders in the objects, in file order. */
  readonly placeholders: readonly Placeholder[];
  /** For `--verbose`: the objects of kinds no rule reads, and the YAML files that hold no Kubernetes object. */
  readonly notes: readonly string[];
  /** Manifests with a document nw-lint could not read (yaml/syntax reports it): the objects a relation misses may be there. */
  readonly unreadManifests: readonly SourceFile[];
}

export interface K8sModelOptions {
  readonly globalFsPrefixes: readonly string[];
}

export function buildK8sModel(streams: readonly YamlStream[], options: K8sModelOptions): K8sModel {
  const objects = streams.flatMap(objectsOfStream);
  const normalised = { globalFsPrefixes: options.globalFsPrefixes.map(normalisedPath) };
  const workloads = objects.flatMap((object) => {
    const workload = workloadOf(object, normalised);
    return workload ? [workload] : [];
  });
  const unreadManifests = streams.filter((stream) => stream.problems.length > 0 || stream.documents.some((document) => document.errors.length > 0)).map((stream) => stream.file);
  return { objects, workloads, placeholders: findPlaceholders(objects), notes: skippedNotes(streams, objects), unreadManifests };
}

/**
 * Whether a manifest nw-lint could not read may hold what a relation looks for (a Service's name,
 * a pod label's value): a file with a syntax error is reported once, by yaml/syntax, not again as
 * every object that misses what it holds.
 */
export function mayBeUnread(model: K8sModel, ...words: readonly string[]): boolean {
  return model.unreadManifests.some((file) => words.every((word) => file.text.includes(word)));
}

/** The kinds nw-lint models and k8s/schema validates; of other kinds only what every object has is checked (duplicates, export residue, placeholders). */
const READ_KINDS: ReadonlySet<string> = new Set([...POD_BEARING_KINDS.keys(), "Service", "Ingress", "Secret", "ConfigMap", "PersistentVolumeClaim"]);

function skippedNotes(streams: readonly YamlStream[], objects: readonly K8sObject[]): string[] {
  const skippedObjects = objects.filter((object) => !READ_KINDS.has(object.kind)).map((object) => {
    const { line } = positionAt(object.file, object.node.range?.[0] ?? 0);
    return `${object.file.path}:${line}: skipped ${object.kind}${object.name ? ` "${object.name}"` : ""} (${object.apiVersion}), a kind nw-lint does not model or validate`;
  });
  const withObjects = new Set(objects.map((object) => object.file));
  const notManifests = streams
    .filter((stream) => !withObjects.has(stream.file) && stream.documents.every((document) => document.errors.length === 0))
    .map((stream) => `${stream.file.path}: skipped, no Kubernetes object in it (no document has apiVersion and kind)`);
  return [...skippedObjects, ...notManifests];
}

function objectsOfStream(stream: YamlStream): K8sObject[] {
  return stream.documents.flatMap((document) => {
    if (document.errors.length > 0) return [];
    const root = asMap(document.contents);
    return root ? listedObjects(stream.file, root) : [];
  });
}

/** The object, or the items of a `kind: List`, flattened as kubectl does a List inside a List. */
function listedObjects(file: SourceFile, node: MapNode): K8sObject[] {
  const object = objectOf(file, node);
  if (!object) return [];
  if (object.kind !== "List") return [object];
  return mapItems(valueOf(node, "items")).flatMap((item) => listedObjects(file, item));
}

function objectOf(file: SourceFile, node: MapNode): K8sObject | undefined {
  const apiVersion = stringAt(node, "apiVersion");
  const kind = stringAt(node, "kind");
  if (!apiVersion || !kind) return undefined;
  const metadata = mapAt(node, "metadata");
  return {
    file, node, apiVersion, kind,
    name: stringAt(metadata, "name") ?? "",
    namespace: stringAt(metadata, "namespace"),
    annotations: entriesMap(mapAt(metadata, "annotations")),
  };
}

function workloadOf(object: K8sObject, options: K8sModelOptions): Workload | undefined {
  const path = POD_BEARING_KINDS.get(object.kind);
  if (!path) return undefined;
  const parent = mapAt(object.node, ...path.slice(0, -1));
  const podSpec = mapAt(parent, path[path.length - 1]!);
  if (!podSpec) return undefined;
  const podMetadata = object.kind === "Pod" ? mapAt(object.node, "metadata") : mapAt(parent, "metadata");
  // A StatefulSet's pods also get a volume for each of its volume claim templates, named as the claim.
  const claims = object.kind === "StatefulSet" ? mapItems(valueOf(mapAt(object.node, "spec"), "volumeClaimTemplates")) : [];
  const volumes = [
    ...mapItems(valueOf(podSpec, "volumes")).map((node) => volumeOf(node, options)),
    ...claims.map((node): Volume => ({ node, hostPath: undefined, name: stringAt(mapAt(node, "metadata"), "name"), isGlobalFs: false, readOnly: undefined })),
  ];
  const containers: Container[] = [];
  const workload: Workload = {
    object, podSpec, podMetadata, volumes, containers,
    podSpecPair: pairOf(parent, path[path.length - 1]!),
    securityContext: mapAt(podSpec, "securityContext"),
    labels: entriesMap(mapAt(podMetadata, "labels")),
    annotations: entriesMap(mapAt(podMetadata, "annotations")),
    selector: object.kind === "ReplicationController"
      ? labelSelectorOf(pairOf(mapAt(object.node, "spec"), "selector"))
      : labelSelectorOf(pairOf(mapAt(object.node, "spec", "selector"), "matchLabels")),
  };
  for (const group of CONTAINER_GROUPS) {
    for (const node of mapItems(valueOf(podSpec, group))) containers.push(containerOf(workload, group, node));
  }
  return workload;
}

function containerOf(workload: Workload, group: ContainerGroup, node: MapNode): Container {
  return {
    workload, group, node,
    sidecar: group === "initContainers" && stringAt(node, "restartPolicy") === "Always",
    name: stringAt(node, "name") ?? "",
    securityContext: mapAt(node, "securityContext"),
    image: valueOf(node, "image"),
    command: seqItems(valueOf(node, "command")),
    args: seqItems(valueOf(node, "args")),
    workingDir: stringAt(node, "workingDir"),
    env: mapItems(valueOf(node, "env")).map((entry) => ({ node: entry, name: stringAt(entry, "name"), value: valueOf(entry, "value") })),
    volumeMounts: mapItems(valueOf(node, "volumeMounts")).map((mount) => {
      const name = stringAt(mount, "name");
      const volume = workload.volumes.find((candidate) => name !== undefined && candidate.name === name);
      const mountPath = stringAt(mount, "mountPath");
      return {
        node: mount, name, volume, mountPath,
        normalisedMountPath: mountPath === undefined ? undefined : normalisedPath(mountPath),
        readOnly: volume?.readOnly ?? readOnlyEntry(mount, "mount"),
      };
    }),
    ports: mapItems(valueOf(node, "ports")).map((port) => {
      const number = asScalar(valueOf(port, "containerPort"))?.value;
      return { node: port, containerPort: typeof number === "number" ? number : undefined, name: stringAt(port, "name") };
    }),
  };
}

function volumeOf(node: MapNode, options: K8sModelOptions): Volume {
  const hostPath = hostPathOf(mapAt(node, "hostPath"));
  return {
    node, hostPath,
    name: stringAt(node, "name"),
    isGlobalFs: hostPath !== undefined && options.globalFsPrefixes.some((prefix) => isUnder(hostPath.normalisedPath, prefix)),
    readOnly: volumeReadOnly(node),
  };
}

/** Volume types the kubelet always mounts read-only, whatever the mount says (since the fix for CVE-2017-1002102). */
const READ_ONLY_TYPES = ["configMap", "secret", "downwardAPI", "projected"] as const;

function volumeReadOnly(volume: MapNode): ReadOnly | undefined {
  for (const source of READ_ONLY_TYPES) {
    const pair = pairOf(volume, source);
    if (pair) return { by: "type", pair, source };
  }
  // Only the sources whose schema has `readOnly` can carry one; on any other k8s/schema reports it.
  for (const pair of volume.items) {
    const source = stringValue(pair.key as YamlNode);
    const readOnly = source === undefined || source === "name" ? undefined : readOnlyEntry(asMap(resolved(pair.value)), "volume");
    if (readOnly) return { ...readOnly, source };
  }
  return undefined;
}

/** The map's `readOnly: true` entry, as the read-only cause `by`. */
function readOnlyEntry(map: MapNode | undefined, by: "mount" | "volume"): ReadOnly | undefined {
  const pair = pairOf(map, "readOnly");
  return pair && asScalar(pair.value)?.value === true ? { by, pair } : undefined;
}

function hostPathOf(map: MapNode | undefined): HostPath | undefined {
  const pathNode = valueOf(map, "path");
  const path = stringValue(pathNode);
  const type = stringAt(map, "type");
  return pathNode && path !== undefined ? { path, normalisedPath: normalisedPath(path), pathNode, type, mistypedType: type === undefined && valueOf(map, "type") !== undefined } : undefined;
}

/** The selector under `pair` (a map of label to value); undefined when absent or empty. */
export function labelSelectorOf(pair: PairNode | undefined): LabelSelector | undefined {
  const labels = stringEntries(asMap(pair?.value)).map(([key, value, entry]) => ({ key, value, pair: entry }));
  return pair && labels.length > 0 ? { pair, labels } : undefined;
}

/** A path as the directory it names, which isUnder compares: `/global//homes/x/` is `/global/homes/x`, `/global/` is `/global`. */
export function normalisedPath(path: string): string {
  return posix.normalize(path).replace(/(?<=.)\/$/, "");
}

/** True when `path` is `prefix` itself or lies below it; both are normalisedPath()s (`/global` covers `/global/cfs`). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}

function entriesMap(map: MapNode | undefined): Map<string, string> {
  return new Map(stringEntries(map).map(([key, value]) => [key, value]));
}

export function mountsGlobalFs(workload: Workload): boolean {
  return workload.volumes.some((volume) => volume.isGlobalFs);
}

export type SecurityField = "runAsUser" | "runAsGroup" | "runAsNonRoot" | "fsGroup";

export interface EffectiveValue {
  readonly node: YamlNode;
  readonly pair: PairNode;
  readonly level: "container" | "pod";
}

/** A security context field as Kubernetes applies it: the container's value overrides the pod's. */
/** A capability as written, compared as Kubernetes names it: upper case, without the `CAP_` prefix. */
export function capabilityName(written: string): string {
  return written.toUpperCase().replace(/^CAP_/, "");
}

export function effectiveSecurityField(container: Container, field: SecurityField): EffectiveValue | undefined {
  for (const [context, level] of [[container.securityContext, "container"], [container.workload.securityContext, "pod"]] as const) {
    const pair = pairOf(context, field);
    const node = valueOf(context, field);
    if (pair && node) return { node, pair, level };
  }
  return undefined;
}

/** The uid a container starts as: its runAsUser (undefined where that is no number), else its image's where that is known. */
export function containerStartUid(container: Container, imageUid: number | undefined): number | undefined {
  const runAsUser = effectiveSecurityField(container, "runAsUser");
  return runAsUser ? numberValue(runAsUser.node) : imageUid;
}

/** Without a non-zero runAsUser or runAsNonRoot: true, the image's user may be root, who can lose capabilities it uses. */
export function mayRunAsRoot(container: Container): boolean {
  const user = numberValue(effectiveSecurityField(container, "runAsUser")?.node);
  return !((user !== undefined && user > 0) || booleanValue(effectiveSecurityField(container, "runAsNonRoot")?.node) === true);
}

/**
 * The containers by the `field` value each one runs with: a pod-level value the containers
 * inherit is one entry for all of them (one finding, not one per container). Containers without
 * the field, or that `keep` refuses, are left out.
 */
export function bySecurityField(containers: readonly Container[], field: SecurityField, keep: (value: EffectiveValue, container: Container) => boolean = () => true): { value: EffectiveValue; containers: Container[] }[] {
  const groups = new Map<YamlNode, { value: EffectiveValue; containers: Container[] }>();
  for (const container of containers) {
    const value = effectiveSecurityField(container, field);
    if (!value || !keep(value, container)) continue;
    const group = groups.get(value.node);
    if (group) group.containers.push(container);
    else groups.set(value.node, { value, containers: [container] });
  }
  return [...groups.values()];
}

/** `container "web"`, or `containers "init", "web" and "worker"`, as messages name them. */
export function containersPhrase(containers: readonly Container[]): string {
  const names = containers.map((container) => `"${container.name}"`);
  return names.length === 1 ? `container ${names[0]}` : `containers ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

export function objectRef(object: K8sObject, container?: Container): ObjectRef {
  return {
    kind: object.kind,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    name: object.name,
    ...(container ? { container: container.name } : {}),
  };
}

/**
 * Where a finding about a missing field points: the deepest existing key on `path` below `map`,
 * else `fallback` (RULES.md: "the nearest existing ancestor key of the missing field").
 */
export function nearestExistingKey(map: MapNode | undefined, path: readonly string[], fallback: [number, number]): [number, number] {
  let found = fallback;
  let current = map;
  for (const key of path) {
    const pair = pairOf(current, key);
    if (!pair) break;
    found = keyRange(pair);
    current = asMap(pair.value);
    if (!current) break;
  }
  return found;
}

/** The anchor for findings about a container as a whole: its `name` key, else the entry itself. */
export function containerAnchor(container: Container): [number, number] {
  return nameAnchor(container.node);
}

/** The anchor for findings about a list entry (a container, a volume mount): its `name` entry, else the entry's start. */
export function nameAnchor(entry: MapNode): [number, number] {
  const pair = pairOf(entry, "name");
  return pair ? nodeRange(pair) : [entry.range![0], entry.range![0]];
}


export function allContainers(model: K8sModel): Container[] {
  return model.workloads.flatMap((workload) => [...workload.containers]);
}

/** The namespace an object is applied to: its own, else `default`, as kubectl does without `-n`. */
export function namespaceOf(object: K8sObject): string {
  return object.namespace ?? "default";
}
