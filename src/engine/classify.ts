// What a file in a real repository is, by its location, name and content: a Kubernetes manifest,
// a uWSGI ini, a compose file (read for its commands only), or something nw-lint must not read
// as a manifest (a Helm chart, a kustomize patch, a CI workflow, a tool's config, a template).
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parseDocument } from "yaml";
import { isIniTemplate } from "../languages/uwsgi/ini.js";
import type { Listing } from "./discover.js";
import type { Language } from "./types.js";

/** A file nw-lint does not lint, and the `--verbose` note that says why. */
export interface Skipped {
  readonly note: string;
  /** Kubernetes manifests applied only as a tool renders them (`the Helm chart charts/web`), which a run names even without --verbose. */
  readonly unrendered?: string;
}

const UWSGI_INI_NAMES = new Set(["uwsgi.ini", "app.ini"]);
const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const TEMPLATE_EXTENSIONS = [".j2", ".jinja", ".jinja2", ".tpl", ".tmpl", ".gotmpl"];
/** Directories whose YAML configures a CI service or a forge, never a cluster. */
const CI_DIRECTORIES = new Set([".github", ".gitlab", ".gitea", ".forgejo", ".circleci", ".buildkite"]);
const CI_FILES = new Set([
  ".gitlab-ci.yml", ".travis.yml", ".drone.yml", ".woodpecker.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml",
  "appveyor.yml", "cloudbuild.yaml", "action.yml", "action.yaml", "codecov.yml", ".codecov.yml",
]);
const TOOL_CONFIG_FILES = new Set([
  ".nw-lint.yaml", ".nw-lint.yml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".yamllint", ".yamllint.yaml",
  ".yamllint.yml", ".readthedocs.yaml", ".readthedocs.yml", "mkdocs.yml", "mkdocs.yaml", "environment.yml",
  "environment.yaml", ".golangci.yml", ".golangci.yaml", ".goreleaser.yml", ".goreleaser.yaml", "_config.yml",
]);
/**
 * What Docker, BuildKit and Podman build from: `Dockerfile` (docker falls back to `dockerfile`),
 * `Containerfile`, and the usual variants (`Dockerfile.prod`, `Dockerfile-flask`, `web.dockerfile`),
 * in any case; not `Dockerfile.dockerignore` nor a config file named after one (`dockerfile.yml`).
 */
const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?:[.-][\w.-]+)?|[\w.-]+\.(?:docker|container)file)$/i;
const NOT_DOCKERFILE_EXTENSION = /\.(?:dockerignore|ya?ml|json|ini|py|sh|md|txt)$/i;
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/;
const RANCHER_COMPOSE_NAME = /^rancher-compose(?:[.-][\w.-]+)?\.ya?ml$/;
/**
 * A template action where YAML expects a value: at a line start, after `- ` or after `key: `,
 * unquoted. The key starts with a non-blank so that it cannot also match the indentation: with
 * both able to take the blanks, a long blank line cost quadratic time (minutes for 2 MB).
 */
