// Errors CPython 3.11's parser and compiler raise that lezer's more lenient grammar lets through:
// Python 2 leftovers (`print x`, `raise E, msg`), bad string escapes, a `try` without handlers,
// invalid assignment, `del` and `for` targets and parameter or argument lists (the parser's);
// misplaced `__future__` imports, duplicate parameters, `import *` in a function, `global` and
// `nonlocal` the symbol table refuses (scope-declarations.ts), statements outside their function,
// loop or async function, repeated keywords, starred targets (the compiler's passes, reported
// only when the module parses).

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import { printReadsAsExpression } from "./grammar-patches.js";
import { MAX_CODE_POINT } from "./literals.js";
import type { Candidate } from "./syntax-errors.js";
import { childNamed, childNodes, nodeText, pythonTree, splitAtCommas, statementAt } from "./syntax.js";
import { scopeDeclarationErrors } from "./scope-declarations.js";
import { assignmentProblem, augmentedTargetProblem, deleteProblem, forTargetProblem, unparenthesized } from "./targets.js";

const CHECKED_NODES: ReadonlySet<string> = new Set([
  "PrintStatement", "String", "CompareOp", "TryStatement", "ReturnStatement", "YieldExpression", "YieldStatement",
  "AwaitExpression", "BreakStatement", "ContinueStatement", "AssignStatement", "UpdateStatement", "DeleteStatement", "ForStatement", "ParamList", "ArgList", "ImportStatement",
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
        if (!functionScope(node)) report(node.from, node.to, "'return' outside function", "compiler");
        break;
      case "YieldExpression":
      case "YieldStatement":
        if (!functionScope(node)) report(node.from, node.to, "'yield' outside function", "compiler");
        else if (childNamed(node, "from") && functionScope(node) === "async") report(node.from, node.to, "'yield from' inside async function", "compiler");
        break;
      case "AwaitExpression": {
        const scope = functionScope(node);
        if (!scope) report(node.from, node.to, "'await' outside function", "compiler");
        else if (scope !== "async" && scope !== "comprehension") report(node.from, node.to, "'await' outside async function", "compiler");
        break;
      }
      case "BreakStatement":
        if (!inLoop(node)) report(node.from, node.to, "'break' outside loop", "compiler");
        break;
      case "ContinueStatement":
        if (!inLoop(node)) report(node.from, node.to, "'continue' not properly in loop", "compiler");
        break;
      case "AssignStatement":
        checkAssignment(file, node, report);
        break;
      case "UpdateStatement": {
        const parts = childNodes(node);
        const operator = parts.findIndex((part) => part.name === "UpdateOp");
        const problem = operator > 0 ? augmentedTargetProblem(file, parts.slice(0, operator)) : undefined;
        if (problem) report(problem.start, problem.end, problem.message);
        break;
      }
      case "DeleteStatement": {
        const problem = deleteProblem(file, childNodes(node).slice(1));
        if (problem) report(problem.start, problem.end, problem.message);
        break;
      }
      case "ForStatement":
        checkFor(file, node, report);
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
    }
  });
  return [...problems, ...scopeDeclarationErrors(file)];
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
    const hex = /^[0-9a-fA-F]*/.exec(content.slice(start + 2, start + 2 + needed))![0];
    const digits = hex.length;
    if (digits === needed && parseInt(hex, 16) > MAX_CODE_POINT) {
      return report(node.from, node.to, `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${start + 1 + digits}: illegal Unicode character`);
    }
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

const COMPREHENSIONS: ReadonlySet<string> = new Set(["ComprehensionExpression", "ArrayComprehensionExpression", "SetComprehensionExpression", "DictionaryComprehensionExpression"]);

/** Parts of a definition evaluated where it is defined, not in its own scope: a function's parameters (their defaults and annotations) and return annotation, a class's bases. */
const EVALUATED_OUTSIDE: ReadonlySet<string> = new Set(["ParamList", "TypeDef", "ArgList"]);

