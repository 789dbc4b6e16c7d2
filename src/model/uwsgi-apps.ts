// The uWSGI side of the project model. Each uWSGI ini is linked to what starts it (a container
// of a workload, a compose service, the image a Dockerfile beside it builds, or, failing those,
// `uwsgi --ini` run in its own directory), and becomes an app, as does a container whose command
// line and environment configure uWSGI alone: the options uWSGI ends up with, in the order it
// applies them (docs/uwsgi-behaviour.md: UWSGI_* environment first, then the command line in
// order with each `--ini` read in place, `ini =` includes in place, bare `*.ini` arguments last;
// `%(name)` placeholders from the first occurrence), each with the place it was written; the
// directory uWSGI starts in and the `chdir`/`pythonpath` directories, mapped to the repository;
// the apps it loads and the Python modules they resolve to.
import { posix } from "node:path";
import type { ResolvedSettings } from "../engine/config.js";
import type { ProjectHost, Site, SourceFile } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { valueOf } from "../languages/k8s/nodes.js";
import { afterCd, hasShellExpansion, knownOnlyAtRunTime, type Word } from "../languages/shell/words.js";
import { findUwsgiCommand, parseUwsgiArguments, type CommandOption, type UwsgiCommand } from "../languages/uwsgi/command.js";
import { headerMistake, magicTable, parseIni, sectionEntries, type IniDocument, type IniLine } from "../languages/uwsgi/ini.js";
import { APP_OPTIONS, closestOption, CONFIG_OPTIONS, isTrue, uwsgiOption, type UwsgiOptionInfo } from "../languages/uwsgi/options.js";
import {
  callableName, socketHost, socketPort, splitModuleValue, splitMountValue, valueBlemishes, type CallableName, type ValueBlemishes,
} from "../languages/uwsgi/values.js";
import { locate, pathMap, runnerPaths, type Location, type PathMap, type PathPair } from "./container-paths.js";
import { configuredDirectory, containerWords, describeContainer, processEnvironment } from "./container-process.js";
import { imageWords, runWords, type DockerfileFinder } from "./dockerfiles.js";
import { IniIndex } from "./ini-index.js";
import { allContainers, isUnder, type Container, type K8sModel } from "./k8s.js";
import { isLoopbackHost, type Listener } from "./network.js";
import { resolveModule, unseenFile, unseenLocation, unverifiable, type ModuleResolution } from "./python-import.js";
import type { WritableTarget } from "./storage.js";
import { appCode, parsedArguments, servedFlaskApps, type AppCode } from "./uwsgi-code.js";

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

/** An ini file as an app read it: the section asked for, parsed with that app's magic variables. */
export interface LoadedConfig {
  readonly file: SourceFile;
  readonly document: IniDocument;
  readonly section: string;
  /** uWSGI found entries in that section (else it warns "Can't find section"). */
  readonly sectionFound: boolean;
}

/** A config uWSGI is told to read that the linter cannot read (missing, or where it cannot look). */
export interface UnreadConfig {
  /** As written (`conf/base.ini`). */
  readonly path: string;
  readonly containerPath: string;
  readonly at: Site;
  /** It does not exist (uWSGI exits 1: `realpath() of … failed`); else the linter cannot look there. */
  readonly missing: boolean;
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
  /** The option meant: the key, the name before `:` in `key: value`, or the option a typo is closest to. */
  readonly intended: string;
  readonly at: Site;
  readonly why: "outside-section" | "colon" | "joined" | "typo";
}

