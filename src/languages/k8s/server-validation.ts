// What the API server's validation code rejects beyond the OpenAPI schema in schemas/k8s, for
// the kinds nw-lint models. Kubernetes 1.30:
// - pkg/apis/batch/validation: validateJobSpec, validateGeneratedSelector (with the Job
//   strategy's generateSelector), ValidateJobTemplateSpec, a CronJob's name length;
// - pkg/apis/apps/validation: a controller's pod template restarts Always, ValidateDeploymentStrategy,
//   ValidateStatefulSetSpec's update strategy;
// - pkg/apis/networking/validation: validateIngressRules, validateIngressTLS, validateHTTPIngressPath,
//   ValidateIngressCreate's class annotation;
// - pkg/apis/core/validation: validateContainerPorts, validateLivenessProbe, validateReadinessProbe and
//   validateStartupProbe with validateHandler and ValidatePortNumOrName, ValidateEnv with
//   validateEnvVarValueFrom, the container name checks of
//   validateContainers, validateInitContainers and validateEphemeralContainers, ValidateVolumes'
//   duplicate names, validateServicePort's port names, ValidateService's node ports of a ClusterIP
//   Service, ValidateObjectMeta and each kind's name validation, ValidateLabels, the security
//   contexts' user and group ids, ValidateResourceRequirements' requests above limits;
// with apimachinery's IsDNS1123Subdomain, IsDNS1035Label, IsWildcardDNS1123Subdomain,
// IsValidPortName, IsValidPortNum, IsQualifiedName, IsValidLabelValue, IsValidUserID and
// IsValidGroupID, and ValidateLabelSelectorRequirement (pkg/apis/meta/v1/validation).

import { isIP } from "node:net";
import { posix } from "node:path";
import { POD_BEARING_KINDS } from "./pod-specs.js";
import { quantityValue } from "./quantity.js";
import type { ClusterIpType, DuplicateName, HostProblem, IngressPathProblem, LabelKeyProblem, LabelValueProblem, ObjectNameProblem, PortNameProblem, SchemaPath, SchemaProblem } from "./schema-validation.js";

/** The problems of `value`, an object of `kind` that has a schema, that only the API server's checks find. */
export function serverValidationProblems(kind: string, value: unknown): SchemaProblem[] {
  // A List is no object the API server keeps: kubectl applies its items, each with its own name.
  return [...(kind === "List" ? [] : [...nameProblems(kind, value), ...labelProblems(kind, value)]), ...specProblems(kind, value)];
}

function specProblems(kind: string, value: unknown): SchemaProblem[] {
  if (kind === "Ingress") return [...ingressHostProblems(objectAt(value, "spec")), ...ingressPathProblems(objectAt(value, "spec")), ...ingressClassProblems(value)];
  if (kind === "Service") return [...servicePortProblems(objectAt(value, "spec")), ...clusterIpNodePortProblems(objectAt(value, "spec"))];
  const podSpecPath = POD_BEARING_KINDS.get(kind);
  if (!podSpecPath) return [];
  const podSpec = objectAt(value, ...podSpecPath);
  return [
    ...rollingUpdateProblems(kind, value), ...selectorRequirementProblems(kind, value),
    ...jobSelectorProblems(kind, value), ...restartPolicyProblems(kind, podSpec, podSpecPath), ...duplicateNameProblems(podSpec, podSpecPath),
    ...portNameProblems(podSpec, podSpecPath), ...idProblems(podSpec, podSpecPath), ...resourceProblems(podSpec, podSpecPath),
    ...probeProblems(podSpec, podSpecPath), ...plainInitContainerProblems(podSpec, podSpecPath), ...envProblems(podSpec, podSpecPath),
  ];
}

/** Kinds whose `spec.selector` is a label selector (matchLabels, matchExpressions); a Service's and a ReplicationController's are plain label maps. */
function hasLabelSelector(kind: string): boolean {
  return POD_BEARING_KINDS.has(kind) && !["Pod", "CronJob", "ReplicationController"].includes(kind);
}

/**
 * ValidateLabelSelectorRequirement: what each operator asks of a requirement's `values` (an
 * unknown operator is the schema's enum). In and NotIn need at least one ("Required value"),
 * Exists and DoesNotExist take none ("Forbidden"); `values: null` is none.
 */