/** The function-like scope the node runs in: undefined at module level or in a class body. */
function functionScope(node: SyntaxNode): "async" | "function" | "lambda" | "comprehension" | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    const definition = parent.name === "FunctionDefinition" || parent.name === "LambdaExpression" || parent.name === "ClassDefinition";
    if (definition && EVALUATED_OUTSIDE.has(child.name)) continue;
    if (parent.name === "ClassDefinition") return undefined;
    if (parent.name === "LambdaExpression") return "lambda";
    if (COMPREHENSIONS.has(parent.name)) return "comprehension";
    if (parent.name === "FunctionDefinition") return parent.firstChild?.name === "async" ? "async" : "function";
  }
  return undefined;
}

/** Inside the body of a loop (not its `else`), without a function or class in between. */
function inLoop(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === "FunctionDefinition" || parent.name === "ClassDefinition") return false;
    if ((parent.name === "ForStatement" || parent.name === "WhileStatement") && child.name === "Body" && parent.getChild("Body")?.from === child.from) return true;
  }
  return false;
}

/** The targets of `a = b = value`, each group as written, and the value. */
function assignmentParts(node: SyntaxNode): { groups: SyntaxNode[][]; value: SyntaxNode[] } {
  const groups: SyntaxNode[][] = [[]];
  for (const part of childNodes(node)) {
    if (part.name === "TypeDef") continue;
    if (part.name === "AssignOp") groups.push([]);
    else groups[groups.length - 1]!.push(part);
  }
  return { groups: groups.slice(0, -1), value: groups[groups.length - 1]! };
}

function checkAssignment(file: SourceFile, node: SyntaxNode, report: Report): void {
  const { groups, value } = assignmentParts(node);
  const problem = assignmentProblem(file, groups, value);
  if (problem) return report(problem.start, problem.end, problem.message);
  for (const group of groups) checkStarredTargets(group, report);
}

/**
 * `a, *b, *c = d`: at most one starred target per tuple or list, and none alone (`*a = b`); the
 * compiler's errors, at the whole tuple or list.
 */
function checkStarredTargets(targets: readonly SyntaxNode[], report: Report, within?: SyntaxNode): void {
  const elements = splitAtCommas(targets);
  const starred = elements.filter((element) => element[0]?.name === "*").length;
  const [start, end] = within ? [within.from, within.to] : [targets[0]?.from ?? 0, targets.at(-1)?.to ?? 0];
  if (starred > 1) return report(start, end, "multiple starred expressions in assignment", "compiler");
  if (!within && starred === 1 && !targets.some((part) => part.name === ",")) return report(start, end, "starred assignment target must be in a list or tuple", "compiler");
  for (const element of elements) {
    const inner = unparenthesized(element.at(-1)!);
    if (inner.name === "TupleExpression" || inner.name === "ArrayExpression") checkStarredTargets(childNodes(inner).slice(1, -1), report, inner);
  }
}

function checkFor(file: SourceFile, node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  const targets = parts.slice(parts.findIndex((part) => part.name === "for") + 1, parts.findIndex((part) => part.name === "in"));
  if (targets.length === 0) return;
  const problem = forTargetProblem(file, targets);
  if (problem) return report(problem.start, problem.end, problem.message);
  checkStarredTargets(targets, report);
}

function checkParameters(file: SourceFile, list: SyntaxNode, report: Report): void {
  const parts = splitAtCommas(childNodes(list).slice(1, -1));
  const order = parameterOrderProblem(parts);
  if (order) report(order.from, order.to, order.message);
  const seen = new Set<string>();
  for (const part of parts) {
    const name = part.find((node) => node.name === "VariableName");
    if (!name) continue;
    const text = nodeText(file, name);
    if (seen.has(text)) return report(name.from, name.to, `duplicate argument '${text}' in function definition`, "symtable");
    seen.add(text);
  }
}

