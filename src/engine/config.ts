// Configuration: discovery (.nw-lint.yaml/.yml/.json from the working directory up to the
// repository root), validation against schemas/config.schema.json with the offending line,
// and the settings rules read.
import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { documentValue, parsePlainYamlStream } from "../languages/k8s/parse.js";
import { RunError } from "./errors.js";
import { suggestion } from "./suggest.js";
import { packageRoot } from "./package.js";
import { positionAt, createSourceFile, decodeUtf8 } from "./source.js";
import type { SeverityOrOff } from "./types.js";

export const CONFIG_FILE_NAMES = [".nw-lint.yaml", ".nw-lint.yml", ".nw-lint.json"] as const;

export interface AppLink {
  /** The ini file, absolute. */
  readonly ini: string;
  readonly workload: string;
  readonly container?: string;
  readonly root?: string;
}

export interface ResolvedSettings {
  readonly rules: ReadonlyMap<string, SeverityOrOff>;
  readonly spin: { readonly clusters: readonly string[]; readonly globalFsPrefixes: readonly string[] };
  readonly writablePaths: readonly string[];
  readonly apps: readonly AppLink[];
  readonly ignore: readonly string[];
  /** The directory `ignore` globs are relative to: the config file's. */
  readonly ignoreBase: string | undefined;
  /** Files larger than this many bytes are reported and skipped. */
  readonly maxFileSize: number;
}

interface ConfigFile {
  rules?: Record<string, SeverityOrOff>;
  spin?: { clusters?: string[]; globalFsPrefixes?: string[] };
  writablePaths?: string[];
  apps?: { ini: string; workload: string; container?: string; root?: string }[];
  ignore?: string[];
  maxFileSize?: number;
}

export const DEFAULT_SETTINGS: ResolvedSettings = {
  rules: new Map(),
  spin: { clusters: ["development", "production"], globalFsPrefixes: ["/global/"] },
  writablePaths: [],
  apps: [],
  ignore: [],
  ignoreBase: undefined,
  maxFileSize: 10 * 1024 * 1024,
};

/**
 * The config file that applies in `cwd`: searched upwards, stopping at the repository root. Two
 * in one directory are refused, as is one that is not a file (a directory, a link to nothing):
 * whichever were read, or with none read, a config would be ignored in silence.
 */
export function discoverConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter(isPresent);
    for (const candidate of found) {
      const problem = unreadableConfig(candidate);
      if (problem) throw new RunError(`${relative(cwd, candidate)}: the config file ${problem}`);
    }
    if (found.length > 1) {
      const where = relative(cwd, dir) || ".";
      throw new RunError(`${where} holds ${found.length} config files (${found.map((file) => basename(file)).join(", ")}): keep one, or name it with --config`);
    }
    if (found[0]) return found[0];
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
  }
}

/** The nearest directory at or above `cwd` that holds `.git`. */
export function repositoryRoot(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadSettings(configPath: string | undefined, displayPath: (absolute: string) => string): ResolvedSettings {
  if (!configPath) return DEFAULT_SETTINGS;
  const shown = displayPath(configPath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(configPath);
  } catch (error) {
    throw new RunError(`${shown}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const source = createSourceFile(shown, configPath, decodeUtf8(bytes), "yaml");
  const stream = parsePlainYamlStream(source);
  const [problem] = [...stream.problems].sort((a, b) => a.start - b.start);
  if (problem) {
    const { line, column } = positionAt(source, problem.start);
    throw new RunError(`${shown}:${line}:${column}: the config file is not valid YAML or JSON: ${problem.message}`);
  }
  if (stream.documents.length > 1) throw new RunError(`${shown}: the config file holds more than one YAML document`);
  const document = stream.documents[0];
  const value: unknown = (document && documentValue(document)) ?? {};
  const validate = configValidator();
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    const node = nodeAtPointer(document?.contents ?? null, error.instancePath, error.params);
    const { line, column } = positionAt(source, node?.range?.[0] ?? 0);
    throw new RunError(`${shown}:${line}:${column}: ${describeConfigError(error)}`);
  }
  const config = value as ConfigFile;
  const base = dirname(configPath);
  const refuse = (pointer: string, message: string): never => {
    const node = nodeAtPointer(document?.contents ?? null, pointer, {});
    const { line, column } = positionAt(source, node?.range?.[0] ?? 0);
    throw new RunError(`${shown}:${line}:${column}: ${message}`);
  };
  // A link to an ini that is not there is a typo the linker would pass over in silence.
  (config.apps ?? []).forEach((app, index) => {
    const kind = pathKind(resolve(base, app.ini));
    if (kind === undefined) refuse(`/apps/${index}/ini`, `apps[${index}].ini: ${JSON.stringify(app.ini)} does not exist (paths are relative to the config file)`);
    if (kind !== "file") refuse(`/apps/${index}/ini`, `apps[${index}].ini: ${JSON.stringify(app.ini)} is not a file but a ${kind}: name the app's ini`);
  });
  const ignore = (config.ignore ?? []).map((glob, index) => {
    const relativeGlob = ignoreGlob(glob);
    if (relativeGlob === "" || relativeGlob === "." || relativeGlob === ".." || relativeGlob.startsWith("../")) {
      refuse(`/ignore/${index}`, `ignore[${index}]: ${JSON.stringify(glob)} can never match: the globs are relative to the config file's directory and skip only what is in it`);
    }
    return relativeGlob;
  });
  return {
    rules: new Map(Object.entries(config.rules ?? {})),
    spin: {
      clusters: config.spin?.clusters ?? DEFAULT_SETTINGS.spin.clusters,
      globalFsPrefixes: config.spin?.globalFsPrefixes ?? DEFAULT_SETTINGS.spin.globalFsPrefixes,
    },
    writablePaths: config.writablePaths ?? [],
    apps: (config.apps ?? []).map((app) => ({ ...app, ini: resolve(base, app.ini) })),
    ignore,
    ignoreBase: base,
    maxFileSize: config.maxFileSize ?? DEFAULT_SETTINGS.maxFileSize,
  };
}

/**
 * An `ignore` glob as picomatch reads it, relative to the config file's directory (every glob is
 * anchored there): `charts/`, `./charts` and `/charts` all name the directory charts.
 */
function ignoreGlob(glob: string): string {
  return glob.replace(/^(?:\.?\/)+/, "").replace(/\/+$/, "");
}

export function withRuleOverrides(settings: ResolvedSettings, overrides: ReadonlyMap<string, SeverityOrOff>): ResolvedSettings {
  if (overrides.size === 0) return settings;
  return { ...settings, rules: new Map([...settings.rules, ...overrides]) };
}

export const CONFIG_SCHEMA_PATH = join(packageRoot, "schemas", "config.schema.json");
/** The schema compiled ahead of time (`npm run generate`), so a run never loads ajv. */
export const CONFIG_VALIDATOR_PATH = join(packageRoot, "schemas", "config.validator.cjs");
/** The ajv options the validator is compiled with: every error, and the schema of each (for "did you mean"). */
export const CONFIG_VALIDATOR_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

type ConfigValidator = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };
let compiledValidator: ConfigValidator | undefined;

