// What the standard library calls a Flask module makes return, as far as the analysis needs:
// paths (os.path, pathlib), environment lookups, argparse's constants, range(); and the library
// calls that end the process (sys.exit, a click command).

import {
  absolutePath, joinPath, literalString, parentDirectory, UNKNOWN_VALUE,
  type EvaluatedArguments, type Value,
} from "./values.js";

/** argparse's constants, which argparse compares by value. */
const ARGPARSE_CONSTANTS: ReadonlyMap<string, string> = new Map([
  ["argparse.SUPPRESS", "==SUPPRESS=="], ["argparse.OPTIONAL", "?"], ["argparse.ZERO_OR_MORE", "*"],
  ["argparse.ONE_OR_MORE", "+"], ["argparse.REMAINDER", "..."], ["argparse.PARSER", "A..."],
]);
export const EXIT_FUNCTIONS: ReadonlySet<string> = new Set(["sys.exit", "builtins.exit", "builtins.quit", "os._exit"]);
/** The constructors of other frameworks' app objects: what a server may serve besides a Flask app, and whether it is an ASGI app (else WSGI, or Sanic's own). */
export const FRAMEWORK_APPS: ReadonlyMap<string, { readonly framework: string; readonly asgi: boolean }> = new Map([
  ["fastapi.FastAPI", { framework: "FastAPI", asgi: true }],
  ["starlette.applications.Starlette", { framework: "Starlette", asgi: true }],
  ["quart.Quart", { framework: "Quart", asgi: true }],
  ["litestar.Litestar", { framework: "Litestar", asgi: true }],
  ["falcon.asgi.App", { framework: "Falcon", asgi: true }],
  ["django.core.asgi.get_asgi_application", { framework: "Django", asgi: true }],
  ["falcon.App", { framework: "Falcon", asgi: false }],
  ["bottle.Bottle", { framework: "Bottle", asgi: false }],
  ["sanic.Sanic", { framework: "Sanic", asgi: false }],
  ["django.core.wsgi.get_wsgi_application", { framework: "Django", asgi: false }],
]);
/** Decorators that make a function a click command: calling it runs the command line, then exits (click's standalone mode). */
export const CLICK_COMMAND_FACTORIES: ReadonlySet<string> = new Set(["click.command", "click.group"]);
const SAME_PATH_FUNCTIONS: ReadonlySet<string> = new Set([
  "os.path.normpath", "os.path.expanduser", "os.path.expandvars", "os.fspath", "builtins.str",
  "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
]);
const ENV_GETTERS: ReadonlySet<string> = new Set(["os.environ.get", "os.getenv", "os.environ.setdefault"]);
/** The names a `from m import *` brings in that the analysis knows. */
const KNOWN_NAMES: ReadonlySet<string> = new Set([
  "flask.Flask", "argparse.ArgumentParser", "argparse.BooleanOptionalAction", "sys.exit", "sys.argv", "os.environ",
  "os.getenv", "os.path", "os.path.abspath", "os.path.join", "os.path.dirname", "pathlib.Path", ...ARGPARSE_CONSTANTS.keys(),
]);

/** The value of a dotted name in a module: argparse's constants are literals, the rest references. */
export function importedValue(path: string): Value {
  // A Map, not an object: a path built for the lookup would first be interned as a property key.
  const constant = ARGPARSE_CONSTANTS.get(path);
  return constant === undefined ? { kind: "imported", path } : { kind: "literal", value: constant };
}

/** Where a name no scope binds comes from: a known name of a star-imported module, else builtins. */
export function unboundName(name: string, starModules: readonly string[]): Value {
  const module = starModules.find((candidate) => KNOWN_NAMES.has(`${candidate}.${name}`));
  return importedValue(`${module ?? "builtins"}.${name}`);
}

/** What calling a standard library function returns, or undefined when it is not one modelled here. */
export function libraryCall(path: string, args: EvaluatedArguments): Value | undefined {
  const values = args.positional.map((argument) => argument.value);
  const [first = UNKNOWN_VALUE, ...rest] = values;
  if (path === "os.path.abspath" || path === "os.path.realpath") return absolutePath(first);
  if (SAME_PATH_FUNCTIONS.has(path)) return rest.length === 0 ? first : joinPath(first, rest);
  if (path === "os.path.join") return joinPath(first, rest);
  if (path === "os.path.dirname") return parentDirectory(first);
  if (ENV_GETTERS.has(path)) return environmentValue(values);
  if (path === "builtins.range") return rangeOf(values);
  return undefined;
}

/** `os.environ.get("X", "default")`, `os.getenv(...)`, `os.environ.setdefault(...)`. */
function environmentValue([name, fallback]: readonly Value[]): Value {
  const variable = literalString(name);
  if (variable === undefined || (fallback && literalString(fallback) === undefined)) return UNKNOWN_VALUE;
  return { kind: "env", variable, ...(fallback ? { default: literalString(fallback)! } : {}), relativeTo: "app-root" };
}

function rangeOf(values: readonly Value[]): Value {
  const numbers = values.map((value) => (value.kind === "literal" ? value.value : undefined));
  if (numbers.length === 0 || numbers.length > 3 || !numbers.every((item) => typeof item === "number")) return UNKNOWN_VALUE;
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  const count = step === 0 ? Infinity : Math.ceil((stop - start) / step);
  if (count > 1000) return UNKNOWN_VALUE;
  return { kind: "literal", value: Array.from({ length: Math.max(0, count) }, (_, index) => start + index * step) };
}
