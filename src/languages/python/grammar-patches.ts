// Valid Python 3.11 that lezer's grammar has no rule for, and whose error recovery garbles the
// statement: any expression as a decorator (PEP 614, `@routes["index"]`), starred items in a `for`
// statement's iterable (`for p in *a, *b:`), in a subscript and in a `*args` annotation (PEP 646,
// `Generic[*Shape]`, `*args: *Ts`), `print` as a name in an expression or alone (`print >>f, x`,
// `print`, which lezer takes for Python 2's print statement), an f-string format spec that starts
// with `=` (`f"{x:=10}"`, which lezer takes for a walrus), a float written with a trailing dot
// before a space, a comma, a colon or a closing bracket (`1.  # seconds`, `1. if a else b`,
// `[0., 1.]`, which lezer reads as an attribute of `1`), a bare `yield` before a space
// (`yield  # run the request`), a match statement's subject that is a tuple or an operator
// (`match a, b:`, `match not a:`), and empty patterns in a `case` (`case []:`, `case {}:`,
// `case str() | bytes():`, whose error recovery garbles the patterns around them). Each is patched
// to a text of the same length that lezer parses (the star a space, the decorator, `print` or the
// subject a name, the `=` a `>`, the float's space a `0` or its dot a space, the yield's space a
// `;`, empty brackets the literal pattern `""` and empty arguments the value pattern `C._`, which
// bind no name either), so every offset stays the source's. So are a backslash that continues a
// line into a blank one (the backslash a space) and `\{{` in a raw f-string (the backslash `_`).

import type { SyntaxNode } from "@lezer/common";
import { stringEnd } from "./text-scan.js";

export interface Patch {
  readonly start: number;
  readonly text: string;
}

/** Patches for the grammar gaps among the errors of `tree`; `parses` tells whether a snippet parses without error. */
export function grammarPatches(text: string, tree: SyntaxNode, errors: readonly SyntaxNode[], parses: (snippet: string) => boolean): Patch[] {
  const patches = new Map<number, Patch>();
  for (const patch of [...trailingDotPatches(text, tree), ...blankContinuationPatches(text, tree), ...rawFormatBracePatches(text, tree)]) patches.set(patch.start, patch);
  const matchStatements = new Set<number>();
  for (const error of errors) {
    const found = [
      ...starPatches(text, error), ...decoratorPatches(text, error, parses), ...printPatches(text, error), ...formatSpecPatches(text, error),
      ...bareYieldPatches(text, error),
    ];
    for (const patch of found) {
      patches.set(patch.start, patch);
    }
    const statement = enclosingMatchStatement(error);
    if (statement) matchStatements.add(statement.from);
  }
  // A match statement whose subject lezer cannot read has no node: its `match` line is found in
  // the text. Every match statement is patched, since error recovery in one may hide the next.
  for (const keyword of text.matchAll(MATCH_LINE)) {
    matchStatements.add(keyword.index + keyword[1]!.length);
    const subject = subjectPatch(text, keyword.index + keyword[0].length, parses);
    if (subject) patches.set(subject.start, subject);
  }
  for (const from of matchStatements) for (const patch of emptyPatternPatches(text, from)) patches.set(patch.start, patch);
  return [...patches.values()];
}

function starPatches(text: string, error: SyntaxNode): Patch[] {
  if (error.parent?.name === "ForStatement") {
    let keyword = error.prevSibling;
    while (keyword && keyword.name !== "in" && keyword.name !== "for") keyword = keyword.prevSibling;
    return keyword?.name === "in" ? forIterablePatches(text, keyword.to) : [];
  }
  if (text.slice(error.from, error.to) === "*") {
    const inSubscript = error.parent?.name === "MemberExpression" && (error.prevSibling?.name === "[" || error.prevSibling?.name === ",");
    const starArgsAnnotation = error.parent?.name === "TypeDef" && /\*[ \t]*\w+[ \t]*:[ \t]*$/.test(lineBefore(text, error.from));
    return inSubscript || starArgsAnnotation ? [{ start: error.from, text: " " }] : [];
  }
  return [];
}

