// Names written in the linted files that are also keys of Object's prototype (`constructor`,
// `toString`, `__proto__`) are looked up as any other name: they once crashed the run.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { lintDirectory } from "./helpers.js";

function lintFiles(files: Record<string, string>): string[] {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-prototype-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return lintDirectory(directory).diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.ruleId}`);
}

it("takes `kind: constructor` for an unknown kind, not one that makes pods", () => {
  expect(lintFiles({ "a.yaml": "apiVersion: v1\nkind: constructor\nmetadata: {name: a}\n---\napiVersion: v1\nkind: toString\nmetadata: {name: b}\n" })).toEqual([]);
});

it("raises a module's own `constructor` class as an exception no handler of another name catches", () => {
  const app = "from flask import Flask\ntry:\n    raise constructor()\nexcept ValueError:\n    pass\napp = Flask(__name__)\n";
  expect(lintFiles({ "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n", "app.py": app })).toEqual(["app.py:3 app/import-fails"]);
});

it("finds no user switch in a command named `constructor`, and no conversion in `type=toString`", () => {
  const app = "import argparse\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument('--x', type=toString)\nargs = parser.parse_args([])\napp = Flask(__name__)\n";
  const deployment = [
    "apiVersion: v1", "kind: Pod", "metadata: {name: p, namespace: constructor}", "spec:",
    "  securityContext: {runAsUser: 81234, runAsGroup: 81234, fsGroup: 81234}", "  containers:",
    "  - name: constructor", "    image: registry.nersc.gov/m0000/web:1.0", "    command: [constructor, -u, x, valueOf]",
    "    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}", "",
  ].join("\n");
  expect(lintFiles({ "pod.yaml": deployment, "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n", "app.py": app })).toEqual([]);
});
