// Parses Python with @lezer/python, once per file. lezer's grammar has no parenthesised context
// managers (`with (open(a) as f, open(b) as g):`) and only names after `as`, which Python 3.11
// accepts; its error recovery then loses the statement's body. Such headers are parsed again
// with each `as` read as `or`, which keeps every offset: the interpreter reads those `or`s back
// as `as` (readAsAs). Other constructs its grammar lacks are patched in grammar-patches.ts.

import { createRequire } from "node:module";
import type { SyntaxNode, Tree } from "@lezer/common";
import { partitionPoint } from "../../engine/sorted.js";
import { grammarPatches, type Patch } from "./grammar-patches.js";
import { stringEnd } from "./text-scan.js";

/** The grammar loads with the first Python module read: a run on manifests alone never pays for it. */
let python: typeof import("@lezer/python") | undefined;
const pythonParser = () => (python ??= createRequire(import.meta.url)("@lezer/python") as typeof import("@lezer/python")).parser;

export interface ParsedPython {
  readonly tree: Tree;
  /** Offsets of `as` keywords the tree reads as `or`. */
  readonly asRewritten: ReadonlySet<number>;
  /** The tree's error nodes, in document order. */
  readonly errors: readonly SyntaxNode[];
}

/**
 * CPython skips a last line of only white space (without a line break); lezer takes it for an
 * indentation that opens nothing and reports an error at the end. When leaving that line out
 * makes the error go, it is left out (offsets before it stay the same); an error that remains
 * (`def f():` and nothing after it) is placed at the file's end, as CPython places it.
 */
function parseWithBlankEnd(source: string): { text: string; tree: Tree } {
  const tree = parseWithinStack(source);
  const lineStart = Math.max(source.lastIndexOf("\n"), source.lastIndexOf("\r")) + 1;
  const blankEnd = lineStart < source.length && /^[ \t\f]+$/.test(source.slice(lineStart));
  if (!blankEnd || errorsAndWithStatements(tree).errors.length === 0) return { text: source, tree };
  const text = source.slice(0, lineStart);
  const trimmed = parseWithinStack(text);
  return errorsAndWithStatements(trimmed).errors.length === 0 ? { text, tree: trimmed } : { text: source, tree };
}

/** A line's leading white space that holds a form feed. */
const FORM_FEED_INDENT = /(?<=^|[\n\r])[ \t]*\f[ \t\f]*/g;

/**
 * CPython's tokenizer counts a line's indentation again from a form feed, and skips a line of only
 * white space; lezer's counts spaces and tabs up to anything else, so a form feed (an Emacs page
 * break) on a blank line of a block ends the block. Such leading white space is rewritten, at the
 * same length, to what lezer reads as CPython does: on a blank line (or one of a comment) each form
 * feed becomes a space; before code, the white space after the last form feed comes first, then
 * the form feeds, which lezer skips. A line continued by a backslash has no indentation in CPython,
 * and is left as it is.
 */
function withFormFeedIndentation(text: string): string {
  if (!text.includes("\f")) return text;
  return text.replace(FORM_FEED_INDENT, (indent: string, offset: number) => {
    if (/\\\r?\n$|\\\r$/.test(text.slice(Math.max(0, offset - 3), offset))) return indent;
    const next = text[offset + indent.length];
    if (next === undefined || next === "\n" || next === "\r" || next === "#") return indent.replaceAll("\f", " ");
    const counted = indent.slice(indent.lastIndexOf("\f") + 1);
    return counted + "\f".repeat(indent.length - counted.length);
  });
}

/** Lines a `with` header may span before its colon. */
const MAX_HEADER_LINES = 20;

export function parsePython(source: string): ParsedPython {
  const { text, tree } = parseWithBlankEnd(withFormFeedIndentation(source));
  const { errors, withStarts } = errorsAndWithStatements(tree);
  const asRewritten = new Set<number>();
  if (errors.length === 0) return { tree, asRewritten, errors };
  for (const { start, end } of brokenWithHeaders(text, errors, withStarts)) {
    for (const match of text.slice(start, end).matchAll(/\bas\b/g)) asRewritten.add(start + match.index!);
  }
  const patches: Patch[] = [...[...asRewritten].map((start) => ({ start, text: "or" })), ...grammarPatches(text, tree.topNode, errors, parsesCleanly)];
  if (patches.length === 0) return { tree, asRewritten, errors };
  const patchedTree = parseWithinStack(applyPatches(text, patches));
  return { tree: patchedTree, asRewritten, errors: errorsAndWithStatements(patchedTree).errors };
}

