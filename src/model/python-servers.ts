// The Python servers other than uWSGI (docs/gunicorn-behaviour.md): gunicorn, uvicorn, the flask
// CLI and `python app.py`, wherever a command starts them — a Kubernetes container (`command`/
// `args`, else its image's ENTRYPOINT/CMD), a compose service, or a Dockerfile on its own. Each
// becomes a ServerApp: where it starts, how container paths map to the repository, the options in
// force (command line over GUNICORN_CMD_ARGS over the config file), the app reference resolved
// exactly as that server resolves it, the addresses it binds, and how Flask's debugger is set.
import { posix } from "node:path";
import { createSourceFile, fileLabel } from "../engine/source.js";
import type { ProjectHost, Site, SourceFile } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import { parseDockerfile, type Dockerfile } from "../languages/dockerfile/parse.js";
import { readGunicornConfig, type ConfigValue, type GunicornConfigFile } from "../languages/gunicorn/config-file.js";
import { FLASK_GROUP_OPTIONS, FLASK_RUN_OPTIONS, GUNICORN_OPTIONS, UVICORN_OPTIONS } from "../languages/gunicorn/options.js";
import { debugFlagOn, flaskAppsBuiltBy } from "../languages/python/flask.js";
import { literalValue } from "../languages/python/literals.js";
import { analyzePythonModule, type Binding, type PythonModule } from "../languages/python/module.js";
import { callArguments, childNodes, pythonTree, statementsIn } from "../languages/python/syntax.js";
import { lastOption, parseArguments, type ParsedArguments, type ParsedOption } from "../languages/shell/arguments.js";
import { findServerLaunch, type PythonServer, type ServerLaunch } from "../languages/shell/launch.js";
import { afterCd, knownOnlyAtRunTime, scriptWords, type Word } from "../languages/shell/words.js";
import { findUwsgiCommand } from "../languages/uwsgi/command.js";
import { runWords, type DockerfileFinder } from "./dockerfiles.js";
import { followStartScript } from "./start-scripts.js";
import { allContainers, type Container, type K8sModel } from "./k8s.js";
import { isLoopbackHost, type Listener } from "./network.js";
import { imageHost, locate, runnerPaths, unseenAt, type Location, type PathMap } from "./container-paths.js";
import { configuredDirectory, containerWords, describeContainer, processEnvironment, withAssignments, type EnvValue } from "./container-process.js";
import { installedDirectories } from "./installed-packages.js";
import { resolveModule, type ModuleResolution } from "./python-import.js";
import { takesEnvFrom } from "./uwsgi-apps.js";
import { appCode, python2Unchecked, type AppCode, type LookedUpName, type ModuleResolver } from "./uwsgi-code.js";

export interface ServerModel {
  readonly apps: readonly ServerApp[];
  /** How each command was found and linked, for `--verbose`. */
  readonly notes: readonly string[];
}

/** What starts the server: a container, a compose service, or an image run on its own. */
export interface ServerRunner {
  readonly container: Container | undefined;
  readonly compose: ComposeService | undefined;
  readonly dockerfile: Dockerfile | undefined;
  /** As `--verbose` and messages name it. */
  readonly description: string;
}

/** A setting in force and where it was given. */
export interface ServerSetting {
  readonly value: string;
  readonly at: Site;
  readonly origin: "command" | "GUNICORN_CMD_ARGS" | "config" | "env";
  /** Computed in a config file or from the environment at run time: not known to the linter. */
  readonly dynamic: boolean;
}

/** Why the server cannot even get to importing the module. */
export type ReferenceProblem =
  /** gunicorn: no APP_MODULE and no `wsgi_app` (`Error: No application module specified.`). */
  | { readonly kind: "no-app" }
  /** uvicorn: no `:` (`Import string "main" must be in format "<module>:<attribute>".`). */
  | { readonly kind: "no-attribute" }
  /** gunicorn: the part after `:` is neither a name nor a call (`app.wsgi_app`). */
  | { readonly kind: "not-a-name"; readonly error: string }
  /**
   * gunicorn: an option the parser rejects (it exits 2 before loading anything); `unexpanded`, the
   * `$NAME` in it that no shell expanded, when that is why.
   */
  | { readonly kind: "bad-option"; readonly error: string; readonly at: Site; readonly unexpanded?: string }
  /** gunicorn `-c FILE` that does not exist. */
  | { readonly kind: "config-missing"; readonly error: string; readonly path: string; readonly at: Site };

export interface AppReference {
  /** As written (`app:create_app()`), and where. */
  readonly text: string;
  readonly at: Site;
  readonly from: "command" | "config";
  readonly module: string;
  /** The name looked up and how it is called, when the reference parses. */
  readonly app: LookedUpName | undefined;
  /** uvicorn: the attribute path after the first name (`api.app` looks up `api`, then `.app`). */
  readonly dotted: boolean;
}

