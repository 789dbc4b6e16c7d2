import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { rootSection, runsEmperor } from "../../src/model/uwsgi-apps.js";
import { namesApp } from "../../src/languages/uwsgi/options.js";
import { objectRef } from "../../src/model/k8s.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/no-app",
    title: "The uWSGI config names an app to load",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a uWSGI config whose effective options (ini files, container command, `UWSGI_*` environment) set none of `module`/`wsgi`, `wsgi-file`/`file`, `mount`, `eval` or `paste`. It stays silent when another rule explains the missing option (a misspelled section or key, a line a `%` swallowed). It also reports a container whose own `command` runs uWSGI with neither a config file (`--ini`…) nor an app option, when nothing else can add one (no `$` in it, no `UWSGI_*` variable or `envFrom`): uWSGI reads no ini then, whatever lies beside the manifest.",
      why: "Without an app option uWSGI starts, logs `*** no app loaded. going in full dynamic mode ***` and answers every request with HTTP 500 (with `need-app`: `*** no app loaded. GAME OVER ***`, exit 22). The seed's troubleshooting item 3: \"unable to find a mountpoint, or no module was found\" (SPIN.md, Loading the app; docs/uwsgi-behaviour.md, fixture `no-app-option`).",
      fix: "Add `module = package.module:callable` (or `wsgi-file = path/to/wsgi.py`) to the `[uwsgi]` section.",
      sources: ["SPIN.md § Loading the app (seed item 3)", "docs/uwsgi-behaviour.md (fixture no-app-option)"],
      related: ["uwsgi/module-not-found", "uwsgi/ini-syntax", "uwsgi/unknown-option"],
    },
    messages: {
      none: "no app to load: the config sets none of module, wsgi-file, mount, eval or paste",
      command: "container \"{{container}}\" runs uWSGI with no app to load: its command line loads no config (--ini) and names no app (--module, --wsgi-file…), so no ini beside it is read",
    },
    hints: {
      none: "add module = <module>:<callable> under [{{section}}]",
      command: "{{fix}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const root = rootSection(app);
      if (app.entries.length > 0 || !root?.config.sectionFound || app.unreadConfigs.length > 0 || runsEmperor(app)) continue;
      if (app.lost.some((lost) => namesApp(lost.intended))) continue;
      const object = appObject(app);
      once.report({ messageId: "none", data: { section: root.config.section }, at: { file: root.config.file, start: root.header.start, end: root.header.end }, effect: "wont-start", object });
    }
    once.flush();
    const inis = model.files.filter((file) => file.language === "uwsgi");
    for (const { container, command } of model.uwsgi.appless) {
      const fix = inis.length === 1 ? `add --ini with the path of ${inis[0]!.path} in the image to the command` : "add --ini <the app's ini> (or --module <module>:<callable>) to the command";
      context.report({ messageId: "command", data: { container: container.name, fix }, at: command.program.at, effect: "wont-start", object: objectRef(container.workload.object, container) });
    }
  },
});
