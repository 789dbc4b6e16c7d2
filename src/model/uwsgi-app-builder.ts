// Building one uWSGI app: the options uWSGI ends up with, in the order it applies them
// (docs/uwsgi-behaviour.md: UWSGI_* environment first, then the command line in order with each
// `--ini` and `--include` read in place, `ini =` and `include =` in place, bare `*.ini` arguments,
// then the `inherit` configs; `%(name)` placeholders from the first occurrence), each with the
// place it was written; the directory uWSGI starts in and the `chdir`/`pythonpath` directories,
// mapped to the repository; the apps it loads and the Python modules they resolve to.
import { posix } from "node:path";
import type { ProjectHost, Site, SourceFile } from "../engine/types.js";
import { afterCd, hasShellExpansion } from "../languages/shell/words.js";
import type { CommandOption } from "../languages/uwsgi/command.js";
import { headerMistake, isIniTemplate, magicTable, parseIni, sectionEntries, type IniLine } from "../languages/uwsgi/ini.js";
import { closestOption, uwsgiOption, type UwsgiOptionInfo } from "../languages/uwsgi/options.js";
import { callableName, configLoad, configPath, mountedApp, socketHost, socketPort, splitModuleValue, splitMountValue, valueBlemishes } from "../languages/uwsgi/values.js";
import type { Exclusion } from "./dockerignore.js";
import { excludedFromImage, writerOf } from "./image-files.js";
import { imageHost, locate, pathMap, runnerPaths, unseenAt, type Location, type PathMap, type PathPair } from "./container-paths.js";
import { configuredDirectory, processEnvironment, withAssignments, type EnvValue } from "./container-process.js";
import { isUnder } from "./k8s.js";
import { isLoopbackHost } from "./network.js";
import { installedDirectories } from "./installed-packages.js";
import { builtFile, resolveModule, unseenFile, unseenLocation, unverifiable, type ModuleResolution } from "./python-import.js";
import { lastSetting, logicBlocks, settingsOf, shownPath, type AppEntry, type CallableRef, type ConfigOption, type LoadedConfig, type LostOption, type SearchDirectory, type SettingOrigin, type UnreadConfig, type UwsgiApp, type UwsgiSetting, type UwsgiSocket } from "./uwsgi-apps.js";
import { appCode } from "./uwsgi-code.js";
import { describeLink, namesIni, type Runner } from "./uwsgi-runners.js";

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
  readonly loading: ConfigChain;
  /** The `inherit` configs met so far, which uWSGI reads after all the others, in turn. */
  readonly inherited: { readonly by: ConfigOption; readonly depth: number; readonly chain: ConfigChain }[];
}

type ConfigChain = { readonly file: SourceFile; readonly section: string }[];

export function buildApp(ini: SourceFile, runner: Runner, repository: ProjectHost): UwsgiApp {
  const host = imageHost(runner, repository);
  const iniRepoDir = posix.dirname(ini.absolutePath ?? posix.resolve(ini.path));
  const iniOption = runner.command?.options.find((option) => configLoad(option.key, option.value) === "ini" && namesIni(configPath(option.value).path, ini, runner, repository));
  const startDir = startDirectory(runner, iniRepoDir, iniOption);
  const written = writerOf(ini);
  const iniContainerPath = written
    ? written.container
    : runner.root !== undefined
      ? posix.join(runner.root, posix.basename(ini.path))
      : iniOption ? posix.resolve(startDir, configPath(iniOption.value).path) : runner.container || runner.dockerfile ? posix.join(startDir, posix.basename(ini.path)) : ini.absolutePath ?? ini.path;
  // An ini linted in its own directory runs in no container: its paths are the repository's.
  const ownPaths = runner.container || runner.compose || runner.dockerfile ? [] : [{ container: "/", repo: "/" }];
  // A written ini's directory in the image holds what the image's COPYs put there, not what the Dockerfile's directory holds.
  const iniPair = written ? [] : [iniDirectoryPair(iniContainerPath, iniRepoDir)];
  const paths = runnerPaths(runner, repository, [...iniPair, ...ownPaths]);
  const builder: AppBuilder = { host, startDir, paths, raw: environmentSettings(runner), configs: [], unread: [], loading: [], inherited: [] };
  if (!iniOption) loadConfig(builder, ini, posix.basename(iniContainerPath), iniContainerPath, "", 0, undefined);
  return assembleApp(builder, runner, { file: ini, repoDir: iniRepoDir });
}