const OPERATOR_VALUES: ReadonlyMap<string, "selector-values-required" | "selector-values-forbidden"> = new Map([
  ["In", "selector-values-required"], ["NotIn", "selector-values-required"],
  ["Exists", "selector-values-forbidden"], ["DoesNotExist", "selector-values-forbidden"],
]);

function selectorRequirementProblems(kind: string, value: unknown): SchemaProblem[] {
  if (!hasLabelSelector(kind)) return [];
  return arrayAt(objectAt(value, "spec", "selector"), "matchExpressions").flatMap((expression, i): SchemaProblem[] => {
    const requirement = objectAt(expression);
    const rule = typeof requirement?.operator === "string" ? OPERATOR_VALUES.get(requirement.operator) : undefined;
    const count = arrayAt(requirement, "values").length;
    const at = ["spec", "selector", "matchExpressions", i];
    // Required where `values` is written empty, at the entry where it is missing.
    if (rule === "selector-values-required" && count === 0) return [{ path: Object.hasOwn(requirement ?? {}, "values") ? [...at, "values"] : at, kind: rule, field: "values" }];
    return rule === "selector-values-forbidden" && count > 0 ? [{ path: [...at, "values"], kind: rule, field: "values" }] : [];
  });
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];
/** validateHandler's handlers of a probe, in the order it counts them: the first is the probe's, each later one "may not specify more than 1 handler type". */
const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];
/** validateLivenessProbe and validateStartupProbe: successThreshold "must be 1" (an unset or 0 one is defaulted to 1); a readiness probe may ask for more. */
const SINGLE_SUCCESS_PROBES: ReadonlySet<string> = new Set(["livenessProbe", "startupProbe"]);
const MAX_PORT = 65535;

/**
 * The probes of the containers and of the init containers that run beside them (restartPolicy
 * Always; the API server forbids probes on other init containers): one handler each, whose port
 * is a number from 1 to 65535 or a valid port name (ValidatePortNumOrName), and a success
 * threshold of 1 where validateLivenessProbe and validateStartupProbe require it.
 */
function probeProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  const probed = containersOf(podSpec, at, ["initContainers", "containers"]).filter(({ container, path }) => path.at(-2) === "containers" || container?.restartPolicy === "Always");
  return probed.flatMap(({ container, path }) =>
    PROBES.flatMap((name) => {
      const probe = objectAt(container, name);
      return probe ? [...handlerProblems(probe, [...path, name]), ...successThresholdProblems(probe, [...path, name])] : [];
    }),
  );
}

/** validateInitContainers: what only a container that runs beside the app has, which an init container without restartPolicy Always "may not" set. */
const BESIDE_THE_APP_ONLY = ["lifecycle", ...PROBES];

function plainInitContainerProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  return containersOf(podSpec, at, ["initContainers"])
    .filter(({ container }) => container?.restartPolicy !== "Always")
    .flatMap(({ container, path }) => BESIDE_THE_APP_ONLY.filter((name) => isSet(container?.[name])).map((name): SchemaProblem => ({ path: [...path, name], kind: "init-container-field", field: name })));
}

function handlerProblems(probe: Record<string, unknown>, at: SchemaPath): SchemaProblem[] {
  const [handler, ...others] = PROBE_HANDLERS.filter((name) => isSet(probe[name]));
  if (!handler) return [{ path: at, kind: "probe-without-handler", field: String(at.at(-1)) }];
  return [
    ...probePortProblems(objectAt(probe, handler)?.port, [...at, handler, "port"]),
    ...others.map((other): SchemaProblem => ({ path: [...at, other], kind: "probe-handlers", field: other, other: handler })),
  ];
}

/** ValidatePortNumOrName: a number is a port from 1 to 65535, a string the name of a container port. */
function probePortProblems(port: unknown, at: SchemaPath): SchemaProblem[] {
  if (typeof port === "number") return Number.isInteger(port) && (port < 1 || port > MAX_PORT) ? [{ path: at, kind: "port-out-of-range", field: "port" }] : [];
  const reason = typeof port === "string" ? portNameProblem(port) : undefined;
  return reason ? [{ path: at, kind: "invalid-port-name", field: "port", reason }] : [];
}

