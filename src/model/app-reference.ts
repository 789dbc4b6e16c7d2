// One answer, for every server, to "does this module bind the app the server asks for, and if
// not, why not": the cases and wording of troubleshooting item 3 (the entry point must name an
// object bound at the module's top level). uwsgi/callable-not-found and gunicorn/app-not-found
// word their findings with APP_LOOKUP_MESSAGES and APP_LOOKUP_HINTS, filled by lookupData().
import type { Site } from "../engine/types.js";
import type { Binding, PythonModule } from "../languages/python/module.js";

/** The name a server looks up in the module, and whether it calls it (`create_app()`). */
export interface AppName {
  readonly name: string;
  /** Present for a factory call: how many arguments it passes, by position and by keyword. */
  readonly call?: { readonly positional: number; readonly keywords: readonly string[] };
}

export type AppLookup =
  /** Bound at the top level (and, for a call, a factory the call suits). */
  | { readonly status: "found"; readonly binding: Binding }
  /** The module may bind it in a way the linter cannot follow (`from x import *`, a module `__getattr__`). */
  | { readonly status: "unverifiable"; readonly reason: string }
  /** Bound only as a local of a function: "wrapped in a function". */
  | { readonly status: "wrapped"; readonly functionName: string; readonly site: Site; readonly suggestion: string | undefined }
  /** Bound only under `if __name__ == "__main__":`. */
  | { readonly status: "main-guard"; readonly site: Site; readonly suggestion: string | undefined }
  /** Not bound, but the Flask app (or its factory) is, under another name. */
  | { readonly status: "other-name"; readonly suggestion: string; readonly site: Site }
  /** Not bound anywhere in the module. */
  | { readonly status: "nowhere" }
  /** Called, but not a function of this module (the Flask object itself: calling it raises TypeError). */
  | { readonly status: "not-a-factory"; readonly binding: Binding; readonly suggestion: string | undefined }
  /** A factory the call does not suit: it leaves a required parameter empty or passes too many. */
  | { readonly status: "factory-arguments"; readonly binding: Binding; readonly error: string }
  /** A factory that returns nothing. */
  | { readonly status: "factory-returns-none"; readonly binding: Binding }
  /** A factory named without `()`: the server takes the function itself for the app. */
  | { readonly status: "factory-not-called"; readonly binding: Binding };

/** Looks the app up in the module the server imports (for a package, its `__init__.py`). */
export function lookUpApp(module: PythonModule, app: AppName): AppLookup {
  const binding = module.topLevel.get(app.name);
  if (binding) return app.call ? checkCall(module, binding, app) : checkValue(module, binding);
  const stars = [...module.topLevel.keys()].filter((key) => key.startsWith("*"));
  if (stars.length > 0) return { status: "unverifiable", reason: `it may come from \`from ${stars[0]!.slice(1)} import *\`` };
  if (module.topLevel.has("__getattr__")) return { status: "unverifiable", reason: "the module defines __getattr__" };
  const suggestion = suggestedName(module, app);
  const local = module.boundInFunction.get(app.name);
  if (local) return { status: "wrapped", functionName: local.functionName, site: local.site, suggestion };
  const guarded = module.boundUnderMainGuard.get(app.name);
  if (guarded) return { status: "main-guard", site: guarded.site, suggestion };
  if (suggestion) return { status: "other-name", suggestion, site: module.topLevel.get(suggestion.replace(/\(\)$/, ""))!.site };
  return { status: "nowhere" };
}

function checkValue(module: PythonModule, binding: Binding): AppLookup {
  return isFactory(module, binding) ? { status: "factory-not-called", binding } : { status: "found", binding };
}

function checkCall(module: PythonModule, binding: Binding, app: AppName): AppLookup {
  const { def } = binding;
  if (!def) {
    if (binding.isFlaskApp) return { status: "not-a-factory", binding, suggestion: binding.name };
    return { status: "found", binding }; // a class or an imported factory: the linter cannot tell what the call gives
  }
  const call = app.call!;
  const given = call.positional + call.keywords.length;
  if (def.requiredParams > given) {
    const missing = def.requiredParams - given;
    return { status: "factory-arguments", binding, error: `TypeError: ${app.name}() missing ${missing} required argument${missing === 1 ? "" : "s"}` };
  }
  if (call.positional > def.positionalParams && !def.acceptsArgs) {
    return { status: "factory-arguments", binding, error: `TypeError: ${app.name}() takes ${def.positionalParams} positional argument${def.positionalParams === 1 ? "" : "s"} but ${call.positional} ${call.positional === 1 ? "was" : "were"} given` };
  }
  if (!def.returnsValue) return { status: "factory-returns-none", binding };
  return { status: "found", binding };
}