/** An app the command line and `UWSGI_*` environment of a container, compose service or image configure alone, with no config file. */
export function buildCommandApp(runner: Runner, repository: ProjectHost): UwsgiApp {
  const startDir = startDirectory(runner, "/", undefined);
  const host = imageHost(runner, repository);
  const builder: AppBuilder = { host, startDir, paths: runnerPaths(runner, repository), raw: environmentSettings(runner), configs: [], unread: [], loading: [], inherited: [] };
  return assembleApp(builder, runner, undefined);
}

/** The app from the environment settings and the ini already read: the command line applied in order, then what it loads. */
function assembleApp(builder: AppBuilder, runner: Runner, ini: { readonly file: SourceFile; readonly repoDir: string } | undefined): UwsgiApp {
  const { host, startDir, paths } = builder;
  const environment = environmentOf(runner);
  for (const option of runner.command?.options ?? []) {
    // `$(NAME)` is uWSGI's own, expanded with the ini's placeholders; `$NAME` in `sh -c "uwsgi …"` is the shell's.
    builder.raw.push({ key: option.key, option: option.option, text: option.value, origin: "command", keyAt: option.keyAt, at: option.valueAt, line: undefined, dynamic: hasShellExpansion(option.value) });
    followConfig(builder, { key: option.key, value: option.value, at: option.valueAt, origin: "command" }, 0, hasShellExpansion(option.value));
  }
  readInherited(builder);
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
    compose: runner.compose,
    dockerfile: runner.dockerfile,
    command: runner.command,
    baseImage: runner.baseImage,
    configs: builder.configs,
    unreadConfigs: builder.unread,
  };
  const workingDir = workingDirectory(app, host);
  const searchPath = searchDirectories(app, workingDir, host);
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
  return new Map([...uwsgiEnvironment(runner)].map(([name, entry]) => [name, entry.value]));
}

/** The environment uWSGI starts with: the runner's, then the `export`s of the start script that runs it. */
function uwsgiEnvironment(runner: Runner): Map<string, EnvValue> {
  return withAssignments(processEnvironment(runner), runner.command?.script?.env ?? new Map());
}

/** `UWSGI_<OPTION>` variables of the process's environment: uWSGI applies them as options before the command line. */
export function environmentSettings(runner: Runner): RawSetting[] {
  return [...uwsgiEnvironment(runner)].flatMap(([name, entry]) =>
    name.startsWith("UWSGI_") ? [envSetting(name, entry.value ?? "", entry.at, entry.entryAt, entry.value === undefined)] : [],
  );
}

function envSetting(name: string, value: string, at: Site, keyAt: Site, dynamic: boolean): RawSetting {
  const key = name.slice("UWSGI_".length).toLowerCase().replaceAll("_", "-");
  return { key, option: uwsgiOption(key), text: value, origin: "env", keyAt, at, line: undefined, dynamic };
}

/** How many configs one app reads, includes included. */
const MAX_CONFIGS = 256;

