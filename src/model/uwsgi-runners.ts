// Linking uWSGI inis to what starts them (CLI.md: config `apps`; else a container command naming
// the ini by basename, or the path its image copies it to under another name (`COPY app.ini
// /app/web.ini`), the image's ENTRYPOINT/CMD for a container without a command; else exactly
// one ini and one container running uWSGI; else a compose service or the nearest image whose
// command names it). An ini a COPY heredoc of the image writes (`COPY <<EOF /app/app.ini`) is
// linked by that path alone.
import { posix } from "node:path";
import type { ResolvedSettings } from "../engine/config.js";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import { fileLabel } from "../engine/source.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { knownOnlyAtRunTime, type Word } from "../languages/shell/words.js";
import { findUwsgiCommand, parseUwsgiArguments, type CommandOption, type UwsgiCommand } from "../languages/uwsgi/command.js";
import { APP_OPTIONS, CONFIG_OPTIONS, type UwsgiOptionInfo } from "../languages/uwsgi/options.js";
import { configLoad, configPath } from "../languages/uwsgi/values.js";
import { putsAt, repoPathOf, writesAt, type ContainerSource } from "./container-paths.js";
import { configuredDirectory, containerWords, describeContainer } from "./container-process.js";
import { imageWords, runWords, type DockerfileFinder } from "./dockerfiles.js";
import { writerOf, writtenWhere } from "./image-files.js";
import type { IniIndex } from "./ini-index.js";
import type { Container } from "./k8s.js";
import { followStartScript } from "./start-scripts.js";
import { takesEnvFrom } from "./uwsgi-apps.js";
import { uwsgiBaseImage, type UwsgiBaseImage } from "./uwsgi-base-images.js";

/** What starts an app: the container or image, its argv, and why it is linked to the ini. */
export interface Runner {
  readonly container: Container | undefined;
  /** The compose service that runs it, when one does. */
  readonly compose?: ComposeService;
  readonly dockerfile: Dockerfile | undefined;
  readonly command: UwsgiCommand | undefined;
  readonly reason: string;
  /** From config `apps`: the container directory holding the ini. */
  readonly root: string | undefined;
  /** The base image of the Dockerfile near the ini, which starts uWSGI with it itself. */
  readonly baseImage?: UwsgiBaseImage;
}

/**
 * The uWSGI command of a container that gives it whole (its own `command`, every word literal, no
 * `UWSGI_*` variable in it or in the image nearest its manifest, no `envFrom`) and loads no config
 * file, names no app and starts no emperor there: whatever ini lies beside it, uWSGI serves no app.
 */