function successThresholdProblems(probe: Record<string, unknown>, at: SchemaPath): SchemaProblem[] {
  const threshold = probe.successThreshold;
  const name = String(at.at(-1));
  if (!SINGLE_SUCCESS_PROBES.has(name) || typeof threshold !== "number" || threshold === 0 || threshold === 1) return [];
  return [{ path: [...at, "successThreshold"], kind: "success-threshold", field: name }];
}

const ENV_SOURCES = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"];

/**
 * ValidateEnv: each variable of each container has a name ("Required value", also when written
 * empty: a missing one is the schema's), and validateEnvVarValueFrom asks a `valueFrom` for exactly
 * one source ("must specify one of", "may not have more than one field specified at a time"), and
 * none beside a non-empty `value` ("may not be specified when `value` is not empty"), in that order.
 */
function envProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  return containersOf(podSpec, at, ["initContainers", "containers", "ephemeralContainers"]).flatMap(({ container, path }) =>
    arrayAt(container, "env").flatMap((entry, i): SchemaProblem[] => {
      const variable = objectAt(entry);
      const named = typeof variable?.name === "string" ? variable.name : "";
      const nameProblems: SchemaProblem[] = variable?.name === "" ? [{ path: [...path, "env", i, "name"], kind: "empty-env-name", field: "name" }] : [];
      const sourceProblem = valueFromProblem(variable);
      return [...nameProblems, ...(sourceProblem ? [{ path: [...path, "env", i, "valueFrom"], kind: sourceProblem, field: named }] : [])];
    }),
  );
}

function valueFromProblem(variable: Record<string, unknown> | undefined): "env-no-source" | "env-value-and-source" | "env-sources" | undefined {
  if (!isSet(variable?.valueFrom)) return undefined;
  const source = objectAt(variable, "valueFrom");
  const sources = ENV_SOURCES.filter((name) => isSet(source?.[name])).length;
  if (sources === 0) return "env-no-source";
  if (typeof variable?.value === "string" && variable.value !== "") return "env-value-and-source";
  return sources > 1 ? "env-sources" : undefined;
}

/** A field written with a value: `null` is unset, as the API server reads it. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** ValidateIngressCreate: the deprecated class annotation "can not be set when the class field is also set". */
const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

function ingressClassProblems(value: unknown): SchemaProblem[] {
  const annotations = objectAt(value, "metadata", "annotations");
  const className = objectAt(value, "spec")?.ingressClassName;
  if (!annotations || !Object.hasOwn(annotations, INGRESS_CLASS_ANNOTATION) || className === undefined || className === null) return [];
  return [{ path: ["metadata", "annotations", INGRESS_CLASS_ANNOTATION], kind: "ingress-class-annotation", field: INGRESS_CLASS_ANNOTATION }];
}

/** ValidateResourceRequirements: a container's request of a resource may not exceed its limit ("must be less than or equal to cpu limit"). */
function resourceProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  return containersOf(podSpec, at, ["initContainers", "containers"]).flatMap(({ container, path }) => {
    const requests = objectAt(container, "resources", "requests");
    const limits = objectAt(container, "resources", "limits");
    return Object.entries(requests ?? {}).flatMap(([resource, request]): SchemaProblem[] => {
      const [asked, limit] = [quantityValue(request), quantityValue(limits?.[resource])];
      // Quantities are exact decimals to the API server: a rounding error of the floating-point product is no excess.
      if (asked === undefined || limit === undefined || asked <= limit * (1 + 1e-12)) return [];
      return [{ path: [...path, "resources", "requests", resource], kind: "request-over-limit", field: resource, limit: String(limits![resource]) }];
    });
  });
}

/**
 * A strategy that rolls nothing takes no `rollingUpdate` settings, not even an empty mapping
 * (`rollingUpdate: null` is unset): ValidateDeploymentStrategy refuses one beside Recreate ("may
 * not be specified when strategy `type` is 'Recreate'"), which stops every old pod before it starts
 * the new ones; ValidateStatefulSetSpec one beside OnDelete ("only allowed for updateStrategy
 * 'RollingUpdate'"), which replaces a pod only when it is deleted.
 */
