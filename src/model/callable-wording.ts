// How uwsgi/callable-not-found and gunicorn/app-not-found say what the server found under the name
// it looks up (troubleshooting item 3): one set of cases, messages and hints, for every server.
// A rule spreads CALLABLE_MESSAGES and CALLABLE_HINTS into its own and reports what
// callableFinding() returns for the lookup.
import { posix } from "node:path";
import type { Effect, RelatedSite, SourceFile } from "../engine/types.js";
import type { CallableLookup } from "./uwsgi-code.js";

export const CALLABLE_MESSAGES = {
  function: "{{callable}} is bound only inside function {{name}}() of {{file}} (wrapped in a function): after the import {{server}} finds no {{callable}}",
  "main-guard": "{{callable}} is bound only under if __name__ == \"__main__\": in {{file}}, which does not run when {{server}} imports it",
  "other-name": "{{file}} binds no {{callable}}: the {{framework}} app is {{other}}",
  nowhere: "{{file}} binds no {{callable}} at its top level",
  arguments: "{{server}} calls only a bare trailing (): it looks for an object literally named {{callable}} in {{file}}",
  literal: "{{server}} does not call the callable of a file it loads: it looks for an object literally named {{callable}} in {{file}}",
  namespace: "{{module}} is a namespace package (no __init__.py): it has no {{callable}}",
  import: "{{importer}} imports {{name}} from {{from}}, which binds no {{name}} at its top level: the import fails (ImportError: cannot import name '{{name}}')",
  notCallable: "{{server}} calls {{callable}}, which fails: {{error}}",
  returnsNone: "{{server}} calls {{callable}}, which returns None: {{outcome}}",
  isNone: "{{callable}} is None after {{server}} imports {{file}}: {{outcome}}",
  uncalledFactory: "{{callable}} is a function, not a WSGI app: {{server}} serves the function itself, and every request fails with TypeError (factory named without ())",
  unverifiable: "cannot verify the callable {{callable}}: {{reason}}",
} as const;

export type CallableMessageId = keyof typeof CALLABLE_MESSAGES;

export const CALLABLE_HINTS: Partial<Readonly<Record<CallableMessageId, string>>> = {
  function: "{{suggestion}}",
  "main-guard": "move the assignment out of the if __name__ == \"__main__\": block",
  "other-name": "{{suggestion}}",
  nowhere: "bind the app (Flask, FastAPI or another) to {{callable}} at the module's top level, or name the object it binds",
  arguments: "call the factory with no arguments ({{name}}()), or bind the app at the module's top level",
  import: "{{suggestion}}",
  literal: "load the file as a module to call the factory ({{factory}}), or bind the app at the module's top level",
  notCallable: "{{suggestion}}",
  returnsNone: "return the app at the end of {{name}}()",
  isNone: "bind the app to {{callable}} at the module's top level; set only in a function or under the __main__ guard, it stays None",
  uncalledFactory: "{{suggestion}}",
};

/**
 * How messages name a module's file (or the module, where no file was read): `web.py`; a package's
 * `app/__init__.py`, with the module of its name that it hides; a file with a label (`fileLabel`) by it.
 */
export function moduleFileLabel(file: SourceFile | string, shadows: string | undefined): string {
  if (typeof file !== "string" && file.label) return file.label;
  const path = typeof file === "string" ? file : file.path;
  const base = posix.basename(path);
  if (base !== "__init__.py") return base;
  const pkg = posix.basename(posix.dirname(path));
  return shadows ? `${pkg}/__init__.py (Python imports the package ${pkg}/, not ${shadows})` : `${pkg}/__init__.py`;
}

/** What the lookup was for: the server, the name as written, and how to spell a fix in that server's terms. */
export interface CallableContext {
  readonly server: string;
  /** As written (`app`, `create_app()`). */
  readonly callable: string;
  /** The identifier looked up. */
  readonly name: string;
  /** The module's file as messages name it (`app.py`, `moduleFileLabel`). */
  readonly file: string;
  /** The module as named (`pkg.app`). */
  readonly module: string;
  /** A reference to `name` (called when `call`) in the server's own syntax: `module = app:create_app()`, `app:create_app()`. */
  readonly spell: (name: string, call: boolean) => string;
  /** The suggestion for a Flask app bound under another name (uWSGI: `write callable = app`). */
  readonly suggestOther?: (name: string, factory: boolean) => string;
  /** What the server does with an app that is None: refuses it (gunicorn), or serves it and fails every request (uWSGI). */
  readonly onNone?: "refuses" | "serves";
  /** The server calls nothing (uWSGI's wsgi-file): a name with `(…)` is looked up as written. */
  readonly callsNothing?: boolean;
}

export interface CallableFinding {
  readonly messageId: CallableMessageId;
  readonly data: Record<string, string>;
  /** Undefined when the server loads the app (`unverifiable` is info, advice). */
  readonly effect: Effect | undefined;
  readonly related: RelatedSite | undefined;
}

