// Errors CPython 3.11's parser and compiler raise that lezer's more lenient grammar lets through:
// Python 2 leftovers (`print x`, `raise E, msg`), bad string escapes, a `try` without handlers,
// invalid assignment, `del` and `for` targets (targets.ts) and parameter or argument lists
// (signature-checks.ts) (the parser's); duplicate parameters, `import *` in a function, `global`
// and `nonlocal` the symbol table refuses (scope-declarations.ts), misplaced or unknown
// `__future__` imports, statements outside their function, loop or async function, repeated
// keywords, starred targets (the compiler's passes, reported only when the module parses).

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import { printReadsAsExpression } from "./grammar-patches.js";
import { MAX_CODE_POINT } from "./literals.js";
import type { Candidate, Report } from "./syntax-errors.js";
import { childNamed, childNodes, COMPREHENSIONS, nodeText, pythonTree, splitAtCommas, statementAt } from "./syntax.js";
import { scopeDeclarationErrors } from "./scope-declarations.js";
import { checkArguments, checkParameters } from "./signature-checks.js";
import { assignable, assignmentProblem, augmentedTargetProblem, deleteProblem, forTargetProblem, unparenthesized } from "./targets.js";

const CHECKED_NODES: ReadonlySet<string> = new Set([
  "PrintStatement", "String", "CompareOp", "TryStatement", "ReturnStatement", "YieldExpression", "YieldStatement", "AwaitExpression",
  "ArrayComprehensionExpression", "SetComprehensionExpression", "DictionaryComprehensionExpression", "BreakStatement", "ContinueStatement",
  "AssignStatement", "UpdateStatement", "DeleteStatement", "ForStatement", "ParamList", "ArgList", "ImportStatement", "RaiseStatement",
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
      case "YieldStatement": {
        const scope = functionScope(node);
        if (!scope) report(node.from, node.to, "'yield' outside function", "compiler");
        else if (scope === "comprehension") report(node.from, node.to, `'yield' inside ${COMPREHENSION_NAMES[innermostComprehension(node)!.name]}`, "symtable");
        else if (childNamed(node, "from") && scope === "async") report(node.from, node.to, "'yield from' inside async function", "compiler");
        break;
      }
      case "AwaitExpression": {
        const scope = functionScope(node);
        if (!scope) report(node.from, node.to, "'await' outside function", "compiler");
        else if (scope === "comprehension") checkAsyncComprehension(node, report);
        else if (scope !== "async") report(node.from, node.to, "'await' outside async function", "compiler");
        break;
      }
      case "ArrayComprehensionExpression":
      case "SetComprehensionExpression":
      case "DictionaryComprehensionExpression":
        if (childNamed(node, "async")) checkAsyncComprehension(node, report);
        break;
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
        // `count += 1`, `self.total += x`: most, and nothing to take apart.
        if (node.firstChild && assignable(node.firstChild) && node.firstChild.nextSibling?.name === "UpdateOp") break;
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
        if (node.parent?.name === "FunctionDefinition" || node.parent?.name === "LambdaExpression") checkParameters(file, node, report);
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

const DEFINITIONS: ReadonlySet<string> = new Set(["FunctionDefinition", "LambdaExpression", "ClassDefinition"]);

/** Parts of a definition evaluated where it is defined, not in its own scope: a function's parameters (their defaults and annotations) and return annotation, a class's bases. */
const EVALUATED_OUTSIDE: ReadonlySet<string> = new Set(["ParamList", "TypeDef", "ArgList"]);

/** The function-like scope the node runs in: undefined at module level or in a class body. */
function functionScope(node: SyntaxNode): "async" | "function" | "lambda" | "comprehension" | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (DEFINITIONS.has(parent.name) && EVALUATED_OUTSIDE.has(child.name)) continue;
    if (parent.name === "ClassDefinition") return undefined;
    if (parent.name === "LambdaExpression") return "lambda";
    if (COMPREHENSIONS.has(parent.name) && !inFirstIterable(parent, child)) return "comprehension";
    if (parent.name === "FunctionDefinition") return parent.firstChild?.name === "async" ? "async" : "function";
  }
  return undefined;
}

/** A comprehension's first iterable (`[x for x in HERE]`), which runs in the scope around it. */
function inFirstIterable(comprehension: SyntaxNode, child: SyntaxNode): boolean {
  let afterIn = false;
  for (let part = comprehension.firstChild; part; part = part.nextSibling) {
    if (part.name === "in") afterIn = true;
    else if (afterIn && (part.name === "for" || part.name === "if" || part.name === "async")) return false;
    else if (part.from === child.from && part.to === child.to) return afterIn;
  }
  return false;
}

