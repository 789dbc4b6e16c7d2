// Parses Python with @lezer/python, once per file. lezer's grammar has no parenthesised context
// managers (`with (open(a) as f, open(b) as g):`) and only names after `as`, which Python 3.11
// accepts; its error recovery then loses the statement's body. Such headers are parsed again
// with each `as` read as `or`, which keeps every offset: the interpreter reads those `or`s back
// as `as` (readAsAs). Other constructs its grammar lacks are patched in grammar-patches.ts.

import { createRequire } from "node:module";
import type { PartialParse, SyntaxNode, Tree } from "@lezer/common";
import { partitionPoint } from "../../engine/sorted.js";
import { grammarPatches, type Patch } from "./grammar-patches.js";
import { stringEnd } from "./text-scan.js";

/** The grammar loads with the first Python module read: a run on manifests alone never pays for it. */
let python: typeof import("@lezer/python") | undefined;
const pythonParser = () => (python ??= createRequire(import.meta.url)("@lezer/python") as typeof import("@lezer/python")).parser;

export interface ParsedPython extends LimitedParse {
  /** Offsets of `as` keywords the tree reads as `or`. */
  readonly asRewritten: ReadonlySet<number>;
  /** The tree's error nodes before `unparsedFrom`, in document order. */
  readonly errors: readonly SyntaxNode[];
}

/** What lezer made of a text, and where it stopped reading it, if it did (see parseWithinLimits). */
interface LimitedParse {
  readonly tree: Tree;
  /** Where lezer gave up on a module nested deeper than it reads: the tree ends there, and nothing after it is known. */
  readonly unparsedFrom?: number;
}

/**
 * CPython skips a last line of only white space (without a line break); lezer takes it for an
 * indentation that opens nothing and reports an error at the end. When leaving that line out
 * makes the error go, it is left out (offsets before it stay the same); an error that remains
 * (`def f():` and nothing after it) is placed at the file's end, as CPython places it.
 */
function parseWithBlankEnd(source: string): { text: string; parsed: LimitedParse } {
  const parsed = parseWithinLimits(source);
  const lineStart = Math.max(source.lastIndexOf("\n"), source.lastIndexOf("\r")) + 1;
  const blankEnd = lineStart < source.length && /^[ \t\f]+$/.test(source.slice(lineStart));
  if (!blankEnd || errorsAndWithStatements(parsed).errors.length === 0) return { text: source, parsed };
  const text = source.slice(0, lineStart);
  const trimmed = parseWithinLimits(text);
  return errorsAndWithStatements(trimmed).errors.length === 0 ? { text, parsed: trimmed } : { text: source, parsed };
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
  const { text, parsed } = parseWithBlankEnd(withFormFeedIndentation(source));
  const { errors, withStarts } = errorsAndWithStatements(parsed);
  const asRewritten = new Set<number>();
  if (errors.length === 0) return { ...parsed, asRewritten, errors };
  for (const { start, end } of brokenWithHeaders(text, errors, withStarts)) {
    for (const match of text.slice(start, end).matchAll(/\bas\b/g)) asRewritten.add(start + match.index!);
  }
  const patches: Patch[] = [...[...asRewritten].map((start) => ({ start, text: "or" })), ...grammarPatches(text, parsed.tree.topNode, errors, parsesCleanly)];
  if (patches.length === 0) return { ...parsed, asRewritten, errors };
  const patched = parseWithinLimits(applyPatches(text, patches));
  return { ...patched, asRewritten, errors: errorsAndWithStatements(patched).errors };
}

/**
 * lezer keeps its trees shallow enough to walk: it cuts a parse stack 2,800 states deep
 * (Rec.CutDepth in @lezer/lr: a thousand nested `if … else`), and forces closed a node reduced
 * again from one start more than 300 times once it spans 2,000 characters
 * (Rec.MaxLeftAssociativeReductionCount: a left-nested chain, `"<p>" +` on each of 300 lines).
 * What it reads after either is errors CPython does not raise: CPython compiles chains of 2,000
 * terms, and of `and` any number. A chain lezer closed is read again with its middle left out (its
 * first operand kept, the rest up to where lezer gave up blanked to spaces, offsets unchanged),
 * so its tail and the rest of the module parse where they are. For a cut stack, and a chain still
 * too long after the rereads allowed, the tree ends where lezer gave up (`unparsedFrom`): what
 * comes after is not known, and reported as no error.
 */
function parseWithinLimits(text: string): LimitedParse {
  let blanked = text;
  let lastGaveUp = -1;
  for (let rereads = 0; ; rereads++) {
    const parsed = parseOrOverflow(blanked);
    if (!parsed) return parseAfterOverflow(blanked);
    const { tree, gaveUp } = parsed;
    if (!gaveUp) return { tree };
    const middle = gaveUp.chainStart !== undefined && rereads < MAX_CHAIN_REREADS && gaveUp.at > lastGaveUp ? chainMiddle(tree, gaveUp.chainStart, gaveUp.at) : undefined;
    if (!middle) return { tree, unparsedFrom: gaveUp.at };
    lastGaveUp = gaveUp.at;
    blanked = blanked.slice(0, middle.from) + " ".repeat(middle.to - middle.from) + blanked.slice(middle.to);
  }
}

/** Each reading leaves out 300 more terms of a chain: 20 readings take about 7,000 (CPython refuses arithmetic past about 2,900). */
const MAX_CHAIN_REREADS = 20;