export type ModuleLookup =
  | ModuleResolution
  /** A module gunicorn has already imported (`site`): the project's file of that name is never read. */
  | { readonly status: "shadowed"; readonly message: string };

export interface Bind {
  readonly host: string;
  /** Undefined for a UNIX socket or a port the linter cannot know. */
  readonly port: number | undefined;
  readonly at: Site;
  /** Not written anywhere: the server's default (gunicorn 127.0.0.1:8000, uvicorn 127.0.0.1:8000, flask 127.0.0.1:5000). */
  readonly isDefault: boolean;
  /** Only reachable from inside the container. */
  readonly loopback: boolean;
}

/** How Flask's development server runs, when it runs. */
export interface DevServer {
  /** The `flask run` command, or the `app.run(...)` call `python app.py` reaches. */
  readonly at: Site;
  readonly how: string;
  /** The interactive debugger is on, and what turned it on. */
  readonly debugger: { readonly at: Site; readonly by: string } | undefined;
}

export interface ServerApp {
  readonly server: PythonServer;
  readonly launch: ServerLaunch;
  readonly runner: ServerRunner;
  /** Absolute container path the server starts in. */
  readonly startDir: string;
  readonly environment: ReadonlyMap<string, EnvValue>;
  readonly options: ParsedArguments;
  /** gunicorn's config file, when it reads one. */
  readonly configFile: GunicornConfigFile | undefined;
  /** A `gunicorn.conf.py` in the `--chdir` directory, which gunicorn does not read (it looks in the start directory). */
  readonly ignoredConfig: SourceFile | undefined;
  readonly reference: AppReference | undefined;
  readonly problem: ReferenceProblem | undefined;
  /** The directory the module is imported from first (`--chdir`, `--app-dir`, else the start directory). */
  readonly workingDir: Location;
  /** The directories the server imports from, in the order Python searches them (its own, then what the image installs). */
  readonly searchPath: readonly Location[];
  readonly resolution: ModuleLookup | undefined;
  /** What importing the module runs and what the server finds under the name (uwsgi-code.ts), when the module was found. */
  readonly code: AppCode | undefined;
  /** The module `python app.py` / `python -m app` runs as `__main__`. */
  readonly script: PythonModule | undefined;
  /** uvicorn serving a Flask (WSGI) app as ASGI. */
  readonly wsgiAsAsgi: boolean;
  /** gunicorn's WSGI worker serving an ASGI app (FastAPI's): the framework, and the worker class (`sync` by default). */
  readonly asgiAsWsgi?: { readonly framework: string; readonly worker: string };
  readonly binds: readonly Bind[];
  readonly devServer: DevServer | undefined;
}

/** docs/gunicorn-behaviour.md: modules a sync worker has imported before it loads the app. */
const GUNICORN_PRELOADED = new Set(
  ("abc argparse array ast atexit base64 binascii bisect builtins bz2 calendar codecs collections configparser contextlib copy copyreg csv "
    + "dataclasses datetime dis email encodings enum errno fcntl fnmatch functools genericpath gettext grp gunicorn heapq html importlib "
    + "inspect io ipaddress itertools keyword linecache locale logging lzma marshal math ntpath opcode operator os pathlib pickle "
    + "pkg_resources pkgutil platform plistlib posix posixpath pprint pwd pyexpat queue quopri random re reprlib select selectors shlex "
    + "shutil signal site sitecustomize socket socketserver ssl stat string struct subprocess sys sysconfig tempfile textwrap threading "
    + "time token tokenize traceback types typing urllib warnings weakref xml zipfile zipimport zlib").split(" "),
);

const DEFAULT_ADDRESS: Readonly<Record<PythonServer, { host: string; port: number }>> = {
  gunicorn: { host: "127.0.0.1", port: 8000 },
  uvicorn: { host: "127.0.0.1", port: 8000 },
  flask: { host: "127.0.0.1", port: 5000 },
  python: { host: "127.0.0.1", port: 5000 },
};

