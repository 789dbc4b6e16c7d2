import { defineRule, reportingOnce } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { pushTo } from "../../src/model/grouping.js";
import { objectRef, type Container } from "../../src/model/k8s.js";
import type { Listener } from "../../src/model/network.js";

export default defineRule({
  meta: {
    id: "uwsgi/protocol-mismatch",
    title: "An Ingress reaches uWSGI on an HTTP socket, not a uwsgi-protocol socket",
    severity: "warning",
    relatesFiles: true,
    docs: {
      what: "Follows each Ingress backend through its Service to the ports of the selected containers, and warns when one of them is a uWSGI `socket` (or `uwsgi-socket`), which speaks uWSGI's binary uwsgi protocol unless `protocol = http` is set. A `socket` the Ingress does not reach (one a sidecar web server talks to) is fine.",
      why: "Spin's ingress controller is nginx, which speaks HTTP to the backend (SPIN.md, Ingress and services). uWSGI reads an HTTP request on a uwsgi-protocol socket as a malformed packet and logs `invalid request block size: … (max 4096)...skip`; the client gets an error or an empty reply for every request, while the pod runs and looks healthy (SPIN.md, Ingress and services: uWSGI).",
      fix: "Serve HTTP on the port the Service targets: `http-socket = :8080` instead of `socket = :8080` (or add `protocol = http`).",
      sources: ["SPIN.md § Ingress and services (nginx speaks HTTP; uWSGI `invalid request block size`)"],
      related: ["k8s/port-chain", "k8s/ingress-backend"],
    },
    messages: {
      binary: "uWSGI speaks its binary uwsgi protocol on port {{port}}, but Ingress \"{{ingress}}\" sends HTTP to it through Service \"{{service}}\": uWSGI logs \"invalid request block size\" and every request fails",
    },
    hints: {
      binary: "serve HTTP on this port: use http-socket instead of socket (or set protocol = http)",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    const uwsgiSockets = new Map<Container, Listener[]>();
    for (const listener of model.network.listeners) if (listener.appProtocol === "uwsgi") pushTo(uwsgiSockets, listener.container, listener);
    for (const ingress of model.network.ingresses) {
      for (const backend of ingress.backends) {
        const { service, servicePort, port } = backend;
        if (!service || !servicePort) continue;
        // A targetPort by name reaches the containerPort; the socket on that port number is the server's listener.
        const reached = [...new Set(servicePort.listeners.map((other) => other.container))].flatMap((container) =>
          (uwsgiSockets.get(container) ?? []).filter((listener) => servicePort.listeners.some((other) => other.container === container && other.port === listener.port)),
        );
        for (const listener of reached) {
          once.report({
            messageId: "binary",
            data: { port: listener.port, ingress: ingress.object.name, service: service.object.name },
            at: listener.at,
            effect: "misbehaves",
            object: objectRef(listener.container.workload.object, listener.container),
            ...(port ? { related: [{ at: rangeSite(ingress.object.file, nodeRange(port.node)), message: `Ingress "${ingress.object.name}" sends HTTP here, to Service "${service.object.name}"` }] } : {}),
          });
        }
      }
    }
    once.flush();
  },
});
