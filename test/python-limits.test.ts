// Python that nests deeper than the interpreter evaluates is linted, not a stack overflow.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { lintDirectory } from "./helpers.js";

it("lints an app whose module nests expressions 20,000 deep (found by the property tests)", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-python-limits-"));
  writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
  writeFileSync(join(directory, "app.py"), `from flask import Flask\napp = Flask(__name__)\nx = ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`);
  expect(() => lintDirectory(directory)).not.toThrow();
});