export interface UwsgiApp {
  /** The ini the app is rooted at; undefined for an app the container's command line and environment configure alone. */
  readonly ini: SourceFile | undefined;
  /** What starts it and why it is linked, as `--verbose` says it. */
  readonly link: string;
  readonly container: Container | undefined;
  /** The compose file whose service runs it, when one does. */
  readonly composeFile: SourceFile | undefined;
  /** The Dockerfile beside the ini (or above it), read for WORKDIR, ENV, ENTRYPOINT/CMD and COPY. */
  readonly dockerfile: Dockerfile | undefined;
  /** The uWSGI command line found in the container or the image, if any. */
  readonly command: UwsgiCommand | undefined;
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

/** Every setting of an option (any of its aliases), in the order uWSGI applies them. */
function settingsOf(app: Pick<UwsgiApp, "settings">, name: string): UwsgiSetting[] {
  return app.settings.filter((setting) => setting.option?.names.includes(name));
}

/** Whether a boolean option ends up on, judged on its clean value. */
export function flagOn(app: Pick<UwsgiApp, "settings">, name: string): boolean {
  const setting = lastSetting(app, name);
  return setting !== undefined && isTrue(setting.clean);
}

/**
 * A container path as messages show it: as is for an app a container or image starts; for an ini
 * linted in its own directory (whose "container" paths are the repository's), relative to the
 * working directory, like file paths in the report.
 */
export function shownPath(app: UwsgiApp, path: string): string {
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
          socket.port === undefined || socket.loopback ? [] : [{ container: app.container!, port: socket.port, name: undefined, origin: "server" as const, appProtocol: socket.protocol, at: socket.setting.at }],
        )
      : [],
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
          reason: `the Flask app in ${module.file.file.path} serves static files from it`,
          related: { at: folder.site, message: "static_folder of the Flask app" },
        }];
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Linking inis to what starts them (CLI.md: config `apps`; else a container command naming the
// ini by basename; else exactly one ini and one container running uWSGI; else a compose service
// or the nearest image whose command names it).

/** What starts an app: the container or image, its argv, and why it is linked to the ini. */
interface Runner {
  readonly container: Container | undefined;
  /** The compose service that runs it, when one does. */
  readonly compose?: ComposeService;
  readonly dockerfile: Dockerfile | undefined;
  readonly command: UwsgiCommand | undefined;
  readonly reason: string;
  /** From config `apps`: the container directory holding the ini. */
  readonly root: string | undefined;
}

export function buildUwsgiModel(
  files: readonly SourceFile[], k8s: K8sModel, settings: ResolvedSettings, host: ProjectHost, dockerfiles: DockerfileFinder, services: readonly ComposeService[],
): UwsgiModel {
  const inis = files.filter((file) => file.language === "uwsgi");
  const notes: string[] = [];
  const containers = allContainers(k8s).filter((container) => container.group === "containers");
  const appless = new Map(containers.flatMap((container) => {
    const command = applessCommand(container, dockerfiles);
    return command ? [[container, command] as const] : [];
  }));
  const links = linkInis(inis, containers, settings, dockerfiles, appless, notes);
  const apps: UwsgiApp[] = [];
  for (const ini of inis) {
    const runners = links.get(ini) ?? nonEmpty(composeRunners(ini, services, dockerfiles)) ?? [standaloneRunner(ini, dockerfiles)];
    for (const runner of runners) apps.push(buildApp(ini, runner, host));
  }
  // An unlinked ini that another app reads through `ini =` is part of that app, not an app of its own.
  const reads = (app: UwsgiApp, file: SourceFile | undefined) => app.configs.slice(1).some((config) => config.file === file);
  const kept = apps.filter((app) => app.container || !apps.some((other) => other !== app && reads(other, app.ini) && !reads(app, other.ini)));
  // A container linked to an ini is taken at its word (config apps may link one whose command names no ini).
  const linked = new Set([...links.values()].flat().map((runner) => runner.container));
  const unlinked = containers.filter((container) => !linked.has(container) && !appless.has(container));
  kept.push(...unlinked.flatMap((container) => commandApp(container, dockerfiles, host)));
  for (const app of kept) notes.push(`${app.ini ? `${app.ini.path}: ` : ""}${app.link}; uWSGI starts in ${shownPath(app, app.startDir)}`);
  return { apps: kept, appless: [...appless].filter(([container]) => !linked.has(container)).map(([container, command]) => ({ container, command })), notes };
}

/**
 * The app of a container whose uWSGI command line and `UWSGI_*` environment load no config file
 * and name an app (`uwsgi --http-socket :9090 --module app:application`): checked as an ini's app is.
 */
function commandApp(container: Container, dockerfiles: DockerfileFinder, host: ProjectHost): UwsgiApp[] {
  const runner = containerRunner(container, dockerfiles.ofContainer(container), "", undefined);
  const options = [...(runner.command?.options ?? []), ...environmentSettings(runner)];
  if (!runner.command || options.some(loadsConfig)) return [];
  const app = buildCommandApp({ ...runner, container }, host);
  // One whose command uWSGI rejects is kept too, for the rejection to be reported.
  return app.entries.length > 0 || runner.command.problems.length > 0 ? [app] : [];
}

/**
 * The uWSGI command of a container that gives it whole (its own `command`, every word literal, no
 * `UWSGI_*` variable in it or in the image nearest its manifest, no `envFrom`) and loads no config
 * file, names no app and starts no emperor there: whatever ini lies beside it, uWSGI serves no app.
 */
function applessCommand(container: Container, dockerfiles: DockerfileFinder): UwsgiCommand | undefined {
  if (container.command.length === 0 || takesEnvFrom(container)) return undefined;
  const image = dockerfiles.ofContainer(container);
  if (container.env.some((entry) => entry.name?.startsWith("UWSGI_")) || image?.env.some((entry) => entry.name.startsWith("UWSGI_"))) return undefined;
  const words = ownWords(container);
  if (words.some((word) => knownOnlyAtRunTime(word.text))) return undefined;
  const command = findUwsgiCommand(words);
  if (!command || command.problems.length > 0 || command.positional.length > 0) return undefined;
  // An emperor (`--emperor DIR`) serves the apps of its vassal files.
  const loads = command.options.some((option) => loadsConfig(option) || option.option?.names.some((name) => APP_OPTIONS.includes(name) || name === "emperor"));
  return loads ? undefined : command;
}

function linkInis(
  inis: readonly SourceFile[], containers: readonly Container[], settings: ResolvedSettings, dockerfiles: DockerfileFinder,
  appless: ReadonlyMap<Container, UwsgiCommand>, notes: string[],
): Map<SourceFile, Runner[]> {
  const links = new Map<SourceFile, Runner[]>();
  const linked = new Set<Container>();
  const link = (ini: SourceFile, container: Container, reason: string, root?: string) => {
    links.set(ini, [...(links.get(ini) ?? []), containerRunner(container, dockerfiles.ofContainer(container, ini), reason, root)]);
    linked.add(container);
  };
  for (const app of settings.apps) {
    const ini = inis.find((file) => file.absolutePath === app.ini);
    const container = configuredContainer(containers, app.workload, app.container);
    if (ini && container) link(ini, container, `config apps links it to ${app.workload}${app.container ? ` container ${app.container}` : ""}`, app.root);
    else notes.push(`config apps: ${ini ? `no container matches workload "${app.workload}"${app.container ? ` container "${app.container}"` : ""}` : `${app.ini} is not a linted uWSGI ini`}`);
  }
  const index = new IniIndex(inis);
  for (const container of containers) {
    if (linked.has(container)) continue;
    const names = container.command.length > 0 ? "its command names" : "its args name";
    for (const option of ownCommand(container)?.options.filter((candidate) => candidate.key === "ini") ?? []) {
      const named = configPath(option.value).path;
      const chosen = closestIni(index, named, container.workload.object.file);
      const matches = index.named(posix.basename(named));
      if (chosen) link(chosen, container, `${names} ${posix.basename(named)} (--ini ${option.value})`);
      else if (matches.length > 1) notes.push(`${describeContainer(container)}: ${names} ${named}, which matches ${matches.map((ini) => ini.path).join(", ")}; link one in config apps`);
      else notes.push(`${describeContainer(container)}: ${names} ${named}, which no linted ini is named like (the image may hold it)`);
    }
  }
  const unlinkedInis = inis.filter((ini) => !links.has(ini));
  if (unlinkedInis.length === 1) {
    const [ini] = unlinkedInis as [SourceFile];
    const imageCommand = (container: Container) => {
      const image = dockerfiles.ofContainer(container, ini);
      return image && findUwsgiCommand(imageWords(image));
    };
    // A container that loads another config (`--ini /etc/uwsgi/uwsgi.ini`, baked into the image) does not run this ini.
    const runs = (command: UwsgiCommand | undefined) => command !== undefined && !loadsOtherConfig(command, posix.basename(ini.path));
    const runners = containers.filter(
      (container) => !linked.has(container) && !appless.has(container) && (runs(ownCommand(container)) || (container.command.length === 0 && runs(imageCommand(container)))),
    );
    if (runners.length === 1) link(ini, runners[0]!, "it is the only uWSGI ini and the only container that runs uWSGI");
  }
  return links;
}

/** Whether a command loads a config file that cannot be the ini named `name`. */
function loadsOtherConfig(command: UwsgiCommand, name: string): boolean {
  return command.options.some((option) => loadsConfig(option) && !knownOnlyAtRunTime(option.value) && posix.basename(configPath(option.value).path) !== name);
}

function loadsConfig(option: { readonly option?: UwsgiOptionInfo }): boolean {
  return option.option?.names.some((name) => CONFIG_OPTIONS.includes(name)) ?? false;
}

/** The uWSGI command in the container's own `command` and `args`. */
function ownCommand(container: Container): UwsgiCommand | undefined {
  return findUwsgiCommand(ownWords(container)) ?? argsToEntrypoint(container);
}

/**
 * `args` alone, which Kubernetes passes to the image's ENTRYPOINT, read as uWSGI's arguments
 * when they are uWSGI options that load a config (`args: [--ini, /app/app.ini]` for an image
 * whose ENTRYPOINT is uwsgi).
 */
function argsToEntrypoint(container: Container): UwsgiCommand | undefined {
  const { command: own, args } = containerWords(container);
  if (own.length > 0 || args.length === 0) return undefined;
  // The ENTRYPOINT stands where the first argument is: the place a diagnostic about the program can point.
  const command = parseUwsgiArguments({ text: "uwsgi", at: args[0]!.at }, args);
  const looksLikeUwsgi = command.problems.length === 0 && command.positional.every((word) => word.text.endsWith(".ini"));
  return looksLikeUwsgi && command.options.some(loadsConfig) ? command : undefined;
}

/**
 * The ini a command names among those with its basename: the only one; else the one whose path
 * ends with the relative path written; else the one nearest the manifest (a monorepo's
 * `svc/app.ini` for `svc/deploy.yaml`); else, of those nearest, the one whose directory an
 * absolute path names (`/web/app.ini`: `web/app.ini`). src/model/links.ts mirrors this choice.
 */
function closestIni(index: IniIndex, named: string, manifest: SourceFile): SourceFile | undefined {
  const name = posix.basename(named);
  const matches = index.named(name);
  if (matches.length <= 1) return matches[0];
  // A relative path names directories of the image, which often mirror the repository's; an absolute one (`/app/app.ini`) may not.
  const written = posix.normalize(named).replace(/^(\.\.?\/)+/, "");
  const bySuffix = !posix.isAbsolute(written) && written.includes("/") ? matches.filter((ini) => `/${ini.path}`.endsWith(`/${written}`)) : [];
  if (bySuffix.length === 1) return bySuffix[0];
  const nearest = index.nearest(name, manifest);
  if (nearest.length === 1) return nearest[0];
  if (!posix.isAbsolute(written)) return undefined;
  const directory = posix.basename(posix.dirname(written));
  const inNamedDirectory = nearest.filter((ini) => posix.basename(posix.dirname(ini.path)) === directory);
  return inNamedDirectory.length === 1 ? inNamedDirectory[0] : undefined;
}

function configuredContainer(containers: readonly Container[], workload: string, name: string | undefined): Container | undefined {
  const [namespace, workloadName] = workload.includes("/") ? workload.split("/", 2) : [undefined, workload];
  const candidates = containers.filter(
    (container) => container.workload.object.name === workloadName && (namespace === undefined || container.workload.object.namespace === namespace),
  );
  return name === undefined ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((container) => container.name === name);
}

/** The container's `command` and `args` as words, in the order the container runs them. */
function ownWords(container: Container): Word[] {
  const { command, args } = containerWords(container);
  return [...command, ...args];
}

function containerRunner(container: Container, image: Dockerfile | undefined, reason: string, root: string | undefined): Runner {
  // Kubernetes: `command` replaces the image ENTRYPOINT (and drops its CMD); `args` alone replace CMD.
  const { command, args } = containerWords(container);
  const entrypoint = command.length > 0 ? command : (image?.entrypoint?.words ?? []);
  const cmd = command.length > 0 || args.length > 0 ? args : (image?.cmd?.words ?? []);
  return { container, dockerfile: image, command: findUwsgiCommand([...entrypoint, ...cmd]) ?? argsToEntrypoint(container), reason, root };
}

/**
 * Compose services beside or above the ini whose own `entrypoint`/`command` run uWSGI with it (RULES.md:
 * a compose service is read for its command, so the loading rules see its arguments).
 */
function composeRunners(ini: SourceFile, services: readonly ComposeService[], dockerfiles: DockerfileFinder): Runner[] {
  if (!ini.absolutePath) return [];
  const iniPath = ini.absolutePath;
  return services.flatMap((service) => {
    const composeDir = posix.dirname(service.file.absolutePath ?? "");
    if ((!service.entrypoint && !service.command) || !iniPath.startsWith(`${composeDir}/`)) return [];
    const image = service.dockerfile ? dockerfiles.at(service.dockerfile) : dockerfiles.near(ini);
    const command = findUwsgiCommand(runWords(service.entrypoint, service.command, image));
    const option = command?.options.find((candidate) => candidate.key === "ini" && posix.basename(configPath(candidate.value).path) === posix.basename(ini.path));
    if (!option) return [];
    return [{ container: undefined, compose: service, dockerfile: image, command, reason: `its command names ${posix.basename(ini.path)} (--ini ${option.value})`, root: undefined }];
  });
}

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined;
}

