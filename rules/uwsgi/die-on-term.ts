import { insertLines, lineEndAfter } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Fix } from "../../src/engine/types.js";
import { optionLine, turnOnEdit } from "../../src/languages/uwsgi/edits.js";
import { addedWhere, flagOn, lastSetting, settingsOf, settingSite, spellOption, takesEnvFrom, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/die-on-term",
    title: "A uWSGI master stops on SIGTERM (die-on-term)",
    severity: "warning",
    relatesFiles: true,
    fixable: "safe",
    docs: {
      what: "Warns when the effective uWSGI config turns `master` on and leaves `die-on-term` off; silent when a `hook-master-start = unix_signal:15 gracefully_kill_them_all` (or `kill_them_all`) makes the master shut down on SIGTERM instead (the last `unix_signal:15` hook counts; other hooks, such as `hook-as-user`, run before the master sets its handlers and change nothing), for a container with `envFrom`, whose ConfigMaps or Secrets may set `UWSGI_DIE_ON_TERM`, and for the `/app/uwsgi.ini` of an image built on tiangolo/uwsgi-nginx-flask or tiangolo/uwsgi-nginx, whose own config, read after it, turns `die-on-term` on. When the last `unix_signal:15` master-start hook hands SIGTERM to a reload (`grace_them_all`, `reap_them_all`), it overrides `die-on-term`, wherever either is set (checked with uWSGI 2.0.21: `binary reloading uWSGI...`): with `die-on-term` on, the warning points at the hook; with it off, at `master` as above, and adding `die-on-term` is not offered, as it would change nothing.",
      why: "uWSGI 2.0's master treats SIGTERM as \"brutally reload\": Kubernetes stops a pod with SIGTERM, the app reloads instead of exiting, and the pod is killed only when the grace period ends, which slows every rollout (SPIN.md, Loading the app: uWSGI 2.0; docs/uwsgi-behaviour.md: run by hand, the app logged `ready` a second time and needed SIGKILL).",
      fix: "Add `die-on-term = true` next to `master = true`; where a master-start hook hands SIGTERM to a reload, hand it to `gracefully_kill_them_all` instead, or remove the hook (and turn `die-on-term` on).",
      sources: ["SPIN.md § Loading the app (uWSGI 2.0 SIGTERM)", "docs/uwsgi-behaviour.md (runs by hand)"],
      related: ["uwsgi/need-app"],
    },
    messages: {
      reloads: "master is on and die-on-term is not: uWSGI reloads on SIGTERM, so Kubernetes kills the pod only after the grace period",
      hook: "{{hook}} hands SIGTERM to {{handler}}, which reloads uWSGI: the hook overrides die-on-term, so Kubernetes kills the pod only after the grace period",
    },
    hints: {
      reloads: "{{suggestion}}",
      hook: "write {{stop}} for a graceful stop, or remove the hook so that die-on-term applies",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const master = lastSetting(app, "master");
      const hook = lastTermHook(app);
      if (!master || !flagOn(app, "master") || (hook && SHUTDOWN_FUNCTIONS.has(hook.handler)) || takesEnvFrom(app.container)) continue;
      const object = appObject(app);
      const reload = hook && RELOAD_FUNCTIONS.has(hook.handler) ? hook : undefined;
      if (flagOn(app, "die-on-term")) {
        if (reload) once.report({ messageId: "hook", data: { hook: spelt(reload.setting), handler: reload.handler, stop: gracefulStop(reload) }, at: settingSite(reload.setting), effect: "misbehaves", object });
        continue;
      }
      // Under a reload hook die-on-term would change nothing: the hook is what to change.
      const fix = reload ? undefined : dieOnTerm(app, master);
      const suggestion = reload
        ? `the hook that hands SIGTERM to ${reload.handler} overrides die-on-term: write ${gracefulStop(reload)} instead`
        : `add ${addedWhere(master.origin, "die-on-term", "true")}`;
      const related = reload ? { related: [{ at: settingSite(reload.setting), message: `this hook hands SIGTERM to ${reload.handler}, which reloads uWSGI` }] } : {};
      // Beside master: in the ini, on the command line or in the environment.
      once.report({ messageId: "reloads", data: { suggestion }, at: settingSite(master), effect: "misbehaves", object, ...related, ...(fix ? { fix } : {}) });
    }
    once.flush();
  },
});

/** The master's functions that shut uWSGI down, or reload it, when a `unix_signal` hook hands them SIGTERM (checked with uWSGI 2.0.21). */
const SHUTDOWN_FUNCTIONS = new Set(["gracefully_kill_them_all", "kill_them_all"]);
const RELOAD_FUNCTIONS = new Set(["grace_them_all", "reap_them_all"]);
const GRACEFUL_STOP = "gracefully_kill_them_all";

function spelt(setting: UwsgiSetting): string {
  return spellOption(setting.origin, setting.key, setting.clean);
}

/** The hook handing SIGTERM to the graceful shutdown, where `hook` is set. */
function gracefulStop(hook: TermHook): string {
  return spellOption(hook.setting.origin, hook.setting.key, `unix_signal:15 ${GRACEFUL_STOP}`);
}

interface TermHook {
  readonly setting: UwsgiSetting;
  readonly handler: string;
}

/**
 * The function the master hands SIGTERM to, as uWSGI's documented idiom
 * `hook-master-start = unix_signal:15 gracefully_kill_them_all` does: it replaces the master's own
 * handler, die-on-term's included, whatever their order. Only a master-start hook counts (the
 * master sets its own handlers after the earlier hooks run), and the last one for signal 15 wins.
 * uWSGI splits the argument at its first space, so the function follows exactly one.
 */
function lastTermHook(app: UwsgiApp): TermHook | undefined {
  let last: TermHook | undefined;
  for (const hook of settingsOf(app, "hook-master-start")) {
    const [, signal, handler] = /^unix_signal:(\d+) (\S+)$/.exec(hook.clean) ?? [];
    if (Number(signal) === 15) last = { setting: hook, handler: handler! };
  }
  return last;
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
