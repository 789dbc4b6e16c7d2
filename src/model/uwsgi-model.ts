// The uWSGI side of the project model. Each uWSGI ini is linked to what starts it (a container
// of a workload, a compose service, the image a Dockerfile beside it builds, or, failing those,
// `uwsgi --ini` run in its own directory: uwsgi-runners.ts) and becomes an app
// (uwsgi-app-builder.ts); so does an ini a COPY heredoc of an image writes, when a container,
// compose service or the image itself runs it (`--ini /app/app.ini`), and so does a container, a
// compose service or the image of a Dockerfile named on the command line whose command line and
// environment configure uWSGI alone.
import type { ResolvedSettings } from "../engine/config.js";
import { fileLabel } from "../engine/source.js";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import type { ComposeService } from "../languages/compose/parse.js";
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { writtenInis } from "./container-paths.js";
import type { DockerfileFinder } from "./dockerfiles.js";
import { pushTo } from "./grouping.js";
import { writerOf } from "./image-files.js";
import { IniIndex } from "./ini-index.js";
import { allContainers, type Container, type K8sModel } from "./k8s.js";
import { buildApp, buildCommandApp, environmentSettings } from "./uwsgi-app-builder.js";
import { shownPath, type UwsgiApp, type UwsgiModel } from "./uwsgi-apps.js";
import { python2Unchecked } from "./uwsgi-code.js";
import { applessCommand, composeCommandRunner, composeRunners, containerRunner, imageCommandRunner, linkInis, loadsConfig, standaloneRunner, type Runner } from "./uwsgi-runners.js";

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
  const index = new IniIndex(inis);
  const configs = [...inis, ...heredocInis(files, containers, services, dockerfiles)];
  const links = linkInis(configs, index, containers, settings, dockerfiles, appless, notes);
  const apps: UwsgiApp[] = [];
  for (const ini of configs) {
    const runners = links.get(ini) ?? nonEmpty(composeRunners(ini, services, dockerfiles, index)) ?? [standaloneRunner(ini, dockerfiles)];
    // A written ini that nothing is seen to run is not linted: where uWSGI would start with it is not known.
    for (const runner of runners) if (!writerOf(ini) || runner.container || runner.command) apps.push(buildApp(ini, runner, host));
  }
  // An unlinked ini that another app reads through `ini =` is part of that app, not an app of its own.
  const included = new Map(apps.map((app) => [app, new Set(app.configs.slice(1).map((config) => config.file))]));
  const readers = new Map<SourceFile, UwsgiApp[]>();
  for (const [app, files] of included) for (const file of files) pushTo(readers, file, app);
  const reads = (app: UwsgiApp, file: SourceFile | undefined) => file !== undefined && included.get(app)!.has(file);
  const kept = apps.filter((app) => app.container || !(app.ini && readers.get(app.ini)?.some((other) => other !== app && !reads(app, other.ini))));
  // A container linked to an ini is taken at its word (config apps may link one whose command names no ini).
  const linked = new Set([...links.values()].flat().map((runner) => runner.container));
  const unlinked = containers.filter((container) => !linked.has(container) && !appless.has(container));
  const containerRunners = unlinked.map((container) => containerRunner(container, dockerfiles.ofContainer(container), "", undefined, host));
  kept.push(...containerRunners.flatMap((runner) => commandApp(runner, host)));
  // Compose services, and the images of Dockerfiles named on the command line that nothing above runs, as containers are.
  const serviceRunners = services.map((service) => composeCommandRunner(service, dockerfiles));
  kept.push(...serviceRunners.flatMap((runner) => commandApp(runner, host)));
  const runImages = new Set([...containerRunners.filter((runner) => runsImageCommand(runner.container!)), ...serviceRunners].map((runner) => runner.dockerfile?.file));
  const namedImages = files.filter((file) => file.language === "dockerfile" && file.absolutePath).map((file) => dockerfiles.at(file.absolutePath!));
  kept.push(...namedImages.flatMap((image) => (image && !runImages.has(image.file) ? commandApp(imageCommandRunner(image, host), host) : [])));
  for (const app of kept) {
    const unchecked = app.entries.map((entry) => python2Unchecked(entry.setting.clean, entry.code, app.dockerfile)).join("");
    notes.push(`${app.ini ? `${fileLabel(app.ini)}: ` : ""}${app.link}; uWSGI starts in ${shownPath(app, app.startDir)}${unchecked}`);
  }
  return { apps: kept, appless: [...appless].filter(([container]) => !linked.has(container)).map(([container, command]) => ({ container, command })), notes };
}

/** The inis the COPY heredocs write in the images the run's containers, compose services and Dockerfiles build (each stage too). */
function heredocInis(files: readonly SourceFile[], containers: readonly Container[], services: readonly ComposeService[], dockerfiles: DockerfileFinder): SourceFile[] {
  const images = [
    ...containers.map((container) => dockerfiles.ofContainer(container)),
    ...services.map((service) => (service.dockerfile ? dockerfiles.at(service.dockerfile) : undefined)),
    ...files.filter((file) => file.language === "dockerfile" && file.absolutePath).map((file) => dockerfiles.at(file.absolutePath!)),
  ].filter((image): image is Dockerfile => image !== undefined);
  const stages = [...new Set(images)].flatMap((image) => [image, ...image.stages.values()]);
  return [...new Set(stages.flatMap((image) => writtenInis(image, dockerfiles.host)))];
}

/** The container runs its image's ENTRYPOINT and CMD, having no command or args of its own. */
const runsImageCommand = (container: Container): boolean => container.command.length === 0 && container.args.length === 0;

/**
 * The app of a runner whose uWSGI command line and `UWSGI_*` environment load no config file and
 * name an app (`uwsgi --http-socket :9090 --module app:application`): checked as an ini's app is.
 */
function commandApp(runner: Runner, host: ProjectHost): UwsgiApp[] {
  const options = [...(runner.command?.options ?? []), ...environmentSettings(runner)];
  if (!runner.command || options.some(loadsConfig)) return [];
  const app = buildCommandApp(runner, host);
  // One whose command uWSGI rejects is kept too, for the rejection to be reported.
  return app.entries.length > 0 || runner.command.problems.length > 0 ? [app] : [];
}

function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined;
}
