import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange, numberValue } from "../../src/languages/k8s/nodes.js";
import { bySecurityField, containersPhrase, objectRef } from "../../src/model/k8s.js";

const UID = "nersc.gov/uid";
const COLLAB_UIDS = "nersc.gov/collab_uids";

export default defineRule({
  meta: {
    id: "spin/uid-annotation",
    title: "Containers run as the user Spin recorded for the workload",
    severity: "warning",
    docs: {
      what: "Warns when a pod template carries the `nersc.gov/uid` annotation Spin injects (with `nersc.gov/collab_uids`) and a container's effective `runAsUser` is neither that uid nor one of the collaboration uids.",
      why: "Spin records the NERSC user who owns the workload in `nersc.gov/uid` (and the collaboration accounts they may act as in `nersc.gov/collab_uids`); in the real manifests `runAsUser` equals the `nersc.gov/uid` Spin injects (SPIN.md, User and group: REAL). Another uid usually comes from a copied manifest: the files on the global file system then belong to someone else.",
      fix: "Set `runAsUser` to the uid in `nersc.gov/uid` or to one of `nersc.gov/collab_uids`.",
      sources: ["SPIN.md § User and group (REAL: runAsUser equals nersc.gov/uid)", "SPIN.md § Rancher 2 exports (injected nersc.gov/* annotations)"],
      related: ["spin/run-as-user", "spin/fs-group"],
    },
    messages: {
      otherUser: "{{containers}} {{runs}} as {{uid}}, but Spin records the workload's user as {{allowed}}",
    },
    hints: {
      otherUser: "set runAsUser to {{expected}}",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const uid = workload.annotations.get(UID)?.trim();
      if (!uid || !/^\d+$/.test(uid)) continue;
      const collaborations = (workload.annotations.get(COLLAB_UIDS) ?? "").split(",").map((id) => id.trim()).filter((id) => /^\d+$/.test(id));
      const allowed = [uid, ...collaborations];
      // Root is spin/run-as-user's.
      const others = bySecurityField(workload.containers, "runAsUser", ({ node }) => {
        const value = numberValue(node);
        return value !== undefined && value !== 0 && !allowed.includes(String(value));
      });
      for (const { value: { node }, containers } of others) {
        const one = containers.length === 1;
        context.report({
          messageId: "otherUser",
          data: {
            containers: containersPhrase(containers),
            runs: one ? "runs" : "run",
            uid: numberValue(node)!,
            allowed: collaborations.length ? `${UID} ${uid} (${COLLAB_UIDS} ${collaborations.join(", ")})` : `${UID} ${uid}`,
            expected: allowed.join(" or "),
          },
          at: rangeSite(workload.object.file, nodeRange(node)),
          object: one ? objectRef(workload.object, containers[0]) : objectRef(workload.object),
        });
      }
    }
  },
});
