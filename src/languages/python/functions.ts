// What a `def` says about its function without running it: parameters, `global` names, returns.

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import type { FunctionSignature } from "./module.js";
import { childNamed, childNodes, holdsNoStatement, nodeText, splitAtCommas } from "./syntax.js";

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
  // Most bodies have none: the text tells without a walk.
  if (!nodeText(file, body).includes("global")) return names;
  body.cursor().iterate((ref) => {
    if (ref.name === "FunctionDefinition" || ref.name === "ClassDefinition" || holdsNoStatement(ref.type)) return false;
    if (ref.name === "ScopeStatement" && ref.node.firstChild?.name === "global") {
      for (const name of ref.node.getChildren("VariableName")) names.add(nodeText(file, name));
    }
    return undefined;
  });
  return names;
}

function parameterParts(definition: SyntaxNode): SyntaxNode[][] {
  const list = childNamed(definition, "ParamList");
  return list ? splitAtCommas(childNodes(list).slice(1, -1)) : [];
}

export function parameterNames(file: SourceFile, definition: SyntaxNode): string[] {
  return parameterParts(definition).flatMap((part) => {
    const name = part.find((node) => node.name === "VariableName");
    return name ? [nodeText(file, name)] : [];
  });
}

export function signature(file: SourceFile, definition: SyntaxNode): FunctionSignature {
  let acceptsArgs = false;
  let keywordOnly = false;
  const positionalNames: string[] = [];
  const requiredPositional: string[] = [];
  const requiredKeywordOnly: string[] = [];
  const keywordOnlyNames: string[] = [];
  let acceptsKeywords = false;
  for (const part of parameterParts(definition)) {
    const head = part[0]!.name;
    if (head === "**") {
      acceptsKeywords = true;
      continue;
    }
    if (head === "*") {
      acceptsArgs ||= part.length > 1;
      keywordOnly = true;
      continue;
    }
    const nameNode = part.find((node) => node.name === "VariableName");
    const name = nameNode ? nodeText(file, nameNode) : "";
    const required = !part.some((node) => node.name === "AssignOp");
    (keywordOnly ? keywordOnlyNames : positionalNames).push(name);
    if (required) (keywordOnly ? requiredKeywordOnly : requiredPositional).push(name);
  }
  const slash = slashPosition(file, definition);
  const positionalOnly = slash === undefined ? 0 : Math.min(slash, positionalNames.length);
  const functionName = childNamed(definition, "VariableName");
  return {
    name: functionName ? nodeText(file, functionName) : "<function>",
    requiredParams: requiredPositional.length + requiredKeywordOnly.length, positionalParams: positionalNames.length,
    acceptsArgs, ...returns(file, definition),
    positionalNames, positionalOnly, keywordOnlyNames, acceptsKeywords, requiredPositional, requiredKeywordOnly,
  };
}

/** How many parameters come before a `/` (which the tree leaves out: only the text between two commas shows it). */
function slashPosition(file: SourceFile, definition: SyntaxNode): number | undefined {
  const list = childNamed(definition, "ParamList");
  if (!list) return undefined;
  let names = 0;
  let previous: SyntaxNode | undefined;
  for (const node of childNodes(list)) {
    if (node.name === "VariableName" && previous?.name !== "*" && previous?.name !== "**") names++;
    if ((node.name === "," || node.name === ")") && previous && (previous.name === "," || previous.name === "(") && file.text.slice(previous.to, node.from).includes("/")) return names;
    if (node.name === "*") return undefined;
    previous = node;
  }
  return undefined;
}

/**
 * The TypeError CPython 3.11 raises when the function is called with `positional` arguments by
 * position and the `keywords` named; undefined when the call binds.
 */
export function callError(signature: FunctionSignature, positional: number, keywords: readonly string[]): string | undefined {
  const name = signature.name;
  // Keywords bind first: one no parameter takes, or one a positional argument already gave.
  const byName = new Set([...signature.positionalNames.slice(signature.positionalOnly), ...signature.keywordOnlyNames]);
  for (const keyword of keywords) {
    if (!byName.has(keyword)) {
      if (signature.acceptsKeywords) continue;
      const positionalOnly = keywords.filter((candidate) => signature.positionalNames.slice(0, signature.positionalOnly).includes(candidate));
      if (positionalOnly.length > 0) return `TypeError: ${name}() got some positional-only arguments passed as keyword arguments: '${positionalOnly.join(", ")}'`;
      return `TypeError: ${name}() got an unexpected keyword argument '${keyword}'`;
    }
    const index = signature.positionalNames.indexOf(keyword);
    if (index >= signature.positionalOnly && index < positional) return `TypeError: ${name}() got multiple values for argument '${keyword}'`;
  }
  if (positional > signature.positionalParams && !signature.acceptsArgs) {
    const atLeast = signature.requiredPositional.length;
    const most = signature.positionalParams;
    const takes = atLeast < most ? `from ${atLeast} to ${most} positional arguments` : `${most} positional argument${most === 1 ? "" : "s"}`;
    const keywordOnlyGiven = keywords.filter((keyword) => !signature.positionalNames.includes(keyword)).length;
    const given = keywordOnlyGiven > 0
      ? `${positional} positional argument${positional === 1 ? "" : "s"} (and ${keywordOnlyGiven} keyword-only argument${keywordOnlyGiven === 1 ? "" : "s"}) were given`
      : `${positional} ${positional === 1 ? "was" : "were"} given`;
    return `TypeError: ${name}() takes ${takes} but ${given}`;
  }
  const byPosition = new Set(signature.positionalNames.slice(0, positional));
  const missingPositional = signature.requiredPositional.filter((parameter) => !byPosition.has(parameter) && !(byName.has(parameter) && keywords.includes(parameter)));
  if (missingPositional.length > 0) return `TypeError: ${name}() missing ${missing(missingPositional, "positional")}`;
  const missingKeywordOnly = signature.requiredKeywordOnly.filter((parameter) => !keywords.includes(parameter));
  if (missingKeywordOnly.length > 0) return `TypeError: ${name}() missing ${missing(missingKeywordOnly, "keyword-only")}`;
  return undefined;
}

/** `1 required positional argument: 'a'`, `2 … arguments: 'a' and 'b'`, `3 … arguments: 'a', 'b', and 'c'` (CPython's format_missing). */
function missing(names: readonly string[], kind: string): string {
  const quoted = names.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0]! : quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}` : `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
  return `${names.length} required ${kind} argument${names.length === 1 ? "" : "s"}: ${list}`;
}

/** Whether the body has a `return <value>` or a `yield` (a generator function returns a generator), and the names it returns. */
function returns(file: SourceFile, definition: SyntaxNode): { returnsValue: boolean; returnedNames: string[] } {
  const body = childNamed(definition, "Body");
  const returnedNames: string[] = [];
  if (!body) return { returnsValue: false, returnedNames };
  // A `yield` may be deep in an expression, a `return` only among statements: without `yield` in the text, the walk keeps to statements.
  const mayYield = nodeText(file, body).includes("yield");
  let returnsValue = false;
  body.cursor().iterate((ref) => {
    if (ref.name === "FunctionDefinition" || ref.name === "ClassDefinition" || ref.name === "LambdaExpression") return false;
    const value = ref.name === "ReturnStatement" ? ref.node.firstChild?.nextSibling : undefined;
    if (value || ref.name === "YieldExpression" || ref.name === "YieldStatement") returnsValue = true;
    if (value?.name === "VariableName") returnedNames.push(nodeText(file, value));
    else if (!mayYield && holdsNoStatement(ref.type)) return false;
    return undefined;
  });
  return { returnsValue, returnedNames };
}