/** A top-level function that builds the Flask app and needs no argument: an app factory. */
function isFactory(module: PythonModule, binding: Binding): boolean {
  const name = binding.aliasOf ?? binding.name;
  return binding.def !== undefined && binding.def.requiredParams === 0 && binding.def.returnsValue
    && module.flaskApps.some((app) => app.context === "function" && app.functionName === name);
}

/** The top-level name the app is bound to instead: the Flask object, else its factory (`create_app()`). */
function suggestedName(module: PythonModule, app: AppName): string | undefined {
  const bindings = [...module.topLevel.values()];
  const flask = bindings.find((binding) => binding.isFlaskApp && binding.name !== app.name);
  if (flask) return flask.name;
  const factory = bindings.find((binding) => binding.name !== app.name && isFactory(module, binding));
  return factory && `${factory.name}()`;
}

/** Message templates, keyed by AppLookup status; data from lookupData(). */
export const APP_LOOKUP_MESSAGES = {
  wrapped: "{{reference}}: {{server}} looks for \"{{name}}\" at the top level of {{module}}, but it is bound only inside function {{function}}() (wrapped in a function), which importing the module never runs",
  "main-guard": "{{reference}}: {{server}} looks for \"{{name}}\" at the top level of {{module}}, but it is bound only under `if __name__ == \"__main__\":`, which does not run when {{server}} imports the module",
  "other-name": "{{reference}}: {{server}} looks for \"{{name}}\" in {{module}}, which binds no such name; the app is bound as \"{{suggestion}}\"",
  nowhere: "{{reference}}: {{server}} looks for \"{{name}}\" in {{module}}, which binds no such name",
  "not-a-factory": "{{reference}}: {{server}} calls \"{{name}}\", but in {{module}} it is the Flask app object, not a factory function; calling it raises TypeError",
  "factory-arguments": "{{reference}}: {{server}} calls the factory {{name}}() and fails with {{error}}",
  "factory-returns-none": "{{reference}}: {{server}} calls the factory {{name}}(), which returns None, so there is no app to serve",
  "factory-not-called": "{{reference}}: \"{{name}}\" is an app factory named without (); {{server}} takes the function itself for the app and every request fails (HTTP 500)",
} as const;

export type AppLookupMessageId = keyof typeof APP_LOOKUP_MESSAGES;

export const APP_LOOKUP_HINTS: Readonly<Record<AppLookupMessageId, string>> = {
  wrapped: "bind the app at the module's top level (`app = create_app()`), or name the factory{{fix}}",
  "main-guard": "bind the app outside the `if __name__ == \"__main__\":` block{{fix}}",
  "other-name": "name the object the module binds{{fix}}",
  nowhere: "bind the app at the module's top level, or name the object it is bound to",
  "not-a-factory": "name the object without ()",
  "factory-arguments": "pass the factory the arguments it requires, or give them defaults",
  "factory-returns-none": "return the app at the end of the factory",
  "factory-not-called": "call the factory{{fix}}",
};

/** The message data of a failed lookup; `suggest` renders a name as the server's setting (`callable = app`, `wsgi:app`). */
export function lookupData(
  lookup: Exclude<AppLookup, { status: "found" | "unverifiable" }>, app: AppName, base: { readonly reference: string; readonly server: string; readonly module: string },
  suggest: (name: string) => string,
): Record<string, string> {
  const suggestion = "suggestion" in lookup ? lookup.suggestion : lookup.status === "factory-not-called" ? `${app.name}()` : undefined;
  return {
    ...base,
    name: app.name,
    function: lookup.status === "wrapped" ? lookup.functionName : "",
    suggestion: suggestion ?? "",
    error: lookup.status === "factory-arguments" ? lookup.error : "",
    fix: suggestion ? `: ${suggest(suggestion)}` : "",
  };
}

/** Where in the Python the lookup's answer is, for the finding's related location. */
export function lookupSite(lookup: AppLookup): { readonly at: Site; readonly message: string } | undefined {
  switch (lookup.status) {
    case "wrapped":
      return { at: lookup.site, message: `bound inside function ${lookup.functionName}()` };
    case "main-guard":
      return { at: lookup.site, message: "bound under the __main__ guard" };
    case "other-name":
      return { at: lookup.site, message: `the app is bound as ${lookup.suggestion}` };
    case "not-a-factory":
    case "factory-arguments":
    case "factory-returns-none":
    case "factory-not-called":
      return { at: lookup.binding.site, message: lookup.status === "not-a-factory" ? "the Flask app object" : `def ${lookup.binding.name}` };
    default:
      return undefined;
  }
}