function standaloneRunner(ini: SourceFile, dockerfiles: DockerfileFinder): Runner {
  const image = dockerfiles.near(ini);
  const command = image && findUwsgiCommand(imageWords(image));
  const namesIni = command?.options.some((option) => option.key === "ini" && posix.basename(configPath(option.value).path) === posix.basename(ini.path));
  return image && namesIni
    ? { container: undefined, dockerfile: image, command, reason: `its ENTRYPOINT/CMD names ${posix.basename(ini.path)}`, root: undefined }
    : { container: undefined, dockerfile: undefined, command: undefined, reason: "no container or Dockerfile starts it", root: undefined };
}

/** How an app is started and why, as `--verbose` says it. */
function describeLink(runner: Runner, ini: SourceFile | undefined): string {
  if (!ini) return `${describeContainer(runner.container!)}: runs uWSGI configured by its command line and environment alone`;
  if (runner.container) return `linked to ${describeContainer(runner.container)}: ${runner.reason}`;
  if (runner.compose) return `started by compose service ${runner.compose.name} (${runner.compose.file.path}): ${runner.reason}`;
  if (runner.command) return `started by ${runner.dockerfile!.file.path}: ${runner.reason}`;
  return `not linked: ${runner.reason}; linted as \`uwsgi --ini ${posix.basename(ini.path)}\` run in its own directory`;
}

