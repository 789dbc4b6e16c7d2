// Assignment, `del`, augmented-assignment and `for` targets that CPython 3.11's parser refuses and
// lezer's grammar accepts (`f() = 1`, `del f()`, `(a, b) += 1`, `for f() in x`), worded as CPython
// words them: it names what the target is (_PyPegen_get_expr_name) and, for an expression written
// where `==` may have been meant, adds "Maybe you meant '==' instead of '='?".

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import { childNodes, nodeText, splitAtCommas } from "./syntax.js";

export interface TargetProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(["CompareOp", "in", "is", "not"]);
const LITERALS: ReadonlySet<string> = new Set(["String", "Number"]);

/** A name, an attribute or a subscript: what may be assigned to or deleted. */
export function assignable(node: SyntaxNode): boolean {
  return node.name === "VariableName" || node.name === "MemberExpression";
}

/** CPython's name for an expression in its target errors. */
function expressionName(file: SourceFile, node: SyntaxNode): string {
  switch (node.name) {
    case "VariableName":
      return "name";
    case "MemberExpression":
      return childNodes(node).some((part) => part.name === "[") ? "subscript" : "attribute";
    case "TupleExpression":
      return "tuple";
    case "ArrayExpression":
      return "list";
    case "CallExpression":
      return "function call";
    case "LambdaExpression":
      return "lambda";
    case "ConditionalExpression":
      return "conditional expression";
    case "NamedExpression":
      return "named expression";
    case "ComprehensionExpression":
      return "generator expression";
    case "ArrayComprehensionExpression":
      return "list comprehension";
    case "SetComprehensionExpression":
      return "set comprehension";
    case "DictionaryComprehensionExpression":
      return "dict comprehension";
    case "DictionaryExpression":
      return "dict literal";
    case "SetExpression":
      return "set display";
    case "YieldExpression":
      return "yield expression";
    case "AwaitExpression":
      return "await expression";
    case "FormatString":
      return "f-string expression";
    case "ContinuedString":
      return childNodes(node).some((part) => part.name === "FormatString") ? "f-string expression" : "literal";
    case "Ellipsis":
      return "ellipsis";
    case "None":
    case "Boolean":
      return nodeText(file, node);
    case "BinaryExpression":
      return childNodes(node).some((part) => COMPARISON_OPERATORS.has(part.name)) ? "comparison" : "expression";
    default:
      return LITERALS.has(node.name) ? "literal" : "expression";
  }
}

/** The expression inside redundant parentheses: `((f()))` is `f()` to CPython, whose syntax tree keeps no parentheses. */
export function unparenthesized(node: SyntaxNode): SyntaxNode {
  let inner = node;
  while (inner.name === "ParenthesizedExpression") {
    const parts = childNodes(inner).slice(1, -1);
    if (parts.length !== 1) break;
    inner = parts[0]!;
  }
  return inner;
}

/**
 * The first part of a target CPython cannot assign to or delete (_PyPegen_get_invalid_target): it
 * looks into tuples and lists, past a starred item's `*` (a starred item is itself the problem
 * for `del`).
 */
function invalidTarget(file: SourceFile, element: readonly SyntaxNode[], verb: "assign to" | "delete"): TargetProblem | undefined {
  if (element[0]?.name === "*") {
    if (verb === "delete") return { start: element[0].from, end: element.at(-1)!.to, message: "cannot delete starred" };
    return element.length > 1 ? invalidTarget(file, element.slice(1), verb) : undefined;
  }
  const node = unparenthesized(element.at(-1)!);
  if (node.name === "TupleExpression" || node.name === "ArrayExpression") return firstInvalid(file, childNodes(node).slice(1, -1), verb);
  return assignable(node) ? undefined : { start: node.from, end: node.to, message: `cannot ${verb} ${expressionName(file, node)}` };
}

function firstInvalid(file: SourceFile, nodes: readonly SyntaxNode[], verb: "assign to" | "delete"): TargetProblem | undefined {
  // The common target, one name or attribute, needs no splitting.
  if (nodes.length === 1 && assignable(nodes[0]!)) return undefined;
  for (const element of splitAtCommas(nodes)) {
    const found = invalidTarget(file, element, verb);
    if (found) return found;
  }
  return undefined;
}