export function buildServerModel(
  files: readonly SourceFile[], k8s: K8sModel, host: ProjectHost, images: DockerfileFinder, services: readonly ComposeService[],
): ServerModel {
  const notes: string[] = [];
  const apps: ServerApp[] = [];
  const usedDockerfiles = new Set<SourceFile>();
  for (const container of allContainers(k8s).filter((candidate) => candidate.group === "containers")) {
    const { command, args } = containerWords(container);
    const image = images.ofContainer(container);
    const words = runWords(command.length > 0 ? command : undefined, command.length > 0 || args.length > 0 ? args : undefined, image);
    const runner: ServerRunner = { container, compose: undefined, dockerfile: image, description: describeContainer(container) };
    const app = appOf(words, runner, host, notes);
    if (app) {
      apps.push(app);
      if (image && container.command.length === 0 && container.args.length === 0) usedDockerfiles.add(image.file);
    }
  }
  for (const service of services) {
    const image = service.dockerfile ? images.at(service.dockerfile) : undefined;
    if (image) usedDockerfiles.add(image.file);
    const runner: ServerRunner = { container: undefined, compose: service, dockerfile: image, description: `compose service ${service.name} (${service.file.path})` };
    const app = appOf(runWords(service.entrypoint, service.command, image), runner, host, notes);
    if (app) apps.push(app);
  }
  for (const file of files.filter((candidate) => candidate.language === "dockerfile" && !usedDockerfiles.has(candidate))) {
    const image = (file.absolutePath ? images.at(file.absolutePath) : undefined) ?? parseDockerfile(file);
    const runner: ServerRunner = { container: undefined, compose: undefined, dockerfile: image, description: `the image of ${file.path}` };
    const app = appOf(runWords(undefined, undefined, image), runner, host, notes);
    if (app) apps.push(app);
  }
  return { apps, notes };
}

function appOf(words: readonly Word[], runner: ServerRunner, host: ProjectHost, notes: string[]): ServerApp | undefined {
  const launch = launchOf(words, runner, host);
  if (!launch) return undefined;
  const app = buildApp(launch, runner, host);
  if (!app) return app;
  // An app module where nw-lint cannot look (a Dockerfile beside no manifest, a volume), or that Python 2 runs, goes unchecked, in silence but for this note.
  const reference = app.reference?.text ?? "the app";
  const unchecked = app.resolution?.status === "unverifiable" ? `; ${reference} is not checked: ${app.resolution.message}` : python2Unchecked(reference, app.code, runner.dockerfile);
  const script = launch.program.at.file.language === "shell" ? ` ${fileLabel(launch.program.at.file)}, which runs` : "";
  notes.push(`${runner.description}: runs${script} ${launch.server === "python" ? `python ${launch.program.text}` : launch.server}; it starts in ${app.startDir}${unchecked}`);
  return app;
}

/**
 * The server the runner's words start, when it is no uWSGI: the one the start script they run
 * ends in when nw-lint can follow it (src/model/start-scripts.ts), after the script's `cd`s and
 * `export`s; else the one in the words.
 */
function launchOf(words: readonly Word[], runner: ServerRunner, host: ProjectHost): ServerLaunch | undefined {
  const script = words.length > 0 ? followStartScript(words, runner, host) : undefined;
  const started = script?.words ?? words;
  if (started.length === 0 || findUwsgiCommand(started)) return undefined;
  const launch = findServerLaunch(started);
  if (!launch || !script) return launch;
  return { ...launch, cd: [...script.cd, ...launch.cd], env: new Map([...script.env, ...launch.env]), shell: true, script };
}

// ---------------------------------------------------------------------------------------------
// Building one app.

/** The runner's environment, with the variables the command line sets before the server (`env NAME=value`, `NAME=value server`). */
function environmentOf(runner: ServerRunner, launch: ServerLaunch): Map<string, EnvValue> {
  return withAssignments(processEnvironment(runner), launch.env);
}

function startDirectory(runner: ServerRunner, launch: ServerLaunch): string {
  return afterCd(posix.resolve("/", configuredDirectory(runner) ?? "/"), launch.cd);
}

function buildApp(launch: ServerLaunch, runner: ServerRunner, repository: ProjectHost): ServerApp | undefined {
  const startDir = startDirectory(runner, launch);
  const environment = environmentOf(runner, launch);
  const paths = runnerPaths(runner, repository);
  const host = imageHost(runner, repository);
  const base = { server: launch.server, launch, runner, startDir, environment };
  switch (launch.server) {
    case "gunicorn":
      return gunicornApp(base, paths, host);
    case "uvicorn":
      return uvicornApp(base, paths, host);
    case "flask":
      return flaskApp(base, paths);
    case "python":
      return pythonApp(base, paths, host);
  }
}

type Base = Pick<ServerApp, "server" | "launch" | "runner" | "startDir" | "environment">;

const NOTHING = {
  configFile: undefined, ignoredConfig: undefined, reference: undefined, problem: undefined, resolution: undefined, code: undefined, script: undefined,
  wsgiAsAsgi: false, devServer: undefined,
} satisfies Partial<ServerApp>;

