// Flask objects: what `Flask(...)` is given, where its static folder is, whether debug mode is on.

import type { Site, SourceFile } from "../../engine/types.js";
import type { Binding, FlaskApp, PythonModule, StaticFolder } from "./module.js";
import { nodeSite } from "./syntax.js";
import { argumentValue, literalString, type Argument, type EvaluatedArguments, type Value } from "./values.js";

/** A Flask app while the module is being read (later statements may still name it or set its static folder); it is the FlaskApp reported. */
export interface FlaskAppDraft {
  boundTo?: string;
  staticFolder: StaticFolder;
  readonly site: Site;
  readonly context: FlaskApp["context"];
  readonly functionName?: string;
  readonly importName?: string;
}

/** `Flask(import_name, static_url_path=None, static_folder="static", ...)`. */
export function createFlaskApp(file: SourceFile, site: Site, args: EvaluatedArguments, context: FlaskApp["context"], functionName: string | undefined): FlaskAppDraft {
  const importName = argumentValue(args, "import_name", 0)?.value;
  const name = importName?.kind === "module-name" ? "__name__" : literalString(importName);
  const staticFolder = argumentValue(args, "static_folder", 2);
  return {
    site,
    context,
    ...(functionName !== undefined ? { functionName } : {}),
    ...(name !== undefined ? { importName: name } : {}),
    staticFolder: staticFolder ? staticFolderOf(file, staticFolder) : { kind: "default" },
  };
}

/** The Flask apps a function of the module constructs when called (`def create_app(): app = Flask(__name__)`): `binding` is the function, by its own name or an alias. */
export function flaskAppsBuiltBy(module: PythonModule, binding: Binding): FlaskApp[] {
  const name = binding.def?.name;
  return name === undefined ? [] : module.flaskApps.filter((app) => app.context === "function" && app.functionName === name);
}

/** A Flask app factory: a function that constructs a Flask app and returns a value (the app, as far as the linter tells). */
export function isFlaskFactory(module: PythonModule, binding: Binding): boolean {
  return binding.def?.returnsValue === true && flaskAppsBuiltBy(module, binding).length > 0;
}

export function staticFolderOf(file: SourceFile, { node, value }: Argument): StaticFolder {
  const at = nodeSite(file, node);
  const text = literalString(value);
  if (text !== undefined) return { kind: "literal", value: text, relativeTo: "app-root", site: at };
  switch (value.kind) {
    case "literal":
      return value.value === null ? { kind: "none", site: at } : { kind: "unknown", site: at };
    case "path":
      return { kind: "literal", value: value.value, relativeTo: value.relativeTo, site: at };
    case "argument":
      return { kind: "argparse", dest: value.dest, relativeTo: value.relativeTo, site: at };
    case "env":
      return { kind: "env", variable: value.variable, ...(value.default !== undefined ? { default: value.default } : {}), relativeTo: value.relativeTo, site: at };
    default:
      return { kind: "unknown", site: at };
  }
}

/** `app.run(host=None, port=None, debug=None, ...)`: a missing or false `debug` leaves the debugger off. */
export function runDebug(args: EvaluatedArguments): { debug: boolean | "unknown" } {
  const debug = argumentValue(args, "debug", 2)?.value;
  if (!debug) return { debug: false };
  return { debug: debug.kind === "literal" ? truthy(debug.value) : "unknown" };
}

/** Flask's `get_debug_flag()` of a value set in the module: see `debugFlagOn`. */
export function flaskDebugFlag(value: Value): boolean | "unknown" {
  const text = literalString(value);
  return text === undefined ? "unknown" : debugFlagOn(text);
}

/** Flask's `get_debug_flag()`: FLASK_DEBUG is on unless empty, "0", "false" or "no". */
export function debugFlagOn(text: string): boolean {
  return text !== "" && !["0", "false", "no"].includes(text.toLowerCase());
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && value !== null) return (value as { float: number }).float !== 0;
  return Boolean(value);
}
