import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Fix } from "../../src/engine/types.js";
import { optionLine, turnOnEdit } from "../../src/languages/uwsgi/edits.js";
import { addedWhere, flagOn, lastSetting, settingSite, takesEnvFrom, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/die-on-term",
    title: "A uWSGI master stops on SIGTERM (die-on-term)",
    severity: "warning",
    relatesFiles: true,
    fixable: "safe",
    docs: {
      what: "Warns when the effective uWSGI config turns `master` on and leaves `die-on-term` off; silent for a container with `envFrom`, whose ConfigMaps or Secrets may set `UWSGI_DIE_ON_TERM`, and for the `/app/uwsgi.ini` of an image built on tiangolo/uwsgi-nginx-flask or tiangolo/uwsgi-nginx, whose own config, read after it, turns `die-on-term` on.",
      why: "uWSGI 2.0's master treats SIGTERM as \"brutally reload\": Kubernetes stops a pod with SIGTERM, the app reloads instead of exiting, and the pod is killed only when the grace period ends, which slows every rollout (SPIN.md, Loading the app: uWSGI 2.0; docs/uwsgi-behaviour.md: run by hand, the app logged `ready` a second time and needed SIGKILL).",
      fix: "Add `die-on-term = true` next to `master = true`.",
      sources: ["SPIN.md § Loading the app (uWSGI 2.0 SIGTERM)", "docs/uwsgi-behaviour.md (runs by hand)"],
      related: ["uwsgi/need-app"],
    },
    messages: {
      reloads: "master is on and die-on-term is not: uWSGI reloads on SIGTERM, so Kubernetes kills the pod only after the grace period",
    },
    hints: {
      reloads: "add {{option}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const master = lastSetting(app, "master");
      if (!master || !flagOn(app, "master") || flagOn(app, "die-on-term") || takesEnvFrom(app.container)) continue;
      const object = appObject(app);
      const fix = dieOnTerm(app, master);
      // Beside master: in the ini, on the command line or in the environment.
      once.report({ messageId: "reloads", data: { option: addedWhere(master.origin, "die-on-term", "true") }, at: settingSite(master), effect: "misbehaves", object, ...(fix ? { fix } : {}) });
    }
    once.flush();
  },
});

/** The line that turned die-on-term off set to true, else `die-on-term = true` on the line after an ini's `master` line. */
function dieOnTerm(app: UwsgiApp, master: UwsgiSetting): Fix | undefined {
  const off = lastSetting(app, "die-on-term");
  if (off?.origin === "ini") {
    const edit = turnOnEdit(off);
    return edit && { title: `set ${off.key} = true`, edits: [edit] };
  }
  if (off?.origin === "command") return undefined;
  const config = app.configs.find((loaded) => loaded.file === master.at.file);
  if (master.origin !== "ini" || !config || master.line?.joins.length) return undefined;
  const line = optionLine(config.document, "die-on-term", "true");
  return { title: "add die-on-term = true", edits: [insertLines(config.file, lineEndAfter(config.file, master.at.end), [line])] };
}
