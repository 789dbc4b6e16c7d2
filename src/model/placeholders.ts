// Unfilled placeholders in manifests: `<uid>`, `<PUT … HERE>`, `${VAR}` outside a shell command,
// `{{ … }}` left by a template. k8s/placeholder reports them once per file; the engine keeps the
// other rules from judging a placeholder as if it were the value (no schema error for `<uid>`).
import { basename } from "node:path";
import { isMap, isScalar, isSeq, Scalar } from "yaml";
import type { SourceFile } from "../engine/types.js";
import { nodeRange, seqItems, stringValue, valueOf, type MapNode, type YamlNode } from "../languages/k8s/nodes.js";
import { SHELLS } from "../languages/shell/words.js";
import type { K8sObject } from "./k8s.js";

export interface Placeholder {
  readonly file: SourceFile;
  /** The placeholder as written, e.g. `<uid>`. */
  readonly text: string;
  /** Offsets of the placeholder itself. */
  readonly at: readonly [number, number];
  /** The key and value (or the list item) holding it: what other rules would misread. */
  readonly covers: readonly [number, number];
}

/** `<word …>` not glued to a word (`List<String>`), `${VAR}` (with `:-default`), `{{ … }}`. */
const ANGLE = /(?<![\w<])<(?![/!])[A-Za-z][\w .…:/-]*(?<! )>/;
const DOLLAR = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}/;
const BRACES = /\{\{.*?\}\}/;
const SHELL_LISTS = new Set(["command", "args"]);

/** The placeholder in a single-line value, if any; a shell expands `${VAR}` itself. */
export function placeholderIn(text: string, inShell = false): string | undefined {
  // Most values hold none of the three; testing for their first characters is much faster than the patterns.
  if (!text.includes("<") && !text.includes("${") && !text.includes("{{")) return undefined;
  const markup = text.includes("</") || text.includes("/>");
  for (const pattern of [markup ? undefined : ANGLE, inShell ? undefined : DOLLAR, BRACES]) {
    const match = pattern?.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

export function findPlaceholders(object: K8sObject): Placeholder[] {
  const found: Placeholder[] = [];
  visit(object.file, object.node, nodeRange(object.node), false, found);
  return found;
}

function visit(file: SourceFile, node: YamlNode | null, covers: readonly [number, number], inShell: boolean, found: Placeholder[]): void {
  if (isMap(node)) {
    const shellCommand = runsShell(node as MapNode);
    for (const pair of (node as MapNode).items) {
      if (!pair.value) continue;
      const key = String(pair.key?.value);
      visit(file, pair.value, nodeRange(pair), inShell || (shellCommand && SHELL_LISTS.has(key)), found);
    }
  } else if (isSeq(node)) {
    for (const item of seqItems(node)) visit(file, item, nodeRange(item), inShell, found);
  } else if (isScalar(node) && typeof node.value === "string" && !isBlock(node)) {
    const text = placeholderIn(node.value, inShell);
    if (text) found.push({ file, text, at: placeholderRange(file, node, text), covers });
  }
}

/** Multi-line block scalars hold scripts and config files, where `<…>` and `${…}` mean other things. */
function isBlock(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

/** A container or exec probe whose command (or, without one, args) starts a shell. */
function runsShell(map: MapNode): boolean {
  const [program] = seqItems(valueOf(map, "command") ?? valueOf(map, "args"));
  const name = stringValue(program);
  return name !== undefined && SHELLS.has(basename(name));
}

function placeholderRange(file: SourceFile, node: Scalar, text: string): [number, number] {
  const [start, end] = nodeRange(node);
  const offset = file.text.slice(start, end).indexOf(text);
  return offset === -1 ? [start, end] : [start + offset, start + offset + text.length];
}