// ---------------------------------------------------------------------------------------------
// Building one app.

/** `file.ini:section` (uWSGI splits at the last colon). */
function configPath(value: string): { readonly path: string; readonly section: string } {
  const colon = value.lastIndexOf(":");
  return colon === -1 || /^[a-z]+:\/\//.test(value) ? { path: value, section: "" } : { path: value.slice(0, colon), section: value.slice(colon + 1) };
}

interface RawSetting {
  readonly key: string;
  readonly option: UwsgiOptionInfo | undefined;
  readonly text: string;
  /** For an ini value a trailing `%` joined to the next line: the text before that line. */
  readonly beforeJoin?: string;
  readonly origin: SettingOrigin;
  readonly keyAt: Site;
  readonly at: Site;
  readonly line: IniLine | undefined;
  readonly dynamic: boolean;
}

interface AppBuilder {
  readonly host: ProjectHost;
  readonly startDir: string;
  readonly paths: PathMap;
  readonly raw: RawSetting[];
  readonly configs: LoadedConfig[];
  readonly unread: UnreadConfig[];
  /** The configs (file and section) being read, outermost first: an include chain. */
  readonly loading: { readonly file: SourceFile; readonly section: string }[];
}

function buildApp(ini: SourceFile, runner: Runner, host: ProjectHost): UwsgiApp {
  const iniRepoDir = posix.dirname(ini.absolutePath ?? posix.resolve(ini.path));
  const iniOption = runner.command?.options.find((option) => option.key === "ini" && posix.basename(configPath(option.value).path) === posix.basename(ini.path));
  const startDir = startDirectory(runner, iniRepoDir, iniOption);
  const iniContainerPath = runner.root !== undefined
    ? posix.join(runner.root, posix.basename(ini.path))
    : iniOption ? posix.resolve(startDir, configPath(iniOption.value).path) : runner.container || runner.dockerfile ? posix.join(startDir, posix.basename(ini.path)) : ini.absolutePath ?? ini.path;
  // An ini linted in its own directory runs in no container: its paths are the repository's.
  const ownPaths = runner.container || runner.compose || runner.dockerfile ? [] : [{ container: "/", repo: "/" }];
  const paths = runnerPaths(runner, host, [iniDirectoryPair(iniContainerPath, iniRepoDir), ...ownPaths]);
  const builder: AppBuilder = { host, startDir, paths, raw: environmentSettings(runner), configs: [], unread: [], loading: [] };
  if (!iniOption) loadConfig(builder, ini, posix.basename(ini.path), iniContainerPath, "", 0);
  return assembleApp(builder, runner, { file: ini, repoDir: iniRepoDir });
}

