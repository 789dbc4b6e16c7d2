// Errors CPython 3.11's parser and compiler raise that lezer's more lenient grammar lets through:
// Python 2 leftovers (`print x`, `raise E, msg`), bad string escapes, a `try` without handlers,
// invalid assignment targets and parameter or argument lists (the parser's); statements outside
// their function or loop, duplicate parameters and keywords (the compiler's, reported only when
// the module parses).

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import { printReadsAsExpression } from "./grammar-patches.js";
import type { Candidate } from "./syntax-errors.js";
import { childNamed, childNodes, nodeText, pythonTree, splitAtCommas, statementAt } from "./syntax.js";

const ASSIGN_SUFFIX = " here. Maybe you meant '==' instead of '='?";
const LITERALS: ReadonlySet<string> = new Set(["String", "ContinuedString", "Number", "Ellipsis"]);
const CHECKED_NODES: ReadonlySet<string> = new Set([
  "PrintStatement", "String", "CompareOp", "TryStatement", "ReturnStatement", "YieldExpression", "YieldStatement",
  "AwaitExpression", "BreakStatement", "ContinueStatement", "AssignStatement", "ParamList", "ArgList", "ImportStatement", "ScopeStatement",
  "RaiseStatement",
]);

export function compileErrors(file: SourceFile): Candidate[] {
  const problems: Candidate[] = [];
  const report: Report = (start, end, message, stage = "parser", generic = false) =>
    problems.push({ start, end, message, statement: statementAt(file, start), stage, ...(generic ? { generic } : {}) });
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (!CHECKED_NODES.has(ref.name)) return;
    const node = ref.node;
    switch (node.name) {
      case "PrintStatement":
        if (!printReadsAsExpression(file.text, node)) report(node.from, node.to, "Missing parentheses in call to 'print'. Did you mean print(...)?");
        break;
      case "String":
        checkStringEscapes(file, node, report);
        break;
      case "CompareOp":
        if (nodeText(file, node) === "<>") report(node.from, node.to, "invalid syntax", "parser", true);
        break;
      case "TryStatement":
        checkExceptComma(node, report);
        checkHandlers(file, node, report);
        break;
      case "ReturnStatement":
        if (!enclosing(node, ["FunctionDefinition"])) report(node.from, node.to, "'return' outside function", "compiler");
        break;
      case "YieldExpression":
      case "YieldStatement":
        if (!enclosing(node, ["FunctionDefinition", "LambdaExpression"])) report(node.from, node.to, "'yield' outside function", "compiler");
        break;
      case "AwaitExpression":
        if (!enclosing(node, ["FunctionDefinition"])) report(node.from, node.to, "'await' outside function", "compiler");
        break;
      case "BreakStatement":
        if (!inLoop(node)) report(node.from, node.to, "'break' outside loop", "compiler");
        break;
      case "ContinueStatement":
        if (!inLoop(node)) report(node.from, node.to, "'continue' not properly in loop", "compiler");
        break;
      case "AssignStatement":
        checkAssignmentTargets(file, node, report);
        break;
      case "ParamList":
        if (node.parent?.name === "FunctionDefinition") checkParameters(file, node, report);
        break;
      case "ArgList":
        checkArguments(file, node, report);
        break;
      case "ImportStatement":
        checkImport(file, node, report);
        break;
      case "RaiseStatement": {
        // Python 2's `raise E, "message"`: Python 3 raises one expression.
        const comma = childNamed(node, ",");
        if (comma) report(comma.from, comma.to, "invalid syntax", "parser", true);
        break;
      }
      case "ScopeStatement":
        if (node.firstChild?.name === "nonlocal" && !inFunctionOrClass(node)) report(node.from, node.to, "nonlocal declaration not allowed at module level", "compiler");
        break;
    }
  });
  return problems;
}

type Report = (start: number, end: number, message: string, stage?: Candidate["stage"], generic?: boolean) => void;

const ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** `"\u03b"`: a \x, \u or \U escape short of hex digits, which the str decoder rejects. */
function checkStringEscapes(file: SourceFile, node: SyntaxNode, report: Report): void {
  const text = nodeText(file, node);
  if (!text.includes("\\")) return;
  const prefix = /^[a-zA-Z]*/.exec(text)![0].toLowerCase();
  if (prefix.includes("r") || prefix.includes("b")) return;
  const quote = /^("""|'''|"|')/.exec(text.slice(prefix.length))?.[0] ?? "";
  const content = text.slice(prefix.length + quote.length);
  for (const escape of content.matchAll(/\\(\\|[xuU])/g)) {
    const letter = escape[1]!;
    if (letter === "\\") continue;
    const needed = ESCAPE_DIGITS[letter]!;
    const start = escape.index!;
    const digits = /^[0-9a-fA-F]*/.exec(content.slice(start + 2, start + 2 + needed))![0].length;
    if (digits === needed) continue;
    const shape = `\\${letter}${"X".repeat(needed)}`;
    return report(node.from, node.to, `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${start + 1 + digits}: truncated ${shape} escape`);
  }
}

/** Python 2's `except E, e:`. */
function checkExceptComma(node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  parts.forEach((part, index) => {
    if (part.name === "except" && parts[index + 2]?.name === ",") report(parts[index + 1]!.from, parts[index + 3]?.to ?? parts[index + 2]!.to, "multiple exception types must be parenthesized");
  });
}

/** A `try:` with neither `except` nor `finally` (one commented out): CPython stops at the first token after its body. */
function checkHandlers(file: SourceFile, node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  if (parts.some((part) => part.name === "except" || part.name === "finally")) return;
  const next = parts.find((part) => part.name === "else")?.from ?? /^(?:\s|#.*)*/.exec(file.text.slice(node.to))![0].length + node.to;
  // At the end of the file, the end of its last line (a comment's too).
  const start = next < file.text.length ? next : file.text.trimEnd().length;
  report(start, start + (/^(?:\w+|.)/.exec(file.text.slice(start))?.[0].length ?? 0), "expected 'except' or 'finally' block");
}

function enclosing(node: SyntaxNode, kinds: readonly string[]): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (kinds.includes(parent.name)) return true;
    if (parent.name === "ClassDefinition") return false;
  }
  return false;
}

/** Inside the body of a loop (not its `else`), without a function or class in between. */
function inLoop(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === "FunctionDefinition" || parent.name === "ClassDefinition") return false;
    if ((parent.name === "ForStatement" || parent.name === "WhileStatement") && child.name === "Body" && parent.getChild("Body")?.from === child.from) return true;
  }
  return false;
}

function checkAssignmentTargets(file: SourceFile, node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  let target: SyntaxNode[] = [];
  for (const part of parts) {
    if (part.name === "TypeDef") continue;
    if (part.name !== "AssignOp") {
      target.push(part);
      continue;
    }
    for (const item of splitAtCommas(target)) {
      const problem = invalidTarget(file, item[item.length - 1]!);
      if (problem) return report(problem.node.from, problem.node.to, problem.message);
    }
    target = [];
  }
}

function invalidTarget(file: SourceFile, node: SyntaxNode): { node: SyntaxNode; message: string } | undefined {
  switch (node.name) {
    case "VariableName":
    case "MemberExpression":
      return undefined;
    case "ParenthesizedExpression":
    case "TupleExpression":
    case "ArrayExpression": {
      const inner = childNodes(node).slice(1, -1);
      for (const item of splitAtCommas(inner)) {
        const problem = invalidTarget(file, item[item.length - 1]!);
        if (problem) return problem;
      }
      return undefined;
    }
    case "CallExpression":
      return { node, message: `cannot assign to function call${ASSIGN_SUFFIX}` };
    case "Boolean":
    case "None":
      return { node, message: `cannot assign to ${nodeText(file, node)}` };
    default:
      if (LITERALS.has(node.name)) return { node, message: `cannot assign to literal${ASSIGN_SUFFIX}` };
      return node.type.is("Expression") || node.name.endsWith("Expression") ? { node, message: `cannot assign to expression${ASSIGN_SUFFIX}` } : undefined;
  }
}

function checkParameters(file: SourceFile, list: SyntaxNode, report: Report): void {
  const seen = new Set<string>();
  let defaulted = false;
  let starred = false;
  const parts = splitAtCommas(childNodes(list).slice(1, -1));
  const bare = parts.findIndex((part) => part.length === 1 && part[0]!.name === "*");
  if (bare !== -1 && (bare === parts.length - 1 || parts[bare + 1]![0]!.name === "**")) return report(parts[bare]![0]!.from, parts[bare]![0]!.to, "named arguments must follow bare *");
  for (const part of parts) {
    const name = part.find((node) => node.name === "VariableName");
    if (part[0]!.name === "*" || part[0]!.name === "**") starred = true;
    if (!name) continue;
    const text = nodeText(file, name);
    if (seen.has(text)) return report(name.from, name.to, `duplicate argument '${text}' in function definition`, "compiler");
    seen.add(text);
    const hasDefault = part.some((node) => node.name === "AssignOp");
    if (!starred && defaulted && !hasDefault) return report(name.from, name.to, "non-default argument follows default argument");
    defaulted ||= hasDefault;
  }
}

/** `from __future__` after other statements, and `import *` in a function or class body: the compiler's errors. */
function checkImport(file: SourceFile, node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  if (parts[0]?.name !== "from") return;
  const star = parts.find((part) => part.name === "*");
  if (star && inFunctionOrClass(node)) return report(star.from, star.to, "import * only allowed at module level", "compiler");
  if (!isFutureImport(file, node)) return;
  const atStart = node.parent?.name === "Script" && statementsBefore(node).every((statement, index) => isFutureImport(file, statement) || (index === 0 && isDocstring(statement)));
  if (!atStart) report(node.from, node.to, "from __future__ imports must occur at the beginning of the file", "compiler");
}

function inFunctionOrClass(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.name === "FunctionDefinition" || parent.name === "ClassDefinition") return true;
  }
  return false;
}

function statementsBefore(node: SyntaxNode): SyntaxNode[] {
  const statements: SyntaxNode[] = [];
  for (let sibling = node.prevSibling; sibling; sibling = sibling.prevSibling) if (!sibling.type.isSkipped && sibling.name !== "Comment") statements.unshift(sibling);
  return statements;
}

function isFutureImport(file: SourceFile, statement: SyntaxNode): boolean {
  const parts = childNodes(statement);
  return statement.name === "ImportStatement" && parts[0]?.name === "from" && parts[1] !== undefined && nodeText(file, parts[1]) === "__future__";
}

function isDocstring(statement: SyntaxNode): boolean {
  return statement.name === "ExpressionStatement" && statement.firstChild?.name === "String" && !statement.firstChild.nextSibling;
}

function checkArguments(file: SourceFile, list: SyntaxNode, report: Report): void {
  // Only keyword arguments can repeat or come before a positional one.
  if (!childNamed(list, "AssignOp") && !childNamed(list, "**")) return;
  const keywords = new Set<string>();
  let keywordSeen = false;
  for (const part of splitAtCommas(childNodes(list).slice(1, -1))) {
    const isKeyword = part[1]?.name === "AssignOp" && nodeText(file, part[1]) === "=";
    if (isKeyword) {
      const name = nodeText(file, part[0]!);
      if (keywords.has(name)) return report(part[0]!.from, part[part.length - 1]!.to, `keyword argument repeated: ${name}`, "compiler");
      keywords.add(name);
      keywordSeen = true;
    } else if (part[0]!.name === "**") keywordSeen = true;
    else if (keywordSeen && part[0]!.name !== "*" && !part.some((node) => node.name === "for")) {
      return report(part[0]!.from, part[part.length - 1]!.to, "positional argument follows keyword argument");
    }
  }
}
