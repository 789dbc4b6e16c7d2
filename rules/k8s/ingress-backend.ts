import { nearest } from "../../src/engine/suggest.js";
import { defineRule, MAX_RELATED } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { listedAtMost } from "../../src/engine/text.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { mayBeUnread, objectRef } from "../../src/model/k8s.js";
import { pushTo } from "../../src/model/grouping.js";
import { describePort, type Service } from "../../src/model/network.js";

export default defineRule({
  meta: {
    id: "k8s/ingress-backend",
    title: "Ingress backends name a Service and a port it has",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports an Ingress backend whose Service is not in the linted set in the Ingress's namespace (unless a manifest nw-lint could not read, which `yaml/syntax` reports, mentions its name), or whose port (`number` or `name`) that Service does not have (an `ExternalName` Service, a DNS name outside the cluster, takes any port). Only when the linted set holds at least one Service in that namespace, so linting an Ingress alone is not an error.",
      why: "The ingress controller (nginx) forwards to the Service and port the backend names; when either does not exist the site answers 503 while the Ingress looks fine. Spin's walkthrough says to \"put exposed port from workload\" (SPIN.md, Ingress and services: slides, REAL).",
      fix: "Name a Service of the same namespace, and one of its `ports[].port` numbers or `ports[].name`.",
      sources: ["SPIN.md § Ingress and services (Rancher 2 slides, REAL corpus)"],
      related: ["k8s/port-chain", "k8s/service-selector", "spin/ingress-host"],
    },
    messages: {
      noService: "Ingress \"{{ingress}}\" routes to Service \"{{service}}\", which no linted file defines in namespace \"{{namespace}}\"",
      noPort: "Ingress \"{{ingress}}\" routes to port {{port}} of Service \"{{service}}\", which has no such port",
    },
    hints: {
      noService: "did you mean \"{{closest}}\"? Services in {{namespace}}: {{services}}",
      noPort: "its ports: {{ports}}{{targetOf}}",
    },
  },
  check(model, context) {
    const servicesByNamespace = new Map<string, Service[]>();
    for (const service of model.network.services) pushTo(servicesByNamespace, service.namespace, service);
    // Many backends of a namespace name the same missing Service (a renamed one): each name is compared once.
    const closest = new Map<string, { readonly closest: string; readonly services: string }>();
    const lookUp = (namespace: string, name: string) => {
      const key = `${namespace}\0${name}`;
      if (!closest.has(key)) {
        const names = servicesByNamespace.get(namespace)!.map((candidate) => candidate.object.name);
        closest.set(key, { closest: nearest(name, names) ?? "", services: listedAtMost(names, MAX_RELATED) });
      }
      return closest.get(key)!;
    };
    for (const ingress of model.network.ingresses) {
      const services = servicesByNamespace.get(ingress.namespace);
      if (!services) continue;
      const common = { effect: "misbehaves" as const, object: objectRef(ingress.object) };
      for (const { serviceName, port, service, servicePort } of ingress.backends) {
        if (serviceName && !service) {
          if (mayBeUnread(model.k8s, serviceName.value)) continue;
          const data = { ingress: ingress.object.name, service: serviceName.value, namespace: ingress.namespace, ...lookUp(ingress.namespace, serviceName.value) };
          context.report({ messageId: "noService", data, at: rangeSite(ingress.object.file, nodeRange(serviceName.node)), ...common });
        } else if (service && port && !servicePort && !service.externalName) {
          // A common slip: the Ingress names the pods' port, the Service's targetPort, not the Service port.
          const targeting = service.ports.find((candidate) => !candidate.targetDefaulted && candidate.port !== undefined && candidate.target?.value === port.value);
          const shown = typeof port.value === "number" ? port.value : `"${port.value}"`;
          const data = {
            ingress: ingress.object.name, service: service.object.name, port: shown, ports: listedAtMost(service.ports.map(describePort), MAX_RELATED),
            targetOf: targeting ? `; ${shown} is the targetPort behind port ${targeting.port}: an Ingress names the Service's own port` : "",
          };
          const related = service.ports.slice(0, MAX_RELATED).map((candidate) => ({ at: rangeSite(service.object.file, nodeRange(candidate.node)), message: `Service "${service.object.name}" port ${describePort(candidate)}` }));
          context.report({ messageId: "noPort", data, at: rangeSite(ingress.object.file, nodeRange(port.node)), related, ...common });
        }
      }
    }
  },
});
