import { posix } from "node:path";
import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Fix, TextEdit } from "../../src/engine/types.js";
import { isFlaskFactory } from "../../src/languages/python/flask.js";
import { optionLine, valueEdit } from "../../src/languages/uwsgi/edits.js";
import { addedWhere, refusedMountCallable, spellOption, type AppEntry, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { CALLABLE_HINTS, CALLABLE_MESSAGES, callableFinding, moduleFileLabel, type CallableContext } from "../../src/model/callable-wording.js";
import type { CallableLookup } from "../../src/model/uwsgi-code.js";
import { appObject, entryEffect, failsToCompile } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/callable-not-found",
    title: "The callable uWSGI looks up is bound at the module's top level",
    severity: "error",
    relatesFiles: true,
    fixable: "unsafe",
    docs: {
      what: "Looks up the callable uWSGI takes from the app module (the `c` of `module = m:c`, else `callable`, else uWSGI's default `application`) among the names the module binds when imported: assignments of every form, imports and re-exports (star imports included), defs and classes, also inside top-level `if`/`try`/`with`. The message says the case: only inside a function (wrapped in a function; the hint names the top-level name the import binds the app to, if one does, as in `application = create_app()`), only under `if __name__ == \"__main__\":`, bound under another name (a Flask app, or one of FastAPI, Starlette, Quart, Falcon, Bottle, Sanic, Litestar or Django's `get_wsgi_application()`), nowhere, or imported (`from web import app`) from a local module that binds no such name, so that the import fails with ImportError; `c()` must be callable with no arguments, and a function named without `()` is served itself (a misbehaving app), unless a decorator made something else of it (`@Request.application`). An empty callable (`module = web:`, or `callable =` with no value) is the empty name, looked up as such: uWSGI does not fall back to `application` (fixtures `module-empty-callable`, `callable-option-empty`, `wsgi-file-callable-empty`). A mount whose app is neither `module:callable` nor a file ending in `.py` or `.wsgi` (`mount = /=wayback`, `--mount`, `UWSGI_MOUNT`) is reported too: a mount takes no default callable, and uWSGI 2.0.21 loads nothing from it (fixtures `mount-bare-module`, `mount-bare-beside-module`); the hint names, after a colon, the app the module binds (under another name, as above), else the callable uWSGI would take. A name the module may bind by name (`globals()[\"app\"] = …`, `setattr(sys.modules[__name__], …)`, `exec`) and binds nowhere else is \"cannot verify\" (info).",
      why: "uWSGI imports the module and takes the attribute: a name bound only inside a function or under the `__main__` guard does not exist after the import, so uWSGI logs `unable to load app 0 (mountpoint='') (callable not found or import error)`. The seed's troubleshooting item 3: app.py must not be wrapped in a function, and `module`/`callable` must name the Flask app object. Only a bare trailing `()` calls: `create_app(\"production\")` is looked up by that literal name, and `app()` on a Flask object raises TypeError; `module = app:create_app` serves the factory itself, and every request fails with TypeError (SPIN.md, Loading the app; docs/uwsgi-behaviour.md § 3, fixtures `wrapped-in-function`, `main-guard-only`, `bound-under-other-name`, `factory-*`).",
      fix: "Name the object the module binds at top level (`callable = app`; for a mount, after a colon, as the hint names it: `mount = /=wayback:app`), call a factory with `m:create_app()`, or move the app out of the function or the `__main__` guard. When the module binds an app under another name, or `module = m:create_app` names a factory without `()`, the fix writes that in the ini; it is unsafe because the module may mean another object to be served (a middleware it wraps the app in elsewhere).",
      sources: ["SPIN.md § Loading the app (seed item 3)", "docs/uwsgi-behaviour.md § 3 (factories) and the module and callable fixtures"],
      related: ["uwsgi/module-not-found", "uwsgi/callable-ignored", "python/syntax"],
    },
    messages: {
      ...CALLABLE_MESSAGES,
      empty: "{{written}}: uWSGI looks up an object with an empty name in {{file}}, finds none, and does not fall back to its default, application{{log}}",
      mount: "{{written}} names neither module:callable nor a .py or .wsgi file: a mount takes no default callable, so uWSGI logs `mounting {{app}} on {{mountpoint}}` and loads nothing from it",
    },
    hints: { ...CALLABLE_HINTS, empty: "{{suggestion}}", mount: "{{suggestion}}" },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      for (const entry of app.entries) {
        if (entry.refused === "not-an-app") {
          const effect = entryEffect(app, entry, (other) => other.code?.callable.status === "found");
          once.report({ messageId: "mount", data: refusedMount(app, entry), at: entry.setting.at, effect, object });
          continue;
        }
        const lookup = entry.code?.callable;
        if (!lookup || failsToCompile(entry)) continue;
        const at = entry.callable.setting?.at ?? entry.setting.at;
        if (entry.callable.name === "") {
          const effect = entryEffect(app, entry, (other) => other.code?.callable.status === "found");
          const fix = callableFix(app, entry, lookup);
          once.report({ messageId: "empty", data: emptyCallable(entry, lookup), at, ...(effect ? { effect } : {}), object, ...(fix ? { fix } : {}) });
          continue;
        }
        const finding = callableFinding(lookup, describe(entry));
        if (!finding) continue;
        const effect = finding.effect === "wont-start" ? entryEffect(app, entry, (other) => other.code?.callable.status === "found") : finding.effect;
        const fix = callableFix(app, entry, lookup);
        once.report({
          messageId: finding.messageId,
          data: finding.data,
          at,
          ...(finding.messageId === "unverifiable" ? { severity: "info" as const } : {}),
          ...(effect ? { effect } : {}),
          ...(finding.related ? { related: [finding.related] } : {}),
          object,
          ...(fix ? { fix } : {}),
        });
      }
    }
    once.flush();
  },
});

