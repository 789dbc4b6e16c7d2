import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { optionLine } from "../../src/languages/uwsgi/edits.js";
import { flagOn, rootSection } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/need-app",
    title: "uWSGI is told to exit when the app cannot load (need-app)",
    severity: "warning",
    fixable: "safe",
    docs: {
      what: "Warns when the effective uWSGI config (ini files, container command, `UWSGI_*` environment) does not turn `need-app` on.",
      why: "Without `need-app`, uWSGI that cannot load the app logs `*** no app loaded. going in full dynamic mode ***` and keeps running: the pod looks healthy while every request gets HTTP 500 `no python application found`. With it, uWSGI exits 22 and Kubernetes shows the crash (SPIN.md, Loading the app; docs/uwsgi-behaviour.md). A `SystemExit` during the import (argparse errors) ends uWSGI either way.",
      fix: "Add `need-app = true` to the `[uwsgi]` section.",
      sources: ["SPIN.md § Loading the app (uWSGI)", "docs/uwsgi-behaviour.md (need-app fixtures; behaviour 1)"],
      related: ["uwsgi/no-app", "uwsgi/module-not-found", "uwsgi/callable-not-found"],
    },
    messages: {
      off: "need-app is not enabled: if the app fails to load, uWSGI keeps running and answers every request with HTTP 500 instead of failing the pod",
    },
    hints: {
      off: "add need-app = true under [uwsgi]",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const root = rootSection(app);
      if (!root || flagOn(app, "need-app")) continue;
      const { config: { file, document }, header } = root;
      const object = appObject(app);
      const fix = { title: "add need-app = true", edits: [insertLines(file, lineEndAfter(file, header.end), [optionLine(document, "need-app", "true")])] };
      once.report({ messageId: "off", at: { file, start: header.start, end: header.end }, ...(object ? { object } : {}), fix });
    }
    once.flush();
  },
});