/** CPython's names for the comprehensions, in "'yield' inside list comprehension". */
const COMPREHENSION_NAMES: Readonly<Record<string, string>> = {
  ComprehensionExpression: "generator expression", ArrayComprehensionExpression: "list comprehension",
  SetComprehensionExpression: "set comprehension", DictionaryComprehensionExpression: "dict comprehension",
};

/** The node itself if it is a comprehension, else the nearest comprehension around it. */
function innermostComprehension(node: SyntaxNode): SyntaxNode | null {
  let comprehension: SyntaxNode | null = node;
  while (comprehension && !COMPREHENSIONS.has(comprehension.name)) comprehension = comprehension.parent;
  return comprehension;
}

/**
 * `[await x for x in y]` or `[x async for x in y]` is an asynchronous comprehension, which only an
 * async function may hold; a generator expression becomes an asynchronous generator instead.
 */
function checkAsyncComprehension(node: SyntaxNode, report: Report): void {
  const comprehension = innermostComprehension(node);
  if (!comprehension || comprehension.name === "ComprehensionExpression") return;
  // Nested comprehensions run in the function around the outermost one.
  let outermost = comprehension;
  for (let parent = comprehension.parent; parent && !DEFINITIONS.has(parent.name); parent = parent.parent) {
    if (COMPREHENSIONS.has(parent.name)) outermost = parent;
  }
  if (functionScope(outermost) !== "async") report(comprehension.from, comprehension.to, "asynchronous comprehension outside of an asynchronous function", "compiler");
}

/** Inside the body of a loop (not its `else`), without a function or class in between. */
function inLoop(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === "FunctionDefinition" || parent.name === "ClassDefinition") return false;
    if ((parent.name === "ForStatement" || parent.name === "WhileStatement") && child.name === "Body" && parent.getChild("Body")?.from === child.from) return true;
  }
  return false;
}

/** `name = value`, `obj.attr = value`: most assignments, which need no closer look. */
function plainAssignment(node: SyntaxNode): boolean {
  const target = node.firstChild;
  if (!target || !assignable(target) || target.nextSibling?.name !== "AssignOp") return false;
  for (let part = target.nextSibling.nextSibling; part; part = part.nextSibling) if (part.name === "AssignOp") return false;
  return true;
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
  if (plainAssignment(node)) return;
  const { groups, value } = assignmentParts(node);
  const problem = assignmentProblem(file, groups, value);
  if (problem) return report(problem.start, problem.end, problem.message);
  for (const group of groups) if (group.length > 1 || group[0]?.name === "TupleExpression" || group[0]?.name === "ArrayExpression") checkStarredTargets(group, report);
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
  // `for name in …`: most loops, and nothing to take apart.
  const first = childNamed(node, "for")?.nextSibling;
  if (first && first.name === "VariableName" && first.nextSibling?.name === "in") return;
  const parts = childNodes(node);
  const targets = parts.slice(parts.findIndex((part) => part.name === "for") + 1, parts.findIndex((part) => part.name === "in"));
  if (targets.length === 0) return;
  const problem = forTargetProblem(file, targets);
  if (problem) return report(problem.start, problem.end, problem.message);
  checkStarredTargets(targets, report);
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
  if (!atStart) return report(node.from, node.to, "from __future__ imports must occur at the beginning of the file", "compiler");
  const unknown = importedNames(file, parts).find((name) => !FUTURE_FEATURES.has(name));
  if (unknown) report(node.from, node.to, unknown === "braces" ? "not a chance" : `future feature ${unknown} is not defined`, "compiler");
}

/** What `from __future__` can import in CPython 3.11 (Lib/__future__.py); anything else is the compiler's error. */
const FUTURE_FEATURES: ReadonlySet<string> = new Set([
  "nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
]);

/** The names a `from … import` statement imports, as named in the module (not their `as` names); `*` for a star. */
function importedNames(file: SourceFile, parts: readonly SyntaxNode[]): string[] {
  const names = parts.slice(parts.findIndex((part) => part.name === "import") + 1).filter((part) => part.name !== "(" && part.name !== ")");
  return splitAtCommas(names).flatMap(([name]) => (name?.name === "*" || name?.name === "VariableName" ? [nodeText(file, name)] : []));
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
  const string = statement.firstChild;
  const plain = string?.name === "String" || (string?.name === "ContinuedString" && !childNamed(string, "FormatString"));
  return statement.name === "ExpressionStatement" && plain && !string!.nextSibling;
}
