// Small, typed accessors over the `yaml` AST. Rules read values and positions through these
// and never through `toJS()`, so every value keeps its source range.
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";

export type YamlNode = Node;
export type MapNode = YAMLMap<Scalar, YamlNode | null>;
export type SeqNode = YAMLSeq<YamlNode | null>;
export type PairNode = Pair<Scalar, YamlNode | null>;

/** What each alias stands for: go-yaml v2, like the API server's decoder, reads an alias as a copy of its anchor's node. */
const aliasTargets = new WeakMap<Alias, Node>();

/** Each alias of a document's nodes (in source order), with the node of the latest anchor of its name before it, if any. */
export function aliasTargetsOf(nodes: readonly Node[]): Map<Alias, Node | undefined> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  for (const node of nodes) {
    if (isAlias(node)) targets.set(node, anchors.get(node.source));
    else if (node.anchor) anchors.set(node.anchor, node);
  }
  return targets;
}

/** The aliases of each anchored node: a fix that rewrites, moves or deletes one changes or breaks them. */
const aliasesOf = new WeakMap<Node, Alias[]>();

/** Records what each alias stands for, for `resolved` and the accessors. */
export function linkAliases(targets: ReadonlyMap<Alias, Node | undefined>): void {
  for (const [alias, target] of targets) {
    if (!target) continue;
    aliasTargets.set(alias, target);
    const aliases = aliasesOf.get(target);
    if (aliases) aliases.push(alias);
    else aliasesOf.set(target, [alias]);
  }
}

/**
 * What ties the node to text outside it: the aliases elsewhere of the anchors it (or a node inside
 * it) carries, and the anchors elsewhere of the aliases inside it, by where they start.
 */
/** Whether an alias stands for this node: what is written into it is written into every place the alias is. */
export function isAliased(node: YamlNode): boolean {
  return (aliasesOf.get(node as Node)?.length ?? 0) > 0;
}

export function aliasLinksOutside(node: YamlNode | PairNode): { readonly aliases: number[]; readonly anchors: number[] } {
  const [start, end] = nodeRange(node);
  const outside = (at: number) => at < start || at >= end;
  const aliases: number[] = [];
  const anchors: number[] = [];
  const visitNode = (current: unknown): void => {
    if (isPair(current)) {
      visitNode(current.key);
      visitNode(current.value);
    } else if (isAlias(current)) {
      const target = aliasTargets.get(current);
      if (target?.range && outside(target.range[0])) anchors.push(target.range[0]);
    } else if (isScalar(current) || isMap(current) || isSeq(current)) {
      for (const alias of aliasesOf.get(current) ?? []) if (outside(alias.range![0])) aliases.push(alias.range![0]);
      if (isMap(current) || isSeq(current)) for (const item of current.items) visitNode(item);
    }
  };
  visitNode(node);
  return { aliases, anchors };
}

/** The node an alias stands for; any other node as it is. */
export function resolved(node: unknown): unknown {
  return isAlias(node) ? aliasTargets.get(node) : node;
}

export function asMap(node: unknown): MapNode | undefined {
  const target = resolved(node);
  return isMap(target) ? (target as MapNode) : undefined;
}

export function asSeq(node: unknown): SeqNode | undefined {
  const target = resolved(node);
  return isSeq(target) ? (target as SeqNode) : undefined;
}

export function asScalar(node: unknown): Scalar | undefined {
  const target = resolved(node);
  return isScalar(target) ? target : undefined;
}

/** The pair of `key` in the map, or in the maps its `<<` merge keys bring in (the map's own keys first, then each merged map in order). */
export function pairOf(map: MapNode | undefined, key: string): PairNode | undefined {
  if (!map) return undefined;
  // The hottest lookup of the rules: the value is compared before the node types are checked.
  let merges = false;
  for (const item of map.items) {
    const itemKey: unknown = item.key;
    const value = (itemKey as Scalar | null)?.value;
    if ((value === key || (typeof value !== "string" && String(value) === key)) && isScalar(itemKey) && isPair(item)) return item as PairNode;
    if (typeof value === "symbol") merges = true;
  }
  return merges ? mergedPairOf(map, key) : undefined;
}

function mergedPairOf(map: MapNode, key: string): PairNode | undefined {
  for (const item of map.items) {
    if (!isMergeKey(item.key)) continue;
    const merged = asSeq(item.value)?.items ?? [item.value];
    for (const source of merged) {
      const found = pairOf(asMap(source), key);
      if (found) return found;
    }
  }
  return undefined;
}

/** YAML 1.1 reads a `<<` key as a symbol described "<<". */
export function isMergeKey(node: unknown): boolean {
  return isScalar(node) && typeof node.value === "symbol" && node.value.description === "<<";
}

/** The value node under `key` (an alias resolved); undefined when the key is absent or its value is `null`/empty. */
export function valueOf(map: MapNode | undefined, key: string): YamlNode | undefined {
  const value = resolved(pairOf(map, key)?.value) as YamlNode | null | undefined;
  if (value === null || value === undefined) return undefined;
  if (isScalar(value) && value.value === null) return undefined;
  return value;
}

