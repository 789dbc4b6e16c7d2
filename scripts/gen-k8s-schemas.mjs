// Generates schemas/k8s: JSON Schemas (2020-12) of the kinds nw-lint models, from the
// `kubernetes-types` declarations, and ajv standalone validators compiled from them.
// See schemas/k8s/README.md for the layout and the rules.
//
//   node scripts/gen-k8s-schemas.mjs [outDir]      (npm run gen:schemas)

import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { createGenerator } from "ts-json-schema-generator";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "schemas/k8s"));
const typesDir = dirname(createRequire(import.meta.url).resolve("kubernetes-types/package.json"));

/** Declaration file of kubernetes-types → apiVersion and the kinds taken from it. */
const SOURCES = [
  { file: "core/v1.d.ts", apiVersion: "v1", kinds: ["Pod", "ReplicationController", "Service", "PersistentVolumeClaim", "ConfigMap", "Secret"] },
  { file: "apps/v1.d.ts", apiVersion: "apps/v1", kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] },
  { file: "batch/v1.d.ts", apiVersion: "batch/v1", kinds: ["Job", "CronJob"] },
  { file: "networking/v1.d.ts", apiVersion: "networking.k8s.io/v1", kinds: ["Ingress"] },
  // `kind: List` is kubectl's client-side envelope (apimachinery's v1.List), not an API type:
  // its items are validated by their own kinds, so only the envelope is described here.
  { file: "meta/v1.d.ts", apiVersion: "v1", kinds: ["List"], types: ["ListMeta"] },
];

/** Types whose declaration loses information that the API server has. */
const OVERRIDES = {
  // resource.Quantity is declared `string`, but the API machinery also reads a YAML number; a
  // string must be a number with an optional binary (Ki…Ei), decimal (n…E) or exponent suffix.
  Quantity: { type: ["number", "string"], pattern: "^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$" },
  // Free-form JSON (x-kubernetes-preserve-unknown-fields / type: object without properties).
  FieldsV1: { type: "object" },
  RawExtension: { type: "object" },
};

/**
 * Values the API server accepts for enumerated string fields (OpenAPI `enum` of Kubernetes
 * 1.30, enforced by its validation as "Unsupported value"). kubernetes-types drops them.
 * The empty string is also accepted: it means unset and the API server applies the default.
 */
const ENUMS = {
  "AppArmorProfile.type": ["Localhost", "RuntimeDefault", "Unconfined"],
  "Container.imagePullPolicy": ["Always", "IfNotPresent", "Never"],
  "Container.restartPolicy": ["Always"],
  "Container.terminationMessagePolicy": ["FallbackToLogsOnError", "File"],
  "ContainerPort.protocol": ["SCTP", "TCP", "UDP"],
  "ContainerResizePolicy.restartPolicy": ["NotRequired", "RestartContainer"],
  "CronJobSpec.concurrencyPolicy": ["Allow", "Forbid", "Replace"],
  "DaemonSetUpdateStrategy.type": ["OnDelete", "RollingUpdate"],
  "DeploymentStrategy.type": ["Recreate", "RollingUpdate"],
  "EphemeralContainer.imagePullPolicy": ["Always", "IfNotPresent", "Never"],
  "EphemeralContainer.terminationMessagePolicy": ["FallbackToLogsOnError", "File"],
  "HTTPGetAction.scheme": ["HTTP", "HTTPS"],
  "HTTPIngressPath.pathType": ["Exact", "ImplementationSpecific", "Prefix"],
  "HostPathVolumeSource.type": ["BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"],
  "JobSpec.completionMode": ["Indexed", "NonIndexed"],
  "JobSpec.podReplacementPolicy": ["Failed", "TerminatingOrFailed"],
  "LabelSelectorRequirement.operator": ["DoesNotExist", "Exists", "In", "NotIn"],
  "NodeSelectorRequirement.operator": ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
  "PersistentVolumeClaimSpec.accessModes": ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"],
  "PersistentVolumeClaimSpec.volumeMode": ["Block", "Filesystem"],
  "PodFailurePolicyOnExitCodesRequirement.operator": ["In", "NotIn"],
  "PodFailurePolicyRule.action": ["Count", "FailIndex", "FailJob", "Ignore"],
  "PodOS.name": ["linux", "windows"],
  "PodSecurityContext.fsGroupChangePolicy": ["Always", "OnRootMismatch"],
  "PodSpec.dnsPolicy": ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
  "PodSpec.preemptionPolicy": ["Never", "PreemptLowerPriority"],
  "PodSpec.restartPolicy": ["Always", "Never", "OnFailure"],
  "SeccompProfile.type": ["Localhost", "RuntimeDefault", "Unconfined"],
  "SecurityContext.procMount": ["Default", "Unmasked"],
  "ServicePort.protocol": ["SCTP", "TCP", "UDP"],
  "ServiceSpec.externalTrafficPolicy": ["Cluster", "Local"],
  "ServiceSpec.internalTrafficPolicy": ["Cluster", "Local"],
  "ServiceSpec.ipFamilies": ["IPv4", "IPv6"],
  "ServiceSpec.ipFamilyPolicy": ["PreferDualStack", "RequireDualStack", "SingleStack"],
  "ServiceSpec.sessionAffinity": ["ClientIP", "None"],
  "ServiceSpec.type": ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
  "StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted": ["Delete", "Retain"],
  "StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled": ["Delete", "Retain"],
  "StatefulSetSpec.podManagementPolicy": ["OrderedReady", "Parallel"],
  "StatefulSetUpdateStrategy.type": ["OnDelete", "RollingUpdate"],
  "Toleration.effect": ["NoExecute", "NoSchedule", "PreferNoSchedule"],
  "Toleration.operator": ["Equal", "Exists"],
  "TopologySpreadConstraint.nodeAffinityPolicy": ["Honor", "Ignore"],
  "TopologySpreadConstraint.nodeTaintsPolicy": ["Honor", "Ignore"],
  "TopologySpreadConstraint.whenUnsatisfiable": ["DoNotSchedule", "ScheduleAnyway"],
  "VolumeMount.mountPropagation": ["Bidirectional", "HostToContainer", "None"],
  "VolumeMount.recursiveReadOnly": ["Disabled", "Enabled", "IfPossible"],
};

