// Errors of lezer's Python grammar where CPython 3.11 has none, found on the standard library and
// by generating code for CPython to judge: a bare `yield`, floats ending in a dot (`20.`), starred
// targets in comprehensions, and in a lambda's parameters the `/` marker and a trailing comma
// (`lambda a, /:`, `lambda a,:`). lezer recovers from each without losing the statements around
// it. (Statements it garbles, and form feeds in indentation, are rewritten before: parse.ts.)

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";

export function isGrammarGap(file: SourceFile, error: SyntaxNode): boolean {
  const previous = error.prevSibling;
  if (previous?.name === "yield" && error.from === previous.to) return true;
  if (previous?.name === "." && previous.prevSibling?.name === "Number" && /^\d[\d_]*$/.test(file.text.slice(previous.prevSibling.from, previous.from))) return true;
  if (file.text.slice(error.from, error.to) === "*" && followsFor(error)) return true;
  return isLambdaParameterGap(file, error);
}

/**
 * In a lambda's parameters: a first `/` after a comma that follows a parameter and no star, or
 * their end after a comma that follows a parameter or a `/` (not a bare `*`).
 */
function isLambdaParameterGap(file: SourceFile, error: SyntaxNode): boolean {
  if (error.parent?.name !== "ParamList" || error.parent.parent?.name !== "LambdaExpression") return false;
  const comma = error.prevSibling;
  const before = comma?.name === "," ? comma.prevSibling : null;
  if (!before || before.name === "*") return false;
  const text = file.text.slice(error.from, error.to);
  if (text === "/") return !before.type.isError && !followsStarOrSlash(file, error);
  return text === "" && error.nextSibling === null && (!before.type.isError || file.text.slice(before.from, before.to) === "/");
}

function followsStarOrSlash(file: SourceFile, node: SyntaxNode): boolean {
  for (let sibling = node.prevSibling; sibling; sibling = sibling.prevSibling) {
    if (sibling.name === "*" || sibling.name === "**" || (sibling.type.isError && file.text.slice(sibling.from, sibling.to) === "/")) return true;
  }
  return false;
}

/** The error sits among a comprehension's `for` targets. */
function followsFor(error: SyntaxNode): boolean {
  for (let sibling = error.prevSibling; sibling; sibling = sibling.prevSibling) {
    if (sibling.name === "for") return true;
    if (sibling.name === "in") return false;
  }
  return false;
}
