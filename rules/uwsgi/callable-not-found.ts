import { posix } from "node:path";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { RelatedSite } from "../../src/engine/types.js";
import type { AppEntry } from "../../src/model/uwsgi-apps.js";
import type { CallableLookup } from "../../src/model/uwsgi-code.js";
import { appObject, entryEffect, failsToCompile } from "../../src/model/uwsgi-effects.js";

type MissingWhy = Extract<CallableLookup, { status: "missing" }>["why"];

export default defineRule({
  meta: {
    id: "uwsgi/callable-not-found",
    title: "The callable uWSGI looks up is bound at the module's top level",
    severity: "error",
    docs: {
      what: "Looks up the callable uWSGI takes from the app module (the `c` of `module = m:c`, else `callable`, else uWSGI's default `application`) among the names the module binds when imported: assignments of every form, imports and re-exports (star imports included), defs and classes, also inside top-level `if`/`try`/`with`. The message says the case: only inside a function (wrapped in a function), only under `if __name__ == \"__main__\":`, bound under another name, or nowhere; `c()` must be callable with no arguments, and a function named without `()` is served itself (a misbehaving app).",
      why: "uWSGI imports the module and takes the attribute: a name bound only inside a function or under the `__main__` guard does not exist after the import, so uWSGI logs `unable to load app 0 (mountpoint='') (callable not found or import error)`. The seed's troubleshooting item 3: app.py must not be wrapped in a function, and `module`/`callable` must name the Flask app object. Only a bare trailing `()` calls: `create_app(\"production\")` is looked up by that literal name, and `app()` on a Flask object raises TypeError; `module = app:create_app` serves the factory itself, and every request fails with TypeError (SPIN.md, Loading the app; docs/uwsgi-behaviour.md § 3, fixtures `wrapped-in-function`, `main-guard-only`, `bound-under-other-name`, `factory-*`).",
      fix: "Name the object the module binds at top level (`callable = app`), call a factory with `m:create_app()`, or move the app out of the function or the `__main__` guard.",
      sources: ["SPIN.md § Loading the app (seed item 3)", "docs/uwsgi-behaviour.md § 3 (factories) and the module and callable fixtures"],
      related: ["uwsgi/module-not-found", "uwsgi/callable-ignored", "python/syntax"],
    },
    messages: {
      function: "{{callable}} is bound only inside function {{name}}() of {{file}} (wrapped in a function): after the import uWSGI finds no {{callable}}",
      "main-guard": "{{callable}} is bound only under if __name__ == \"__main__\": in {{file}}, which does not run when uWSGI imports it",
      "other-name": "{{file}} binds no {{callable}}: the Flask app is {{other}}",
      nowhere: "{{file}} binds no {{callable}} at its top level",
      arguments: "uWSGI calls only a bare trailing (): it looks for an object literally named {{callable}} in {{file}}",
      namespace: "{{module}} is a namespace package (no __init__.py): it has no {{callable}}",
      notCallable: "uWSGI calls {{callable}} with no arguments, which fails: {{error}}",
      uncalledFactory: "{{callable}} is a function, not a WSGI app: uWSGI serves the function itself, and every request fails with TypeError (factory named without ())",
      unverifiable: "cannot verify the callable {{callable}}: {{reason}}",
    },
    hints: {
      function: "if {{name}}() returns the app, write {{moduleKey}} = {{module}}:{{name}}(); or bind the app at the module's top level",
      "main-guard": "move the assignment out of the if __name__ == \"__main__\": block",
      "other-name": "{{suggestion}}",
      nowhere: "bind the Flask app to {{callable}} at the module's top level, or name the object it binds",
      arguments: "call the factory with no arguments ({{name}}()), or bind the app at the module's top level",
      notCallable: "name the app object itself ({{name}}), or give the factory defaults for its parameters",
      uncalledFactory: "write {{name}}() to call the factory",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      for (const entry of app.entries) {
        const lookup = entry.code?.callable;
        if (!lookup || failsToCompile(entry)) continue;
        const at = entry.callable.setting?.at ?? entry.setting.at;
        const data = describe(entry);
        const objectPart = object ? { object } : {};
        if (lookup.status === "unverifiable") {
          once.report({ messageId: "unverifiable", data: { ...data, reason: lookup.message }, at, severity: "info", ...objectPart });
        } else if (lookup.status === "found") {
          if (lookup.uncalledFactory) once.report({ messageId: "uncalledFactory", data, at, effect: "misbehaves", related: [{ at: lookup.binding.site, message: `${entry.callable.name} is defined here` }], ...objectPart });
        } else {
          const effect = entryEffect(app, entry, (other) => other.code?.callable.status === "found");
          const messageId = lookup.status === "not-callable" ? "notCallable" : lookup.why;
          const explained = related(entry, lookup);
          once.report({
            messageId,
            data: lookup.status === "not-callable" ? { ...data, error: lookup.error } : { ...data, ...missingData(entry, lookup.why, lookup.name, lookup.factory) },
            at,
            effect,
            ...(explained ? { related: [explained] } : {}),
            ...objectPart,
          });
        }
      }
    }
    once.flush();
  },
});

function describe(entry: AppEntry): Record<string, string> {
  const file = entry.code?.main?.file.file.path ?? entry.target;
  return { callable: entry.callable.text, name: entry.callable.name, file: posix.basename(file), module: entry.target, moduleKey: entry.setting.key };
}

function missingData(entry: AppEntry, why: MissingWhy, name: string | undefined, factory: boolean | undefined): Record<string, string> {
  if (why !== "other-name" || !name) return { name: name ?? entry.callable.name };
  const other = factory ? `built by ${name}()` : `bound to ${name}`;
  const suggestion = entry.callable.from === "module" || factory ? `write ${entry.setting.key} = ${entry.target}:${name}${factory ? "()" : ""}` : `write callable = ${name}`;
  return { name, other, suggestion };
}

function related(entry: AppEntry, lookup: CallableLookup): RelatedSite | undefined {
  if (lookup.status === "not-callable") return { at: lookup.binding.site, message: `${entry.callable.name} is defined here` };
  if (lookup.status !== "missing" || !lookup.site) return undefined;
  switch (lookup.why) {
    case "function":
      return { at: lookup.site, message: `${entry.callable.name} is bound here, inside ${lookup.name}()` };
    case "main-guard":
      return { at: lookup.site, message: `${entry.callable.name} is bound here, under the __main__ guard` };
    case "other-name":
      return { at: lookup.site, message: lookup.factory ? `${lookup.name}() builds the Flask app` : `the Flask app is bound to ${lookup.name} here` };
    default:
      return { at: lookup.site, message: `${entry.callable.name} is defined here` };
  }
}
