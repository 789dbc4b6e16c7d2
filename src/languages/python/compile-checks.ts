// Errors CPython 3.11 raises while compiling that lezer's more lenient grammar lets through:
// Python 2 leftovers, unterminated strings, bad indentation, statements outside their context,
// invalid assignment targets and malformed parameter or argument lists. Messages are CPython's.

import type { SyntaxNode } from "@lezer/common";
import { positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import type { SyntaxProblem } from "./module.js";
import { childNodes, nodeText, pythonTree, splitAtCommas, statementAt, statementsIn } from "./syntax.js";

const ASSIGN_SUFFIX = " here. Maybe you meant '==' instead of '='?";
const LITERALS: ReadonlySet<string> = new Set(["String", "ContinuedString", "Number", "Ellipsis"]);
const CHECKED_NODES: ReadonlySet<string> = new Set([
  "PrintStatement", "String", "Number", "CompareOp", "TryStatement", "ReturnStatement", "YieldExpression", "YieldStatement",
  "AwaitExpression", "BreakStatement", "ContinueStatement", "AssignStatement", "ParamList", "ArgList",
]);

export function compileErrors(file: SourceFile): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const report = (start: number, end: number, message: string) => problems.push({ start, end, message, statement: statementAt(file, start) });
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (!CHECKED_NODES.has(ref.name)) return;
    const node = ref.node;
    switch (node.name) {
      case "PrintStatement":
        report(node.from, node.to, "Missing parentheses in call to 'print'. Did you mean print(...)?");
        break;
      case "String":
        checkStringEnd(file, node, report);
        checkStringEscapes(file, node, report);
        break;
      case "Number":
        checkNumber(file, node, report);
        break;
      case "CompareOp":
        if (nodeText(file, node) === "<>") report(node.from, node.to, "invalid syntax");
        break;
      case "TryStatement":
        checkExceptComma(node, report);
        break;
      case "ReturnStatement":
        if (!enclosing(node, ["FunctionDefinition"])) report(node.from, node.to, "'return' outside function");
        break;
      case "YieldExpression":
      case "YieldStatement":
        if (!enclosing(node, ["FunctionDefinition", "LambdaExpression"])) report(node.from, node.to, "'yield' outside function");
        break;
      case "AwaitExpression":
        if (!enclosing(node, ["FunctionDefinition"])) report(node.from, node.to, "'await' outside function");
        break;
      case "BreakStatement":
        if (!inLoop(node)) report(node.from, node.to, "'break' outside loop");
        break;
      case "ContinueStatement":
        if (!inLoop(node)) report(node.from, node.to, "'continue' not properly in loop");
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
    }
  });
  return [...problems, ...indentationErrors(file)];
}

type Report = (start: number, end: number, message: string) => void;

function checkStringEnd(file: SourceFile, node: SyntaxNode, report: Report): void {
  const text = nodeText(file, node);
  const body = text.replace(/^[a-zA-Z]*/, "");
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body[0]!;
  const closed = body.length >= 2 * quote.length && body.endsWith(quote) && !/(^|[^\\])(\\\\)*\\$/.test(body.slice(0, -quote.length));
  if (closed) return;
  const lastLine = positionAt(file, file.text.trimEnd().length).line;
  const kind = quote.length === 3 ? "unterminated triple-quoted string literal" : "unterminated string literal";
  const detected = quote.length === 3 ? lastLine : positionAt(file, node.from).line;
  report(node.from, node.to, `${kind} (detected at line ${detected})`);
}

const ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** `"\u03b"`: a \x, \u or \U escape short of hex digits, which the str decoder rejects. */
function checkStringEscapes(file: SourceFile, node: SyntaxNode, report: Report): void {
  const text = nodeText(file, node);
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

function checkNumber(file: SourceFile, node: SyntaxNode, report: Report): void {
  const text = nodeText(file, node);
  if (/_$|__|_[.eEjJ]|[.eE]_/.test(text)) report(node.from, node.to, "invalid decimal literal");
  else if (/^0[0-9_]*[1-9][0-9_]*$/.test(text)) {
    report(node.from, node.to, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
  }
}

/** Python 2's `except E, e:`. */
function checkExceptComma(node: SyntaxNode, report: Report): void {
  const parts = childNodes(node);
  parts.forEach((part, index) => {
    if (part.name === "except" && parts[index + 2]?.name === ",") report(parts[index + 1]!.from, parts[index + 3]?.to ?? parts[index + 2]!.to, "multiple exception types must be parenthesized");
  });
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
  for (const part of splitAtCommas(childNodes(list).slice(1, -1))) {
    const name = part.find((node) => node.name === "VariableName");
    if (part[0]!.name === "*" || part[0]!.name === "**") starred = true;
    if (!name) continue;
    const text = nodeText(file, name);
    if (seen.has(text)) return report(name.from, name.to, `duplicate argument '${text}' in function definition`);
    seen.add(text);
    const hasDefault = part.some((node) => node.name === "AssignOp");
    if (!starred && defaulted && !hasDefault) return report(name.from, name.to, "non-default argument follows default argument");
    defaulted ||= hasDefault;
  }
}

function checkArguments(file: SourceFile, list: SyntaxNode, report: Report): void {
  const keywords = new Set<string>();
  let keywordSeen = false;
  for (const part of splitAtCommas(childNodes(list).slice(1, -1))) {
    const isKeyword = part[1]?.name === "AssignOp" && nodeText(file, part[1]) === "=";
    if (isKeyword) {
      const name = nodeText(file, part[0]!);
      if (keywords.has(name)) return report(part[0]!.from, part[part.length - 1]!.to, `keyword argument repeated: ${name}`);
      keywords.add(name);
      keywordSeen = true;
    } else if (part[0]!.name === "**") keywordSeen = true;
    else if (keywordSeen && part[0]!.name !== "*" && !part.some((node) => node.name === "for")) {
      return report(part[0]!.from, part[part.length - 1]!.to, "positional argument follows keyword argument");
    }
  }
}

/** `unexpected indent` and `unindent does not match any outer indentation level`, from where statements start. */
function indentationErrors(file: SourceFile): SyntaxProblem[] {
  let previous = 0;
  for (const { node, expected } of lineStatements(file, pythonTree(file).topNode, 0)) {
    const column = indentation(file, node.from);
    if (column === undefined) continue;
    if (column !== expected) {
      const message = column > previous ? "unexpected indent" : "unindent does not match any outer indentation level";
      return [{ start: node.from, end: node.from, message, statement: statementAt(file, node.from) }];
    }
    previous = column;
  }
  return [];
}

/** Statements in document order with the indentation their block sets (the first statement's, or 0 for the module). */
function* lineStatements(file: SourceFile, container: SyntaxNode, expected: number): Generator<{ node: SyntaxNode; expected: number }> {
  for (const statement of statementsIn(container)) {
    yield { node: statement, expected };
    for (const body of bodiesOf(statement)) {
      const first = statementsIn(body)[0];
      const column = first && indentation(file, first.from);
      if (column !== undefined) yield* lineStatements(file, body, column);
    }
  }
}

function bodiesOf(statement: SyntaxNode): SyntaxNode[] {
  if (statement.name === "DecoratedStatement") return statement.lastChild ? bodiesOf(statement.lastChild) : [];
  if (statement.name === "MatchStatement") return statement.getChild("MatchBody")?.getChildren("MatchClause").flatMap((clause) => clause.getChildren("Body")) ?? [];
  return statement.getChildren("Body");
}

/** The width of the indentation before `offset` (tabs to multiples of 8), or undefined when the line has other text first. */
function indentation(file: SourceFile, offset: number): number | undefined {
  const lineStart = file.text.lastIndexOf("\n", offset - 1) + 1;
  const prefix = file.text.slice(lineStart, offset);
  if (!/^[ \t\f]*$/.test(prefix)) return undefined;
  let width = 0;
  for (const char of prefix) width = char === "\t" ? (Math.floor(width / 8) + 1) * 8 : char === "\f" ? 0 : width + 1;
  return width;
}
