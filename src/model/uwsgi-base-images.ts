// Images that start uWSGI themselves. tiangolo/uwsgi-nginx-flask and tiangolo/uwsgi-nginx (their
// sources: github.com/tiangolo/uwsgi-nginx-docker) run `uwsgi --ini /etc/uwsgi/uwsgi.ini` under
// supervisord with `ENV UWSGI_INI /app/uwsgi.ini`: uWSGI reads the app's ini from the environment
// first, then the image's own config, which turns on need-app and die-on-term.
import type { Dockerfile } from "../languages/dockerfile/parse.js";
import { parseImageReference } from "./image.js";

export interface UwsgiBaseImage {
  /** The base image as the Dockerfile names it. */
  readonly image: string;
  /** The container path of the ini uWSGI loads: the image's UWSGI_INI, or the Dockerfile's own. */
  readonly ini: string;
  /** The boolean options the image's own config turns on, read after the app's ini. */
  readonly sets: ReadonlySet<string>;
}

const TIANGOLO = { ini: "/app/uwsgi.ini", sets: new Set(["need-app", "die-on-term"]) };
const BASE_IMAGES: ReadonlyMap<string, typeof TIANGOLO> = new Map([
  ["tiangolo/uwsgi-nginx-flask", TIANGOLO],
  ["tiangolo/uwsgi-nginx", TIANGOLO],
]);

/** The uWSGI-starting base image the Dockerfile builds on, if it is one nw-lint knows. */
export function uwsgiBaseImage(dockerfile: Dockerfile | undefined): UwsgiBaseImage | undefined {
  if (!dockerfile?.from) return undefined;
  const { registry, name } = parseImageReference(dockerfile.from);
  const known = registry === undefined || registry === "docker.io" ? BASE_IMAGES.get(name) : undefined;
  if (!known) return undefined;
  const ini = dockerfile.env.filter((entry) => entry.name === "UWSGI_INI").at(-1)?.value ?? known.ini;
  return { image: dockerfile.from, ini, sets: known.sets };
}
