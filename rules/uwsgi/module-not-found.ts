import { posix } from "node:path";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { MISSING_IN_IMAGE } from "../../src/model/dockerfiles.js";
import { callableName, mountedApp } from "../../src/languages/uwsgi/values.js";
import { addedWhere, lastSetting, refusedMountCallable, shownPath, spellOption, type AppEntry, type UwsgiApp } from "../../src/model/uwsgi-apps.js";
import { appObject, entryEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/module-not-found",
    title: "The module (or wsgi-file) uWSGI loads exists",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Resolves each app's `module` (dotted, as Python imports it), `wsgi-file` (a directory by its `__init__.py`, which uWSGI opens) and `mount` from the directory uWSGI starts in (the container's `workingDir`, the Dockerfile's WORKDIR, else the ini's directory; then the `cd`s of a start script the command runs, when it is a shell script of the repository the image copies and ends in uWSGI), after `chdir`, through `pythonpath`, PYTHONPATH and the packages the Dockerfile `pip install`s from the tree (`pip install .`: its `src/` or top directory), mapped to the repository (a file a `COPY` heredoc writes, `COPY <<EOF /app/wsgi.py`, is in the image, read from the Dockerfile's lines, and so is one a build stage writes that `COPY --from` copies); reports a module or file that is not there, a `chdir` directory that does not exist, and a `mount` without `=` (`mount = app:app`: uWSGI exits 1, `invalid mountpoint`). A mount names a file only by a `.py` or `.wsgi` ending: `mount = /=app.py:app` imports a module `app.py`, which is not there. A file the build's `.dockerignore` excludes is not in the image that `COPY . /app` makes (unless a compose bind mounts it), and the message names the pattern and its line; the file read is `<Dockerfile>.dockerignore` beside the Dockerfile, else the build context's `.dockerignore`, with Docker's patterns (`!` exceptions, `**`). When the code sits on a volume mounted at run time (a `/global` hostPath over the code path), or in the image where neither a Dockerfile `COPY` nor the ini's own directory maps it to the repository, or may be among what a `pip install` of a URL (`git+https://…`) puts in site-packages, or what the build puts in the image unseen, it says \"cannot verify\" instead (info). The build puts unseen: what `COPY --from` copies from another image, or from a stage's path its own COPYs did not fill whole (its RUNs' and base image's files: `RUN git clone … /hc` in a builder, then `COPY --from=builder /hc/ /app/`); and where a RUN's commands that fetch, unpack or copy code write, from the RUN's directory, with the directories above and below it: `git clone … /app`, `tar -xf … -C /app`, `unzip -d`, the destination of `cp`, `mv`, `rsync`, `ln` and `install`, `curl -o`/`-O`, `wget`, pip's `--target`, a `>` redirection; and what an `ADD` fetches (a URL, a Git repository) or unpacks (a local tar archive). What other commands merely name adds no module and leaves the check whole: `RUN mkdir -p /app/static && chown -R app /app`, `git config --global --add safe.directory /app`, `pytest /app`, `python -m compileall /app`. A RUN that writes a module without naming its path (a build script run by name) is not seen; likewise for an ini nothing in the tree starts (taken to run beside itself) whose module is not beside it but can be imported from a directory above it, where a start script nw-lint cannot follow (not in the tree, or of an unclear shape) may start uWSGI.",
      why: "uWSGI logs `ModuleNotFoundError: No module named '…'` (or `failed to open python file`) and loads no app; a missing `chdir` directory makes it exit 1. Paths are relative to the start directory, not to the ini: an `app.py` beside `deploy/app.ini` is not found when uWSGI starts one directory up; `module = app.py` imports a submodule `py` of `app`; `module = uwsgi` imports uWSGI's own module, which is already imported when the app loads, never a `uwsgi.py`, and so does `module = site` (or `time`, `os`, `io`…) a standard module Python imported before the app (SPIN.md, Loading the app: seed item 3; docs/uwsgi-behaviour.md § 4 and § 10, fixtures `module-not-found`, `submodule-not-found`, `module-as-filename`, `ini-in-subdir-module-beside-ini`, `chdir-missing`, `wsgi-file-missing`).",
      fix: "Name the module as a dotted import path relative to the working directory (or add its directory with `pythonpath`/`chdir`); use `wsgi-file` for a file path. Write a mount as `<mountpoint>=<app>` (`mount = /=app:app`), its app either `module:callable` or a file path alone, which serves the app the `callable` option names (else `application`) and calls no factory; the hint names the app the module or file binds (`mount = wsgi` with `app = Flask(__name__)` in wsgi.py: `mount = /=wsgi:app`). For a file the `.dockerignore` excludes, add a `!` exception for it after the pattern, or remove the pattern.",
      sources: ["SPIN.md § Loading the app (seed item 3)", "docs/uwsgi-behaviour.md § 4 (start directory) and § 10 (module names)", "RULES.md § How nw-lint reads files (run-time volumes)"],
      related: ["uwsgi/callable-not-found", "uwsgi/no-app"],
    },
    messages: {
      module: "{{key}} = {{value}}: uWSGI cannot import it ({{error}}); Python searches {{searched}}",
      file: "{{key}} = {{value}}: uWSGI cannot open it ({{error}}); it is looked for at {{path}}",
      excluded: "{{key}} = {{value}}: uWSGI cannot {{load}} it ({{error}}): {{file}} is not in the image, as {{dockerignore}} keeps it out of the build (line {{line}}: {{pattern}})",
      chdir: "chdir = {{value}}: the directory {{path}} does not exist, so uWSGI exits before loading the app (`chdir(): No such file or directory`)",
      builtin: "{{key}} = {{value}}: {{module}} is {{what}}, already imported when the app loads, so Python takes it{{instead}}, and it holds no app",
      unverifiable: "cannot verify {{key}} = {{value}}: {{reason}}",
      mountpoint: "{{written}} has no =: uWSGI reads a mount as <mountpoint>=<app>, and exits 1 before serving any app (`invalid mountpoint: {{value}}`)",
    },
    hints: {
      module: "{{hint}}",
      file: "the path is relative to the working directory {{workingDir}}",
      excluded: "add !{{path}} to {{dockerignore}} after line {{line}}, or remove that pattern",
      chdir: "{{where}}",
      builtin: "{{rename}}",
      mountpoint: "{{suggestion}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const { workingDir } = app;
      if (workingDir.missing && workingDir.setting) {
        once.report({
          messageId: "chdir",
          data: {
            value: workingDir.setting.clean, path: shownPath(app, workingDir.containerPath),
            where: workingDir.setting.clean.startsWith("/") ? MISSING_IN_IMAGE : `chdir is relative to the directory uWSGI starts in (${shownPath(app, app.startDir)})`,
          },
          at: workingDir.setting.at,
          effect: "wont-start",
          object,
        });
        continue;
      }
      for (const entry of app.entries.filter((candidate) => candidate.refused === "no-mountpoint")) {
        once.report({ messageId: "mountpoint", data: mountWithoutPoint(entry), at: entry.setting.at, effect: "wont-start", object });
      }
      const loading = app.entries.filter((entry) => entry.kind !== "other");
      for (const entry of loading) {
        const { resolution, setting } = entry;
        const data = { key: setting.key, value: setting.clean };
        if (resolution.status === "unverifiable") {
          once.report({ messageId: "unverifiable", data: { ...data, reason: resolution.message }, at: setting.at, severity: "info", object, ...(resolution.related ? { related: [resolution.related] } : {}) });
          continue;
        }
        if (resolution.status !== "missing") continue;
        // uWSGI needs one app: with other mounts loading it keeps serving them.
        const effect = entryEffect(app, entry, (other) => other.resolution.status !== "missing");
        if (resolution.builtin) {
          const { hides, module } = resolution.builtin;
          const what = module === "uwsgi" ? "uWSGI's own module" : "a standard module";
          const rename = hides ? `rename ${hides} and set ${setting.key} to its new name` : `set ${setting.key} to the module that holds the app`;
          once.report({ messageId: "builtin", data: { ...data, module, what, instead: hides ? ` instead of ${hides}` : "", rename }, at: setting.at, effect, object });
          continue;
        }
        if (resolution.excluded) {
          const { containerPath, by } = resolution.excluded;
          once.report({
            messageId: "excluded",
            data: { ...data, load: entry.kind === "module" ? "import" : "open", error: resolution.message, file: shownPath(app, containerPath), dockerignore: by.at.file.path, line: by.line, pattern: by.pattern, path: by.path },
            at: setting.at,
            effect,
            object,
            related: [{ at: by.at, message: `this pattern keeps ${by.path} out of the image` }],
          });
          continue;
        }
        once.report({
          messageId: entry.kind === "module" ? "module" : "file",
          data: { ...data, error: resolution.message, searched: searched(app), path: shownPath(app, posix.resolve(workingDir.containerPath, entry.target)), workingDir: shownPath(app, workingDir.containerPath), hint: hint(app, entry) },
          at: setting.at,
          effect,
          object,
        });
      }
    }
    once.flush();
  },
});