/** An app the container's command line and `UWSGI_*` environment configure alone, with no config file. */
function buildCommandApp(runner: Runner & { readonly container: Container }, host: ProjectHost): UwsgiApp {
  const startDir = startDirectory(runner, "/", undefined);
  const builder: AppBuilder = { host, startDir, paths: runnerPaths(runner, host), raw: environmentSettings(runner), configs: [], unread: [], loading: [] };
  return assembleApp(builder, runner, undefined);
}

/** The app from the environment settings and the ini already read: the command line applied in order, then what it loads. */
function assembleApp(builder: AppBuilder, runner: Runner, ini: { readonly file: SourceFile; readonly repoDir: string } | undefined): UwsgiApp {
  const { host, startDir, paths } = builder;
  const environment = environmentOf(runner);
  for (const option of runner.command?.options ?? []) {
    // `$(NAME)` is uWSGI's own, expanded with the ini's placeholders; `$NAME` in `sh -c "uwsgi …"` is the shell's.
    builder.raw.push({ key: option.key, option: option.option, text: option.value, origin: "command", keyAt: option.keyAt, at: option.valueAt, line: undefined, dynamic: hasShellExpansion(option.value) });
    if (option.key === "ini") includeConfig(builder, option.value, option.valueAt, 0);
  }
  const settings = resolvePlaceholders(builder.raw, environment);
  // `env = NAME=value` sets a variable before Python starts: PYTHONPATH, and what the app reads.
  for (const setting of settingsOf({ settings }, "env")) {
    const equals = setting.clean.indexOf("=");
    if (equals > 0) environment.set(setting.clean.slice(0, equals), setting.dynamic ? undefined : setting.clean.slice(equals + 1));
  }
  const chdirGuess = ini && unknownImageChdir(runner, settings, startDir, paths, host);
  const app = {
    ini: ini?.file, startDir, environment, settings,
    paths: chdirGuess ? pathMap([{ container: chdirGuess, repo: ini!.repoDir, guessed: true as const }, ...paths.pairs], paths.mounts) : paths,
    link: `${describeLink(runner, ini?.file)}${chdirGuess ? `; no Dockerfile shows its image, so chdir ${chdirGuess} is taken to hold what the ini's directory holds` : ""}`,
    container: runner.container,
    composeFile: runner.compose?.file,
    dockerfile: runner.dockerfile,
    command: runner.command,
    configs: builder.configs,
    unreadConfigs: builder.unread,
  };
  const workingDir = workingDirectory(app, host);
  const searchPath = searchDirectories(app, workingDir);
  const placeholders = new Set(settings.flatMap((setting) => [...setting.raw.matchAll(/%\(([^)]+)\)/g)].map((match) => match[1]!)));
  return {
    ...app, workingDir, searchPath, placeholders,
    entries: appEntries(app, workingDir, searchPath, host),
    sockets: socketsOf(app),
    lost: lostOptions(builder.configs, settings, placeholders),
  };
}

/**
 * The ini's directory in the container and in the repository, widened over the directories whose
 * names match on both sides: `/app/conf/app.ini` for `svc/conf/app.ini` maps `/app` to `svc`, as
 * an image that copies `svc` whole has it. No wider, and never `/`: nothing says what else the image holds.
 */
function iniDirectoryPair(iniContainerPath: string, iniRepoDir: string): PathPair {
  let container = posix.dirname(iniContainerPath);
  let repo = iniRepoDir;
  while (posix.dirname(container) !== "/" && posix.basename(container) === posix.basename(repo) && repo !== posix.dirname(repo)) {
    container = posix.dirname(container);
    repo = posix.dirname(repo);
  }
  return { container, repo };
}

/** The directory uWSGI starts in: `workingDir`, else the image's WORKDIR, else the ini's own directory. */
function startDirectory(runner: Runner, iniRepoDir: string, iniOption: CommandOption | undefined): string {
  return afterCd(directoryBeforeCd(runner, iniRepoDir, iniOption), runner.command?.cd ?? []);
}

/** Where the process starts, before a `cd` in its script. */
function directoryBeforeCd(runner: Runner, iniRepoDir: string, iniOption: CommandOption | undefined): string {
  const configured = configuredDirectory(runner);
  if (configured !== undefined) return posix.resolve("/", configured);
  if (runner.root !== undefined) return runner.root;
  const named = iniOption && configPath(iniOption.value).path;
  if (named && posix.isAbsolute(named)) return posix.dirname(named);
  return runner.container || runner.dockerfile ? "/" : iniRepoDir;
}

