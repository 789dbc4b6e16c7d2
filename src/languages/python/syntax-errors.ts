// Where a module fails to compile, placed and worded as CPython 3.11 reports it for the common
// cases. Python reports one error, so this finds the first: the earliest of lezer's parse errors
// and of the errors lezer's grammar lets through (compile-checks.ts).

import type { SyntaxNode } from "@lezer/common";
import { parser } from "@lezer/python";
import { positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import { compileErrors } from "./compile-checks.js";
import type { SyntaxProblem } from "./module.js";
import { pythonTree, statementAt } from "./syntax.js";

const COMPOUND_HEADERS: ReadonlySet<string> = new Set([
  "FunctionDefinition", "ClassDefinition", "IfStatement", "WhileStatement", "ForStatement", "TryStatement", "WithStatement",
]);

export function findSyntaxErrors(file: SourceFile): SyntaxProblem[] {
  const parseError = firstParseError(file);
  const candidates = [...(parseError ? [parseError] : []), ...compileErrors(file)];
  const first = candidates.sort((a, b) => a.start - b.start)[0];
  return first ? [first] : [];
}

function firstParseError(file: SourceFile): SyntaxProblem | undefined {
  const tree = pythonTree(file);
  const error = firstErrorNode(tree.topNode);
  if (!error) return undefined;
  const unclosed = firstUnclosedBracket(file, tree.topNode);
  // Inside brackets Python reads on to the end of the file, then blames the bracket never closed.
  if (unclosed !== undefined && unclosed < error.from && positionAt(file, unclosed).line < positionAt(file, error.from).line) {
    return problem(file, unclosed, unclosed + 1, `'${file.text[unclosed]}' was never closed`);
  }
  if (isParenthesizedWith(file, error)) return undefined;
  const end = error.to > error.from ? error.to : error.from < file.text.length && file.text[error.from] !== "\n" ? error.from + 1 : error.from;
  return problem(file, error.from, end, parseErrorMessage(file, error));
}

function firstErrorNode(top: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  top.cursor().iterate((ref) => {
    if (found) return false;
    if (ref.type.isError) found = ref.node;
    return undefined;
  });
  return found;
}

function parseErrorMessage(file: SourceFile, error: SyntaxNode): string {
  if (error.from >= file.text.trimEnd().length) return "unexpected EOF while parsing";
  const restOfLine = file.text.slice(error.from).split("\n", 1)[0]!;
  const statement = error.parent;
  if (statement && COMPOUND_HEADERS.has(statement.name) && !statement.getChild("Body") && /^\s*(#.*)?$/.test(restOfLine)) return "expected ':'";
  return "invalid syntax";
}

/** Offset of the first `(`, `[` or `{` (outside strings and comments) that is never closed. */
function firstUnclosedBracket(file: SourceFile, top: SyntaxNode): number | undefined {
  const skipped: { from: number; to: number }[] = [];
  top.cursor().iterate((ref) => {
    if (ref.name === "String" || ref.name === "FormatString" || ref.name === "Comment") {
      skipped.push({ from: ref.from, to: ref.to });
      return false;
    }
    return undefined;
  });
  const open: number[] = [];
  let next = 0;
  for (let offset = 0; offset < file.text.length; offset++) {
    if (next < skipped.length && offset === skipped[next]!.from) {
      offset = skipped[next++]!.to - 1;
      continue;
    }
    const char = file.text[offset]!;
    if ("([{".includes(char)) open.push(offset);
    else if (")]}".includes(char)) open.pop();
  }
  return open[0];
}

/**
 * lezer's grammar has no parenthesised context managers (`with (open(a) as f, open(b) as g):`)
 * and only names after `as`, both of which Python 3.11 accepts. Reading each `as` of the header
 * as `or` keeps the offsets; if the header then parses, the error was the grammar's, not Python's.
 */
function isParenthesizedWith(file: SourceFile, error: SyntaxNode): boolean {
  let start: number | undefined;
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (ref.from > error.from) return false;
    if (ref.name === "WithStatement") start = ref.from;
    return undefined;
  });
  const colon = /:[ \t]*(#.*)?(\r?\n|$)/.exec(file.text.slice(error.from));
  if (start === undefined || !colon) return false;
  const header = file.text.slice(start, error.from + colon.index + 1).replace(/\bas\b/g, "or");
  const statements = parser.parse(`${header}\n    pass\n`).topNode;
  return firstErrorNode(statements) === undefined && statements.getChildren("WithStatement").length === 1 && !statements.firstChild?.nextSibling;
}

function problem(file: SourceFile, start: number, end: number, message: string): SyntaxProblem {
  return { start, end, message, statement: statementAt(file, start) };
}
