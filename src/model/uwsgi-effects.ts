// What a mistake in a uWSGI config does once deployed (CLI.md, `effect`), decided per case:
// `wont-start` exactly when uWSGI would fail to load the app (docs/uwsgi-behaviour.md).
import type { Effect, ObjectRef } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import { APP_OPTIONS, namesApp, uwsgiOption } from "../languages/uwsgi/options.js";
import { importUnknown } from "../languages/python/module.js";
import { pyargvWords } from "../languages/uwsgi/values.js";
import { asSeq, booleanValue, mapAt, numberValue, scalarText, seqItems, valueOf } from "../languages/k8s/nodes.js";
import { capabilityName, containerStartUid, effectiveSecurityField, objectRef, type Container } from "./k8s.js";
import { lastSetting, type AppEntry, type UwsgiApp, type UwsgiSetting } from "./uwsgi-apps.js";
import { argvFailure } from "./uwsgi-code.js";

/**
 * Options whose value must be exactly right for the app to load: a stray character makes the
 * import, the lookup or the chdir fail, or the config's load, after which uWSGI exits 1
 * (`realpath() of "base.ini" failed`; `include` and `inherit`: `unable to load configuration from "base.ini"`).
 */
const LOADING_OPTIONS = [...APP_OPTIONS, "callable", "chdir", "ini", "include", "inherit"];

function loadsApp(setting: UwsgiSetting): boolean {
  return setting.option?.names.some((alias) => LOADING_OPTIONS.includes(alias)) ?? false;
}

/** Whether uWSGI uses the setting: every entry of a list option, the last of a single-valued one, a placeholder some value uses. */
export function isEffective(app: UwsgiApp, setting: UwsgiSetting): boolean {
  if (!setting.option) return app.placeholders.has(setting.key);
  return setting.option.kind === "list" || lastSetting(app, setting.option.name) === setting;
}

/** What it does that uWSGI never applies the option `intended` (a line outside the section, a swallowed line, a typo). */
export function lossEffect(app: UwsgiApp, intended: string): Effect | undefined {
  if (!uwsgiOption(intended)) return undefined;
  return namesApp(intended) && app.entries.length === 0 ? "wont-start" : "misbehaves";
}

/**
 * What stray text (wrapping quotes, a trailing comment, a swallowed line) in a setting's value
 * does: nothing when a later setting overrides it; the app cannot load when the setting names or
 * locates the app; a boolean still reads as true (CLI.md: a quoted `master` misbehaves); `pyargv`
 * stops the load only when the app's parser rejects it as uWSGI passes it. Stray text only adds
 * words to sys.argv, so it never makes a `sys.argv[N]` run past the end: that is app/argv-mismatch's.
 */
export function strayTextEffect(app: UwsgiApp, setting: UwsgiSetting): Effect | undefined {
  if (!isEffective(app, setting)) return undefined;
  if (loadsApp(setting)) return "wont-start";
  if (setting.option?.name === "pyargv" && argvFails(app, setting.value)) return "wont-start";
  return "misbehaves";
}

/** Whether a parser of an app module rejects this `pyargv` (argparse exits; src/model/uwsgi-code.ts, `argvFailure`). */
function argvFails(app: UwsgiApp, pyargv: string): boolean {
  return app.entries.some((entry) => entry.code && argvFailure(entry.code, pyargvWords(pyargv))?.kind === "argparse");
}

/** Whether importing the entry's module fails on a syntax error (then only python/syntax reports it), or may, a module not read whole (importUnknown). */
export function failsToCompile(entry: AppEntry): boolean {
  return entry.code?.imported.some(({ module }) => importUnknown(module)) ?? false;
}

/** What an app entry that does not load does: wont-start, unless other mounts load (uWSGI needs one app). */
export function entryEffect(app: UwsgiApp, entry: AppEntry, loads: (other: AppEntry) => boolean): Effect {
  return entry.mountpoint && app.entries.some((other) => other !== entry && other.kind !== "other" && loads(other)) ? "misbehaves" : "wont-start";
}

/** The workload and container an app runs in, for the JSON report. */
export function appObject(app: UwsgiApp): ObjectRef | undefined {
  return app.container && objectRef(app.container.workload.object, app.container);
}