const TEMPLATE_ACTION = /^[ \t]*(?:-[ \t]+)?(?:(?:[^#'"\r\n \t][^#'"\r\n]*?)?:[ \t]+)?\{[{%]/;
/** A line that opens a block scalar: `key: |`, `- >-`, `key: |2 # comment`. */
const BLOCK_SCALAR_HEADER = /(?:^[ \t]*-|:)[ \t]+[|>][-+1-9]*[ \t]*(?:#.*)?$/;

interface DirectoryFacts {
  /** The directory holds `.git`: ancestors are not looked at above it. */
  readonly isRepositoryRoot: boolean;
  /** The directory holds Chart.yaml: it is a Helm chart. */
  readonly isChart: boolean;
  readonly kustomization: Kustomization;
}

/** What a directory's kustomization names, by absolute path. */
interface Kustomization {
  /** The patches it applies (partial objects, not manifests). */
  readonly patches: ReadonlySet<string>;
  /** Its `resources`, `bases` and `components`: manifest files, and directories of other kustomizations. */
  readonly resources: ReadonlySet<string>;
  /** The fields it sets that rewrite every resource it names (`namespace`, `namePrefix`, `images`…). */
  readonly rewrites: readonly string[];
}

const NO_KUSTOMIZATION: Kustomization = { patches: new Set(), resources: new Set(), rewrites: [] };

/** Kustomization fields that change the objects' names, namespace, labels, images or replicas: what the rules check. */
const REWRITING_FIELDS = ["namespace", "namePrefix", "nameSuffix", "commonLabels", "labels", "images", "replicas"];

export class FileClassifier {
  private readonly directories = new Map<string, DirectoryFacts>();
  /** Directories whose kustomization another one builds on (an overlay's base): their resources are not applied as written. */
  private readonly kustomizeBases = new Set<string>();
  private readonly kustomizations = new Map<string, Kustomization>();

  /** `listings`: what the walk found in each directory, so that a marker file (`.git`, `Chart.yaml`) is looked up there rather than on disk. */
  constructor(private readonly cwd: string, private readonly listings: ReadonlyMap<string, Listing> = new Map()) {}

  /** Reads the kustomizations among the files a run will read, so that the bases they build on are known before any file is classified. */
  noteKustomizations(files: readonly string[]): void {
    for (const file of files) {
      if (!KUSTOMIZATION_NAMES.includes(basename(file))) continue;
      for (const resource of this.kustomizationOf(dirname(resolve(file))).resources) {
        if (this.kustomizationOf(resource) !== NO_KUSTOMIZATION) this.kustomizeBases.add(resource);
      }
    }
  }

  /** Files skipped whatever they hold, so they are not even read. */
  byLocation(absolute: string): Skipped | undefined {
    const name = basename(absolute);
    const ancestors = this.ancestors(absolute);
    const chart = ancestors.find((directory) => this.facts(directory).isChart);
    if (chart) {
      const shown = slashed(relative(this.cwd, chart)) || ".";
      return { note: `${shown}: skipped a Helm chart (its templates are not YAML until rendered); lint them with: helm template ${shown} | nw-lint -`, unrendered: `the Helm chart ${shown}` };
    }
    if (TEMPLATE_EXTENSIONS.some((extension) => name.endsWith(extension))) return this.skip(absolute, "a template, not YAML until rendered");
    if (KUSTOMIZATION_NAMES.includes(name)) return this.skip(absolute, "a kustomization; lint its output with: kustomize build DIR | nw-lint -");
    if (ancestors.some((directory) => this.facts(directory).kustomization.patches.has(absolute))) return this.skip(absolute, "a kustomize patch, a partial object");
    const base = ancestors.find((directory) => this.kustomizeBases.has(directory) && this.facts(directory).kustomization.resources.has(absolute));
    if (base) {
      const shown = slashed(relative(this.cwd, base)) || ".";
      return { ...this.skip(absolute, `a resource of the kustomize base ${shown}, which the overlays built on it complete (labels, image tags, namespace); lint what an overlay builds: kustomize build DIR | nw-lint -`), unrendered: `the kustomize base ${shown}` };
    }
    const rewriter = ancestors.find((directory) => {
      const { rewrites, resources } = this.facts(directory).kustomization;
      return rewrites.length > 0 && resources.has(absolute);
    });
    if (rewriter) {
      const shown = slashed(relative(this.cwd, rewriter)) || ".";
      const fields = this.facts(rewriter).kustomization.rewrites.join(", ");
      return { ...this.skip(absolute, `a resource of the kustomization in ${shown}, which rewrites it (${fields}) before it is applied; lint what it builds: kustomize build ${shown} | nw-lint -`), unrendered: `the kustomization ${shown}` };
    }
    const inRepository = relative(ancestors.at(-1)!, absolute).split(sep);
    if (inRepository.some((part) => CI_DIRECTORIES.has(part)) || CI_FILES.has(name)) return this.skip(absolute, "CI configuration");
    if (TOOL_CONFIG_FILES.has(name) || RANCHER_COMPOSE_NAME.test(name)) return this.skip(absolute, "a tool's configuration");
    return undefined;
  }

  /**
   * What a file that was read is linted as. A file named on the command line is linted whatever
   * its extension; a walked `.ini` only when it is uWSGI config (CLI.md).
   */
  byContent(absolute: string, text: string, fromWalk: boolean): Language | Skipped {
    const name = basename(absolute);
    if (name.endsWith(".ini")) return isUwsgiIni(name, text) || !fromWalk ? this.uwsgiUnlessTemplate(absolute, text) : this.skip(absolute, "an .ini without a [uwsgi] section");
    if (name.endsWith(".py")) return "python";
    // A Dockerfile's heredoc may write a [uwsgi] section (`COPY <<EOF /app/app.ini`): it is still a Dockerfile.
    if (DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE_EXTENSION.test(name)) return "dockerfile";
    // A file named on the command line is linted whatever its extension: uw.conf with a [uwsgi] section is an ini.
    if (!fromWalk && !/\.ya?ml$/.test(name) && isUwsgiIni(name, text)) return this.uwsgiUnlessTemplate(absolute, text);
    if (COMPOSE_NAME.test(name) || isComposeFile(text)) return "compose";
    if (mayHoldTemplateAction(text) && hasTemplateAction(text)) return this.skip(absolute, "a template with {{ … }} outside quotes, not YAML until rendered");
    return "yaml";
  }

  /** An ini holding `{{ … }}` is skipped as a YAML template is: its values and lines are what the renderer makes of them. */
  private uwsgiUnlessTemplate(absolute: string, text: string): Language | Skipped {
    return isIniTemplate(text) ? this.skip(absolute, "a template with {{ … }}, not uWSGI config until rendered") : "uwsgi";
  }

  private skip(absolute: string, reason: string): Skipped {
    return { note: `${slashed(relative(this.cwd, absolute))}: skipped (${reason})` };
  }

  /** The file's directory and its ancestors, up to the repository root (the directory holding .git). */
  private ancestors(absolute: string): string[] {
    const found: string[] = [];
    for (let directory = dirname(resolve(absolute)); ; directory = dirname(directory)) {
      found.push(directory);
      if (this.facts(directory).isRepositoryRoot || dirname(directory) === directory) return found;
    }
  }

  private kustomizationOf(directory: string): Kustomization {
    let kustomization = this.kustomizations.get(directory);
    if (!kustomization) {
      const name = KUSTOMIZATION_NAMES.find((candidate) => this.holds(directory, candidate));
      this.kustomizations.set(directory, (kustomization = name ? kustomizationIn(directory, name) : NO_KUSTOMIZATION));
    }
    return kustomization;
  }

  private holds(directory: string, name: string): boolean {
    const listing = this.listings.get(directory);
    return listing ? listing.has(name) : existsSync(join(directory, name));
  }

  private facts(directory: string): DirectoryFacts {
    let facts = this.directories.get(directory);
    if (!facts) {
      facts = {
        isRepositoryRoot: this.holds(directory, ".git"),
        isChart: this.holds(directory, "Chart.yaml"),
        kustomization: this.kustomizationOf(directory),
      };
      this.directories.set(directory, facts);
    }
    return facts;
  }
}

const slashed = (path: string) => path.split(sep).join("/");

/** A quick test before TEMPLATE_ACTION: it can only match `{{` or `{%`. */
function mayHoldTemplateAction(text: string): boolean {
  return text.includes("{{") || text.includes("{%");
}

/**
 * Whether a line outside block scalars holds a template action where YAML expects a value. The
 * text of a block scalar is data whatever it holds (a ConfigMap carrying an alertmanager template).
 */
function hasTemplateAction(text: string): boolean {
  // The indentation of the line that opened the block scalar the scan is in.
  let blockIndent: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined && (indent === line.length || indent > blockIndent)) continue;
    if (TEMPLATE_ACTION.test(line)) return true;
    blockIndent = BLOCK_SCALAR_HEADER.test(line) ? indent : undefined;
  }
  return false;
}

/**
 * CLI.md: an .ini is uWSGI config when it has a `[uwsgi]` section or is named uwsgi.ini/app.ini;
 * also when a header was meant as one (`[UWSGI]`, `[ uwsgi ]`, a byte-order mark before it), which
 * uwsgi/ini-syntax exists to report.
 */
function isUwsgiIni(name: string, text: string): boolean {
  return UWSGI_INI_NAMES.has(name) || /^\uFEFF?[ \t]*\[[ \t]*uwsgi[ \t]*(?:\]|$)/im.test(text);
}

/** A compose file under another name: top-level `services:` and no `apiVersion:`/`kind:`. */
function isComposeFile(text: string): boolean {
  return /^services:/m.test(text) && !/^(?:apiVersion|kind):/m.test(text);
}

/** What the kustomization `name` in `directory` names: its patches (patchesStrategicMerge, patches, patchesJson6902) and its resources, bases and components. */
function kustomizationIn(directory: string, name: string): Kustomization {
  let kustomization: unknown;
  try {
    kustomization = parseDocument(readFileSync(join(directory, name), "utf8"), { logLevel: "error" }).toJS();
  } catch {
    return NO_KUSTOMIZATION; // unreadable, or an alias bomb: the files beside it are then linted as they are
  }
  if (typeof kustomization !== "object" || kustomization === null) return NO_KUSTOMIZATION;
  const fields = kustomization as Record<string, unknown>;
  const { patchesStrategicMerge, patches: entries, patchesJson6902, resources, bases, components } = fields;
  const paths = (list: unknown): string[] => (Array.isArray(list) ? list.filter((path): path is string => typeof path === "string") : []);
  const patchPaths = [
    ...paths(patchesStrategicMerge),
    ...[entries, patchesJson6902].flatMap((list) => paths(Array.isArray(list) ? list.map((entry: unknown) => (entry as { path?: unknown } | null)?.path) : [])),
  ];
  const within = (list: string[]) => new Set(list.filter((path) => !/^[a-z][\w+.-]*:\/\/|^github\.com\//i.test(path)).map((path) => resolve(directory, path)));
  const rewrites = REWRITING_FIELDS.filter((field) => fields[field] !== undefined && fields[field] !== null);
  return { patches: within(patchPaths), resources: within([...paths(resources), ...paths(bases), ...paths(components)]), rewrites };
}