const NON_ROLLING_STRATEGIES: ReadonlyMap<string, { readonly field: string; readonly type: string; readonly kind: SchemaProblem["kind"] }> = new Map([
  ["Deployment", { field: "strategy", type: "Recreate", kind: "recreate-rolling-update" }],
  ["StatefulSet", { field: "updateStrategy", type: "OnDelete", kind: "on-delete-rolling-update" }],
]);

function rollingUpdateProblems(kind: string, value: unknown): SchemaProblem[] {
  const strategy = NON_ROLLING_STRATEGIES.get(kind);
  const written = strategy && objectAt(value, "spec", strategy.field);
  if (!strategy || written?.type !== strategy.type || !objectAt(written, "rollingUpdate")) return [];
  return [{ path: ["spec", strategy.field, "rollingUpdate"], kind: strategy.kind, field: "rollingUpdate" }];
}

/** The labels the Job controller gives a Job's pods (the Job strategy's generateSelector). */
const JOB_NAME_LABELS: ReadonlySet<string> = new Set(["job-name", "batch.kubernetes.io/job-name"]);
/** The Job's uid is made when the Job is created: what a selector says of it cannot be judged from the manifest. */
const CONTROLLER_UID_LABELS: ReadonlySet<string> = new Set(["controller-uid", "batch.kubernetes.io/controller-uid"]);

/**
 * Unless `manualSelector: true`, the API server adds its own `controller-uid` to a Job's
 * selector and refuses the Job ("`selector` not auto-generated") when the selector does not
 * select the labels it gives the Job's pods: a Deployment's `matchLabels: {app: web}` copied into
 * a Job. A CronJob's jobTemplate may hold no selector at all, nor `manualSelector: true`
 * (ValidateJobTemplateSpec: "`selector` will be auto-generated").
 */
function jobSelectorProblems(kind: string, value: unknown): SchemaProblem[] {
  if (kind === "CronJob") return jobTemplateSelectorProblems(objectAt(value, "spec", "jobTemplate", "spec"));
  if (kind !== "Job") return [];
  const spec = objectAt(value, "spec");
  const selector = objectAt(spec, "selector");
  if (!selector || spec?.manualSelector === true) return [];
  const name = objectAt(value, "metadata")?.name;
  return mayMatchJobLabels(selector, typeof name === "string" ? name : undefined) ? [] : [{ path: ["spec", "selector"], kind: "job-selector", field: "selector" }];
}

function jobTemplateSelectorProblems(jobSpec: Record<string, unknown> | undefined): SchemaProblem[] {
  const at = ["spec", "jobTemplate", "spec"];
  if (objectAt(jobSpec, "selector")) return [{ path: [...at, "selector"], kind: "job-template-selector", field: "selector" }];
  return jobSpec?.manualSelector === true ? [{ path: [...at, "manualSelector"], kind: "job-template-selector", field: "manualSelector" }] : [];
}

/** Whether every requirement of `selector` may hold for the labels of the Job's pods; a requirement on the Job's uid, or its name when unknown, may. */
function mayMatchJobLabels(selector: Record<string, unknown>, jobName: string | undefined): boolean {
  const requirements = [
    ...Object.entries(objectAt(selector, "matchLabels") ?? {}).map(([key, label]) => ({ key, operator: "In", values: [label] })),
    ...arrayAt(selector, "matchExpressions").map((expression) => ({ key: objectAt(expression)?.key, operator: objectAt(expression)?.operator, values: arrayAt(objectAt(expression), "values") })),
  ];
  return requirements.every(({ key, operator, values }) => {
    if (typeof key !== "string" || CONTROLLER_UID_LABELS.has(key) || (JOB_NAME_LABELS.has(key) && jobName === undefined)) return true;
    const label = JOB_NAME_LABELS.has(key) ? jobName : undefined;
    if (operator === "In") return label !== undefined && values.includes(label);
    if (operator === "NotIn") return label === undefined || !values.includes(label);
    if (operator === "Exists") return label !== undefined;
    if (operator === "DoesNotExist") return label === undefined;
    return true;
  });
}

/** A bare Pod may restart as it likes; a Job's pods must stop, a controller's keep running. */
function restartPolicyProblems(kind: string, podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  if (kind === "Pod") return [];
  return kind === "Job" || kind === "CronJob" ? jobRestartPolicyProblems(podSpec, at) : controllerRestartPolicyProblems(podSpec, at);
}

