// Inputs the property tests found that once made a rule or a reader throw: each is linted now.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { Diagnostic } from "../src/engine/types.js";
import { lintDirectory } from "./helpers.js";

it("lints an app whose module nests expressions 20,000 deep (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
  writeFileSync(join(directory, "app.py"), `from flask import Flask\napp = Flask(__name__)\nx = ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`);
  expect(() => lintDirectory(directory)).not.toThrow();
});

it("names an argparse option longer than a regular expression may be in its finding (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  const option = `--${"x".repeat(40_000)}`;
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = --other\n");
  writeFileSync(join(directory, "app.py"), `import argparse\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument("${option}", required=True)\nargs = parser.parse_args()\napp = Flask(__name__)\n`);
  const mismatch = lintDirectory(directory).diagnostics.find((diagnostic) => diagnostic.ruleId === "app/argv-mismatch");
  expect(mismatch?.related?.map((related) => related.message)).toContain(`add_argument defines ${option}`);
});

it("says a module with an unclosed %( is not found (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nneed-app = true\nmodule = %(\n");
  const found = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === "uwsgi/module-not-found");
  expect(found.map((diagnostic) => diagnostic.line)).toEqual([3]);
});

it("says a module nesting parentheses 2,540 deep is refused by CPython, with the stack half used when lezer builds its tree (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
  writeFileSync(join(directory, "app.py"), `${"(".repeat(2_540)}1${")".repeat(2_540)}\n`);
  // fast-check had used this much of the stack when it called the linter; lezer recurses once per level.
  const withStackUsed = (frames: number): readonly Diagnostic[] => (frames === 0 ? lintDirectory(directory).diagnostics : [...withStackUsed(frames - 1)]);
  const syntax = withStackUsed(4_000).filter((diagnostic) => diagnostic.ruleId === "python/syntax");
  expect(syntax.map((diagnostic) => [diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
    [1, 201, "SyntaxError: too many nested parentheses: importing app.py fails, so uWSGI cannot load the app"],
  ]);
});

it("suggests a Service for a backend name 30,000 characters long without comparing it letter by letter (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  const name = "x".repeat(30_000);
  writeFileSync(join(directory, "ingress.yaml"), [
    "apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata: {name: web, namespace: demo}",
    `spec: {defaultBackend: {service: {name: ${name}, port: {number: 8080}}}}`, "---",
    "apiVersion: v1", "kind: Service", "metadata: {name: web, namespace: demo}", "spec: {selector: {app: web}, ports: [{port: 8080}]}", "",
  ].join("\n"));
  // Comparing two names takes the product of their lengths: 30,000² cells had run out of memory.
  const backend = lintDirectory(directory).diagnostics.find((diagnostic) => diagnostic.ruleId === "k8s/ingress-backend");
  expect([backend?.line, backend?.hint]).toEqual([4, "did you mean \"web\"? Services in demo: web"]);
});

it("says a module nesting 50,000 parentheses is refused at the 201st, parsing only what comes before it (found by a fuzzing review)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-regression-"));
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
  writeFileSync(join(directory, "app.py"), `x = ${"(".repeat(50_000)}${")".repeat(50_000)}\napp = 1\n`);
  const syntax = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === "python/syntax");
  expect(syntax.map((diagnostic) => [diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
    [1, 205, "SyntaxError: too many nested parentheses: importing app.py fails, so uWSGI cannot load the app"],
  ]);
});
