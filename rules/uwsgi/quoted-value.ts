import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Fix } from "../../src/engine/types.js";
import { valueEdit } from "../../src/languages/uwsgi/edits.js";
import { isTrue } from "../../src/languages/uwsgi/options.js";
import { pyargvWords, valueBlemishes } from "../../src/languages/uwsgi/values.js";
import { lastSetting, spellOption, valuePart, type SettingOrigin, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { appObject, isEffective, strayTextEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/quoted-value",
    title: "uWSGI ini values are not wrapped in quotes",
    severity: "error",
    fixable: "safe",
    docs: {
      what: "Reports ini values wrapped in `\"…\"` or `'…'`: one pair of quotes around the whole value, or around what an `env` sets (`env = DATA_DIR='/global/cfs/…'`) (`\"-i\" \"./static\"` is two quoted words, which `app/argv-mismatch` judges as the app would get them). The other uWSGI rules judge the value without its quotes, so one mistake gives one diagnostic. Values uWSGI runs with `/bin/sh` (`attach-daemon`, `exec-*`, `cron`, a `hook-*` with an `exec:` action) are left alone: the shell removes their quotes.",
      why: "uWSGI keeps the quotes as part of the value: `module = \"app:app\"` imports a module named `\"app` (`ModuleNotFoundError: No module named '\"app'`), and a quoted `pyargv` gives the app `sys.argv` words such as `\"-i` and `./static\"`, which an argparse parser rejects (SPIN.md, Loading the app, run; docs/uwsgi-behaviour.md, fixtures `quoted-module`, `single-quoted-module`, `quoted-pyargv-argparse`, `nightwatch-seed`); an `env` variable keeps them too (fixture `quoted-env`); a quoted `include` or `inherit` names no config uWSGI loads, and it exits (`unable to load configuration from \"base.ini\"`), as a quoted `ini` does (`realpath() of \"base.ini\" failed`). A quoted boolean still reads as true.",
      fix: "Delete the quotes: `module = app:app`, `pyargv = -i ./static -d ./data`.",
      sources: ["SPIN.md § Loading the app (uWSGI ini; pyargv, run)", "docs/uwsgi-behaviour.md (quotes and inline comments)"],
      related: ["uwsgi/inline-comment", "app/argv-mismatch"],
    },
    messages: {
      quoted: "the value of {{key}} is wrapped in quotes, and uWSGI keeps them: {{consequence}}",
    },
    hints: {
      quoted: "write {{key}} = {{clean}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      for (const setting of app.settings) {
        if (!setting.blemishes?.quotes) continue;
        const effect = strayTextEffect(app, setting);
        const fix = unquote(setting, setting.blemishes.quotes);
        once.report({
          messageId: "quoted",
          data: { key: setting.key, clean: setting.clean, consequence: setting.option && !isEffective(app, setting) ? overridden(app, setting.option.name, setting) : consequence(setting) },
          at: valuePart(setting, ...setting.blemishes.quotes),
          ...(effect ? { effect } : {}),
          object,
          ...(fix ? { fix } : {}),
        });
      }
    }
    once.flush();
  },
});

/** A single-valued option set again later: the quotes do nothing in this deployment, but would where the later setting is absent. */
function overridden(app: UwsgiApp, option: string, setting: UwsgiSetting): string {
  const last = lastSetting(app, option)!;
  return `${consequence(setting)} when this line is the one uWSGI keeps; here ${spellOption(last.origin, last.key, last.clean)}${LATER[last.origin]} replaces it`;
}

const LATER: Readonly<Record<SettingOrigin, string>> = { ini: " later in the config", command: " on the uwsgi command line", env: " in the container's env" };

function consequence(setting: UwsgiSetting): string {
  // Without a trailing comment, which uwsgi/inline-comment reports.
  const { comment } = valueBlemishes(setting.key, setting.value);
  const value = comment === undefined ? setting.value : setting.value.slice(0, comment).trimEnd();
  if (setting.option?.kind === "boolean") return `it reads ${value} as ${isTrue(value) ? "true" : "false"}, as it reads any word but false, off, no and 0`;
  switch (setting.option?.names.find((name) => ["module", "pyargv", "wsgi-file", "callable", "chdir", "env", "include", "inherit"].includes(name))) {
    case "module":
      return `it imports a module named ${pythonQuoted(value.split(/[.:]/, 1)[0]!)}`;
    case "pyargv":
      return `the app gets sys.argv[1:] = [${pyargvWords(value).map(pythonQuoted).join(", ")}]`;
    case "wsgi-file":
    case "chdir":
      return `it looks for the path ${pythonQuoted(value)}, quotes included`;
    case "include":
    case "inherit":
      return `it loads no config from ${value} and exits (\`unable to load configuration from ${value}\`)`;
    case "callable":
      return `it looks for an object named ${pythonQuoted(value)}, quotes included`;
    case "env": {
      const equals = value.indexOf("=");
      return `the app reads os.environ[${pythonQuoted(value.slice(0, equals))}] as ${pythonQuoted(value.slice(equals + 1))}`;
    }
    default:
      // An option that reads a number does so with atoi(), which stops at the quote.
      return setting.option?.readsNumber ? `it reads ${value} as the number 0` : `the value is ${pythonQuoted(value)}, quotes included`;
  }
}

/** A string as Python's repr shows it: `'"app'`, `"'app"`. */
function pythonQuoted(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text}'`;
}

/**
 * Deletes the two quotes, keeping what is between them; not when that holds ` #` or ` ;`, which
 * unquoted would read as a comment (to uwsgi/inline-comment too, whose fix would then cut it off).
 */
function unquote(setting: UwsgiSetting, [open, close]: readonly [number, number]): Fix | undefined {
  if (valueBlemishes(setting.key, setting.raw.slice(open + 1, close)).comment !== undefined) return undefined;
  const edits = [valueEdit(setting, open, open + 1, ""), valueEdit(setting, close, close + 1, "")];
  return edits[0] && edits[1] ? { title: "remove the quotes", edits: [edits[0], edits[1]] } : undefined;
}
