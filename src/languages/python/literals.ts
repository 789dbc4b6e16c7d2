// Python literal values as nw-lint models them, and the literal expressions of a syntax tree.

import type { SyntaxNode } from "@lezer/common";
import type { SourceFile } from "../../engine/types.js";
import { childNamed, childNodes, nodeText } from "./syntax.js";

/**
 * A Python value: `str` is a string, `int` a number, `float` a `{ float }` (kept apart because
 * `repr(1.0)` is "1.0"), `bool` a boolean, `None` null, a list or tuple an array.
 */
export type PyValue = string | number | PyFloat | boolean | null | readonly PyValue[];
export interface PyFloat {
  readonly float: number;
}

/** The value of a literal expression (strings, numbers, True/False/None, lists and tuples of them). */
export function literalValue(file: SourceFile, node: SyntaxNode): PyValue | undefined {
  switch (node.name) {
    case "String":
    case "ContinuedString":
    case "FormatString":
      return stringValue(file, node);
    case "Number":
      return numberValue(nodeText(file, node));
    case "Boolean":
      return nodeText(file, node) === "True";
    case "None":
      return null;
    case "UnaryExpression": {
      const [operator, operand] = childNodes(node);
      const value = operand && literalValue(file, operand);
      if (operator?.name !== "ArithOp" || value === undefined) return undefined;
      const sign = nodeText(file, operator) === "-" ? -1 : 1;
      if (typeof value === "number") return sign * value;
      return isFloat(value) ? { float: sign * value.float } : undefined;
    }
    case "ParenthesizedExpression": {
      // Error recovery may leave the parentheses around nothing: `-\n-\nx` parses as `-(⚠ -x ⚠)`.
      const inner = childNodes(node)[1];
      return inner && literalValue(file, inner);
    }
    case "ArrayExpression":
    case "TupleExpression": {
      const items: PyValue[] = [];
      for (const item of childNodes(node).filter((child) => !["(", ")", "[", "]", ","].includes(child.name))) {
        const value = literalValue(file, item);
        if (value === undefined) return undefined;
        items.push(value);
      }
      return items;
    }
    default:
      return undefined;
  }
}

export function isFloat(value: PyValue | undefined): value is PyFloat {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A str literal's value; undefined for bytes, f-strings with replacements and unknown escapes. */
function stringValue(file: SourceFile, node: SyntaxNode): string | undefined {
  if (node.name === "ContinuedString") {
    let joined = "";
    for (const part of childNodes(node)) {
      const value = stringValue(file, part);
      if (value === undefined) return undefined;
      joined += value;
    }
    return joined;
  }
  if (node.name === "FormatString" && childNamed(node, "FormatReplacement")) return undefined;
  if (node.name !== "String" && node.name !== "FormatString") return undefined;
  const text = nodeText(file, node);
  const prefix = /^[a-zA-Z]*/.exec(text)![0].toLowerCase();
  if (prefix.includes("b")) return undefined;
  const body = text.slice(prefix.length);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body[0]!;
  if (body.length < 2 * quote.length || !body.endsWith(quote)) return undefined;
  const content = body.slice(quote.length, body.length - quote.length);
  if (prefix.includes("r")) return content;
  const unescaped = unescape(content);
  return prefix.includes("f") && unescaped !== undefined ? unescaped.replace(/\{\{/g, "{").replace(/\}\}/g, "}") : unescaped;
}

/** The last code point Unicode has: CPython refuses a `\U` escape beyond it when it compiles the module. */
export const MAX_CODE_POINT = 0x10ffff;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "",
};

function unescape(content: string): string | undefined {
  if (!content.includes("\\")) return content;
  let result = "";
  for (let i = 0; i < content.length; i++) {
    const char = content[i]!;
    if (char !== "\\") {
      result += char;
      continue;
    }
    const next = content[i + 1];
    if (next === undefined) return undefined;
    if (next in SIMPLE_ESCAPES) {
      result += SIMPLE_ESCAPES[next];
      i++;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(content.slice(i + 1))![0];
      result += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length;
    } else if (next === "x" || next === "u" || next === "U") {
      const length = { x: 2, u: 4, U: 8 }[next];
      const digits = content.slice(i + 2, i + 2 + length);
      const code = parseInt(digits, 16);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits) || code > MAX_CODE_POINT) return undefined;
      result += String.fromCodePoint(code);
      i += 1 + length;
    } else if (next === "N") {
      return undefined;
    } else {
      result += char;
    }
  }
  return result;
}

/** A Python int or float literal (`1_000`, `0x1f`, `1e3`, `.5`); undefined for complex numbers. */
function numberValue(text: string): number | PyFloat | undefined {
  const digits = text.replace(/_/g, "");
  if (/[jJ]$/.test(digits)) return undefined;
  if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
  if (/^0[oO]/.test(digits)) return parseInt(digits.slice(2), 8);
  if (/^0[bB]/.test(digits)) return parseInt(digits.slice(2), 2);
  if (/[.eE]/.test(digits)) return { float: Number(digits) };
  return Number(digits);
}
