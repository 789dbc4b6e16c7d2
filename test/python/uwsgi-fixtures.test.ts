// The Python facts behind the uWSGI fixtures whose outcome the module decides, checked against
// what real uWSGI did (each fixture's verdict.json). The ini side is another module's job, so each
// row states the module file, the callable and the effective pyargv the fixture's ini gives.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";
import { simulateArgparse } from "../../src/languages/python/argparse.js";
import type { PythonModule } from "../../src/languages/python/module.js";
import { analyzePythonModule } from "../../src/languages/python/module.js";
import { pythonFile } from "./helpers.js";

const FIXTURES = join(packageRoot, "fixtures", "apps", "uwsgi");

interface Verdict {
  readonly loads: boolean;
  readonly log: readonly string[];
}

function fixture(name: string, path: string): { module: PythonModule; verdict: Verdict } {
  const text = readFileSync(join(FIXTURES, name, path), "utf8");
  const verdict = JSON.parse(readFileSync(join(FIXTURES, name, "verdict.json"), "utf8")) as Verdict;
  return { module: analyzePythonModule(pythonFile(text, path)), verdict };
}

type Where = "top-level" | "in-function" | "main-guard" | "nowhere";

function whereBound(module: PythonModule, name: string): Where {
  if (module.topLevel.has(name)) return "top-level";
  if (module.boundInFunction.has(name)) return "in-function";
  if (module.boundUnderMainGuard.has(name)) return "main-guard";
  return "nowhere";
}

/** Fixtures where uWSGI loads exactly when the callable is bound at top level (and, for `name()`, callable with no arguments). */
const CALLABLES: readonly { fixture: string; file?: string; callable: string; where: Where; factory?: boolean }[] = [
  { fixture: "alias-assignment", callable: "application", where: "top-level" },
  { fixture: "annotated-assignment", callable: "app", where: "top-level" },
  { fixture: "tuple-assignment", callable: "app", where: "top-level" },
  { fixture: "bound-by-class", callable: "application", where: "top-level" },
  { fixture: "bound-in-top-level-if", callable: "app", where: "top-level" },
  { fixture: "bound-in-try", callable: "app", where: "top-level" },
  { fixture: "bound-in-with", callable: "app", where: "top-level" },
  { fixture: "default-application", callable: "application", where: "top-level" },
  { fixture: "import-as-alias", file: "wsgi.py", callable: "application", where: "top-level" },
  { fixture: "reexport-from-package", file: "webapp/__init__.py", callable: "app", where: "top-level" },
  { fixture: "package-init-app", file: "webapp/__init__.py", callable: "application", where: "top-level" },
  { fixture: "namespace-package", file: "webapp/main.py", callable: "server", where: "top-level" },
  { fixture: "wsgi-file-callable", file: "wsgi.py", callable: "app", where: "top-level" },
  { fixture: "wrapped-in-function", callable: "app", where: "in-function" },
  { fixture: "main-guard-only", callable: "app", where: "main-guard" },
  { fixture: "bound-under-other-name", callable: "app", where: "nowhere" },
  { fixture: "callable-nowhere", callable: "api", where: "nowhere" },
  { fixture: "default-name-not-bound", callable: "application", where: "nowhere" },
  { fixture: "wsgi-file-default-name", file: "wsgi.py", callable: "application", where: "nowhere" },
  { fixture: "factory-call", callable: "create_app", where: "top-level", factory: true },
  { fixture: "factory-default-argument", callable: "create_app", where: "top-level", factory: true },
  { fixture: "factory-bound-by-alias", callable: "create_app", where: "top-level", factory: true },
  { fixture: "factory-requires-argument", callable: "create_app", where: "top-level", factory: true },
];

describe("callables of the uWSGI fixtures", () => {
  for (const row of CALLABLES) {
    it(`${row.fixture}: ${row.callable}${row.factory ? "()" : ""} is ${row.where}`, () => {
      const { module, verdict } = fixture(row.fixture, row.file ?? "app.py");
      expect(whereBound(module, row.callable)).toBe(row.where);
      const callable = module.topLevel.get(row.callable);
      const loads = row.factory ? callable?.def?.requiredParams === 0 : callable !== undefined;
      expect(loads).toBe(verdict.loads);
    });
  }

  it("bound-under-other-name: the Flask object is bound as server", () => {
    const { module } = fixture("bound-under-other-name", "app.py");
    expect(module.flaskApps.map((app) => app.boundTo)).toEqual(["server"]);
    expect(module.topLevel.get("server")!.isFlaskApp).toBe(true);
  });

  it("star-import: wsgi.py takes app from server.py", () => {
    const wsgi = fixture("star-import", "wsgi.py").module;
    const server = fixture("star-import", "server.py").module;
    expect(wsgi.topLevel.get("*server")!.kind).toBe("star-import");
    expect(server.dunderAll).toBeUndefined();
    expect(server.topLevel.get("app")!.isFlaskApp).toBe(true);
  });
});

/** Fixtures whose import stops at a statement (relative imports only count outside a package). */
const BLOCKERS: readonly { fixture: string; file?: string; kind?: "raise" | "exit" | "run" | "relative-import"; inPackage?: boolean }[] = [
  { fixture: "top-level-raise", kind: "raise" },
  { fixture: "top-level-sys-exit", kind: "exit" },
  { fixture: "top-level-exit-zero", kind: "exit" },
  { fixture: "blocking-app-run", kind: "run" },
  { fixture: "relative-import-top-level", kind: "relative-import" },
  { fixture: "relative-import-in-package", file: "webapp/main.py", kind: "relative-import", inPackage: true },
  { fixture: "module-colon-callable" },
  { fixture: "lazy-apps" },
];