/**
 * Whether a value along `path` under `map` is written as the wrong kind of node: a mapping
 * expected at every key but the last, `last` at the last. A missing or null value is not
 * mistyped. Only k8s/schema reports a mistyped value; the other rules skip it.
 */
export function mistypedAlong(map: MapNode | undefined, path: readonly string[], last: "map" | "seq"): boolean {
  let current: YamlNode | undefined = map;
  for (const [index, key] of path.entries()) {
    current = valueOf(asMap(current), key);
    if (current === undefined) return false;
    const expected = index < path.length - 1 ? "map" : last;
    if (expected === "map" ? !asMap(current) : !asSeq(current)) return true;
  }
  return false;
}

export function mapAt(map: MapNode | undefined, ...path: string[]): MapNode | undefined {
  let current: MapNode | undefined = map;
  for (const key of path) current = asMap(valueOf(current, key));
  return current;
}

export function seqItems(node: YamlNode | undefined): YamlNode[] {
  const items: YamlNode[] = [];
  for (const item of asSeq(node)?.items ?? []) {
    const target = resolved(item) as YamlNode | null | undefined;
    if (target !== null && target !== undefined) items.push(target);
  }
  return items;
}

export function mapItems(node: YamlNode | undefined): MapNode[] {
  return seqItems(node).filter((item): item is MapNode => isMap(item));
}

export function stringValue(node: YamlNode | undefined | null): string | undefined {
  const value = asScalar(node)?.value;
  return typeof value === "string" ? value : undefined;
}

/** A scalar's value as text whatever its type (`8080` and `"8080"` both give "8080"). */
export function scalarText(node: YamlNode | undefined | null): string | undefined {
  const value = asScalar(node)?.value;
  if (value === null || value === undefined || typeof value === "object" || typeof value === "symbol") return undefined;
  return String(value);
}

export function numberValue(node: YamlNode | undefined | null): number | undefined {
  const value = asScalar(node)?.value;
  return typeof value === "number" ? value : undefined;
}

export function booleanValue(node: YamlNode | undefined | null): boolean | undefined {
  const value = asScalar(node)?.value;
  return typeof value === "boolean" ? value : undefined;
}

export function stringAt(map: MapNode | undefined, key: string): string | undefined {
  return stringValue(valueOf(map, key));
}

/** [start, end) of a node's own text (without trailing comments). */
export function nodeRange(node: YamlNode | PairNode): [number, number] {
  if (isPair(node)) {
    const key = node.key as YamlNode;
    const end = node.value ? nodeRange(node.value)[1] : key.range![1];
    return [key.range![0], end];
  }
  const range = node.range!;
  return [range[0], range[1]];
}

/** The range of `key:` in a mapping, for findings that point at a key. */
export function keyRange(pair: PairNode): [number, number] {
  const key = pair.key as YamlNode;
  return [key.range![0], key.range![1]];
}

/** A string map such as labels or annotations, as plain entries; non-string values are skipped. */
/**
 * The string-valued entries of a map of strings (labels, annotations, a selector): a value of
 * another type (plain `n` is false to Kubernetes) is k8s/schema's to report, and the other rules skip it.
 */
export function stringEntries(map: MapNode | undefined): [string, string, PairNode][] {
  const entries = new Map<string, [string, string, PairNode]>();
  collectStringEntries(map, entries, new Set());
  return [...entries.values()];
}

/** The map's own entries, then those its `<<` merge keys bring in (`labels: {<<: *labels, version: v1}`) that it does not set itself. */
function collectStringEntries(map: MapNode | undefined, into: Map<string, [string, string, PairNode]>, visited: Set<MapNode>): void {
  if (!map || visited.has(map)) return;
  visited.add(map);
  const merges: unknown[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (isMergeKey(item.key)) {
      merges.push(...(asSeq(item.value)?.items ?? [item.value]));
      continue;
    }
    const key = String(item.key.value);
    const value = stringValue(item.value as YamlNode | null);
    if (!into.has(key) && value !== undefined) into.set(key, [key, value, item as PairNode]);
  }
  for (const source of merges) collectStringEntries(asMap(source), into, visited);
}

/** Where a path into a document's value leads: the node, and the pair it is the value of. */
export interface PathTarget {
  readonly node: YamlNode;
  readonly pair: PairNode | undefined;
}

/** Follows `path` (keys and item indexes) from `root`; stops at the deepest node that exists. */
export function nodeAtPath(root: YamlNode, path: readonly (string | number)[]): PathTarget & { readonly complete: boolean } {
  let target: PathTarget = { node: root, pair: undefined };
  for (const step of path) {
    const map = asMap(target.node);
    const seq = asSeq(target.node);
    if (map && typeof step === "string") {
      const pair = pairOf(map, step);
      if (!pair) return { ...target, complete: false };
      target = { node: (pair.value ?? pair.key) as YamlNode, pair };
    } else if (seq && typeof step === "number" && seq.items[step]) {
      target = { node: seq.items[step] as YamlNode, pair: undefined };
    } else {
      return { ...target, complete: false };
    }
  }
  return { ...target, complete: true };
}
