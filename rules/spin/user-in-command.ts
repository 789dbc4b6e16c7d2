import { defineRule } from "../../src/engine/rule.js";
import { fileLabel, site } from "../../src/engine/source.js";
import type { Effect, Fix, Site } from "../../src/engine/types.js";
import { deleteItems, entry, insertEntries, styleOf } from "../../src/languages/k8s/edits.js";
import { asSeq, nodeRange, numberValue, pairOf, scalarText, valueOf, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { allContainers, effectiveSecurityField, objectRef, type Container } from "../../src/model/k8s.js";
import type { ProjectModel } from "../../src/model/project.js";
import { findUserSwitches, type UserSwitch } from "../../src/languages/shell/user-switch.js";
import { wordIn, type Word } from "../../src/languages/shell/words.js";
import { spellOption, type UwsgiApp, type UwsgiSetting } from "../../src/model/uwsgi-apps.js";
import { idOptionOutcome, type IdOptionOutcome } from "../../src/model/uwsgi-effects.js";

/** uWSGI's options whose numeric value the fix moves into the securityContext. */
const ID_FIELDS: Readonly<Record<string, "runAsUser" | "runAsGroup">> = { "--uid": "runAsUser", "--gid": "runAsGroup" };

export default defineRule({
  meta: {
    id: "spin/user-in-command",
    title: "User and group ids belong in securityContext, not in the command",
    severity: "error",
    relatesFiles: true,
    fixable: "unsafe",
    docs: {
      what: "Finds container `command`/`args` that switch user or group: uWSGI `--uid`/`--gid`, `su`, `sudo -u`/`-g` (also `-uapp`, `-Eu app`, `--user=app`), `gosu`, `su-exec`, `runuser`, `setpriv --reuid`/`--regid` (and `--ruid`, `--euid`, `--rgid`, `--egid`), `chroot --userspec`, gunicorn `--user`/`--group` (also `-u1000`), also inside `sh -c \"…\"` strings; and the `UWSGI_UID`/`UWSGI_GID` variables of a container's `env` that the uWSGI it runs applies as `--uid`/`--gid`. A container that takes its command or variables from its image's Dockerfile (`ENTRYPOINT`, `CMD`, `ENV`) is reported there, for the uWSGI options. One whose command runs a start script nw-lint follows (a shell script of the repository the image copies, not one its `.dockerignore` keeps out, or one a `COPY <<\"EOF\" /entrypoint.sh` heredoc writes, read from the Dockerfile's lines, ending in uWSGI or another Python server) is reported in the script: every switch above in the command that starts the server (`exec gosu www-data uwsgi …`, `exec su-exec app gunicorn …`, or `exec gosu www-data \"$@\"` running the image's `CMD`), and the `export UWSGI_UID=…`/`UWSGI_GID=…` before it that no `unset` removes. A switch the script runs only under a condition it does not judge is not one it surely runs, nor is a server command after a command that may `exec` or `exit` under such a condition (an `if`, `case` or loop, after `&&` or `||`, testing `[ -f … ]`, `[ \"$1\" = web ]`, a variable). It judges root guards where it knows whether the container runs as root (its runAsUser; without one, `runAsNonRoot: true`, else the image's USER: root or 0, another name or number, or none on an official root image such as `python`): `[ \"$(id -u)\" = 0 ]`, `!=`, `-eq 0`, `-ne 0`, with backquotes, in `test` or with `!`, `[ \"$(whoami)\" = root ]`, `[ \"$(id -un)\" = root ]`, and in a bash script `[[ … ]]`, `==` and `$EUID`/`$UID` (unless the container's environment sets them). A branch such a guard never runs is left out: as runAsUser, `if [ \"$(id -u)\" = 0 ]; then exec gosu app \"$0\" \"$@\"; fi` before `exec uwsgi --uid 1000 …` is reported at `--uid`. A branch it surely runs that execs the server ends the script there: as runAsUser, `[ \"$(id -u)\" != 0 ] && exec uwsgi …` starts that uWSGI, and the `exec gosu app uwsgi …` after it is not reported. As root, the step down `exec gosu app \"$0\" \"$@\"` runs the script again as that user, and is reported as the switch before the server that run starts. One in a setup command before the server (`gosu app python manage.py migrate`) is not looked for.",
      why: "With every capability dropped a process cannot change its user: uWSGI exits with `setgid(): Operation not permitted` when started as root, or `cannot setgid() as non-root user` otherwise; gunicorn's worker fails to boot (`chown … Operation not permitted`) and gunicorn exits. An id equal to `runAsUser`/`runAsGroup` (for gunicorn and setpriv, a numeric one) uWSGI and gunicorn leave alone, and setpriv sets again without a capability where its only other option is `--keep-groups` (`--clear-groups`, `--groups` and `--init-groups` change the supplementary groups, which needs CAP_SETGID), until the two differ: such an option is reported as naming the id the container already runs as, with no effect. gosu and su-exec set the supplementary groups whatever the ids, and fail. Spin sets the user through `runAsUser`/`runAsGroup`/`fsGroup` (SPIN.md, User and group: seed item 2, uWSGI source).",
      fix: "Remove the switch from the command and set `securityContext.runAsUser` (and `runAsGroup`, pod `fsGroup`) to the same numeric ids. For uWSGI's `--uid N`/`--gid N` (or `--uid=N`) with a number, given once, the fix does this; it is unsafe because the process no longer starts as root before it drops to that user, so anything it did as root first (binding a low port, reading root-only files) now fails.",
      sources: ["SPIN.md § User and group (seed item 2, slides, uWSGI source)"],
      related: ["spin/run-as-user", "spin/fs-group"],
    },
    messages: {
      switch: "container \"{{container}}\" switches {{what}} in its {{where}} ({{argument}})",
      ownId: "container \"{{container}}\" names the {{what}} it already runs as in its {{where}} ({{argument}}): {{server}}, not root, only checks it, and exits once securityContext.{{field}} changes",
      zero: "container \"{{container}}\" gives uWSGI {{what}} 0 in its {{where}} ({{argument}}), which uWSGI takes for no {{what}}",
    },
    hints: {
      switch: "remove it and set securityContext.runAsUser/runAsGroup instead; with capabilities dropped the switch fails",
      ownId: "remove it: securityContext.{{field}} already sets the {{what}}",
      zero: "remove it",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const words = [...container.command, ...container.args].flatMap((node) => {
        const text = scalarText(node);
        return text === undefined ? [] : [{ text, node }];
      });
      const switches = findUserSwitches(words.map((word) => word.text));
      const argv = words.map((word) => word.node);
      const times = new Map<string, number>();
      for (const option of switches.map(optionOf)) times.set(option, (times.get(option) ?? 0) + 1);
      for (const found of switches) {
        const node: YamlNode = argv[found.argumentIndex]!;
        const [start, end] = nodeRange(node);
        const fix = idsToSecurityContext(container, found, times.get(optionOf(found))!, argv);
        const offset = switchOffset(file.text.slice(start, end), found);
        const at = offset === undefined ? site(file, start, end) : site(file, start + offset, start + offset + found.token.length);
        const outcome = idOutcome(container, found);
        context.report({
          messageId: messageOf(outcome),
          data: { container: container.name, what: found.what, where: "command", argument: found.token, ...ownIdData(outcome, found.server) },
          at,
          ...effectOf(outcome),
          object: objectRef(container.workload.object, container),
          ...(fix ? { fix } : {}),
        });
      }
    }
    // An image several containers run is reported once for what it does in them, for the first of them.
    const imageSitesReported = new Set<string>();
    for (const { container, words } of scriptCommands(model)) {
      // uWSGI's `--uid`/`--gid` are the app's settings, judged below.
      for (const found of findUserSwitches(words.map((word) => word.text)).filter((candidate) => !ID_FIELDS[optionOf(candidate)])) {
        const at = switchSite(words[found.argumentIndex]!, found);
        const site = `${at.file.path}:${at.start}`;
        if (imageSitesReported.has(site)) continue;
        imageSitesReported.add(site);
        const outcome = idOutcome(container, found);
        context.report({
          messageId: messageOf(outcome),
          // The container's own args stand in the script's command where it forwards them (`"$@"`).
          data: { container: container.name, what: found.what, where: at.file === container.workload.object.file ? "command" : `command in ${fileLabel(at.file)}`, argument: found.token, ...ownIdData(outcome, found.server) },
          at,
          ...effectOf(outcome),
          object: objectRef(container.workload.object, container),
        });
      }
    }
    for (const app of model.uwsgi.apps) {
      const container = app.container;
      if (!container) continue;
      for (const setting of app.settings) {
        const option = setting.option?.name;
        if ((option !== "uid" && option !== "gid") || (setting.origin !== "env" && setting.origin !== "command")) continue;
        // The container's own command and args are read word by word above; the rest comes from its image.
        const fromImage = setting.keyAt.file !== container.workload.object.file;
        if ((setting.origin === "command" && !fromImage) || mayNotRun(app, setting)) continue;
        const outcome = idOptionOutcome(container, option, setting.value);
        const site = `${setting.keyAt.file.path}:${setting.keyAt.start}:${outcome.kind}`;
        if (fromImage && imageSitesReported.has(site)) continue;
        imageSitesReported.add(site);
        const where = `${setting.origin === "env" ? "environment" : "command"}${fromImage ? ` in ${fileLabel(setting.keyAt.file)}` : ""}`;
        context.report({
          messageId: messageOf(outcome),
          data: { container: container.name, what: option === "uid" ? "user" : "group", where, argument: spellOption(setting.origin, option, setting.value), ...ownIdData(outcome, "uWSGI") },
          at: setting.keyAt,
          ...effectOf(outcome),
          object: objectRef(container.workload.object, container),
        });
      }
    }
  },
});

/**
 * The command each container's followed start script starts its server with (uWSGI's or another
 * Python server's), where the script surely runs it: not after a command that may exec or exit
 * under a condition nw-lint does not judge (`[ -f /app/dev ] && exec uwsgi …` before `exec gosu app uwsgi …`).
 */
function scriptCommands(model: ProjectModel): { container: Container; words: readonly Word[] }[] {
  const uwsgi = model.uwsgi.apps.map((app) => ({ container: app.container, script: app.command?.script }));
  const servers = model.servers.apps.map((app) => ({ container: app.runner.container, script: app.launch.script }));
  return [...uwsgi, ...servers].flatMap(({ container, script }) => (container && script && !script.afterConditionalExit ? [{ container, words: script.words }] : []));
}

/** Whether the setting is in a start script's server command, or an `export` of the script, that the script may never reach (ScriptStart). */
function mayNotRun(app: UwsgiApp, setting: UwsgiSetting): boolean {
  const script = app.command?.script;
  if (!script?.afterConditionalExit) return false;
  return setting.origin === "command" || [...script.env.values()].some((exported) => exported.at.file === setting.keyAt.file);
}

/** Where a switch found in a word of a start script is: the word, or the switch inside its `-c` string. */
function switchSite(word: Word, found: UserSwitch): Site {
  const offset = switchOffset(word.at.file.text.slice(word.at.start, word.at.end), found);
  return offset === undefined ? word.at : site(word.at.file, word.at.start + offset, word.at.start + offset + found.token.length);
}

/** What a switch does: uWSGI's `--uid`/`--gid` as its outcome says; any other switch fails without capabilities. */
function effectOf(outcome: IdOptionOutcome | undefined): { effect?: Effect } {
  switch (outcome?.kind) {
    case "own":
    case "unset":
      return {};
    case "ignored":
    case "switches":
      return { effect: "misbehaves" };
    default:
      return { effect: "wont-start" };
  }
}

/** The message for a switch: uWSGI's own id, its 0, or any other. */
function messageOf(outcome: IdOptionOutcome | undefined): "ownId" | "zero" | "switch" {
  return outcome?.kind === "own" ? "ownId" : outcome?.kind === "unset" ? "zero" : "switch";
}

/**
 * What a server's own user or group option does: uWSGI's `--uid`/`--gid` as idOptionOutcome says;
 * gunicorn's `--user`/`--group` (`-u`/`-g`) and setpriv's `--reuid`/`--regid` (…, with nothing but
 * `--keep-groups` besides) only where it is the number the container already runs as, which gunicorn
 * (20.1, set_owner_process) and setpriv set again without a capability; undefined for any other
 * switch, which fails.
 */
function idOutcome(container: Container, found: UserSwitch): IdOptionOutcome | undefined {
  const value = found.value;
  if (!found.server || found.what === "user and group" || value === undefined) return undefined;
  const outcome = idOptionOutcome(container, found.what === "user" ? "uid" : "gid", value);
  if (found.server === "uWSGI") return outcome;
  return /^\d+$/.test(value) && outcome.kind === "own" ? outcome : undefined;
}

/** The message data of an id the server already runs as: the field that sets it and the server that leaves it alone. */
function ownIdData(outcome: IdOptionOutcome | undefined, server: UserSwitch["server"]): { field?: string; server?: string } {
  return outcome?.kind === "own" ? { field: outcome.field, server: server ?? "uWSGI" } : {};
}

/**
 * `--uid 51234` (or `--uid=51234`) as items of the container's own command or args list becomes
 * `runAsUser: 51234`: only for a number, written once (`timesWritten`: how many of the command's
 * switches are that option), that the container's securityContext does not contradict.
 */
function idsToSecurityContext(container: Container, found: UserSwitch, timesWritten: number, argv: readonly YamlNode[]): Fix | undefined {
  const [option, inline] = splitOption(found.token);
  const field = ID_FIELDS[option];
  const node = argv[found.argumentIndex]!;
  if (!field || scalarText(node) !== found.token || timesWritten !== 1) return undefined;
  const list = [valueOf(container.node, "command"), valueOf(container.node, "args")].map(asSeq).find((seq) => seq?.items.includes(node));
  const valueNode = inline === undefined ? argv[found.argumentIndex + 1] : undefined;
  const id = inline ?? scalarText(valueNode);
  // uWSGI takes 0 for no id: runAsUser: 0 would make the container root.
  if (!list || id === undefined || !/^\d+$/.test(id) || Number(id) === 0 || (valueNode && !list.items.includes(valueNode))) return undefined;
  const file = container.workload.object.file;
  const removal = deleteItems(file, list, valueNode ? [node, valueNode] : [node]);
  const own = pairOf(container.securityContext, field);
  if (!removal || (own && numberValue(own.value) !== Number(id))) return undefined;
  // The pod's securityContext may already hold the id; a different one there the container's own overrides.
  const held = numberValue(effectiveSecurityField(container, field)?.node) === Number(id);
  const setting = held ? undefined : insertEntries(file, container.node, ["securityContext"], [entry(field, Number(id))], styleOf(file, container.workload.object.node));
  if (!held && !setting) return undefined;
  const title = held ? `remove ${option}: ${field} is already ${id}` : `set ${field}: ${id} instead of ${option}`;
  return { title, edits: [...removal, ...(setting ? [setting] : [])] };
}

/**
 * Where the switch is in the scalar's source: an item of the argv inside its quotes; a word of a
 * `-c` script at its offset in the value (after the opening quote) when the source has it there as
 * written, else (escapes before it, a block scalar) the first place it stands as a word of its own.
 */
function switchOffset(source: string, found: UserSwitch): number | undefined {
  if (found.offset === undefined) {
    const at = source.indexOf(found.token);
    return at === -1 ? undefined : at;
  }
  const opening = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
  const offset = opening + found.offset;
  return source.startsWith(found.token, offset) ? offset : wordIn(source, found.token, 0);
}

/** The option a switch is (`--uid` of `--uid=1000`), or its program. */
function optionOf(found: UserSwitch): string {
  return splitOption(found.token)[0];
}

function splitOption(token: string): [string, string | undefined] {
  const equals = token.indexOf("=");
  return equals === -1 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
}
