// The bits of Python's builtins argparse errors depend on: `int()` and `float()` of a string,
// `==` between values, and `repr()` as CPython 3.11 prints it.

import { isFloat, type PyValue } from "./literals.js";

/** `int(text)`; undefined where Python raises ValueError. */
export function pythonInt(text: string): number | undefined {
  const stripped = stripWhitespace(text);
  return /^[+-]?\d+(_\d+)*$/.test(stripped) ? Number(stripped.replace(/_/g, "")) : undefined;
}

/** `float(text)`; undefined where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const stripped = stripWhitespace(text);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(stripped);
  if (special) return special[2]!.toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  const digits = String.raw`\d(_?\d)*`;
  const number = new RegExp(`^[+-]?((${digits})?\\.${digits}|${digits}\\.?)([eE][+-]?${digits})?$`);
  return number.test(stripped) ? Number(stripped.replace(/_/g, "")) : undefined;
}

/** `str.strip()` with no argument: Unicode whitespace. */
function stripWhitespace(text: string): string {
  return text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, "");
}

/** `a == b` for the values argparse compares (`value in choices`). */
export function pythonEquals(a: PyValue, b: PyValue): boolean {
  const number = (value: PyValue) => (typeof value === "number" ? value : typeof value === "boolean" ? Number(value) : isFloat(value) ? value.float : undefined);
  const [left, right] = [number(a), number(b)];
  if (left !== undefined || right !== undefined) return left === right;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => pythonEquals(item, b[index]!));
  }
  return a === b;
}

/** `str(value)`. */
export function pythonStr(value: PyValue): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

export function pythonRepr(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return stringRepr(value);
  if (isFloat(value)) return floatRepr(value.float);
  return `[${value.map(pythonRepr).join(", ")}]`;
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** `repr(str)`: single quotes unless the text has a `'` and no `"`. */
function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (NAMED_ESCAPES[char]) body += NAMED_ESCAPES[char];
    else if (char === quote) body += `\\${char}`;
    else if (char !== " " && NOT_PRINTABLE.test(char)) {
      body += code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    } else body += char;
  }
  return quote + body + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** `repr(float)`: the shortest round-trip digits, positional from 1e-4 up to 1e16, else scientific. */
function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const sign = mantissa!.startsWith("-") ? "-" : "";
  const digits = mantissa!.replace(/[-.]/g, "");
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${fraction}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || "0"}`;
}