const JOB_RESTART_POLICIES = ["OnFailure", "Never"];

/**
 * A Job's pods must stop: restartPolicy OnFailure or Never. Unset (the pod default, Always) is
 * "Required value", Always and "" are refused too; values outside every policy are the schema's enum.
 */
function jobRestartPolicyProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  if (!podSpec) return [];
  const policy = podSpec.restartPolicy;
  if (policy === undefined || policy === null) return [{ path: [...at], kind: "missing-required", field: "restartPolicy", allowed: JOB_RESTART_POLICIES }];
  if (policy === "Always" || policy === "") return [{ path: [...at, "restartPolicy"], kind: "enum", field: "restartPolicy", allowed: JOB_RESTART_POLICIES }];
  return [];
}

/**
 * A controller keeps its pods running: restartPolicy Always, the default an unset or empty one
 * gets (pkg/apis/apps/validation: `Unsupported value: "OnFailure": supported values: "Always"`).
 */
function controllerRestartPolicyProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  const policy = podSpec?.restartPolicy;
  return policy === "OnFailure" || policy === "Never" ? [{ path: [...at, "restartPolicy"], kind: "enum", field: "restartPolicy", allowed: ["Always"] }] : [];
}

/**
 * The `name` of each container's ports: an IANA service name, which a Service `targetPort` can use
 * (k8s/port-chain checks those), and one no other port of the container has (validateContainerPorts:
 * "Duplicate value"; a name it refuses is not compared).
 */
function portNameProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  return containersOf(podSpec, at, ["initContainers", "containers"]).flatMap(({ container, path }) => {
    const ports = arrayAt(container, "ports").map((port, j) => ({ entry: objectAt(port), path: [...path, "ports", j] }));
    const named = ports.map((port) => ({ ...port, reason: typeof port.entry?.name === "string" && port.entry.name !== "" ? portNameProblem(port.entry.name) : undefined }));
    return [
      ...named.flatMap(({ path: portPath, reason }) => (reason ? [{ path: [...portPath, "name"], kind: "invalid-port-name" as const, field: "name", reason }] : [])),
      ...duplicatesOf(named.filter(({ reason }) => !reason), "container-port"),
    ];
  });
}

/** The containers of `groups` in a pod spec, each with its path. */
function containersOf(podSpec: Record<string, unknown> | undefined, at: readonly string[], groups: readonly string[]): { readonly container: Record<string, unknown> | undefined; readonly path: SchemaPath }[] {
  return groups.flatMap((group) => arrayAt(podSpec, group).map((container, i) => ({ container: objectAt(container), path: [...at, group, i] })));
}

/**
 * A pod's containers, init containers and ephemeral containers share one set of names, checked
 * in that order (so an init container named as a container is the duplicate); its volumes another.
 */
function duplicateNameProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  const containers = containersOf(podSpec, at, ["containers", "initContainers", "ephemeralContainers"]).map(({ container, path }) => ({ entry: container, path }));
  const volumes = arrayAt(podSpec, "volumes").map((volume, i) => ({ entry: objectAt(volume), path: [...at, "volumes", i] }));
  return [...duplicatesOf(containers, "container"), ...duplicatesOf(volumes, "volume")];
}

/** The `name` of each entry named as an earlier one ("Duplicate value"); an empty or missing name is another problem. */
function duplicatesOf(entries: readonly { readonly entry: Record<string, unknown> | undefined; readonly path: SchemaPath }[], reason: DuplicateName): SchemaProblem[] {
  const seen = new Set<string>();
  return entries.flatMap(({ entry, path }) => {
    const name = entry?.name;
    if (typeof name !== "string" || name === "") return [];
    if (!seen.has(name)) {
      seen.add(name);
      return [];
    }
    return [{ path: [...path, "name"], kind: "duplicate-name", field: "name", reason }];
  });
}

/** validateServicePort: a Service of more than one port names each ("Required value"), and no two alike. */
function servicePortProblems(spec: Record<string, unknown> | undefined): SchemaProblem[] {
  const ports = arrayAt(spec, "ports").map((port, i) => ({ entry: objectAt(port), path: ["spec", "ports", i] }));
  const unnamed = ports.length < 2 ? [] : ports.filter(({ entry }) => entry && (entry.name === undefined || entry.name === null || entry.name === ""));
  return [...unnamed.map(({ path }): SchemaProblem => ({ path, kind: "unnamed-port", field: "name" })), ...duplicatesOf(ports, "service-port")];
}

