import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { lastSetting, settingSite, type AppEntry } from "../../src/model/uwsgi-apps.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/callable-ignored",
    title: "callable is not set when module already names the callable",
    severity: "warning",
    relatesFiles: true,
    docs: {
      what: "Warns when the effective config sets both `module = m:c` (the colon form) and `callable = x`.",
      why: "The part after the colon wins and `callable` is ignored: `module = app:app` with `callable = application` loads `app` (SPIN.md, Loading the app: the part after the colon overrides `callable`; docs/uwsgi-behaviour.md, fixture `callable-ignored`). Whoever edits `callable` later changes nothing.",
      fix: "Keep one of them: `module = m:c` alone, or `module = m` with `callable = c`.",
      sources: ["SPIN.md § Loading the app (uWSGI module:callable)", "docs/uwsgi-behaviour.md (fixture callable-ignored)"],
      related: ["uwsgi/callable-not-found"],
    },
    messages: {
      ignored: "{{key}} = {{callable}} is ignored: {{moduleKey}} = {{module}} names the callable ({{used}})",
    },
    hints: {
      ignored: "{{advice}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const callable = lastSetting(app, "callable");
      const entry = app.entries.find((candidate) => candidate.kind === "module" && candidate.mountpoint === "" && candidate.callable.from === "module");
      if (!callable || !entry) continue;
      const object = appObject(app);
      const used = entry.callable.text;
      once.report({
        messageId: "ignored",
        data: { key: callable.key, callable: callable.clean, moduleKey: entry.setting.key, module: entry.setting.clean, used, advice: advice(entry, callable.clean, used) },
        at: settingSite(callable),
        object,
      });
    }
    once.flush();
  },
});

/** Which line to keep: the one whose name the module binds at its top level, when only one does. */
function advice(entry: AppEntry, callable: string, used: string): string {
  const topLevel = entry.code?.main?.module.topLevel;
  const bare = (name: string) => name.replace(/\(\)$/, "");
  const drop = `drop the :${used} from ${entry.setting.key}`;
  if (topLevel && !topLevel.has(bare(callable))) return `delete the callable line (the module binds no ${bare(callable)} at its top level)`;
  if (topLevel && !topLevel.has(bare(used))) return `${drop}, whose ${bare(used)} the module does not bind at its top level`;
  return `delete the callable line, or ${drop}`;
}
