import { isAlias, isScalar } from "yaml";
import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { documentValue } from "../../src/languages/k8s/parse.js";
import type { Fix, SourceFile } from "../../src/engine/types.js";
import { flow, replaceScalar, replaceValue } from "../../src/languages/k8s/edits.js";
import { asMap, asScalar, keyRange, nodeAtPath, nodeRange, pairOf, stringAt, type MapNode, type PairNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { validateAgainstSchema, valueAt, type DuplicateName, type HostProblem, type LabelKeyProblem, type LabelValueProblem, type ObjectNameProblem, type PortNameProblem, type SchemaProblem } from "../../src/languages/k8s/schema-validation.js";
import { objectRef } from "../../src/model/k8s.js";
import { misplacedFields, securityFieldHome } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "k8s/schema",
    title: "Objects match the Kubernetes schema of their kind",
    severity: "error",
    fixable: "unsafe",
    fixSafetyVaries: true,
    docs: {
      what: "Validates every object of a kind nw-lint models (pod-bearing kinds, Service, Ingress, PersistentVolumeClaim, ConfigMap, Secret, List) against the Kubernetes 1.30 schema: unknown fields (with the closest valid name, or else where below it the field belongs when one place has it: a CronJob's `spec.ttlSecondsAfterFinished` belongs in `spec.jobTemplate.spec`), wrong types (`drop: ALL` instead of a list, `runAsUser: \"1000\"`; where a list of mappings is expected the hint shows an item: `imagePullSecrets: [{name: regcred}]`), missing required fields, values outside an enum and resource quantities the API server cannot read (`memory: 1Gb`). `null` counts as unset, as the API server treats it. Also what the API server's own validation refuses beyond the schema: a Job or CronJob whose pods do not set `restartPolicy` to `OnFailure` or `Never`, a Deployment, StatefulSet, DaemonSet or ReplicaSet whose pods set it to anything but `Always`, an Ingress host (`rules[].host`, `tls[].hosts[]`) that is not a lower-case DNS name (upper case, a trailing dot, an IP address), a container port `name` that is not an IANA service name (over 15 characters, an underscore or upper case, no letter), and a `metadata.name` that is missing (`kubectl apply` needs one; `generateName` alone is taken as meant for `kubectl create`) or not in its kind's format: a DNS label for a Service (`skymap_web`, `SkyMap`), a DNS subdomain for the other kinds, at most 52 characters for a CronJob; and a label the API server refuses, in `metadata.labels`, a pod template's labels or a selector: a value with a space or over 63 characters, a key with more than one `/`; a user or group id (`runAsUser`, `runAsGroup`, `fsGroup`, `supplementalGroups`) outside 0 to 2147483647 (`runAsUser: -1`); a container's resource request above its limit (`requests.cpu: 2` with `limits.cpu: 1`); a Job's `selector` without `manualSelector: true` that does not select the labels the Job controller gives its pods (a Deployment's `matchLabels` copied into a Job: `selector` not auto-generated), and any `selector`, or `manualSelector: true`, in a CronJob's `jobTemplate`; two containers of one pod with the same name (across `containers`, `initContainers` and `ephemeralContainers`), two volumes, or two ports of one container, reported at the later; a port without a name in a Service of more than one port, or two ports named alike; an Ingress path that does not start with `/` (`path: api`), or is missing with pathType `Prefix` or `Exact` (`ImplementationSpecific` may leave it out), or with those pathTypes contains `//`, `/./`, `/../` or an encoded slash (`%2F`, `%2f`) or ends in `/.` or `/..` (the hint writes it without those segments); a Deployment's `strategy.rollingUpdate` with `type: Recreate`, or a StatefulSet's `updateStrategy.rollingUpdate` with `type: OnDelete`, reported at the key, an empty one too; a `nodePort` on a port of a ClusterIP Service, also the type of one that sets none, headless or not (`nodePort: 0` is none), reported at the key; a `matchExpressions` entry of a workload's `selector` with operator `In` or `NotIn` and no values (at `values: []`, or at the entry without it), or `Exists` or `DoesNotExist` with values; a probe (`livenessProbe`, `readinessProbe`, `startupProbe` of a container, or of an init container with `restartPolicy: Always`) with no handler, reported at the probe, or with more than one of `exec`, `httpGet`, `tcpSocket`, `grpc`, reported at each after the first; a probe port outside 1 to 65535, or a port name the API server refuses (a quoted number, `port: \"8080\"`, is a name, and has no letter); a liveness or startup probe's `successThreshold` other than 1 (0 is defaulted to 1); a probe or `lifecycle` of an init container without `restartPolicy: Always`, reported at the key; an environment variable named `\"\"`, or whose `valueFrom` has no source, more than one, or one beside a non-empty `value`, reported at `valueFrom`; and the `kubernetes.io/ingress.class` annotation on an Ingress that sets `spec.ingressClassName`, reported at the annotation. An `apiVersion` that Kubernetes 1.30 no longer serves for a built-in kind (`extensions/v1beta1` Deployment or Ingress, `batch/v1beta1` CronJob, `policy/v1beta1` PodDisruptionBudget, …) is reported at the `apiVersion`, with the version that replaced it, as the object's only problem. A security field where `k8s/security-context-placement` reports it is left to that rule; one elsewhere (indented into `capabilities`, at the top of the object) is an unknown field whose message says where it belongs. What lies under a key written twice in one mapping is left to `yaml/syntax`, which reports the key.",
      why: "The API server rejects unknown fields under strict field validation (the kubectl default) and wrong types always; with lenient validation it silently drops the field, so a misspelt `securityContex:` leaves the container with none. kubeconform reports a JSON pointer; nw-lint points at the field. A removed apiVersion fails the whole apply with `no matches for kind \"Deployment\" in version \"extensions/v1beta1\"`; a Job's pods that restart forever are refused with `spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"`.",
      fix: "Correct the field name, type or value at the position shown; the message names the closest valid field. For an unknown field with a close valid name the fix renames the key; it is unsafe because the closest name is a guess (a field at the wrong indentation needs moving, not renaming). A string where a list is required (`drop: ALL`) becomes a one-item list (`drop: [ALL]`) when the schema takes that list, also an unsafe fix. An Ingress host with upper-case letters or a trailing dot is rewritten lower-case without the dot, a safe fix (`--fix`): DNS names ignore case and the trailing dot names the same host. A removed apiVersion is not rewritten: the replacement version often requires other fields (`spec.selector` in `apps/v1`, `service.name` and `pathType` in a `networking.k8s.io/v1` Ingress).",
      sources: [
        "Kubernetes API reference 1.30 (via kubernetes-types)",
        "Kubernetes Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide): API versions removed up to 1.30",
        "Kubernetes 1.30 source: pkg/apis/batch/validation (Job restartPolicy, validateGeneratedSelector and ValidateJobTemplateSpec for Job selectors, CronJob name length) with pkg/registry/batch/job generateSelector, pkg/apis/apps/validation ValidateDeploymentStrategy (rollingUpdate with Recreate) and ValidateStatefulSetSpec (rollingUpdate with OnDelete), pkg/apis/networking/validation (Ingress hosts, validateHTTPIngressPath with invalidPathSequences and invalidPathSuffixes), pkg/apis/core/validation ValidateService (nodePort of a ClusterIP Service) with pkg/apis/core/v1 SetDefaults_Service (type ClusterIP when unset), apimachinery IsValidPortName (container port names), validateContainers, validateInitContainers, validateEphemeralContainers, ValidateVolumes and validateContainerPorts (duplicate names), validateServicePort (Service port names), ValidateObjectMeta and apimachinery IsDNS1123Subdomain / IsDNS1035Label (object names), IsQualifiedName / IsValidLabelValue (labels), IsValidUserID / IsValidGroupID (security context ids), ValidateResourceRequirements (requests above limits), validateLivenessProbe, validateReadinessProbe and validateStartupProbe with validateHandler and ValidatePortNumOrName (probes), ValidateEnv with validateEnvVarValueFrom (environment variables); pkg/apis/networking/validation ValidateIngressCreate (class annotation beside spec.ingressClassName); apimachinery pkg/apis/meta/v1/validation ValidateLabelSelectorRequirement (selector values)",
        "SPIN.md § Rancher 2 exports (export noise that must stay valid)",
      ],
      related: ["k8s/security-context-placement", "yaml/syntax"],
    },
    messages: {
      unknownField: "unknown field \"{{field}}\" in {{where}}{{suggestion}}",
      wrongType: "{{field}} must be {{expected}}, not {{actual}}",
      plainSelector: "a {{kind}}'s selector is a plain map of labels: {{field}} belongs to a workload's label selector",
      missingRequired: "{{where}} is missing the required field \"{{field}}\"",
      missingRequiredValue: "{{where}} is missing the required field \"{{field}}\": {{allowed}}",
      missingName: "{{where}} is missing the required field \"{{field}}\"",
      enum: "{{field}} is \"{{value}}\", not {{allowed}}",
      quantity: "{{field}} is \"{{value}}\", which is not a Kubernetes quantity",
      removedVersion: "{{kind}} is no longer served in {{value}} (removed in Kubernetes {{release}}); use {{replacement}}",
      invalidHost: "Ingress host \"{{value}}\" is not a valid DNS name: {{reason}}",
      invalidPortName: "port name \"{{value}}\" is not valid: {{reason}}",
      invalidName: "metadata.name \"{{value}}\" is not valid: {{reason}}",
      invalidLabelKey: "label key \"{{field}}\" is not valid: {{reason}}",
      invalidLabelValue: "the value \"{{value}}\" of label {{field}} is not valid: {{reason}}",
      idOutOfRange: "{{field}} is {{value}}, not between 0 and 2147483647",
      requestOverLimit: "requests.{{field}} is {{value}}, above limits.{{field}} ({{limit}}): must be less than or equal to {{field}} limit of {{limit}}",
      jobSelector: "a Job's selector must be the one the Job controller generates unless manualSelector is true (`selector` not auto-generated)",
      jobTemplateSelector: "a CronJob's jobTemplate may not set a selector (`selector` will be auto-generated)",
      jobTemplateManualSelector: "a CronJob's jobTemplate may not set manualSelector: true (supported values: \"nil\", \"false\")",
      duplicateName: "{{entry}} name \"{{value}}\" is already used in this {{owner}} (Duplicate value)",
      unnamedPort: "{{where}} has no name, which a Service of more than one port requires (Required value)",
      relativePath: "Ingress path \"{{value}}\" must be an absolute path",
      missingPath: "{{where}} has no path: with pathType Prefix or Exact, the path must be an absolute path",
      invalidPath: "Ingress path \"{{value}}\" {{reason}}",
      recreateRollingUpdate: "strategy.rollingUpdate may not be specified when strategy `type` is 'Recreate'",
      onDeleteRollingUpdate: "updateStrategy.rollingUpdate is only allowed for updateStrategy 'RollingUpdate', not OnDelete",
      clusterIpNodePort: "nodePort may not be used when `type` is 'ClusterIP'{{typeDefaulted}}",
      selectorValuesRequired: "matchExpressions values must be specified when `operator` is 'In' or 'NotIn'",
      selectorValuesForbidden: "matchExpressions values may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      probeWithoutHandler: "{{field}} must specify a handler type: exec, httpGet, tcpSocket or grpc",
      probeHandlers: "{{field}} may not be set beside {{other}}: a probe may not specify more than 1 handler type",
      portOutOfRange: "port {{value}} is not valid: must be between 1 and 65535, inclusive",
      quotedPort: "port \"{{value}}\" is quoted, so the API server reads it as a port name, which must contain at least one letter",
      successThreshold: "{{field}}.successThreshold is {{value}}: must be 1",
      emptyEnvName: "{{where}} is empty: an environment variable needs a name (Required value)",
      envValueAndSource: "env {{field}}: valueFrom may not be specified when `value` is not empty",
      envNoSource: "env {{field}}: valueFrom must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      envSources: "env {{field}}: valueFrom may not have more than one field specified at a time",
      initContainerField: "{{field}} may not be set for init containers without restartPolicy=Always",
      ingressClassAnnotation: "annotation {{field}} can not be set when the class field (spec.ingressClassName) is also set",
    },
    hints: {
      unknownField: "{{unknownHint}}",
      wrongType: "write it as {{expected}}{{itemShape}}",
      plainSelector: "write the labels directly under selector ({{labels}}); the API server refuses the object as it is",
      quantity: "write a number with a binary suffix (Ki, Mi, Gi, Ti) or a decimal one (m, k, M, G, T): 512Mi, 1G, 250m",
      removedVersion: "the API server answers: no matches for kind \"{{kind}}\" in version \"{{value}}\"; set apiVersion: {{replacement}} and adapt the fields that changed (Kubernetes Deprecated API Migration Guide)",
      invalidHost: "the API server refuses the Ingress: hosts are lower-case RFC 1123 names, optionally with a leading *.",
      invalidPortName: "the API server refuses the object: a port name has at most 15 characters of a-z, 0-9 and '-', with at least one letter",
      invalidLabelKey: "the API server refuses the object; a selector must name the label as the pods carry it",
      invalidLabelValue: "the API server refuses the object; a selector must name the value as the pods carry it",
      idOutOfRange: "the API server refuses the object: user and group ids run from 0 to 2147483647; on Spin, use your NERSC uid and gid (id -u, id -g)",
      requestOverLimit: "the API server refuses the object; lower the request to the limit or less, or raise the limit",
      missingName: "kubectl apply refuses it (resource name may not be empty); generateName works only with kubectl create",
      invalidName: "the API server refuses the object; renaming it means renaming what refers to it too (a Service's name in an Ingress backend, a ConfigMap's in a volume)",
      jobSelector: "remove the selector: the Job controller generates one that selects the Job's pods; or set manualSelector: true to choose the labels yourself",
      jobTemplateSelector: "remove it: the Job controller generates the selector of each Job the CronJob creates (manualSelector: true is refused in a jobTemplate too)",
      jobTemplateManualSelector: "remove it: the Job controller generates the selector of each Job the CronJob creates",
      duplicateName: "the API server refuses the object: {{reason}}; rename this one, or remove it if it repeats the other",
      unnamedPort: "name every port of the Service (http, metrics, …): with more than one, the API server requires a name on each",
      relativePath: "start it with \"/\" (path: {{absolutePath}}); the API server refuses the Ingress as it is",
      missingPath: "add path: / to send every URL to the backend, or the prefix the backend serves (path: /api)",
      invalidPath: "{{pathHint}}; the API server refuses a Prefix or Exact path as it is",
      recreateRollingUpdate: "remove rollingUpdate: Recreate stops every old pod before it starts the new ones, so there is no rolling update to tune; or set type: RollingUpdate to keep these settings",
      onDeleteRollingUpdate: "remove rollingUpdate: an OnDelete StatefulSet replaces a pod only when you delete it, so there is no rolling update to tune; or set type: RollingUpdate to keep these settings",
      selectorValuesRequired: "list the label values to select (values: [web]), or use operator: Exists to select any value of the label; the API server refuses the object as it is",
      selectorValuesForbidden: "remove values: Exists and DoesNotExist only ask whether the pods carry the label; or use operator: In to select these values",
      probeWithoutHandler: "say how to probe the container: httpGet: {path: /, port: 8080}, tcpSocket: {port: 8080} or exec: {command: [...]}; or remove the probe",
      probeHandlers: "keep one way to probe the container: remove {{field}} or {{other}} (after a change of handler, kubectl apply can merge the old one back in: check the live object too)",
      portOutOfRange: "write the container port the probe connects to, from 1 to 65535, or the name of one of the container's ports",
      quotedPort: "write it unquoted (port: {{value}}) to probe the port by number, or name one of the container's ports",
      successThreshold: "remove successThreshold or set it to 1: one success is enough for a liveness or startup probe (only a readinessProbe may ask for more)",
      emptyEnvName: "name the variable (name: API_URL), or remove the entry",
      envValueAndSource: "keep one: value sets the variable to the text written, valueFrom reads it from a Secret, ConfigMap or the pod; remove the other",
      envNoSource: "say where the value comes from (valueFrom: {secretKeyRef: {name: web-secrets, key: token}}), or write value: instead of valueFrom",
      envSources: "keep one source: a variable takes its value from one Secret key, ConfigMap key or pod field",
      initContainerField: "remove it: an init container runs to completion before the app starts and is not probed; or give it restartPolicy: Always to run it beside the app as a sidecar (Kubernetes 1.29 or later)",
      ingressClassAnnotation: "remove the annotation: spec.ingressClassName replaces it and names the class that serves the Ingress; the API server refuses to create the Ingress with both",
      clusterIpNodePort: "remove nodePort: a ClusterIP Service opens no port on the nodes (an Ingress reaches it from outside the cluster); or set type: NodePort if the port is meant to be opened on every node",
    },
  },
  check(model, context) {
    const objects = new Map(model.k8s.objects.map((object) => [object.node, object]));
    // k8s/security-context-placement reports these; one mistake, one diagnostic.
    const misplaced = new Set<unknown>(model.k8s.workloads.flatMap((workload) => misplacedFields(workload).map((field) => field.pair)));
    for (const stream of model.yaml) {
      for (const document of stream.documents) {
        const root = asMap(document.contents);
        const apiVersion = stringAt(root, "apiVersion");
        const kind = stringAt(root, "kind");
        if (document.errors.length > 0 || !root || !apiVersion || !kind) continue;
        const value = documentValue(document);
        for (const problem of validateAgainstSchema(apiVersion, kind, value) ?? []) {
          if (throughDuplicateKey(root, problem.path)) continue;
          const { node, pair } = nodeAtPath(root, problem.path);
          if (problem.kind === "unknown-field" && pair && misplaced.has(pair)) continue;
          // The object the problem is in: the document's, or a List's item.
          const owner = objects.get(root) ?? (problem.path[0] === "items" ? objects.get(nodeAtPath(root, problem.path.slice(0, 2)).node as MapNode) : undefined);
          const plainSelector = owner && isPlainSelectorMistake(owner.kind, problem);
          const at = plainSelector && pair ? keyRange(pair) : siteOf(problem, node, pair);
          const fix = renameFix(stream.file, problem, root, pair) ?? hostFix(stream.file, problem, node) ?? listFix(stream.file, problem, pair, { apiVersion, kind, value });
          context.report({
            messageId: plainSelector ? "plainSelector" : messageIdOf(problem, node),
            data: { ...dataOf(problem, node), ...(plainSelector && { kind: owner.kind, labels: labelsWritten(node) }) },
            at: rangeSite(stream.file, at), effect: "rejected",
            ...(owner ? { object: objectRef(owner) } : {}), ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

/**
 * Whether a key along the path is written twice in its mapping. The value checked is the last
 * one written, the node found the first, and which one the object keeps is for the user to
 * decide: yaml/syntax reports the key (one mistake, one diagnostic).
 */
function throughDuplicateKey(root: MapNode, path: SchemaProblem["path"]): boolean {
  return path.some((step, index) => {
    if (typeof step !== "string") return false;
    const parent = nodeAtPath(root, path.slice(0, index));
    const map = parent.complete ? asMap(parent.node) : undefined;
    return (map?.items.filter((item) => isScalar(item.key) && String(item.key.value) === step).length ?? 0) > 1;
  });
}

/**
 * A string where a list is required (`drop: ALL`) written as a one-item list, when the schema
 * takes that list there. A container's `command` or `args` written as one line is its words: the
 * kubelet runs no shell, and `["uwsgi --ini app.ini"]` would name a program of that whole name. A
 * line with shell syntax (quotes, `$`, `&&`) has no fix: only a shell would read it.
 */
function listFix(file: SourceFile, problem: SchemaProblem, pair: PairNode | undefined, object: { apiVersion: string; kind: string; value: unknown }): Fix | undefined {
  const text = asScalar(pair?.value)?.value;
  if (problem.kind !== "wrong-type" || problem.expected !== "array" || problem.path.length === 0 || !pair || typeof text !== "string") return undefined;
  const argv = ARGV_FIELDS.has(String(problem.path.at(-1))) && /\s/.test(text.trim());
  if (argv && SHELL_SYNTAX.test(text)) return undefined;
  const items = argv ? text.trim().split(/\s+/) : [text];
  const fixed = structuredClone(object.value);
  const parent = valueAt(fixed, problem.path.slice(0, -1)) as Record<string | number, unknown>;
  parent[problem.path.at(-1)!] = items;
  const remaining = validateAgainstSchema(object.apiVersion, object.kind, fixed) ?? [];
  if (remaining.some((other) => problem.path.every((step, index) => other.path[index] === step))) return undefined;
  const edit = replaceValue(file, pair, items);
  return edit && { title: `write ${problem.field ?? "the value"} as a list${argv ? " of its words" : ""}`, edits: [edit] };
}

const ARGV_FIELDS: ReadonlySet<string> = new Set(["command", "args"]);
/** What only a shell reads in a command line: quotes, escapes, expansions, operators, globs, comments. */
const SHELL_SYNTAX = /["'`\\$|&;<>()*?#~{}[\]]/;

/** An unknown field renamed to the closest valid name, unless the mapping already has that key. */
function renameFix(file: SourceFile, problem: SchemaProblem, root: MapNode, pair: PairNode | undefined): Fix | undefined {
  const key = asScalar(pair?.key);
  if (problem.kind !== "unknown-field" || !problem.suggestion || !key?.range) return undefined;
  if (pairOf(asMap(nodeAtPath(root, problem.path.slice(0, -1)).node), problem.suggestion)) return undefined;
  const edit = replaceScalar(file, key, problem.suggestion);
  return edit && { title: `rename ${problem.field} to ${problem.suggestion}`, edits: [edit] };
}

/** An Ingress host written lower-case without its trailing dot: the same DNS name, in the form the API server accepts. */
function hostFix(file: SourceFile, problem: SchemaProblem, node: unknown): Fix | undefined {
  if (problem.kind !== "invalid-host" || !problem.suggestion || !isScalar(node)) return undefined;
  const edit = replaceScalar(file, node, problem.suggestion);
  return edit && { title: `write ${problem.suggestion}`, edits: [edit], applicability: "safe" };
}

const MESSAGE_IDS = {
  "unknown-field": "unknownField", "wrong-type": "wrongType", "missing-required": "missingRequired", enum: "enum", quantity: "quantity", "removed-version": "removedVersion",
  "invalid-host": "invalidHost", "invalid-port-name": "invalidPortName", "invalid-name": "invalidName", "missing-name": "missingName",
  "invalid-label-key": "invalidLabelKey", "invalid-label-value": "invalidLabelValue", "id-out-of-range": "idOutOfRange",
  "job-selector": "jobSelector", "job-template-selector": "jobTemplateSelector", "duplicate-name": "duplicateName", "unnamed-port": "unnamedPort",
  "relative-path": "relativePath", "missing-path": "missingPath", "request-over-limit": "requestOverLimit",
  "invalid-path": "invalidPath", "recreate-rolling-update": "recreateRollingUpdate", "on-delete-rolling-update": "onDeleteRollingUpdate", "cluster-ip-node-port": "clusterIpNodePort",
  "selector-values-required": "selectorValuesRequired", "selector-values-forbidden": "selectorValuesForbidden", "probe-without-handler": "probeWithoutHandler", "probe-handlers": "probeHandlers",
  "port-out-of-range": "portOutOfRange", "success-threshold": "successThreshold", "empty-env-name": "emptyEnvName", "env-value-and-source": "envValueAndSource", "ingress-class-annotation": "ingressClassAnnotation",
  "env-no-source": "envNoSource", "env-sources": "envSources", "init-container-field": "initContainerField",
} as const;

function messageIdOf(problem: SchemaProblem, node: unknown): (typeof MESSAGE_IDS)[SchemaProblem["kind"]] | "missingRequiredValue" | "jobTemplateManualSelector" | "quotedPort" {
  if (problem.kind === "missing-required" && problem.allowed) return "missingRequiredValue";
  if (problem.kind === "invalid-port-name" && problem.field === "port" && isQuotedNumber(node)) return "quotedPort";
  if (problem.kind === "job-template-selector" && problem.field === "manualSelector") return "jobTemplateManualSelector";
  return MESSAGE_IDS[problem.kind];
}

/** A probe's port written as a number in quotes (`port: "8080"`): a port name to the API server. */
function isQuotedNumber(node: unknown): boolean {
  const port = asScalar(node)?.value;
  return typeof port === "string" && /^[0-9]+$/.test(port);
}

const HOST_PROBLEMS: Readonly<Record<HostProblem, string>> = {
  "ip-address": "it is an IP address",
  "too-long": "it is longer than 253 characters",
  "upper-case": "it has upper-case letters",
  "trailing-dot": "it ends in a dot",
  characters: "only lower-case letters, digits, '-' and '.' are allowed, each label starting and ending with a letter or digit, and a wildcard only as a leading *.",
};

/** apimachinery's IsValidPortName messages. */
const PORT_NAME_PROBLEMS: Readonly<Record<PortNameProblem, string>> = {
  "too-long": "it is longer than 15 characters",
  characters: "only lower-case letters, digits and '-' are allowed",
  "no-letter": "it has no letter",
  hyphens: "it begins or ends with '-', or has '--'",
};

function dataOf(problem: SchemaProblem, node: unknown): Record<string, string> {
  const scalar = (node as { value?: unknown }).value;
  const duplicate = problem.kind === "duplicate-name" ? DUPLICATE_NAMES[problem.reason as DuplicateName] : undefined;
  return {
    field: problem.field ?? "the document",
    where: describePath(problem.path.slice(0, problem.kind === "unknown-field" ? -1 : problem.path.length)),
    suggestion: problem.suggestion ? ` (did you mean "${problem.suggestion}"?)` : homeOf(problem),
    expected: describeType(problem.expected ?? ""),
    actual: describeValue(node, problem.expected?.split(" or ").includes("string") ?? false),
    value: String(scalar ?? ""),
    allowed: problem.allowed?.length === 1 ? problem.allowed[0]! : `one of ${(problem.allowed ?? []).join(", ")}`,
    kind: problem.removal?.kind ?? "",
    release: problem.removal?.release ?? "",
    replacement: problem.removal?.replacement ?? "",
    reason: reasonOf(problem),
    entry: duplicate?.entry ?? "",
    owner: duplicate?.owner ?? "",
    absolutePath: `/${String(scalar ?? "")}`,
    limit: problem.limit ?? "",
    other: problem.other ?? "",
    itemShape: itemShapeOf(problem, node),
    typeDefaulted: problem.kind === "cluster-ip-node-port" && problem.reason === "defaulted" ? ", the type of a Service that sets none" : "",
    pathHint: problem.suggestion ? `write it as path: ${problem.suggestion}, without empty, "." or ".." segments` : 'write "/" for the encoded slash (%2F), or leave it out',
    unknownHint: (problem.kind === "unknown-field" && renamedInV1(problem.path)) || "Kubernetes rejects or drops unknown fields; check the spelling and the indentation",
  };
}

/**
 * For a list of mappings written as something else, what its items look like: a scalar written as
 * the one field of an item (`imagePullSecrets: [{name: regcred}]`), the fields an item needs
 * otherwise; a mapping written needs only the dash that makes it an item.
 */
function itemShapeOf(problem: SchemaProblem, node: unknown): string {
  if (!problem.item) return "";
  if (asMap(node)) return ' of mappings: "- " before the first key makes this mapping its item';
  const fields = Object.entries(problem.item).map(([field, value]) => `${field}: ${value === undefined ? "…" : flow(value)}`);
  if (fields.length === 0) return " of mappings";
  const field = problem.path.at(-1);
  return ` of mappings (${typeof field === "string" ? `${field}: ` : ""}[{${fields.join(", ")}}])`;
}

/** Kinds whose `spec.selector` is a plain label map, not a workload's label selector. */
const PLAIN_SELECTOR_KINDS: ReadonlySet<string> = new Set(["Service", "ReplicationController"]);

/** `selector: {matchLabels: {app: db}}` in a Service: a Deployment's selector copied where only the labels belong. */
function isPlainSelectorMistake(kind: string, problem: SchemaProblem): boolean {
  const [field, selector, spec] = [problem.path.at(-1), problem.path.at(-2), problem.path.at(-3)];
  return PLAIN_SELECTOR_KINDS.has(kind) && problem.kind === "wrong-type" && spec === "spec" && selector === "selector" && (field === "matchLabels" || field === "matchExpressions");
}

/** The labels a `matchLabels` mapping holds, as a flow mapping to write under `selector`. */
function labelsWritten(node: unknown): string {
  const labels = Object.fromEntries((asMap(node)?.items ?? []).flatMap((item) => {
    const [key, value] = [asScalar(item.key)?.value, asScalar(item.value)?.value];
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? [[String(key), value]] : [];
  }));
  return `selector: ${Object.keys(labels).length > 0 ? flow(labels) : "{LABEL: VALUE}"}`;
}

/** An Ingress field of networking.k8s.io/v1beta1 (removed in Kubernetes 1.22) in a v1 Ingress: what v1 writes instead. */
function renamedInV1(path: readonly (string | number)[]): string | undefined {
  const [field, parent] = [path.at(-1), path.at(-2)];
  if ((field === "serviceName" || field === "servicePort") && parent === "backend") {
    return "networking.k8s.io/v1 names the Service as service: {name: NAME, port: {number: PORT}} (or port: {name: PORT-NAME}); serviceName and servicePort are networking.k8s.io/v1beta1's, removed in Kubernetes 1.22";
  }
  return field === "backend" && path.length === 2 && path[0] === "spec" ? "networking.k8s.io/v1 calls it defaultBackend; backend is networking.k8s.io/v1beta1's, removed in Kubernetes 1.22" : undefined;
}

/** apimachinery's messages for object names. */
const OBJECT_NAME_PROBLEMS: Readonly<Record<ObjectNameProblem, string>> = {
  "too-long": "must be no more than 253 characters",
  "dns-subdomain": "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  "label-too-long": "must be no more than 63 characters (a Service's name is a DNS label)",
  "dns-1035-label": "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  "cronjob-too-long": "must be no more than 52 characters (the Jobs it creates add 11 to it)",
};

/** apimachinery's messages for label keys (IsQualifiedName) and values (IsValidLabelValue). */
const LABEL_KEY_PROBLEMS: Readonly<Record<LabelKeyProblem, string>> = {
  "too-long": "name part must be no more than 63 characters",
  characters: "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, after at most one '/'",
  prefix: "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  empty: "name part must be non-empty",
};
const LABEL_VALUE_PROBLEMS: Readonly<Record<LabelValueProblem, string>> = {
  "too-long": "must be no more than 63 characters",
  characters: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
};

/** What a duplicate name names, in what, and why each needs its own. */
const DUPLICATE_NAMES: Readonly<Record<DuplicateName, { entry: string; owner: string; unique: string }>> = {
  container: { entry: "container", owner: "pod", unique: "a pod's containers, initContainers and ephemeralContainers need names of their own" },
  volume: { entry: "volume", owner: "pod", unique: "a pod's volumes need names of their own (volumeMounts name them)" },
  "service-port": { entry: "port", owner: "Service", unique: "a Service's ports need names of their own" },
  "container-port": { entry: "port", owner: "container", unique: "a container's ports need names of their own (a Service's targetPort or a probe's port names one)" },
};

function reasonOf({ kind, reason, sequence }: SchemaProblem): string {
  if (!reason) return "";
  if (kind === "invalid-path") return reason === "contains" ? `must not contain '${sequence}'` : `cannot end with '${sequence}'`;
  if (kind === "cluster-ip-node-port") return "";
  if (kind === "duplicate-name") return DUPLICATE_NAMES[reason as DuplicateName].unique;
  if (kind === "invalid-name") return OBJECT_NAME_PROBLEMS[reason as ObjectNameProblem];
  if (kind === "invalid-label-key") return LABEL_KEY_PROBLEMS[reason as LabelKeyProblem];
  if (kind === "invalid-label-value") return LABEL_VALUE_PROBLEMS[reason as LabelValueProblem];
  return kind === "invalid-port-name" ? PORT_NAME_PROBLEMS[reason as PortNameProblem] : HOST_PROBLEMS[reason as HostProblem];
}

/**
 * For a field out of place: where it belongs. A security field's home is known (one
 * k8s/security-context-placement does not report); another's is the place below its mapping that
 * has it (a CronJob's `spec.ttlSecondsAfterFinished` belongs in `spec.jobTemplate.spec`).
 */
function homeOf(problem: SchemaProblem): string {
  if (problem.kind !== "unknown-field" || !problem.field) return "";
  const parent = describePath(problem.path.slice(0, -1));
  const home = securityFieldHome(problem.field) ?? (problem.home && (parent === "the object" ? problem.home : `${parent}.${problem.home}`));
  return home ? ` (${problem.field} belongs in ${home})` : "";
}

/** `spec.template.spec.containers[0]` as a person reads it. */
function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "the object";
  return path.reduce<string>((text, step) => (typeof step === "number" ? `${text}[${step}]` : text ? `${text}.${step}` : step), "");
}

function describeType(expected: string): string {
  return expected
    .split(" or ")
    .map((type) => ({ array: "a list", object: "a mapping", integer: "an integer", string: "a string", boolean: "a boolean (true or false)", number: "a number" })[type] ?? type)
    .join(" or ");
}

function describeValue(node: unknown, expectsString: boolean): string {
  if (isAlias(node)) return `the alias *${node.source}`;
  if (asMap(node)) return "a mapping";
  const value = (node as { value?: unknown; items?: unknown }).items ? [] : (node as { value?: unknown }).value;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string "${value}"`;
  // go-yaml v2 reads plain yes/on/0400… as booleans and numbers; show what was written.
  const source = (node as { source?: unknown }).source;
  if (typeof source !== "string" || source === String(value)) return `${typeof value} ${String(value)}`;
  return `${typeof value} ${String(value)} (plain ${source} is a ${typeof value} to Kubernetes${expectsString ? "; quote it" : ""})`;
}

/** Problems at the key: an unknown one, a label key the API server refuses, a field whose whole value is refused. */
const AT_KEY: ReadonlySet<SchemaProblem["kind"]> = new Set([
  "unknown-field", "invalid-label-key", "job-selector", "job-template-selector", "recreate-rolling-update", "on-delete-rolling-update", "cluster-ip-node-port",
  "selector-values-forbidden", "probe-without-handler", "probe-handlers", "env-value-and-source", "env-no-source", "env-sources", "init-container-field", "ingress-class-annotation",
]);
/** Problems at the object that lacks a field, or at the field when it is written empty. */
const AT_OBJECT: ReadonlySet<SchemaProblem["kind"]> = new Set(["missing-required", "missing-name", "unnamed-port", "missing-path", "selector-values-required"]);

/** A problem with a key is at the key; a missing field at the object that lacks it; anything else at the value. */
function siteOf(problem: SchemaProblem, node: YamlNode, pair: PairNode | undefined): [number, number] {
  if (AT_KEY.has(problem.kind) && pair) return keyRange(pair);
  if (AT_OBJECT.has(problem.kind)) return anchorOfObject(node, pair);
  return nodeRange(node);
}

/** A missing field points at the key of the object that lacks it, or at the entry's first key. */
function anchorOfObject(node: unknown, pair: { key: unknown } | undefined): [number, number] {
  if (pair) return keyRange(pair as never);
  const map = asMap(node) as MapNode | undefined;
  const first = map?.items[0];
  return first ? keyRange(first) : nodeRange(node as never);
}