/** The entry's lookup in uWSGI's terms: fixes are spelled as the ini option that names the app. */
function describe(entry: AppEntry): CallableContext {
  const file = entry.code?.main?.file.file ?? entry.target;
  // `mount = /api=pkg.web:app` keeps its mount point.
  const mount = entry.setting.option?.names.includes("mount") ? `${entry.mountpoint}=` : "";
  // Spelt where the app is named: an ini line, a command-line option or a UWSGI_ variable.
  const option = (key: string, value: string) => spellOption(entry.setting.origin, key, value);
  const moduleValue = (name: string, call: boolean) => option(entry.setting.key, `${mount}${entry.target}:${name}${call ? "()" : ""}`);
  // A file takes neither `:name` nor a call: a factory is loaded from the file as a module instead.
  const fileValue = (name: string, call: boolean) =>
    call ? option(entry.setting.key === "wsgi-file" ? "module" : entry.setting.key, `${mount}${posix.basename(entry.target).replace(/\.py$/, "")}:${name}()`) : option("callable", name);
  const isFile = entry.kind === "file";
  const spell = isFile ? fileValue : moduleValue;
  return {
    server: "uWSGI", callable: entry.callable.text, name: entry.callable.name, module: entry.target,
    file: moduleFileLabel(file, entry.resolution.status === "found" ? entry.resolution.shadows : undefined),
    spell,
    callsNothing: isFile,
    onNone: "serves",
    // Where the callable option names it, it is written there (`callable = create_app()` calls the factory, fixture factory-callable-option);
    // a file's factory is loaded as a module instead, and `module = m:c` keeps its callable.
    suggestOther: (name, factory) =>
      (entry.callable.from === "callable" && !isFile) || (entry.callable.from !== "module" && !factory)
        ? callableOption(entry, `${name}${factory ? "()" : ""}`)
        : `write ${spell(name, factory)}`,
  };
}

/**
 * `module = web:` and `callable =` (uWSGI 2.0.21): the callable is the empty string, not unset, so
 * uWSGI looks up `""` and fails (for a wsgi-file its log still names "application"). The hint names
 * the app the module binds under another name, else `application` when the module binds that.
 */
function emptyCallable(entry: AppEntry, lookup: CallableLookup): Record<string, string> {
  const context = describe(entry);
  const fromModule = entry.callable.from === "module";
  const setting = entry.callable.setting ?? entry.setting;
  const written = `${spellOption(setting.origin, setting.key, fromModule ? setting.clean : "").trim()} ${fromModule ? "leaves the callable after the colon empty" : "sets an empty callable"}`;
  const log = entry.kind === "file" ? ` (its log still says \`unable to find "application" callable in file ${entry.target}\`)` : "";
  const other = lookup.status === "missing" && lookup.why === "other-name" && !lookup.needsArguments ? lookup.name : undefined;
  const bindsDefault = entry.code?.main?.module.topLevel.has("application") ?? false;
  const suggestion = other
    ? (context.suggestOther?.(other, lookup.status === "missing" && (lookup.factory ?? false)) ?? `write ${context.spell(other, false)}`)
    : bindsDefault
      ? `${fromModule ? `drop the colon (${spellOption(setting.origin, setting.key, setting.clean.slice(0, -1))})` : "remove the empty callable"}: uWSGI then looks up application, which ${context.file} binds`
      : fromModule
        ? `name the app object after the colon (${context.spell("<name>", false)}), or drop the colon for uWSGI's default, application`
        : "set callable to the name of the app object, or remove it for uWSGI's default, application";
  return { written, file: context.file, log, suggestion };
}

/**
 * `mount = /=wayback` (uWSGI 2.0.21): the python plugin mounts only a value with a colon or a file
 * name, so a bare module loads nothing. A module name gets its callable written after a colon (the
 * app the module binds, see refusedMountCallable); at the root, `module = wayback` serves it too.
 */