function gunicornApp(base: Base, paths: PathMap, host: ProjectHost): ServerApp {
  const { launch, startDir, environment } = base;
  const options = parseArguments(launch.args, GUNICORN_OPTIONS, "argparse");
  const envArgs = environment.get("GUNICORN_CMD_ARGS");
  const fromEnv = envArgs?.value ? parseArguments(scriptWords(envArgs.value, envArgs.at).filter((word) => !word.separator), GUNICORN_OPTIONS, "argparse") : undefined;
  const configOption = lastOption(options, "config") ?? (fromEnv && lastOption(fromEnv, "config"));
  let problem: ReferenceProblem | undefined = options.problems[0] && { kind: "bad-option", error: options.problems[0].message, at: options.problems[0].at };
  for (const bind of options.options.filter((option) => option.info.setting === "bind")) {
    const value = expandVariables(bind, environment, launch);
    // Without a colon the word is a host, which gunicorn tries to resolve.
    const port = value.includes(":") ? value.slice(value.lastIndexOf(":") + 1) : "";
    if (literalVariable(bind, port, launch)) problem ??= { kind: "bad-option", error: `Error: '${port}' is not a valid port number.`, at: bind.valueAt, unexpanded: port };
  }

  // The config file: `-c PATH` from the start directory, else ./gunicorn.conf.py there (read before --chdir applies).
  // One the linter cannot see (in the image, a `python:` module) may set wsgi_app.
  let configFile: GunicornConfigFile | undefined;
  let configUnseen = configOption?.value.startsWith("python:") ?? false;
  if (!configUnseen) {
    const location = locate(paths, configOption ? posix.resolve(startDir, configOption.value) : posix.join(startDir, "gunicorn.conf.py"));
    const file = readable(location, host);
    const absent = !location.volume && location.repoPath !== undefined && host.kind(location.repoPath) === "absent" && !unseenAt(paths, location.containerPath);
    if (file) configFile = readGunicornConfig(file);
    else if (!absent) configUnseen = true;
    else if (configOption) problem ??= { kind: "config-missing", error: `Error: '${configOption.value}' doesn't exist`, path: configOption.value, at: configOption.valueAt };
  }

  const setting = (name: string): ServerSetting | undefined => {
    // A variable the environment does not give stays as written: known only at run time.
    const given = lastOption(options, name);
    if (given) {
      const value = expandVariables(given, environment, launch);
      return { value, at: given.valueAt, origin: "command", dynamic: knownOnlyAtRunTime(value) };
    }
    const env = fromEnv && lastOption(fromEnv, name);
    if (env) return { value: env.value, at: env.valueAt, origin: "GUNICORN_CMD_ARGS", dynamic: false };
    const configured = configFile?.settings.get(name);
    return configured && configSetting(configured);
  };
  const chdir = setting("chdir");
  const workingDir = locate(paths, chdir && !chdir.dynamic ? posix.resolve(startDir, chdir.value) : startDir);
  const pythonpath = setting("pythonpath");
  const ownPath = uniqueDirectories([
    ...(pythonpath && !pythonpath.dynamic ? gunicornPythonpath(pythonpath.value, workingDir.containerPath, paths) : []),
    workingDir,
    locate(paths, startDir),
    ...pythonPathEntries(environment, paths, startDir),
  ]);
  const searchPath = [...ownPath, ...installedDirectories(base.runner.dockerfile, paths, host, ownPath)];

  const positional = options.positional[0];
  const wsgiApp = configFile?.settings.get("wsgi_app");
  let reference: AppReference | undefined;
  if (positional) reference = gunicornReference(positional.text, positional.at, "command");
  else if (wsgiApp && typeof wsgiApp.value === "string") reference = gunicornReference(wsgiApp.value, wsgiApp.at, "config");
  else if (!wsgiApp && !lastOption(options, "paste") && !configUnseen) problem ??= { kind: "no-app" };
  if (reference && !reference.app && !problem) problem = { kind: "not-a-name", error: referenceError(reference.text) };

  const ignoredConfig = !configFile && !configOption && chdir && !chdir.dynamic && workingDir.containerPath !== startDir
    ? readable(locate(paths, posix.join(workingDir.containerPath, "gunicorn.conf.py")), host)
    : undefined;
  const unknownPlace = (chdir?.dynamic ?? false) || (pythonpath?.dynamic ?? false);
  const loaded = reference?.app && !problem && !unknownPlace ? loadModule(reference.module, reference.app, searchPath, host, GUNICORN_PRELOADED) : undefined;
  // A config the command names but nw-lint cannot read (in the image) may bind anywhere.
  const binds = bindsOf(options, fromEnv, configUnseen && configOption !== undefined ? "unseen" : configFile, environment, launch);
  const lookup = loaded?.code?.callable;
  const worker = setting("worker_class");
  const asgi = lookup?.status === "found" && !configUnseen && !worker?.dynamic && WSGI_WORKERS.has(worker?.value ?? "sync") ? asgiApp(lookup.in.module, lookup.binding.name) : undefined;
  return {
    ...base, ...NOTHING, options, configFile, ignoredConfig, reference, problem, workingDir, searchPath, binds,
    ...(loaded ?? {}),
    ...(asgi ? { asgiAsWsgi: { framework: asgi, worker: worker?.value ?? "sync" } } : {}),
  };
}