/**
 * A container whose image is not in the tree (no Dockerfile) shows only where it keeps its ini.
 * An absolute `chdir` that the ini's location does not explain most likely holds the code the
 * ini loads, which sits beside the ini in the repository: the directory to map it to, rather
 * than report a directory nobody can see as missing.
 */
function unknownImageChdir(runner: Runner, settings: readonly UwsgiSetting[], startDir: string, paths: PathMap, host: ProjectHost): string | undefined {
  const chdir = lastSetting({ settings }, "chdir");
  if (!runner.container || runner.dockerfile || !chdir || chdir.dynamic || !posix.isAbsolute(chdir.clean)) return undefined;
  const target = posix.resolve(startDir, chdir.clean);
  const location = locate(paths, target);
  return target === "/" || location.volume || (location.repoPath !== undefined && host.kind(location.repoPath) === "directory") ? undefined : target;
}

function environmentOf(runner: Runner): Map<string, string | undefined> {
  return new Map([...processEnvironment(runner)].map(([name, entry]) => [name, entry.value]));
}

/** `UWSGI_<OPTION>` variables of the process's environment: uWSGI applies them as options before the command line. */
function environmentSettings(runner: Runner): RawSetting[] {
  return [...processEnvironment(runner)].flatMap(([name, entry]) =>
    name.startsWith("UWSGI_") ? [envSetting(name, entry.value ?? "", entry.at, entry.entryAt, entry.value === undefined)] : [],
  );
}

/**
 * An option as it is written where `origin` says: `key = value` in an ini, `--key value` on the
 * command line (`--key` for a flag turned on), `UWSGI_KEY=value` in the environment (envSetting's inverse).
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

/** Where an option spelt for `origin` is added, for a hint: `--need-app to the uwsgi command`. */
export function addedWhere(origin: SettingOrigin, key: string, value: string): string {
  return `${spellOption(origin, key, value)}${{ ini: "", command: " to the uwsgi command", env: " to the container's env" }[origin]}`;
}

function envSetting(name: string, value: string, at: Site, keyAt: Site, dynamic: boolean): RawSetting {
  const key = name.slice("UWSGI_".length).toLowerCase().replaceAll("_", "-");
  return { key, option: uwsgiOption(key), text: value, origin: "env", keyAt, at, line: undefined, dynamic };
}

/** Reads an ini (`--ini`, `ini =`) in place; a missing one is recorded (uWSGI exits 1: `realpath() … failed`). */
function includeConfig(builder: AppBuilder, value: string, at: Site, depth: number): void {
  const { path, section } = configPath(value);
  const lastFile = builder.configs.at(-1);
  const containerPath = path === "" && lastFile ? containerPathOf(builder, lastFile.file) : posix.resolve(builder.startDir, path);
  const location = locate(builder.paths, containerPath);
  const file = location.repoPath && !location.volume ? builder.host.readFile(location.repoPath, "uwsgi") : undefined;
  if (!file) {
    const missing = !location.volume && location.repoPath !== undefined && builder.host.kind(location.repoPath) === "absent";
    builder.unread.push({ path, containerPath, at, missing });
    return;
  }
  // An ini that includes itself, directly or not, would make uWSGI recurse without end: read each once per chain.
  if (depth > 8 || builder.loading.some((config) => config.file === file && config.section === (section || "uwsgi"))) return;
  loadConfig(builder, file, path || lastFile!.file.path, containerPath, section, depth);
}

function containerPathOf(builder: AppBuilder, file: SourceFile): string {
  const pair = builder.paths.pairs.find((candidate) => file.absolutePath && isUnder(file.absolutePath, candidate.repo));
  return pair && file.absolutePath ? posix.join(pair.container, posix.relative(pair.repo, file.absolutePath)) : file.path;
}

function loadConfig(builder: AppBuilder, file: SourceFile, given: string, containerPath: string, asked: string, depth: number): void {
  const section = asked || "uwsgi";
  const document = parseIni(file, magicTable({ given, absolute: containerPath, section: asked, startDir: builder.startDir }));
  const entries = sectionEntries(document, section);
  builder.configs.push({ file, document, section, sectionFound: entries.length > 0 });
  builder.loading.push({ file, section });
  for (const line of entries) {
    const key = line.key!;
    const value = line.value!;
    const setting: RawSetting = {
      key: key.text, option: uwsgiOption(key.text), text: value.text, origin: "ini",
      ...(value.beforeJoin === undefined ? {} : { beforeJoin: value.beforeJoin }),
      keyAt: { file, start: key.start, end: key.end },
      at: { file, start: value.start, end: value.end },
      line, dynamic: key.dynamic || value.dynamic,
    };
    builder.raw.push(setting);
    if (setting.key === "ini") includeConfig(builder, value.text, setting.at, depth + 1);
  }
  builder.loading.pop();
}

/**
 * uWSGI's placeholder passes over every option: `$(VAR)` from the environment (left as written
 * when unset), then `%(name)` from the first option or placeholder of that name (left as written
 * when none). Clean values take the clean values of what they reference.
 */
/** What an ini value's placeholders may expand to at most. */
const MAX_EXPANDED = 64 * 1024;

