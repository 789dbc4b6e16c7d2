import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { nodeRange } from "../../src/languages/k8s/nodes.js";
import { isUnder, objectRef } from "../../src/model/k8s.js";

const BLOCKED = ["/global/homes", "/global/u1", "/global/u2"];
const ALLOWED = ["/global/cfs", "/global/common"];

export default defineRule({
  meta: {
    id: "spin/hostpath",
    title: "hostPath volumes mount an existing directory on CFS or /global/common",
    severity: "error",
    docs: {
      what: "Reports a `hostPath` under `/global/homes`, `/global/u1` or `/global/u2`, which Spin blocks; warns about a `hostPath` outside `/global/cfs/` and `/global/common/`, and about a `type` other than `Directory`. One diagnostic per volume, the most severe.",
      why: "`/global/homes/...` hostPaths are blocked by policy (NGF-002) while CFS (`/global/cfs/cdirs/<project>`) is allowed; Spin's walkthrough bind-mounts \"an existing directory\" (`type: Directory`): the kubelet then checks that it exists, so a mistyped path fails the pod at once instead of mounting a new, empty, root-owned directory (SPIN.md, Volumes: 3P DSI guide, seed slides).",
      fix: "Move the data to the project's CFS directory (`/global/cfs/cdirs/<project>/…`) and mount that with `type: Directory`.",
      sources: ["SPIN.md § Volumes (3P DSI guide policy NGF-002, Rancher 2 slides)"],
      related: ["spin/global-mount-writable"],
    },
    messages: {
      blocked: "hostPath {{path}} is under {{prefix}}, which Spin blocks",
      outside: "hostPath {{path}} is outside /global/cfs/ and /global/common/",
      type: "hostPath {{path}} has {{type}}; Spin mounts an existing directory",
    },
    hints: {
      blocked: "use a directory under /global/cfs/cdirs/<project>",
      outside: "mount a directory under /global/cfs/cdirs/<project> instead of a node path",
      type: "set type: Directory",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      for (const { hostPath } of workload.volumes) {
        if (!hostPath) continue;
        const common = { at: rangeSite(workload.object.file, nodeRange(hostPath.pathNode)), object: objectRef(workload.object) };
        const blocked = BLOCKED.find((prefix) => isUnder(hostPath.normalisedPath, prefix));
        if (blocked) {
          context.report({ messageId: "blocked", data: { path: hostPath.path, prefix: blocked }, effect: "rejected", ...common });
        } else if (!ALLOWED.some((prefix) => isUnder(hostPath.normalisedPath, prefix))) {
          context.report({ messageId: "outside", data: { path: hostPath.path }, severity: "warning", ...common });
        } else if (hostPath.type !== "Directory" && !hostPath.mistypedType) {
          const type = hostPath.type === undefined ? "no type" : hostPath.type === "" ? 'an empty type (type: "", no check)' : `type ${hostPath.type}`;
          context.report({ messageId: "type", data: { path: hostPath.path, type }, severity: "warning", ...common });
        }
      }
    }
  },
});
