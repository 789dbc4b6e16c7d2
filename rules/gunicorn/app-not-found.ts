import { defineRule, reportingOnce } from "../../src/engine/rule.js";
import type { Effect, RelatedSite } from "../../src/engine/types.js";
import { MISSING_IN_IMAGE } from "../../src/model/dockerfiles.js";
import { CALLABLE_HINTS, CALLABLE_MESSAGES, callableFinding, moduleFileLabel } from "../../src/model/callable-wording.js";
import { objectRef } from "../../src/model/k8s.js";
import type { ServerApp } from "../../src/model/python-servers.js";
import { codeFailsToCompile } from "../../src/model/served-code.js";

const SERVER_NAMES = { gunicorn: "gunicorn", uvicorn: "uvicorn" } as const;

export default defineRule({
  meta: {
    id: "gunicorn/app-not-found",
    title: "gunicorn and uvicorn find the app their command names",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Finds gunicorn and uvicorn in Kubernetes `command`/`args` (also behind `dumb-init`, `tini`, `exec`, `sh -c`, `python -m gunicorn`), a Dockerfile's ENTRYPOINT/CMD and a compose service's `entrypoint`/`command`, and resolves the app exactly as that server does: gunicorn's `APP_MODULE` (`module:name`, `module:factory(literal args)`, the default name `application`, `wsgi_app` from `gunicorn.conf.py` in the start directory or `-c FILE`, imported from `--pythonpath` (its last entry first), `--chdir` and the start directory, which gunicorn keeps on `sys.path` after `--chdir`, in that order; module names that are not identifiers such as `my-app`); uvicorn's `module:attribute` (`--app-dir`, `--factory`); after the app's own directories, Python searches what the Dockerfile `pip install`s (a project in the tree in its `src/` or top directory; what a URL installs, or a bind of a directory outside the linted files brings, cannot be verified, info); a module the image's RUNs or `COPY --from`s may put there unseen cannot be verified either (info; which those are is `uwsgi/module-not-found`'s). It reports a module that does not import, a name the module does not bind at its top level (wrapped in a function, only under `if __name__ == \"__main__\":`, bound under another name, or nowhere: the cases and wording of `uwsgi/callable-not-found`), a factory call that fails, an option the server rejects (a `$PORT` no shell expands, in an exec-form CMD or a Kubernetes command list, reaches it as written), and three apps that start but answer every request with HTTP 500: a factory named without `()` under gunicorn, a Flask (WSGI) app served by uvicorn without `--interface wsgi`, and an ASGI app (FastAPI, Starlette, Quart, Litestar) served by a gunicorn worker of its own (`sync`, `gthread`, `gevent`…) rather than `-k uvicorn.workers.UvicornWorker`.",
      why: "gunicorn's worker stops with `App failed to load` (`Failed to find attribute 'app' in 'app'.`, `Failed to parse 'app.wsgi_app' as an attribute name or function call.`) or `Worker failed to boot` (`ModuleNotFoundError`), and the pod restarts in a loop; uvicorn exits 1 (`Error loading ASGI app. Attribute \"app\" not found in module \"main\".`). The seed's troubleshooting item 3 holds for every server: the entry point must name an object bound at the module's top level, not one wrapped in a function (SPIN.md, Loading the app: seed item 3; docs/gunicorn-behaviour.md, measured on gunicorn 20.1.0 and uvicorn 0.17.6).",
      fix: "Name a module importable from the start directory, `--chdir` or `--pythonpath`, and an object it binds at top level: `gunicorn 'pkg.app:create_app()'`, `gunicorn wsgi:app`, `uvicorn app.main:app`.",
      sources: ["SPIN.md § Loading the app (seed item 3)", "docs/gunicorn-behaviour.md (fixtures/apps/gunicorn, run on gunicorn 20.1.0 and uvicorn 0.17.6)"],
      related: ["uwsgi/callable-not-found", "uwsgi/module-not-found", "app/import-fails", "app/debug-server", "k8s/port-chain"],
    },
    messages: {
      ...CALLABLE_MESSAGES,
      noApp: "{{server}} has no app to load: no APP_MODULE on the command line and {{config}} (`Error: No application module specified.`)",
      noAttribute: "{{reference}}: uvicorn needs module:attribute (`Error loading ASGI app. Import string \"{{reference}}\" must be in format \"<module>:<attribute>\".`)",
      notAName: "{{reference}}: gunicorn refuses the app expression ({{error}})",
      badOption: "{{server}} exits before loading the app: {{error}}",
      configMissing: "{{server}} exits before loading the app: {{error}}",
      moduleMissing: "{{reference}}: {{server}} cannot import {{module}} ({{error}}); Python searches {{searched}}",
      shadowed: "{{reference}}: {{error}}; {{server}} then looks for \"{{name}}\" in the standard module",
      unverifiable: "cannot verify {{reference}}: {{reason}}",
      wsgiAsAsgi: "{{reference}}: uvicorn serves the Flask (WSGI) app as ASGI; it starts, but every request fails (HTTP 500)",
      asgiAsWsgi: "{{reference}}: gunicorn's {{worker}} worker serves the {{framework}} (ASGI) app as WSGI; it starts, but every request fails (HTTP 500)",
    },
    hints: {
      ...CALLABLE_HINTS,
      noApp: "{{noAppHint}}",
      noAttribute: "name the object too: {{reference}}:app",
      notAName: "{{notANameHint}}",
      badOption: "{{badOptionHint}}",
      configMissing: "{{where}}",
      moduleMissing: "{{moduleHint}}",
      shadowed: "rename {{module}}.py (e.g. to {{module}}_app.py) so that no standard module shadows it",
      wsgiAsAsgi: "add --interface wsgi, or serve the Flask app with gunicorn",
      asgiAsWsgi: "run it with uvicorn's worker: -k uvicorn.workers.UvicornWorker (or serve it with uvicorn)",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.servers.apps) {
      if (app.server !== "gunicorn" && app.server !== "uvicorn") continue;
      const server = SERVER_NAMES[app.server];
      const container = app.runner.container;
      const common = {
        ...(container ? { object: objectRef(container.workload.object, container) } : {}),
      };
      const reference = app.reference?.text ?? "";
      const report = (messageId: Parameters<typeof once.report>[0]["messageId"], at: typeof app.launch.program.at, effect: Effect | undefined, data: Record<string, string>, related: RelatedSite[] = []) =>
        once.report({ messageId, at, ...(effect ? { effect } : {}), data: { server, reference, ...data }, ...common, ...(related.length ? { related } : {}) });

      const { problem } = app;
      if (problem) {
        switch (problem.kind) {
          case "no-app":
            report("noApp", app.launch.program.at, "wont-start", { config: app.configFile ? `no wsgi_app in ${app.configFile.file.path}` : `no gunicorn.conf.py in the directory it starts in (${app.startDir})`, noAppHint: noAppHint(app) },
              app.ignoredConfig ? [{ at: { file: app.ignoredConfig, start: 0, end: 0 }, message: "not read: gunicorn looks for gunicorn.conf.py in the directory it starts in, before --chdir" }] : []);
            break;
          case "no-attribute":
            report("noAttribute", app.reference!.at, "wont-start", {});
            break;
          case "not-a-name":
            report("notAName", app.reference!.at, "wont-start", { error: problem.error, notANameHint: notANameHint(problem.error) });
            break;
          case "bad-option":
            report("badOption", problem.at, "wont-start", { error: problem.error, badOptionHint: badOptionHint(app, problem) });
            break;
          case "config-missing":
            report("configMissing", problem.at, "wont-start", {
              error: problem.error,
              where: problem.path.startsWith("/") ? MISSING_IN_IMAGE : `-c is relative to the directory ${server} starts in (${app.startDir})`,
            });
            break;
        }
        continue;
      }
      const ref = app.reference;
      const resolution = app.resolution;
      if (!ref || !resolution) continue;
      if (resolution.status === "missing") {
        report("moduleMissing", ref.at, "wont-start", {
          module: ref.module, error: resolution.message,
          searched: app.searchPath.map((dir) => dir.containerPath).join(", "),
          moduleHint: moduleHint(app),
        });
        continue;
      }
      if (resolution.status === "shadowed") {
        report("shadowed", ref.at, "wont-start", { error: resolution.message, name: ref.app?.name ?? "application", module: ref.module.split(".")[0]! });
        continue;
      }
      if (resolution.status === "unverifiable") {
        // A run-time volume, a bind of a directory outside the linted files, a pip install of what nw-lint cannot see, or a RUN or COPY --from that may put the module there, is worth saying: elsewhere the linter simply does not know where the code is.
        if (resolution.why === "volume" || resolution.why === "outside" || resolution.why === "installed" || resolution.why === "built") once.report({ messageId: "unverifiable", at: ref.at, severity: "info", data: { server, reference, reason: resolution.message }, ...common, ...(resolution.related ? { related: [resolution.related] } : {}) });
        continue;
      }
      const lookup = app.code?.callable;
      if (!lookup || !ref.app || codeFailsToCompile(app.code!)) continue;
      if (lookup.status === "found" && app.wsgiAsAsgi) {
        report("wsgiAsAsgi", ref.at, "misbehaves", {}, [{ at: lookup.binding.site, message: "a Flask (WSGI) app" }]);
        continue;
      }
      if (lookup.status === "found" && app.asgiAsWsgi) {
        const { framework, worker } = app.asgiAsWsgi;
        report("asgiAsWsgi", ref.at, "misbehaves", { framework, worker }, [{ at: lookup.binding.site, message: `a ${framework} (ASGI) app` }]);
        continue;
      }
      // uvicorn calls whatever it finds with no arguments when that works: a factory named alone is fine.
      if (lookup.status === "found" && lookup.uncalledFactory && app.server === "uvicorn") continue;
      const finding = callableFinding(lookup, {
        server, callable: ref.app.text, name: ref.app.name, module: ref.module,
        file: moduleFileLabel(app.code!.main?.file.file ?? ref.module, app.resolution?.status === "found" ? app.resolution.shadows : undefined),
        // uvicorn takes no call in the reference: it calls a factory named with --factory.
        spell: (name, call) => (call && app.server === "uvicorn" ? `--factory ${ref.module}:${name}` : `${ref.module}:${name}${call ? "()" : ""}`),
        ...(app.server === "gunicorn" ? { onNone: "refuses" as const } : {}),
      });
      if (!finding) continue;
      once.report({
        messageId: finding.messageId, at: ref.at, data: { ...finding.data, reference },
        ...(finding.messageId === "unverifiable" ? { severity: "info" as const } : {}),
        ...(finding.effect ? { effect: finding.effect } : {}),
        ...(finding.related ? { related: [finding.related] } : {}),
        ...common,
      });
    }
    once.flush();
  },
});