export function applessCommand(container: Container, dockerfiles: DockerfileFinder): UwsgiCommand | undefined {
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

export function linkInis(
  inis: readonly SourceFile[], index: IniIndex, containers: readonly Container[], settings: ResolvedSettings, dockerfiles: DockerfileFinder,
  appless: ReadonlyMap<Container, UwsgiCommand>, notes: string[],
): Map<SourceFile, Runner[]> {
  const links = new Map<SourceFile, Runner[]>();
  const linked = new Set<Container>();
  const link = (ini: SourceFile, container: Container, reason: string, root?: string) => {
    // A written ini is in the image its container's command was read from; a repository ini, in the one built beside it.
    const image = writerOf(ini) ? dockerfiles.ofContainer(container) : dockerfiles.ofContainer(container, ini);
    links.set(ini, [...(links.get(ini) ?? []), containerRunner(container, image, reason, root, dockerfiles.host)]);
    linked.add(container);
  };
  for (const app of settings.apps) {
    const ini = inis.find((file) => file.absolutePath === app.ini);
    const container = configuredContainer(containers, app.workload, app.container);
    if (ini && container) link(ini, container, `config apps links it to ${app.workload}${app.container ? ` container ${app.container}` : ""}`, app.root);
    else notes.push(`config apps: ${ini ? `no container matches workload "${app.workload}"${app.container ? ` container "${app.container}"` : ""}` : `${app.ini} is not a linted uWSGI ini`}`);
  }
  for (const container of containers) {
    if (linked.has(container)) continue;
    const own = ownCommand(container, dockerfiles);
    const source = { container, dockerfile: dockerfiles.ofContainer(container) };
    // A container without a command of its own runs its image's (ENTRYPOINT, CMD), which may name the ini.
    const command = own ?? (container.command.length === 0 ? imageCommand(container, source.dockerfile, dockerfiles.host) : undefined);
    for (const option of namedInis(command)) {
      const names = !own ? `its image's ENTRYPOINT/CMD ${namesThrough(option)}` : container.command.length > 0 ? `its command ${namesThrough(option)}` : "its args name";
      const named = configPath(option.value).path;
      // What the image's heredoc writes there is what uWSGI reads, whatever ini of that name the repository has.
      const written = inis.filter((ini) => writerOf(ini) !== undefined && copiedAs(named, ini, source, dockerfiles.host)).at(-1);
      const heredoc = written !== undefined || writtenByImage(named, source, dockerfiles.host);
      const chosen = heredoc ? undefined : closestIni(index, named, container.workload.object.file);
      const matches = index.named(posix.basename(named));
      const copied = chosen || heredoc ? [] : inis.filter((ini) => copiedAs(named, ini, source, dockerfiles.host));
      if (written) link(written, container, `${names} ${named}, ${writtenWhere(writerOf(written)!)} (--${option.key} ${option.value})`);
      else if (chosen) link(chosen, container, `${names} ${posix.basename(named)} (--${option.key} ${option.value})`);
      else if (heredoc) notes.push(`${describeContainer(container)}: ${names} ${named}, which its image writes from a heredoc nw-lint does not read (BuildKit expands its $ and \\)`);
      else if (copied.length === 1) link(copied[0]!, container, `${names} ${named}, where its image copies ${copied[0]!.path} (--${option.key} ${option.value})`);
      else if (matches.length > 1) notes.push(`${describeContainer(container)}: ${names} ${named}, which matches ${matches.map((ini) => ini.path).join(", ")}; link one in config apps`);
      else notes.push(`${describeContainer(container)}: ${names} ${named}, which no linted ini is named like (the image may hold it)`);
    }
  }
  const unlinkedInis = inis.filter((ini) => !links.has(ini) && !writerOf(ini));
  if (unlinkedInis.length === 1) {
    const [ini] = unlinkedInis as [SourceFile];
    // A container that loads another config (`--ini /etc/uwsgi/uwsgi.ini`, baked into the image) does not run this ini.
    const runs = (command: UwsgiCommand | undefined) => command !== undefined && !loadsOtherConfig(command, posix.basename(ini.path));
    const runners = containers.filter(
      (container) => !linked.has(container) && !appless.has(container) && (runs(ownCommand(container, dockerfiles)) || (container.command.length === 0 && runs(imageCommand(container, dockerfiles.ofContainer(container, ini), dockerfiles.host)))),
    );
    if (runners.length === 1) link(ini, runners[0]!, "it is the only uWSGI ini and the only container that runs uWSGI");
  }
  return links;
}

/** The options that name the ini a command runs: its `--ini`s, else those of the inis it `--include`s or `--inherit`s. */
function namedInis(command: UwsgiCommand | undefined): CommandOption[] {
  const named = command?.options.filter((option) => configLoad(option.key, option.value) === "ini") ?? [];
  const ini = named.filter((option) => option.key === "ini");
  return ini.length > 0 ? ini : named;
}

/** Whether a command loads a config file that cannot be the ini named `name`. */
function loadsOtherConfig(command: UwsgiCommand, name: string): boolean {
  return command.options.some((option) => loadsConfig(option) && !knownOnlyAtRunTime(option.value) && posix.basename(configPath(option.value).path) !== name);
}

export function loadsConfig(option: { readonly option?: UwsgiOptionInfo }): boolean {
  return option.option?.names.some((name) => CONFIG_OPTIONS.includes(name)) ?? false;
}

/** The uWSGI command in the container's own `command` and `args`, or in the start script they run. */
function ownCommand(container: Container, dockerfiles: DockerfileFinder): UwsgiCommand | undefined {
  return uwsgiCommandOf(ownWords(container), { container, dockerfile: dockerfiles.ofContainer(container) }, dockerfiles.host) ?? argsToEntrypoint(container);
}

/**
 * The uWSGI command a runner's words start: the one in the start script they run when nw-lint
 * can follow it (src/model/start-scripts.ts), the script's `cd`s first and the script kept; else
 * the one in the words.
 */
function uwsgiCommandOf(words: readonly Word[], source: ContainerSource, host: ProjectHost): UwsgiCommand | undefined {
  const script = followStartScript(words, source, host);
  if (!script) return findUwsgiCommand(words);
  const command = findUwsgiCommand(script.words);
  return command && { ...command, cd: [...script.cd, ...command.cd], script };
}

/**
 * Whether the image's COPY (or a compose bind) puts the ini, under another name, at the path a
 * command names (`COPY app.ini /app/web.ini` for `--ini /app/web.ini`), or its COPY heredoc writes
 * it there (`COPY <<EOF /app/web.ini`).
 */
function copiedAs(named: string, ini: SourceFile, source: ContainerSource, host: ProjectHost): boolean {
  const repoPath = repoPathOf(ini);
  if (!repoPath || knownOnlyAtRunTime(named) || namedLike(named, ini)) return false;
  return putsAt(repoPath, posix.resolve("/", configuredDirectory(source) ?? "/", named), source, host);
}

/** Whether a config path a command names is the ini: by its name, or where the image copies (or writes) it. */
export function namesIni(named: string, ini: SourceFile, source: ContainerSource, host: ProjectHost): boolean {
  return namedLike(named, ini) || copiedAs(named, ini, source, host);
}

/** Whether the image writes the config a command names from a COPY heredoc: no repository ini is what uWSGI reads there. */
function writtenByImage(named: string, source: ContainerSource, host: ProjectHost): boolean {
  return !knownOnlyAtRunTime(named) && writesAt(posix.resolve("/", configuredDirectory(source) ?? "/", named), source, host);
}

/** A repository ini's name: a command naming it is taken to run it. A written ini has none (its path is the Dockerfile's). */
const namedLike = (named: string, ini: SourceFile): boolean => !writerOf(ini) && posix.basename(named) === posix.basename(ini.path);

/** `names`, or `runs start.sh, which names` for an option written in the start script the command runs. */
function namesThrough(option: CommandOption): string {
  const file = option.keyAt.file;
  return file.language === "shell" ? `runs ${fileLabel(file)}, which names` : "names";
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

export function containerRunner(container: Container, image: Dockerfile | undefined, reason: string, root: string | undefined, host: ProjectHost): Runner {
  return { container, dockerfile: image, command: imageCommand(container, image, host) ?? argsToEntrypoint(container), reason, root };
}

/** The uWSGI command a container runs in its image. Kubernetes: `command` replaces the image ENTRYPOINT (and drops its CMD); `args` alone replace CMD. */
function imageCommand(container: Container, image: Dockerfile | undefined, host: ProjectHost): UwsgiCommand | undefined {
  const { command, args } = containerWords(container);
  const entrypoint = command.length > 0 ? command : (image?.entrypoint?.words ?? []);
  const cmd = command.length > 0 || args.length > 0 ? args : (image?.cmd?.words ?? []);
  return uwsgiCommandOf([...entrypoint, ...cmd], { container, dockerfile: image }, host);
}

/**
 * The compose services whose `entrypoint`/`command`, or the ENTRYPOINT/CMD of the image they build
 * (the `build.target` stage), run uWSGI with the ini: named by basename, the ini of that name
 * nearest the compose file, as for a container's command (RULES.md: a compose service is read for
 * its command, so the loading rules see its arguments).
 */
export function composeRunners(ini: SourceFile, services: readonly ComposeService[], dockerfiles: DockerfileFinder, index: IniIndex): Runner[] {
  return services.flatMap((service) => {
    if (!service.entrypoint && !service.command && !service.dockerfile) return [];
    // A service that builds no image of its own runs the one built beside the ini.
    const built = service.dockerfile ? dockerfiles.at(service.dockerfile) : dockerfiles.near(ini);
    const image = service.target ? built?.stages.get(service.target) : built;
    const command = uwsgiCommandOf(runWords(service.entrypoint, service.command, image), { container: undefined, compose: service, dockerfile: image }, dockerfiles.host);
    const source = { container: undefined, compose: service, dockerfile: image };
    const runs = (named: string) => (writerOf(ini) ? copiedAs(named, ini, source, dockerfiles.host) : closestIni(index, named, service.file) === ini && !writtenByImage(named, source, dockerfiles.host));
    const option = namedInis(command).find((candidate) => runs(configPath(candidate.value).path));
    if (!option) return [];
    return [{ ...source, command, reason: `its command ${namesThrough(option)} ${writerOf(ini) ? configPath(option.value).path : posix.basename(ini.path)} (--${option.key} ${option.value})`, root: undefined }];
  });
}

/** A compose service's uWSGI command, from its own entrypoint and command or its image's (the `build.target` stage). */
export function composeCommandRunner(service: ComposeService, dockerfiles: DockerfileFinder): Runner {
  const built = service.dockerfile ? dockerfiles.at(service.dockerfile) : undefined;
  const image = service.target ? built?.stages.get(service.target) : built;
  const command = uwsgiCommandOf(runWords(service.entrypoint, service.command, image), { container: undefined, compose: service, dockerfile: image }, dockerfiles.host);
  return { container: undefined, compose: service, dockerfile: image, command, reason: "", root: undefined };
}

/** The uWSGI command of an image's ENTRYPOINT and CMD. */
export function imageCommandRunner(image: Dockerfile, host: ProjectHost): Runner {
  return { container: undefined, dockerfile: image, command: uwsgiCommandOf(imageWords(image), { container: undefined, dockerfile: image }, host), reason: "", root: undefined };
}

/** The Dockerfile nearest the ini, when its image (or, failing that, one of its named stages) runs uWSGI with the ini. */
export function standaloneRunner(ini: SourceFile, dockerfiles: DockerfileFinder): Runner {
  const writer = writerOf(ini);
  // A written ini is in the image of the Dockerfile that writes it.
  const dockerfile = writer ? dockerfiles.at(writer.dockerfile.absolutePath!) : dockerfiles.near(ini);
  for (const [image, how] of dockerfile ? [[dockerfile, ""] as const, ...[...dockerfile.stages].map(([name, stage]) => [stage, ` (stage ${name})`] as const)] : []) {
    const command = uwsgiCommandOf(imageWords(image), { container: undefined, dockerfile: image }, dockerfiles.host);
    const named = (candidate: CommandOption) => configPath(candidate.value).path;
    const options = namedInis(command);
    const source = { container: undefined, dockerfile: image };
    const option = options.find((candidate) => namedLike(named(candidate), ini) && !writtenByImage(named(candidate), source, dockerfiles.host));
    if (option) {
      return { container: undefined, dockerfile: image, command, reason: `its ENTRYPOINT/CMD${how} ${namesThrough(option)} ${posix.basename(ini.path)}`, root: undefined };
    }
    const copied = options.find((candidate) => copiedAs(named(candidate), ini, source, dockerfiles.host));
    if (copied) {
      return { container: undefined, dockerfile: image, command, reason: `its ENTRYPOINT/CMD${how} ${namesThrough(copied)} ${named(copied)}, where it ${writer ? "writes" : "copies"} ${fileLabel(ini)}`, root: undefined };
    }
  }
  const baseImage = uwsgiBaseImage(dockerfile);
  if (baseImage && namedLike(baseImage.ini, ini)) {
    return { container: undefined, dockerfile: undefined, command: undefined, reason: `the base image of ${dockerfile!.file.path}, ${baseImage.image}, starts uWSGI with ${baseImage.ini} (UWSGI_INI) and then its own config, which turns on ${[...baseImage.sets].join(" and ")}`, root: undefined, baseImage };
  }
  return { container: undefined, dockerfile: undefined, command: undefined, reason: "no container or Dockerfile starts it", root: undefined };
}

/** How an app is started and why, as `--verbose` says it. */
export function describeLink(runner: Runner, ini: SourceFile | undefined): string {
  if (!ini) {
    const runs = runner.container ? describeContainer(runner.container) : runner.compose ? `compose service ${runner.compose.name} (${runner.compose.file.path})` : `the image of ${runner.dockerfile!.file.path}`;
    const script = runner.command?.program.at.file;
    const through = script?.language === "shell" ? ` ${fileLabel(script)}, which runs` : "";
    return `${runs}: runs${through} uWSGI configured by its command line and environment alone`;
  }
  if (runner.container) return `linked to ${describeContainer(runner.container)}: ${runner.reason}`;
  if (runner.compose) return `started by compose service ${runner.compose.name} (${runner.compose.file.path}): ${runner.reason}`;
  if (runner.command) return `started by ${runner.dockerfile!.file.path}: ${runner.reason}`;
  return `not linked: ${runner.reason}; linted as \`uwsgi --ini ${posix.basename(ini.path)}\` run in its own directory`;
}
