// The graph in Graphviz's DOT language (`nw-lint graph --format dot | dot -Tsvg > graph.svg`).
// Ids and labels are double-quoted strings; lines are joined with `\n`.
import { edgeLines, nodeLines, drawingOf, type Graph, type GraphEdge, type GraphNode } from "./graph.js";

const COLORS = { error: "#d32f2f", warning: "#ef6c00", unverified: "#757575" } as const;

/**
 * A DOT quoted string: backslashes and quotes escaped (so `\l`, `\N` are not label escapes), `&`
 * as `&amp;` (Graphviz reads HTML entities in every string), lines joined with `\n`.
 */
function quoteDot(lines: readonly string[]): string {
  const escaped = lines.map((line) => line.replace(/\r?\n|\r/g, " ").replace(/[\\"]/g, (char) => `\\${char}`).replaceAll("&", "&amp;"));
  return `"${escaped.join("\\n")}"`;
}

export function renderDot(graph: Graph): string {
  const out = [
    'digraph "nw-lint" {',
    "  rankdir=LR;",
    '  node [shape=box, style="rounded"];',
  ];
  for (const node of graph.nodes) out.push(`  ${quoteDot([node.id])} [${nodeAttributes(node).join(", ")}];`);
  for (const edge of graph.edges) {
    const attributes = edgeAttributes(edge);
    out.push(`  ${quoteDot([edge.from])} -> ${quoteDot([edge.to])}${attributes.length > 0 ? ` [${attributes.join(", ")}]` : ""};`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

function nodeAttributes(node: GraphNode): string[] {
  const style = drawingOf(node);
  const dashed = node.presence !== "present";
  const attributes = [`label=${quoteDot(nodeLines(node))}`];
  if (node.kind === "volume") attributes.push("shape=cylinder", `style=${dashed ? "dashed" : "solid"}`);
  else if (dashed) attributes.push('style="rounded,dashed"');
  if (style !== "plain") attributes.push(`color="${COLORS[style]}"`, `fontcolor="${COLORS[style]}"`);
  if (style === "error" || style === "warning") attributes.push("penwidth=2");
  return attributes;
}

function edgeAttributes(edge: GraphEdge): string[] {
  const style = drawingOf(edge);
  const lines = edgeLines(edge);
  const attributes = lines.length > 0 ? [`label=${quoteDot(lines)}`] : [];
  if (edge.presence !== "present") attributes.push("style=dashed");
  if (style !== "plain") attributes.push(`color="${COLORS[style]}"`, `fontcolor="${COLORS[style]}"`);
  if (style === "error" || style === "warning") attributes.push("penwidth=2");
  return attributes;
}
