// Where a module fails to compile, placed and worded as CPython 3.11 reports it for the common
// cases. Python reports one error, so this finds the first: the earliest of lezer's parse errors
// and of the errors lezer's grammar lets through (compile-checks.ts).

import type { SyntaxNode } from "@lezer/common";
import { positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import { compileErrors } from "./compile-checks.js";
import { isGrammarGap } from "./grammar-gaps.js";
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
  const error = firstErrorNode(tree.topNode, (node) => !isGrammarGap(file, node));
  if (!error) return undefined;
  const brackets = unbalancedBrackets(file, tree.topNode);
  if (brackets.unmatched !== undefined && brackets.unmatched <= error.from) {
    return problem(file, brackets.unmatched, brackets.unmatched + 1, `unmatched '${file.text[brackets.unmatched]}'`);
  }
  // Inside brackets Python reads on to the end of the file, then blames the bracket never closed.
  const unclosed = brackets.unclosed;
  if (unclosed !== undefined && unclosed < error.from && positionAt(file, unclosed).line < positionAt(file, error.from).line) {
    return problem(file, unclosed, unclosed + 1, `'${file.text[unclosed]}' was never closed`);
  }
  const end = error.to > error.from ? error.to : error.from < file.text.length && file.text[error.from] !== "\n" ? error.from + 1 : error.from;
  return problem(file, error.from, end, parseErrorMessage(file, error));
}

function firstErrorNode(top: SyntaxNode, accept: (error: SyntaxNode) => boolean = () => true): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  top.cursor().iterate((ref) => {
    if (found) return false;
    if (ref.type.isError && accept(ref.node)) found = ref.node;
    return undefined;
  });
  return found;
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
  if (/^\s*$/.test(file.text.slice(lineStart, error.from)) && indentWidth(line) > indentWidth(previousLine(file, lineStart))) return "unexpected indent";
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

function previousLine(file: SourceFile, lineStart: number): string {
  const before = file.text.slice(0, lineStart).split("\n").reverse();
  return before.find((line) => line.trim() !== "" && !line.trim().startsWith("#")) ?? "";
}

function indentWidth(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, "        ").length;
}

/** The first `(`, `[` or `{` (outside strings and comments) never closed, and the first closer never opened. */
function unbalancedBrackets(file: SourceFile, top: SyntaxNode): { unclosed?: number; unmatched?: number } {
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
    else if (")]}".includes(char) && open.pop() === undefined) return { unmatched: offset };
  }
  return { unclosed: open[0] };
}

function problem(file: SourceFile, start: number, end: number, message: string): SyntaxProblem {
  return { start, end, message, statement: statementAt(file, start) };
}
