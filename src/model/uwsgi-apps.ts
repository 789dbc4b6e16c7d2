// The uWSGI apps of the project model, as rules read them: what an app is (the options uWSGI ends
// up with, each with the place it was written; its configs, working directory, search path, the
// apps it loads and the sockets it opens) and the questions rules ask of one. uwsgi-model.ts
// builds them.
import { posix } from "node:path";
import { fileLabel } from "../engine/source.js";
import type { Site, SourceFile } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { valueOf } from "../languages/k8s/nodes.js";
import type { UwsgiCommand } from "../languages/uwsgi/command.js";
import type { IniDocument, IniLine } from "../languages/uwsgi/ini.js";
import { isTrue, type UwsgiOptionInfo } from "../languages/uwsgi/options.js";
import type { CallableName, ValueBlemishes } from "../languages/uwsgi/values.js";
import type { Location, PathMap } from "./container-paths.js";
import type { Exclusion } from "./dockerignore.js";
import type { Container } from "./k8s.js";
import type { Listener } from "./network.js";
import type { ModuleResolution } from "./python-import.js";
import type { WritableTarget } from "./storage.js";
import type { UwsgiBaseImage } from "./uwsgi-base-images.js";
import { parsedArguments, servedFlaskApps, type AppCode, type CallableLookup } from "./uwsgi-code.js";


export interface UwsgiModel {
  readonly apps: readonly UwsgiApp[];
  /** Containers whose uWSGI command line, given whole, loads no config and names no app. */
  readonly appless: readonly ApplessCommand[];
  /** How each ini was linked and why, for `--verbose`. */
  readonly notes: readonly string[];
}

export interface ApplessCommand {
  readonly container: Container;
  readonly command: UwsgiCommand;
}

export type SettingOrigin = "ini" | "command" | "env";

/** One option as uWSGI applies it. */
export interface UwsgiSetting {
  /** The name as written (for `--set key=value`, the key). */
  readonly key: string;
  /** The table entry; undefined for a name that is no uWSGI option (uWSGI keeps it as a placeholder). */
  readonly option: UwsgiOptionInfo | undefined;
  /** The value as uWSGI read it, before placeholders: magic variables expanded (ini), as written otherwise. */
  readonly raw: string;
  /** The value uWSGI uses: magic variables and placeholders expanded, quotes and comments kept. */
  readonly value: string;
  /**
   * The value as the writer meant it: without wrapping quotes, a trailing comment, or a line a
   * trailing `%` swallowed. The rules other than the one reporting that mistake judge this value.
   */
  readonly clean: string;
  /** Quotes and a trailing comment in an ini value (command words and environment values have none). */
  readonly blemishes: ValueBlemishes | undefined;
  readonly origin: SettingOrigin;
  readonly keyAt: Site;
  /** The value as written: the ini value, the command word, the `env` value. */
  readonly at: Site;
  /** The ini line, for ini settings. */
  readonly line: IniLine | undefined;
  /** The value depends on what only the running container knows (hostname, an environment variable it sets). */
  readonly dynamic: boolean;
}

/** The option that names a config: `include = base.ini`, `--inherit /app/base.ini`. */
export interface ConfigOption {
  /** `ini`, `include` or `inherit`. */
  readonly key: string;
  /** As written: the path and any `:section`. */
  readonly value: string;
  readonly at: Site;
  readonly origin: SettingOrigin;
}

/** An ini file as an app read it: the section asked for, parsed with that app's magic variables. */
export interface LoadedConfig {
  readonly file: SourceFile;
  readonly document: IniDocument;
  readonly section: string;
  /** uWSGI found entries in that section (else it warns "Can't find section"). */
  readonly sectionFound: boolean;
  /** The option that read it; undefined for the ini nw-lint was given, which no option it sees names. */
  readonly by: ConfigOption | undefined;
}

/** A config uWSGI is told to read that the linter cannot read (missing, or where it cannot look). */
export interface UnreadConfig {
  /** As written (`conf/base.ini`). */
  readonly path: string;
  readonly containerPath: string;
  readonly by: ConfigOption;
  /** It does not exist (uWSGI exits 1: `realpath() of … failed`); else the linter cannot look there. */
  readonly missing: boolean;
  /** Missing from the image because the build's .dockerignore keeps the repository's file out of it. */
  readonly excluded?: Exclusion;
  /** It is a config already being read that includes it again: uWSGI reads it again without end (an include loop crashes; an inherit loop never ends). */
  readonly loop?: true;
  /** `ini` read this YAML, JSON or XML config as an ini, and found no section of the name asked for in it: none of its options apply. */
  readonly readAsIni?: true;
  /** `include` and `inherit` load no config from this name (not `.ini`, YAML, JSON or XML, or with a `:section`): uWSGI exits 1, `unable to load configuration from …`. */
  readonly refused?: true;
}

