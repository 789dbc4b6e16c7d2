import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { booleanValue, keyRange, numberValue } from "../../src/languages/k8s/nodes.js";
import { allContainers, containerAnchor, effectiveSecurityField, mountsGlobalFs, nearestExistingKey, objectRef } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "spin/run-as-user",
    title: "Containers run as a numeric non-root user",
    severity: "error",
    docs: {
      what: "In a pod that mounts the global file system, each container's effective `runAsUser` (container over pod) must be set to a non-zero id; anywhere, `runAsUser: 0` is an error. Warns when `runAsNonRoot: true` has no numeric `runAsUser`.",
      why: "\"Running as root is not allowed for any container which uses the NERSC Global Filesystem … enforced by the Spin software\"; root maps to `nobody` there. The kubelet cannot verify `runAsNonRoot` against a named image user and refuses to start the container (SPIN.md, User and group: NERSC-R1, Kubelet).",
      fix: "Set `securityContext.runAsUser` to the numeric uid of the NERSC user or collaboration account (the `nersc.gov/uid` Spin injects).",
      sources: ["SPIN.md § User and group (NERSC-R1, 3P storage guide, Kubelet)"],
      related: ["spin/fs-group", "k8s/security-context-placement", "spin/user-in-command"],
      settings: ["spin.globalFsPrefixes"],
    },
    messages: {
      root: "container \"{{container}}\" runs as root (runAsUser: 0)",
      missing: "container \"{{container}}\" mounts the global file system but sets no runAsUser",
      nonRootUnverifiable: "container \"{{container}}\" sets runAsNonRoot: true without a numeric runAsUser; the kubelet cannot verify a named image user",
    },
    hints: {
      root: "use the numeric uid of your NERSC user or collaboration account",
      missing: "set securityContext.runAsUser to your NERSC uid; Spin refuses root on the global file system",
      nonRootUnverifiable: "add runAsUser with the numeric uid",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const object = objectRef(container.workload.object, container);
      const data = { container: container.name };
      const onGlobalFs = mountsGlobalFs(container.workload);
      const runAsUser = effectiveSecurityField(container, "runAsUser");
      const uid = numberValue(runAsUser?.node);
      if (runAsUser && uid === 0) {
        context.report({ messageId: "root", data, at: rangeSite(file, keyRange(runAsUser.pair)), object, ...(onGlobalFs ? { effect: "rejected" as const } : {}) });
      } else if (!runAsUser && onGlobalFs) {
        const at = nearestExistingKey(container.node, ["securityContext", "runAsUser"], containerAnchor(container));
        context.report({ messageId: "missing", data, at: rangeSite(file, at), effect: "rejected", object });
      } else if (!runAsUser) {
        const nonRoot = effectiveSecurityField(container, "runAsNonRoot");
        if (nonRoot && booleanValue(nonRoot.node) === true) {
          context.report({ messageId: "nonRootUnverifiable", data, at: rangeSite(file, keyRange(nonRoot.pair)), severity: "warning", object });
        }
      }
    }
  },
});