const usedEnums = new Set();

/**
 * Fields the 1.30 OpenAPI documents mark required that the API server never required.
 * StatefulSetSpec.serviceName: kubernetes/kubernetes#130233 marks it optional ("This field is NOT
 * required"); a StatefulSet without it is created, its pods get no subdomain.
 */
const OPTIONAL = new Set(["StatefulSetSpec.serviceName"]);
const usedOptional = new Set();

/** The definitions (as ts-json-schema-generator emits them) of every type in a file. */
function generate(file, types) {
  const generator = createGenerator({
    path: join(typesDir, file),
    skipTypeCheck: true,
    expose: "all",
    topRef: true,
    jsDoc: "none",
    additionalProperties: false,
  });
  const definitions = {};
  for (const type of types) Object.assign(definitions, generator.createSchema(type).definitions);
  return definitions;
}

/**
 * Rewrites one generated schema node. Object types (structs) stay definitions under `$defs`
 * without a `type` of their own; each reference states `type: "object"` beside its `$ref`, so
 * that the place of use decides whether `null` is allowed. Every other definition is inlined.
 * `number` becomes `integer`: these kinds have no floating-point field (Quantity aside).
 */
function convert(node, defs, reached) {
  // `const` only pins apiVersion and kind, which select the schema anyway: dropped.
  const { $ref, type, properties, additionalProperties, items, const: _literal, ...rest } = node;
  if (Object.keys(rest).length > 0 || properties !== undefined) {
    throw new Error(`unexpected schema ${JSON.stringify(node).slice(0, 200)}`);
  }
  if ($ref !== undefined) {
    const name = decodeURIComponent($ref.replace("#/definitions/", ""));
    if (OVERRIDES[name] !== undefined) return structuredClone(OVERRIDES[name]);
    const target = defs[name];
    if (target === undefined) throw new Error(`unresolved reference ${$ref}`);
    if (!isStruct(target)) return convert(target, defs, reached);
    if (Object.keys(target.properties ?? {}).length === 0) throw new Error(`${name} has no properties: add an override`);
    reached.add(name);
    return { $ref: `#/$defs/${name}`, type: "object" };
  }
  const out = { type: Array.isArray(type) ? type.map(integer) : integer(type) };
  if (items !== undefined) out.items = nullable(convert(items, defs, reached));
  if (typeof additionalProperties === "object") out.additionalProperties = nullable(convert(additionalProperties, defs, reached));
  return out;
}

const integer = (type) => (type === "number" ? "integer" : type);
const isStruct = (schema) => schema.type === "object" && schema.additionalProperties === false;