/** A directory Python searches for the app module, and why it is searched. */
export interface SearchDirectory extends Location {
  /** The setting that adds it; undefined for the working directory and PYTHONPATH. */
  readonly setting: UwsgiSetting | undefined;
  readonly origin: string;
}

export interface CallableRef extends CallableName {
  /** Where the name comes from: the `m:c` of module or mount, the `callable` option, or uWSGI's default `application`. */
  readonly from: "module" | "callable" | "default";
  readonly setting: UwsgiSetting | undefined;
}

/** An app uWSGI loads: from `module`/`wsgi`, `wsgi-file`/`file`, each `mount`, `eval` or `paste`. */
export interface AppEntry {
  readonly kind: "module" | "file" | "other";
  readonly mountpoint: string;
  /** The setting that names it. */
  readonly setting: UwsgiSetting;
  /** The module name or file path (clean). */
  readonly target: string;
  readonly callable: CallableRef;
  readonly resolution: ModuleResolution;
  /** What importing the module runs and finds, when it was found. */
  readonly code: AppCode | undefined;
  /**
   * A mount uWSGI loads nothing from (kind `other`): one without `=` makes it exit 1 (`invalid
   * mountpoint`); one that names neither `module:callable` nor a `.py`/`.wsgi` file is refused.
   */
  readonly refused?: "no-mountpoint" | "not-an-app";
  /**
   * For a refused mount of a bare module or a file (`mount = /=wsgi`, `mount = wsgi`, `mount =
   * wsgi.py`): what importing the module (or the file) finds under the callable uWSGI would take
   * for it (the `callable` option's, else application), so that a hint can name the app it binds;
   * undefined when it is not found.
   */
  readonly refusedLookup?: CallableLookup;
}

export interface UwsgiSocket {
  readonly setting: UwsgiSetting;
  readonly address: string;
  /** The TCP port; undefined for a UNIX socket. */
  readonly port: number | undefined;
  /** What it speaks: `socket` speaks the binary uwsgi protocol unless `protocol = http`. */
  readonly protocol: "http" | "uwsgi";
  /** Bound to a loopback address: only the container itself can connect. */
  readonly loopback: boolean;
}

/** A line the writer meant as an option that uWSGI does not apply as one. */
export interface LostOption {
  /** The option meant: the key, the name before `:` in `key: value`, or the option a typo is closest to; "" for a merge conflict marker. */
  readonly intended: string;
  readonly at: Site;
  readonly why: "outside-section" | "colon" | "joined" | "typo" | "conflict";
}

export interface UwsgiApp {
  /** The ini the app is rooted at; undefined for an app the container's command line and environment configure alone. */
  readonly ini: SourceFile | undefined;
  /** What starts it and why it is linked, as `--verbose` says it. */
  readonly link: string;
  readonly container: Container | undefined;
  /** The compose service that runs it, when one does. */
  readonly compose: ComposeService | undefined;
  /** The Dockerfile beside the ini (or above it), read for WORKDIR, ENV, ENTRYPOINT/CMD and COPY. */
  readonly dockerfile: Dockerfile | undefined;
  /** The uWSGI command line found in the container or the image, if any. */
  readonly command: UwsgiCommand | undefined;
  /** The base image that starts uWSGI with the ini, whose own config uWSGI reads after it (tiangolo/uwsgi-nginx-flask). */
  readonly baseImage: UwsgiBaseImage | undefined;
  /** Absolute container path uWSGI starts in. */
  readonly startDir: string;
  readonly configs: readonly LoadedConfig[];
  readonly unreadConfigs: readonly UnreadConfig[];
  readonly settings: readonly UwsgiSetting[];
  /** The directory the app is imported from: the start directory, or `chdir` (`missing` when that directory does not exist: uWSGI exits 1). */
  readonly workingDir: Location & { readonly setting: UwsgiSetting | undefined; readonly missing: boolean };
  readonly searchPath: readonly SearchDirectory[];
  readonly entries: readonly AppEntry[];
  readonly sockets: readonly UwsgiSocket[];
  /** Lines of its configs that were meant as options and are not applied as such. */
  readonly lost: readonly LostOption[];
  /** The names used as `%(name)` placeholders anywhere in its options. */
  readonly placeholders: ReadonlySet<string>;
  /** Environment variables the process gets, where known (the image's ENV, then the container's `env` or the compose service's `environment`, then the ini's `env`). */
  readonly environment: ReadonlyMap<string, string | undefined>;
  /** Maps container paths to the repository; see `locate`. */
  readonly paths: PathMap;
}

