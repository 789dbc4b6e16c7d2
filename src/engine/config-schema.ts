// schemas/config.schema.json is generated from the rule registry (npm run generate), so the
// config's rule list can never disagree with the rules that exist.
import { repositoryFileUrl } from "./package.js";
import { CONFIG_FILE_NAMES, DEFAULT_SETTINGS } from "./config.js";
import { SEVERITY_SETTINGS, type RuleMeta, type SettingKey } from "./types.js";

const stringList = { type: "array", items: { type: "string" } } as const;

export function configSchema(rules: readonly RuleMeta[]): object {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: repositoryFileUrl("schemas/config.schema.json"),
    title: `nw-lint configuration (${CONFIG_FILE_NAMES.slice(0, -1).join(", ")} or ${CONFIG_FILE_NAMES.at(-1)})`,
    type: "object",
    additionalProperties: false,
    properties: {
      rules: {
        description: "Severity overrides by rule id; \"off\" disables a rule.",
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((rule) => [rule.id, { description: `${rule.title} (default: ${rule.severity})`, enum: SEVERITY_SETTINGS, default: rule.severity }]),
        ),
      },
      spin: {
        type: "object",
        additionalProperties: false,
        properties: {
          clusters: { description: "Cluster labels allowed in ingress hosts.", ...stringList, default: DEFAULT_SETTINGS.spin.clusters },
          globalFsPrefixes: { description: "hostPath prefixes that count as the NERSC global file system.", ...stringList, default: DEFAULT_SETTINGS.spin.globalFsPrefixes },
        },
      },
      writablePaths: { description: "Container paths the app writes to (a relative one is under the container's workingDir); mounts there must not be read-only.", ...stringList, default: DEFAULT_SETTINGS.writablePaths },
      apps: {
        description: "Explicit links between uWSGI inis and the workloads that run them.",
        type: "array",
        default: DEFAULT_SETTINGS.apps,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["ini", "workload"],
          properties: {
            ini: { description: "The ini file, relative to this config file.", type: "string" },
            workload: { description: "[namespace/]name of the pod-bearing object.", type: "string" },
            container: { description: "The container, when the pod has several.", type: "string" },
            root: { description: "Container path of the ini's directory.", type: "string" },
          },
        },
      },
      ignore: {
        description: "Globs of paths not to lint, relative to this file's directory; a glob that names a directory (`charts`, `charts/`, `/charts`) skips everything in it.",
        type: "array",
        default: DEFAULT_SETTINGS.ignore,
        items: { type: "string", pattern: "^[^!]", description: "a glob of paths to skip (a negated glob, !…, is not supported: list only what to skip)" },
      },
      maxFileSize: { description: "Files larger than this many bytes are reported and skipped.", type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: DEFAULT_SETTINGS.maxFileSize },
    },
  };
}

interface SchemaNode {
  readonly description?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

/** What the schema says about a setting such as `spin.globalFsPrefixes`, and its default, for the rule pages. */
export function settingDescription(key: SettingKey): string {
  let node = configSchema([]) as SchemaNode;
  for (const part of key.split(".")) node = node.properties?.[part] ?? {};
  if (!node.description) throw new Error(`the config schema does not describe "${key}"`);
  return node.default === undefined ? node.description : `${node.description} Default: \`${flowYaml(node.default)}\`.`;
}

/** A default as it is written in .nw-lint.yaml: `[development, production]`, `10485760`. */
function flowYaml(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(flowYaml).join(", ")}]` : String(value);
}
