// Small, typed accessors over the `yaml` AST. Rules read values and positions through these
// and never through `toJS()`, so every value keeps its source range.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";

export type YamlNode = Node;
export type MapNode = YAMLMap<Scalar, YamlNode | null>;
export type SeqNode = YAMLSeq<YamlNode | null>;
export type PairNode = Pair<Scalar, YamlNode | null>;

export function asMap(node: unknown): MapNode | undefined {
  return isMap(node) ? (node as MapNode) : undefined;
}

export function asSeq(node: unknown): SeqNode | undefined {
  return isSeq(node) ? (node as SeqNode) : undefined;
}

export function asScalar(node: unknown): Scalar | undefined {
  return isScalar(node) ? node : undefined;
}

export function pairOf(map: MapNode | undefined, key: string): PairNode | undefined {
  if (!map) return undefined;
  // The hottest lookup of the rules: the value is compared before the node types are checked.
  for (const item of map.items) {
    const itemKey: unknown = item.key;
    const value = (itemKey as Scalar | null)?.value;
    if ((value === key || (typeof value !== "string" && String(value) === key)) && isScalar(itemKey) && isPair(item)) return item as PairNode;
  }
  return undefined;
}

/** The value node under `key`; undefined when the key is absent or its value is `null`/empty. */
export function valueOf(map: MapNode | undefined, key: string): YamlNode | undefined {
  const value = pairOf(map, key)?.value;
  if (value === null || value === undefined) return undefined;
  if (isScalar(value) && value.value === null) return undefined;
  return value;
}

export function mapAt(map: MapNode | undefined, ...path: string[]): MapNode | undefined {
  let current: MapNode | undefined = map;
  for (const key of path) current = asMap(valueOf(current, key));
  return current;
}

export function seqItems(node: YamlNode | undefined): YamlNode[] {
  const seq = asSeq(node);
  return seq ? seq.items.filter((item): item is YamlNode => item !== null) : [];
}

export function mapItems(node: YamlNode | undefined): MapNode[] {
  return seqItems(node).flatMap((item) => (isMap(item) ? [item as MapNode] : []));
}

export function stringValue(node: YamlNode | undefined | null): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** A scalar's value as text whatever its type (`8080` and `"8080"` both give "8080"). */
export function scalarText(node: YamlNode | undefined | null): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === "object") return undefined;
  return String(node.value);
}

export function numberValue(node: YamlNode | undefined | null): number | undefined {
  return isScalar(node) && typeof node.value === "number" ? node.value : undefined;
}

export function booleanValue(node: YamlNode | undefined | null): boolean | undefined {
  return isScalar(node) && typeof node.value === "boolean" ? node.value : undefined;
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
export function stringEntries(map: MapNode | undefined): [string, string, PairNode][] {
  if (!map) return [];
  const entries: [string, string, PairNode][] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const value = scalarText(item.value as YamlNode | null);
    if (value !== undefined) entries.push([String(item.key.value), value, item as PairNode]);
  }
  return entries;
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