/** The app's first config and its header of the section uWSGI reads (`[uwsgi]`), where findings about the whole app point. */
export function rootSection(app: Pick<UwsgiApp, "configs">): { readonly config: LoadedConfig; readonly header: IniLine } | undefined {
  const config = app.configs[0];
  const header = config?.document.lines.find((line) => line.kind === "section" && line.section === config.section);
  return config && header ? { config, header } : undefined;
}

/** The container takes variables from ConfigMaps or Secrets (`envFrom`), which may set `UWSGI_*` options nw-lint does not see. */
export function takesEnvFrom(container: Container | undefined): boolean {
  return valueOf(container?.node, "envFrom") !== undefined;
}

/** The last setting of an option (any of its aliases): the one uWSGI keeps for single-valued options. */
export function lastSetting(app: Pick<UwsgiApp, "settings">, name: string): UwsgiSetting | undefined {
  return settingsOf(app, name).at(-1);
}

/**
 * The config-logic block each ini setting is in (`if-env = X` up to `endif`, `for = …` up to
 * `endfor`), by the setting that opens it: uWSGI applies a block's settings only when its condition
 * holds, or once per item. The first end closes a block, and one ends with its file.
 */
export function logicBlocks(app: Pick<UwsgiApp, "settings">): Map<UwsgiSetting, UwsgiSetting> {
  const blocks = new Map<UwsgiSetting, UwsgiSetting>();
  let open: UwsgiSetting | undefined;
  for (const setting of app.settings) {
    if (setting.origin !== "ini") continue;
    if (open && open.at.file !== setting.at.file) open = undefined;
    if (setting.option?.logic === "close") open = undefined;
    else if (setting.option?.logic === "open") open ??= setting;
    else if (open) blocks.set(setting, open);
  }
  return blocks;
}

/** The config runs uWSGI's Emperor, which loads no app itself: it starts each vassal's config, an app of its own. */
export function runsEmperor(app: Pick<UwsgiApp, "settings">): boolean {
  return lastSetting(app, "emperor") !== undefined;
}

/** Every setting of an option (any of its aliases), in the order uWSGI applies them. */
export function settingsOf(app: Pick<UwsgiApp, "settings">, name: string): UwsgiSetting[] {
  return app.settings.filter((setting) => setting.option?.names.includes(name));
}

/** Whether a boolean option ends up on, judged on its clean value, or by the base image's config read after the app's. */
export function flagOn(app: Pick<UwsgiApp, "settings" | "baseImage">, name: string): boolean {
  const setting = lastSetting(app, name);
  return app.baseImage?.sets.has(name) === true || (setting !== undefined && isTrue(setting.clean));
}

/**
 * A container path as messages show it: as is for an app a container or image starts; for an ini
 * linted in its own directory (whose "container" paths are the repository's), relative to the
 * working directory, like file paths in the report.
 */
export function shownPath(app: Pick<UwsgiApp, "container" | "command" | "ini">, path: string): string {
  if (app.container || app.command || !app.ini?.absolutePath) return path;
  return posix.join(posix.dirname(app.ini.path), posix.relative(posix.dirname(app.ini.absolutePath), path)) || ".";
}

/** The whole setting, from its key to the end of its value (`uid = 1000`, `--uid 1000`, `UWSGI_UID=1000`). */
export function settingSite(setting: UwsgiSetting): Site {
  return { file: setting.keyAt.file, start: setting.keyAt.start, end: setting.at.end };
}

/** The site of `raw[start..end]` (inclusive) of an ini setting, when its value is written as uWSGI read it; else the whole value. */
export function valuePart(setting: UwsgiSetting, start: number, end: number): Site {
  const { file, start: at, end: to } = setting.at;
  return file.text.slice(at, to) === setting.raw ? { file, start: at + start, end: at + end + 1 } : setting.at;
}

/** The TCP sockets linked apps open, as listeners of their containers (for the network model). */
export function uwsgiListeners(model: UwsgiModel): Listener[] {
  return model.apps.flatMap((app) =>
    app.container
      ? app.sockets.flatMap((socket) =>
          socket.port === undefined || socket.loopback ? [] : [{ container: app.container!, port: socket.port, name: undefined, origin: "server" as const, protocol: "TCP", appProtocol: socket.protocol, at: socket.setting.at }],
        )
      : [],
  );
}