/**
 * lezer builds its tree recursively, one call per level of nesting, so thousands of nested
 * brackets overflow the stack. CPython refuses such a module long before (200 brackets: "too many
 * nested parentheses", which the tokenizer checks report); the tree of the longest prefix that
 * fits is enough to place the errors before that point.
 */
function parseWithinStack(text: string): Tree {
  const parsed = parseOrOverflow(text);
  if (parsed) return parsed;
  // Most often the brackets: CPython stops at the one too many, so nothing after it matters.
  const tooDeep = tooDeepBracket(text);
  const beforeIt = tooDeep === undefined ? undefined : parseOrOverflow(text.slice(0, tooDeep + 1));
  if (beforeIt) return beforeIt;
  // The tree of the longest prefix that parsed is kept: parsing it again could overflow, since how
  // deep the stack goes for one input varies with what V8 has optimised.
  let [fits, overflows, tree] = [0, text.length, pythonParser().parse("")];
  while (overflows - fits > 1) {
    const middle = (fits + overflows) >> 1;
    const prefix = parseOrOverflow(text.slice(0, middle));
    if (prefix) [fits, tree] = [middle, prefix];
    else overflows = middle;
  }
  return tree;
}

/** CPython's tokenizer refuses brackets nested deeper than this (MAXLEVEL in tokenizer.h). */
export const MAX_BRACKET_DEPTH = 200;

/**
 * The first bracket nested deeper than CPython allows, outside strings and comments; undefined if
 * none. A rough scan (see stringEnd): it only bounds what is worth parsing once lezer's stack has
 * overflowed.
 */
function tooDeepBracket(text: string): number | undefined {
  let depth = 0;
  for (let offset = 0; offset < text.length; offset++) {
    const char = text[offset]!;
    if (char === "#") {
      const newline = text.indexOf("\n", offset);
      if (newline === -1) return undefined;
      offset = newline;
    } else if (char === "'" || char === '"') {
      offset = stringEnd(text, offset) - 1;
    } else if (char === "(" || char === "[" || char === "{") {
      if (++depth > MAX_BRACKET_DEPTH) return offset;
    } else if (char === ")" || char === "]" || char === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function parseOrOverflow(text: string): Tree | undefined {
  try {
    return pythonParser().parse(text);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function errorsAndWithStatements(tree: Tree): { errors: SyntaxNode[]; withStarts: number[] } {
  const errors: SyntaxNode[] = [];
  const withStarts: number[] = [];
  tree.topNode.cursor().iterate((ref) => {
    if (ref.type.isError) errors.push(ref.node);
    else if (ref.name === "WithStatement") withStarts.push(ref.from);
  });
  return { errors, withStarts };
}

/** The text with each patch written over it, in one pass: patches keep its length and do not overlap (one that would is left out). */
function applyPatches(text: string, patches: readonly Patch[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const { start, text: replacement } of [...patches].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    pieces.push(text.slice(at, start), replacement);
    at = start + replacement.length;
  }
  pieces.push(text.slice(at));
  return pieces.join("");
}

/** The `with` headers lezer fails on that parse once their `as` are `or`. */
function brokenWithHeaders(text: string, errors: readonly SyntaxNode[], withStarts: readonly number[]): { start: number; end: number }[] {
  const headers: { start: number; end: number }[] = [];
  for (const start of withStarts) {
    // Finding the header's end parses it: only for a header an error may be in (errors are in document order).
    const firstError = errors[partitionPoint(errors, (error) => error.from >= start)];
    if (!firstError) continue;
    const end = headerEnd(text, start);
    if (end !== undefined && firstError.from <= end) headers.push({ start, end });
  }
  return headers;
}


function parsesCleanly(snippet: string): boolean {
  let clean = true;
  pythonParser().parse(snippet).topNode.cursor().iterate((ref) => {
    if (ref.type.isError) clean = false;
    return clean;
  });
  return clean;
}

/** The end of the colon that closes a `with` header, if reading its `as` as `or` makes it parse. */
function headerEnd(text: string, start: number): number | undefined {
  const colons = /:[ \t]*(#[^\n]*)?(?=\r?\n|$)/g;
  colons.lastIndex = start;
  for (let line = 0; line < MAX_HEADER_LINES; line++) {
    const colon = colons.exec(text);
    if (!colon) return undefined;
    const header = `${text.slice(start, colon.index + 1).replace(/\bas\b/g, "or")}\n    pass\n`;
    const top = pythonParser().parse(header).topNode;
    if (top.firstChild?.name === "WithStatement" && !top.firstChild.nextSibling && parsesCleanly(header)) return colon.index + 1;
  }
  return undefined;
}