/** Reads an ini (`--ini`, `ini =`) in place; a missing one is recorded (uWSGI exits 1: `realpath() … failed`). */
function includeConfig(builder: AppBuilder, by: ConfigOption, depth: number): void {
  const { path, section } = configPath(by.value);
  const lastFile = builder.configs.at(-1);
  const containerPath = path === "" && lastFile ? containerPathOf(builder, lastFile.file) : posix.resolve(builder.startDir, path);
  const location = locate(builder.paths, containerPath);
  const file = location.repoPath && !location.volume ? builder.host.readFile(location.repoPath, "uwsgi") : undefined;
  if (!file) {
    builder.unread.push({ path, containerPath, by, missing: isAbsent(builder, location), ...excludedConfig(builder, location) });
    return;
  }
  // Discovery skips a template ini; included, its options are still only what its renderer will make of them.
  if (isIniTemplate(file.text)) {
    builder.unread.push({ path, containerPath, by, missing: false });
    return;
  }
  // An ini that includes itself, directly or not, makes uWSGI recurse without end (and crash): read each once per chain.
  if (builder.loading.some((config) => config.file === file && config.section === (section || "uwsgi"))) {
    builder.unread.push({ path, containerPath, by, missing: false, loop: true });
    return;
  }
  if (depth > 8) return;
  // Inis that each include the next several times are read that many times over, level after level, as uWSGI reads them:
  // past MAX_CONFIGS the rest is left unread, and what the app's options are is then not known for sure.
  if (builder.configs.length >= MAX_CONFIGS) {
    builder.unread.push({ path, containerPath, by, missing: false });
    return;
  }
  loadConfig(builder, file, path || lastFile!.file.path, containerPath, section, depth, by);
}

function isAbsent(builder: AppBuilder, location: Location): boolean {
  return !location.volume && location.repoPath !== undefined && builder.host.kind(location.repoPath) === "absent" && !unseenAt(location.paths, location.containerPath);
}

/** The .dockerignore line that keeps a config out of the image, for an ini the repository has. */
function excludedConfig(builder: AppBuilder, location: Location): { excluded?: Exclusion } {
  const excluded = !location.volume && location.repoPath !== undefined ? excludedFromImage(builder.host, location.repoPath) : undefined;
  return excluded ? { excluded } : {};
}

/**
 * A config nw-lint does not read: a YAML, JSON or XML one, which uWSGI reads when it exists, or a
 * name `include` or `inherit` refuses. A name known only at run time may be any of them.
 */
function unreadableConfig(builder: AppBuilder, by: ConfigOption, refused: boolean, dynamic: boolean): UnreadConfig {
  const containerPath = posix.resolve(builder.startDir, by.value);
  if (dynamic) return { path: by.value, containerPath, by, missing: false };
  if (refused) return { path: by.value, containerPath, by, missing: false, refused: true };
  const location = locate(builder.paths, containerPath);
  return { path: by.value, containerPath, by, missing: isAbsent(builder, location), ...excludedConfig(builder, location) };
}

function containerPathOf(builder: AppBuilder, file: SourceFile): string {
  const pair = builder.paths.pairs.find((candidate) => file.absolutePath && isUnder(file.absolutePath, candidate.repo));
  return pair && file.absolutePath ? posix.join(pair.container, posix.relative(pair.repo, file.absolutePath)) : file.path;
}

function loadConfig(builder: AppBuilder, file: SourceFile, given: string, containerPath: string, asked: string, depth: number, by: ConfigOption | undefined): void {
  const section = asked || "uwsgi";
  const document = parseIni(file, magicTable({ given, absolute: containerPath, section: asked, startDir: builder.startDir }));
  const entries = sectionEntries(document, section);
  builder.configs.push({ file, document, section, sectionFound: entries.length > 0, by });
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
    // `set = ini=base.ini` sets the option it names, which reads the config as `ini = base.ini` does.
    const named = setOption(setting) ?? setting;
    builder.raw.push(named);
    if (named.option) followConfig(builder, { key: named.key, value: named.text, at: named.at, origin: "ini" }, depth + 1, named.dynamic);
  }
  builder.loading.pop();
}

/**
 * Reads the config an option names as uWSGI does: `ini` and `include` at once, in place; `inherit`
 * only once every other config is read (it is no immediate option), so its options come after all
 * of theirs and override them. One it cannot read as an ini is recorded.
 */
function followConfig(builder: AppBuilder, by: ConfigOption, depth: number, dynamic: boolean): void {
  const load = configLoad(by.key, by.value);
  if (load === "ini" && by.key === "inherit") builder.inherited.push({ by, depth, chain: [...builder.loading] });
  else if (load === "ini") includeConfig(builder, by, depth);
  else if (load) builder.unread.push(unreadableConfig(builder, by, load === "refused", dynamic));
  else if (by.key === "ini" && !dynamic) readOtherFormatAsIni(builder, by, depth);
}

