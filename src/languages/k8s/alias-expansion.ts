// How far a document's aliases expand, counted as go-yaml v2 counts it: kubectl reads manifests
// with it, and it refuses an "alias bomb" by the share of decoded nodes that aliases produce.
import { isAlias, isCollection, isNode, isPair, type Alias, type Node } from "yaml";

/** Expansions past this are a bomb whatever else the document holds; counting stops there, short of overflow. */
const COUNT_CEILING = 2 ** 50;

/**
 * The alias at which go-yaml v2 gives up on the document ("document contains excessive
 * aliasing", decode.go): it counts every node it decodes, each alias's node again for every
 * alias of it, and refuses once more than 100 came from aliases, more than 1,000 in all, and
 * their share passes allowedAliasRatio (99% up to 400,000 decodes). `nodes` are the document's
 * nodes in source order, the order go-yaml decodes them in.
 */
export function excessiveAliasing(nodes: readonly Node[], targets: ReadonlyMap<Alias, Node | undefined>): Alias | undefined {
  if (targets.size === 0) return undefined;
  const sizes = decodedSizes(targets);
  let decoded = 1; // the document
  let fromAliases = 0;
  let lastAlias: Alias | undefined;
  for (const node of nodes) {
    decoded += 1;
    if (isAlias(node)) {
      lastAlias = node;
      const target = targets.get(node);
      const expansion = target ? sizes.get(target)! : 0;
      decoded += expansion;
      fromAliases += expansion;
    }
    if (fromAliases > 100 && decoded > 1000 && fromAliases / decoded > allowedAliasRatio(decoded)) return lastAlias;
  }
  return undefined;
}

/** decode.go's allowedAliasRatio: 99% for documents of up to 400,000 decodes, falling to 10% at 4,000,000. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (decoded - 400_000)) / 3_600_000;
}

/**
 * How many nodes go-yaml decodes for each aliased node: itself, what it holds, and through each
 * alias inside it that alias's node again. Found without recursion (documents nest deeply); an
 * alias inside its own anchor's node counts once, as a node.
 */
function decodedSizes(targets: ReadonlyMap<Alias, Node | undefined>): Map<Node, number> {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  for (const target of targets.values()) {
    if (!target || sizes.has(target)) continue;
    const pending: { node: Node; opened: boolean }[] = [{ node: target, opened: false }];
    while (pending.length > 0) {
      const top = pending[pending.length - 1]!;
      if (sizes.has(top.node)) {
        pending.pop();
      } else if (!top.opened) {
        top.opened = true;
        open.add(top.node);
        for (const child of decodedChildren(top.node, targets)) if (!sizes.has(child) && !open.has(child)) pending.push({ node: child, opened: false });
      } else {
        pending.pop();
        open.delete(top.node);
        const size = decodedChildren(top.node, targets).reduce((sum, child) => sum + (sizes.get(child) ?? 1), 1);
        sizes.set(top.node, Math.min(size, COUNT_CEILING));
      }
    }
  }
  return sizes;
}

/** What decoding a node decodes next: a collection's keys and values, an alias's anchored node. */
function decodedChildren(node: Node, targets: ReadonlyMap<Alias, Node | undefined>): Node[] {
  if (isAlias(node)) {
    const target = targets.get(node);
    return target ? [target] : [];
  }
  if (!isCollection(node)) return [];
  return node.items.flatMap((item) => (isPair(item) ? [item.key, item.value] : [item])).filter(isNode);
}