/**
 * uWSGI options that listen, or start programs that may, beyond the sockets `sockets` holds: a
 * FastCGI or SCGI socket, a router, a stats or subscription server, an emperor, an attached daemon.
 */
const OTHER_LISTENERS = /^(?:(?:fastcgi|scgi)(?:-nph)?-socket|(?:raw|ssl|puwsgi|suwsgi)-socket|(?:undeferred-)?shared-socket|https2|(?:fast|raw|ssl|http)?router2?|(?:[a-z]+-)?stats(?:-server)?|(?:[a-z]+-)?subscription-server|emperor|zerg-server|(?:[a-z]+-)*attach-(?:control-)?daemon2?)$/;

/**
 * Whether uWSGI listens on no TCP port but its sockets' known ports, one of them reachable from
 * other pods: every socket has a port, nothing else listens (no base image's nginx, no option
 * above), and no `envFrom` may add a socket.
 */
export function uwsgiPortsKnown(app: UwsgiApp): boolean {
  return (
    app.baseImage === undefined && !takesEnvFrom(app.container) &&
    app.sockets.some((socket) => socket.port !== undefined && !socket.loopback) && app.sockets.every((socket) => socket.port !== undefined) &&
    !app.settings.some((setting) => setting.option?.names.some((name) => OTHER_LISTENERS.test(name)))
  );
}

/**
 * The folders linked apps' Flask objects serve static files from, as writable targets of their
 * containers (for the storage model): a literal `static_folder`, one an argparse option gives
 * (from the effective `pyargv`, as meant), or one an environment variable gives; relative paths
 * from the module's directory or the working directory, as the Python analysis says.
 */
export function uwsgiStaticTargets(model: UwsgiModel): WritableTarget[] {
  return model.apps.flatMap((app) => {
    const container = app.container;
    if (!container) return [];
    const pyargv = lastSetting(app, "pyargv")?.clean ?? "";
    return app.entries.flatMap((entry) => {
      if (!entry.code) return [];
      const code = entry.code;
      return servedFlaskApps(code, entry.callable).flatMap(({ app: flask, in: module }) => {
        const folder = flask.staticFolder;
        if (folder.kind !== "literal" && folder.kind !== "argparse" && folder.kind !== "env") return [];
        const path =
          folder.kind === "literal" ? folder.value
          : folder.kind === "argparse" ? parsedArguments(code, pyargv)?.get(folder.dest)
          : (app.environment.get(folder.variable) ?? folder.default);
        if (typeof path !== "string") return [];
        const base = folder.relativeTo === "cwd" || (folder.relativeTo === "app-root" && flask.importName !== "__name__") ? app.workingDir.containerPath : posix.dirname(module.file.containerPath);
        return [{
          container,
          path: posix.resolve(base, path),
          reason: `the Flask app in ${fileLabel(module.file.file)} serves static files from it`,
          related: { at: folder.site, message: "static_folder of the Flask app" },
        }];
      });
    });
  });
}

/**
 * An option as it is written where `origin` says: `key = value` in an ini, `--key value` on the
 * command line (`--key` for a flag turned on), `UWSGI_KEY=value` in the environment (the inverse
 * of how uwsgi-app-builder.ts reads a `UWSGI_*` variable).
 */
export function spellOption(origin: SettingOrigin, key: string, value: string): string {
  switch (origin) {
    case "ini":
      return `${key} = ${value}`;
    case "command":
      return value === "true" ? `--${key}` : `--${key} ${value}`;
    case "env":
      return `UWSGI_${key.toUpperCase().replaceAll("-", "_")}=${value}`;
  }
}

/**
 * The callable a refused mount's app is to be served under: the app its module binds under another
 * name (its factory, called), as the lookup of the callable uWSGI would take finds it; else that
 * callable (the `callable` option's, or application), also when the module was not read.
 */
export function refusedMountCallable(entry: AppEntry): string {
  const lookup = entry.refusedLookup;
  if (lookup?.status !== "missing") return entry.callable.text;
  if (lookup.why === "other-name" && lookup.name && !lookup.needsArguments) return `${lookup.name}${lookup.factory ? "()" : ""}`;
  if (lookup.why === "function" && lookup.boundAs) return lookup.boundAs;
  return entry.callable.text;
}

/** Where an option spelt for `origin` is added, for a hint: `--need-app to the uwsgi command`. */
export function addedWhere(origin: SettingOrigin, key: string, value: string): string {
  return `${spellOption(origin, key, value)}${{ ini: "", command: " to the uwsgi command", env: " to the container's env" }[origin]}`;
}