/** `in *a, *b:`: each starred item a plain one, when the iterable is a tuple (a lone `*a` is CPython's error too). */
function forIterablePatches(text: string, from: number): Patch[] {
  const lineEnd = text.indexOf("\n", from);
  const iterable = text.slice(from, lineEnd === -1 ? undefined : lineEnd).replace(/:[ \t]*(#.*)?\r?$/, "");
  const starts = [...iterable.matchAll(/(?:^|,)[ \t]*\*(?!\*)/g)].map((match) => from + match.index! + match[0].length - 1);
  return starts.length > 0 && iterable.includes(",") ? starts.map((start) => ({ start, text: " " })) : [];
}

/** A one-line decorator whose expression parses on its own becomes a name. */
function decoratorPatches(text: string, error: SyntaxNode, parses: (snippet: string) => boolean): Patch[] {
  const decorator = error.parent?.name === "Decorator" ? error.parent : error.prevSibling?.name === "Decorator" ? error.prevSibling : undefined;
  if (!decorator) return [];
  const lineEnd = text.indexOf("\n", decorator.from);
  const expression = text.slice(decorator.from + 1, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, "");
  if (expression.trim() === "" || expression.includes("#") || !parses(`_ = (${expression})\n`)) return [];
  return [{ start: decorator.from + 1, text: `_${" ".repeat(expression.length - 1)}` }];
}

/**
 * `print >>sys.stderr, msg`, `print = log.info`, `print -1`: what follows `print` continues an
 * expression (an operator, a comparison, an assignment), so Python 3 compiles the line with `print`
 * as a name; only an operand right after it (`print "x"`, `print x`, `print ~x`) is the Python 2 statement.
 */
export function printReadsAsExpression(text: string, statement: SyntaxNode): boolean {
  const rest = text.slice(statement.from + "print".length, statement.to).trimStart();
  // A bare `print` (`print`, `print ;`) is the name alone, an expression statement.
  return rest === "" || /^(?:[-+*/%@|&^<>=!,.:;[]|(?:if|and|or|is|in|not\s+in)\b)/.test(rest);
}

/** The error is in the print statement, or right after it (`print [0], 1` ends the statement at the comma). */
function printPatches(text: string, error: SyntaxNode): Patch[] {
  let statement: SyntaxNode | null = error.prevSibling?.name === "PrintStatement" ? error.prevSibling : error.parent;
  while (statement && statement.name !== "PrintStatement") statement = statement.parent;
  return statement && printReadsAsExpression(text, statement) ? [{ start: statement.from, text: "_rint" }] : [];
}

/** `{x:=10}` in an f-string: the format spec `=10` (pad after the sign), not `x := 10`. */
function formatSpecPatches(text: string, error: SyntaxNode): Patch[] {
  return error.parent?.name === "FormatReplacement" && text.startsWith(":=", error.from) ? [{ start: error.from + 1, text: ">" }] : [];
}

/**
 * An integer literal with a dot, then space and a comment, the line's end or a keyword that may
 * follow an expression (`1.  # s`, `1. if`): a float in Python, for lezer `1` and an attribute.
 */
const TRAILING_DOT = /(?<![\w.])\d[\d_]*\.(?=[ \t]+(?:#|\r?$|(?:if|else|in|not|and|or|is|for)\b))/gm;

/**
 * The same before a comma, a colon or a closing bracket (`[0., 1.]`, `x[1.:]`). lezer's recovery
 * from the attribute with no name can take the next statement with it when that starts with a soft
 * keyword (`match = pattern.match(line)`).
 */
const DOT_BEFORE_CLOSER = /(?<![\w.])\d[\d_]*\.(?=[ \t]*[,:)\]}])/g;

/**
 * `1.  # c`: the space after each such float becomes `0` (`1.0 # c`); `[1.]`: the dot becomes a space
 * (`[1 ]`, where the tree had the number `1` already). Only where the tree has a number. The whole
 * module is looked at once: inside brackets lezer's error comes lines after the float.
 */
function trailingDotPatches(text: string, tree: SyntaxNode): Patch[] {
  const isNumber = (match: RegExpMatchArray) => tree.resolveInner(match.index!, 1).name === "Number";
  return [
    ...[...text.matchAll(TRAILING_DOT)].filter(isNumber).map((match) => ({ start: match.index + match[0].length, text: "0" })),
    ...[...text.matchAll(DOT_BEFORE_CLOSER)].filter(isNumber).map((match) => ({ start: match.index + match[0].length - 1, text: " " })),
  ];
}

/** A backslash at a line's end, before a line of only white space or a comment. */
const CONTINUED_TO_BLANK = /\\(?=(?:\r\n?|\n)[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n|$))/g;
const STRING_NODES: ReadonlySet<string> = new Set(["String", "FormatString", "Comment"]);

/**
 * `x = "a" \` before a blank line: CPython joins the blank line, which ends the statement; lezer
 * skips it as blank and reads the next statement as part of this one. The backslash becomes a space
 * (outside strings and comments, where it is no line continuation).
 */
function blankContinuationPatches(text: string, tree: SyntaxNode): Patch[] {
  const inString = (offset: number) => {
    for (let node: SyntaxNode | null = tree.resolveInner(offset, 1); node; node = node.parent) if (STRING_NODES.has(node.name)) return true;
    return false;
  };
  return [...text.matchAll(CONTINUED_TO_BLANK)].filter((match) => !inString(match.index)).map((match) => ({ start: match.index, text: " " }));
}

/** A raw f-string's prefix, before its quote. */
const RAW_FORMAT_PREFIX = /(?<!\w)(?:[rR][fF]|[fF][rR])(?=['"])/g;

/**
 * `rf'\{{'`, common in regular expressions: in a raw f-string a backslash stands for itself and
 * `{{` for a brace, but lezer takes the backslash and the first brace for an escape and the
 * second brace for the start of a field. Such a backslash becomes `_`.
 */
function rawFormatBracePatches(text: string, tree: SyntaxNode): Patch[] {
  const patches: Patch[] = [];
  for (const prefix of text.matchAll(RAW_FORMAT_PREFIX)) {
    if (tree.resolveInner(prefix.index, 1).name !== "FormatString") continue;
    const quote = prefix.index + prefix[0].length;
    const end = stringEnd(text, quote);
    for (let at = text.indexOf("\\{{", quote); at !== -1 && at < end; at = text.indexOf("\\{{", at + 3)) patches.push({ start: at, text: "_" });
  }
  return patches;
}

/** Space, perhaps a comment, and the line's end. */
const REST_OF_LINE_BLANK = /[ \t]+(?:#[^\n]*)?(?:\r?\n|$)/y;

/** `yield  # c`, `x = yield ` at a line's end: the space after a bare `yield` becomes `;`, which ends the statement as the line break would. */
function bareYieldPatches(text: string, error: SyntaxNode): Patch[] {
  const keyword = error.parent?.name === "YieldStatement" || error.parent?.name === "YieldExpression" ? error.parent.firstChild : null;
  if (keyword?.name !== "yield") return [];
  REST_OF_LINE_BLANK.lastIndex = keyword.to;
  return REST_OF_LINE_BLANK.test(text) ? [{ start: keyword.to, text: ";" }] : [];
}

/** A line that may start a match statement, up to the subject. */
const MATCH_LINE = /^([ \t]*)match[ \t]+/gm;
const REST_OF_HEADER = /^[ \t]*(?:#.*)?$/;

/**
 * A match statement's subject lezer's grammar lacks (`match a, b:`, `match a == b:`, `match not a:`)
 * that parses as an expression becomes a name. The subject at `from` ends at the first `:` after
 * which only a comment follows.
 */
function subjectPatch(text: string, from: number, parses: (snippet: string) => boolean): Patch | undefined {
  const line = text.slice(from, lineEnd(text, from));
  for (let colon = line.indexOf(":"); colon !== -1; colon = line.indexOf(":", colon + 1)) {
    if (!REST_OF_HEADER.test(line.slice(colon + 1))) continue;
    // In a list, as in a subject, a walrus or a starred item may stand without parentheses and
    // a `yield` may not.
    const subject = line.slice(0, colon);
    return subject.trim() !== "" && parses(`_ = [${subject}]\n`) ? { start: from, text: `_${" ".repeat(subject.length - 1)}` } : undefined;
  }
  return undefined;
}

const EMPTY_BRACKETS = /\{\s*\}|\[\s*\]|\(\s*\)/g;
/**
 * What may follow a pattern's closing bracket: anything else (`C().a`, `C()x`, `[]()`), or a star
 * before it (`[*()]`), is an error a patch must not hide.
 */
const AFTER_PATTERN = /^[\s,|:)\]}]/;
/** Words that may come before parentheses in a header that are not a class: `case ()`, `if x in ()`. */
const KEYWORDS_BEFORE_PARENTHESES = new Set(["case", "if", "and", "or", "not", "in", "is", "else", "await", "lambda"]);

function enclosingMatchStatement(error: SyntaxNode): SyntaxNode | null {
  let statement = error.parent;
  while (statement && statement.name !== "MatchStatement") statement = statement.parent;
  return statement;
}

/**
 * Empty brackets in the `case` headers of the match statement at `from`: `C()` becomes `C._`, any
 * other `[]`, `()` or `{}` becomes `""` (a comment between the brackets becomes spaces). Every
 * `case` of the statement is patched, since error recovery in one may hide the next from the tree.
 */
function emptyPatternPatches(text: string, from: number): Patch[] {
  const patches: Patch[] = [];
  for (const start of caseStarts(text, from)) {
    const header = caseHeader(text, start);
    for (const match of header.matchAll(EMPTY_BRACKETS)) {
      const at = start + match.index;
      const after = header.slice(match.index + match[0].length, match.index + match[0].length + 1) || " ";
      if (header[match.index - 1] === "*" || !AFTER_PATTERN.test(after)) continue;
      const name = match[0][0] === "(" ? nameBefore(header, match.index) : "";
      const spaces = " ".repeat(match[0].length - 2);
      patches.push({ start: at, text: name !== "" && !KEYWORDS_BEFORE_PARENTHESES.has(name) ? `._${spaces}` : `""${spaces}` });
    }
  }
  return patches;
}

/** The name or dotted name right before `offset`, spaces and tabs between; "" if none. */
function nameBefore(text: string, offset: number): string {
  let end = offset;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  let start = end;
  while (start > 0 && /[\w.]/.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

/** A `case` clause's first line: not an assignment to, or a use of, a name `case`. */
const CASE_CLAUSE = /^[ \t]*case\b(?![ \t]*[=.,)\]}:])/;
/** A line break as CPython reads one: CRLF, LF or a lone CR. */
const LINE_BREAK = /\r\n?|\n/g;

/**
 * Where the `case` clauses of the match statement at `from` start: its lines indented deeper, at
 * the indentation of the first (comments and blank lines aside; a clause's body is deeper).
 */
function caseStarts(text: string, from: number): number[] {
  const indent = from - (Math.max(text.lastIndexOf("\n", from - 1), text.lastIndexOf("\r", from - 1)) + 1);
  let clauseIndent: number | undefined;
  const starts: number[] = [];
  LINE_BREAK.lastIndex = from;
  for (let start = LINE_BREAK.exec(text) ? LINE_BREAK.lastIndex : text.length; start < text.length; ) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    const lineIndent = line.search(/[^ \t\f]/);
    if (lineIndent !== -1 && line[lineIndent] !== "#") {
      if (lineIndent <= indent) break;
      clauseIndent ??= lineIndent;
      if (lineIndent === clauseIndent && CASE_CLAUSE.test(line)) starts.push(start + lineIndent);
    }
    LINE_BREAK.lastIndex = end;
    start = LINE_BREAK.exec(text) ? LINE_BREAK.lastIndex : text.length;
  }
  return starts;
}

/**
 * A `case` header from its keyword to the `:` outside brackets that ends it, across lines inside
 * brackets, with each comment blanked to spaces and each string to `_`s, so that brackets in
 * neither count.
 */
function caseHeader(text: string, start: number): string {
  let header = "";
  let depth = 0;
  for (let at = start; at < text.length; at++) {
    const char = text[at]!;
    if (char === "#") {
      const end = lineEnd(text, at);
      header += " ".repeat(end - at);
      at = end - 1;
    } else if (char === "'" || char === '"') {
      const end = stringEnd(text, at);
      header += "_".repeat(end - at);
      at = end - 1;
    } else {
      if ("([{".includes(char)) depth++;
      else if (")]}".includes(char)) depth = Math.max(0, depth - 1);
      else if (depth === 0 && (char === ":" || char === "\n" || char === "\r")) break;
      header += char;
    }
  }
  return header;
}

function lineEnd(text: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  return LINE_BREAK.exec(text)?.index ?? text.length;
}

function lineBefore(text: string, offset: number): string {
  return text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
}