/** gunicorn's own worker classes, which call the app as WSGI (docs/gunicorn-behaviour.md); an ASGI app needs uvicorn's. */
const WSGI_WORKERS = new Set(["sync", "gthread", "eventlet", "gevent", "tornado"].flatMap((name) => [name, `egg:gunicorn#${name}`]));

/** The framework of the ASGI app object the binding is, or a factory returns; undefined for a WSGI app or one nw-lint does not know. */
function asgiApp(module: PythonModule, name: string): string | undefined {
  return servedBindings(module, name).find((binding) => binding.asgi)?.framework;
}

/** The top-level binding of the name, and, for a factory, the top-level bindings it returns: what the server may serve. */
function servedBindings(module: PythonModule, name: string): Binding[] {
  const binding = module.topLevel.get(name);
  if (!binding) return [];
  return [binding, ...(binding.def?.returnedNames ?? []).flatMap((returned) => module.topLevel.get(returned) ?? [])];
}

function configSetting(value: ConfigValue): ServerSetting {
  const text = typeof value.value === "string" ? value.value : value.value?.join(",") ?? "";
  return { value: text, at: value.at, origin: "config", dynamic: value.dynamic };
}

function readable(location: Location, host: ProjectHost): SourceFile | undefined {
  if (location.volume || location.repoPath === undefined || host.kind(location.repoPath) !== "file") return undefined;
  return host.readFile(location.repoPath, "python");
}

/**
 * `--pythonpath a,b` as gunicorn's run() applies it, after the chdir: each entry resolved from the
 * --chdir directory and inserted first on sys.path in turn, so the last entry is searched first.
 */
function gunicornPythonpath(value: string, workingDir: string, paths: PathMap): Location[] {
  return value.split(",").filter(Boolean).map((entry) => locate(paths, posix.resolve(workingDir, entry.trim()))).reverse();
}

/** sys.path without repeats: gunicorn inserts a directory only when it is not there yet. */
function uniqueDirectories(directories: readonly Location[]): Location[] {
  const seen = new Set<string>();
  return directories.filter((directory) => !seen.has(directory.containerPath) && seen.add(directory.containerPath));
}

function pythonPathEntries(environment: ReadonlyMap<string, EnvValue>, paths: PathMap, startDir: string): Location[] {
  return (environment.get("PYTHONPATH")?.value ?? "").split(":").filter(Boolean).map((entry) => locate(paths, posix.resolve(startDir, entry)));
}

/** gunicorn's `import_app`: `module[:expression]`, the expression a name or a call of a name with literal arguments. */
function gunicornReference(text: string, at: Site, from: AppReference["from"]): AppReference {
  const colon = text.indexOf(":");
  const module = colon === -1 ? text : text.slice(0, colon);
  const expression = colon === -1 ? "application" : text.slice(colon + 1);
  return { text, at, from, module, app: parseAppExpression(expression), dotted: false };
}

/** `name`, or `name(literal, key=literal)`; undefined for anything else gunicorn refuses. */
function parseAppExpression(expression: string): LookedUpName | undefined {
  if (/^[A-Za-z_]\w*$/.test(expression)) return { text: expression, name: expression, call: "none" };
  const file = createSourceFile("<app>", undefined, expression, "python");
  const statements = statementsIn(pythonTree(file).topNode);
  const call = statements.length === 1 && statements[0]!.name === "ExpressionStatement" ? childNodes(statements[0]!)[0] : undefined;
  if (!call || call.name !== "CallExpression") return undefined;
  const [callee, argList] = childNodes(call);
  if (callee?.name !== "VariableName" || argList?.name !== "ArgList" || call.to !== expression.length) return undefined;
  const args = callArguments(file, argList);
  const literal = (node: Parameters<typeof literalValue>[1]) => literalValue(file, node) !== undefined || ["DictionaryExpression", "SetExpression"].includes(node.name);
  if (args.spread || ![...args.positional, ...args.keywords.values()].every(literal)) return undefined;
  return { text: expression, name: file.text.slice(callee.from, callee.to), call: "call", arguments: { positional: args.positional.length, keywords: [...args.keywords.keys()] } };
}

