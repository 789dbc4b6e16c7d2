import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { keyRange, mistypedAlong, pairOf, valueOf } from "../../src/languages/k8s/nodes.js";
import { POD_BEARING_KINDS } from "../../src/languages/k8s/pod-specs.js";
import { bySecurityField, containersPhrase, effectiveSecurityField, mountsGlobalFs, objectRef } from "../../src/model/k8s.js";
import { misplacedFields } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "spin/fs-group",
    title: "Pods on the global file system set their group",
    severity: "warning",
    docs: {
      what: "Warns when a pod that mounts the global file system has neither a pod `fsGroup` nor an effective `runAsGroup` in every container, and when `runAsGroup` is set without `runAsUser` (once for the containers that inherit a pod's `runAsGroup`). Each finding points at the pod's `securityContext`, else its `spec` key. A `null` value counts as unset.",
      why: "Files on the global file system are shared through the project's group: set `runAsGroup` and `fsGroup` to the project's numeric group, and if `runAsGroup` is set also set `runAsUser` (SPIN.md, User and group: 3P citing docs.nersc.gov/services/spin/storage; REAL: `fsGroup` is one of `nersc.gov/gids`).",
      fix: "Set the pod's `securityContext.fsGroup` (`spec.securityContext` of a Pod, `spec.template.spec.securityContext` of a Deployment) to the project's numeric group id.",
      sources: ["SPIN.md § User and group (3P storage guide, REAL exports)"],
      related: ["spin/run-as-user", "k8s/security-context-placement"],
      settings: ["spin.globalFsPrefixes"],
    },
    messages: {
      noGroup: "pod mounts the global file system but sets neither fsGroup nor runAsGroup",
      misplaced: "pod mounts the global file system and sets fsGroup {{where}}, where Kubernetes does not read it, and no runAsGroup",
      someWithoutGroup: "pod mounts the global file system and sets no fsGroup, and {{containers}} {{sets}} no runAsGroup",
      groupWithoutUser: "container \"{{container}}\" sets runAsGroup without runAsUser",
      podGroupWithoutUser: "pod sets runAsGroup without runAsUser for {{containers}}",
    },
    hints: {
      noGroup: "set {{podSpec}}.securityContext.fsGroup to your project's numeric group",
      misplaced: "move fsGroup into {{podSpec}}.securityContext (--fix moves it)",
      someWithoutGroup: "set {{podSpec}}.securityContext.fsGroup to your project's numeric group, or runAsGroup in {{containers}}",
      groupWithoutUser: "set runAsUser too; Spin expects both",
      podGroupWithoutUser: "set runAsUser beside runAsGroup; Spin expects both",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const file = workload.object.file;
      const hasFsGroup = valueOf(workload.securityContext, "fsGroup") !== undefined;
      const withoutGroup = workload.containers.filter((container) => !effectiveSecurityField(container, "runAsGroup"));
      // A pod securityContext written as a list: k8s/schema reports it.
      const contextMistyped = mistypedAlong(workload.podSpec, ["securityContext"], "map");
      // Every finding points at the pod's securityContext, else its spec key (RULES.md).
      const anchor = pairOf(workload.podSpec, "securityContext") ?? workload.podSpecPair;
      if (mountsGlobalFs(workload) && !hasFsGroup && !contextMistyped && withoutGroup.length > 0) {
        // When some containers set a group, the ones that do not are what to fix (often an init container).
        const some = withoutGroup.length < workload.containers.length;
        const outside = some ? undefined : misplacedFields(workload).find((field) => field.field === "fsGroup");
        const data = {
          containers: containersPhrase(withoutGroup), sets: withoutGroup.length === 1 ? "sets" : "set",
          podSpec: POD_BEARING_KINDS.get(workload.object.kind)!.join("."),
          where: outside?.kind === "podOnly" ? `in container "${outside.container!.name}"'s securityContext` : "outside the pod's securityContext",
        };
        if (anchor) {
          context.report({
            messageId: some ? "someWithoutGroup" : outside ? "misplaced" : "noGroup", data,
            at: rangeSite(file, keyRange(anchor)),
            ...(outside ? { related: [{ at: rangeSite(file, keyRange(outside.pair)), message: "fsGroup, where Kubernetes does not read it" }] } : {}),
            object: objectRef(workload.object),
          });
        }
      }
      // A pod-level runAsGroup is one finding for the containers that inherit it.
      for (const { value, containers } of bySecurityField(workload.containers, "runAsGroup", (_, container) => !effectiveSecurityField(container, "runAsUser"))) {
        if (!anchor) continue;
        const at = rangeSite(file, keyRange(anchor));
        if (value.level === "pod") context.report({ messageId: "podGroupWithoutUser", data: { containers: containersPhrase(containers) }, at, object: objectRef(workload.object) });
        else for (const container of containers) context.report({ messageId: "groupWithoutUser", data: { container: container.name }, at, object: objectRef(workload.object, container) });
      }
    }
  },
});
