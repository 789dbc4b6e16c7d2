import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { keyRange, mapAt, pairOf, type MapNode } from "../../src/languages/k8s/nodes.js";
import { POD_BEARING_KINDS, objectRef } from "../../src/model/k8s.js";
import { CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS, SECURITY_FIELDS } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "k8s/security-context-placement",
    title: "Security fields sit in the securityContext that applies them",
    severity: "error",
    docs: {
      what: "Reports security fields where Kubernetes ignores or rejects them: `runAsUser`, `fsGroup`, `capabilities`… straight under a container or pod spec; pod-only fields (`fsGroup`, `supplementalGroups`, `sysctls`, `fsGroupChangePolicy`) in a container `securityContext`; container-only fields (`capabilities`, `privileged`, `allowPrivilegeEscalation`, `readOnlyRootFilesystem`, `procMount`) in a pod `securityContext`; a `securityContext` above the pod template.",
      why: "Seed troubleshooting item 2 is about exactly this: the ids go in the boxes Rancher maps to `runAsUser` and `fsGroup`, at the right level. A misplaced field is dropped (or refused with strict field validation), so the pod runs as the image's user, often root, and Spin refuses it on the global file system (SPIN.md, User and group).",
      fix: "Move the field into the `securityContext` of the level named in the message (container or pod spec), merging with one that exists.",
      sources: ["SPIN.md § User and group (seed item 2, 3P storage guide)", "Kubernetes API: PodSecurityContext and SecurityContext"],
      related: ["spin/run-as-user", "spin/fs-group"],
    },
    messages: {
      outsideContext: "{{field}} sits directly under the {{level}}; Kubernetes reads it only inside {{level}} securityContext",
      podOnly: "{{field}} is a pod-level field; in a container securityContext Kubernetes rejects it",
      containerOnly: "{{field}} is a container-level field; in the pod securityContext Kubernetes rejects it",
      aboveTemplate: "{{field}} under {{where}} applies to nothing; pod settings belong in {{target}}",
    },
    hints: {
      outsideContext: "move it into the {{level}}'s securityContext",
      podOnly: "move it to the pod's spec.securityContext",
      containerOnly: "move it into each container's securityContext",
      aboveTemplate: "move it to {{target}}",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const file = workload.object.file;
      const object = objectRef(workload.object);
      const report = (messageId: "outsideContext" | "podOnly" | "containerOnly" | "aboveTemplate", map: MapNode | undefined, fields: readonly string[], data: Record<string, string>, containerName?: string) => {
        for (const field of fields) {
          const pair = pairOf(map, field);
          if (!pair) continue;
          const ref = containerName === undefined ? object : { ...object, container: containerName };
          context.report({ messageId, data: { field, ...data }, at: rangeSite(file, keyRange(pair)), effect: "rejected", object: ref });
        }
      };
      report("outsideContext", workload.podSpec, SECURITY_FIELDS, { level: "pod spec" });
      report("containerOnly", workload.securityContext, CONTAINER_ONLY_FIELDS, {});
      for (const container of workload.containers) {
        report("outsideContext", container.node, SECURITY_FIELDS, { level: "container" }, container.name);
        report("podOnly", container.securityContext, POD_ONLY_FIELDS, {}, container.name);
      }
      const path = POD_BEARING_KINDS[workload.object.kind]!;
      const target = path.join(".");
      for (let depth = 1; depth < path.length; depth++) {
        const where = path.slice(0, depth).join(".");
        report("aboveTemplate", mapAt(workload.object.node, ...path.slice(0, depth)), ["securityContext", ...SECURITY_FIELDS], { where, target });
      }
    }
  },
});
