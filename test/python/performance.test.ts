import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { analyzePythonModule } from "../../src/languages/python/module.js";
import { pythonFile } from "./helpers.js";

/** A 200-line Flask module in the Nightwatch style: argparse at import, helpers, many routes. */
function twoHundredLines(): string {
  const head = [
    "import argparse, json, os, sys",
    "from flask import Flask, redirect, send_from_directory",
    "",
    "parser = argparse.ArgumentParser(usage='app.py [options]')",
    "parser.add_argument('-i', '--indir', type=str, required=True, help='input directory')",
    "parser.add_argument('-d', '--datadir', type=str, help='data directory')",
    "parser.add_argument('--port', type=int, default=8001, help='port number')",
    "parser.add_argument('--debug', action='store_true', help='debug mode')",
    "args = parser.parse_args()",
    "indir = os.path.abspath(args.indir)",
    "app = Flask('nightwatch', static_folder=indir)",
    "",
  ];
  const lines = [...head];
  for (let route = 0; lines.length < 198; route++) {
    lines.push(
      `@app.route('/page/${route}/<int:night>/')`,
      `def page_${route}(night, expid=None):`,
      `    path = os.path.join(indir, str(night), 'page-${route}.json')`,
      "    with open(path) as handle:",
      "        data = json.load(handle)",
      `    return send_from_directory(indir, data.get('file', 'index.html'))`,
      "",
    );
  }
  lines.push("if __name__ == '__main__':", "    app.run(debug=args.debug, port=args.port)");
  return `${lines.join("\n")}\n`;
}

describe("performance", () => {
  it("analyses a 200-line module in well under 5 ms once warm", () => {
    const text = twoHundredLines();
    expect(text.split("\n").length).toBeGreaterThanOrEqual(200);
    for (let warmUp = 0; warmUp < 30; warmUp++) analyzePythonModule(pythonFile(text));
    const times: number[] = [];
    for (let run = 0; run < 50; run++) {
      const file = pythonFile(text);
      const start = performance.now();
      const module = analyzePythonModule(file);
      times.push(performance.now() - start);
      expect(module.syntaxErrors).toEqual([]);
    }
    // The fastest run: the suite runs test files in parallel, and other files' load only slows runs down.
    expect(Math.min(...times), `runs took ${times.map((time) => time.toFixed(1)).join(", ")} ms`).toBeLessThan(5);
  });

  it("analyses each SourceFile once", () => {
    const file = pythonFile("app = 1\n");
    expect(analyzePythonModule(file)).toBe(analyzePythonModule(file));
  });
});