/** `del f()`: "cannot delete function call". */
export function deleteProblem(file: SourceFile, targets: readonly SyntaxNode[]): TargetProblem | undefined {
  return firstInvalid(file, targets, "delete");
}

/** `for f() in x:`: "cannot assign to function call". */
export function forTargetProblem(file: SourceFile, targets: readonly SyntaxNode[]): TargetProblem | undefined {
  return firstInvalid(file, targets, "assign to");
}

/** `(a, b) += 1`, `a, b += 1`, `*a += 1`: only a name, an attribute or a subscript takes an augmented assignment. */
export function augmentedTargetProblem(file: SourceFile, target: readonly SyntaxNode[]): TargetProblem | undefined {
  const message = (name: string) => `'${name}' is an illegal expression for augmented assignment`;
  const [start, end] = [target[0]!.from, target.at(-1)!.to];
  if (target.some((part) => part.name === ",")) return { start, end, message: message("tuple") };
  if (target[0]!.name === "*") return { start, end, message: message("starred") };
  const node = unparenthesized(target[0]!);
  return assignable(node) ? undefined : { start: node.from, end: node.to, message: message(expressionName(file, node)) };
}

/** What a bare `a = b` may have meant as `a == b`: CPython's parser tries that reading first, for these forms only. */
const NOT_COMPARABLE: ReadonlySet<string> = new Set(["LambdaExpression", "ConditionalExpression", "YieldExpression", "*"]);

/** Written at the precedence of an operand of `==` (a bitwise `|` or tighter), which CPython may take for a mistyped comparison. */
function operandLike(node: SyntaxNode): boolean {
  if (NOT_COMPARABLE.has(node.name)) return false;
  if (node.name === "UnaryExpression") return node.firstChild?.name !== "not";
  if (node.name === "BinaryExpression") return !childNodes(node).some((part) => COMPARISON_OPERATORS.has(part.name) || part.name === "and" || part.name === "or");
  return true;
}

/** Written as a tuple, a list, a generator or a constant, which CPython never takes for a mistyped comparison's operand. */
const NOT_OPERANDS: ReadonlySet<string> = new Set(["TupleExpression", "ArrayExpression", "ComprehensionExpression", "None", "Boolean"]);

/** Whether the value starts with an operand of `==` (`a if b else c` starts with `a`), as CPython's reading of a mistyped comparison needs. */
function startsWithOperand(node: SyntaxNode): boolean {
  let first = node;
  while ((first.name === "ConditionalExpression" || first.name === "BinaryExpression") && first.firstChild) first = first.firstChild;
  return operandLike(first);
}

/**
 * The first target of `a = b = …` CPython refuses. With one `=`, CPython first reads the
 * statement as a mistyped comparison (`f() = x` for `f() == x`): when the last target before the
 * `=` is written as an operand of `==`, it names that one, even an attribute that could be
 * assigned to, and asks whether `==` was meant; when that is a plain name (`f(), a = 1`), it
 * blames `a = 1` and offers `==` or `:=`.
 */
export function assignmentProblem(file: SourceFile, groups: readonly (readonly SyntaxNode[])[], value: readonly SyntaxNode[]): TargetProblem | undefined {
  const invalid = groups.reduce<TargetProblem | undefined>((found, group) => found ?? firstInvalid(file, group, "assign to"), undefined);
  if (!invalid) return undefined;
  const first = groups[0]!;
  const last = splitAtCommas(first).at(-1)!;
  const written = last.at(-1)!;
  // What follows the first `=`: CPython's reading needs an operand there that no other `=` follows.
  const next = groups[1] ?? value;
  const assignedOn = groups.length > 1 && next.length === 1 && operandLike(next[0]!);
  const comparable = next[0] && startsWithOperand(next[0]) && !assignedOn && first.at(-1)!.name !== "," && last.length === 1 && !NOT_OPERANDS.has(written.name) && operandLike(written);
  if (!comparable) return invalid;
  if (written.name === "VariableName") return { start: written.from, end: next[0]!.to, message: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?" };
  const node = unparenthesized(written);
  return { start: node.from, end: node.to, message: `cannot assign to ${expressionName(file, node)} here. Maybe you meant '==' instead of '='?` };
}
