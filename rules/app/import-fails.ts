import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { fileLabel } from "../../src/engine/source.js";
import { codeFailsToCompile, servedCode } from "../../src/model/served-code.js";
import type { AppCode, FailedImport } from "../../src/model/uwsgi-code.js";

/** What a SystemExit during the import does, by server (docs/uwsgi-behaviour.md § 1, docs/gunicorn-behaviour.md). */
const EXIT_EFFECT: Readonly<Record<string, string>> = {
  uWSGI: "it ends the whole uWSGI process (SystemExit), whatever need-app says",
  gunicorn: "the worker exits (SystemExit) and gunicorn boots another, forever",
  uvicorn: "uvicorn exits (SystemExit) before it serves",
};

export default defineRule({
  meta: {
    id: "app/import-fails",
    title: "Importing the app module neither fails nor blocks",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports statements that certainly stop the import of the app's modules: an unconditional top-level `raise`, a `sys.exit()`/`exit()`/`quit()`, a `raise SystemExit(...)` or a call of a click command (`@click.command()`, whose standalone mode exits once the command has run) (worded as an exit: it ends the process rather than failing the import), Flask's `app.run()` outside the `__main__` guard (also unconditional in the factory the server calls after the import, `module = app:create_app()`, gunicorn's `app:create_app()`, uvicorn's `--factory`), a relative import in a module the server (uWSGI, gunicorn, uvicorn) imports outside any package, and a `from m import name` of a local module m that certainly binds no such name (no star import, module `__getattr__`, namespace written by name or submodule of that name could provide it), where the import certainly runs and no `except ImportError` catches it (the import the app itself is taken from is uwsgi/callable-not-found's or gunicorn/app-not-found's).",
      why: "uWSGI loads the app by importing it. A `raise` makes the import fail (`unable to load app`); a `SystemExit` ends the whole uWSGI process during the import, even with status 0 and whatever `need-app` says; `app.run()` starts Flask's development server inside the import, which never returns, so uWSGI never serves (in the factory it calls, the call never returns, so uWSGI never gets the app); `from . import x` in a top-level module fails with `attempted relative import with no known parent package`, and `from web import create_app` of a web.py without it with `ImportError: cannot import name 'create_app' from 'web'`, whatever the name was for (SPIN.md, Loading the app; docs/uwsgi-behaviour.md § 1 and § 11, fixtures `top-level-raise`, `top-level-sys-exit`, `top-level-exit-zero`, `top-level-click-command`, `top-level-raise-system-exit`, `top-level-raise-system-exit-status`, `blocking-app-run`, `factory-app-run`, `relative-import-top-level`, `import-missing-name`, `import-missing-name-caught`). Under gunicorn a SystemExit ends the worker and the arbiter boots another, forever, and a blocking `app.run()` ends in `WORKER TIMEOUT` after 30 s, again and again (docs/gunicorn-behaviour.md, fixtures `top-level-sys-exit`, `top-level-app-run`, `relative-import-no-package`).",
      fix: "Move `app.run()` under `if __name__ == \"__main__\":` (out of the factory, which returns the app); report configuration problems without raising at import time; use absolute imports in a module that is not in a package (or make it a package and name it `pkg.module`); import names the module binds (the hint names a close one, a likely typo).",
      sources: ["SPIN.md § Loading the app (uWSGI)", "docs/uwsgi-behaviour.md § 1 (SystemExit) and § 11 (imports that never return)", "docs/gunicorn-behaviour.md (the top-level fixtures)"],
      related: ["python/syntax"],
    },
    messages: {
      raise: "{{text}} runs when {{server}} imports {{module}}: the import fails and {{server}} cannot load the app",
      exit: "{{text}} runs when {{server}} imports {{module}}: {{exit}}",
      run: "{{text}} starts Flask's development server while {{server}} imports {{module}}: the import never returns, so {{server}} never serves the app",
      factoryRun: "{{server}} calls {{name}}() to get the app, and {{name}}() starts Flask's development server: {{text}} never returns, so {{server}} never gets the app",
      "relative-import": "{{text}}: {{server}} imports {{module}} as a top-level module, not from a package, so the relative import fails (attempted relative import with no known parent package)",
      "cannot-import": "{{module}} imports {{name}} from {{from}}, which binds no {{name}} at its top level: the import fails (ImportError: cannot import name '{{name}}')",
    },
    hints: {
      raise: "do not raise at import time; fail in the request or in a health check instead",
      exit: "do not exit at import time",
      run: "move it under if __name__ == \"__main__\":",
      factoryRun: "let {{name}}() return the app without running it, and call app.run() under if __name__ == \"__main__\": only",
      "relative-import": "use an absolute import, or make the directory a package and name the module package.module",
      "cannot-import": "{{suggestion}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const { code, server, object } of servedCode(model)) {
      if (codeFailsToCompile(code)) continue;
      for (const { module, inPackage } of code.imported) {
        for (const blocker of module.importBlockers) {
          if (blocker.kind === "relative-import" && inPackage) continue;
          once.report({
            messageId: blocker.kind,
            data: { text: blocker.text, module: fileLabel(module.file), server, exit: EXIT_EFFECT[server] ?? EXIT_EFFECT.uWSGI! },
            at: blocker.site,
            effect: "wont-start",
            object,
          });
        }
      }
      for (const failed of code.failedImports) {
        if (reportedAsCallable(code, failed)) continue;
        const from = fileLabel(failed.from.file.file);
        once.report({
          messageId: "cannot-import",
          data: {
            module: fileLabel(failed.importer.file.file), from, name: failed.name,
            suggestion: failed.closeName ? `did you mean ${failed.closeName}? ${from} binds ${failed.closeName}` : `define ${failed.name} at the top level of ${from}, or import a name it binds`,
          },
          at: failed.site,
          effect: "wont-start",
          object,
        });
      }
      for (const blocker of code.factoryBlockers) {
        once.report({ messageId: "factoryRun", data: { text: blocker.text, name: blocker.calledAs, server }, at: blocker.site, effect: "wont-start", object });
      }
    }
    once.flush();
  },
});

/** The import that takes the app itself (`from web import app`): the callable rules (uwsgi/callable-not-found, gunicorn/app-not-found) report it. */
function reportedAsCallable(code: AppCode, failed: FailedImport): boolean {
  const lookup = code.callable;
  return lookup.status === "missing" && lookup.why === "import" && lookup.site?.file === failed.site.file && lookup.site.start === failed.site.start;
}
