import { positionAt } from "../../src/engine/source.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { SourceFile } from "../../src/engine/types.js";
import { optionKey } from "../../src/languages/uwsgi/options.js";
import { logicBlocks, settingSite, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";

export default defineRule({
  meta: {
    id: "uwsgi/duplicate-option",
    title: "A single-valued uWSGI option is set once per file",
    severity: "warning",
    docs: {
      what: "Warns when an ini file sets a single-valued option (or two aliases of one, such as `module` and `wsgi`) more than once in the section uWSGI reads, outside config-logic blocks or within one block (`if-env = X` … `endif`: a value set under a condition is not a repeat of one set outside it or under another); list options such as `socket`, `mount`, `env` and `pythonpath` may repeat.",
      why: "uWSGI keeps only the last value of a single-valued option, silently: the earlier line reads as if it mattered and misleads whoever edits it (SPIN.md, Loading the app: string options, last wins; docs/uwsgi-behaviour.md, fixture `duplicate-module-last-wins`). Overriding an included file's value is layering and is not reported.",
      fix: "Delete the earlier line, or the later one if the earlier value is the one meant.",
      sources: ["SPIN.md § Loading the app (uWSGI ini: last wins)", "docs/uwsgi-behaviour.md § 5 (last occurrence wins)"],
    },
    messages: {
      repeated: "{{key}} is set again on line {{line}}{{alias}}; uWSGI keeps only the last value ({{value}})",
    },
    hints: {
      repeated: "delete one of the two lines",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const single = app.settings.filter((setting) => setting.origin === "ini" && (setting.option?.kind === "value" || setting.option?.kind === "boolean"));
      // Each setting's next setting of the same option, in the same file, section and config-logic block: found walking back from the last.
      const blocks = logicBlocks(app);
      const nextOf = new Map<UwsgiSetting, UwsgiSetting>();
      const lastSeen = new Map<SourceFile, Map<string, UwsgiSetting>>();
      for (const setting of [...single].reverse()) {
        let seen = lastSeen.get(setting.at.file);
        if (!seen) lastSeen.set(setting.at.file, (seen = new Map()));
        const key = `${setting.line?.section}\0${blocks.get(setting)?.keyAt.start ?? ""}\0${optionKey(setting.option!)}`;
        const later = seen.get(key);
        if (later) nextOf.set(setting, later);
        seen.set(key, setting);
      }
      for (const setting of single) {
        const later = nextOf.get(setting);
        if (!later) continue;
        once.report({
          messageId: "repeated",
          data: { key: setting.key, line: positionAt(later.keyAt.file, later.keyAt.start).line, alias: later.key === setting.key ? "" : ` as ${later.key}`, value: later.value },
          at: settingSite(setting),
        });
      }
    }
    once.flush();
  },
});
