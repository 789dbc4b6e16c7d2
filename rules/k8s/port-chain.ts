import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";
import { describePort } from "../../src/model/network.js";

export default defineRule({
  meta: {
    id: "k8s/port-chain",
    title: "Service target ports reach a port the selected containers listen on",
    severity: "error",
    docs: {
      what: "Follows each Service port to the pods the Service selects: a `targetPort` number must be a `containerPort` of one of their containers (when they declare any), and a `targetPort` name must be the `name` of one. A `targetPort` left out means `port`. Headless Services (`clusterIP: None`, as Rancher generates on port 42) and Services that select no pod are exempt.",
      why: "Traffic from the Ingress goes to the Service port, then to `targetPort` in the pod; when nothing listens there, requests fail although every object applies cleanly. Spin's walkthrough says to \"put exposed port from workload\" into the Service and Ingress (SPIN.md, Ingress and services: slides, REAL).",
      fix: "Set `targetPort` to the `containerPort` the app listens on, or to that port's `name`.",
      sources: ["SPIN.md § Ingress and services (Rancher 2 slides, REAL corpus)"],
      related: ["k8s/ingress-backend", "k8s/service-selector", "spin/privileged-port"],
    },
    messages: {
      number: "Service \"{{service}}\" sends port {{port}} to targetPort {{target}}, but no container it selects listens on {{target}}",
      name: "Service \"{{service}}\" sends port {{port}} to targetPort \"{{target}}\", but no container it selects has a port of that name",
    },
    hints: {
      number: "the selected containers listen on {{listening}}",
      name: "the selected containers listen on {{listening}}",
    },
  },
  check(model, context) {
    for (const service of model.network.services) {
      if (service.headless || service.workloads.length === 0) continue;
      for (const port of service.ports) {
        const { target } = port;
        if (!target || port.listeners.length > 0) continue;
        // Kubernetes forwards a numbered targetPort whether or not it is declared: judge it only against declared ports.
        if (typeof target.value === "number" && service.listeners.length === 0) continue;
        context.report({
          messageId: typeof target.value === "number" ? "number" : "name",
          data: { service: service.object.name, port: port.port ?? "", target: target.value, listening: service.listeners.map(describePort).join(", ") || "no declared port" },
          at: rangeSite(service.object.file, nodeRange(target.node)),
          effect: "misbehaves",
          object: objectRef(service.object),
          related: service.listeners.map((listener) => ({ at: listener.at, message: `container "${listener.container.name}" listens on ${describePort(listener)}` })),
        });
      }
    }
  },
});
