// Test helpers: Python sources as SourceFiles, and the real CPython 3.11 as the judge.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSourceFile, decodeUtf8 } from "../../src/engine/source.js";
import type { SourceFile } from "../../src/engine/types.js";
import { analyzePythonModule, type PythonModule } from "../../src/languages/python/module.js";
import { writeTree } from "../helpers.js";

export function pythonFile(source: string, path = "app.py"): SourceFile {
  return createSourceFile(path, undefined, source, "python");
}

export function analyze(source: string | Buffer): PythonModule {
  return analyzePythonModule(typeof source === "string" ? pythonFile(source) : createSourceFile("app.py", undefined, decodeUtf8(source), "python"));
}

/** The text a site covers. */
export function textAt(module: PythonModule, at: { start: number; end: number }): string {
  return module.file.text.slice(at.start, at.end);
}

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** Runs a Python script; fails loudly when there is no Python 3.11, which these tests treat as the specification. */
function python(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  // Under uWSGI stdout is no terminal and COLUMNS is unset: argparse lays out usage for 80 columns.
  delete env.COLUMNS;
  delete env.LINES;
  const result = spawnSync(PYTHON, args, { ...options, env, encoding: "utf8" });
  if (result.error) throw new Error(`cannot run ${PYTHON}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let checkedVersion = false;
function requirePython311(): void {
  if (checkedVersion) return;
  const version = python(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).stdout.trim();
  if (version !== "3.11") throw new Error(`${PYTHON} is Python ${version}; these tests compare with CPython 3.11`);
  checkedVersion = true;
}

function withFiles<T>(files: Readonly<Record<string, string>>, body: (directory: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-python-"));
  try {
    writeTree(directory, files);
    return body(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A stand-in for Flask, so modules import without it installed. */
const FLASK_STUB = `
class Flask:
    def __init__(self, import_name, static_url_path=None, static_folder="static", *args, **kwargs):
        self.static_folder = static_folder
    def route(self, *args, **kwargs):
        return lambda function: function
    get = route
    def run(self, *args, **kwargs):
        raise SystemExit("app.run() reached")
`;

const RUN_ARGPARSE = `
import contextlib, io, json, sys
path, prog, argv = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.argv = [prog] + argv
out, err = io.StringIO(), io.StringIO()
status, values = None, None
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        # Not runpy.run_path, which would set sys.argv[0] to the path.
        module = {"__name__": "app", "__file__": path}
        exec(compile(open(path).read(), path, "exec"), module)
        namespace = module.get("args")
        if isinstance(namespace, tuple):
            namespace = namespace[0]
        values = vars(namespace)
    except SystemExit as exit:
        status = exit.code
print(json.dumps({"status": status, "stdout": out.getvalue(), "stderr": err.getvalue(), "values": values}))
`;

export interface PythonArgparseRun {
  /** The SystemExit code, or null when the module imported. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `vars(args)` when the module imported. */
  readonly values: Record<string, unknown> | null;
}

/** Imports `source` as uWSGI would (`sys.argv = [prog, *argv]`) and reports what argparse did. */
export function realArgparse(source: string, argv: readonly string[], prog = "uwsgi"): PythonArgparseRun {
  requirePython311();
  return withFiles({ "app.py": source }, (directory) => {
    const result = python(["-c", RUN_ARGPARSE, join(directory, "app.py"), prog, JSON.stringify(argv)]);
    if (result.status !== 0) throw new Error(`the argparse runner failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as PythonArgparseRun;
  });
}

const LIST_GLOBALS = `
import importlib, json, sys
sys.path.insert(0, ".")
try:
    module = importlib.import_module(sys.argv[1])
    print(json.dumps(sorted(name for name in vars(module) if not name.startswith("__"))))
except BaseException as error:
    print(json.dumps({"error": type(error).__name__ + ": " + str(error)}))
`;

/** The names a module really has once imported (dunder names left out), with a Flask stub beside it. */
export function realModuleNames(files: Readonly<Record<string, string>>, module = "app"): string[] | { error: string } {
  requirePython311();
  return withFiles({ "flask.py": FLASK_STUB, ...files }, (directory) => JSON.parse(python(["-c", LIST_GLOBALS, module], { cwd: directory }).stdout));
}

const COMPILE = `
import json, sys
try:
    compile(sys.stdin.buffer.read(), "app.py", "exec")
    print("null")
except SyntaxError as error:
    print(json.dumps({"line": error.lineno, "column": error.offset, "message": error.msg, "exception": type(error).__name__}))
except ValueError as error:
    print(json.dumps({"line": 0, "column": 0, "message": str(error), "exception": type(error).__name__}))
`;

/** Where CPython's compiler reports the first syntax error in a module's text or bytes, if any (1-based line and column; 0 for a ValueError, which has no position). */
export function realSyntaxError(source: string | Buffer): { line: number; column: number; message: string; exception: string } | null {
  requirePython311();
  return JSON.parse(python(["-c", COMPILE], { input: source }).stdout);
}

const CALL = `
import json, sys
namespace = {}
exec(sys.argv[1], namespace)
function = namespace[sys.argv[2]]
positional, keywords = json.loads(sys.argv[3])
try:
    function(*range(positional), **{keyword: None for keyword in keywords})
    print("null")
except TypeError as error:
    print(json.dumps("TypeError: " + str(error)))
`;

/** The TypeError CPython raises calling `name` (defined in `source`) with `positional` arguments and the `keywords` named; null when the call binds. */
export function realCallError(source: string, name: string, positional: number, keywords: readonly string[]): string | null {
  requirePython311();
  const result = python(["-c", CALL, source, name, JSON.stringify([positional, keywords])]);
  if (result.status !== 0) throw new Error(`the call runner failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as string | null;
}
