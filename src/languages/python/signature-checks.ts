// The parser's and the compiler's rules for parameter and argument lists that lezer's grammar does
// not enforce: defaults before non-defaults, one `*`, nothing after `**`, no repeated parameter
// (a function's or a lambda's); positional arguments before keywords, unpacking in order, a
// generator alone unless parenthesized, no repeated keyword (a call's or a class's bases).

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import type { Report } from "./syntax-errors.js";
import { childNamed, childNodes, nodeText, splitAtCommas } from "./syntax.js";

export function checkParameters(file: SourceFile, list: SyntaxNode, report: Report): void {
  // A lambda's parameters have no parentheses.
  const inside = childNodes(list).filter((part) => part.name !== "(" && part.name !== ")");
  const parts = splitAtCommas(inside);
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
  for (const [index, part] of parts.entries()) {
    const name = part.find((node) => node.name === "VariableName");
    if (keywordsStarred) return { from: part[0]!.from, to: part.at(-1)!.to, message: "arguments cannot follow var-keyword argument" };
    if (part[0]!.name === "*" && starred) return { from: part[0]!.from, to: part[0]!.to, message: "* argument may appear only once" };
    const bare = part.length === 1 && part[0]!.name === "*";
    if (bare && (index === parts.length - 1 || parts[index + 1]![0]!.name === "**")) return { from: part[0]!.from, to: part[0]!.to, message: "named arguments must follow bare *" };
    starred ||= part[0]!.name === "*" || part[0]!.name === "**";
    keywordsStarred = part[0]!.name === "**";
    if (!name) continue;
    const hasDefault = part.some((node) => node.name === "AssignOp");
    if (!starred && defaulted && !hasDefault) return { from: name.from, to: name.to, message: "non-default argument follows default argument" };
    defaulted ||= hasDefault;
  }
  return undefined;
}

/**
 * `f(x for x in y, 1)`: a generator beside other arguments, from its first node to the comma after
 * it; the commas of `for a, b in` are its own.
 */
function unparenthesizedGenerator(nodes: readonly SyntaxNode[]): { from: number; to: number } | undefined {
  const firstFor = nodes.findIndex((node) => node.name === "for");
  if (firstFor === -1) return undefined;
  const commaBefore = nodes.slice(0, firstFor).map((node) => node.name).lastIndexOf(",");
  let commaAfter = -1;
  let inTarget = false;
  for (let index = firstFor; index < nodes.length && commaAfter === -1; index++) {
    const name = nodes[index]!.name;
    if (name === "for") inTarget = true;
    else if (name === "in") inTarget = false;
    else if (name === "," && !inTarget) commaAfter = index;
  }
  const [first, last] = [commaBefore + 1, commaAfter === -1 ? nodes.length - 1 : commaAfter - 1];
  if ((commaBefore === -1 && commaAfter === -1) || last < first) return undefined;
  return { from: nodes[first]!.from, to: nodes[last]!.to };
}

export function checkArguments(file: SourceFile, list: SyntaxNode, report: Report): void {
  // Most calls have neither a generator nor keywords: nothing to check, and nothing to allocate.
  const generatorLike = childNamed(list, "for") !== null;
  if (!generatorLike && !childNamed(list, "AssignOp") && !childNamed(list, "**")) return;
  const nodes = childNodes(list).slice(1, -1);
  const generator = generatorLike ? unparenthesizedGenerator(nodes) : undefined;
  if (generator) return report(generator.from, generator.to, "Generator expression must be parenthesized");
  const parts = splitAtCommas(nodes);
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