/** The AppImportError gunicorn prints for an expression it cannot use. */
function referenceError(text: string): string {
  const expression = text.includes(":") ? text.slice(text.indexOf(":") + 1) : "application";
  if (/^[\w.]+\(.*\)$/s.test(expression) && !/^\w+\(/.test(expression)) return `Function reference must be a simple name: '${expression}'`;
  if (/^\w+\(.*\)$/s.test(expression)) return `Failed to parse arguments as literal values: "${expression}"`;
  return `Failed to parse '${expression}' as an attribute name or function call.`;
}

interface Loaded {
  readonly resolution: ModuleLookup;
  readonly code: AppCode | undefined;
}

function loadModule(name: string, app: LookedUpName, searchPath: readonly Location[], host: ProjectHost, preloaded: ReadonlySet<string>): Loaded {
  const top = name.split(".")[0]!;
  if (preloaded.has(top)) {
    return { resolution: { status: "shadowed", message: `'${top}' is a standard module gunicorn has already imported, so Python never reads a project file of that name` }, code: undefined };
  }
  const resolution = resolveModule(name, searchPath, host);
  const resolver: ModuleResolver = (other, directories) => {
    const found = resolveModule(other, directories, host);
    return found.status === "found" ? found : undefined;
  };
  return { resolution, code: resolution.status === "found" ? appCode(resolution, app, searchPath, resolver) : undefined };
}

/**
 * Binds: the command line's `-b` (all of them), else GUNICORN_CMD_ARGS', else the config's (none
 * known when the config is unseen); else 0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000.
 */
function bindsOf(
  options: ParsedArguments, fromEnv: ParsedArguments | undefined, configFile: GunicornConfigFile | "unseen" | undefined,
  environment: ReadonlyMap<string, EnvValue>, launch: ServerLaunch,
): Bind[] {
  const all = (parsed: ParsedArguments | undefined) => parsed?.options.filter((option) => option.info.setting === "bind") ?? [];
  const given: ParsedOption[] = all(options).length > 0 ? all(options) : all(fromEnv);
  if (given.length > 0) return given.flatMap((option) => parseBind(expandVariables(option, environment, launch), option.valueAt, false));
  if (configFile === "unseen") return [];
  const configured = configFile?.settings.get("bind");
  if (configured) {
    if (configured.dynamic) return [];
    const values = typeof configured.value === "string" ? [configured.value] : configured.value ?? [];
    return values.flatMap((value) => parseBind(value, configured.at, false));
  }
  const port = environment.get("PORT");
  if (port?.value !== undefined && /^\d+$/.test(port.value)) return parseBind(`0.0.0.0:${port.value}`, port.at, false);
  return parseBind("127.0.0.1:8000", launch.program.at, true);
}

/**
 * A word of the server's command line as the server gets it, from the known environment:
 * `$(VAR)` in a Kubernetes command (the kubelet's), `$VAR` and `${VAR}` where a shell reads the
 * words or compose interpolates its file. A variable that is not known leaves the text as
 * written, which no port parses; in an exec form (a Dockerfile's JSON CMD, a Kubernetes command
 * list) `$VAR` reaches the server as written.
 */
function expandVariables(option: ParsedOption, environment: ReadonlyMap<string, EnvValue>, launch: ServerLaunch): string {
  const byKubelet = option.valueAt.file.language === "yaml" ? option.value.replace(/\$\((\w+)\)/g, (whole, name: string) => environment.get(name)?.value ?? whole) : option.value;
  if (!namesExpand(option, launch)) return byKubelet;
  return byKubelet.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, braced?: string, bare?: string) => environment.get(braced ?? bare ?? "")?.value ?? whole);
}

const namesExpand = (option: ParsedOption, launch: ServerLaunch): boolean => launch.shell === true || option.valueAt.file.language === "compose";