/**
 * `mount = app:app`: mounted at the root, or loaded as the app `module` (or `wsgi-file`) names. A
 * bare module gets after a colon the app it binds, as a refused `mount = /=wsgi` does; a file takes
 * its app from the `callable` option (else application), and a factory only as a dotted module.
 */
function mountWithoutPoint(entry: AppEntry): Record<string, string> {
  const { origin, key, clean } = entry.setting;
  const data = { written: spellOption(origin, key, clean), value: clean };
  const either = (mounted: string, single: string, value: string) => `write ${spellOption(origin, key, `/=${mounted}`)}, or ${spellOption(origin, single, value)}`;
  const loads = mountedApp(clean);
  if (loads !== "refused" && loads !== "file") return { ...data, suggestion: either(clean, "module", clean) };
  const callable = refusedMountCallable(entry);
  const served = callable === entry.callable.text;
  if (loads === "refused") return { ...data, suggestion: either(`${clean}:${callable}`, "module", served ? clean : `${clean}:${callable}`) };
  if (served) return { ...data, suggestion: either(clean, "wsgi-file", clean) };
  if (callableName(callable).call === "none") {
    const file = `${spellOption(origin, key, `/=${clean}`)} or ${spellOption(origin, "wsgi-file", clean)}`;
    return { ...data, suggestion: `add ${addedWhere(origin, "callable", callable)}, then write ${file}` };
  }
  const dotted = dottedModule(clean);
  if (dotted) return { ...data, suggestion: either(`${dotted}:${callable}`, "module", `${dotted}:${callable}`) };
  return { ...data, suggestion: `write ${spellOption(origin, key, `/=<module>:${callable}`)}, with a module name Python imports ${clean} as` };
}

