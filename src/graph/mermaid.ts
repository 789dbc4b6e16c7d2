// The graph as a Mermaid flowchart (renders in GitHub Markdown inside a ```mermaid block).
// Labels are quoted strings with Mermaid's entity codes for the characters its parser or the
// HTML label would take as syntax; lines are joined with <br/>.
import { edgeLines, nodeLines, drawingOf, type Graph } from "./graph.js";

const CLASSES = {
  error: "stroke:#d32f2f,stroke-width:2px,color:#b71c1c",
  missing: "stroke:#d32f2f,stroke-width:2px,stroke-dasharray:5 5,color:#b71c1c",
  warning: "stroke:#ef6c00,stroke-width:2px,color:#e65100",
  unverified: "stroke:#757575,stroke-dasharray:3 3,color:#616161",
} as const;
const LINK_STYLES = {
  error: "stroke:#d32f2f,stroke-width:2px,color:#b71c1c",
  warning: "stroke:#ef6c00,stroke-width:2px,color:#e65100",
  unverified: "stroke:#757575,color:#616161",
} as const;

/** `#`, `"`, `&`, `<`, `>` and backquotes as Mermaid entity codes (`#35;`); line breaks as `<br/>`. */
function escapeMermaid(lines: readonly string[]): string {
  return lines.map((line) => line.replace(/\r?\n|\r/g, " ").replace(/[#"&<>`]/g, (char) => `#${char.charCodeAt(0)};`)).join("<br/>");
}

export function renderMermaid(graph: Graph): string {
  const out = ["flowchart LR"];
  const classes = new Map<keyof typeof CLASSES, string[]>();
  for (const node of graph.nodes) {
    const label = `"${escapeMermaid(nodeLines(node))}"`;
    out.push(`  ${node.id}${node.kind === "volume" ? `[(${label})]` : `[${label}]`}`);
    const style = drawingOf(node);
    const name = node.presence === "missing" ? "missing" : style === "plain" ? undefined : style;
    if (name) classes.set(name, [...(classes.get(name) ?? []), node.id]);
  }
  const links = new Map<keyof typeof LINK_STYLES, number[]>();
  for (const [index, edge] of graph.edges.entries()) {
    const arrow = edge.presence === "present" ? "-->" : "-.->";
    const lines = edgeLines(edge);
    out.push(`  ${edge.from} ${arrow}${lines.length > 0 ? `|"${escapeMermaid(lines)}"|` : ""} ${edge.to}`);
    const style = drawingOf(edge);
    if (style !== "plain") links.set(style, [...(links.get(style) ?? []), index]);
  }
  for (const name of Object.keys(CLASSES) as (keyof typeof CLASSES)[]) {
    const ids = classes.get(name);
    if (ids) out.push(`  classDef ${name} ${CLASSES[name]}`, `  class ${ids.join(",")} ${name}`);
  }
  for (const name of Object.keys(LINK_STYLES) as (keyof typeof LINK_STYLES)[]) {
    const indexes = links.get(name);
    if (indexes) out.push(`  linkStyle ${indexes.join(",")} ${LINK_STYLES[name]}`);
  }
  return `${out.join("\n")}\n`;
}