/** The definition of a struct, with its properties converted, enums added, `null` allowed where optional. */
function convertStruct(name, schema, defs, reached) {
  const required = new Set(schema.required ?? []);
  for (const prop of required) {
    if (!OPTIONAL.has(`${name}.${prop}`)) continue;
    required.delete(prop);
    usedOptional.add(`${name}.${prop}`);
  }
  const properties = {};
  for (const [prop, propSchema] of Object.entries(schema.properties)) {
    const converted = convert(propSchema, defs, reached);
    const values = ENUMS[`${name}.${prop}`];
    if (values !== undefined) {
      usedEnums.add(`${name}.${prop}`);
      const target = converted.type === "array" ? converted.items : converted;
      if (!types(target).includes("string")) throw new Error(`enum on non-string ${name}.${prop}`);
      target.enum = types(target).includes("null") ? [...values, "", null] : [...values, ""];
    }
    properties[prop] = required.has(prop) ? converted : nullable(converted);
  }
  const out = { properties, additionalProperties: false };
  if (required.size > 0) out.required = [...required].sort();
  return out;
}

const types = (schema) => [schema.type].flat();

/** `null` means unset to the API server: allowed wherever a value is optional. */
function nullable(schema) {
  if (types(schema).includes("null")) return schema;
  const out = { ...schema, type: [...types(schema), "null"] };
  if (out.enum !== undefined) out.enum = [...out.enum, null];
  return out;
}

/** The root schema of one kind; the structs it reaches are added to `shared`. */
function kindSchema(apiVersion, kind, defs, shared) {
  const reached = new Set();
  const root = convertStruct(kind, kind === "List" ? LIST : defs[kind], defs, reached);
  for (const name of ["apiVersion", "kind"]) root.properties[name] = { type: ["string", "null"] };
  // `status` is written by the cluster, ignored on apply, and present in every export.
  if (root.properties.status !== undefined) root.properties.status = { type: ["object", "null"] };
  const pending = [...reached];
  while (pending.length > 0) {
    const name = pending.pop();
    const converted = convertStruct(name, defs[name], defs, reached);
    if (shared[name] !== undefined && JSON.stringify(shared[name]) !== JSON.stringify(converted)) {
      throw new Error(`two different types named ${name}`);
    }
    shared[name] = converted;
    for (const n of reached) if (shared[n] === undefined && !pending.includes(n)) pending.push(n);
  }
  const rooted = JSON.parse(JSON.stringify(root).replaceAll('"#/$defs/', '"definitions.json#/$defs/'));
  return { $schema: SCHEMA, title: `${apiVersion} ${kind}`, type: "object", ...rooted };
}

const SCHEMA = "https://json-schema.org/draft/2020-12/schema";

/** apimachinery's v1.List, which kubernetes-types does not declare. */
const LIST = {
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { $ref: "#/definitions/ListMeta" },
    items: { type: "array", items: { $ref: "#/definitions/RawExtension" } },
  },
  additionalProperties: false,
};

function fileName(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `${group}-${version}-${kind.toLowerCase()}.json`;
}

/** Object keys sorted at every level, so the output does not depend on generator order. */
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;

/** Validators for every kind as ajv standalone code (CommonJS, exports keyed "apiVersion kind"). */
function standalone(files, index) {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false, messages: false, code: { source: true } });
  for (const [name, schema] of Object.entries(files)) ajv.addSchema(schema, name);
  return `// Generated by scripts/gen-k8s-schemas.mjs from the schemas beside this file. Do not edit.\n${standaloneCode(ajv, index)}\n`;
}

const files = {};
const shared = {};
const index = {};
for (const { file, apiVersion, kinds, types } of SOURCES) {
  const defs = generate(file, types ?? kinds);
  for (const kind of kinds) {
    const name = fileName(apiVersion, kind);
    files[name] = sorted(kindSchema(apiVersion, kind, defs, shared));
    index[`${apiVersion} ${kind}`] = name;
  }
}
const unused = Object.keys(ENUMS).filter((k) => !usedEnums.has(k));
if (unused.length > 0) throw new Error(`ENUMS names fields that no schema has: ${unused.join(", ")}`);
const stale = [...OPTIONAL].filter((field) => !usedOptional.has(field));
if (stale.length > 0) throw new Error(`OPTIONAL names fields that no schema requires: ${stale.join(", ")}`);
files["definitions.json"] = sorted({ $schema: SCHEMA, title: "Kubernetes 1.30 types used by the kinds in index.json", $defs: shared });

mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (/\.(json|cjs)$/.test(f)) rmSync(join(outDir, f));
for (const [name, schema] of Object.entries(files)) writeFileSync(join(outDir, name), JSON.stringify(schema, null, 2) + "\n");
writeFileSync(join(outDir, "index.json"), JSON.stringify(sorted(index), null, 2) + "\n");
writeFileSync(join(outDir, "validators.cjs"), standalone(files, index));
