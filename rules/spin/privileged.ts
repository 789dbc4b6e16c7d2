import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Fix, SourceFile } from "../../src/engine/types.js";
import { entry, insertEntries, replaceScalar, styleOf } from "../../src/languages/k8s/edits.js";
import { booleanValue, keyRange, mistypedAlong, pairOf, valueOf, type PairNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { containerAnchor, nearestExistingKey, objectRef, type Container } from "../../src/model/k8s.js";

const POD_HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export default defineRule({
  meta: {
    id: "spin/privileged",
    title: "No privileged containers, privilege escalation or host namespaces",
    severity: "error",
    fixable: "safe",
    docs: {
      what: "Reports `privileged: true`, `allowPrivilegeEscalation: true` and pod `hostNetwork`/`hostPID`/`hostIPC: true`; warns when a container leaves `allowPrivilegeEscalation` unset.",
      why: "The Spin guides list `allowPrivilegeEscalation: false` and `privileged: false` on every container as required, or the apply is denied (SPIN.md, Capabilities: 3P simboard runbook and DSI guide); Rancher 2 exports write `privileged: false` out (SPIN.md, Rancher 2 exports). A privileged container, or one sharing the node's network, PID or IPC namespace, escapes the isolation Spin's capability rules rely on (RULES.md § 1).",
      fix: "Set `allowPrivilegeEscalation: false` (and `privileged: false`) in each container's `securityContext`; remove host namespaces. The fix rewrites each `true` it reports to `false` and adds `allowPrivilegeEscalation: false` where it is unset, once the container is no longer privileged: the API server refuses it beside `privileged: true`.",
      sources: ["SPIN.md § Capabilities (3P simboard runbook and DSI guide)", "SPIN.md § Rancher 2 exports (privileged: false written out)", "RULES.md § 1"],
      related: ["spin/capabilities-drop-all"],
    },
    messages: {
      privileged: "container \"{{container}}\" is privileged",
      escalation: "container \"{{container}}\" allows privilege escalation",
      escalationUnset: "container \"{{container}}\" does not set allowPrivilegeEscalation: false",
      hostNamespace: "pod sets {{field}}: true",
    },
    hints: {
      privileged: "set privileged: false; Spin does not run privileged containers",
      escalation: "set allowPrivilegeEscalation: false",
      escalationUnset: "add allowPrivilegeEscalation: false to the container's securityContext{{withPrivileged}}",
      hostNamespace: "remove {{field}}; Spin pods do not share the node's namespaces",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const file = workload.object.file;
      for (const field of POD_HOST_NAMESPACES) {
        const pair = pairOf(workload.podSpec, field);
        if (pair && booleanValue(pair.value) === true) {
          context.report({ messageId: "hostNamespace", data: { field }, at: rangeSite(file, keyRange(pair)), effect: "rejected", object: objectRef(workload.object), fix: setFalse(file, pair) });
        }
      }
      for (const container of workload.containers) {
        const object = objectRef(workload.object, container);
        const data = { container: container.name };
        const privileged = pairOf(container.securityContext, "privileged");
        const isPrivileged = privileged !== undefined && booleanValue(privileged.value) === true;
        if (isPrivileged) {
          context.report({ messageId: "privileged", data, at: rangeSite(file, keyRange(privileged)), effect: "rejected", object, fix: setFalse(file, privileged) });
        }
        const escalation = pairOf(container.securityContext, "allowPrivilegeEscalation");
        const escalationValue = booleanValue(escalation?.value);
        if (escalation && escalationValue === true) {
          context.report({ messageId: "escalation", data, at: rangeSite(file, keyRange(escalation)), effect: "rejected", object, fix: setFalse(file, escalation) });
        } else if (valueOf(container.securityContext, "allowPrivilegeEscalation") === undefined && !mistypedAlong(container.node, ["securityContext"], "map")) {
          const at = nearestExistingKey(container.node, ["securityContext", "allowPrivilegeEscalation"], containerAnchor(container));
          // The API server refuses allowPrivilegeEscalation: false beside privileged: true, which may stay
          // (suppressed, or an alias's): no fix while it does; once privileged: false, the next pass adds it.
          const fix = isPrivileged ? undefined : escalation ? nullToFalse(file, escalation) : forbidEscalation(container);
          const withPrivileged = isPrivileged ? ", with privileged: false (the API server refuses it beside privileged: true)" : "";
          context.report({ messageId: "escalationUnset", data: { ...data, withPrivileged }, at: rangeSite(file, at), severity: "warning", object, ...(fix ? { fix } : {}) });
        }
      }
    }
  },
});

/** `key: ~` or `key: null` becomes `key: false`; an empty value is left to the user, since the key would run into the word. */
function nullToFalse(file: SourceFile, pair: PairNode): Fix | undefined {
  const node = pair.value;
  return node?.range && node.range[1] > node.range[0] ? setFalse(file, pair) : undefined;
}

/** `key: true` becomes `key: false`. */
function setFalse(file: SourceFile, pair: PairNode): Fix | undefined {
  const edit = replaceScalar(file, pair.value as YamlNode, false);
  return edit && { title: `set ${String(pair.key.value)}: false`, edits: [edit] };
}

function forbidEscalation(container: Container): Fix | undefined {
  const file = container.workload.object.file;
  const edit = insertEntries(file, container.node, ["securityContext"], [entry("allowPrivilegeEscalation", false)], styleOf(file, container.workload.object.node));
  return edit && { title: "set allowPrivilegeEscalation: false", edits: [edit] };
}
