import { reportingOnce, defineRule, strongerEffect } from "../../src/engine/rule.js";
import { positionAt } from "../../src/engine/source.js";
import type { SourceFile } from "../../src/engine/types.js";
import { appObject, lossEffect, strayTextEffect } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/magic-variable",
    title: "Every % in a uWSGI ini is a magic variable or %%",
    severity: "error",
    docs: {
      what: "Reports a `%` followed by a character that is no uWSGI magic variable (`%d`, `%n`, `%p`, … or `%%`, `%(`) in the options uWSGI reads, and a `%` at the end of any line.",
      why: "uWSGI expands `%x` over the whole file before it reads lines, and deletes an unknown `%x` with its character: `app%y` reads `app`. A `%` at the end of a line deletes the line break, so the next line is joined to it and lost: a comment ending in `100%` swallows the `module` line under it, and `pyargv = … 5%` swallows the next option into the app's arguments (SPIN.md, Loading the app: unknown `%x` deleted, `%%` is `%`; docs/uwsgi-behaviour.md § 2 and 9, fixtures `magic-percent-ends-comment`, `magic-trailing-percent`, `magic-unknown-dropped`).",
      fix: "Write `%%` for a literal percent sign.",
      sources: ["SPIN.md § Loading the app (uWSGI ini)", "docs/uwsgi-behaviour.md § 2 (% joins lines) and § 9 (placeholders)"],
      related: ["uwsgi/ini-syntax"],
    },
    messages: {
      joins: "the % ending line {{line}} deletes the line break: uWSGI joins line {{next}} ({{swallowed}}) to it and never reads it as an option",
      deleted: "%{{letter}} is not a uWSGI magic variable: uWSGI deletes it, and reads {{key}} = {{value}}",
      trailing: "uWSGI deletes the % at the end of the line: it reads {{key}} = {{value}}",
    },
    hints: {
      joins: "write %% for a percent sign",
      deleted: "write %% for a percent sign",
      trailing: "write %% for a percent sign",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const done = new Set<SourceFile>();
      const settingOf = new Map(app.settings.flatMap((setting) => (setting.line ? [[setting.line, setting] as const] : [])));
      for (const { file, document, section } of app.configs) {
        if (done.has(file)) continue;
        done.add(file);
        for (const line of document.lines) {
          const setting = settingOf.get(line);
          for (const drop of line.dropped) {
            const at = { file, start: drop.start, end: drop.start + 1 };
            // A % before the file's last line break has no line to join.
            if (drop.letter === "\n" && drop.end < file.text.length) {
              const nextStart = drop.end;
              const swallowed = file.text.slice(nextStart, file.text.indexOf("\n", nextStart) === -1 ? undefined : file.text.indexOf("\n", nextStart)).replace(/\r$/, "").trim();
              const lost = app.lost.find((candidate) => candidate.why === "joined" && candidate.at.start === line.start);
              const effect = strongerEffect(lost && lossEffect(app, lost.intended), setting && strayTextEffect(app, setting));
              once.report({
                messageId: "joins",
                data: { line: positionAt(file, drop.start).line, next: positionAt(file, nextStart).line, swallowed: JSON.stringify(swallowed) },
                at,
                ...(effect ? { effect } : {}),
                object,
              });
            } else if (line.kind === "entry" && line.section === section && setting) {
              const visible = drop.letter === "\r" || drop.letter === "\n" || drop.letter === "";
              once.report({
                messageId: visible ? "trailing" : "deleted",
                data: { letter: drop.letter, key: setting.key, value: JSON.stringify(setting.raw) },
                at: visible ? at : { file, start: drop.start, end: drop.end },
                object,
              });
            }
          }
        }
      }
    }
    once.flush();
  },
});
