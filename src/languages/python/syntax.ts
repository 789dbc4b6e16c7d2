// The @lezer/python tree of a file, parsed once, and small helpers for its flat node shapes
// (an assignment's targets, a call's arguments and a statement's parts are siblings, not subtrees).

import type { NodeType, SyntaxNode, Tree } from "@lezer/common";
import { lineSite, positionAt, site } from "../../engine/source.js";
import type { Site, SourceFile } from "../../engine/types.js";
import { parsePython, type ParsedPython } from "./parse.js";

const parsed = new WeakMap<SourceFile, ParsedPython>();

function parsedFile(file: SourceFile): ParsedPython {
  let result = parsed.get(file);
  if (!result) {
    result = parsePython(file.text);
    parsed.set(file, result);
  }
  return result;
}

export function pythonTree(file: SourceFile): Tree {
  return parsedFile(file).tree;
}

/** The tree's error nodes, in document order. */
export function parseErrors(file: SourceFile): readonly SyntaxNode[] {
  return parsedFile(file).errors;
}

/** Where lezer gave up on a module nested deeper than it reads (see parse.ts): the tree ends there, and nothing after it is known. */
export function unparsedFrom(file: SourceFile): number | undefined {
  return parsedFile(file).unparsedFrom;
}

/** True for an `or` node that the file spells `as` (see parse.ts). */
export function readAsAs(file: SourceFile, node: SyntaxNode): boolean {
  return parsedFile(file).asRewritten.has(node.from);
}

export function childNodes(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!child.type.isSkipped) children.push(child);
  }
  return children;
}

/**
 * The first child named `name` (a node name, not a group's), as lezer's getChild finds it but
 * without the cursor getChild builds, whose cost grows with the node's depth in the tree.
 */
export function childNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) return child;
  }
  return null;
}

export function nodeText(file: SourceFile, node: SyntaxNode): string {
  return file.text.slice(node.from, node.to);
}

/** The four comprehensions, each a scope of its own: generator, list, set and dict. */
export const COMPREHENSIONS: ReadonlySet<string> = new Set(["ComprehensionExpression", "ArrayComprehensionExpression", "SetComprehensionExpression", "DictionaryComprehensionExpression"]);

/** One white-space character. */
export const SPACE = /\s/;

/** The node's range without the line break and blank lines lezer attaches to compound statements. */
export function nodeSite(file: SourceFile, node: { readonly from: number; readonly to: number }): Site {
  let end = node.to;
  while (end > node.from && SPACE.test(file.text[end - 1]!)) end--;
  return site(file, node.from, end);
}

/** Simple statements and the parts of a definition before its body: with expressions, the nodes no statement is inside. */
const NO_STATEMENT_INSIDE: ReadonlySet<string> = new Set(["AssignStatement", "ExpressionStatement", "ReturnStatement", "ImportStatement", "Decorator", "ParamList"]);

/** No statement is inside a node of this type, so a walk for statements need not enter it. */
export function holdsNoStatement(type: NodeType): boolean {
  return type.is("Expression") || NO_STATEMENT_INSIDE.has(type.name);
}

/** The statements directly inside a Script or a Body, with `a; b` groups flattened. */
export function statementsIn(container: SyntaxNode): SyntaxNode[] {
  const statements: SyntaxNode[] = [];
  for (let child = container.firstChild; child; child = child.nextSibling) {
    if (child.name !== "StatementGroup") {
      if (child.type.is("Statement")) statements.push(child);
      continue;
    }
    for (let part = child.firstChild; part; part = part.nextSibling) {
      if (!part.type.isSkipped && part.name !== ";") statements.push(part);
    }
  }
  return statements;
}

/** Splits sibling nodes at top-level commas: `a, *b = …` gives [[a], [*, b]]. */
export function splitAtCommas(nodes: readonly SyntaxNode[]): SyntaxNode[][] {
  // Slices, not arrays grown by push: V8 gives an array its first push room for 17 items.
  const parts: SyntaxNode[][] = [];
  let start = 0;
  for (let index = 0; index <= nodes.length; index++) {
    if (index < nodes.length && nodes[index]!.name !== ",") continue;
    if (index > start) parts.push(nodes.slice(start, index));
    start = index + 1;
  }
  return parts;
}

export interface CallArguments {
  readonly positional: readonly SyntaxNode[];
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
  /** True when `*args` or `**kwargs` make the argument list unknowable. */
  readonly spread: boolean;
  /** `f(x := 1)` walrus arguments, which bind `x` in the caller's scope. */
  readonly walruses: readonly { name: SyntaxNode; value: SyntaxNode }[];
}

export function callArguments(file: SourceFile, argList: SyntaxNode): CallArguments {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const walruses: { name: SyntaxNode; value: SyntaxNode }[] = [];
  let spread = false;
  // One walk over the children, keeping of each argument between commas its first three nodes.
  let first: SyntaxNode | undefined;
  let second: SyntaxNode | undefined;
  let third: SyntaxNode | undefined;
  for (let child = argList.firstChild; ; child = child.nextSibling) {
    if (child && child.name !== ",") {
      if (!child.type.isSkipped && child.name !== "(" && child.name !== ")") {
        if (!first) first = child;
        else if (!second) second = child;
        else third ??= child;
      }
      continue;
    }
    if (first?.name === "*" || first?.name === "**") spread = true;
    else if (first && second?.name === "AssignOp" && third) {
      if (nodeText(file, second) === ":=") {
        walruses.push({ name: first, value: third });
        positional.push(third);
      } else keywords.set(nodeText(file, first), third);
    } else if (first) positional.push(first);
    if (!child) break;
    first = second = third = undefined;
  }
  return { positional, keywords, spread, walruses };
}

/** `a.b.c` as "a.b.c" when the expression is only names and attributes. */
export function dottedName(file: SourceFile, node: SyntaxNode): string | undefined {
  if (node.name === "VariableName") return nodeText(file, node);
  if (node.name !== "MemberExpression") return undefined;
  const [object, dot, property] = childNodes(node);
  if (dot?.name !== "." || property?.name !== "PropertyName") return undefined;
  const head = dottedName(file, object!);
  return head === undefined ? undefined : `${head}.${nodeText(file, property)}`;
}

/** The innermost statement holding the offset, else the offset's line. */
export function statementAt(file: SourceFile, offset: number): Site {
  for (let node: SyntaxNode | null = pythonTree(file).resolveInner(offset, 1); node; node = node.parent) {
    if (node.type.is("Statement") && node.name !== "StatementGroup") return nodeSite(file, node);
  }
  return lineSite(file, positionAt(file, offset).line);
}