/** Nodes whose first child is their left operand, callee or object: the links of a left-nested chain. */
const CHAIN_LINKS: ReadonlySet<string> = new Set(["BinaryExpression", "CallExpression", "MemberExpression"]);

/**
 * A chain lezer closed, from its first operand's end to the end of the longest part of it that
 * parsed (the outermost link starting where the chain starts, ending before lezer gave up and
 * before any error): left out, the chain's first operand stands where it did, and the tail
 * (` + "<p>…"`) goes on from it. An operand binds at least as tightly as the links above it.
 */
function chainMiddle(tree: Tree, chainStart: number, gaveUpAt: number): { from: number; to: number } | undefined {
  const errors = errorsAndWithStatements({ tree }).errors;
  const firstError = errors[partitionPoint(errors, (error) => error.from >= chainStart)]?.from ?? Infinity;
  let chain: SyntaxNode | undefined;
  for (let node: SyntaxNode | null = tree.topNode.resolveInner(chainStart, 1); node && node.from === chainStart; node = node.parent) {
    if (node.to <= gaveUpAt && node.to < firstError) chain = node;
  }
  if (!chain || !CHAIN_LINKS.has(chain.name)) return undefined;
  let first = chain;
  while (CHAIN_LINKS.has(first.name) && first.firstChild) first = first.firstChild;
  return first.to < chain.to ? { from: first.to, to: chain.to } : undefined;
}

/**
 * lezer builds its tree recursively, one call per level of nesting, so thousands of nested
 * brackets overflow the stack. CPython refuses such a module long before (200 brackets: "too many
 * nested parentheses", which the tokenizer checks report); the tree of the text up to that bracket
 * is enough to place the errors before it. Otherwise the tree of the longest prefix that parses is
 * kept, and the rest is unparsed.
 */
function parseAfterOverflow(text: string): LimitedParse {
  // Most often the brackets: CPython stops at the one too many, so nothing after it matters.
  const tooDeep = tooDeepBracket(text);
  const beforeIt = tooDeep === undefined ? undefined : parseOrOverflow(text.slice(0, tooDeep + 1));
  if (beforeIt) return beforeIt.gaveUp ? { tree: beforeIt.tree, unparsedFrom: beforeIt.gaveUp.at } : { tree: beforeIt.tree };
  // The tree of the longest prefix that parsed is kept: parsing it again could overflow, since how
  // deep the stack goes for one input varies with what V8 has optimised.
  let [fits, overflows, tree, gaveUpAt] = [0, text.length, pythonParser().parse(""), Infinity];
  while (overflows - fits > 1) {
    const middle = (fits + overflows) >> 1;
    const prefix = parseOrOverflow(text.slice(0, middle));
    if (prefix) [fits, tree, gaveUpAt] = [middle, prefix.tree, prefix.gaveUp?.at ?? Infinity];
    else overflows = middle;
  }
  return { tree, unparsedFrom: Math.min(fits, gaveUpAt) };
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

/** Where lezer gave up reading, and where the chain it closed starts, if it closed one. */
interface GaveUp {
  readonly at: number;
  readonly chainStart?: number;
}

interface NotedParse {
  /** The tree, up to where lezer gave up if it did. */
  readonly tree: Tree;
  readonly gaveUp?: GaveUp;
}

/** @lezer/lr's parse (1.4), beyond PartialParse: what its guards against too deep trees read. */
interface LrParse extends PartialParse {
  readonly stacks: readonly { readonly stack: readonly number[] }[];
  readonly bigReductionCount: number;
  readonly lastBigReductionStart: number;
}

/** @lezer/lr's Rec.MaxLeftAssociativeReductionCount. */
const LR_MAX_LEFT_ASSOCIATIVE_REDUCTIONS = 300;
/** @lezer/lr's Rec.CutDepth (three entries a state), less 20 states: a stack may grow between two looks. */
const LR_NEAR_CUT_DEPTH = 8400 - 60;

function parseOrOverflow(text: string): NotedParse | undefined {
  try {
    const parse = pythonParser().startParse(text) as LrParse;
    let gaveUp: GaveUp | undefined;
    for (;;) {
      if (!gaveUp) {
        gaveUp = givingUp(parse);
        // What lezer reads after giving up is errors: the tree ends there.
        if (gaveUp) parse.stopAt(gaveUp.at);
      }
      const tree = parse.advance();
      if (tree) return gaveUp ? { tree, gaveUp } : { tree };
    }
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Whether lezer's next step closes a chain or cuts a stack (the conditions @lezer/lr checks). */
function givingUp(parse: LrParse): GaveUp | undefined {
  const { stacks } = parse;
  if (parse.bigReductionCount > LR_MAX_LEFT_ASSOCIATIVE_REDUCTIONS && stacks.length === 1) return { at: parse.parsedPos, chainStart: parse.lastBigReductionStart };
  for (const { stack } of stacks) if (stack.length >= LR_NEAR_CUT_DEPTH) return { at: parse.parsedPos };
  return undefined;
}

/** The error nodes before where the text stopped being parsed, and the starts of `with` statements. */
function errorsAndWithStatements({ tree, unparsedFrom = Infinity }: LimitedParse): { errors: SyntaxNode[]; withStarts: number[] } {
  const errors: SyntaxNode[] = [];
  const withStarts: number[] = [];
  tree.topNode.cursor().iterate((ref) => {
    if (ref.type.isError && ref.from < unparsedFrom) errors.push(ref.node);
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
