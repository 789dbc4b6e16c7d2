import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange, numberValue } from "../../src/languages/k8s/nodes.js";
import { effectiveSecurityField, objectRef } from "../../src/model/k8s.js";

const FIRST_UNPRIVILEGED_PORT = 1024;

export default defineRule({
  meta: {
    id: "spin/privileged-port",
    title: "Non-root containers listen on ports from 1024 up",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a container whose effective `runAsUser` is a non-zero number and that listens below 1024 (a `containerPort`).",
      why: "On Kubernetes a non-root process gets no ambient capabilities, so `add: [NET_BIND_SERVICE]` does not let it bind below 1024 and the server fails at start; NERSC advises \"use a port number > 1024\", and every real non-root Spin workload listens on 1024 or above (SPIN.md, Capabilities: NERSC-R1, REAL).",
      fix: "Listen on a port ≥ 1024 (8080 is usual) and point the Service's `targetPort` at it; the Service can still expose port 80.",
      sources: ["SPIN.md § Capabilities (NERSC-R1 capability guidance, REAL corpus)"],
      related: ["k8s/port-chain", "spin/capabilities-add-forbidden", "spin/run-as-user"],
    },
    messages: {
      privileged: "container \"{{container}}\" runs as uid {{uid}} but listens on port {{port}}, below 1024",
    },
    hints: {
      privileged: "use a port ≥ 1024 such as 8080; NET_BIND_SERVICE does not help a non-root process",
    },
  },
  check(model, context) {
    for (const listener of model.network.listeners) {
      if (listener.port >= FIRST_UNPRIVILEGED_PORT) continue;
      const { container } = listener;
      const runAsUser = effectiveSecurityField(container, "runAsUser");
      const uid = numberValue(runAsUser?.node);
      if (!runAsUser || uid === undefined || uid === 0) continue;
      context.report({
        messageId: "privileged",
        data: { container: container.name, uid, port: listener.port },
        at: listener.at,
        effect: "wont-start",
        object: objectRef(container.workload.object, container),
        related: [{ at: rangeSite(container.workload.object.file, nodeRange(runAsUser.pair)), message: `runAsUser ${uid} (${runAsUser.level} securityContext)` }],
      });
    }
  },
});