function refusedMount(app: UwsgiApp, entry: AppEntry): Record<string, string> {
  const { origin } = entry.setting;
  const written = spellOption(origin, entry.setting.key, entry.setting.clean);
  const data = { written, app: entry.target, mountpoint: entry.mountpoint === "" ? "/" : entry.mountpoint };
  const moduleName = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(entry.target) && !entry.target.endsWith(".ini");
  if (!moduleName) return { ...data, suggestion: "name a module with its callable (<module>:<callable>), or a file ending in .py or .wsgi" };
  const callable = refusedMountCallable(entry);
  const mounted = spellOption(origin, entry.setting.key, `${entry.mountpoint}=${entry.target}:${callable}`);
  const atRoot = (entry.mountpoint === "" || entry.mountpoint === "/") && !app.entries.some((other) => other.setting.option?.name === "module");
  // `module` without a colon takes the callable a mount would have: another name goes after a colon.
  const module = spellOption(origin, "module", callable === entry.callable.text ? entry.target : `${entry.target}:${callable}`);
  return { ...data, suggestion: `write ${mounted}${atRoot ? `, or ${module}` : ""}` };
}

/** The callable option with `value`: rewritten where it is set, else added where the app is named (an ini, the uwsgi command, the env). */
function callableOption(entry: AppEntry, value: string): string {
  const setting = entry.callable.setting;
  if (setting) return `write ${spellOption(setting.origin, "callable", value)}`;
  return entry.setting.origin === "ini" ? `write callable = ${value}` : `add ${addedWhere(entry.setting.origin, "callable", value)}`;
}

/**
 * Names in the ini what the module has: the app it binds under another name (or the
 * factory that builds it, called), or `()` after a factory `module = m:c` names uncalled. Only
 * values written in an ini as uWSGI reads them are edited.
 */
function callableFix(app: UwsgiApp, entry: AppEntry, lookup: CallableLookup): Fix | undefined {
  const written = (setting: UwsgiSetting | undefined) => (setting?.origin === "ini" && setting.raw === setting.clean ? setting : undefined);
  const module = written(entry.setting);
  const edit = (title: string, change: TextEdit | undefined): Fix | undefined => (change ? { title, edits: [change] } : undefined);
  if (lookup.status === "found" && lookup.uncalledFactory) {
    if (lookup.needsArguments) return undefined;
    return module && entry.callable.from === "module" ? edit(`write ${module.key} = ${module.raw}()`, valueEdit(module, module.raw.length, module.raw.length, "()")) : undefined;
  }
  if (lookup.status !== "missing" || !lookup.name || lookup.needsArguments) return undefined;
  // Bound only inside a factory that builds and returns the Flask app: the factory, called, is the app.
  const main = entry.code?.main?.module;
  const definition = main?.topLevel.get(lookup.name);
  const factoryOfApp = lookup.why === "function" && !lookup.boundAs && main !== undefined && definition !== undefined && isFlaskFactory(main, definition);
  if (lookup.why !== "other-name" && !factoryOfApp) return undefined;
  const factory = factoryOfApp || (lookup.factory ?? false);
  const reference = `${lookup.name}${factory ? "()" : ""}`;
  // `callable` (or its default) serves every entry without its own `:c`: renamed for one, it breaks the others.
  if (entry.callable.from !== "module" && app.entries.filter((other) => other.callable.from !== "module").length > 1) return undefined;
  switch (entry.callable.from) {
    case "module": {
      const colon = module?.raw.lastIndexOf(":") ?? -1;
      return module && edit(`write ${module.key} = ${module.raw.slice(0, colon + 1)}${reference}`, valueEdit(module, colon + 1, module.raw.length, reference));
    }
    case "callable": {
      const callable = written(entry.callable.setting);
      // A file's callable is looked up by its literal name: a factory is loaded as a module instead.
      // `callable =` has its empty value right after the `=`: the name goes after a space.
      const space = callable?.raw === "" && callable.at.file.text[callable.at.start - 1] === "=" ? " " : "";
      return callable && !(factory && entry.kind === "file") ? edit(`write callable = ${reference}`, valueEdit(callable, 0, callable.raw.length, `${space}${reference}`)) : undefined;
    }
    case "default": {
      if (!module) return undefined;
      if (factory) return entry.kind === "module" ? edit(`write ${module.key} = ${module.raw}:${reference}`, valueEdit(module, module.raw.length, module.raw.length, `:${reference}`)) : undefined;
      const config = app.configs.find((candidate) => candidate.file === module.at.file);
      return config && edit(`write callable = ${lookup.name}`, insertLines(config.file, lineEndAfter(config.file, module.at.end), [optionLine(config.document, "callable", lookup.name)]));
    }
  }
}
