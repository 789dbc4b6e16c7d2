import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { booleanValue, keyRange, mistypedAlong, numberValue } from "../../src/languages/k8s/nodes.js";
import type { Finding } from "../../src/engine/types.js";
import { allContainers, containerAnchor, containersPhrase, effectiveSecurityField, mountsGlobalFs, nearestExistingKey, objectRef, type Container } from "../../src/model/k8s.js";
import { misplacedFor } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "spin/run-as-user",
    title: "Containers run as a numeric non-root user",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "In a pod that mounts the global file system, each container's effective `runAsUser` (container over pod) must be set to a non-zero id; anywhere, `runAsUser: 0` is an error. Warns when `runAsNonRoot: true` has no numeric `runAsUser`, unless the Dockerfile that builds the image sets a numeric non-root `USER`.",
      why: "\"Running as root is not allowed for any container which uses the NERSC Global Filesystem … enforced by the Spin software\"; root maps to `nobody` there. The kubelet cannot verify `runAsNonRoot` against a named image user and refuses to start the container (SPIN.md, User and group: NERSC-R1, Kubelet).",
      fix: "Set `securityContext.runAsUser` to the numeric uid of the NERSC user or collaboration account (the `nersc.gov/uid` Spin injects).",
      sources: ["SPIN.md § User and group (NERSC-R1, 3P storage guide, Kubelet)"],
      related: ["spin/fs-group", "k8s/security-context-placement", "spin/user-in-command"],
      settings: ["spin.globalFsPrefixes"],
    },
    messages: {
      root: "{{containers}} {{runs}} as root (runAsUser: 0)",
      missing: "{{containers}} {{sets}} no runAsUser in a pod that mounts the global file system",
      misplaced: "{{containers}} {{sets}} runAsUser outside securityContext, where Kubernetes does not read it, in a pod that mounts the global file system",
      nonRootUnverifiable: "{{containers}} {{runs}} with runAsNonRoot: true but no numeric runAsUser; the kubelet cannot verify a named image user",
      nonRootImageRoot: "{{containers}} {{runs}} with runAsNonRoot: true but no runAsUser, and the image runs as root",
    },
    hints: {
      root: "use the numeric uid of your NERSC user or collaboration account",
      missing: "set securityContext.runAsUser to your NERSC uid; Spin refuses root on the global file system",
      misplaced: "move runAsUser into securityContext (--fix moves it)",
      nonRootUnverifiable: "add runAsUser with the numeric uid",
      nonRootImageRoot: "add runAsUser with the numeric uid; the kubelet refuses to start a root image under runAsNonRoot",
    },
  },
  check(model, context) {
    // Containers that inherit one pod-level value share its finding: one mistake, one diagnostic.
    const findings = new Map<string, { finding: Omit<Finding<MessageId>, "data" | "object">; containers: Container[] }>();
    const report = (container: Container, finding: Omit<Finding<MessageId>, "data" | "object">) => {
      const key = `${finding.at.file.path}:${finding.at.start}:${finding.messageId}:${finding.related?.[0]?.at.file.path}:${finding.related?.[0]?.at.start}`;
      const earlier = findings.get(key);
      if (earlier) earlier.containers.push(container);
      else findings.set(key, { finding, containers: [container] });
    };
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const onGlobalFs = mountsGlobalFs(container.workload);
      const runAsUser = effectiveSecurityField(container, "runAsUser");
      const uid = numberValue(runAsUser?.node);
      if (runAsUser && uid === 0) {
        report(container, { messageId: "root", at: rangeSite(file, keyRange(runAsUser.pair)), ...(onGlobalFs ? { effect: "rejected" as const } : {}) });
      } else if (!runAsUser && onGlobalFs && !securityContextMistyped(container)) {
        const at = nearestExistingKey(container.node, ["securityContext", "runAsUser"], containerAnchor(container));
        const outside = misplacedFor(container, "runAsUser");
        report(container, {
          messageId: outside ? "misplaced" : "missing",
          at: rangeSite(file, at),
          effect: "rejected",
          ...(outside ? { related: [{ at: rangeSite(file, keyRange(outside.pair)), message: "runAsUser, outside securityContext" }] } : {}),
        });
      } else if (!runAsUser) {
        const nonRoot = effectiveSecurityField(container, "runAsNonRoot");
        const user = model.imageUsers.get(container);
        // The kubelet checks runAsNonRoot against the image's user: it verifies a non-zero uid, refuses root and a name.
        if (nonRoot && booleanValue(nonRoot.node) === true && !(user?.uid !== undefined && user.uid !== 0)) {
          // Where the missing runAsUser goes (RULES.md), as for a pod on the global file system.
          const setAt = { at: rangeSite(file, keyRange(nonRoot.pair)), message: nonRoot.level === "pod" ? "runAsNonRoot, in the pod's securityContext" : "runAsNonRoot" };
          report(container, {
            messageId: user?.uid === 0 ? "nonRootImageRoot" : "nonRootUnverifiable",
            at: rangeSite(file, nearestExistingKey(container.node, ["securityContext", "runAsUser"], containerAnchor(container))),
            severity: "warning",
            related: [setAt, ...(user ? [{ at: user.at, message: "the image's USER" }] : [])],
            ...(user ? { effect: "wont-start" as const } : {}),
          });
        }
      }
    }
    for (const { finding, containers } of findings.values()) {
      const [first] = containers as [Container];
      const one = containers.length === 1;
      const data = {
        containers: containersPhrase(containers),
        runs: one ? "runs" : "run", sets: one ? "sets" : "set",
      };
      context.report({ ...finding, data, object: one ? objectRef(first.workload.object, first) : objectRef(first.workload.object) });
    }
  },
});

type MessageId = "root" | "missing" | "misplaced" | "nonRootUnverifiable" | "nonRootImageRoot";

/** A securityContext written as something other than a mapping hides whether it sets the user: k8s/schema reports it. */
function securityContextMistyped(container: Container): boolean {
  return mistypedAlong(container.node, ["securityContext"], "map") || mistypedAlong(container.workload.podSpec, ["securityContext"], "map");
}
