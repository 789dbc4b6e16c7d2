import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { insertLines, lineStartAboveSuppressions, lineStartOf } from "../../src/engine/line-edits.js";
import type { Fix } from "../../src/engine/types.js";
import { valueEdit } from "../../src/languages/uwsgi/edits.js";
import { isTrue, numberRead } from "../../src/languages/uwsgi/options.js";
import { valuePart, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { appObject, strayTextEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/inline-comment",
    title: "uWSGI ini comments are on lines of their own",
    severity: "warning",
    fixable: "safe",
    docs: {
      what: "Reports a `#` or `;` comment after an ini value. The other uWSGI rules judge the value without it, so one mistake gives one diagnostic. Values uWSGI runs with `/bin/sh` (`attach-daemon`, `exec-*`, `cron`, a `hook-*` with an `exec:` action) are left alone: there `;` separates commands.",
      why: "uWSGI has whole-line comments only: the comment stays in the value. `module = app:app # the Flask object` looks for a callable named `app # the Flask object` and the app does not load; `need-app = false # …` reads as true; a number uWSGI reads with `atoi` (`processes = 4  ; two per core`) keeps its value, and the comment has no effect (SPIN.md, Loading the app: whole-line comments only; docs/uwsgi-behaviour.md, fixtures `inline-comment-module`, `inline-comment-semicolon`, `inline-comment-need-app-false`).",
      fix: "Move the comment to its own line above the option.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 7 and quotes and inline comments"],
      related: ["uwsgi/quoted-value"],
    },
    messages: {
      comment: "the comment after {{key}} is part of its value: uWSGI reads {{key}} = {{value}}",
      number: "the comment after {{key}} is part of its value ({{value}}), of which uWSGI reads only the number {{number}}",
    },
    hints: {
      comment: "move the comment to its own line",
      number: "move the comment to its own line, where it cannot change the value",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      for (const setting of app.settings) {
        const comment = setting.blemishes?.comment;
        if (comment === undefined) continue;
        // A boolean or a number whose comment does not change how it reads (`master = true # …`, `processes = 4 ; …`) behaves as written.
        // The comment starts after the value's first word, so a number reads the same with it.
        const number = numberRead(setting.option, setting.clean);
        const harmless = number !== undefined || (setting.option?.kind === "boolean" && isTrue(setting.value) === isTrue(setting.clean));
        const effect = harmless ? undefined : strayTextEffect(app, setting);
        const fix = commentAbove(setting, comment);
        once.report({
          messageId: number !== undefined ? "number" : "comment",
          data: { key: setting.key, value: JSON.stringify(setting.value), ...(number !== undefined ? { number } : {}) },
          at: valuePart(setting, comment, setting.raw.length - 1),
          ...(effect ? { effect } : {}),
          object,
          ...(fix ? { fix } : {}),
        });
      }
    }
    once.flush();
  },
});

/** The comment leaves the value (with the spaces before it) for a line of its own above the option. */
function commentAbove(setting: UwsgiSetting, comment: number): Fix | undefined {
  // On a line of its own the text would become a suppression, which it is not in the value.
  if (setting.raw.slice(comment).includes("nw-lint-disable")) return undefined;
  const removal = valueEdit(setting, setting.raw.slice(0, comment).trimEnd().length, setting.raw.length, "");
  if (!removal || setting.line?.joins.length) return undefined;
  const { file } = setting.keyAt;
  const lineStart = lineStartOf(file, setting.keyAt.start);
  const indent = file.text.slice(lineStart, setting.keyAt.start);
  if (indent.trim() !== "") return undefined;
  return { title: "move the comment to its own line", edits: [insertLines(file, lineStartAboveSuppressions(file, lineStart), [`${indent}${setting.raw.slice(comment)}`]), removal] };
}
