import { defineRule, MAX_RELATED, reportingOnce } from "../../src/engine/rule.js";
import { suggestion } from "../../src/engine/suggest.js";
import { rangeSite } from "../../src/engine/source.js";
import { listedAtMost } from "../../src/engine/text.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { portNameProblem } from "../../src/languages/k8s/server-validation.js";
import type { Finding } from "../../src/engine/types.js";
import { pushTo } from "../../src/model/grouping.js";
import { objectRef, type Container, type Workload } from "../../src/model/k8s.js";
import { describePort, type Listener, type Service, type ServicePort } from "../../src/model/network.js";
import type { ProjectModel } from "../../src/model/project.js";

export default defineRule({
  meta: {
    id: "k8s/port-chain",
    title: "Service target ports reach a port the selected containers listen on",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Follows each Service port to the pods the Service selects: a `targetPort` number must be a port one of their containers listens on — a `containerPort`, or a port its server binds (a uWSGI socket, gunicorn `--bind`, uvicorn `--port`) — when they declare or bind any, and a `targetPort` name must be the `name` of a `containerPort` with the Service port's `protocol` (TCP when either leaves it unset): Kubernetes resolves a name only within one protocol, so a TCP Service port sent to the name of a UDP port gets no endpoint. A declared `containerPort` is no such port when the container's server is known to bind none of the ports the container declares (every port it binds is written, none a UNIX socket or known only at run time or from a variable nw-lint does not read, and it starts nothing else that may listen: no uWSGI stats server, router or attached daemon, no base image's nginx): a Service sent there gets no answer. Where the server binds one declared port, the others may be the app's own (a metrics server its code starts) and are taken as listening. A `targetPort` left out means `port`. A native sidecar (an init container with `restartPolicy: Always`) serves the pod too, for a numbered `targetPort`; Kubernetes 1.30 resolves a port name among the app containers only. Headless Services (`clusterIP: None`, as Rancher generates on port 42), `ExternalName` Services (a DNS alias: Kubernetes ignores their selector and ports' targets) and Services that select no pod are exempt. It also reports a port a container's server binds that the container does not declare as a `containerPort` (when it declares some, and no finding about a Service's `targetPort` already says where that server listens), a server a Service selects that listens only on loopback (gunicorn's and uvicorn's default `127.0.0.1:8000`, a uWSGI `http-socket = 127.0.0.1:8080`) or, for uWSGI, only on UNIX sockets, when the Service reaches its own container (not a proxy beside it in the pod), and a uWSGI socket written as a bare number (`http-socket = 8080`), which uWSGI binds as a UNIX socket file of that name. A socket bound to loopback needs no `containerPort`: only the container reaches it (uWSGI's `http` router forwarding to `socket = 127.0.0.1:3031`). A quoted number (`targetPort: \"8080\"`) is a port name to the API server, which refuses it: a name must contain a letter. It refuses any other `targetPort` that is no port name too (upper case, `_`, more than 15 characters).",
      why: "Traffic from the Ingress goes to the Service port, then to `targetPort` in the pod; when nothing listens there, requests fail although every object applies cleanly. Spin's walkthrough says to \"put exposed port from workload\" into the Service and Ingress (SPIN.md, Ingress and services: slides, REAL). gunicorn without `--bind` listens on 127.0.0.1:8000, and uvicorn without `--host` on 127.0.0.1, which no other pod reaches (docs/gunicorn-behaviour.md, Ports); uWSGI reads a socket without `:` as a UNIX socket path (docs/uwsgi-behaviour.md).",
      fix: "Set `targetPort` to the `containerPort` the app listens on, or to that port's `name`, and the Service port's `protocol` to that port's; bind the server to the port the Service targets, or declare the port the server binds as a `containerPort` and target it; bind servers to `0.0.0.0` (`gunicorn --bind 0.0.0.0:8080`, `uvicorn --host 0.0.0.0 --port 8080`, uWSGI `http-socket = :8080`).",
      sources: ["SPIN.md § Ingress and services (Rancher 2 slides, REAL corpus)", "docs/gunicorn-behaviour.md § Ports", "docs/uwsgi-behaviour.md"],
      related: ["k8s/ingress-backend", "k8s/service-selector", "spin/privileged-port"],
    },
    messages: {
      number: "Service \"{{service}}\" sends port {{port}} to targetPort {{target}}, but no container it selects listens on {{target}}",
      samePort: "Service \"{{service}}\" sends port {{port}} to the same port on its pods (it sets no targetPort), but no container it selects listens on {{target}}",
      name: "Service \"{{service}}\" sends port {{port}} to targetPort \"{{target}}\", but no container it selects has a port of that name",
      protocol: "Service \"{{service}}\" sends port {{port}} ({{protocol}}) to targetPort \"{{target}}\", but the selected containers' port \"{{target}}\" is {{other}}: Kubernetes resolves a port name only to a port of the Service port's protocol",
      sidecarName: "Service \"{{service}}\" sends port {{port}} to targetPort \"{{target}}\", a port name only the native sidecar \"{{container}}\" declares, which Kubernetes before 1.32 does not resolve",
      quotedNumber: "Service \"{{service}}\" sends port {{port}} to targetPort \"{{target}}\", a string: the API server reads it as a port name and refuses it, since a name must contain a letter",
      unserved: "Service \"{{service}}\" sends port {{port}} to {{to}}, which container \"{{container}}\" declares, but the server in it listens on {{listening}}, not {{target}}",
      undeclared: "the server in container \"{{container}}\" listens on port {{port}}, which the container does not declare as a containerPort (it declares {{declared}})",
      loopback: "{{server}} in container \"{{container}}\" listens on {{address}}{{why}}, which only the container itself can reach: Service \"{{service}}\" gets no answer",
      unixSocket: "{{option}} = {{address}} binds a UNIX socket file named \"{{address}}\", not TCP port {{address}}: nothing listens on that port",
      unixOnly: "{{server}} in container \"{{container}}\" listens only on the UNIX socket {{address}}, which only the container itself can reach: Service \"{{service}}\" gets no answer",
      unexpandedPort: "{{server}} in container \"{{container}}\" listens on {{address}}: uWSGI expands $(NAME), not {{variable}}, so it reads port 0 and binds a random port: Service \"{{service}}\" gets no answer",
    },
    hints: {
      number: "the selected containers listen on {{listening}}{{only}}",
      samePort: "the selected containers listen on {{listening}}; set targetPort to the port the app listens on",
      name: "the selected containers listen on {{listening}}{{suggestion}}",
      protocol: "set protocol: {{other}} on the Service port, or name a {{protocol}} port",
      sidecarName: "write the sidecar's port number: targetPort: {{number}}",
      quotedNumber: "write targetPort: {{target}} without quotes",
      unserved: "bind the server to port {{target}}, or set targetPort: {{retarget}}",
      undeclared: "{{fix}}",
      loopback: "{{fix}}",
      unixSocket: "write {{option}} = :{{address}} to listen on port {{address}} on every interface",
      unixOnly: "{{fix}}, or put a proxy that listens on the Service's port in front of it",
      unexpandedPort: "write {{option}} = {{expanded}}",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    const servicesOf = new Map<Workload, Service[]>();
    for (const service of model.network.services) if (!service.headless) for (const workload of service.workloads) pushTo(servicesOf, workload, service);
    const unserved = checkTargetPorts(model, context);
    checkUndeclaredPorts(model, once, unserved);
    checkLoopbackServers(model, once, servicesOf);
    checkUwsgiSockets(model, once, servicesOf);
    once.flush();
  },
});

type MessageId = "number" | "samePort" | "name" | "protocol" | "sidecarName" | "quotedNumber" | "unserved" | "undeclared" | "loopback" | "unixSocket" | "unixOnly" | "unexpandedPort";
type Reporter = { report(finding: Finding<MessageId>): void };

/** Each Service port's target against what the selected containers listen on; returns the containers reported for declaring a port their server does not bind. */
function checkTargetPorts(model: ProjectModel, context: Reporter): Set<Container> {
  const reportedUnserved = new Set<Container>();
  // A server that listens on loopback alone is reported by checkLoopbackServers: the Service port it leaves unanswered is the same mistake.
  const loopbackOnly = new Map<Workload, (number | undefined)[]>();
  for (const app of model.servers.apps) {
    const workload = app.runner.container?.workload;
    if (workload && app.binds.length > 0 && app.binds.every((bind) => bind.loopback)) for (const bind of app.binds) pushTo(loopbackOnly, workload, bind.port);
  }
  for (const app of model.uwsgi.apps) {
    const workload = app.container?.workload;
    if (workload && app.sockets.length > 0 && app.sockets.every((socket) => socket.loopback)) for (const socket of app.sockets) pushTo(loopbackOnly, workload, socket.port);
  }
  for (const service of model.network.services) {
    if (service.headless || service.workloads.length === 0) continue;
    for (const port of service.ports) {
      const { target } = port;
      if (!target || port.listeners.length > 0) continue;
      const [unserved] = port.unserved;
      if (unserved) {
        reportUnserved(service, port, unserved, context);
        reportedUnserved.add(unserved.container);
        continue;
      }
      if (typeof target.value === "number" && service.workloads.some((workload) => loopbackOnly.get(workload)?.includes(target.value as number))) continue;
      // Kubernetes forwards a numbered targetPort whether or not it is declared: judge it only against declared ports.
      if (typeof target.value === "number" && service.listeners.length === 0) continue;
      const listening = distinctPorts(service.listeners);
      // Kubernetes validates a string targetPort as a port name (IANA_SVC_NAME) and refuses the Service when it is none, as a quoted number is.
      const name = typeof target.value === "string" ? target.value : undefined;
      const refused = name !== undefined && portNameProblem(name) !== undefined;
      const quotedNumber = name !== undefined && /^\d+$/.test(name);
      const otherProtocols = name !== undefined ? protocolsOfPortsNamed(name, service.listeners) : [];
      const sidecar = listening.find((listener) => listener.container.sidecar && listener.name === target.value);
      context.report({
        messageId: typeof target.value === "number" ? (port.targetDefaulted ? "samePort" : "number") : quotedNumber ? "quotedNumber" : otherProtocols.length > 0 ? "protocol" : sidecar ? "sidecarName" : "name",
        data: {
          service: service.object.name, port: port.port ?? "", protocol: port.protocol, other: otherProtocols.join(" or "), target: target.value, listening: listedAtMost(listening.map(describePort), MAX_RELATED) || "no declared port",
          suggestion: typeof target.value === "string" && !quotedNumber ? nameSuggestion(target.value, listening) : "",
          // One port to reach: the hint says what to write.
          only: listening.length === 1 ? `; write targetPort: ${listening[0]!.port}${listening[0]!.name ? ` (or ${listening[0]!.name})` : ""}` : "",
          container: sidecar?.container.name ?? "", number: sidecar?.port ?? "",
        },
        at: rangeSite(service.object.file, nodeRange(target.node)),
        effect: refused ? "rejected" : "misbehaves",
        object: objectRef(service.object),
        related: listening.slice(0, MAX_RELATED).map((listener) => ({ at: listener.at, message: `container "${listener.container.name}" listens on ${describePort(listener)}` })),
      });
    }
  }
  return reportedUnserved;
}

/** A Service port sent to a declared containerPort that the container's server, whose every port is known, does not bind. */
function reportUnserved(service: Service, port: ServicePort, unserved: Listener, context: Reporter): void {
  const { container } = unserved;
  const binds = service.listeners.filter((listener) => listener.container === container && listener.origin === "server");
  const ports = [...new Set(binds.map((bind) => bind.port))];
  const [only] = ports;
  context.report({
    messageId: "unserved",
    data: {
      service: service.object.name, port: port.port ?? "", target: unserved.port, container: container.name, listening: listedAtMost(ports.map(String), MAX_RELATED),
      to: port.targetDefaulted ? "the same port on its pods (it sets no targetPort)" : `targetPort ${unserved.port}`,
      // The server binds none of the declared ports (network.ts, unservedPorts): its own port is to declare too.
      retarget: ports.length === 1 && only !== undefined ? `${only} and declare containerPort ${only}` : "the port the server serves the app on",
    },
    at: rangeSite(service.object.file, nodeRange(port.target!.node)),
    effect: "misbehaves",
    object: objectRef(service.object),
    related: [
      { at: unserved.at, message: `container "${container.name}" declares containerPort ${describePort(unserved)}, which its server does not bind` },
      ...binds.slice(0, MAX_RELATED - 1).map((bind) => ({ at: bind.at, message: `the server listens on ${bind.port}` })),
    ],
  });
}

/**
 * A port a container's server binds that the container does not declare, when it declares some;
 * not for the `reportedUnserved` containers, whose finding on the Service's targetPort is the same mistake.
 */
function checkUndeclaredPorts(model: ProjectModel, once: Reporter, reportedUnserved: ReadonlySet<Container>): void {
  const declaredPorts = new Map<Container, Listener[]>();
  for (const listener of model.network.listeners) if (listener.origin === "containerPort") pushTo(declaredPorts, listener.container, listener);
  const targeted = targetedDeclaredPorts(model);
  for (const listener of model.network.listeners) {
    if (listener.origin !== "server" || reportedUnserved.has(listener.container)) continue;
    const declared = declaredPorts.get(listener.container) ?? [];
    if (declared.length === 0 || declared.some((other) => other.port === listener.port)) continue;
    const reached = targeted.get(listener.container);
    once.report({
      messageId: "undeclared",
      data: {
        container: listener.container.name, port: listener.port, declared: declared.map(describePort).join(", "),
        // A Service sends its requests to the declared port: declaring the server's port would not reach it.
        fix: reached
          ? `bind the server to port ${reached.listener.port}, which Service "${reached.service.object.name}" targets, or add containerPort ${listener.port} and point the Service at it`
          : `add containerPort ${listener.port} to the container, or bind the server to a declared port`,
      },
      at: listener.at,
      effect: "misbehaves",
      object: objectRef(listener.container.workload.object, listener.container),
      related: declared.map((other) => ({ at: other.at, message: `containerPort ${describePort(other)}` })),
    });
  }
}

/** The first declared containerPort of each container that a Service port reaches. */
function targetedDeclaredPorts(model: ProjectModel): Map<Container, { readonly service: Service; readonly listener: Listener }> {
  const targeted = new Map<Container, { readonly service: Service; readonly listener: Listener }>();
  for (const service of model.network.services) {
    if (service.headless) continue;
    for (const port of service.ports) {
      for (const listener of [...port.listeners, ...port.unserved]) {
        if (listener.origin === "containerPort" && !targeted.has(listener.container)) targeted.set(listener.container, { service, listener });
      }
    }
  }
  return targeted;
}

/** gunicorn, uvicorn or Flask's server bound to loopback alone in a container a Service selects. */
function checkLoopbackServers(model: ProjectModel, once: Reporter, servicesOf: ReadonlyMap<Workload, Service[]>): void {
  for (const app of model.servers.apps) {
    const container = app.runner.container;
    if (!container || app.binds.length === 0 || !app.binds.every((bind) => bind.loopback)) continue;
    const service = servicesOf.get(container.workload)?.[0];
    if (!service) continue;
    const bind = app.binds[0]!;
    // The port to bind: the one the container declares, when it declares one; else the one it binds now.
    const declared = container.ports.flatMap((port) => port.containerPort ?? []);
    const port = declared.length === 1 ? declared[0] : (bind.port ?? "PORT");
    once.report({
      messageId: "loopback",
      data: {
        server: app.server === "python" ? "Flask's development server" : app.server, container: container.name, service: service.object.name,
        address: `${bind.host}:${bind.port ?? "?"}`, why: bind.isDefault ? ` (its default${app.server === "gunicorn" ? " without --bind" : app.server === "uvicorn" ? " without --host" : ""})` : "",
        fix: app.server === "gunicorn" ? `bind all interfaces: --bind 0.0.0.0:${port}` : app.server === "python" ? "pass host=\"0.0.0.0\" to app.run(), or better serve the app with gunicorn" : "listen on all interfaces: --host 0.0.0.0",
      },
      at: bind.at,
      effect: "misbehaves",
      object: objectRef(container.workload.object, container),
    });
  }
}

/** uWSGI sockets written as a bare number (a UNIX socket file), and uWSGI listening on loopback or UNIX sockets alone behind a Service. */
function checkUwsgiSockets(model: ProjectModel, once: Reporter, servicesOf: ReadonlyMap<Workload, Service[]>): void {
  for (const app of model.uwsgi.apps) {
    for (const socket of app.sockets) {
      if (!/^\d+$/.test(socket.address)) continue;
      const object = app.container ? { object: objectRef(app.container.workload.object, app.container) } : {};
      once.report({ messageId: "unixSocket", data: { option: socket.setting.key, address: socket.address }, at: socket.setting.at, effect: "misbehaves", ...object });
    }
    // Nothing but the container itself reaches uWSGI, and a Service sends it requests (not to a proxy beside it).
    const container = app.container;
    const [socket] = app.sockets;
    // `=N` is the Nth shared-socket, which may be any TCP address. Sockets that are all bare numbers are reported above: one mistake, one diagnostic.
    if (!container || !socket || app.sockets.some((other) => other.address.startsWith("=") || (other.port !== undefined && !other.loopback))) continue;
    if (app.sockets.every((other) => /^\d+$/.test(other.address))) continue;
    const reaching = (servicesOf.get(container.workload) ?? []).flatMap((service) =>
      service.ports.flatMap((port) => port.listeners.filter((listener) => listener.container === container).map((listener) => ({ service, port: listener.port }))),
    );
    const [reached] = reaching;
    if (!reached) continue;
    const { service } = reached;
    const unix = socket.port === undefined;
    // `:${PORT}` and `:$PORT`: a shell's variable, which uWSGI does not expand; atoi() reads 0.
    const variable = unix ? /:(\$\{?(\w+)\}?)$/.exec(socket.address) : null;
    once.report({
      messageId: variable ? "unexpandedPort" : unix ? "unixOnly" : "loopback",
      data: {
        server: "uWSGI", container: container.name, service: service.object.name, address: socket.address, why: "",
        option: socket.setting.key, variable: variable?.[1] ?? "", expanded: variable ? `${socket.address.slice(0, variable.index + 1)}$(${variable[2]})` : "",
        fix: `listen on every interface: ${socket.setting.key} = :${unix ? reached.port : socket.port}${socket.setting.clean.slice(socket.address.length)}`,
      },
      at: socket.setting.at,
      effect: "misbehaves",
      object: objectRef(container.workload.object, container),
    });
  }
}

/** One listener per container, port and protocol: a declared containerPort (with its name) rather than the server's socket on that port. */
function distinctPorts(listeners: readonly Listener[]): Listener[] {
  const kept = new Map<Container, Map<string, Listener>>();
  for (const listener of listeners) {
    const ports = kept.get(listener.container) ?? new Map<string, Listener>();
    kept.set(listener.container, ports);
    const key = `${listener.port}/${listener.protocol}`;
    const earlier = ports.get(key);
    if (!earlier || (earlier.origin === "server" && listener.origin === "containerPort")) ports.set(key, listener);
  }
  return [...kept.values()].flatMap((ports) => [...ports.values()]);
}

/**
 * The protocols of the app containers' ports named `name` (the ones Kubernetes resolves a name
 * among), for a Service port that reaches none of them: they all have another protocol.
 */
function protocolsOfPortsNamed(name: string, listeners: readonly Listener[]): string[] {
  return [...new Set(listeners.filter((listener) => listener.name === name && listener.container.group === "containers").map((listener) => listener.protocol))];
}

/** `; did you mean "http"?` for a targetPort name a letter or two from a port's name (`htttp`, `HTTP`). */
function nameSuggestion(written: string, listening: readonly Listener[]): string {
  const near = suggestion(written, listening.flatMap((listener) => (listener.name ? [listener.name] : [])));
  return near !== undefined ? `; did you mean "${near}"?` : "";
}
