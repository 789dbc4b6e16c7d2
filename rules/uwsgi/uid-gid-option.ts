import { deleteLines } from "../../src/engine/line-edits.js";
import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { Effect } from "../../src/engine/types.js";
import { imageStartUid } from "../../src/model/dockerfiles.js";
import { settingSite } from "../../src/model/uwsgi-apps.js";
import { appObject, idOptionOutcome, type IdOptionOutcome, type RootField } from "../../src/model/uwsgi-effects.js";

const MESSAGE_OF = {
  own: "ownId", unset: "zero", ignored: "ignoredName", switches: "rootSwitch", denied: "asRoot", refused: "userSwitch",
} as const satisfies Record<IdOptionOutcome["kind"], string>;
const EFFECT_OF: Record<IdOptionOutcome["kind"], Effect | undefined> = {
  own: undefined, unset: undefined, ignored: "misbehaves", switches: "misbehaves", denied: "wont-start", refused: "wont-start",
};

/** How the finding names what already sets the id: a securityContext field, or the compose service's `user:`. */
function ownIdSetter(field: Extract<IdOptionOutcome, { kind: "own" }>["field"]): { field: string; setBy: string } {
  switch (field) {
    case "compose user":
      return { field: "the compose service's user", setBy: "the compose service's user:" };
    case "compose group":
      return { field: "the compose service's group", setBy: "the compose service's user:" };
    case "image user":
      return { field: "the image's user", setBy: "the Dockerfile's USER" };
    default:
      return { field, setBy: `securityContext.${field}` };
  }
}

/** The words a finding of this outcome needs beyond the setting's own: who sets the id, who starts uWSGI as root, whether it is known not to be root. */
function outcomeWords(outcome: IdOptionOutcome, value: string): Record<string, string> {
  switch (outcome.kind) {
    case "own":
      return ownIdSetter(outcome.field);
    case "switches":
    case "denied":
      return rootStarter(outcome.root);
    case "ignored":
      return { asWho: outcome.knownNotRoot ? `, so the app does not run as ${value}` : `, which nothing here shows: started as another user, the app does not run as ${value}` };
    default:
      return {};
  }
}

/** How the finding names what starts uWSGI as root, and where the ids it should run as belong. */
function rootStarter(root: RootField): { rootBy: string; declaredBy: string; setIds: string } {
  switch (root) {
    case "runAsUser":
      return { rootBy: "runAsUser: 0", declaredBy: "securityContext says", setIds: "securityContext.runAsUser/runAsGroup" };
    case "image":
      return { rootBy: "the image's user, with no runAsUser", declaredBy: "the manifest shows", setIds: "securityContext.runAsUser/runAsGroup" };
    case "compose user":
      return { rootBy: "the compose service's user: 0", declaredBy: "the compose service's user: says", setIds: "the compose service's user: (uid:gid)" };
  }
}

export default defineRule({
  meta: {
    id: "uwsgi/uid-gid-option",
    title: "The ini does not switch user or group with uid or gid",
    severity: "error",
    fixable: "safe",
    fixSafetyVaries: true,
    docs: {
      what: "Reports `uid` and `gid` set in a uWSGI ini file (on the command line, `spin/user-in-command` reports them).",
      why: "uWSGI acts on `uid`/`gid` only when it starts as root: with capabilities dropped it exits with `setgid(): Operation not permitted`, and as a non-root user with another numeric id it exits before loading the app, with `cannot setgid() as non-root user` for a `gid` and `cannot setuid() as non-root user` for a `uid` (the group is switched first); the id the container already runs with it leaves alone, so the line does nothing until `runAsUser`/`runAsGroup` changes; a user or group name it ignores when not root (SPIN.md, User and group: uWSGI source; docs/uwsgi-behaviour.md, uid/gid, fixtures `uid-gid-options` and `uid-gid-own-ids`; checked with uWSGI 2.0.21 run as nobody). Where no `runAsUser` is set the image's user starts it: its Dockerfile's `USER`, or root on a root base image (`python`, `debian`, `ubuntu`, `alpine`…) without one; a compose service's `user:` does the same under docker compose. Started as root and keeping SETUID and SETGID, uWSGI does switch, and the app runs as a user the manifest does not show. Spin sets the user through `runAsUser`.",
      fix: "Delete the `uid`/`gid` lines and set `securityContext.runAsUser` (and `runAsGroup`, pod `fsGroup`) to those numeric ids. The fix deletes the line; where uWSGI starts as root and switches (or may), it is unsafe, since without the line the app runs as root until `runAsUser` is set.",
      sources: ["SPIN.md § User and group (seed item 2, uWSGI source)", "docs/uwsgi-behaviour.md § 12 (uid/gid)"],
      related: ["spin/user-in-command", "spin/run-as-user"],
    },
    messages: {
      userSwitch: "{{key}} = {{value}} in the ini: uWSGI exits before loading the app when it cannot switch {{what}} (`cannot {{call}}() as non-root user`)",
      ignoredName: "{{key}} = {{value}} in the ini: uWSGI ignores a {{what}} name unless it starts as root{{asWho}}",
      ownId: "{{key}} = {{value}} in the ini does nothing while {{field}} is {{value}}: uWSGI, not root, only checks the id, and exits before loading the app once the two differ",
      asRoot: "{{key}} = {{value}} in the ini: started as root ({{rootBy}}) without SETUID and SETGID, uWSGI cannot switch {{what}} and exits before loading the app",
      rootSwitch: "{{key}} = {{value}} in the ini: started as root ({{rootBy}}) and keeping SETUID and SETGID, uWSGI switches {{what}}, so the app runs as another {{what}} than {{declaredBy}}",
      zero: "{{key}} = {{value}} in the ini does nothing: uWSGI takes 0 for no {{what}}",
    },
    hints: {
      userSwitch: "delete the line and set securityContext.runAsUser/runAsGroup to the same numeric ids",
      ignoredName: "delete the line and set securityContext.runAsUser/runAsGroup to the numeric ids of {{value}}",
      ownId: "delete the line: {{setBy}} already sets the {{what}}",
      asRoot: "delete the line and set {{setIds}} to the ids the app should run as",
      rootSwitch: "delete the line and set {{setIds}} to the ids the app should run as",
      zero: "delete the line",
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
        const outcome = idOptionOutcome(app.container, name, setting.clean, { compose: app.compose, imageUid: app.dockerfile && imageStartUid(app.dockerfile) });
        // Where uWSGI starts as root and switches (or may), the line is what keeps the app from running as root.
        const keepsOffRoot = outcome.kind === "switches" || (outcome.kind === "ignored" && !outcome.knownNotRoot);
        const fix = setting.line && setting.line.joins.length === 0
          ? { title: `delete the ${setting.key} line`, edits: [deleteLines(setting.keyAt.file, setting.keyAt.start, setting.at.end)], ...(keepsOffRoot ? { applicability: "unsafe" as const } : {}) }
          : undefined;
        once.report({
          messageId: MESSAGE_OF[outcome.kind],
          data: { key: setting.key, value: setting.clean, what: name === "uid" ? "user" : "group", call: name === "uid" ? "setuid" : "setgid", ...outcomeWords(outcome, setting.clean) },
          at: settingSite(setting),
          ...(EFFECT_OF[outcome.kind] ? { effect: EFFECT_OF[outcome.kind] } : {}),
          object,
          ...(fix ? { fix } : {}),
        });
      }
    }
    once.flush();
  },
});