/**
 * `ini = base.yaml` (`.json`, `.xml`): `ini` reads any file as an ini, and finds no [uwsgi]
 * section in a YAML one (`*** WARNING: Can't find section "uwsgi" in INI configuration file
 * base.yaml ***`), so it loads none of its options; one that does have the section is read as the ini it is.
 */
function readOtherFormatAsIni(builder: AppBuilder, by: ConfigOption, depth: number): void {
  const { path, section } = configPath(by.value);
  const containerPath = posix.resolve(builder.startDir, path);
  const location = locate(builder.paths, containerPath);
  const file = location.repoPath && !location.volume ? builder.host.readFile(location.repoPath, "uwsgi") : undefined;
  if (file?.text.split("\n").some((line) => line.trim() === `[${section || "uwsgi"}]`)) includeConfig(builder, by, depth);
  else builder.unread.push({ path, containerPath, by, missing: isAbsent(builder, location), ...excludedConfig(builder, location), ...(file ? { readAsIni: true as const } : {}) });
}

/** Reads the `inherit` configs in the order they were met, and those they inherit after them. */
function readInherited(builder: AppBuilder): void {
  for (let next = builder.inherited.shift(); next; next = builder.inherited.shift()) {
    builder.loading.splice(0, builder.loading.length, ...next.chain);
    includeConfig(builder, next.by, next.depth);
  }
  builder.loading.length = 0;
}

/**
 * `set = module=web:app` sets the option it names (a placeholder when no option has that name);
 * `set-placeholder = mod=web` (`set-ph`) only a placeholder, which `%(mod)` expands.
 */
function setOption(setting: RawSetting): RawSetting | undefined {
  const onlyPlaceholder = setting.key === "set-placeholder" || setting.key === "set-ph";
  if (setting.key !== "set" && !onlyPlaceholder) return undefined;
  const equals = setting.text.indexOf("=");
  if (equals <= 0) return undefined;
  const key = setting.text.slice(0, equals).trim();
  const at = { ...setting.at, start: setting.at.start + equals + 1 };
  return { ...setting, key, option: onlyPlaceholder ? undefined : uwsgiOption(key), text: setting.text.slice(equals + 1), keyAt: { ...setting.at, end: setting.at.start + equals }, at, beforeJoin: undefined };
}

/**
 * uWSGI's placeholder passes over every option: `$(VAR)` from the environment (left as written
 * when unset), then `%(name)` from the first option or placeholder of that name (left as written
 * when none). Clean values take the clean values of what they reference.
 */
/** What an ini value's placeholders may expand to at most. */
const MAX_EXPANDED = 64 * 1024;
/** How many placeholders one value may expand, nested ones included: each level may name the one below many times. */
const MAX_EXPANSIONS = 1000;