/**
 * ValidateService: a ClusterIP Service, the type an unset or empty `type` defaults to, opens no
 * port on the nodes, and a `nodePort` on one of its ports is refused ("may not be used when
 * `type` is 'ClusterIP'"), a headless one's too; 0 is no node port. ValidateService checks no
 * other type: an ExternalName Service's nodePort is not refused there.
 */
function clusterIpNodePortProblems(spec: Record<string, unknown> | undefined): SchemaProblem[] {
  const type = spec?.type;
  if (type !== undefined && type !== null && type !== "" && type !== "ClusterIP") return [];
  const reason: ClusterIpType = type === "ClusterIP" ? "written" : "defaulted";
  return arrayAt(spec, "ports").flatMap((port, i): SchemaProblem[] => {
    const nodePort = objectAt(port)?.nodePort;
    return typeof nodePort === "number" && nodePort !== 0 ? [{ path: ["spec", "ports", i, "nodePort"], kind: "cluster-ip-node-port", field: "nodePort", reason }] : [];
  });
}

/**
 * validateHTTPIngressPath: a path of pathType Prefix or Exact must start with "/", and be there;
 * ImplementationSpecific may leave it out, but one written must start with "/" too. A Prefix or
 * Exact path may not climb or skip segments either (invalidPathSequences, invalidPathSuffixes).
 */
function ingressPathProblems(spec: Record<string, unknown> | undefined): SchemaProblem[] {
  return arrayAt(spec, "rules").flatMap((rule, i) =>
    arrayAt(objectAt(rule, "http"), "paths").flatMap((entry, j): SchemaProblem[] => {
      const { path, pathType } = objectAt(entry) ?? {};
      const at = ["spec", "rules", i, "http", "paths", j];
      const needsPath = pathType === "Prefix" || pathType === "Exact";
      if (needsPath && (path === undefined || path === null)) return [{ path: at, kind: "missing-path", field: "path" }];
      const checked = needsPath || (pathType === "ImplementationSpecific" && path !== "");
      if (!checked || typeof path !== "string") return [];
      if (!path.startsWith("/")) return [{ path: [...at, "path"], kind: "relative-path", field: "path" }];
      return needsPath ? pathSegmentProblems(path, [...at, "path"]) : [];
    }),
  );
}

/** What the API server refuses in a Prefix or Exact path: its `must not contain` sequences, then its `cannot end with` suffixes. */
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];

/** The first refused sequence or suffix of an absolute path, with the path it stands for when no encoded slash is in it. */
function pathSegmentProblems(path: string, at: SchemaPath): SchemaProblem[] {
  const contained = INVALID_PATH_SEQUENCES.find((sequence) => path.includes(sequence));
  const suffix = contained ? undefined : INVALID_PATH_SUFFIXES.find((ending) => path.endsWith(ending));
  const sequence = contained ?? suffix;
  if (!sequence) return [];
  const reason: IngressPathProblem = contained ? "contains" : "ends-with";
  // Without its empty, "." and ".." segments, as a client resolves them: the path most likely meant.
  const normalised = /%2f/i.test(path) ? undefined : posix.normalize(path);
  return [{ path: at, kind: "invalid-path", field: "path", reason, sequence, ...(normalised && { suggestion: normalised }) }];
}

/** IsValidUserID and IsValidGroupID: the schema takes any int64, the API server 0 to 2^31 - 1. */
const MAX_ID = 2147483647;

/** The user and group ids of the pod's and each container's securityContext. */
function idProblems(podSpec: Record<string, unknown> | undefined, at: readonly string[]): SchemaProblem[] {
  const pod = objectAt(podSpec, "securityContext");
  const ids: { readonly id: unknown; readonly path: SchemaPath; readonly field: string }[] = [
    ...["runAsUser", "runAsGroup", "fsGroup"].map((field) => ({ id: pod?.[field], path: [...at, "securityContext", field], field })),
    ...arrayAt(pod, "supplementalGroups").map((id, i) => ({ id, path: [...at, "securityContext", "supplementalGroups", i], field: "supplementalGroups" })),
    ...containersOf(podSpec, at, ["initContainers", "containers", "ephemeralContainers"]).flatMap(({ container, path }) => {
      const context = objectAt(container, "securityContext");
      return ["runAsUser", "runAsGroup"].map((field) => ({ id: context?.[field], path: [...path, "securityContext", field], field }));
    }),
  ];
  return ids.filter(({ id }) => typeof id === "number" && Number.isInteger(id) && (id < 0 || id > MAX_ID)).map(({ path, field }) => ({ path, kind: "id-out-of-range", field }));
}

