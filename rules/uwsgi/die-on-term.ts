import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Fix } from "../../src/engine/types.js";
import { optionLine, turnOnEdit } from "../../src/languages/uwsgi/edits.js";
import { addedWhere, flagOn, lastSetting, settingsOf, settingSite, takesEnvFrom, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/die-on-term",
    title: "A uWSGI master stops on SIGTERM (die-on-term)",
    severity: "warning",
    relatesFiles: true,
    fixable: "safe",
    docs: {
      what: "Warns when the effective uWSGI config turns `master` on and leaves `die-on-term` off; silent when a `hook-master-start = unix_signal:15 gracefully_kill_them_all` (or `kill_them_all`) makes the master shut down on SIGTERM instead (the last `unix_signal:15` hook counts; other hooks, such as `hook-as-user`, run before the master sets its handlers and change nothing), for a container with `envFrom`, whose ConfigMaps or Secrets may set `UWSGI_DIE_ON_TERM`, and for the `/app/uwsgi.ini` of an image built on tiangolo/uwsgi-nginx-flask or tiangolo/uwsgi-nginx, whose own config, read after it, turns `die-on-term` on.",
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
      if (!master || !flagOn(app, "master") || flagOn(app, "die-on-term") || hookStopsOnTerm(app) || takesEnvFrom(app.container)) continue;
      const object = appObject(app);
      const fix = dieOnTerm(app, master);
      // Beside master: in the ini, on the command line or in the environment.
      once.report({ messageId: "reloads", data: { option: addedWhere(master.origin, "die-on-term", "true") }, at: settingSite(master), effect: "misbehaves", object, ...(fix ? { fix } : {}) });
    }
    once.flush();
  },
});

/** The master's functions that shut uWSGI down when a `unix_signal` hook hands them SIGTERM (checked with uWSGI 2.0.21). */
const SHUTDOWN_FUNCTIONS = new Set(["gracefully_kill_them_all", "kill_them_all"]);

/**
 * Whether the master hands SIGTERM to a shutdown function: uWSGI's documented idiom
 * `hook-master-start = unix_signal:15 gracefully_kill_them_all`. Only a master-start hook counts
 * (the master sets its own handlers after the earlier hooks run), and the last one for signal 15
 * wins. uWSGI splits the argument at its first space, so the function follows exactly one.
 */
function hookStopsOnTerm(app: UwsgiApp): boolean {
  let stops = false;
  for (const hook of settingsOf(app, "hook-master-start")) {
    const [, signal, handler] = /^unix_signal:(\d+) (\S+)$/.exec(hook.clean) ?? [];
    if (Number(signal) === 15) stops = SHUTDOWN_FUNCTIONS.has(handler!);
  }
  return stops;
}

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
