// The network model: namespaces, Rancher's injected selector labels, both Ingress backend
// shapes, and listeners contributed by other models (a linked app's uWSGI socket).
import { describe, expect, it } from "vitest";
import { createSourceFile, site } from "../src/engine/source.js";
import { parseYamlStream } from "../src/languages/k8s/parse.js";
import { buildK8sModel } from "../src/model/k8s.js";
import { buildNetworkModel, type Listener } from "../src/model/network.js";

function k8sModel(yaml: string) {
  const file = createSourceFile("all.yaml", undefined, yaml, "yaml");
  return buildK8sModel([parseYamlStream(file)], { globalFsPrefixes: ["/global/"] });
}

const deployment = (namespace: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web${namespace ? `, namespace: ${namespace}` : ""}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.nersc.gov/m1/web:1.0
`;

const service = (namespace: string, spec: string) => `
apiVersion: v1
kind: Service
metadata: {name: web${namespace ? `, namespace: ${namespace}` : ""}}
spec:
${spec}`;

describe("network model", () => {
  it("puts objects without a namespace in default, apart from named namespaces", () => {
    const k8s = k8sModel([deployment(""), service("", "  selector: {app: web}"), service("demo", "  selector: {app: web}")].join("\n---\n"));
    const [plain, demo] = buildNetworkModel(k8s).services;
    expect(plain!.namespace).toBe("default");
    expect(plain!.workloads.map((workload) => workload.object.name)).toEqual(["web"]);
    expect(demo!.workloads).toEqual([]);
  });

  it("gives the pods of workloads a Rancher Service targets its workloadID_ label", () => {
    const rancher = `
apiVersion: v1
kind: Service
metadata:
  name: web-ingress
  namespace: demo
  annotations: {field.cattle.io/targetWorkloadIds: '["deployment:demo:web"]'}
spec:
  selector: {workloadID_web-ingress: "true"}`;
    const network = buildNetworkModel(k8sModel([deployment("demo"), rancher].join("\n---\n")));
    expect(network.services[0]!.workloads.map((workload) => workload.object.name)).toEqual(["web"]);
  });

  it("gives pods the labels their controller adds: a StatefulSet pod's name and index, a Job's name", () => {
    const workloads = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: demo}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres:15}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: demo}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: migrate, image: registry.nersc.gov/m1/web:1.0}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: demo}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: Never, containers: [{name: nightly, image: registry.nersc.gov/m1/web:1.0}]}`;
    const selecting = (selector: string) => service("demo", `  selector: {${selector}}`);
    const selectors = [
      "app: db, statefulset.kubernetes.io/pod-name: db-1", "statefulset.kubernetes.io/pod-name: db-2", "apps.kubernetes.io/pod-index: '0'",
      "job-name: migrate", "batch.kubernetes.io/job-name: nightly-29001234", "job-name: web", "app: db, job-name: migrate",
    ];
    const network = buildNetworkModel(k8sModel([workloads, ...selectors.map(selecting)].join("\n---\n")));
    expect(network.services.map((found) => found.workloads.map((workload) => workload.object.name))).toEqual([
      ["db"], [], ["db"], ["migrate"], ["nightly"], [], [],
    ]);
    // A template that writes such a label itself carries it, whatever its kind.
    const own = buildNetworkModel(k8sModel([deployment("demo").replace("labels: {app: web}", "labels: {app: web, job-name: report}"), selecting("job-name: report")].join("\n---\n")));
    expect(own.services[0]!.workloads.map((workload) => workload.object.name)).toEqual(["web"]);
  });

  it("lets a numbered targetPort reach a native sidecar (an init container that always restarts), but not a name", () => {
    const pod = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo, labels: {app: web}}
spec:
  initContainers:
    - {name: tls, image: registry.nersc.gov/m1/tls:1.0, restartPolicy: Always, ports: [{name: https, containerPort: 8443}]}
    - {name: migrate, image: registry.nersc.gov/m1/web:1.0, ports: [{containerPort: 9000}]}
  containers:
    - {name: web, image: registry.nersc.gov/m1/web:1.0, ports: [{containerPort: 8080}]}`;
    const ports = "  selector: {app: web}\n  ports: [{port: 443, targetPort: 8443}, {name: tls, port: 8443, targetPort: https}, {name: migrate, port: 9000}]";
    const [web] = buildNetworkModel(k8sModel([pod, service("demo", ports)].join("\n---\n"))).services;
    expect(web!.ports.map((port) => port.listeners.map((listener) => listener.container.name))).toEqual([["tls"], [], []]);
  });

  it("resolves extensions/v1beta1 backends by serviceName and servicePort name", () => {
    const ingress = `
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: web, namespace: demo}
spec:
  backend: {serviceName: web, servicePort: http}`;
    const network = buildNetworkModel(k8sModel([service("demo", "  ports: [{name: http, port: 80}]"), ingress].join("\n---\n")));
    const [backend] = network.ingresses[0]!.backends;
    expect(backend!.service?.object.name).toBe("web");
    expect(backend!.servicePort?.port).toBe(80);
  });

  it("lets a Service reach, of two copies of one workload, the copy applied with it", () => {
    const files = ["a", "b", "c"].map((dir) =>
      parseYamlStream(createSourceFile(`${dir}/all.yaml`, undefined, [deployment("demo"), service("demo", "  selector: {app: web}")].join("\n---\n"), "yaml")),
    );
    const network = buildNetworkModel(buildK8sModel(files, { globalFsPrefixes: ["/global/"] }));
    expect(network.services.map((svc) => svc.workloads.map((workload) => workload.object.file.path))).toEqual([["a/all.yaml"], ["b/all.yaml"], ["c/all.yaml"]]);
    const top = parseYamlStream(createSourceFile("svc.yaml", undefined, service("demo", "  selector: {app: web}"), "yaml"));
    const [, , , shared] = buildNetworkModel(buildK8sModel([...files, top], { globalFsPrefixes: ["/global/"] })).services;
    expect(shared!.workloads).toHaveLength(3);
  });

  it("lets a Service targetPort reach a socket another model contributes", () => {
    const k8s = k8sModel([deployment("demo"), service("demo", "  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]")].join("\n---\n"));
    const container = k8s.workloads[0]!.containers[0]!;
    const ini = createSourceFile("app.ini", undefined, "[uwsgi]\nhttp-socket = :8080\n", "uwsgi");
    const socket: Listener = { container, port: 8080, name: undefined, origin: "server", protocol: "TCP", appProtocol: "http", at: site(ini, 8, 27) };
    expect(buildNetworkModel(k8s).services[0]!.ports[0]!.listeners).toEqual([]);
    expect(buildNetworkModel(k8s, [socket]).services[0]!.ports[0]!.listeners).toEqual([socket]);
  });
});
