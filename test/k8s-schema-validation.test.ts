import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { validateAgainstSchema } from "../src/languages/k8s/schema-validation.js";
import { webDeployment } from "./helpers.js";

/** A Deployment whose only container is `container` (YAML, indented as a list item). */
function deployment(container: string, podSpec = ""): unknown {
  return parse(webDeployment(`      containers:
      - name: web
        image: registry.nersc.gov/m0000/web:1.0
${container.replace(/^/gm, "        ").trimEnd()}
${podSpec.replace(/^/gm, "      ").trimEnd()}
`));
}

const validate = (value: unknown) => validateAgainstSchema("apps/v1", "Deployment", value);
const containerPath = ["spec", "template", "spec", "containers", 0];

describe("validateAgainstSchema", () => {
  it("accepts a plain Deployment", () => {
    expect(validate(deployment(""))).toEqual([]);
  });

  it("reads resource quantities as the API server does", () => {
    const limits = (value: string) => validate(deployment(`resources:\n  limits: {memory: ${value}}`));
    for (const valid of ["512Mi", "1G", "250m", "0.5", "1e3", "2", "1.5Gi"]) expect(limits(valid)).toEqual([]);
    for (const invalid of ["1Gb", "512MB", "1 Gi", "Gi", "1.2.3"]) {
      expect(limits(invalid)).toEqual([{ path: [...containerPath, "resources", "limits", "memory"], kind: "quantity", field: "memory" }]);
    }
  });

  it("reports a misspelt required field once, as the unknown field", () => {
    expect(validate(deployment("ports:\n- containerport: 8080"))).toEqual([
      { path: [...containerPath, "ports", 0, "containerport"], kind: "unknown-field", field: "containerport", suggestion: "containerPort" },
    ]);
    expect(validate(deployment("ports:\n- {port: 8080}"))).toEqual([
      { path: [...containerPath, "ports", 0], kind: "missing-required", field: "containerPort" },
      expect.objectContaining({ path: [...containerPath, "ports", 0, "port"], kind: "unknown-field", field: "port" }),
    ]);
  });

  it("reports an unknown field with the closest valid name", () => {
    expect(validate(deployment("securityContex:\n  runAsUser: 1000"))).toEqual([
      { path: [...containerPath, "securityContex"], kind: "unknown-field", field: "securityContex", suggestion: "securityContext" },
    ]);
    expect(validate(deployment("volumeMount:\n- {name: data, mountPath: /data}"))).toEqual([
      { path: [...containerPath, "volumeMount"], kind: "unknown-field", field: "volumeMount", suggestion: "volumeMounts" },
    ]);
  });

  it("suggests nothing when no valid name is close", () => {
    expect(validate(deployment("healthcheck: /ping"))).toEqual([
      { path: [...containerPath, "healthcheck"], kind: "unknown-field", field: "healthcheck" },
    ]);
  });

  it("says where below its mapping a field written a level or two too high belongs, when that is one place", () => {
    const cronJob = (spec: string) => validateAgainstSchema("batch/v1", "CronJob", parse(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: clean}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox:1}]\n${spec}`));
    expect(cronJob("  ttlSecondsAfterFinished: 100\n")).toEqual([{ path: ["spec", "ttlSecondsAfterFinished"], kind: "unknown-field", field: "ttlSecondsAfterFinished", home: "jobTemplate.spec" }]);
    const { spec } = deployment("") as { spec: object };
    expect(validate({ ...(deployment("") as object), spec: { ...spec, containers: [] } })).toEqual([{ path: ["spec", "containers"], kind: "unknown-field", field: "containers", home: "template.spec" }]);
    // Not below its mapping, or in two places at one depth (a container's, an init container's and an ephemeral one's): nothing to say.
    expect(validate(deployment("schedule: '0 * * * *'"))).toEqual([{ path: [...containerPath, "schedule"], kind: "unknown-field", field: "schedule" }]);
    expect(validate(deployment("", "ports: [{containerPort: 80}]"))).toEqual([{ path: ["spec", "template", "spec", "ports"], kind: "unknown-field", field: "ports" }]);
  });

  it("suggests fields of the object that holds the unknown one", () => {
    const [problem] = validate(deployment("", "restartPolicyy: Always"))!;
    expect(problem).toMatchObject({ path: ["spec", "template", "spec", "restartPolicyy"], suggestion: "restartPolicy" });
    const [top] = validate({ ...(deployment("") as object), metdata: {} })!;
    expect(top).toEqual({ path: ["metdata"], kind: "unknown-field", field: "metdata", suggestion: "metadata" });
  });

  it("reports a quoted number where an integer is required", () => {
    expect(validate(deployment('securityContext:\n  runAsUser: "1000"'))).toEqual([
      { path: [...containerPath, "securityContext", "runAsUser"], kind: "wrong-type", field: "runAsUser", expected: "integer" },
    ]);
  });

  it("reports a string where a list is required", () => {
    expect(validate(deployment("securityContext:\n  capabilities:\n    drop: ALL"))).toEqual([
      { path: [...containerPath, "securityContext", "capabilities", "drop"], kind: "wrong-type", field: "drop", expected: "array" },
    ]);
  });

  it("names the list entry of the wrong kind, not the list", () => {
    expect(validate(deployment("ports: [8080]"))).toEqual([
      { path: [...containerPath, "ports", 0], kind: "wrong-type", field: "ports[0]", expected: "object" },
    ]);
  });

  it("reports a missing required field at the object that lacks it", () => {
    const noContainers = parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {}\n  template:\n    spec: {}\n");
    expect(validate(noContainers)).toEqual([
      { path: ["spec", "template", "spec"], kind: "missing-required", field: "containers" },
    ]);
    const noName = parse("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - image: busybox\n");
    expect(validateAgainstSchema("v1", "Pod", noName)).toEqual([
      { path: ["spec", "containers", 0], kind: "missing-required", field: "name" },
    ]);
  });

  it("does not require what the API server never required: a StatefulSet's serviceName", () => {
    const statefulSet = parse("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers:\n      - {name: db, image: postgres:15}\n");
    expect(validateAgainstSchema("apps/v1", "StatefulSet", statefulSet)).toEqual([]);
  });

  it("reports a container's request above its limit of the same resource, comparing quantities by value", () => {
    const resources = (requests: string, limits: string) => validate(deployment(`resources:\n  requests: ${requests}\n  limits: ${limits}`));
    expect(resources("{cpu: '2', memory: 2Gi}", "{cpu: 1, memory: 1536Mi}")).toEqual([
      { path: [...containerPath, "resources", "requests", "cpu"], kind: "request-over-limit", field: "cpu", limit: "1" },
      { path: [...containerPath, "resources", "requests", "memory"], kind: "request-over-limit", field: "memory", limit: "1536Mi" },
    ]);
    expect(resources("{cpu: 1000m, memory: 1Gi}", "{cpu: '1', memory: 1024Mi}")).toEqual([]);
    expect(resources("{cpu: 100m, memory: 1e3}", "{cpu: 0.1, memory: 1k}")).toEqual([]);
    // A resource with no limit, or a quantity the schema already refuses, is no excess.
    expect(resources("{cpu: 4}", "{memory: 1Gi}")).toEqual([]);
  });

  it("treats null as unset: a missing required field, never a wrong type", () => {
    const nullContainers = parse("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: null\n  nodeSelector: null\n");
    expect(validateAgainstSchema("v1", "Pod", nullContainers)).toEqual([
      { path: ["spec"], kind: "missing-required", field: "containers" },
    ]);
  });

  it("reports a value outside an enum with the allowed values", () => {
    expect(validate(deployment("imagePullPolicy: Sometimes"))).toEqual([
      { path: [...containerPath, "imagePullPolicy"], kind: "enum", field: "imagePullPolicy", allowed: ["Always", "IfNotPresent", "Never"] },
    ]);
    const service = parse("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - port: 80\n    protocol: TCPP\n");
    expect(validateAgainstSchema("v1", "Service", service)).toEqual([
      { path: ["spec", "ports", 0, "protocol"], kind: "enum", field: "protocol", allowed: ["SCTP", "TCP", "UDP"] },
    ]);
  });

  it("reports a wrong type once, not also as an enum", () => {
    expect(validate(deployment("imagePullPolicy: 3"))).toEqual([
      { path: [...containerPath, "imagePullPolicy"], kind: "wrong-type", field: "imagePullPolicy", expected: "string" },
    ]);
  });

  it("accepts int-or-string as either, and reports anything else once", () => {
    const service = (targetPort: string) =>
      validateAgainstSchema("v1", "Service", parse(`apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - port: 80\n    targetPort: ${targetPort}\n`));
    expect(service("http")).toEqual([]);
    expect(service("8080")).toEqual([]);
    expect(service("[8080]")).toEqual([
      { path: ["spec", "ports", 0, "targetPort"], kind: "wrong-type", field: "targetPort", expected: "integer or string" },
    ]);
  });

  it("accepts quantities as numbers or strings, and empty resources", () => {
    expect(validate(deployment("resources:\n  limits: {cpu: 0.5, memory: 512Mi}\n  requests: {cpu: 100m, memory: 1}"))).toEqual([]);
    expect(validate(deployment("resources: {}"))).toEqual([]);
  });

  it("accepts export noise: creationTimestamp null, status, managedFields", () => {
    const exported = deployment("") as { metadata: Record<string, unknown>; status?: unknown };
    exported.metadata.creationTimestamp = null;
    exported.metadata.managedFields = [{ manager: "kubectl", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } }];
    exported.status = { replicas: 1, conditions: [{ type: "Available", status: "True", anything: 1 }] };
    expect(validate(exported)).toEqual([]);
  });

  it("locates problems under map keys that contain a slash", () => {
    const value = deployment("") as { metadata: Record<string, unknown> };
    value.metadata.annotations = { "nersc.gov/uid": 71234 };
    expect(validate(value)).toEqual([
      { path: ["metadata", "annotations", "nersc.gov/uid"], kind: "wrong-type", field: "nersc.gov/uid", expected: "string" },
    ]);
  });

  it("validates the items of a List by their own kinds", () => {
    const list = { apiVersion: "v1", kind: "List", items: [deployment("imagePullPolicy: Sometimes"), { apiVersion: "v1", kind: "Namespace" }] };
    expect(validateAgainstSchema("v1", "List", list)).toEqual([
      { path: ["items", 0, ...containerPath, "imagePullPolicy"], kind: "enum", field: "imagePullPolicy", allowed: ["Always", "IfNotPresent", "Never"] },
    ]);
  });

  it("reports a name kubectl apply needs and the API server refuses, by the kind's format and length", () => {
    const named = (kind: string, metadata: unknown) => validateAgainstSchema("v1", kind, { apiVersion: "v1", kind, metadata, ...(kind === "Service" ? { spec: { ports: [{ port: 80 }] } } : {}) });
    const invalid = (reason: string) => [{ path: ["metadata", "name"], kind: "invalid-name", field: "name", reason }];
    expect(named("ConfigMap", undefined)).toEqual([{ path: [], kind: "missing-name", field: "metadata" }]);
    expect(named("ConfigMap", { namespace: "survey" })).toEqual([{ path: ["metadata"], kind: "missing-name", field: "name" }]);
    expect(named("ConfigMap", { name: "" })).toEqual([{ path: ["metadata"], kind: "missing-name", field: "name" }]);
    expect(named("ConfigMap", { generateName: "settings-" })).toEqual([]);
    expect(named("ConfigMap", { name: "web.settings-2" })).toEqual([]);
    expect(named("ConfigMap", { name: "Web" })).toEqual(invalid("dns-subdomain"));
    expect(named("ConfigMap", { name: `${"a".repeat(249)}.com` })).toEqual([]);
    expect(named("ConfigMap", { name: `${"a".repeat(250)}.com` })).toEqual(invalid("too-long"));
    expect(named("Service", { name: "a".repeat(63) })).toEqual([]);
    expect(named("Service", { name: "a".repeat(64) })).toEqual(invalid("label-too-long"));
    expect(named("Service", { name: "web.internal" })).toEqual(invalid("dns-1035-label"));
    expect(named("Service", { name: "1web" })).toEqual(invalid("dns-1035-label"));
    const cronJob = (name: string) => validateAgainstSchema("batch/v1", "CronJob", { apiVersion: "batch/v1", kind: "CronJob", metadata: { name }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "i" }] } } } } } });
    expect(cronJob("a".repeat(52))).toEqual([]);
    expect(cronJob("a".repeat(53))).toEqual(invalid("cronjob-too-long"));
  });

  it("reports label keys and values the API server refuses, in the object's labels, its pods' and its selector", () => {
    const service = (labels: Record<string, unknown>, selector: Record<string, unknown> = {}) =>
      validateAgainstSchema("v1", "Service", { apiVersion: "v1", kind: "Service", metadata: { name: "web", labels }, spec: { selector, ports: [{ port: 80 }] } });
    const problem = (kind: string, path: string[], reason: string) => [{ path, kind, field: path.at(-1), reason }];
    expect(service({ a: "x".repeat(63), "example.org/b": "", c_1: "v1.0_rc-2" })).toEqual([]);
    expect(service({ a: "x".repeat(64) })).toEqual(problem("invalid-label-value", ["metadata", "labels", "a"], "too-long"));
    expect(service({}, { app: "sky map" })).toEqual(problem("invalid-label-value", ["spec", "selector", "app"], "characters"));
    expect(service({ ["x".repeat(64)]: "v" })).toEqual(problem("invalid-label-key", ["metadata", "labels", "x".repeat(64)], "too-long"));
    expect(service({ "a/b/c": "v" })).toEqual(problem("invalid-label-key", ["metadata", "labels", "a/b/c"], "characters"));
    expect(service({ "Example.org/a": "v" })).toEqual(problem("invalid-label-key", ["metadata", "labels", "Example.org/a"], "prefix"));
    expect(service({ "example.org/": "v" })).toEqual(problem("invalid-label-key", ["metadata", "labels", "example.org/"], "empty"));
    const templateLabels = parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, tier: -front}}\n    spec: {containers: [{name: a, image: a}]}\n");
    expect(validate(templateLabels)).toEqual(problem("invalid-label-value", ["spec", "template", "metadata", "labels", "tier"], "characters"));
  });

  it("reports user and group ids outside 0 to 2147483647, in the pod's and each container's securityContext", () => {
    const pod = (securityContext: string, containerContext = "{}") =>
      validateAgainstSchema("v1", "Pod", parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  securityContext: ${securityContext}\n  containers: [{name: a, image: a, securityContext: ${containerContext}}]\n`));
    expect(pod("{runAsUser: 0, runAsGroup: 2147483647, fsGroup: 95089, supplementalGroups: [0, 2147483647]}", "{runAsUser: 95089, runAsGroup: 0}")).toEqual([]);
    expect(pod("{runAsGroup: 2147483648, supplementalGroups: [1, -1]}", "{runAsUser: -1}")).toEqual([
      { path: ["spec", "securityContext", "runAsGroup"], kind: "id-out-of-range", field: "runAsGroup" },
      { path: ["spec", "securityContext", "supplementalGroups", 1], kind: "id-out-of-range", field: "supplementalGroups" },
      { path: ["spec", "containers", 0, "securityContext", "runAsUser"], kind: "id-out-of-range", field: "runAsUser" },
    ]);
  });

  it("reports a container port named as an earlier port of its container, not of another container, and compares no name the API server refuses", () => {
    const pod = (containers: string) => validateAgainstSchema("v1", "Pod", parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: ${containers}\n`));
    expect(pod("[{name: a, image: a, ports: [{containerPort: 80, name: http}]}, {name: b, image: b, ports: [{containerPort: 81, name: http}]}]")).toEqual([]);
    expect(pod("[{name: a, image: a, ports: [{containerPort: 80, name: http}, {containerPort: 81, name: metrics}, {containerPort: 82, name: http}]}]")).toEqual([
      { path: ["spec", "containers", 0, "ports", 2, "name"], kind: "duplicate-name", field: "name", reason: "container-port" },
    ]);
    expect(pod("[{name: a, image: a, ports: [{containerPort: 80, name: web_api}, {containerPort: 81, name: web_api}]}]")).toEqual([
      { path: ["spec", "containers", 0, "ports", 0, "name"], kind: "invalid-port-name", field: "name", reason: "characters" },
      { path: ["spec", "containers", 0, "ports", 1, "name"], kind: "invalid-port-name", field: "name", reason: "characters" },
    ]);
  });

  it("reports a selector requirement whose values its operator refuses: none for In or NotIn, some for Exists or DoesNotExist", () => {
    const selector = (expressions: string, kind = "Deployment") =>
      validateAgainstSchema("apps/v1", kind, parse(`apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: web}\nspec:\n  selector: {matchExpressions: ${expressions}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: a}]}\n`));
    const at = (i: number, ...rest: string[]) => ["spec", "selector", "matchExpressions", i, ...rest];
    expect(selector("[{key: app, operator: In, values: [web]}, {key: tier, operator: Exists}, {key: canary, operator: DoesNotExist, values: null}]")).toEqual([]);
    expect(selector("[{key: app, operator: In, values: []}, {key: tier, operator: NotIn}, {key: canary, operator: Exists, values: [a]}]", "DaemonSet")).toEqual([
      { path: at(0, "values"), kind: "selector-values-required", field: "values" },
      { path: at(1), kind: "selector-values-required", field: "values" },
      { path: at(2, "values"), kind: "selector-values-forbidden", field: "values" },
    ]);
  });

  it("reports a probe with no handler or a second one, a port the API server refuses, and a liveness or startup successThreshold other than 1", () => {
    const probes = (container: string, podSpec = "") => validate(deployment(container, podSpec));
    const probe = (name: string, ...rest: (string | number)[]) => [...containerPath, name, ...rest];
    expect(probes("ports: [{containerPort: 8080, name: http}]\nlivenessProbe: {httpGet: {path: /, port: http}, successThreshold: 0}\nreadinessProbe: {tcpSocket: {port: 8080}, successThreshold: 3}\nstartupProbe: {grpc: {port: 65535}, successThreshold: 1}")).toEqual([]);
    expect(probes("livenessProbe: {initialDelaySeconds: 5}\nreadinessProbe: {exec: {command: [ping]}, httpGet: {path: /, port: 0}, tcpSocket: {port: 8080}}")).toEqual([
      { path: probe("livenessProbe"), kind: "probe-without-handler", field: "livenessProbe" },
      { path: probe("readinessProbe", "httpGet"), kind: "probe-handlers", field: "httpGet", other: "exec" },
      { path: probe("readinessProbe", "tcpSocket"), kind: "probe-handlers", field: "tcpSocket", other: "exec" },
    ]);
    expect(probes("livenessProbe: {httpGet: {path: /, port: '8080'}, successThreshold: 2}\nstartupProbe: {tcpSocket: {port: 0}, successThreshold: 3}\nreadinessProbe: {grpc: {port: 65536}}")).toEqual([
      { path: probe("livenessProbe", "httpGet", "port"), kind: "invalid-port-name", field: "port", reason: "no-letter" },
      { path: probe("livenessProbe", "successThreshold"), kind: "success-threshold", field: "livenessProbe" },
      { path: probe("readinessProbe", "grpc", "port"), kind: "port-out-of-range", field: "port" },
      { path: probe("startupProbe", "tcpSocket", "port"), kind: "port-out-of-range", field: "port" },
      { path: probe("startupProbe", "successThreshold"), kind: "success-threshold", field: "startupProbe" },
    ]);
    // A sidecar (an init container that restarts Always) is probed as a container is; the API server forbids probes on other init containers.
    const initContainers = (restartPolicy: string) => `initContainers:\n- {name: side, image: a, ${restartPolicy}livenessProbe: {tcpSocket: {port: 0}}}`;
    expect(probes("", initContainers(""))).toEqual([{ path: ["spec", "template", "spec", "initContainers", 0, "livenessProbe"], kind: "init-container-field", field: "livenessProbe" }]);
    expect(probes("", "initContainers:\n- {name: init, image: a, restartPolicy: null, lifecycle: {preStop: {exec: {command: [x]}}}, startupProbe: null}")).toEqual([
      { path: ["spec", "template", "spec", "initContainers", 0, "lifecycle"], kind: "init-container-field", field: "lifecycle" },
    ]);
    expect(probes("", initContainers("restartPolicy: Always, "))).toEqual([{ path: ["spec", "template", "spec", "initContainers", 0, "livenessProbe", "tcpSocket", "port"], kind: "port-out-of-range", field: "port" }]);
  });

  it("reports an environment variable named empty, and one with both a non-empty value and a valueFrom source", () => {
    const env = (variables: string) => validate(deployment(`env: ${variables}`));
    const variable = (i: number, field: string) => [...containerPath, "env", i, field];
    expect(env("[{name: A, value: '1'}, {name: B, value: '', valueFrom: {secretKeyRef: {name: s, key: k}}}, {name: C, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]")).toEqual([]);
    expect(env("[{name: '', value: '1'}, {name: B, value: b, valueFrom: {configMapKeyRef: {name: c, key: k}}}]")).toEqual([
      { path: variable(0, "name"), kind: "empty-env-name", field: "name" },
      { path: variable(1, "valueFrom"), kind: "env-value-and-source", field: "B" },
    ]);
    // No source is refused before a value beside it; two sources only beside no value.
    expect(env("[{name: A, value: a, valueFrom: {}}, {name: B, valueFrom: {secretKeyRef: {name: s, key: k}, fieldRef: {fieldPath: metadata.name}}}, {name: C, value: c, valueFrom: {secretKeyRef: {name: s, key: k}, fieldRef: null}}, {name: D, valueFrom: null}]")).toEqual([
      { path: variable(0, "valueFrom"), kind: "env-no-source", field: "A" },
      { path: variable(1, "valueFrom"), kind: "env-sources", field: "B" },
      { path: variable(2, "valueFrom"), kind: "env-value-and-source", field: "C" },
    ]);
  });

  it("reports the ingress class annotation of an Ingress that sets spec.ingressClassName", () => {
    const ingress = (annotations: string, className: string) =>
      validateAgainstSchema("networking.k8s.io/v1", "Ingress", parse(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, annotations: ${annotations}}\nspec: {ingressClassName: ${className}, defaultBackend: {service: {name: web, port: {number: 80}}}}\n`));
    expect(ingress("{kubernetes.io/ingress.class: nginx}", "null")).toEqual([]);
    expect(ingress("{}", "nginx")).toEqual([]);
    expect(ingress("{kubernetes.io/ingress.class: nginx}", "nginx")).toEqual([
      { path: ["metadata", "annotations", "kubernetes.io/ingress.class"], kind: "ingress-class-annotation", field: "kubernetes.io/ingress.class" },
    ]);
  });

  it("returns undefined for kinds it does not model", () => {
    expect(validateAgainstSchema("cert-manager.io/v1", "Certificate", {})).toBeUndefined();
    expect(validateAgainstSchema("example.org/v1beta1", "Deployment", {})).toBeUndefined();
    expect(validateAgainstSchema("v1", "Namespace", {})).toBeUndefined();
    expect(validateAgainstSchema("apps/v1", "deployment", {})).toBeUndefined();
  });

  it("reports an apiVersion Kubernetes 1.30 no longer serves as the object's only problem, with what replaced it", () => {
    const removed = (apiVersion: string, kind: string) => validateAgainstSchema(apiVersion, kind, { apiVersion, kind, bogus: 1 });
    expect(removed("extensions/v1beta1", "Deployment")).toEqual([
      { path: ["apiVersion"], kind: "removed-version", field: "apiVersion", removal: { kind: "Deployment", release: "1.16", replacement: "apps/v1" } },
    ]);
    for (const [apiVersion, kind, replacement] of [
      ["apps/v1beta2", "StatefulSet", "apps/v1"],
      ["extensions/v1beta1", "Ingress", "networking.k8s.io/v1"],
      ["networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1"],
      ["batch/v1beta1", "CronJob", "batch/v1"],
      ["policy/v1beta1", "PodDisruptionBudget", "policy/v1"],
      ["autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2"],
      ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2"],
      ["rbac.authorization.k8s.io/v1beta1", "RoleBinding", "rbac.authorization.k8s.io/v1"],
    ]) {
      expect(removed(apiVersion!, kind!), `${apiVersion} ${kind}`).toEqual([expect.objectContaining({ removal: expect.objectContaining({ replacement }) })]);
    }
    expect(removed("batch/v1beta1", "Job")).toBeUndefined();
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "extensions/v1beta1", kind: "Ingress" }] };
    expect(validateAgainstSchema("v1", "List", list)).toEqual([expect.objectContaining({ path: ["items", 0, "apiVersion"], kind: "removed-version" })]);
  });

  describe("a Job's restartPolicy", () => {
    const job = (restartPolicy: string) => parse(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n${restartPolicy}      containers: [{name: a, image: a}]\n`);
    const podSpec = ["spec", "template", "spec"];
    const allowed = ["OnFailure", "Never"];

    it("is required, and OnFailure or Never", () => {
      expect(validateAgainstSchema("batch/v1", "Job", job(""))).toEqual([{ path: podSpec, kind: "missing-required", field: "restartPolicy", allowed }]);
      expect(validateAgainstSchema("batch/v1", "Job", job("      restartPolicy: null\n"))).toEqual([{ path: podSpec, kind: "missing-required", field: "restartPolicy", allowed }]);
      for (const refused of ["Always", '""']) {
        expect(validateAgainstSchema("batch/v1", "Job", job(`      restartPolicy: ${refused}\n`))).toEqual([{ path: [...podSpec, "restartPolicy"], kind: "enum", field: "restartPolicy", allowed }]);
      }
      for (const accepted of ["OnFailure", "Never"]) expect(validateAgainstSchema("batch/v1", "Job", job(`      restartPolicy: ${accepted}\n`))).toEqual([]);
    });

    it("is reported once when the key is misspelt or the value is no policy at all", () => {
      expect(validateAgainstSchema("batch/v1", "Job", job("      restartpolicy: Never\n"))).toEqual([expect.objectContaining({ kind: "unknown-field", suggestion: "restartPolicy" })]);
      expect(validateAgainstSchema("batch/v1", "Job", job("      restartPolicy: Sometimes\n"))).toEqual([expect.objectContaining({ kind: "enum", allowed: ["Always", "Never", "OnFailure"] })]);
    });

    it("is Always, or unset, in the pods of a Deployment, StatefulSet, DaemonSet or ReplicaSet", () => {
      const controller = (kind: string, restartPolicy: string) =>
        parse(`apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n${restartPolicy}      containers: [{name: a, image: a}]\n`);
      for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]) {
        const problems = (policy: string) => validateAgainstSchema("apps/v1", kind, controller(kind, policy))!.filter((problem) => problem.field === "restartPolicy");
        for (const refused of ["OnFailure", "Never"]) {
          expect(problems(`      restartPolicy: ${refused}\n`)).toEqual([{ path: [...podSpec, "restartPolicy"], kind: "enum", field: "restartPolicy", allowed: ["Always"] }]);
        }
        for (const accepted of ["", "      restartPolicy: Always\n", '      restartPolicy: ""\n']) expect(problems(accepted)).toEqual([]);
      }
    });

    it("is checked in a CronJob's job template", () => {
      const cronJob = parse("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: web}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a}]\n");
      expect(validateAgainstSchema("batch/v1", "CronJob", cronJob)).toEqual([
        { path: ["spec", "jobTemplate", "spec", "template", "spec"], kind: "missing-required", field: "restartPolicy", allowed },
      ]);
    });
  });

  describe("Ingress hosts", () => {
    const ingress = (ruleHosts: string[], tlsHosts: string[] = []) =>
      validateAgainstSchema("networking.k8s.io/v1", "Ingress", { metadata: { name: "web" }, spec: { rules: ruleHosts.map((host) => ({ host })), tls: [{ hosts: tlsHosts }] } });

    it("accepts lower-case DNS names, a leading wildcard, and no host", () => {
      expect(ingress(["web.demo.development.svc.spin.nersc.org", "*.example.org", "a-1.b2", ""], ["*.example.org", "web.example.org"])).toEqual([]);
    });

    it("reports upper case and a trailing dot, with the same name written as the API server accepts it", () => {
      expect(ingress(["Web.demo.example.org", "web.demo.example.org."], ["WWW.example.org"])).toEqual([
        { path: ["spec", "rules", 0, "host"], kind: "invalid-host", field: "host", reason: "upper-case", suggestion: "web.demo.example.org" },
        { path: ["spec", "rules", 1, "host"], kind: "invalid-host", field: "host", reason: "trailing-dot", suggestion: "web.demo.example.org" },
        { path: ["spec", "tls", 0, "hosts", 0], kind: "invalid-host", field: "host", reason: "upper-case", suggestion: "www.example.org" },
      ]);
    });

    it("reports an IP address as a rule's host only, and other mistakes without a suggestion", () => {
      expect(ingress(["10.0.0.1", "010.0.0.1", "a_b.example.org", "*.*.example.org", "-web.org", "Web_App.org"], ["10.0.0.1"])).toEqual([
        { path: ["spec", "rules", 0, "host"], kind: "invalid-host", field: "host", reason: "ip-address" },
        { path: ["spec", "rules", 1, "host"], kind: "invalid-host", field: "host", reason: "ip-address" },
        { path: ["spec", "rules", 2, "host"], kind: "invalid-host", field: "host", reason: "characters" },
        { path: ["spec", "rules", 3, "host"], kind: "invalid-host", field: "host", reason: "characters" },
        { path: ["spec", "rules", 4, "host"], kind: "invalid-host", field: "host", reason: "characters" },
        { path: ["spec", "rules", 5, "host"], kind: "invalid-host", field: "host", reason: "characters" },
      ]);
      expect(ingress([`${"a".repeat(250)}.org`])).toEqual([expect.objectContaining({ reason: "too-long" })]);
    });
  });

  describe("a Job's selector", () => {
    const job = (spec: string, name = "reindex") =>
      validateAgainstSchema("batch/v1", "Job", parse(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n${spec}  template:\n    metadata: {labels: {app: reindex}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: a}]\n`));
    const refused = [{ path: ["spec", "selector"], kind: "job-selector", field: "selector" }];

    it("is refused unless it selects the labels the Job controller gives the pods, or manualSelector is true", () => {
      expect(job("  selector: {matchLabels: {app: reindex}}\n")).toEqual(refused);
      expect(job("  manualSelector: false\n  selector: {matchLabels: {app: reindex}}\n")).toEqual(refused);
      expect(job("  selector: {matchExpressions: [{key: app, operator: Exists}]}\n")).toEqual(refused);
      expect(job("  selector: {matchLabels: {job-name: other}}\n")).toEqual(refused);
      expect(job("  manualSelector: true\n  selector: {matchLabels: {app: reindex}}\n")).toEqual([]);
      expect(job("")).toEqual([]);
      expect(job("  selector: {}\n")).toEqual([]);
    });

    it("may select the Job's name, and say anything of its uid, which the manifest cannot know", () => {
      expect(job("  selector: {matchLabels: {job-name: reindex, batch.kubernetes.io/job-name: reindex}}\n")).toEqual([]);
      expect(job("  selector: {matchLabels: {controller-uid: 7b1c0d4e-0d5f-4c8e-9a51-3c2d1f0e9b7a}}\n")).toEqual([]);
      expect(job("  selector: {matchExpressions: [{key: app, operator: DoesNotExist}, {key: job-name, operator: In, values: [reindex, other]}]}\n")).toEqual([]);
    });

    it("is refused in a CronJob's jobTemplate, manualSelector or not, and so is manualSelector: true", () => {
      const cronJob = (jobSpec: string) =>
        validateAgainstSchema("batch/v1", "CronJob", parse(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n${jobSpec}      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: a}]\n`));
      const at = ["spec", "jobTemplate", "spec"];
      expect(cronJob("      selector: {matchLabels: {app: nightly}}\n")).toEqual([{ path: [...at, "selector"], kind: "job-template-selector", field: "selector" }]);
      expect(cronJob("      manualSelector: true\n      selector: {matchLabels: {app: nightly}}\n")).toEqual([{ path: [...at, "selector"], kind: "job-template-selector", field: "selector" }]);
      expect(cronJob("      manualSelector: true\n")).toEqual([{ path: [...at, "manualSelector"], kind: "job-template-selector", field: "manualSelector" }]);
      expect(cronJob("      manualSelector: false\n")).toEqual([]);
    });
  });

  describe("duplicate names", () => {
    const pod = (spec: string) => validateAgainstSchema("v1", "Pod", parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${spec}`));
    const duplicate = (path: (string | number)[], reason: string) => ({ path: ["spec", ...path, "name"], kind: "duplicate-name", field: "name", reason });

    it("are refused across a pod's containers, init containers and ephemeral containers, the later in the API server's order", () => {
      expect(pod("  containers: [{name: web, image: a}, {name: web, image: b}]\n")).toEqual([duplicate(["containers", 1], "container")]);
      expect(pod("  initContainers: [{name: web, image: a}]\n  containers: [{name: web, image: b}]\n")).toEqual([duplicate(["initContainers", 0], "container")]);
      expect(pod("  containers: [{name: web, image: a}]\n  ephemeralContainers: [{name: web, image: b}]\n")).toEqual([duplicate(["ephemeralContainers", 0], "container")]);
      expect(pod("  initContainers: [{name: init, image: a}]\n  containers: [{name: web, image: b}, {name: api, image: c}]\n")).toEqual([]);
    });

    it("are refused among a pod's volumes", () => {
      expect(pod("  containers: [{name: web, image: a}]\n  volumes: [{name: data, emptyDir: {}}, {name: tmp, emptyDir: {}}, {name: data, emptyDir: {}}]\n")).toEqual([duplicate(["volumes", 2], "volume")]);
      expect(pod("  containers: [{name: data, image: a}]\n  volumes: [{name: data, emptyDir: {}}]\n")).toEqual([]);
    });
  });

  describe("a Service's ports", () => {
    const service = (ports: string) => validateAgainstSchema("v1", "Service", parse(`apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: ${ports}\n`));

    it("may leave a single port unnamed, and must name each of two or more", () => {
      expect(service("[{port: 80}]")).toEqual([]);
      expect(service("[{name: http, port: 80}, {name: https, port: 443}]")).toEqual([]);
      expect(service("[{name: http, port: 80}, {port: 443}, {name: '', port: 8443}]")).toEqual([
        { path: ["spec", "ports", 1], kind: "unnamed-port", field: "name" },
        { path: ["spec", "ports", 2], kind: "unnamed-port", field: "name" },
      ]);
    });

    it("may not share a name", () => {
      expect(service("[{name: http, port: 80}, {name: http, port: 443}]")).toEqual([{ path: ["spec", "ports", 1, "name"], kind: "duplicate-name", field: "name", reason: "service-port" }]);
    });
  });

  describe("Ingress paths", () => {
    const ingress = (paths: string) =>
      validateAgainstSchema("networking.k8s.io/v1", "Ingress", parse(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - http:\n        paths:\n${paths}`));
    const entry = (path: string, pathType: string) => `          - {${path}pathType: ${pathType}, backend: {service: {name: web, port: {number: 80}}}}\n`;
    const at = ["spec", "rules", 0, "http", "paths", 0];

    it("are absolute for pathType Prefix and Exact, and there", () => {
      for (const pathType of ["Prefix", "Exact"]) {
        expect(ingress(entry("path: /api, ", pathType))).toEqual([]);
        expect(ingress(entry("path: api, ", pathType))).toEqual([{ path: [...at, "path"], kind: "relative-path", field: "path" }]);
        expect(ingress(entry("path: '', ", pathType))).toEqual([{ path: [...at, "path"], kind: "relative-path", field: "path" }]);
        expect(ingress(entry("", pathType))).toEqual([{ path: at, kind: "missing-path", field: "path" }]);
      }
    });

    it("may be left out for pathType ImplementationSpecific, but one written is absolute", () => {
      expect(ingress(entry("", "ImplementationSpecific"))).toEqual([]);
      expect(ingress(entry("path: '', ", "ImplementationSpecific"))).toEqual([]);
      expect(ingress(entry("path: '/static(/|$)(.*)', ", "ImplementationSpecific"))).toEqual([]);
      expect(ingress(entry("path: .*, ", "ImplementationSpecific"))).toEqual([{ path: [...at, "path"], kind: "relative-path", field: "path" }]);
    });
  });

  it("finds nothing in a realistic Rancher export", () => {
    const text = readFileSync(new URL("fixtures/k8s/rancher-export.yaml", import.meta.url), "utf8");
    const documents = parseAllDocuments(text).map((d) => d.toJS() as { apiVersion: string; kind: string });
    expect(documents).toHaveLength(7);
    for (const doc of documents) expect(validateAgainstSchema(doc.apiVersion, doc.kind, doc), `${doc.kind}`).toEqual([]);
  });
});
