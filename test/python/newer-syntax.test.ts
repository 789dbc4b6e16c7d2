// Syntax only Python 3.12 parses: found where CPython 3.11 refuses it, with 3.11's words.
import { describe, expect, it } from "vitest";
import { syntaxNewerThan311 } from "../../src/languages/python/newer-syntax.js";
import { pythonFile, realSyntaxError } from "./helpers.js";

const NEWER: readonly [string, string, string][] = [
  ['x = f"ok-{cfg["name"]}"\n', "f-string: unmatched '['", 'f"ok-{cfg["name"]}"'],
  ['x = f"{", ".join(items)}"\n', "f-string: expecting '}'", 'f"{", ".join(items)}"'],
  ["x = f\"{'\\n'.join(items)}\"\n", "f-string expression part cannot include a backslash", "f\"{'\\n'.join(items)}\""],
  ["type Pair = tuple[int, int]\n", "invalid syntax", "Pair"],
  ["def first[T](xs):\n    return xs[0]\n", "expected '('", "["],
  ["class Box[T]:\n    pass\n", "invalid syntax", "["],
];

describe("syntax newer than Python 3.11", () => {
  it.each(NEWER)("%j: as CPython 3.11 words it", (source, message, covered) => {
    const problem = syntaxNewerThan311(pythonFile(source));
    expect(problem?.message).toBe(message);
    expect(source.slice(problem!.start, problem!.end)).toBe(covered);
    expect(realSyntaxError(source)?.message).toBe(message);
  });

  it("leaves alone what 3.11 parses: other quotes, triple-quoted strings, subscripts", () => {
    for (const source of ['x = f"{d[\'k\']}"\n', 'x = f"""{d["k"]}"""\n', "x = f'{a!r:>{width}}'\n", "x = items[0]\ntype = 3\n"]) {
      expect(syntaxNewerThan311(pythonFile(source))).toBeUndefined();
      expect(realSyntaxError(source)).toBeNull();
    }
  });
});
