import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { asScalar, mapItems, nodeRange, numberValue, stringValue, valueOf } from "../../src/languages/k8s/nodes.js";
import { effectiveSecurityField, objectRef, type Container, type Workload } from "../../src/model/k8s.js";
import type { ProjectModel } from "../../src/model/project.js";
import type { Site } from "../../src/engine/types.js";

const FIRST_UNPRIVILEGED_PORT = 1024;
const UNPRIVILEGED_PORT_SYSCTL = "net.ipv4.ip_unprivileged_port_start";
/** The port a web app in a container usually listens on. */
const USUAL_PORT = 8080;

export default defineRule({
  meta: {
    id: "spin/privileged-port",
    title: "Non-root containers listen on ports from 1024 up",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a container that runs as a non-root user and listens below 1024 (a `containerPort`, or the port its uWSGI or Python server binds), or below the pod's `net.ipv4.ip_unprivileged_port_start` sysctl when the pod sets it. The user is the effective `runAsUser`; without one, the `USER` of the Dockerfile that builds the image.",
      why: "On Kubernetes a non-root process gets no ambient capabilities, so `add: [NET_BIND_SERVICE]` does not let it bind below 1024 and the server fails at start; NERSC advises \"use a port number > 1024\", and every real non-root Spin workload listens on 1024 or above (SPIN.md, Capabilities: NERSC-R1, REAL).",
      fix: "Listen on a port ≥ 1024 (8080 is usual) and point the Service's `targetPort` at it; the Service can still expose port 80.",
      sources: ["SPIN.md § Capabilities (NERSC-R1 capability guidance, REAL corpus)"],
      related: ["k8s/port-chain", "spin/capabilities-add-forbidden", "spin/run-as-user"],
    },
    messages: {
      privileged: "container \"{{container}}\" runs as {{user}} but listens on port {{port}}, below {{first}}",
    },
    hints: {
      privileged: "use a port ≥ {{first}}{{example}}; NET_BIND_SERVICE does not help a non-root process",
    },
  },
  check(model, context) {
    for (const listener of model.network.listeners) {
      const { container } = listener;
      const first = firstUnprivilegedPort(container.workload);
      if (listener.port >= first) continue;
      const user = nonRootUser(container, model);
      if (!user) continue;
      context.report({
        messageId: "privileged",
        data: { container: container.name, user: user.phrase, port: listener.port, first, example: first <= USUAL_PORT ? ` such as ${USUAL_PORT}` : ` (the pod's ${UNPRIVILEGED_PORT_SYSCTL}), or lower that sysctl` },
        at: listener.at,
        effect: "wont-start",
        object: objectRef(container.workload.object, container),
        related: [{ at: user.at, message: user.source }],
      });
    }
  },
});

/** The non-root user a container runs as, by its effective runAsUser or, without one, its image's USER. */
function nonRootUser(container: Container, model: ProjectModel): { phrase: string; source: string; at: Site } | undefined {
  const runAsUser = effectiveSecurityField(container, "runAsUser");
  if (runAsUser) {
    const uid = numberValue(runAsUser.node);
    if (uid === undefined || uid === 0) return undefined;
    return { phrase: `uid ${uid}`, source: `runAsUser ${uid} (${runAsUser.level} securityContext)`, at: rangeSite(container.workload.object.file, nodeRange(runAsUser.pair)) };
  }
  const user = model.imageUsers.get(container);
  if (!user || user.uid === 0) return undefined;
  const phrase = user.uid === undefined ? `user "${user.name}"` : `uid ${user.uid}`;
  return { phrase, source: `the image's USER; no runAsUser overrides it`, at: user.at };
}

/**
 * The first port a non-root process may bind: 1024, or what the pod's `sysctls` set
 * `net.ipv4.ip_unprivileged_port_start` to (a safe, namespaced sysctl since Kubernetes 1.22).
 */
function firstUnprivilegedPort(workload: Workload): number {
  const sysctl = mapItems(valueOf(workload.securityContext, "sysctls")).find((entry) => stringValue(valueOf(entry, "name")) === UNPRIVILEGED_PORT_SYSCTL);
  // The value must be a string; a number there is k8s/schema's to report, and meant the same.
  const value = asScalar(valueOf(sysctl, "value"))?.value;
  if (typeof value === "number") return value;
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : FIRST_UNPRIVILEGED_PORT;
}