describe("import blockers of the uWSGI fixtures", () => {
  for (const row of BLOCKERS) {
    it(`${row.fixture}: ${row.kind ?? "none"}`, () => {
      const { module, verdict } = fixture(row.fixture, row.file ?? "app.py");
      expect(module.importBlockers.map((blocker) => blocker.kind)).toEqual(row.kind ? [row.kind] : []);
      const blocks = module.importBlockers.some((blocker) => blocker.kind !== "relative-import" || !row.inPackage);
      expect(blocks).toBe(!verdict.loads);
    });
  }
});

describe("syntax errors of the uWSGI fixtures", () => {
  it("syntax-error", () => {
    const { module, verdict } = fixture("syntax-error", "app.py");
    expect(verdict.loads).toBe(false);
    expect(module.syntaxErrors).toMatchObject([{ message: "invalid syntax" }]);
    expect(module.file.text.slice(module.syntaxErrors[0]!.statement.start, module.syntaxErrors[0]!.statement.end)).toMatch(/^def broken\(:/);
  });

  it("syntax-error-in-imported-module", () => {
    const { module } = fixture("syntax-error-in-imported-module", "views.py");
    expect(module.syntaxErrors).toMatchObject([{ message: "expected ':'" }]);
    expect(fixture("syntax-error-in-imported-module", "app.py").module.syntaxErrors).toEqual([]);
  });

  it("global-after-assignment: the symbol table's error, in uWSGI's log and at the global statement", () => {
    const { module, verdict } = fixture("global-after-assignment", "app.py");
    const [error] = module.syntaxErrors;
    expect(verdict.log).toContain(`SyntaxError: ${error!.message}`);
    expect(module.file.text.slice(error!.start, error!.end)).toBe("global app");
  });

  it("match-statements: empty patterns, a tuple subject and a lambda's / are valid, as uWSGI's Python compiles them", () => {
    const { module, verdict } = fixture("match-statements", "app.py");
    expect(verdict.loads).toBe(true);
    expect(module.syntaxErrors).toEqual([]);
    expect(whereBound(module, "app")).toBe("top-level");
  });
});

/** The pyargv each fixture's effective config gives (after uWSGI's `%` handling and command-line overrides). */
const PYARGV: readonly { fixture: string; pyargv: string; parses?: false }[] = [
  { fixture: "argparse-ok", pyargv: "-i ./static -d ./data" },
  { fixture: "argparse-required-missing", pyargv: "-d ./data" },
  { fixture: "argparse-no-pyargv", pyargv: "" },
  { fixture: "argparse-unrecognized", pyargv: "webapp -i ./static -d ./data" },
  { fixture: "argparse-missing-value", pyargv: "-d ./data -i" },
  { fixture: "argparse-store-true", pyargv: "-i ./static --debug" },
  { fixture: "argparse-prefix", pyargv: "--ind ./static --data ./data" },
  { fixture: "argparse-ambiguous-prefix", pyargv: "-i ./static --d ./data" },
  { fixture: "argparse-equals-form", pyargv: "--indir=./static -d./data" },
  { fixture: "argparse-parse-known-args", pyargv: "webapp -i ./static" },
  { fixture: "argparse-command-line-override", pyargv: "webapp -i ./static -d ./data" },
  { fixture: "argparse-command-line-fixes", pyargv: "-i ./static -d ./data" },
  { fixture: "argparse-error-need-app-false", pyargv: "-d ./data" },
  { fixture: "argparse-lazy-apps", pyargv: "--bogus" },
  { fixture: "argparse-argv-slice", pyargv: "-i ./static -d ./data" },
  { fixture: "argparse-argv-slice-ok", pyargv: "webapp -i ./static -d ./data" },
  { fixture: "argparse-whole-argv", pyargv: "--indir ./static" },
  { fixture: "quoted-pyargv-argparse", pyargv: '"-i ./static -d ./static"' },
  { fixture: "quoted-pyargv-no-argparse", pyargv: '"--port 8080"', parses: false },
  { fixture: "nightwatch-seed", pyargv: '"-i ./static -d ./static"' },
  { fixture: "nightwatch-seed-command", pyargv: "webapp -i ./static -d ./data" },
  { fixture: "nightwatch-fixed", pyargv: "-i ./static -d ./static" },
  // `%` at the end of the line joins the next one, `master = true`.
  { fixture: "magic-trailing-percent", pyargv: "-i ./static -d 5master = true" },
  { fixture: "percent-escaped", pyargv: "--indir 100%" },
];

describe("argparse at import in the uWSGI fixtures", () => {
  for (const row of PYARGV) {
    it(`${row.fixture}: ${row.pyargv || "(no pyargv)"}`, () => {
      const { module, verdict } = fixture(row.fixture, "app.py");
      expect(module.importTimeParsers.length).toBe(row.parses === false ? 0 : 1);
      const parser = module.importTimeParsers[0];
      const result = parser && simulateArgparse(parser, row.pyargv.split(" ").filter((word) => word !== ""), "uwsgi");
      expect(result === undefined || result.ok).toBe(verdict.loads);
      if (result && !result.ok) expect(verdict.log).toContain(`error: ${result.error}`);
    });
  }

  it("nightwatch: the static folder comes from --indir, made absolute against the working directory", () => {
    const { module } = fixture("nightwatch-seed", "app.py");
    expect(module.flaskApps).toMatchObject([{ boundTo: "app", importName: "nightwatch", staticFolder: { kind: "argparse", dest: "indir", relativeTo: "cwd" } }]);
    expect(module.runCalls).toMatchObject([{ kind: "run", underMainGuard: true, debug: "unknown" }]);
  });
});
