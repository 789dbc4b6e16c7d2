import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { flagOn, lastSetting } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/die-on-term",
    title: "A uWSGI master stops on SIGTERM (die-on-term)",
    severity: "warning",
    docs: {
      what: "Warns when the effective uWSGI config turns `master` on and leaves `die-on-term` off.",
      why: "uWSGI 2.0's master treats SIGTERM as \"brutally reload\": Kubernetes stops a pod with SIGTERM, the app reloads instead of exiting, and the pod is killed only when the grace period ends, which slows every rollout (SPIN.md, Loading the app: uWSGI 2.0; docs/uwsgi-behaviour.md: run by hand, the app logged `ready` a second time and needed SIGKILL).",
      fix: "Add `die-on-term = true` next to `master = true`.",
      sources: ["SPIN.md § Loading the app (uWSGI 2.0 SIGTERM)", "docs/uwsgi-behaviour.md (runs by hand)"],
      related: ["uwsgi/need-app"],
    },
    messages: {
      reloads: "master is on and die-on-term is not: uWSGI reloads on SIGTERM, so Kubernetes kills the pod only after the grace period",
    },
    hints: {
      reloads: "add die-on-term = true",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const master = lastSetting(app, "master");
      if (!master || !flagOn(app, "master") || flagOn(app, "die-on-term")) continue;
      const object = appObject(app);
      once.report({ messageId: "reloads", at: { file: master.keyAt.file, start: master.keyAt.start, end: master.at.end }, effect: "misbehaves", ...(object ? { object } : {}) });
    }
    once.flush();
  },
});
