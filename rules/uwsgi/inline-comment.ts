import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { isTrue } from "../../src/languages/uwsgi/options.js";
import { valuePart } from "../../src/model/uwsgi-apps.js";
import { appObject, strayTextEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/inline-comment",
    title: "uWSGI ini comments are on lines of their own",
    severity: "warning",
    docs: {
      what: "Reports a `#` or `;` comment after an ini value. The other uWSGI rules judge the value without it, so one mistake gives one diagnostic.",
      why: "uWSGI has whole-line comments only: the comment stays in the value. `module = app:app # the Flask object` looks for a callable named `app # the Flask object` and the app does not load; `need-app = false # …` reads as true (SPIN.md, Loading the app: whole-line comments only; docs/uwsgi-behaviour.md, fixtures `inline-comment-module`, `inline-comment-semicolon`, `inline-comment-need-app-false`).",
      fix: "Move the comment to its own line above the option.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 7 and quotes and inline comments"],
      related: ["uwsgi/quoted-value"],
    },
    messages: {
      comment: "the comment after {{key}} is part of its value: uWSGI reads {{key}} = {{value}}",
    },
    hints: {
      comment: "move the comment to its own line",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      for (const setting of app.settings) {
        const comment = setting.blemishes?.comment;
        if (comment === undefined) continue;
        // A boolean whose comment does not change how it reads (`master = true # …`) behaves as written.
        const harmless = setting.option?.kind === "boolean" && isTrue(setting.value) === isTrue(setting.clean);
        const effect = harmless ? undefined : strayTextEffect(app, setting);
        once.report({
          messageId: "comment",
          data: { key: setting.key, value: JSON.stringify(setting.value) },
          at: valuePart(setting, comment, setting.raw.length - 1),
          ...(effect ? { effect } : {}),
          ...(object ? { object } : {}),
        });
      }
    }
    once.flush();
  },
});