function configValidator(): ConfigValidator {
  compiledValidator ??= createRequire(import.meta.url)(CONFIG_VALIDATOR_PATH) as ConfigValidator;
  return compiledValidator;
}

/** The error a person should see first: unknown keys before the type errors they cause. */
function mostSpecificError(errors: readonly ErrorObject[]): ErrorObject {
  const unknown = errors.find((error) => error.keyword === "additionalProperties");
  return unknown ?? errors.find((error) => error.keyword !== "if") ?? errors[0]!;
}

function describeConfigError(error: ErrorObject): string {
  // Keys are quoted as JSON strings: a key may hold a line break, and the error is one line.
  const where = error.instancePath ? JSON.stringify(fieldPath(pointerSegments(error.instancePath))) : "the config";
  if (error.keyword === "additionalProperties") {
    const key = String(error.params.additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    // A rule id written without its group (`image-tag` for `spin/image-tag`) is no slip of a letter or two.
    const meant = allowed.find((name) => name.endsWith(`/${key}`)) ?? suggestion(key, allowed);
    const hint = meant ? ` (did you mean "${meant}"?)` : "";
    const valid = !hint && allowed.length > 0 && allowed.length <= 10 ? `; valid keys: ${allowed.join(", ")}` : "";
    return `unknown key ${JSON.stringify(key)} in ${where}${hint}${valid}`;
  }
  if (error.keyword === "enum") return `${where} must be one of ${(error.params.allowedValues as unknown[]).map(String).join(", ")}`;
  const meaning = (error.parentSchema as { description?: string } | undefined)?.description;
  if (error.keyword === "pattern" && meaning) return `${where} is ${JSON.stringify(error.data)}: it must be ${meaning}`;
  if (error.keyword === "propertyNames" || error.keyword === "pattern") return `${where}: ${error.message ?? "invalid value"}`;
  if (error.keyword === "type") return `${where} must be ${describeTypes(String(error.params.type))}`;
  return `${where} ${error.message ?? "is invalid"}`;
}

/** JSON Schema's type names as a person reads them: `object` is a mapping, `array` a list. */
function describeTypes(types: string): string {
  const names: Readonly<Record<string, string>> = { object: "a mapping", array: "a list", string: "a string", integer: "an integer", number: "a number", boolean: "true or false", null: "empty" };
  return types.split(",").map((type) => names[type] ?? type).join(" or ");
}

/** `ignore[0].path`, as the config is written, from a JSON pointer's segments. */
function fieldPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), "");
}

function pointerSegments(pointer: string): string[] {
  return pointer.split("/").slice(1).map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The YAML node an ajv instance path points at; for an unknown key, the key itself. */
function nodeAtPointer(root: Node | null, pointer: string, params: Record<string, unknown>): Node | undefined {
  let node: Node | null | undefined = root;
  const segments = pointerSegments(pointer);
  if (typeof params.additionalProperty === "string") segments.push(params.additionalProperty);
  const last = segments.length - 1;
  for (const [index, segment] of segments.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) return node;
      const isUnknownKey = index === last && typeof params.additionalProperty === "string";
      node = (isUnknownKey ? pair.key : pair.value) as Node | null;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)] as Node | null;
    } else {
      return node ?? undefined;
    }
  }
  return node ?? undefined;
}

/** Why a config file found by its name cannot be read as one; undefined when it can. */
function unreadableConfig(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? undefined : `is a ${stats.isDirectory() ? "directory" : "device, pipe or socket"}, not a file`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "is a link to nothing" : `cannot be read (${code ?? String(error)})`;
  }
}

/** Whether a name is in its directory, as a link to nothing too. */
function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** What is at a path, as the config's checks name it; undefined when nothing is (or it cannot be looked at). */
function pathKind(path: string): "file" | "directory" | "device, pipe or socket" | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? "file" : stats.isDirectory() ? "directory" : "device, pipe or socket";
  } catch {
    return undefined;
  }
}