/** The parser's rules for the order of parameters: defaults, a single `*`, nothing after `**`. */
function parameterOrderProblem(parts: readonly SyntaxNode[][]): { from: number; to: number; message: string } | undefined {
  let defaulted = false;
  let starred = false;
  let keywordsStarred = false;
  for (const part of parts) {
    const name = part.find((node) => node.name === "VariableName");
    if (keywordsStarred) return { from: part[0]!.from, to: part.at(-1)!.to, message: "arguments cannot follow var-keyword argument" };
    if (part[0]!.name === "*" && starred) return { from: part[0]!.from, to: part[0]!.to, message: "* argument may appear only once" };
    starred ||= part[0]!.name === "*" || part[0]!.name === "**";
    keywordsStarred = part[0]!.name === "**";
    if (!name) continue;
    const hasDefault = part.some((node) => node.name === "AssignOp");
    if (!starred && defaulted && !hasDefault) return { from: name.from, to: name.to, message: "non-default argument follows default argument" };
    defaulted ||= hasDefault;
  }
  const bare = parts.findIndex((part) => part.length === 1 && part[0]!.name === "*");
  if (bare !== -1 && (bare === parts.length - 1 || parts[bare + 1]![0]!.name === "**")) return { from: parts[bare]![0]!.from, to: parts[bare]![0]!.to, message: "named arguments must follow bare *" };
  return undefined;
}

/** `from __future__` after other statements, and `import *` in a function or class body: the compiler's errors. */
function checkImport(file: SourceFile, node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  if (parts[0]?.name !== "from") return;
  const star = parts.find((part) => part.name === "*");
  if (star && inFunctionOrClass(node)) return report(star.from, star.to, "import * only allowed at module level", "symtable");
  if (!isFutureImport(file, node)) return;
  // `from __future__ import annotations; import os` is a group of statements on one line.
  const group = node.parent?.name === "StatementGroup" ? node.parent : undefined;
  const before = [...statementsBefore(group ?? node), ...(group ? childNodes(group).filter((statement) => statement.from < node.from && statement.name !== ";") : [])];
  const atStart = (group ?? node).parent?.name === "Script" && before.every((statement, index) => isFutureImport(file, statement) || (index === 0 && isDocstring(statement)));
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

/** `f(x for x in y, 1)`: a generator beside other arguments, from its first node to its iterable's end; the commas of `for a, b in` are its own. */
function unparenthesizedGenerator(nodes: readonly SyntaxNode[]): { from: number; to: number } | undefined {
  const firstFor = nodes.findIndex((node) => node.name === "for");
  if (firstFor === -1) return undefined;
  const lastIn = nodes.map((node) => node.name).lastIndexOf("in");
  const commaBefore = nodes.slice(0, firstFor).map((node) => node.name).lastIndexOf(",");
  const commaAfter = nodes.findIndex((node, index) => index > lastIn && node.name === ",");
  if (commaBefore === -1 && commaAfter === -1) return undefined;
  return { from: nodes[commaBefore + 1]!.from, to: nodes[commaAfter === -1 ? nodes.length - 1 : commaAfter - 1]!.to };
}

function checkArguments(file: SourceFile, list: SyntaxNode, report: Report): void {
  const nodes = childNodes(list).slice(1, -1);
  const generator = unparenthesizedGenerator(nodes);
  if (generator) return report(generator.from, generator.to, "Generator expression must be parenthesized");
  const parts = splitAtCommas(nodes);
  // Only keyword arguments can repeat or come before a positional one.
  if (!childNamed(list, "AssignOp") && !childNamed(list, "**")) return;
  const keywords = new Set<string>();
  let repeated: { from: number; to: number; message: string } | undefined;
  let keywordSeen: "keyword" | "unpacking" | undefined;
  for (const part of parts) {
    const isKeyword = part[1]?.name === "AssignOp" && nodeText(file, part[1]) === "=";
    if (isKeyword) {
      const name = nodeText(file, part[0]!);
      // The compiler's error: the parser's, later in the list, come first.
      if (keywords.has(name) && !repeated) repeated = { from: part[0]!.from, to: part.at(-1)!.to, message: `keyword argument repeated: ${name}` };
      keywords.add(name);
      keywordSeen ??= "keyword";
    } else if (part[0]!.name === "**") keywordSeen = "unpacking";
    else if (part[0]!.name === "*") {
      if (keywordSeen === "unpacking") return report(part[0]!.from, part[0]!.to, "iterable argument unpacking follows keyword argument unpacking");
    } else if (keywordSeen) {
      const message = keywordSeen === "unpacking" ? "positional argument follows keyword argument unpacking" : "positional argument follows keyword argument";
      return report(part[0]!.from, part.at(-1)!.to, message);
    }
  }
  if (repeated) report(repeated.from, repeated.to, repeated.message, "compiler");
}
