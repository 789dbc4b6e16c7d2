import { deleteLines } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { appObject } from "../../src/model/uwsgi-effects.js";

export default defineRule({
  meta: {
    id: "uwsgi/uid-gid-option",
    title: "The ini does not switch user or group with uid or gid",
    severity: "error",
    fixable: "safe",
    docs: {
      what: "Reports `uid` and `gid` set in a uWSGI ini file (on the command line, `spin/user-in-command` reports them).",
      why: "uWSGI acts on `uid`/`gid` only when it starts as root: with capabilities dropped it exits with `setgid(): Operation not permitted`, and as a non-root user with another id it exits with `cannot setgid() as non-root user` before loading the app (SPIN.md, User and group: uWSGI source; docs/uwsgi-behaviour.md, uid/gid, fixture `uid-gid-options`). Spin sets the user through `runAsUser`.",
      fix: "Delete the `uid`/`gid` lines and set `securityContext.runAsUser` (and `runAsGroup`, pod `fsGroup`) to those numeric ids.",
      sources: ["SPIN.md § User and group (seed item 2, uWSGI source)", "docs/uwsgi-behaviour.md § 12 (uid/gid)"],
      related: ["spin/user-in-command", "spin/run-as-user"],
    },
    messages: {
      userSwitch: "{{key}} = {{value}} in the ini: uWSGI exits before loading the app when it cannot switch {{what}} (`cannot setgid() as non-root user`)",
    },
    hints: {
      userSwitch: "delete the line and set securityContext.runAsUser/runAsGroup to the same numeric ids",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      for (const setting of app.settings) {
        const name = setting.option?.name;
        if (setting.origin !== "ini" || (name !== "uid" && name !== "gid")) continue;
        const object = appObject(app);
        // The whole line, unless a trailing `%` joined the next one to it.
        const fix = setting.line && setting.line.joins.length === 0
          ? { title: `delete the ${setting.key} line`, edits: [deleteLines(setting.keyAt.file, setting.keyAt.start, setting.at.end)] }
          : undefined;
        once.report({
          messageId: "userSwitch",
          data: { key: setting.key, value: setting.clean, what: name === "uid" ? "user" : "group" },
          at: { file: setting.keyAt.file, start: setting.keyAt.start, end: setting.at.end },
          effect: "wont-start",
          ...(object ? { object } : {}),
          ...(fix ? { fix } : {}),
        });
      }
    }
    once.flush();
  },
});
