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
      what: "Reports a uWSGI config whose effective options (ini files, container command, `UWSGI_*` environment) set none of `module`/`wsgi`, `wsgi-file`/`file`, `mount`, `eval` or `paste`. It stays silent when an error of another rule explains the missing option (a misspelled section, a `key: value` line, a line a `%` swallowed); for a misspelled key, which `uwsgi/unknown-option` reports as a warning, it still reports the app uWSGI cannot load, and names the key. It also reports a container whose own `command` runs uWSGI with neither a config file (`--ini`…) nor an app option, when nothing else can add one (no `$` in it, no `UWSGI_*` variable or `envFrom`): uWSGI reads no ini then, whatever lies beside the manifest.",
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
      none: "{{addition}}",
      command: "{{fix}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const root = rootSection(app);
      if (app.entries.length > 0 || !root?.config.sectionFound || app.unreadConfigs.length > 0 || runsEmperor(app)) continue;
      const lost = app.lost.filter((candidate) => namesApp(candidate.intended));
      if (lost.some((candidate) => candidate.why !== "typo")) continue;
      const typo = lost[0];
      const written = typo && typo.at.file.text.slice(typo.at.start, typo.at.end);
      once.report({
        messageId: "none",
        data: { addition: typo ? `rename ${written} to ${typo.intended}` : `add module = <module>:<callable> under [${root.config.section}]` },
        at: { file: root.config.file, start: root.header.start, end: root.header.end },
        effect: "wont-start",
        object: appObject(app),
        ...(typo ? { related: [{ at: typo.at, message: `${written} is no uWSGI option: ${typo.intended} misspelt?` }] } : {}),
      });
    }
    once.flush();
    const inis = model.files.filter((file) => file.language === "uwsgi");
    for (const { container, command } of model.uwsgi.appless) {
      const fix = inis.length === 1 ? `add --ini with the path of ${inis[0]!.path} in the image to the command` : "add --ini <the app's ini> (or --module <module>:<callable>) to the command";
      context.report({ messageId: "command", data: { container: container.name, fix }, at: command.program.at, effect: "wont-start", object: objectRef(container.workload.object, container) });
    }
  },
});