/** The module a file path imports as (`src/wsgi.py`: src.wsgi), when each part is a Python name (not for a `.wsgi` file). */
function dottedModule(path: string): string | undefined {
  if (path.endsWith(".wsgi")) return undefined;
  const dotted = path.replace(/^\.\//, "").replace(/\.py$/, "").replaceAll("/", ".");
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted) ? dotted : undefined;
}

function searched(app: UwsgiApp): string {
  return app.searchPath.map((dir) => `${shownPath(app, dir.containerPath)} (${dir.origin})`).join(", ");
}

function hint(app: UwsgiApp, entry: AppEntry): string {
  const placeholder = /%\([^)]*\)/.exec(entry.target);
  if (placeholder) return `the placeholder ${placeholder[0]} is set nowhere, so uWSGI keeps it as written`;
  if (entry.target.includes("/") || entry.target.endsWith(".py")) {
    if (entry.setting.option?.name === "mount") return fileMountHint(app, entry);
    return `module takes a dotted name (${entry.target.replace(/\.py$/, "").replaceAll("/", ".")}); use wsgi-file for a file path`;
  }
  return "module names are relative to the working directory, pythonpath and PYTHONPATH, not to the ini";
}

/**
 * `mount = /api=src/wsgi.py:app` imports a module `src/wsgi.py`. The same app is a dotted module with
 * that callable, or the file alone, which serves the `callable` option's app (else application) and
 * calls no factory (checked with uWSGI 2.0.21).
 */
function fileMountHint(app: UwsgiApp, entry: AppEntry): string {
  const { origin, key } = entry.setting;
  const mount = (value: string) => spellOption(origin, key, `${entry.mountpoint}=${value}`);
  const callable = entry.callable.text;
  const dotted = dottedModule(entry.target);
  const fileServes = lastSetting(app, "callable")?.clean ?? "application";
  const forms = [
    dotted && `a dotted module with its callable (${mount(`${dotted}:${callable}`)})`,
    callable === fileServes && `a file path alone (${mount(entry.target)})`,
    callable !== fileServes && callableName(callable).call === "none" && `a file path alone, its app named by the callable option (${mount(entry.target)} with ${spellOption(origin, "callable", callable)})`,
  ].filter(Boolean);
  return forms.length > 0 ? `a mount takes ${forms.join(" or ")}` : "a mount takes a dotted module with its callable, or a file path alone";
}
