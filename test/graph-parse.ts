// Reads `nw-lint graph` output back into sets, so the tests can compare the Mermaid and the DOT
// of one graph: nodes (id, label lines, style) and edges (ends, label lines, dashed, style).
// Only the shapes of line the renderers write are recognised; any other line fails the parse.

export type Style = "error" | "warning" | "unverified" | "plain";

export interface ParsedNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly style: Style;
  readonly dashed: boolean;
}

export interface ParsedEdge {
  readonly from: string;
  readonly to: string;
  readonly lines: readonly string[];
  readonly style: Style;
  readonly dashed: boolean;
}

export interface ParsedGraph {
  readonly nodes: readonly ParsedNode[];
  readonly edges: readonly ParsedEdge[];
}

/** One string per node and per edge, for set comparison. */
export function keys(graph: ParsedGraph): { nodes: string[]; edges: string[] } {
  return {
    nodes: graph.nodes.map((node) => JSON.stringify([node.id, node.lines, node.style, node.dashed])).sort(),
    edges: graph.edges.map((edge) => JSON.stringify([edge.from, edge.to, edge.lines, edge.style, edge.dashed])).sort(),
  };
}

const MERMAID_COLORS: Readonly<Record<string, Style>> = { "#d32f2f": "error", "#ef6c00": "warning", "#757575": "unverified" };

export function parseMermaid(text: string): ParsedGraph {
  const [header, ...lines] = text.trimEnd().split("\n");
  if (header !== "flowchart LR") throw new Error(`not a Mermaid flowchart: ${header}`);
  const nodes: { id: string; lines: string[] }[] = [];
  const edges: { from: string; to: string; lines: string[]; dashed: boolean }[] = [];
  const nodeClasses = new Map<string, string>();
  const classStyles = new Map<string, string>();
  const linkStyles = new Map<number, string>();
  for (const line of lines) {
    let match: RegExpExecArray | null;
    if ((match = /^ {2}(\w+)(?:\["([^"]*)"\]|\[\("([^"]*)"\)\])$/.exec(line))) {
      nodes.push({ id: match[1]!, lines: mermaidText(match[2] ?? match[3]!) });
    } else if ((match = /^ {2}(\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? (\w+)$/.exec(line))) {
      edges.push({ from: match[1]!, to: match[4]!, lines: match[3] === undefined ? [] : mermaidText(match[3]), dashed: match[2] === "-.->" });
    } else if ((match = /^ {2}classDef (\w+) (.+)$/.exec(line))) {
      classStyles.set(match[1]!, match[2]!);
    } else if ((match = /^ {2}class ([\w,]+) (\w+)$/.exec(line))) {
      for (const id of match[1]!.split(",")) nodeClasses.set(id, match[2]!);
    } else if ((match = /^ {2}linkStyle ([\d,]+) (.+)$/.exec(line))) {
      for (const index of match[1]!.split(",")) linkStyles.set(Number(index), match[2]!);
    } else {
      throw new Error(`unexpected Mermaid line: ${line}`);
    }
  }
  const styleOf = (css: string | undefined): Style => MERMAID_COLORS[/stroke:(#[0-9a-f]{6})/.exec(css ?? "")?.[1] ?? ""] ?? "plain";
  return {
    nodes: nodes.map((node) => {
      const css = classStyles.get(nodeClasses.get(node.id) ?? "");
      return { ...node, style: styleOf(css), dashed: css?.includes("stroke-dasharray") ?? false };
    }),
    edges: edges.map((edge, index) => ({ ...edge, style: styleOf(linkStyles.get(index)) })),
  };
}

function mermaidText(label: string): string[] {
  return label.split("<br/>").map((line) => line.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))));
}

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;

export function parseDot(text: string): ParsedGraph {
  const lines = text.trimEnd().split("\n");
  if (lines[0] !== 'digraph "nw-lint" {' || lines.at(-1) !== "}") throw new Error("not an nw-lint DOT digraph");
  const nodes: ParsedNode[] = [];
  const edges: ParsedEdge[] = [];
  for (const line of lines.slice(1, -1)) {
    let match: RegExpExecArray | null;
    if (line === "  rankdir=LR;" || line === '  node [shape=box, style="rounded"];') continue;
    if ((match = new RegExp(`^ {2}(${QUOTED}) -> (${QUOTED})(?: \\[(.*)\\])?;$`).exec(line))) {
      const attributes = dotAttributes(match[3] ?? "");
      edges.push({ from: dotText(match[1]!)[0]!, to: dotText(match[2]!)[0]!, lines: attributes.get("label")?.split("\n") ?? [], ...dotStyle(attributes) });
    } else if ((match = new RegExp(`^ {2}(${QUOTED}) \\[(.*)\\];$`).exec(line))) {
      const attributes = dotAttributes(match[2]!);
      nodes.push({ id: dotText(match[1]!)[0]!, lines: attributes.get("label")!.split("\n"), ...dotStyle(attributes) });
    } else {
      throw new Error(`unexpected DOT line: ${line}`);
    }
  }
  return { nodes, edges };
}

function dotAttributes(list: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of list.matchAll(new RegExp(`(\\w+)=(${QUOTED}|[^,\\s]+)`, "g"))) {
    attributes.set(match[1]!, match[2]!.startsWith('"') ? dotText(match[2]!).join("\n") : match[2]!);
  }
  return attributes;
}

/** A DOT quoted string's lines: `\n` breaks a line, `\x` is x, `&amp;` is `&` (the only entity the renderer writes). */
function dotText(quoted: string): string[] {
  const lines = [""];
  const body = quoted.slice(1, -1);
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== "\\") lines[lines.length - 1] += char;
    else if (body[++index] === "n") lines.push("");
    else lines[lines.length - 1] += body[index]!;
  }
  return lines.map((line) => line.replaceAll("&amp;", "&"));
}

function dotStyle(attributes: ReadonlyMap<string, string>): { style: Style; dashed: boolean } {
  return { style: MERMAID_COLORS[attributes.get("color") ?? ""] ?? "plain", dashed: attributes.get("style")?.includes("dashed") ?? false };
}
