import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { closestOption } from "../../src/languages/uwsgi/options.js";
import { flagOn } from "../../src/model/uwsgi-apps.js";
import { appObject, lossEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/unknown-option",
    title: "Every uWSGI option exists",
    severity: "warning",
    docs: {
      what: "Reports ini keys that are no uWSGI 2.0.21 option (from `schemas/uwsgi-options.json`, generated from the real binary) and are not used as a `%(placeholder)`, with the closest option; and command-line options uWSGI rejects. A warning where uWSGI keeps the key as a placeholder; an error where it exits on it: with `strict` on, and on the command line (where a word after `--pyargv VALUE`, such as `./static` in `--pyargv -i ./static`, is a config file uWSGI cannot load).",
      why: "In an ini uWSGI silently keeps an unknown key as a placeholder, so a typo such as `modlue` loses the option: without an app uWSGI logs `*** no app loaded ***`. With `strict` on (any value but false/off/no/0) it exits 1 on the key instead (`[strict-mode] unknown config directive`). On the command line an unknown option makes uWSGI exit 1 before anything loads (`unrecognized option`) (SPIN.md, Loading the app: unknown keys accepted unless strict; docs/uwsgi-behaviour.md, fixtures `unknown-option-typo`, `strict-unknown-option`, `strict-any-word-is-true`).",
      fix: "Correct the name (see the suggestion), or delete the line. A custom placeholder must be used as `%(name)` somewhere.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 7 (booleans and strict)", "schemas/uwsgi-options.json (uWSGI 2.0.21 option table)"],
      related: ["uwsgi/no-app", "uwsgi/ini-syntax"],
    },
    messages: {
      unknown: "{{key}} is not a uWSGI option; uWSGI keeps it as an unused placeholder{{suggestion}}",
      strict: "{{key}} is not a uWSGI option, and strict mode is on: uWSGI exits with `unknown config directive`{{suggestion}}",
      command: "uWSGI rejects {{written}} ({{problem}}) and exits before loading the app",
    },
    hints: {
      unknown: "correct the name, or use it as a %({{key}}) placeholder",
      strict: "correct the name or delete the line",
      command: "{{action}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const strict = flagOn(app, "strict");
      // uwsgi/ini-syntax says what `key: value` lines and merge conflict markers are.
      const notOptions = new Set(app.lost.filter((lost) => lost.why === "colon" || lost.why === "conflict").map((lost) => lost.at.start));
      for (const setting of app.settings) {
        if (setting.origin !== "ini" || setting.option || app.placeholders.has(setting.key)) continue;
        if (notOptions.has(setting.keyAt.start)) continue;
        const closest = closestOption(setting.key);
        once.report({
          messageId: strict ? "strict" : "unknown",
          data: { key: setting.key, suggestion: closest ? ` (did you mean ${closest}?)` : "" },
          at: setting.keyAt,
          ...(strict ? { effect: "wont-start" as const, severity: "error" as const } : closest ? { effect: lossEffect(app, closest)! } : {}),
          object,
        });
      }
      for (const problem of app.command?.problems ?? []) {
        const suggestion = problem.unknownName && closestOption(problem.unknownName);
        once.report({
          messageId: "command",
          data: {
            written: problem.written,
            problem: suggestion ? `${problem.message}; did you mean --${suggestion}?` : problem.message,
            action: problem.pyargvMeant ? `give --pyargv the app's arguments as one word: "--pyargv", "${problem.pyargvMeant}"` : "correct or remove the argument",
          },
          at: problem.at,
          effect: "wont-start",
          severity: "error",
          object,
        });
      }
    }
    once.flush();
  },
});
