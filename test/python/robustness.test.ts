// A broken module must give diagnostics, never an exception: analyse every fixture module cut
// short at many points and with characters dropped, and simulate its parsers.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";
import { simulateArgparse } from "../../src/languages/python/argparse.js";
import { analyzePythonModule } from "../../src/languages/python/module.js";
import { pythonFile } from "./helpers.js";

function pythonFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return entry.endsWith(".py") ? [path] : [];
  });
}

const SOURCES = [...new Set(pythonFiles(join(packageRoot, "fixtures", "apps")).map((path) => readFileSync(path, "utf8")))];

function analyzeFully(text: string): void {
  const module = analyzePythonModule(pythonFile(text));
  for (const parser of module.importTimeParsers) simulateArgparse(parser, ["-i", "x", "--", "y"], "uwsgi");
}

describe("analysing broken modules never throws", () => {
  it(`every prefix of ${SOURCES.length} fixture modules`, () => {
    for (const text of SOURCES) {
      for (let end = 0; end <= text.length; end += 3) expect(() => analyzeFully(text.slice(0, end))).not.toThrow();
    }
  });

  it("fixture modules with a character dropped or doubled", () => {
    for (const text of SOURCES) {
      for (let at = 0; at < text.length; at += 5) {
        expect(() => analyzeFully(text.slice(0, at) + text.slice(at + 1))).not.toThrow();
        expect(() => analyzeFully(text.slice(0, at) + text[at] + text.slice(at))).not.toThrow();
      }
    }
  });

  it("a global statement beside an expression 3,000 levels deep (the scope walk keeps no stack of its own calls)", () => {
    const chain = Array.from({ length: 3000 }, () => "a").join(" + ");
    expect(() => analyzeFully(`global g\nx = ${chain}\ny = ${"b." .repeat(3000)}c\n`)).not.toThrow();
    const parsable = Array.from({ length: 500 }, () => "a").join(" + ");
    expect(analyzePythonModule(pythonFile(`def f():\n    x = 1\n    y = ${parsable}\n    global x\n`)).syntaxErrors.map((error) => error.message))
      .toEqual(["name 'x' is assigned to before global declaration"]);
  });

  it("a generator-shaped argument list lezer recovered from", () => {
    expect(() => analyzeFully("a b,c for d\nx y, z for w\n")).not.toThrow();
  });

  it("every three lines of lone operators, keywords and names (error recovery wraps them in empty parentheses)", () => {
    const lines = ["-", "+", "~", "not", "x", "(", ")", "app = 1", "await", "lambda", "*", "if x:"];
    for (const first of lines) {
      for (const second of lines) {
        for (const third of lines) expect(() => analyzeFully(`app = 1\n${first}\n${second}\n${third}\n`)).not.toThrow();
      }
    }
  });
});