/** The server gets `$PORT` as written: no shell or compose expands it (an exec form's JSON CMD, a Kubernetes command list). */
function literalVariable(option: ParsedOption, value: string, launch: ServerLaunch): boolean {
  return !namesExpand(option, launch) && /\$\{?[A-Za-z_]/.test(value);
}

/** `HOST:PORT`, `[::]:PORT`, `:PORT`, `HOST` (port 8000), `unix:PATH`, `fd://N`. */
function parseBind(text: string, at: Site, isDefault: boolean): Bind[] {
  if (text.startsWith("unix:") || text.startsWith("fd://")) return [];
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  const [host, port] = bracket ? [bracket[1]!, bracket[2]] : text.includes(":") ? [text.slice(0, text.lastIndexOf(":")), text.slice(text.lastIndexOf(":") + 1)] : [text, "8000"];
  const number = port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined;
  return [{ host, port: number, at, isDefault, loopback: isLoopbackHost(host) }];
}

function uvicornApp(base: Base, paths: PathMap, host: ProjectHost): ServerApp {
  const { launch, startDir, environment } = base;
  const options = parseArguments(launch.args, UVICORN_OPTIONS, "click");
  let problem: ReferenceProblem | undefined = options.problems[0] && { kind: "bad-option", error: options.problems[0].message, at: options.problems[0].at };
  const appDir = lastOption(options, "app_dir");
  const workingDir = locate(paths, posix.resolve(startDir, appDir?.value ?? "."));
  const ownPath = [workingDir, ...(launch.viaPythonM ? [locate(paths, startDir)] : []), ...pythonPathEntries(environment, paths, startDir)];
  const searchPath = [...ownPath, ...installedDirectories(base.runner.dockerfile, paths, host, ownPath)];
  const positional = options.positional[0];
  let reference: AppReference | undefined;
  if (positional) {
    const colon = positional.text.indexOf(":");
    const module = colon === -1 ? positional.text : positional.text.slice(0, colon);
    const attribute = colon === -1 ? "" : positional.text.slice(colon + 1);
    const [name] = attribute.split(".");
    const factory = lastOption(options, "factory")?.value === "true";
    reference = {
      text: positional.text, at: positional.at, from: "command", module,
      app: module && name ? { text: attribute, name, call: factory ? "call" : "none" } : undefined,
      dotted: attribute.includes("."),
    };
    if (!module || !attribute) problem ??= { kind: "no-attribute" };
  } else {
    problem ??= { kind: "bad-option", error: "Error: Missing argument 'APP'.", at: launch.program.at };
  }
  const loaded = reference?.app && !problem ? loadModule(reference.module, reference.app, searchPath, host, new Set()) : undefined;
  const lookup = loaded?.code?.callable;
  const interfaceOption = lastOption(options, "interface")?.value;
  const wsgiAsAsgi = lookup?.status === "found" && interfaceOption !== "wsgi" && servesFlask(lookup.in.module, lookup.binding.name);
  const hostOption = lastOption(options, "host");
  const portOption = lastOption(options, "port");
  const portText = portOption && expandVariables(portOption, environment, launch);
  if (portOption && literalVariable(portOption, portText!, launch)) problem ??= { kind: "bad-option", error: `Error: Invalid value for '--port': '${portText}' is not a valid integer.`, at: portOption.valueAt, unexpanded: portText! };
  const port = portText !== undefined ? Number(portText) : 8000;
  const address = hostOption ? expandVariables(hostOption, environment, launch) : "127.0.0.1";
  const binds: Bind[] = lastOption(options, "uds") || lastOption(options, "fd") ? [] : [{
    host: address, port: Number.isInteger(port) ? port : undefined, at: portOption?.valueAt ?? hostOption?.valueAt ?? launch.program.at,
    isDefault: !portOption && !hostOption, loopback: isLoopbackHost(address),
  }];
  return {
    ...base, ...NOTHING, options, reference, problem, workingDir, searchPath, binds, ...(loaded ?? {}),
    wsgiAsAsgi,
  };
}

/** The binding is the Flask app object, or a factory that builds one or returns one the module binds. */
function servesFlask(module: PythonModule, name: string): boolean {
  const binding = module.topLevel.get(name);
  return servedBindings(module, name).some((served) => served.isFlaskApp) || (binding !== undefined && flaskAppsBuiltBy(module, binding).length > 0);
}

/** `flask [--app X] [--debug] run [--host H] [--port P] [--debug]`, FLASK_APP, FLASK_DEBUG and FLASK_RUN_HOST/PORT. */
function flaskApp(base: Base, paths: PathMap): ServerApp | undefined {
  const { launch, startDir, environment } = base;
  const group = parseArguments(launch.args, FLASK_GROUP_OPTIONS, "click", true);
  const command = group.positional[0];
  if (command?.text !== "run") return undefined;
  const run = parseArguments(group.rest, FLASK_RUN_OPTIONS, "click");
  const debugOption = lastOption(run, "debug") ?? lastOption(group, "debug");
  const debuggerOption = lastOption(run, "debugger");
  const envDebug = environment.get("FLASK_DEBUG");
  const envOn = envDebug?.value !== undefined && debugFlagOn(envDebug.value);
  const debugOn = debugOption ? debugOption.value === "true" : envOn;
  const debuggerOn = debugOn && debuggerOption?.value !== "false";
  const debuggerBy = debugOption ? { at: debugOption.keyAt, by: "--debug" } : envOn ? { at: envDebug!.at, by: `FLASK_DEBUG=${envDebug!.value}` } : undefined;
  const hostValue = lastOption(run, "host")?.value ?? environment.get("FLASK_RUN_HOST")?.value ?? DEFAULT_ADDRESS.flask.host;
  const portOption = lastOption(run, "port");
  const portValue = portOption ? expandVariables(portOption, environment, launch) : environment.get("FLASK_RUN_PORT")?.value;
  const port = portValue === undefined ? DEFAULT_ADDRESS.flask.port : Number(portValue);
  const workingDir = locate(paths, startDir);
  return {
    ...base, ...NOTHING, options: run, workingDir, searchPath: [workingDir],
    binds: [{ host: hostValue, port: Number.isInteger(port) ? port : undefined, at: portOption?.valueAt ?? command.at, isDefault: portValue === undefined, loopback: isLoopbackHost(hostValue) }],
    devServer: { at: command.at, how: "flask run", debugger: debuggerOn ? debuggerBy : undefined },
  };
}

/** `python app.py` (or `python -m app`): the script runs as `__main__`, so its `app.run(...)` starts Flask's development server. */
function pythonApp(base: Base, paths: PathMap, host: ProjectHost): ServerApp | undefined {
  const { launch, startDir, environment } = base;
  const workingDir = locate(paths, startDir);
  let file: SourceFile | undefined;
  if (launch.mainModule) {
    const name = launch.mainModule.text;
    const resolution = resolveModule(name, [workingDir], host);
    // `python -m package` runs the package's __main__.py.
    const main = resolution.status === "found" && resolution.isPackage ? resolveModule(`${name}.__main__`, [workingDir], host) : resolution;
    file = main.status === "found" ? main.file?.file : undefined;
  } else {
    file = readable(locate(paths, posix.resolve(startDir, launch.program.text)), host);
  }
  if (!file) return undefined;
  const module = analyzePythonModule(file);
  const run = module.runCalls.find((call) => call.kind === "run");
  if (!run) return undefined;
  const envDebug = environment.get("FLASK_DEBUG");
  const explicit = /\bdebug\s*=/.test(file.text.slice(run.site.start, run.site.end));
  const envOn = envDebug?.value !== undefined && debugFlagOn(envDebug.value) && !explicit;
  const debugCall = module.runCalls.find((call) => call.debug === true);
  const debuggerOn = debugCall ? { at: debugCall.site, by: debugCall.kind === "run" ? "debug=True" : "FLASK_DEBUG set in the code" } : envOn ? { at: envDebug!.at, by: `FLASK_DEBUG=${envDebug!.value}` } : undefined;
  const { host: address, port } = runAddress(file, run.site) ?? DEFAULT_ADDRESS.python;
  return {
    ...base, ...NOTHING, options: { options: [], positional: [], problems: [] }, workingDir, searchPath: [workingDir], script: module,
    binds: port === undefined ? [] : [{ host: address, port, at: run.site, isDefault: false, loopback: isLoopbackHost(address) }],
    devServer: { at: run.site, how: `python ${launch.mainModule ? `-m ${launch.program.text}` : launch.program.text} reaches ${file.text.slice(run.site.start, run.site.end).split("(")[0]}()`, debugger: debuggerOn },
  };
}

/** The literal `host=`/`port=` of an `app.run(...)` call (Flask's defaults otherwise). */
function runAddress(file: SourceFile, at: Site): { host: string; port: number | undefined } | undefined {
  let found: { host: string; port: number | undefined } | undefined;
  pythonTree(file).iterate({
    from: at.start, to: at.end,
    enter: (node) => {
      if (found || node.name !== "ArgList" || node.from < at.start) return;
      const args = callArguments(file, node.node);
      const hostNode = args.keywords.get("host") ?? args.positional[0];
      const portNode = args.keywords.get("port") ?? args.positional[1];
      const hostValue = hostNode ? literalValue(file, hostNode) : undefined;
      const portValue = portNode ? literalValue(file, portNode) : undefined;
      found = {
        host: typeof hostValue === "string" ? hostValue : hostNode ? "0.0.0.0" : DEFAULT_ADDRESS.python.host,
        port: typeof portValue === "number" ? portValue : portNode ? undefined : DEFAULT_ADDRESS.python.port,
      };
      return false;
    },
  });
  return found;
}

/**
 * Whether the server binds no port but its binds' known ports, one of them reachable from other
 * pods (no UNIX socket, no port known only at run time), and no variable the linter does not read
 * may move it: an `envFrom`, GUNICORN_CMD_ARGS, uvicorn's UVICORN_*, Flask's FLASK_RUN_*.
 */
export function serverPortsKnown(app: ServerApp): boolean {
  if (takesEnvFrom(app.runner.container) || [...app.environment.keys()].some((name) => PORT_VARIABLES.test(name))) return false;
  return app.binds.some((bind) => bind.port !== undefined && !bind.loopback) && app.binds.every((bind) => bind.port !== undefined);
}

const PORT_VARIABLES = /^(?:GUNICORN_CMD_ARGS|UVICORN_\w+|FLASK_RUN_\w+)$/;

/** The TCP addresses container servers bind that other pods can reach, as listeners of their containers (for the network model). */
export function serverListeners(model: ServerModel): Listener[] {
  return model.apps.flatMap((app) =>
    app.runner.container
      ? app.binds.flatMap((bind) => (bind.port === undefined || bind.loopback ? [] : [{ container: app.runner.container!, port: bind.port, name: undefined, origin: "server" as const, protocol: "TCP", appProtocol: "http" as const, at: bind.at }]))
      : [],
  );
}
