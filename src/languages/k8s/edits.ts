// Minimal text edits on YAML source, for fixes. Nothing here re-serialises a document: an edit
// inserts, replaces or deletes a few characters or whole lines, in the file's own indentation,
// flow or block style and line ending, so comments and layout around it survive. A file that is
// JSON (`kubectl get -o json`) stays JSON: kubectl reads a stream that starts with `{` as strict
// JSON, so text inserted there is JSON, laid out like the collection it goes into.
import { isMap, isPair, isScalar, isSeq, visit } from "yaml";
import { deleteLines, insertLines, lineBreak, lineEndAfter, lineStartOf } from "../../engine/line-edits.js";
import { positionAt } from "../../engine/source.js";
import type { SourceFile, TextEdit } from "../../engine/types.js";
import { aliasLinksOutside, asMap, isAliased, pairOf, type MapNode, type PairNode, type SeqNode, type YamlNode } from "./nodes.js";

/** A value to write: what the fix means, rendered in the style of the place it goes. */
export type PlainValue = string | number | boolean | readonly PlainValue[] | { readonly [key: string]: PlainValue };

/** How a document writes its YAML, so that inserted text looks like the rest of it. */
export interface YamlStyle {
  /** Spaces from a key to the keys of the block mapping under it. */
  readonly indent: number;
  /** `flow` for `[a, b]`; otherwise the spaces from a key to the `-` of its block sequence. */
  readonly sequences: "flow" | number;
}

/** A mapping entry to insert, rendered for the mapping it goes into. */
export interface Entry {
  readonly key: string;
  /** The entry in block style, one string per line, from column 0; undefined if it has none. */
  blockLines(style: YamlStyle): string[] | undefined;
  /** The entry on one line in flow style; undefined if it cannot be written so. */
  flowText(): string | undefined;
  /** The entry in JSON, one string per line, from the key's column; undefined if it cannot be written so. */
  jsonLines(layout: JsonLayout): string[] | undefined;
}

/** How JSON is written where text goes. */
export interface JsonLayout {
  /** One level's indentation where values break lines; undefined where they stay on one line. */
  readonly indent: string | undefined;
  /** `"a": 1, "b": 2` on one line, rather than `"a":1,"b":2`. */
  readonly spaced: boolean;
}

/** How a JSON file writes its JSON. */
interface JsonStyle extends JsonLayout {
  readonly indent: string;
  /** Its top-level object breaks lines, so an empty collection filled in gets its items on their own lines. */
  readonly breaksLines: boolean;
}

/**
 * The style of the document under `root`: the indentation of its first nested block mapping, and
 * how most of its lists of scalars are written (flow, or block with the first one's dash offset).
 */
export function styleOf(file: SourceFile, root: YamlNode): YamlStyle {
  let style = styles.get(root);
  if (!style) {
    // Worked out on first use, once per document: most findings' fixes never render a line.
    let found: YamlStyle | undefined;
    const get = () => (found ??= documentStyle(file, root));
    style = {
      get indent() {
        return get().indent;
      },
      get sequences() {
        return get().sequences;
      },
    };
    styles.set(root, style);
  }
  return style;
}

const styles = new WeakMap<YamlNode, YamlStyle>();

function documentStyle(file: SourceFile, root: YamlNode): YamlStyle {
  let indent: number | undefined;
  let flowLists = 0;
  const blockOffsets: number[] = [];
  visit(root, {
    Pair(_, pair) {
      const key = pair.key as YamlNode | null;
      if (!key?.range || !pair.value) return;
      if (indent === undefined && isMap(pair.value) && !pair.value.flow && pair.value.items.length > 0) {
        const childKey = pair.value.items[0]!.key as YamlNode;
        const step = columnOf(file, childKey.range![0]) - columnOf(file, key.range[0]);
        if (step > 0) indent = step;
      }
      if (isSeq(pair.value) && pair.value.items.length > 0 && pair.value.items.every(isScalar)) {
        if (pair.value.flow) flowLists += 1;
        else blockOffsets.push(dashColumn(file, pair.value as SeqNode) - columnOf(file, key.range[0]));
      }
    },
  });
  return { indent: indent ?? 2, sequences: blockOffsets.length > flowLists ? blockOffsets[0]! : "flow" };
}

