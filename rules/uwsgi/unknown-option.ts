import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { closestOption, untabledPlugins } from "../../src/languages/uwsgi/options.js";
import { flagOn, settingsOf } from "../../src/model/uwsgi-apps.js";
import { appObject, lossEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/unknown-option",
    title: "Every uWSGI option exists",
    severity: "warning",
    docs: {
      what: "Reports ini keys that are no uWSGI 2.0.21 option (from `schemas/uwsgi-options.json`, generated from the real binary) and are not used as a `%(placeholder)`, with the closest option, and lines that name no option (nothing before `=`); and command-line options uWSGI rejects. Where the config loads a plugin whose options nw-lint's table lacks (`plugin = dogstatsd`), an unknown key may be one of them: it is only info. A warning where uWSGI keeps the key as a placeholder; an error where it exits on it: with `strict` on, and on the command line (where a word after `--pyargv VALUE`, such as `./static` in `--pyargv -i ./static`, is a config file uWSGI cannot load).",
      why: "In an ini uWSGI silently keeps an unknown key as a placeholder, so a typo such as `modlue` loses the option: without an app uWSGI logs `*** no app loaded ***`. With `strict` on (any value but false/off/no/0) it exits 1 on the key instead (`[strict-mode] unknown config directive`). On the command line an unknown option makes uWSGI exit 1 before anything loads (`unrecognized option`) (SPIN.md, Loading the app: unknown keys accepted unless strict; docs/uwsgi-behaviour.md, fixtures `unknown-option-typo`, `strict-unknown-option`, `strict-any-word-is-true`).",
      fix: "Correct the name (see the suggestion), or delete the line. A custom placeholder must be used as `%(name)` somewhere.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 7 (booleans and strict)", "schemas/uwsgi-options.json (uWSGI 2.0.21 option table)"],
      related: ["uwsgi/no-app", "uwsgi/ini-syntax"],
    },
    messages: {
      unknown: "{{key}} is not a uWSGI option; uWSGI keeps it as an unused placeholder{{suggestion}}",
      strict: "{{key}} is not a uWSGI option, and strict mode is on: uWSGI exits with `unknown config directive`{{suggestion}}",
      unnamed: "this line names no option (nothing before =){{outcome}}",
      plugin: "{{key}} is not an option of uWSGI or of the plugins nw-lint knows; it may be one of the {{plugins}} plugin the config loads{{suggestion}}",
      command: "uWSGI rejects {{written}} ({{problem}}) and exits before loading the app",
    },
    hints: {
      unknown: "correct the name, or use it as a %({{key}}) placeholder",
      strict: "correct the name or delete the line",
      unnamed: "write the option's name before =, or delete the line",
      plugin: "check the name against the plugin's options",
      command: "{{action}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const strict = flagOn(app, "strict");
      const plugins = [...new Set(settingsOf(app, "plugin").concat(settingsOf(app, "need-plugin")).flatMap((setting) => untabledPlugins(setting.clean)))];
      // uwsgi/ini-syntax says what `key: value` lines and merge conflict markers are.
      const notOptions = new Set(app.lost.filter((lost) => lost.why === "colon" || lost.why === "conflict").map((lost) => lost.at.start));
      for (const setting of app.settings) {
        if (setting.origin !== "ini" || setting.option || app.placeholders.has(setting.key)) continue;
        if (notOptions.has(setting.keyAt.start)) continue;
        const closest = setting.key === "" ? undefined : closestOption(setting.key);
        const suggestion = closest ? ` (did you mean ${closest}?)` : "";
        if (setting.key !== "" && plugins.length > 0) {
          once.report({ messageId: "plugin", data: { key: setting.key, plugins: plugins.join(" or "), suggestion }, at: setting.keyAt, severity: "info", object });
          continue;
        }
        once.report({
          messageId: setting.key === "" ? "unnamed" : strict ? "strict" : "unknown",
          data: {
            key: setting.key,
            suggestion,
            outcome: strict ? ", and strict mode is on: uWSGI exits with `unknown config directive: `" : ": uWSGI keeps its value under an empty name, which nothing reads",
          },
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