function noAppHint(app: ServerApp): string {
  if (app.ignoredConfig) return `gunicorn reads gunicorn.conf.py from the directory it starts in (${app.startDir}), not from --chdir: move ${app.ignoredConfig.path} there, pass -c, or name the app on the command line`;
  return "name the app on the command line (gunicorn module:app) or set wsgi_app in gunicorn.conf.py";
}

function notANameHint(error: string): string {
  if (error.startsWith("Function reference")) return "import the factory into the module and call it by its own name: module:create_app()";
  if (error.startsWith("Failed to parse arguments")) return "gunicorn passes only literal arguments; read the environment inside the factory instead";
  return "name an object the module binds at top level (bind `application = app.wsgi_app` there if you need an attribute)";
}

function badOptionHint(app: ServerApp, { error, unexpanded }: { readonly error: string; readonly unexpanded?: string }): string {
  const afterScript = app.launch.afterScript;
  if (afterScript) return `sh -c runs only its script; the words after it (${afterScript.map((word) => word.text).join(" ")}) become $0, $1…: put the whole command in the one string`;
  if (app.server === "gunicorn" && /--port\b/.test(error)) return "gunicorn has no --port: use --bind 0.0.0.0:PORT";
  if (app.server === "uvicorn" && /--bind\b/.test(error)) return "uvicorn has no --bind: use --host 0.0.0.0 --port PORT";
  if (unexpanded) return `no shell reads this command, so ${unexpanded} is passed as written: run it with sh -c "…", or write $(${unexpanded.replace(/[^\w]/g, "")}) in a Kubernetes command`;
  return `see ${app.server} --help for its options`;
}

function moduleHint(app: ServerApp): string {
  const module = app.reference?.module ?? "";
  if (module.endsWith(".py")) return `a module name, not a file name: did you mean '${module.replace(/\.py$/, "")}:${app.reference?.app?.name ?? "app"}'?`;
  if (module.includes("/")) return `a dotted module name, not a path: use --chdir ${module.slice(0, module.lastIndexOf("/"))} and ${module.slice(module.lastIndexOf("/") + 1)}`;
  return app.server === "gunicorn"
    ? "module names are relative to the directory gunicorn starts in (or --chdir, --pythonpath, PYTHONPATH)"
    : "module names are relative to --app-dir (default: the directory uvicorn starts in) and PYTHONPATH";
}
