import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange, numberValue } from "../../src/languages/k8s/nodes.js";
import { imageUser } from "../../src/model/dockerfiles.js";
import { effectiveSecurityField, objectRef, type Container } from "../../src/model/k8s.js";
import type { ProjectModel } from "../../src/model/project.js";
import type { Site } from "../../src/engine/types.js";

const FIRST_UNPRIVILEGED_PORT = 1024;

export default defineRule({
  meta: {
    id: "spin/privileged-port",
    title: "Non-root containers listen on ports from 1024 up",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a container that runs as a non-root user and listens below 1024 (a `containerPort`, or the port its uWSGI or Python server binds). The user is the effective `runAsUser`; without one, the `USER` of the Dockerfile that builds the image.",
      why: "On Kubernetes a non-root process gets no ambient capabilities, so `add: [NET_BIND_SERVICE]` does not let it bind below 1024 and the server fails at start; NERSC advises \"use a port number > 1024\", and every real non-root Spin workload listens on 1024 or above (SPIN.md, Capabilities: NERSC-R1, REAL).",
      fix: "Listen on a port ≥ 1024 (8080 is usual) and point the Service's `targetPort` at it; the Service can still expose port 80.",
      sources: ["SPIN.md § Capabilities (NERSC-R1 capability guidance, REAL corpus)"],
      related: ["k8s/port-chain", "spin/capabilities-add-forbidden", "spin/run-as-user"],
    },
    messages: {
      privileged: "container \"{{container}}\" runs as {{user}} but listens on port {{port}}, below 1024",
    },
    hints: {
      privileged: "use a port ≥ 1024 such as 8080; NET_BIND_SERVICE does not help a non-root process",
    },
  },
  check(model, context) {
    for (const listener of model.network.listeners) {
      if (listener.port >= FIRST_UNPRIVILEGED_PORT) continue;
      const { container } = listener;
      const user = nonRootUser(container, model);
      if (!user) continue;
      context.report({
        messageId: "privileged",
        data: { container: container.name, user: user.phrase, port: listener.port },
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
  const image = model.images.get(container);
  const user = image && imageUser(image);
  if (!user || ("uid" in user && user.uid === 0)) return undefined;
  const phrase = "uid" in user ? `uid ${user.uid}` : `user "${user.name}"`;
  return { phrase, source: `the image's USER; no runAsUser overrides it`, at: user.at };
}
