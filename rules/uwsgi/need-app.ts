import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { optionLine, turnOnEdit } from "../../src/languages/uwsgi/edits.js";
import { addedWhere, flagOn, lastSetting, rootSection, runsEmperor, takesEnvFrom } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/need-app",
    title: "uWSGI is told to exit when the app cannot load (need-app)",
    severity: "warning",
    relatesFiles: true,
    fixable: "safe",
    docs: {
      what: "Warns when the effective uWSGI config (ini files, container command, `UWSGI_*` environment) does not turn `need-app` on; silent for a container with `envFrom`, whose ConfigMaps or Secrets may set `UWSGI_NEED_APP`, and for the `/app/uwsgi.ini` of an image built on tiangolo/uwsgi-nginx-flask or tiangolo/uwsgi-nginx, whose own config, read after it, turns `need-app` on. It points at the ini's `[uwsgi]` header, or at `uwsgi` in the container's command when the command line and environment configure the app alone.",
      why: "Without `need-app`, uWSGI that cannot load the app logs `*** no app loaded. going in full dynamic mode ***` and keeps running: the pod looks healthy while every request gets HTTP 500 `no python application found`. With it, uWSGI exits 22 and Kubernetes shows the crash (SPIN.md, Loading the app; docs/uwsgi-behaviour.md). A `SystemExit` during the import (argparse errors) ends uWSGI either way.",
      fix: "Add `need-app = true` to the `[uwsgi]` section.",
      sources: ["SPIN.md § Loading the app (uWSGI)", "docs/uwsgi-behaviour.md (need-app fixtures; behaviour 1)"],
      related: ["uwsgi/no-app", "uwsgi/module-not-found", "uwsgi/callable-not-found"],
    },
    messages: {
      off: "need-app is not enabled: if the app fails to load, uWSGI keeps running and answers every request with HTTP 500 instead of failing the pod",
    },
    hints: {
      off: "add {{option}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      if (flagOn(app, "need-app") || runsEmperor(app) || takesEnvFrom(app.container)) continue;
      const object = appObject(app);
      const root = rootSection(app);
      // An app its command line configures alone: the `uwsgi` word, where `--need-app` goes.
      if (!app.ini && app.command) {
        once.report({ messageId: "off", data: { option: addedWhere("command", "need-app", "true") }, at: app.command.program.at, object });
        continue;
      }
      if (!root) continue;
      const { config: { file, document }, header } = root;
      // The last setting wins: an ini line that turned it off is the one to change; a line added
      // to the ini wins over the environment, read first, but not over a command-line option.
      const off = lastSetting(app, "need-app");
      const edit = off?.origin === "ini" ? turnOnEdit(off)
        : off?.origin === "command" ? undefined
        : insertLines(file, lineEndAfter(file, header.end), [optionLine(document, "need-app", "true")]);
      const fix = edit && { title: off?.origin === "ini" ? `set ${off.key} = true` : "add need-app = true", edits: [edit] };
      once.report({ messageId: "off", data: { option: `${addedWhere("ini", "need-app", "true")} under [${root.config.section}]` }, at: { file, start: header.start, end: header.end }, object, ...(fix ? { fix } : {}) });
    }
    once.flush();
  },
});