function resolvePlaceholders(raw: readonly RawSetting[], environment: ReadonlyMap<string, string | undefined>): UwsgiSetting[] {
  const first = new Map<string, RawSetting>();
  for (const setting of raw) if (!first.has(setting.key)) first.set(setting.key, setting);
  // A placeholder is not expanded inside itself, and an expansion that outgrows MAX_EXPANDED
  // (`%(b)` ten times in a, `%(c)` ten times in b, …) is left as written, as run-time dynamic.
  const expand = (text: string, clean: boolean, expanding: ReadonlySet<string>): { text: string; dynamic: boolean } => {
    let dynamic = false;
    let length = 0;
    const withEnv = text.replace(/\$\(([^)]+)\)/g, (whole, name: string) => {
      const value = environment.get(name);
      if (value === undefined) dynamic = true;
      return value ?? whole;
    }).replace(/@\([^)]+\)/g, (whole) => {
      dynamic = true;
      return whole;
    });
    const result = withEnv.replace(/%\(([^)]+)\)/g, (whole, name: string) => {
      const target = first.get(name);
      if (!target || expanding.has(name) || expanding.size > 8 || length > MAX_EXPANDED) return whole;
      const inner = expand(clean ? cleanText(target) : target.text, clean, new Set([...expanding, name]));
      length += inner.text.length;
      if (length > MAX_EXPANDED) {
        dynamic = true;
        return whole;
      }
      dynamic ||= inner.dynamic || target.dynamic;
      return inner.text;
    });
    return { text: result, dynamic };
  };
  return raw.map((setting) => {
    const value = expand(setting.text, false, new Set());
    const clean = expand(cleanText(setting), true, new Set());
    return {
      key: setting.key, option: setting.option, origin: setting.origin, keyAt: setting.keyAt, at: setting.at, line: setting.line,
      raw: setting.text,
      value: value.text,
      clean: clean.text,
      blemishes: setting.origin === "ini" ? valueBlemishes(setting.key, setting.text) : undefined,
      dynamic: setting.dynamic || value.dynamic,
    };
  });
}

function cleanText(setting: RawSetting): string {
  return setting.origin === "ini" ? valueBlemishes(setting.key, setting.beforeJoin ?? setting.text).clean : setting.text;
}

type AppCore = Pick<UwsgiApp, "settings" | "startDir" | "paths" | "environment">;

function workingDirectory(app: AppCore, host: ProjectHost): UwsgiApp["workingDir"] {
  const chdir = lastSetting(app, "chdir");
  const location = locate(app.paths, chdir ? posix.resolve(app.startDir, chdir.clean) : app.startDir);
  const missing = chdir !== undefined && !chdir.dynamic && !location.volume && location.repoPath !== undefined && host.kind(location.repoPath) === "absent";
  return { ...location, setting: chdir, missing };
}

/** Where Python looks for the app module: `pythonpath` entries, the working directory, PYTHONPATH. */
function searchDirectories(app: AppCore, workingDir: Location): SearchDirectory[] {
  const pythonpath = settingsOf(app, "pythonpath")
    .reverse()
    .map((setting) => ({ ...locate(app.paths, posix.resolve(workingDir.containerPath, setting.clean)), setting, origin: `${setting.key} = ${setting.clean}` }));
  const fromEnv = (app.environment.get("PYTHONPATH") ?? "")
    .split(":")
    .filter((entry) => entry !== "")
    .map((entry) => ({ ...locate(app.paths, posix.resolve(workingDir.containerPath, entry)), setting: undefined, origin: `PYTHONPATH entry ${entry}` }));
  return [...pythonpath, { ...workingDir, setting: undefined, origin: "the working directory" }, ...fromEnv];
}

function appEntries(app: AppCore, workingDir: Location, searchPath: readonly SearchDirectory[], host: ProjectHost): AppEntry[] {
  const callableSetting = lastSetting(app, "callable");
  const fromCallable = (): CallableRef =>
    callableSetting
      ? { ...callableName(callableSetting.clean), from: "callable", setting: callableSetting }
      : { ...callableName("application"), from: "default", setting: undefined };
  const resolver = (name: string, directories: readonly Location[]) => {
    const resolution = resolveModule(name, directories, host);
    return resolution.status === "found" ? resolution : undefined;
  };
  const withCode = (entry: Omit<AppEntry, "code">): AppEntry => ({
    ...entry,
    code: entry.resolution.status === "found" ? appCode(entry.resolution, entry.callable, searchPath, resolver) : undefined,
  });
  // `chdir = $(APP_HOME)`: a directory known only at run time may hold what the others miss.
  const runTimeDirectory = [lastSetting(app, "chdir"), ...searchPath.map((directory) => directory.setting)].find((setting) => setting?.dynamic);
  const resolved = (setting: UwsgiSetting, resolve: () => ModuleResolution): ModuleResolution => {
    if (setting.dynamic) return unverifiable("run-time", `${setting.key} depends on the run-time environment`);
    const resolution = resolve();
    return resolution.status === "missing" && runTimeDirectory ? unverifiable("run-time", `${runTimeDirectory.key} = ${runTimeDirectory.clean} depends on the run-time environment`) : resolution;
  };
  const moduleEntry = (setting: UwsgiSetting, value: string, mountpoint: string): AppEntry => {
    const { module, callable } = splitModuleValue(value);
    return withCode({
      kind: "module", mountpoint, setting, target: module,
      callable: callable === undefined ? fromCallable() : { ...callableName(callable), from: "module", setting },
      resolution: resolved(setting, () => resolveModule(module, searchPath, host)),
    });
  };
  // A file is loaded and its callable taken as named: `create_app()` is looked up by that literal name.
  const fileCallable = (): CallableRef => {
    const callable = fromCallable();
    return callable.call === "call" ? { ...callable, call: "call-with-arguments" } : callable;
  };
  const fileEntry = (setting: UwsgiSetting, path: string, mountpoint: string): AppEntry => withCode({
    kind: "file", mountpoint, setting, target: path, callable: fileCallable(),
    resolution: resolved(setting, () => resolveFile(path, app, workingDir, host)),
  });
  const entries: AppEntry[] = [];
  const module = lastSetting(app, "module");
  const moduleApp = module && moduleEntry(module, module.clean, "");
  if (moduleApp) entries.push(moduleApp);
  // uWSGI loads `module` first; a wsgi-file for the same (default) mount point is then skipped
  // ("mountpoint already configured. skip."), whatever their order in the ini.
  const file = lastSetting(app, "wsgi-file");
  if (file && moduleApp?.resolution.status !== "found") entries.push(fileEntry(file, file.clean, ""));
  for (const other of [lastSetting(app, "eval"), lastSetting(app, "paste")]) {
    if (other) entries.push({ kind: "other", mountpoint: "", setting: other, target: other.clean, callable: fromCallable(), resolution: unverifiable("not-checked", "not checked"), code: undefined });
  }
  for (const mount of settingsOf(app, "mount")) {
    const parts = splitMountValue(mount.clean);
    if (parts) entries.push(parts.isFile ? fileEntry(mount, parts.app, parts.mountpoint) : moduleEntry(mount, parts.app, parts.mountpoint));
  }
  return entries;
}