const MAX_PORT_NAME_LENGTH = 15;

/** What apimachinery's IsValidPortName refuses in a port name. */
export function portNameProblem(name: string): PortNameProblem | undefined {
  if (name.length > MAX_PORT_NAME_LENGTH) return "too-long";
  if (!/^[-a-z0-9]+$/.test(name)) return "characters";
  if (!/[a-z]/.test(name)) return "no-letter";
  if (name.startsWith("-") || name.endsWith("-") || name.includes("--")) return "hyphens";
  return undefined;
}

/**
 * `metadata.name`: `kubectl apply` needs one ("resource name may not be empty"), unless the object
 * asks the API server to make one up (`generateName`, for `kubectl create`); the API server
 * refuses one not in its kind's format (ValidateObjectMeta with the kind's name validation).
 */
function nameProblems(kind: string, value: unknown): SchemaProblem[] {
  if (!isObject(value)) return [];
  const metadata = value.metadata;
  if (metadata === undefined || metadata === null) return [{ path: [], kind: "missing-name", field: "metadata" }];
  if (!isObject(metadata)) return [];
  const { name, generateName } = metadata;
  if (name === undefined || name === null || name === "") {
    return typeof generateName === "string" && generateName !== "" ? [] : [{ path: ["metadata"], kind: "missing-name", field: "name" }];
  }
  const reason = typeof name === "string" ? objectNameProblem(kind, name) : undefined;
  return reason ? [{ path: ["metadata", "name"], kind: "invalid-name", field: "name", reason }] : [];
}

const DNS_1035_LABEL = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;
/** A CronJob's Jobs are named after it with 11 characters more (`-` and a time stamp), and must fit a label value. */
const MAX_CRONJOB_NAME_LENGTH = MAX_LABEL_LENGTH - 11;

/** A Service's name is a DNS-1035 label (it becomes a DNS name in the cluster); other kinds' are DNS subdomains. */
function objectNameProblem(kind: string, name: string): ObjectNameProblem | undefined {
  if (kind === "Service") return name.length > MAX_LABEL_LENGTH ? "label-too-long" : DNS_1035_LABEL.test(name) ? undefined : "dns-1035-label";
  if (name.length > MAX_SUBDOMAIN_LENGTH) return "too-long";
  if (!DNS_SUBDOMAIN.test(name)) return "dns-subdomain";
  return kind === "CronJob" && name.length > MAX_CRONJOB_NAME_LENGTH ? "cronjob-too-long" : undefined;
}

/** Where a kind holds label maps the API server validates as labels: its own, its pods', and selectors that are plain label maps. */
function labelMaps(kind: string): string[][] {
  const maps: string[][] = [["metadata", "labels"]];
  const podSpecPath = POD_BEARING_KINDS.get(kind);
  if (podSpecPath && kind !== "Pod") maps.push([...podSpecPath.slice(0, -1), "metadata", "labels"]);
  if (kind === "Service" || kind === "ReplicationController") maps.push(["spec", "selector"]);
  else if (hasLabelSelector(kind)) maps.push(["spec", "selector", "matchLabels"]);
  return maps;
}

/**
 * Label keys and values the API server refuses (ValidateLabels, with apimachinery's
 * IsQualifiedName and IsValidLabelValue): a value with a space, a key with two slashes, either too
 * long. A value of another type is the schema's wrong type.
 */
function labelProblems(kind: string, value: unknown): SchemaProblem[] {
  return labelMaps(kind).flatMap((path) =>
    Object.entries(objectAt(value, ...path) ?? {}).flatMap(([key, label]): SchemaProblem[] => {
      const keyReason = labelKeyProblem(key);
      if (keyReason) return [{ path: [...path, key], kind: "invalid-label-key", field: key, reason: keyReason }];
      const valueReason = typeof label === "string" ? labelValueProblem(label) : undefined;
      return valueReason ? [{ path: [...path, key], kind: "invalid-label-value", field: key, reason: valueReason }] : [];
    }),
  );
}

