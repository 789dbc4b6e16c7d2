// The Python facts behind the gunicorn and uvicorn fixtures whose outcome the module decides,
// checked against what the real servers did (each fixture's verdict.json).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";
import { simulateArgparse } from "../../src/languages/python/argparse.js";
import { analyzePythonModule, type PythonModule } from "../../src/languages/python/module.js";
import { pythonFile } from "./helpers.js";

const FIXTURES = join(packageRoot, "fixtures", "apps", "gunicorn");

function fixture(name: string, path: string): { module: PythonModule; boots: boolean; why: string } {
  const verdict = JSON.parse(readFileSync(join(FIXTURES, name, "verdict.json"), "utf8")) as { boots: boolean; why?: string };
  return { module: analyzePythonModule(pythonFile(readFileSync(join(FIXTURES, name, path), "utf8"), path)), boots: verdict.boots, why: verdict.why ?? "" };
}

/** `name` is looked up in the module; `factory` means the server calls it with no arguments and needs what it returns. */
const LOOKUPS: readonly { fixture: string; file: string; name: string; factory?: boolean }[] = [
  { fixture: "alias-chained-assignment", file: "app.py", name: "application" },
  { fixture: "alias-import-as", file: "wsgi.py", name: "application" },
  { fixture: "bound-under-other-name", file: "server.py", name: "app" },
  { fixture: "module-colon-name", file: "app.py", name: "app" },
  { fixture: "module-default-application", file: "wsgi.py", name: "application" },
  { fixture: "module-default-missing", file: "app.py", name: "application" },
  { fixture: "namespace-package", file: "pkg/app.py", name: "app" },
  { fixture: "package-reexport", file: "pkg/__init__.py", name: "app" },
  { fixture: "top-level-try", file: "app.py", name: "app" },
  { fixture: "main-guarded", file: "app.py", name: "app" },
  { fixture: "wrapped-in-function", file: "app.py", name: "app" },
  { fixture: "uvicorn-wrapped-in-function", file: "main.py", name: "app" },
  { fixture: "gunicorn-uvicorn-worker", file: "main.py", name: "app" },
  { fixture: "factory-in-package-init", file: "flaskr/__init__.py", name: "create_app", factory: true },
  { fixture: "factory-in-package-module", file: "pkg/app.py", name: "create_app", factory: true },
  { fixture: "factory-missing-arg", file: "app.py", name: "create_app", factory: true },
  { fixture: "factory-returns-none", file: "app.py", name: "create_app", factory: true },
  { fixture: "uvicorn-factory-option", file: "main.py", name: "create_app", factory: true },
];

describe("names the gunicorn and uvicorn fixtures look up", () => {
  for (const row of LOOKUPS) {
    it(`${row.fixture}: ${row.name}${row.factory ? "()" : ""}`, () => {
      const { module, boots } = fixture(row.fixture, row.file);
      const binding = module.topLevel.get(row.name);
      const found = row.factory ? binding?.def?.requiredParams === 0 && binding.def.returnsValue : binding !== undefined;
      expect(found).toBe(boots);
    });
  }

  it("wrapped-in-function and main-guarded say where the app is", () => {
    expect(fixture("wrapped-in-function", "app.py").module.boundInFunction.get("app")!.functionName).toBe("main");
    expect(fixture("uvicorn-wrapped-in-function", "main.py").module.boundInFunction.get("app")!.functionName).toBe("build");
    expect(fixture("main-guarded", "app.py").module.boundUnderMainGuard.has("app")).toBe(true);
  });
});

describe("imports that stop in the gunicorn fixtures", () => {
  it("top-level-sys-exit, top-level-app-run, relative-import-no-package, syntax-error", () => {
    expect(fixture("top-level-sys-exit", "app.py").module.importBlockers.map((blocker) => blocker.kind)).toEqual(["exit"]);
    expect(fixture("top-level-app-run", "app.py").module.importBlockers.map((blocker) => blocker.kind)).toEqual(["run"]);
    expect(fixture("relative-import-no-package", "app.py").module.importBlockers.map((blocker) => blocker.kind)).toEqual(["relative-import"]);
    expect(fixture("syntax-error", "app.py").module.syntaxErrors).toMatchObject([{ message: "'(' was never closed" }]);
  });

  it("top-level-argparse: the app parses gunicorn's own argv", () => {
    const { module, boots, why } = fixture("top-level-argparse", "app.py");
    const result = simulateArgparse(module.importTimeParsers[0]!, ["app:app"], "gunicorn");
    expect(result.ok).toBe(boots);
    expect(!result.ok && result.message).toBe("usage: gunicorn [-h] --config CONFIG\ngunicorn: error: the following arguments are required: --config\n");
    expect(why).toContain("gunicorn: error: the following arguments are required: --config");
  });
});
