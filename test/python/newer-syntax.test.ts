// Syntax newer than the image's Python: what only 3.12 parses, found where CPython 3.11 refuses it
// with 3.11's words; and what 3.8 to 3.11 brought, which the Python here (3.11) parses.
import { describe, expect, it } from "vitest";
import { syntaxNewerThan } from "../../src/languages/python/newer-syntax.js";
import { analyze, pythonFile, realSyntaxError } from "./helpers.js";

const NEWER: readonly [string, string, string][] = [
  ['x = f"ok-{cfg["name"]}"\n', "f-string: unmatched '['", 'f"ok-{cfg["name"]}"'],
  ['x = f"{", ".join(items)}"\n', "f-string: expecting '}'", 'f"{", ".join(items)}"'],
  ["x = f\"{'\\n'.join(items)}\"\n", "f-string expression part cannot include a backslash", "f\"{'\\n'.join(items)}\""],
  ['x = f"<pre>{"\\n".join(names)}</pre>"\n', "unexpected character after line continuation character", "\\"],
  ['x = f"{1 +\n 2}"\n', "unterminated string literal (detected at line 1)", 'f"{1 +\n 2}"'],
  ['x = f"""{\n  a  # the count\n}"""\n', "f-string expression part cannot include '#'", 'f"""{\n  a  # the count\n}"""'],
  ["type Pair = tuple[int, int]\n", "invalid syntax", "Pair"],
  ["def first[T](xs):\n    return xs[0]\n", "expected '('", "["],
  ["class Box[T]:\n    pass\n", "invalid syntax", "["],
];

const PYTHON_3_11 = { major: 3, minor: 11 };
const syntaxNewerThan311 = (source: string) => syntaxNewerThan(pythonFile(source), PYTHON_3_11)?.problem;

describe("syntax newer than Python 3.11", () => {
  it.each(NEWER)("%j: as CPython 3.11 words it", (source, message, covered) => {
    const problem = syntaxNewerThan311(source);
    expect(problem?.message).toBe(message);
    expect(source.slice(problem!.start, problem!.end)).toBe(covered);
    expect(realSyntaxError(source)?.message).toBe(message);
  });

  it("leaves alone what 3.11 parses: other quotes, triple-quoted strings, subscripts", () => {
    for (const source of ['x = f"{d[\'k\']}"\n', 'x = f"""{d["k"]}"""\n', "x = f'{a!r:>{width}}'\n", "x = items[0]\ntype = 3\n"]) {
      expect(syntaxNewerThan311(source)).toBeUndefined();
      expect(realSyntaxError(source)).toBeNull();
    }
  });
});

const OLDER: readonly [string, string, string, string][] = [
  ["if (n := len(items)) > 5:\n    pass\n", "3.8", "the := operator", ":="],
  ["print(y := 1)\n", "3.8", "the := operator", ":="],
  ["@routes[0].route('/')\ndef index():\n    pass\n", "3.9", "a decorator that is not a dotted name (PEP 614)", "@routes[0].route('/')"],
  ["match kind:\n    case 'flux':\n        unit = 'erg'\n", "3.10", "the match statement", "match"],
  ["try:\n    pass\nexcept* ValueError:\n    pass\n", "3.11", "except*", "except*"],
];

describe("syntax newer than an older Python", () => {
  it.each(OLDER)("%j is Python %s syntax", (source, since, feature, covered) => {
    expect(realSyntaxError(source)).toBeNull();
    const [major, minor] = since.split(".").map(Number) as [number, number];
    const newer = syntaxNewerThan(pythonFile(source), { major, minor: minor - 1 });
    expect(newer).toMatchObject({ since: { major, minor }, feature });
    expect(source.slice(newer!.problem.start, newer!.problem.end)).toBe(covered);
    expect(syntaxNewerThan(pythonFile(source), { major, minor })).toBeUndefined();
  });

  it("gives the first in the file that the version refuses, whichever came in later", () => {
    const source = "@app.route('/')\ndef index():\n    match kind:\n        case _:\n            pass\n    if (n := 1):\n        pass\n    type Row = dict\n";
    const first = (minor: number) => {
      const problem = syntaxNewerThan(pythonFile(source), { major: 3, minor })?.problem;
      return problem && source.slice(problem.start, problem.end);
    };
    expect([first(7), first(8), first(9), first(10), first(11), first(12)]).toEqual(["match", "match", "match", "Row", "Row", undefined]);
    expect(syntaxNewerThan(pythonFile("@app.route('/')\n@login_required\n@ns . route ( '/' )\ndef f(): pass\n"), { major: 3, minor: 8 })).toBeUndefined();
    expect(syntaxNewerThan(pythonFile("@login_required\r@app.route('/')\rdef f(): pass\r"), { major: 3, minor: 8 })).toBeUndefined();
  });
});

describe("f-strings as Python 3.12 reads them (PEP 701), which syntaxNewerThan reports to an older image", () => {
  it("finds no error in replacement fields that hold their own quote, backslashes, line breaks, comments and nested f-strings", () => {
    // Each compiles with CPython 3.12.1 and 3.13.0.
    for (const source of [
      'x = f"<pre>{"\\n".join(names)}</pre>"\n', 'x = f"{1 +\n 2}"\n', 'x = f"""{\n  a  # the count\n}"""\n', 'x = f"{f"{1}"}"\n',
      'x = f"{x:{"a"}}"\n', 'x = f"{x!r:>{width}}" + f"{{lit}}"\n', 'x = f"\\N{EM DASH}{x}"\n', 'x = f"{ {1: 2}[1] }"\n',
    ]) {
      expect(analyze(source).syntaxErrors, source).toEqual([]);
    }
  });

  it("says, as 3.12 does, that a comment in a field quoted once swallows its closing brace", () => {
    expect(analyze('x = f"{a # c}"\n').syntaxErrors.map((error) => [error.message, error.start])).toEqual([["'{' was never closed", 6]]);
  });
});

describe("f-strings nested in replacement fields", () => {
  it("refuses the 150th, as CPython 3.12 and 3.13 do (MAXFSTRINGLEVEL)", () => {
    const nested = (levels: number) => `x = ${'f"{'.repeat(levels)}1${'}"'.repeat(levels)}\n`;
    expect(analyze(nested(149)).syntaxErrors).toEqual([]);
    expect(analyze(nested(150)).syntaxErrors.map((error) => [error.message, error.start])).toEqual([["too many nested f-strings", 4 + 149 * 3]]);
  });
});