const LABEL_NAME = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function labelValueProblem(label: string): LabelValueProblem | undefined {
  if (label.length > MAX_LABEL_LENGTH) return "too-long";
  return LABEL_NAME.test(label) ? undefined : "characters";
}

/** A qualified name: a name part, after an optional DNS subdomain prefix and `/` (`app.kubernetes.io/name`). */
function labelKeyProblem(key: string): LabelKeyProblem | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "characters";
  const name = parts.at(-1)!;
  const prefix = parts.length === 2 ? parts[0]! : undefined;
  if (prefix !== undefined && (prefix.length > MAX_SUBDOMAIN_LENGTH || !DNS_SUBDOMAIN.test(prefix))) return "prefix";
  if (name === "") return "empty";
  if (name.length > MAX_LABEL_LENGTH) return "too-long";
  return LABEL_NAME.test(name) ? undefined : "characters";
}

/** `rules[].host` and `tls[].hosts[]`: lower-case DNS names, a leading `*.` allowed; a rule's host may not be an IP address. */
function ingressHostProblems(spec: Record<string, unknown> | undefined): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  arrayAt(spec, "rules").forEach((rule, i) => {
    const host = objectAt(rule)?.host;
    if (typeof host === "string" && host !== "") problems.push(...hostProblems(host, ["spec", "rules", i, "host"], { ipAllowed: false }));
  });
  arrayAt(spec, "tls").forEach((tls, i) => {
    arrayAt(objectAt(tls), "hosts").forEach((host, j) => {
      if (typeof host === "string") problems.push(...hostProblems(host, ["spec", "tls", i, "hosts", j], { ipAllowed: true }));
    });
  });
  return problems;
}

function hostProblems(host: string, path: SchemaPath, { ipAllowed }: { ipAllowed: boolean }): SchemaProblem[] {
  const reason = hostProblem(host, ipAllowed);
  if (!reason) return [];
  const suggestion = reason === "upper-case" || reason === "trailing-dot" ? normalisedHost(host) : undefined;
  return [{ path, kind: "invalid-host", field: "host", reason, ...(suggestion && !hostProblem(suggestion, ipAllowed) && { suggestion }) }];
}

const DNS_LABEL = "[a-z0-9](?:[-a-z0-9]*[a-z0-9])?";
const DNS_SUBDOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const WILDCARD_DNS_SUBDOMAIN = new RegExp(`^\\*\\.${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const MAX_SUBDOMAIN_LENGTH = 253;

function hostProblem(host: string, ipAllowed: boolean): HostProblem | undefined {
  if (!ipAllowed && isIpAddress(host)) return "ip-address";
  if (host.length > MAX_SUBDOMAIN_LENGTH) return "too-long";
  if (isDnsName(host)) return undefined;
  if (!isDnsName(normalisedHost(host))) return "characters";
  return /[A-Z]/.test(host) ? "upper-case" : "trailing-dot";
}

/** A subdomain, or a wildcard one (`*.` then a subdomain) where the host has a `*`. */
function isDnsName(host: string): boolean {
  return (host.includes("*") ? WILDCARD_DNS_SUBDOMAIN : DNS_SUBDOMAIN).test(host);
}

/** DNS names ignore case, and a trailing dot names the same host: the lower-case name without it is the one meant. */
function normalisedHost(host: string): string {
  return host.toLowerCase().replace(/\.+$/, "");
}

/** As Go's net.ParseIP in the API server, which also reads IPv4 with leading zeros (010.0.0.1). */
function isIpAddress(host: string): boolean {
  const octets = host.split(".");
  return isIP(host) !== 0 || (octets.length === 4 && octets.every((octet) => /^[0-9]{1,3}$/.test(octet) && Number(octet) <= 255));
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  const found = path.reduce<unknown>((node, step) => (isObject(node) ? node[step] : undefined), value);
  return isObject(found) ? found : undefined;
}

function arrayAt(value: Record<string, unknown> | undefined, key: string): unknown[] {
  const found = value?.[key];
  return Array.isArray(found) ? found : [];
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