/** The finding for a lookup that is not a plain success; undefined when the server gets a working app. */
export function callableFinding(lookup: CallableLookup, context: CallableContext): CallableFinding | undefined {
  const data = { server: context.server, callable: context.callable, name: context.name, file: context.file, module: context.module, factory: context.spell(context.name, true) };
  if (lookup.status === "unverifiable") return { messageId: "unverifiable", data: { ...data, reason: lookup.message }, effect: undefined, related: undefined };
  if (lookup.status === "found") {
    const defined = { at: lookup.binding.site, message: `${context.name} is defined here` };
    if (lookup.uncalledFactory) {
      const suggestion = lookup.needsArguments ? withArguments(context.callable, context.name) : `write ${data.factory} to call the factory`;
      return { messageId: "uncalledFactory", data: { ...data, suggestion }, effect: "misbehaves", related: defined };
    }
    const none = lookup.returnsNone ? "returnsNone" : lookup.isNone ? "isNone" : undefined;
    if (!none || !context.onNone) return undefined;
    const outcome = context.onNone === "refuses"
      ? `there is no app to serve (\`Failed to find application object: '${context.callable}'\`)`
      : `${context.server} serves None, and every request fails with TypeError: 'NoneType' object is not callable`;
    const related = none === "isNone" ? { at: lookup.binding.site, message: `${context.name} is bound to None here` } : defined;
    return { messageId: none, data: { ...data, outcome }, effect: context.onNone === "refuses" ? "wont-start" : "misbehaves", related };
  }
  if (lookup.status === "not-callable") {
    const suggestion = lookup.isFlaskApp
      ? `name the app object itself (${context.name}), without ()`
      : `give the parameters of ${context.name}() defaults, or bind the app at the module's top level and name it`;
    return { messageId: "notCallable", data: { ...data, error: lookup.error, suggestion }, effect: "wont-start", related: { at: lookup.binding.site, message: `${context.name} is defined here` } };
  }
  const name = lookup.name ?? context.name;
  const extra: Record<string, string> = { name, factory: context.spell(name, true) };
  if (lookup.why === "function" && lookup.boundAs) {
    extra.suggestion = `${context.suggestOther?.(lookup.boundAs, false) ?? `write ${context.spell(lookup.boundAs, false)}`}: the import binds the app to ${lookup.boundAs}`;
  } else if (lookup.why === "function") {
    extra.suggestion = lookup.needsArguments
      ? `bind the app at the module's top level (if ${name}() returns it: ${context.callable.replace(/\(\)$/, "")} = ${name}(<its arguments>))`
      : `if ${name}() returns the app, ${context.suggestOther?.(name, true) ?? `write ${extra.factory}`}; or bind the app at the module's top level`;
  }
  if (lookup.why === "import") {
    extra.from = moduleFileLabel(lookup.from ?? "", undefined);
    extra.importer = moduleFileLabel(lookup.importer ?? "", undefined);
    extra.suggestion = lookup.importFrom ? `${extra.from} binds its app to ${lookup.boundAs}: write ${lookup.importFrom}` : `bind ${name} at the top level of ${extra.from}, or import the name it binds the app to`;
  }
  if (lookup.why === "other-name" && lookup.name) {
    const factory = lookup.factory ?? false;
    extra.framework = lookup.framework ?? "Flask";
    extra.other = factory ? `built by ${lookup.name}()${lookup.needsArguments ? ", which needs arguments the server does not pass" : ""}` : `bound to ${lookup.name}`;
    extra.suggestion = lookup.needsArguments
      ? withArguments(context.callable, lookup.name)
      : (context.suggestOther?.(lookup.name, factory) ?? `write ${context.spell(lookup.name, factory)}`);
  }
  const messageId = lookup.why === "arguments" && context.callsNothing ? "literal" : lookup.why;
  return { messageId, data: { ...data, ...extra }, effect: "wont-start", related: relatedSite(context.name, lookup) };
}

/** For a factory whose parameters have no defaults: the server can only be given the app it builds. */
function withArguments(callable: string, factory: string): string {
  const looked = callable.replace(/\(\)$/, "");
  const target = looked === factory ? "app" : looked;
  return `${factory}() needs arguments: bind the app at the module's top level (${target} = ${factory}(<its arguments>))${target === looked ? "" : ` and name ${target}`}`;
}

function relatedSite(callable: string, lookup: Extract<CallableLookup, { status: "missing" }>): RelatedSite | undefined {
  if (!lookup.site) return undefined;
  switch (lookup.why) {
    case "function":
      return { at: lookup.site, message: `${callable} is bound here, inside ${lookup.name}()` };
    case "main-guard":
      return { at: lookup.site, message: `${callable} is bound here, under the __main__ guard` };
    case "import":
      return { at: lookup.site, message: `${lookup.name} is imported here` };
    case "other-name":
      return { at: lookup.site, message: lookup.factory ? `${lookup.name}() builds the ${lookup.framework ?? "Flask"} app` : `the ${lookup.framework ?? "Flask"} app is bound to ${lookup.name} here` };
    default:
      return { at: lookup.site, message: `${callable} is defined here` };
  }
}
