// Where a module fails to compile, placed and worded as CPython 3.11 reports it for the common
// cases. Python reports one error, chosen by stage: the tokenizer's and the parser's as the parser
// meets them, the earlier first, except that after a parser error Python reads on and lets a
// later string, bracket or number error, or a bracket left open on an earlier line, replace it;
// then, only for a module that parses, the compiler's. lezer's parse errors stand in for the
// parser's; tokenizer-checks.ts and compile-checks.ts add what lezer's grammar lets through.
// Before all of them, compile() refuses a module holding a NUL byte (undecodable.ts).

import type { SyntaxNode } from "@lezer/common";
import { positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import { compileErrors } from "./compile-checks.js";
import { isGrammarGap } from "./grammar-gaps.js";
import type { SyntaxProblem } from "./module.js";
import { parseErrors, statementAt, unparsedFrom } from "./syntax.js";
import { scanTokens, type TokenizerScan } from "./tokenizer-checks.js";
import { firstNullByte, NULL_BYTE_MESSAGE } from "./undecodable.js";

/**
 * CPython's passes after the parser, in the order it runs them, each only when those before found
 * nothing: building the symbol table, resolving each name's scope in it (`nonlocal` bindings),
 * generating code.
 */
const COMPILER_PASSES = ["symtable", "scopes", "compiler"] as const;

/** A possible error, with the stage of CPython's compilation that raises it. */
export interface Candidate extends Omit<SyntaxProblem, "exception"> {
  readonly stage: "tokenizer" | "parser" | (typeof COMPILER_PASSES)[number];
  /**
   * After a parser error CPython reads the rest of the file; a tokenizer error it raises as soon as
   * it reads the token (strings, brackets, numbers) then replaces the parser's, unless the parser's
   * is `final` (an unexpected indent, the end of the file).
   */
  readonly raisedOnRead?: true;
  readonly final?: true;
}

/** How a check reports a candidate; the stage is the parser's unless said. */
export type Report = (start: number, end: number, message: string, stage?: Candidate["stage"], generic?: boolean) => void;

const COMPOUND_HEADERS: ReadonlySet<string> = new Set([
  "FunctionDefinition", "ClassDefinition", "IfStatement", "WhileStatement", "ForStatement", "TryStatement", "WithStatement",
]);

export function findSyntaxErrors(file: SourceFile): SyntaxProblem[] {
  const nul = firstNullByte(file);
  if (nul !== undefined) return [{ start: nul, end: nul + 1, message: NULL_BYTE_MESSAGE, statement: statementAt(file, nul), exception: "ValueError" }];
  const tokens = scanTokens(file);
  const checks = checksOfWhatParsed(file);
  // An unexpected indent is the tokenizer's: at the same place as lezer's error, it comes first (the sort is stable).
  const parserErrors = [tokens.unexpectedIndent, lezerError(file), tokens.literalError, ...checks.filter((check) => check.stage === "parser")]
    .filter((error): error is Candidate => error !== undefined)
    .sort((a, b) => a.start - b.start);
  const chosen = choose(file, tokens, parserErrors[0]) ?? firstCompilerError(checks);
  if (!chosen) return [];
  const { start, end, message, statement, undecodable } = chosen;
  return [{ start, end, message, statement, exception: exceptionOf(message), ...(undecodable ? { undecodable } : {}) }];
}

/**
 * The checks of the tree. In a module lezer read only up to where it gave up (unparsedFrom), the
 * statement it cut short is not whole and nothing after it is known: only the parser's errors
 * in statements before it stand, and the compiler's, which need the whole module, are not known.
 */
function checksOfWhatParsed(file: SourceFile): Candidate[] {
  const unparsed = unparsedFrom(file);
  const checks = compileErrors(file);
  return unparsed === undefined ? checks : checks.filter((check) => check.stage === "parser" && check.statement.end < unparsed);
}

/** The first error of the first pass that finds one: in the order of the text, but for scopes, which the checks give in CPython's order. */
function firstCompilerError(checks: readonly Candidate[]): Candidate | undefined {
  for (const pass of COMPILER_PASSES) {
    const found = checks.filter((check) => check.stage === pass);
    if (found.length > 0) return pass === "scopes" ? found[0] : found.sort((a, b) => a.start - b.start)[0];
  }
  return undefined;
}

/** CPython raises indentation errors as IndentationError, and tabs mixed with spaces as its subclass TabError. */
function exceptionOf(message: string): SyntaxProblem["exception"] {
  if (message.startsWith("inconsistent use of tabs")) return "TabError";
  return /^(?:expected an indented block|unindent does not match|unexpected indent|too many levels of indentation)/.test(message) ? "IndentationError" : "SyntaxError";
}

function choose(file: SourceFile, tokens: TokenizerScan, parser: Candidate | undefined): Candidate | undefined {
  const tokenizer = tokens.error;
  if (tokenizer && (!parser || tokenizer.start <= parser.start)) return tokenizer;
  if (!parser || parser.final) {
    // At the end of the file inside brackets, Python blames the innermost bracket left open.
    return parser?.message === "unexpected EOF while parsing" && tokens.unclosed !== undefined ? neverClosed(file, tokens.unclosed) : parser;
  }
  // Reading on stops at the tokenizer's error; only one raised on reading replaces the parser's.
  if (tokenizer) return tokenizer.raisedOnRead ? tokenizer : parser;
  const { unclosed } = tokens;
  if (unclosed !== undefined && positionAt(file, unclosed).line < positionAt(file, parser.start).line) return neverClosed(file, unclosed);
  return parser;
}

function neverClosed(file: SourceFile, offset: number): Candidate {
  return { start: offset, end: offset + 1, message: `'${file.text[offset]}' was never closed`, statement: statementAt(file, offset), stage: "tokenizer" };
}

function lezerError(file: SourceFile): Candidate | undefined {
  const error = parseErrors(file).find((node) => !isGrammarGap(file, node));
  if (!error) return undefined;
  const end = error.to > error.from ? error.to : error.from < file.text.length && file.text[error.from] !== "\n" ? error.from + 1 : error.from;
  const message = parseErrorMessage(file, error);
  return { start: error.from, end, message, statement: statementAt(file, error.from), stage: "parser", ...(message === "unexpected EOF while parsing" ? { final: true } : {}) };
}

function parseErrorMessage(file: SourceFile, error: SyntaxNode): string {
  if (error.from >= file.text.trimEnd().length) return "unexpected EOF while parsing";
  const lineStart = file.text.lastIndexOf("\n", error.from - 1) + 1;
  const line = file.text.slice(lineStart).split("\n", 1)[0]!;
  const restOfLine = file.text.slice(error.from, lineStart + line.length);
  const parent = error.parent;
  if (parent?.name === "Body" && parent.getChild(":") && parent.firstChild?.nextSibling?.type.isError) return missingBlockMessage(file, parent);
  // lezer may open the body without its colon, or leave the header without a body.
  const header = (parent?.name === "Body" && !parent.getChild(":")) || parent?.name === "ArgList" ? parent.parent : parent;
  if (header && COMPOUND_HEADERS.has(header.name) && /^\s*(#.*)?$/.test(restOfLine)) return "expected ':'";
  if (/^\s*exec\s+[^\s(=.]/.test(line)) return "Missing parentheses in call to 'exec'. Did you mean exec(...)?";
  return "invalid syntax";
}

/** A colon followed by no indented statement: `expected an indented block after 'if' statement on line 3`. */
function missingBlockMessage(file: SourceFile, body: SyntaxNode): string {
  const owner = body.parent!;
  let keyword: SyntaxNode | null = body.prevSibling;
  while (keyword && !/^(if|elif|else|for|while|try|except|finally|with)$/.test(keyword.name)) keyword = keyword.prevSibling;
  const line = positionAt(file, (keyword ?? owner).from).line;
  if (owner.name === "FunctionDefinition") return `expected an indented block after function definition on line ${line}`;
  if (owner.name === "ClassDefinition") return `expected an indented block after class definition on line ${line}`;
  return `expected an indented block after '${keyword?.name ?? "if"}' statement on line ${line}`;
}