function resolveFile(path: string, app: AppCore, workingDir: Location, host: ProjectHost): ModuleResolution {
  const location = locate(app.paths, posix.resolve(workingDir.containerPath, path));
  const unseen = unseenLocation(location, host);
  if (unseen === "unreadable" || (!unseen && host.kind(location.repoPath!) === "file")) {
    const file = host.readFile(location.repoPath!, "python");
    return file ? { status: "found", file: { file, containerPath: location.containerPath }, packages: [], inPackage: false, isPackage: false } : unseenFile(path, location, "unreadable");
  }
  if (unseen) return unseenFile(path, location, unseen);
  return location.guessed ? unseenFile(path, location, "guessed") : { status: "missing", message: `failed to open python file ${path}` };
}

const SOCKET_PROTOCOLS: ReadonlyMap<string, "http" | "uwsgi" | "default"> = new Map([
  ["http-socket", "http"], ["http11-socket", "http"], ["https-socket", "http"], ["http", "http"], ["https", "http"],
  ["socket", "default"], ["uwsgi-socket", "uwsgi"],
]);
/** Options whose value is `address,certificate,key[,…]`. */
const TLS_SOCKETS = new Set(["https-socket", "https"]);

function socketsOf(app: AppCore): UwsgiSocket[] {
  const protocol = lastSetting(app, "protocol")?.clean;
  return app.settings.flatMap((setting) => {
    const kind = setting.option && SOCKET_PROTOCOLS.get(setting.option.name);
    if (!kind) return [];
    const speaks = kind === "default" ? (protocol === "http" ? "http" : "uwsgi") : kind;
    const address = TLS_SOCKETS.has(setting.option!.name) ? setting.clean.split(",")[0]! : setting.clean;
    const port = socketPort(address);
    return [{ setting, address, port, protocol: speaks, loopback: port !== undefined && isLoopbackHost(socketHost(address)) }];
  });
}

/** The lines of an app's configs that were meant as options but are not applied as such. */
function lostOptions(configs: readonly LoadedConfig[], settings: readonly UwsgiSetting[], placeholders: ReadonlySet<string>): LostOption[] {
  const lost: LostOption[] = [];
  const seen = new Set<SourceFile>();
  for (const { file, document, section } of configs) {
    if (seen.has(file)) continue;
    seen.add(file);
    const at = (line: IniLine): Site => ({ file, start: line.start, end: line.end });
    let lostSection = false;
    for (const line of document.lines) {
      if (line.kind === "section" || headerMistake(document, line, section)) {
        lostSection = line.section === "" || headerMistake(document, line, section) !== undefined;
        continue;
      }
      if (line.kind === "entry" && (lostSection || line.section === "")) lost.push({ intended: optionMeant(line.key!.text), at: at(line), why: "outside-section" });
      for (const join of line.joins) {
        const next = file.text.slice(join + 1, file.text.indexOf("\n", join + 1) === -1 ? undefined : file.text.indexOf("\n", join + 1));
        const key = /^\s*([^=#;\s][^=]*?)\s*=/.exec(next)?.[1];
        if (key) lost.push({ intended: key, at: at(line), why: "joined" });
      }
    }
  }
  for (const setting of settings) {
    if (setting.origin !== "ini" || setting.option || !setting.line) continue;
    if (!setting.line.hasEquals && /[:\s]/.test(setting.key)) lost.push({ intended: optionMeant(setting.key), at: setting.keyAt, why: "colon" });
    else if (!placeholders.has(setting.key) && closestOption(setting.key)) lost.push({ intended: closestOption(setting.key)!, at: setting.keyAt, why: "typo" });
  }
  return lost;
}

/** The option a written key means: `module` for `module: app:app`. */
function optionMeant(key: string): string {
  return key.split(/[:\s]/, 1)[0]!;
}
