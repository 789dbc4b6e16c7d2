// Unfilled placeholders in manifests: `<uid>`, `<PUT … HERE>`, `${VAR}` outside a shell command,
// `{{ … }}` left by a template. k8s/placeholder reports them once per file; the engine keeps the
// other rules from judging a placeholder as if it were the value (no schema error for `<uid>`).
import { basename } from "node:path";
import { isMap, isScalar, isSeq, Scalar } from "yaml";
import type { SourceFile } from "../engine/types.js";
import { nodeRange, seqItems, stringValue, valueOf, type MapNode, type PairNode, type YamlNode } from "../languages/k8s/nodes.js";
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
const ANGLE = /(?<![\w<])<(?![/!])[A-Za-z][\w .\u2026:/-]*(?<! )>/;
const DOLLAR = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}/;
const BRACES = /\{\{.*?\}\}/;
const SHELL_LISTS = new Set(["command", "args"]);

/** The placeholder in a single-line value, if any; a shell expands `${VAR}` itself. */
export function placeholderIn(text: string, inShell = false): string | undefined {
  // Most values hold none of the three; testing for their first characters is much faster than the patterns.
  if (!hasPlaceholderStart(text)) return undefined;
  const markup = text.includes("</") || text.includes("/>");
  for (const pattern of [markup ? undefined : ANGLE, inShell ? undefined : DOLLAR, BRACES]) {
    const match = pattern?.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

/** The unfilled placeholders of the objects, in their order. */
export function findPlaceholders(objects: readonly K8sObject[]): Placeholder[] {
  // Each file's text is looked at once, however many objects it holds (a List of thousands).
  const candidates = new Map<SourceFile, boolean>();
  const found: Placeholder[] = [];
  for (const { file, node } of objects) {
    let candidate = candidates.get(file);
    if (candidate === undefined) candidates.set(file, (candidate = mayHoldPlaceholder(file.text)));
    if (candidate) visit(file, node, node, false, found);
  }
  return found;
}

/**
 * Whether any scalar of the file may hold a placeholder: its text has the characters one starts
 * with, or a backslash (a double-quoted escape such as `\x3c` writes `<`). Line folding joins
 * lines with a space or a line break, so it cannot make `${` or `{{` of `$` and `{` on two lines.
 */
function mayHoldPlaceholder(text: string): boolean {
  return hasPlaceholderStart(text) || text.includes("\\");
}

/** The text has what each kind of placeholder starts with. */
function hasPlaceholderStart(text: string): boolean {
  return text.includes("<") || text.includes("${") || text.includes("{{");
}

/** `holder` is the pair or list item holding `node`: its range, taken only for a placeholder found, is what the placeholder covers. */
function visit(file: SourceFile, node: YamlNode | null, holder: YamlNode | PairNode, inShell: boolean, found: Placeholder[]): void {
  if (isMap(node)) {
    for (const pair of (node as MapNode).items) {
      if (!pair.value) continue;
      const key = String(pair.key?.value);
      visit(file, pair.value, pair, inShell || (SHELL_LISTS.has(key) && runsShell(node as MapNode)), found);
    }
  } else if (isSeq(node)) {
    for (const item of seqItems(node)) visit(file, item, item, inShell, found);
  } else if (isScalar(node) && typeof node.value === "string" && !isBlock(node)) {
    const text = placeholderIn(node.value, inShell);
    if (text) found.push({ file, text, at: placeholderRange(file, node, text), covers: nodeRange(holder) });
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
