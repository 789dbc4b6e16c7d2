// What a `def` says about its function without running it: parameters, `global` names, returns.

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import type { FunctionSignature } from "./module.js";
import { childNodes, nodeText, splitAtCommas } from "./syntax.js";

/** The statement returns somewhere inside (not in a nested function or class). */
export function containsReturn(statement: SyntaxNode): boolean {
  let found = false;
  statement.cursor().iterate((ref) => {
    if (found || ref.name === "FunctionDefinition" || ref.name === "ClassDefinition" || ref.name === "LambdaExpression") return false;
    if (ref.name === "ReturnStatement") found = true;
    return undefined;
  });
  return found;
}

/** Names a function body declares `global` (outside nested functions and classes). */
export function globalNames(file: SourceFile, body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  body.cursor().iterate((ref) => {
    if (ref.name === "FunctionDefinition" || ref.name === "ClassDefinition") return false;
    if (ref.name === "ScopeStatement" && ref.node.firstChild?.name === "global") {
      for (const name of ref.node.getChildren("VariableName")) names.add(nodeText(file, name));
    }
    return undefined;
  });
  return names;
}

function parameterParts(definition: SyntaxNode): SyntaxNode[][] {
  const list = definition.getChild("ParamList");
  return list ? splitAtCommas(childNodes(list).slice(1, -1)) : [];
}

export function parameterNames(file: SourceFile, definition: SyntaxNode): string[] {
  return parameterParts(definition).flatMap((part) => {
    const name = part.find((node) => node.name === "VariableName");
    return name ? [nodeText(file, name)] : [];
  });
}

export function signature(definition: SyntaxNode): FunctionSignature {
  let requiredParams = 0;
  let positionalParams = 0;
  let acceptsArgs = false;
  let keywordOnly = false;
  for (const part of parameterParts(definition)) {
    const head = part[0]!.name;
    if (head === "/" || head === "**") continue;
    if (head === "*") {
      acceptsArgs ||= part.length > 1;
      keywordOnly = true;
      continue;
    }
    if (!keywordOnly) positionalParams++;
    if (!part.some((node) => node.name === "AssignOp")) requiredParams++;
  }
  return { requiredParams, positionalParams, acceptsArgs, returnsValue: returnsValue(definition) };
}

/** The body has a `return <value>` or a `yield` (a generator function returns a generator). */
function returnsValue(definition: SyntaxNode): boolean {
  let found = false;
  definition.getChild("Body")?.cursor().iterate((ref) => {
    if (found || ref.name === "FunctionDefinition" || ref.name === "ClassDefinition" || ref.name === "LambdaExpression") return false;
    if ((ref.name === "ReturnStatement" && ref.node.firstChild?.nextSibling) || ref.name === "YieldExpression" || ref.name === "YieldStatement") found = true;
    return undefined;
  });
  return found;
}