/** Whether the file is one JSON object or array: its fixes must keep it JSON. */
export function isJsonFile(file: SourceFile): boolean {
  return jsonStyleOf(file) !== undefined;
}

/** How the file writes its JSON, worked out once per file text; undefined when it is not JSON. */
function jsonStyleOf(file: SourceFile): JsonStyle | undefined {
  let style = jsonStyles.get(file);
  if (style === undefined) {
    style = parsesAsJsonCollection(file.text) ? jsonStyleOfText(file.text) : null;
    jsonStyles.set(file, style);
  }
  return style ?? undefined;
}

const jsonStyles = new WeakMap<SourceFile, JsonStyle | null>();

function parsesAsJsonCollection(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The indentation of its first indented line, and whether a blank follows its first key's colon. */
function jsonStyleOfText(text: string): JsonStyle {
  return {
    indent: /[\r\n]([ \t]+)\S/.exec(text)?.[1] ?? "  ",
    spaced: /^\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s/.test(text),
    breaksLines: /[\r\n]/.test(text.trim()),
  };
}

/** An entry holding a plain value. */
export function entry(key: string, value: PlainValue): Entry {
  if (isObject(value)) return mapEntry(key, Object.entries(value).map(([child, childValue]) => entry(child, childValue)));
  return {
    key,
    blockLines: (style) => {
      if (!Array.isArray(value) || value.length === 0 || style.sequences === "flow") return [`${key}: ${flow(value)}`];
      const dash = " ".repeat(Math.max(0, style.sequences));
      return [`${key}:`, ...value.map((item: PlainValue) => `${dash}- ${flow(item)}`)];
    },
    flowText: () => `${key}: ${flow(value)}`,
    jsonLines: (layout) => `${jsonKey(key, layout)}${jsonText(value, layout)}`.split("\n"),
  };
}

/** An entry whose value is a mapping of `children`. */
function mapEntry(key: string, children: readonly Entry[]): Entry {
  return {
    key,
    blockLines: (style) => {
      const lines = children.map((child) => child.blockLines(style));
      if (lines.some((child) => child === undefined)) return undefined;
      return [`${key}:`, ...lines.flatMap((child) => child!).map((line) => `${" ".repeat(style.indent)}${line}`)];
    },
    flowText: () => {
      const texts = children.map((child) => child.flowText());
      return texts.some((text) => text === undefined) ? undefined : `${key}: {${texts.join(", ")}}`;
    },
    jsonLines: (layout) => {
      const lines = children.map((child) => child.jsonLines(layout));
      if (lines.some((child) => child === undefined)) return undefined;
      const value = jsonCollection("{}", lines as string[][], layout);
      return value && [`${jsonKey(key, layout)}${value[0]}`, ...value.slice(1)];
    },
  };
}

/** An existing entry, as written (comments included), to insert elsewhere: the other half of a move. */
export function movedEntry(file: SourceFile, map: MapNode, pair: PairNode): Entry {
  const key = String(pair.key.value);
  const keyNode = pair.key as YamlNode;
  const value = pair.value;
  const singleLine = (): string | undefined => {
    if (!value || (isScalar(value) && value.value === null)) return undefined;
    const flowCollection = (isMap(value) || isSeq(value)) && value.flow;
    if (!isScalar(value) && !flowCollection) return undefined;
    // From after the colon, so that an anchor or tag written before the value (`&uid 61000`) moves with it.
    const written = /^\s*:\s*([^]*)$/.exec(file.text.slice(keyNode.range![1], value.range![1]))?.[1];
    return written === undefined || /[\r\n]/.test(written) ? undefined : `${file.text.slice(keyNode.range![0], keyNode.range![1])}: ${written}`;
  };
  return {
    key,
    blockLines: () => {
      if (map.flow) {
        const line = singleLine();
        return line === undefined ? undefined : [line];
      }
      const lines = entryLines(file, map, pair);
      if (!lines) return undefined;
      const column = columnOf(file, keyNode.range![0]);
      const written = file.text.slice(lines.start, lines.end).split(/\r\n|\r|\n/);
      if (written[written.length - 1] === "") written.pop();
      // Every line must start with the key's indentation, so that re-indenting keeps the structure.
      if (written.some((line) => line.slice(0, column).trim() !== "")) return undefined;
      return written.map((line) => line.slice(column));
    },
    // Written into a flow mapping, the entry would lose the comment on its line: no such move.
    flowText: () => {
      const lines = entryLines(file, map, pair);
      const valueEnd = value?.range?.[1] ?? keyNode.range![1];
      return lines && file.text.slice(valueEnd, lines.end).includes("#") ? undefined : singleLine();
    },
    // The value as written; the lines after its first keep their indentation relative to the key.
    jsonLines: (layout) => {
      if (!value) return undefined;
      const [first, ...rest] = file.text.slice(value.range![0], value.range![1]).split(/\r\n|\r|\n/);
      const keyIndent = file.text.slice(lineStartOf(file, keyNode.range![0]), keyNode.range![0]);
      if (rest.length > 0 && (layout.indent === undefined || keyIndent.trim() !== "" || rest.some((line) => !line.startsWith(keyIndent)))) return undefined;
      return [`${jsonKey(key, layout)}${first}`, ...rest.map((line) => line.slice(keyIndent.length))];
    },
  };
}

/**
 * Adds `entries` to the mapping found by following `path` from `map`, creating the mappings on
 * the path that are missing (or empty). Undefined when something on the path is not a mapping,
 * the mapping already has one of the keys, or the entries cannot be written in its style.
 */
export function insertEntries(file: SourceFile, map: MapNode, path: readonly string[], entries: readonly Entry[], style: YamlStyle): TextEdit | undefined {
  let current = map;
  // A mapping an alias stands for (`securityContext: &sc`, then `*sc` in another container) would change there too.
  if (isAliased(current)) return undefined;
  for (const [index, key] of path.entries()) {
    const pair = pairOf(current, key);
    if (!pair) return appendEntries(file, current, [nestedEntry(path.slice(index), entries)], style);
    const rest = path.slice(index + 1);
    if (isEmpty(pair.value)) return fillEmptyValue(file, current, pair, rest.length > 0 ? [nestedEntry(rest, entries)] : entries, style);
    const next = asMap(pair.value);
    if (!next || isAliased(next)) return undefined;
    current = next;
  }
  return appendEntries(file, current, entries, style);
}

/**
 * Removes an entry from its mapping: its whole lines in block style (comments before it stay), its
 * text and comma in flow style. Undefined when an alias elsewhere stands for an anchor in it,
 * unless the entry is moved (`movedTo`, where it is written again) to before every such alias;
 * and when moved, when an alias in it would come before its anchor.
 */
export function deleteEntry(file: SourceFile, map: MapNode, pair: PairNode, movedTo?: number): TextEdit | undefined {
  const links = aliasLinksOutside(pair);
  if (links.aliases.some((alias) => movedTo === undefined || alias <= movedTo)) return undefined;
  if (movedTo !== undefined && links.anchors.some((anchor) => anchor >= movedTo)) return undefined;
  const index = map.items.indexOf(pair);
  if (map.flow) return deleteFlowItems(file, map, map.items.map(itemRange), index, index);
  const lines = entryLines(file, map, pair);
  return lines && deleteLines(file, lines.start, lines.end);
}

/**
 * Appends a scalar to a sequence, quoted like the last item: `[a, b]` becomes `[a, b, c]`;
 * a block sequence gets a `- c` line like its others. Undefined for a sequence an alias stands
 * for, which would grow there too.
 */
export function appendItem(file: SourceFile, seq: SeqNode, item: string | number | boolean): TextEdit | undefined {
  if (isAliased(seq)) return undefined;
  const items = seq.items.filter((node): node is YamlNode => node !== null);
  const last = items[items.length - 1];
  const json = jsonStyleOf(file);
  if (json) return appendJsonItems(file, seq, () => [[JSON.stringify(item)]], json);
  const text = last ? scalarLike(last, item) : flow(item);
  if (seq.flow) {
    const at = last ? last.range![1] : seq.range![0] + 1;
    return { file, start: at, end: at, text: last ? `, ${text}` : text };
  }
  if (!last) return undefined;
  const dash = dashPrefix(file, items[0]!);
  if (dash === undefined) return undefined;
  return insertLines(file, lineEndAfter(file, last.range![1]), [`${dash}${text}`]);
}

/** Removes items from a sequence: each one's own line in block style, the items and their commas in flow style. */
export function deleteItems(file: SourceFile, seq: SeqNode, doomed: readonly YamlNode[]): TextEdit[] | undefined {
  const items = seq.items.filter((node): node is YamlNode => node !== null);
  const indexes = doomed.map((node) => items.indexOf(node)).sort((a, b) => a - b);
  if (indexes.some((index) => index < 0) || doomed.some((node) => aliasLinksOutside(node).aliases.length > 0)) return undefined;
  if (seq.flow) {
    const runs = consecutiveRuns(indexes);
    const edits = runs.map(([first, last]) => deleteFlowItems(file, seq, items.map(itemRange), first, last));
    return edits.every((edit) => edit !== undefined) ? (edits as TextEdit[]) : undefined;
  }
  const lines = indexes.map((index) => items[index]!);
  return lines.every((item) => dashPrefix(file, item) !== undefined) ? lines.map((item) => deleteLines(file, item.range![0], item.range![1])) : undefined;
}

/**
 * Gives a scalar a new value, written with the same quotes, leaving what surrounds it. Undefined
 * for a scalar an alias stands for, whose other uses would change with it.
 */
export function replaceScalar(file: SourceFile, node: YamlNode, value: string | number | boolean): TextEdit | undefined {
  if (aliasLinksOutside(node).aliases.length > 0) return undefined;
  const text = jsonStyleOf(file) ? JSON.stringify(value) : scalarLike(node, value);
  return { file, start: node.range![0], end: contentEnd(file, node), text };
}

/**
 * Gives an entry whose value is a scalar or empty a list of scalars: `drop: ALL` or an empty
 * `drop:` becomes `drop: [ALL]`; in JSON, `"drop": null` becomes `"drop": ["ALL"]` in the file's layout.
 * A block scalar (`|`, `>`) is replaced up to the end of its text, leaving the line break that ends it.
 */
export function replaceValue(file: SourceFile, pair: PairNode, value: readonly (string | number | boolean)[]): TextEdit | undefined {
  const node = pair.value as YamlNode | null;
  const json = jsonStyleOf(file);
  if (json) return node?.range && isScalar(node) ? replaceWithJsonCollection(file, node.range[0], node.range[1], "[]", () => value.map((item) => [JSON.stringify(item)]), json) : undefined;
  const text = flow(value);
  if (node?.range && node.range[1] > node.range[0]) return isScalar(node) ? { file, start: node.range[0], end: contentEnd(file, node), text } : undefined;
  const colon = file.text.indexOf(":", (pair.key as YamlNode).range![1]);
  return colon < 0 ? undefined : { file, start: colon + 1, end: colon + 1, text: ` ${text}` };
}

/** Where a node's text ends: a block scalar's range runs on over the line breaks after it. */
function contentEnd(file: SourceFile, node: YamlNode): number {
  const [start, end] = node.range!;
  return start + file.text.slice(start, end).trimEnd().length;
}

/** `a: {b: {…entries}}` for the path `[a, b]`. */
function nestedEntry(path: readonly string[], entries: readonly Entry[]): Entry {
  const [key, ...rest] = path;
  return mapEntry(key!, rest.length > 0 ? [nestedEntry(rest, entries)] : entries);
}

function appendEntries(file: SourceFile, map: MapNode, entries: readonly Entry[], style: YamlStyle): TextEdit | undefined {
  if (entries.some((added) => pairOf(map, added.key))) return undefined;
  const json = jsonStyleOf(file);
  if (json) return appendJsonItems(file, map, (layout) => jsonEntries(entries, layout), json);
  if (map.flow) {
    const texts = entries.map((added) => added.flowText());
    if (texts.some((text) => text === undefined)) return undefined;
    const last = map.items[map.items.length - 1];
    const at = last ? itemRange(last)[1] : map.range![0] + 1;
    return { file, start: at, end: at, text: `${last ? ", " : ""}${texts.join(", ")}` };
  }
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (!first || !last) return undefined;
  const lines = blockLinesOf(entries, style);
  if (!lines) return undefined;
  const indent = " ".repeat(columnOf(file, itemRange(first)[0]));
  return insertLines(file, lineEndAfter(file, itemRange(last)[1]), lines.map((line) => `${indent}${line}`));
}

/** `key:` with nothing after it becomes a block mapping of `entries`, indented one step under the key. */
function fillEmptyValue(file: SourceFile, map: MapNode, pair: PairNode, entries: readonly Entry[], style: YamlStyle): TextEdit | undefined {
  const value = pair.value as YamlNode | null;
  const json = jsonStyleOf(file);
  if (json && value) return replaceWithJsonCollection(file, value.range![0], value.range![1], "{}", (layout) => jsonEntries(entries, layout), json);
  if (map.flow || (value && value.range![1] > value.range![0])) return undefined;
  const lines = blockLinesOf(entries, style);
  if (!lines) return undefined;
  const key = pair.key as YamlNode;
  const indent = " ".repeat(columnOf(file, key.range![0]) + style.indent);
  return insertLines(file, lineEndAfter(file, key.range![1]), lines.map((line) => `${indent}${line}`));
}

function blockLinesOf(entries: readonly Entry[], style: YamlStyle): string[] | undefined {
  const lines = entries.map((added) => added.blockLines(style));
  return lines.some((part) => part === undefined) ? undefined : lines.flatMap((part) => part!);
}

/**
 * Adds items, rendered by `render` for the layout they get, at the end of a JSON object or array:
 * on lines of their own, at its items' indentation, where its items have lines of their own; on
 * the same line otherwise. An empty collection is written anew, its items on their own lines
 * when the file's top-level object breaks lines.
 */
function appendJsonItems(file: SourceFile, collection: MapNode | SeqNode, render: (layout: JsonLayout) => string[][] | undefined, json: JsonStyle): TextEdit | undefined {
  const first = collection.items[0];
  const last = collection.items[collection.items.length - 1];
  const [start, end] = collection.range!;
  if (!first || !last) return replaceWithJsonCollection(file, start, end, isMap(collection) ? "{}" : "[]", render, json);
  const firstStart = itemRange(first)[0];
  const breaksLines = /[\r\n]/.test(file.text.slice(start, firstStart));
  const items = render({ indent: breaksLines ? json.indent : undefined, spaced: json.spaced });
  if (!items) return undefined;
  const eol = lineBreak(file);
  const pad = file.text.slice(lineStartOf(file, firstStart), firstStart);
  const separator = breaksLines ? `,${eol}${pad}` : jsonSeparator(json);
  const at = itemRange(last)[1];
  return { file, start: at, end: at, text: items.map((lines) => `${separator}${lines.join(`${eol}${pad}`)}`).join("") };
}

/** Replaces [start, end) with a JSON object or array of the items `render` gives, at the indentation of the line it starts on. */
function replaceWithJsonCollection(file: SourceFile, start: number, end: number, brackets: "{}" | "[]", render: (layout: JsonLayout) => string[][] | undefined, json: JsonStyle): TextEdit | undefined {
  const layout = { indent: json.breaksLines ? json.indent : undefined, spaced: json.spaced };
  const items = render(layout);
  const lines = items && jsonCollection(brackets, items, layout);
  if (!lines) return undefined;
  const pad = /^[ \t]*/.exec(file.text.slice(lineStartOf(file, start), start))![0];
  return { file, start, end, text: lines.join(`${lineBreak(file)}${pad}`) };
}

function jsonEntries(entries: readonly Entry[], layout: JsonLayout): string[][] | undefined {
  const lines = entries.map((added) => added.jsonLines(layout));
  return lines.some((part) => part === undefined) ? undefined : (lines as string[][]);
}

/** `{…}` or `[…]` of `items` (each as lines), on one line or with each item on lines of its own; undefined when an item that must fit on one line does not. */
function jsonCollection(brackets: "{}" | "[]", items: readonly string[][], layout: JsonLayout): string[] | undefined {
  const [open, close] = [brackets[0]!, brackets[1]!];
  const indent = layout.indent;
  if (indent === undefined) {
    return items.every((lines) => lines.length === 1) ? [`${open}${items.map(([line]) => line).join(jsonSeparator(layout))}${close}`] : undefined;
  }
  const body = items.flatMap((lines, index) => lines.map((line, at) => `${indent}${line}${at === lines.length - 1 && index < items.length - 1 ? "," : ""}`));
  return [open, ...body, close];
}

/** The lines of a block mapping entry, from the start of its key's line to the end of its value; undefined unless the key begins its line. */
function entryLines(file: SourceFile, map: MapNode, pair: PairNode): { start: number; end: number } | undefined {
  const [start, end] = itemRange(pair);
  const lineStart = lineStartOf(file, start);
  if (map.flow || file.text.slice(lineStart, start).trim() !== "") return undefined;
  return { start: lineStart, end: lineEndAfter(file, end) };
}

function deleteFlowItems(file: SourceFile, collection: MapNode | SeqNode, ranges: readonly (readonly [number, number])[], first: number, last: number): TextEdit | undefined {
  const next = ranges[last + 1];
  const previous = ranges[first - 1];
  if (next) return { file, start: ranges[first]![0], end: next[0], text: "" };
  if (previous) return { file, start: previous[1], end: ranges[last]![1], text: "" };
  // The last items go: the brackets close up (`[]`, not a blank line between them), unless a
  // comment sits there; then the items go with a trailing comma.
  const [open, end] = collection.range!;
  const start = ranges[first]![0];
  const after = file.text.slice(ranges[last]![1], end - 1);
  if (file.text.slice(open + 1, start).trim() === "" && after.trim() === "") return { file, start: open + 1, end: end - 1, text: "" };
  return { file, start, end: ranges[last]![1] + (/^\s*,/.exec(after)?.[0].length ?? 0), text: "" };
}

function consecutiveRuns(sorted: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of sorted) {
    const run = runs[runs.length - 1];
    if (run && index === run[1] + 1) run[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/** [start, end) of a mapping entry or sequence item, without trailing comments. */
function itemRange(item: unknown): [number, number] {
  if (isPair(item)) {
    const key = item.key as YamlNode;
    const value = item.value as YamlNode | null;
    return [key.range![0], value && value.range![1] > value.range![0] ? value.range![1] : key.range![1]];
  }
  const node = item as YamlNode;
  return [node.range![0], node.range![1]];
}

/** The text before a block sequence item on its line (`    - `), when that is all there is. */
function dashPrefix(file: SourceFile, item: YamlNode): string | undefined {
  const start = item.range![0];
  const prefix = file.text.slice(lineStartOf(file, start), start);
  return /^[ \t]*-[ \t]+$/.test(prefix) ? prefix : undefined;
}

function dashColumn(file: SourceFile, seq: SeqNode): number {
  const first = seq.items[0] as YamlNode;
  const prefix = dashPrefix(file, first);
  return prefix === undefined ? columnOf(file, first.range![0]) : prefix.indexOf("-");
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (isScalar(value) && value.value === null);
}

function isObject(value: PlainValue): value is { readonly [key: string]: PlainValue } {
  return typeof value === "object" && !Array.isArray(value);
}

/** A value on one line: `[a, b]`, `{k: v}`, or a scalar, quoted only when plain text would read as something else. */
export function flow(value: PlainValue): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, child]) => `${key}: ${flow(child)}`).join(", ")}}`;
  if (typeof value !== "string") return String(value);
  const plain = /^[A-Za-z_/][\w./-]*$/.test(value) && !/^(y|yes|n|no|true|false|on|off|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** `value` in JSON, laid out as `layout` says. */
function jsonText(value: PlainValue, layout: JsonLayout): string {
  if (layout.indent !== undefined || !layout.spaced) return JSON.stringify(value, null, layout.indent);
  if (Array.isArray(value)) return `[${value.map((item: PlainValue) => jsonText(item, layout)).join(", ")}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, child]) => `${jsonKey(key, layout)}${jsonText(child, layout)}`).join(", ")}}`;
  return JSON.stringify(value);
}

/** `"key": ` (or `"key":`), ready for its value. */
function jsonKey(key: string, layout: JsonLayout): string {
  return `${JSON.stringify(key)}${layout.indent !== undefined || layout.spaced ? ": " : ":"}`;
}

function jsonSeparator(layout: JsonLayout): string {
  return layout.spaced ? ", " : ",";
}

/** `value` written as `model` is: in the same quotes when it is a string and `model` is quoted. */
function scalarLike(model: YamlNode, value: string | number | boolean): string {
  if (typeof value !== "string" || !isScalar(model)) return flow(value);
  if (model.type === "QUOTE_DOUBLE") return JSON.stringify(value);
  if (model.type === "QUOTE_SINGLE") return `'${value.replaceAll("'", "''")}'`;
  return flow(value);
}

function columnOf(file: SourceFile, offset: number): number {
  return positionAt(file, offset).column - 1;
}