function resolvePlaceholders(raw: readonly RawSetting[], environment: ReadonlyMap<string, string | undefined>): UwsgiSetting[] {
  const first = new Map<string, RawSetting>();
  for (const setting of raw) if (!first.has(setting.key)) first.set(setting.key, setting);
  // A placeholder is not expanded inside itself, and an expansion that outgrows MAX_EXPANDED or
  // MAX_EXPANSIONS (`%(b)` ten times in a, `%(c)` ten times in b, …) is left as written, as run-time dynamic.
  const expand = (text: string, clean: boolean, expanding: ReadonlySet<string>, budget: { expansions: number }): { text: string; dynamic: boolean } => {
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
      budget.expansions += 1;
      const inner = budget.expansions > MAX_EXPANSIONS ? { text: "", dynamic: true } : expand(clean ? cleanText(target) : target.text, clean, new Set([...expanding, name]), budget);
      length += inner.text.length;
      if (length > MAX_EXPANDED || budget.expansions > MAX_EXPANSIONS) {
        dynamic = true;
        return whole;
      }
      dynamic ||= inner.dynamic || target.dynamic;
      return inner.text;
    });
    return { text: result, dynamic };
  };
  return raw.map((setting) => {
    const value = expand(setting.text, false, new Set(), { expansions: 0 });
    const clean = expand(cleanText(setting), true, new Set(), { expansions: 0 });
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
/** The ini and what starts it. */
type AppRunner = Pick<UwsgiApp, "ini" | "container" | "compose" | "dockerfile" | "command">;

function workingDirectory(app: AppCore, host: ProjectHost): UwsgiApp["workingDir"] {
  const chdir = lastSetting(app, "chdir");
  const location = locate(app.paths, chdir ? posix.resolve(app.startDir, chdir.clean) : app.startDir);
  const missing = chdir !== undefined && !chdir.dynamic && !location.volume && location.repoPath !== undefined && host.kind(location.repoPath) === "absent" && !unseenAt(app.paths, location.containerPath);
  return { ...location, setting: chdir, missing };
}

/** Where Python looks for the app module: `pythonpath` entries, the working directory, PYTHONPATH, then what the image pip-installs. */
function searchDirectories(app: AppCore & Pick<UwsgiApp, "dockerfile">, workingDir: Location, host: ProjectHost): SearchDirectory[] {
  const pythonpath = settingsOf(app, "pythonpath")
    .reverse()
    .map((setting) => ({ ...locate(app.paths, posix.resolve(workingDir.containerPath, setting.clean)), setting, origin: `${setting.key} = ${setting.clean}` }));
  const fromEnv = (app.environment.get("PYTHONPATH") ?? "")
    .split(":")
    .filter((entry) => entry !== "")
    .map((entry) => ({ ...locate(app.paths, posix.resolve(workingDir.containerPath, entry)), setting: undefined, origin: `PYTHONPATH entry ${entry}` }));
  const searched = [...pythonpath, { ...workingDir, setting: undefined, origin: "the working directory" }, ...fromEnv];
  const installed = installedDirectories(app.dockerfile, app.paths, host, searched).map((directory) => ({ ...directory, setting: undefined, origin: `installed by ${directory.installedBy}` }));
  return [...searched, ...installed];
}

/**
 * An ini nothing in the tree starts is taken to run beside itself. A module or file missing there
 * but found from a directory above it (an image's WORKDIR, where an entrypoint script nw-lint does
 * not follow runs `uwsgi --ini conf/app.ini`) may well be what uWSGI loads: that cannot be
 * verified, which is not the same as missing.
 */
function foundFromAbove(app: AppRunner, resolution: ModuleResolution, missed: string, foundIn: (directory: string) => boolean, host: ProjectHost): ModuleResolution {
  const iniPath = app.ini?.absolutePath;
  if (resolution.status !== "missing" || app.container || app.compose || app.dockerfile || app.command || !iniPath) return resolution;
  for (let dir = posix.dirname(posix.dirname(iniPath)); host.kind(dir) === "directory"; dir = posix.dirname(dir)) {
    if (foundIn(dir)) return unverifiable("guessed", `nothing in the tree shows where uWSGI starts: it cannot ${missed} beside the ini, but can from ${shownPath(app, dir)}`);
    if (dir === posix.dirname(dir)) break;
  }
  return resolution;
}

/**
 * Modules in `sys.modules` before uWSGI imports the app: its own `uwsgi`, and the standard modules
 * Python's start-up and uWSGI's Python plugin import (listed by an app that printed `sys.modules`
 * under uWSGI 2.0.21).
 */
const UWSGI_PRELOADED: ReadonlySet<string> = new Set(["uwsgi", "abc", "builtins", "codecs", "encodings", "genericpath", "io", "marshal", "os", "posix", "posixpath", "site", "stat", "sys", "time", "zipimport"]);

/**
 * `module = site` imports the module already in `sys.modules`, never a `site.py`, and finds no app
 * in it (`callable not found or import error`, exit 22 with need-app).
 */
function withoutPreloadedModule(module: string, resolution: ModuleResolution): ModuleResolution {
  const top = module.split(".")[0]!;
  if (!UWSGI_PRELOADED.has(top)) return resolution;
  const [outermost] = resolution.status === "found" ? resolution.packages : [];
  const hides = outermost ? `${posix.dirname(outermost.file.path)}/` : resolution.status === "found" ? resolution.file?.file.path : undefined;
  return { status: "missing", message: `${top} is already imported`, builtin: { module: top, hides } };
}

function appEntries(app: AppCore & AppRunner, workingDir: Location, searchPath: readonly SearchDirectory[], host: ProjectHost): AppEntry[] {
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
  // `pythonpath = libs/*`, or one set in a loop (`for-glob = …` … `endfor`): uWSGI adds each directory the glob matches, or each item's.
  const blocks = logicBlocks(app);
  const loop = (setting: UwsgiSetting) => {
    const opening = blocks.get(setting);
    return opening?.option?.name.startsWith("for") ? opening : undefined;
  };
  const expanded = searchPath.map((directory) => directory.setting).find((setting) => setting !== undefined && (/[*?[]/.test(setting.clean) || loop(setting)));
  const resolved = (setting: UwsgiSetting, resolve: () => ModuleResolution): ModuleResolution => {
    if (setting.dynamic) return unverifiable("run-time", `${setting.key} depends on the run-time environment`);
    const resolution = resolve();
    if (resolution.status === "missing" && runTimeDirectory) return unverifiable("run-time", `${runTimeDirectory.key} = ${runTimeDirectory.clean} depends on the run-time environment`);
    const inLoop = expanded && loop(expanded);
    // A loop's directories are its items' (`%(_)`), which nw-lint cannot see: they, not the path as written, are why it cannot tell.
    if (resolution.status === "missing" || (inLoop && resolution.status === "unverifiable")) {
      if (inLoop) return unverifiable("not-checked", `${expanded!.key} = ${expanded!.clean} is set once for each item of ${inLoop.key} = ${inLoop.clean}, which nw-lint does not expand`);
      if (expanded) return unverifiable("not-checked", `${expanded.key} = ${expanded.clean} is a glob: uWSGI adds each directory it matches, which nw-lint does not list`);
    }
    return resolution;
  };
  const moduleEntry = (setting: UwsgiSetting, value: string, mountpoint: string): AppEntry => {
    const { module, callable } = splitModuleValue(value);
    return withCode({
      kind: "module", mountpoint, setting, target: module,
      callable: callable === undefined ? fromCallable() : { ...callableName(callable), from: "module", setting },
      resolution: resolved(setting, () => {
        const inDirectory = (dir: string) => resolveModule(module, [{ containerPath: dir, repoPath: dir, volume: undefined }], host).status === "found";
        return withoutPreloadedModule(module, foundFromAbove(app, resolveModule(module, searchPath, host), `import ${module}`, inDirectory, host));
      }),
    });
  };
  // A file is loaded and its callable taken as named: `create_app()` is looked up by that literal name.
  const fileCallable = (): CallableRef => {
    const callable = fromCallable();
    return callable.call === "call" ? { ...callable, call: "call-with-arguments" } : callable;
  };
  const fileEntry = (setting: UwsgiSetting, path: string, mountpoint: string): AppEntry => withCode({
    kind: "file", mountpoint, setting, target: path, callable: fileCallable(),
    resolution: resolved(setting, () => {
      const inDirectory = (dir: string) => !posix.isAbsolute(path) && host.kind(posix.join(dir, path)) === "file";
      return foundFromAbove(app, resolveFile(path, app, workingDir, host), `open ${path}`, inDirectory, host);
    }),
  });
  const entries: AppEntry[] = [];
  const module = lastSetting(app, "module");
  const moduleApp = module && moduleEntry(module, module.clean, "");
  if (moduleApp) entries.push(moduleApp);
  // uWSGI loads `module` first; a wsgi-file for the same (default) mount point is then skipped
  // ("mountpoint already configured. skip."), whatever their order in the ini.
  const file = lastSetting(app, "wsgi-file");
  if (file && moduleApp?.resolution.status !== "found") entries.push(fileEntry(file, file.clean, ""));
  const unchecked = (setting: UwsgiSetting, target: string, mountpoint: string, refused?: AppEntry["refused"]): AppEntry => ({
    kind: "other", mountpoint, setting, target, callable: fromCallable(), resolution: unverifiable("not-checked", "not checked"), code: undefined, ...(refused ? { refused } : {}),
  });
  // uWSGI loads nothing from it; a bare module or a file is still read, for a hint that names the app it binds.
  const refusedMount = (setting: UwsgiSetting, target: string, mountpoint: string, refused: NonNullable<AppEntry["refused"]>): AppEntry => {
    const loads = mountedApp(target);
    const read = loads === "refused" ? moduleEntry : loads === "file" ? fileEntry : undefined;
    const lookup = read?.(setting, target, mountpoint).code?.callable;
    return { ...unchecked(setting, target, mountpoint, refused), ...(lookup ? { refusedLookup: lookup } : {}) };
  };
  for (const other of [lastSetting(app, "eval"), lastSetting(app, "paste")]) {
    if (other) entries.push(unchecked(other, other.clean, ""));
  }
  for (const mount of settingsOf(app, "mount")) {
    const parts = splitMountValue(mount.clean);
    if (!parts) entries.push(refusedMount(mount, mount.clean, "", "no-mountpoint"));
    else if (parts.loads === "file") entries.push(fileEntry(mount, parts.app, parts.mountpoint));
    else if (parts.loads === "module") entries.push(moduleEntry(mount, parts.app, parts.mountpoint));
    else if (parts.loads === "refused") entries.push(refusedMount(mount, parts.app, parts.mountpoint, "not-an-app"));
    else entries.push(unchecked(mount, parts.app, parts.mountpoint));
  }
  return entries;
}

function resolveFile(path: string, app: AppCore, workingDir: Location, host: ProjectHost): ModuleResolution {
  const target = locate(app.paths, posix.resolve(workingDir.containerPath, path));
  // A directory is loaded from its __init__.py, not imported as a package: its relative imports fail (`No module named 'uwsgi_file_rel.views'`).
  const isDirectory = !unseenLocation(target, host) && host.kind(target.repoPath!) === "directory";
  const location = isDirectory ? locate(app.paths, posix.join(target.containerPath, "__init__.py")) : target;
  const unseen = unseenLocation(location, host);
  if (unseen === "unreadable" || (!unseen && host.kind(location.repoPath!) === "file")) {
    const file = host.readFile(location.repoPath!, "python");
    return file ? { status: "found", file: { file, containerPath: location.containerPath }, packages: [], inPackage: false, isPackage: false } : unseenFile(path, location, "unreadable");
  }
  if (unseen) return unseenFile(path, location, unseen);
  if (location.guessed) return unseenFile(path, location, "guessed");
  const built = unseenAt(app.paths, location.containerPath);
  if (built) return builtFile(location.containerPath, built);
  const excluded = excludedFromImage(host, location.repoPath!);
  return {
    status: "missing",
    message: isDirectory ? `${path} is a directory with no __init__.py: open("${posix.join(path, "__init__.py")}") fails` : `failed to open python file ${path}`,
    ...(excluded ? { excluded: { containerPath: location.containerPath, by: excluded } } : {}),
  };
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
    const { file } = setting.keyAt;
    if (CONFLICT_MARKER.test(file.text.slice(setting.line.start, setting.line.end))) lost.push({ intended: "", at: { file, start: setting.line.start, end: setting.line.end }, why: "conflict" });
    else if (!setting.line.hasEquals && /[:\s]/.test(setting.key)) lost.push({ intended: optionMeant(setting.key), at: setting.keyAt, why: "colon" });
    else if (!placeholders.has(setting.key) && closestOption(setting.key)) lost.push({ intended: closestOption(setting.key)!, at: setting.keyAt, why: "typo" });
  }
  return lost;
}

/** A line git writes around the two sides of a conflict it could not merge (`<<<<<<< HEAD`, `=======`, `>>>>>>> topic`). */
const CONFLICT_MARKER = /^(?:<{7}|\|{7}|={7}|>{7})(?:[ \t]|$)/;

/** The option a written key means: `module` for `module: app:app`. */
function optionMeant(key: string): string {
  return key.split(/[:\s]/, 1)[0]!;
}