/** What uWSGI's `uid`/`gid` option does in a container (docs/uwsgi-behaviour.md, uid/gid). */
export type IdOptionOutcome =
  /** It names the id the container already runs with, which this securityContext field (or the compose service's `user:`) sets: uWSGI, not root, only checks it. */
  | { readonly kind: "own"; readonly field: "runAsUser" | "runAsGroup" | "image user" | "compose user" | "compose group" }
  /** 0, which uWSGI takes for no id (`if (uwsgi.uid && …)`): nothing happens. */
  | { readonly kind: "unset" }
  /** A user or group name, which uWSGI ignores unless it starts as root; `knownNotRoot` false where nothing shows who starts it. */
  | { readonly kind: "ignored"; readonly knownNotRoot: boolean }
  /** Started as root (`runAsUser: 0`, compose's `user: 0`) keeping SETUID and SETGID, uWSGI switches: the app runs as another id than that field says. */
  | { readonly kind: "switches"; readonly root: RootField }
  /** Started as root without them, uWSGI cannot switch, and exits. */
  | { readonly kind: "denied"; readonly root: RootField }
  /** Not root (or not known to be), uWSGI refuses another numeric id, and exits. */
  | { readonly kind: "refused" };

/** What starts the process as root: the container's runAsUser, its image's user when no runAsUser is set, or the compose service's `user:`. */
export type RootField = "runAsUser" | "image" | "compose user";

/** Who else may start uWSGI: the compose service that runs it, and the uid its image starts as where the Dockerfile shows it (`imageStartUid`). */
export interface IdStarters {
  readonly compose?: ComposeService | undefined;
  readonly imageUid?: number | undefined;
}

export function idOptionOutcome(container: Container | undefined, option: "uid" | "gid", value: string, { compose, imageUid }: IdStarters = {}): IdOptionOutcome {
  if (/^0+$/.test(value)) return { kind: "unset" };
  const composeUser = container ? undefined : compose?.user;
  if (composeUser?.uid === 0) {
    const { add, drop } = compose!.capabilities;
    return { kind: keepsCapabilities(add, drop, SWITCHING) ? "switches" : "denied", root: "compose user" };
  }
  // A non-root uid: uWSGI compares the ids.
  if (composeUser?.uid && (option === "uid" ? composeUser.uid : composeUser.gid) === Number(value)) return { kind: "own", field: option === "uid" ? "compose user" : "compose group" };
  const runAsUser = container && effectiveSecurityField(container, "runAsUser");
  const user = container && containerStartUid(container, imageUid);
  if (user === 0) {
    const capabilities = mapAt(container!.securityContext, "capabilities");
    const names = (key: string) => seqItems(asSeq(valueOf(capabilities, key))).map((item) => scalarText(item) ?? "");
    return { kind: keepsCapabilities(names("add"), names("drop"), SWITCHING) ? "switches" : "denied", root: runAsUser ? "runAsUser" : "image" };
  }
  // A value only known at run time (uWSGI's `$(UID)` in an ini, a variable in a command) is judged as a number would be.
  // Not `knownOnlyAtRunTime`: the value may come from an ini, where uWSGI runs no shell and a backquote is literal.
  // Only a process known not to be root merely compares the id with its own.
  const notRoot = user !== undefined || composeUser !== undefined || (container !== undefined && booleanValue(effectiveSecurityField(container, "runAsNonRoot")?.node) === true);
  if (!/^\d+$/.test(value) && !value.includes("$")) return { kind: "ignored", knownNotRoot: notRoot };
  if (!runAsUser && option === "uid" && imageUid !== undefined && imageUid === Number(value)) return { kind: "own", field: "image user" };
  const field = option === "uid" ? "runAsUser" : "runAsGroup";
  const id = container && numberValue(effectiveSecurityField(container, field)?.node);
  return notRoot && id !== undefined && id !== 0 && id === Number(value) ? { kind: "own", field } : { kind: "refused" };
}

/** What uWSGI needs, started as root, to switch user and group. */
const SWITCHING = ["SETUID", "SETGID"];

/** Whether a process keeps these capabilities: added back (or ALL), or never dropped from the runtime's defaults, which hold them. */
function keepsCapabilities(addedAsWritten: readonly string[], droppedAsWritten: readonly string[], wanted: readonly string[]): boolean {
  const [added, dropped] = [new Set(addedAsWritten.map(capabilityName)), new Set(droppedAsWritten.map(capabilityName))];
  return wanted.every((capability) => added.has(capability) || added.has("ALL") || (!dropped.has(capability) && !dropped.has("ALL")));
}
