import { isScalar } from "yaml";
import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Fix } from "../../src/engine/types.js";
import { appendItem, entry, insertEntries, replaceScalar, replaceValue, styleOf } from "../../src/languages/k8s/edits.js";
import { asMap, asSeq, keyRange, mapAt, mistypedAlong, pairOf, scalarText, valueOf, type PairNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { allContainers, containerAnchor, mayRunAsRoot, nearestExistingKey, objectRef, type Container } from "../../src/model/k8s.js";
import { misplacedFor, type MisplacedField } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "spin/capabilities-drop-all",
    title: "Every container drops ALL capabilities",
    severity: "error",
    fixable: "safe",
    fixSafetyVaries: true,
    docs: {
      what: "Checks that every container, init container and ephemeral container lists `ALL` in `securityContext.capabilities.drop`.",
      why: "Spin admits only pods whose containers drop every Linux capability and add back at most the few it allows; otherwise \"the pod will not be able to run\" (SPIN.md, Capabilities: seed troubleshooting item 1; every real Spin export drops ALL).",
      fix: "Add `ALL` to `securityContext.capabilities.drop`, then add back only what the app needs (usually nothing, or `NET_BIND_SERVICE`). The fix adds `ALL` to the `drop` list (or capitalises `all`, or writes `[ALL]` where `drop` is empty), creating `drop`, `capabilities` or `securityContext` where missing in the file's own style. It is safe for a container that runs as a non-root user (a non-zero `runAsUser`, or `runAsNonRoot: true`), which holds no capabilities anyway; for one that may run as root it is unsafe (`--fix-unsafe`), because a root process may need some back: an init container that runs `chown` needs `add: [CHOWN]`, which Spin allows without the global file system.",
      sources: ["SPIN.md § Capabilities (seed item 1, NERSC-R1 \"Allowed Kernel Capabilities\", REAL exports)"],
      related: ["spin/capabilities-add-forbidden", "spin/privileged"],
    },
    messages: {
      missing: "container \"{{container}}\" does not drop ALL capabilities",
      lowercase: "container \"{{container}}\" drops \"{{written}}\", but capability names are case-sensitive: Kubernetes needs \"ALL\"",
      misplaced: "container \"{{container}}\" drops ALL capabilities {{where}}, where Kubernetes does not read them",
    },
    hints: {
      missing: "add ALL to securityContext.capabilities.drop; Spin rejects pods that keep default capabilities",
      lowercase: "write ALL in capitals",
      misplaced: "move capabilities into the container's securityContext (--fix moves it, or --fix-unsafe when a container it goes to may run as root)",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const file = container.workload.object.file;
      const capabilities = mapAt(container.node, "securityContext", "capabilities");
      const dropPair = pairOf(capabilities, "drop");
      const object = objectRef(container.workload.object, container);
      // `drop: ALL`, `capabilities: [...]`: k8s/schema reports the wrong type.
      if (mistypedAlong(container.node, ["securityContext", "capabilities", "drop"], "seq")) continue;
      const items = (asSeq(dropPair?.value)?.items ?? []) as (YamlNode | null)[];
      const names = items.map((item) => scalarText(item));
      if (names.includes("ALL")) continue;
      const written = names.find((name) => name?.toUpperCase() === "ALL");
      const outside = written ? undefined : misplacedDropAll(container);
      if (outside) {
        context.report({
          messageId: "misplaced",
          data: { container: container.name, where: outside.kind === "containerOnly" ? "in the pod's securityContext" : "outside securityContext" },
          at: rangeSite(file, nearestExistingKey(container.node, ["securityContext", "capabilities", "drop"], containerAnchor(container))),
          effect: "rejected",
          object,
          related: [{ at: rangeSite(file, keyRange(outside.pair)), message: "capabilities, where Kubernetes does not read them" }],
        });
        continue;
      }
      const edit = written ? capitalise(items[names.indexOf(written)]!, container) : dropAll(dropPair, container);
      const fix = edit && (mayRunAsRoot(container) ? { ...edit, applicability: "unsafe" as const } : edit);
      const at = dropPair
        ? rangeSite(file, keyRange(dropPair))
        : rangeSite(file, nearestExistingKey(container.node, ["securityContext", "capabilities", "drop"], containerAnchor(container)));
      context.report({
        messageId: written ? "lowercase" : "missing",
        data: { container: container.name, written: written ?? "" },
        at,
        effect: "rejected",
        object,
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * `capabilities: {drop: [ALL]}` straight under the container, or in the pod's securityContext:
 * k8s/security-context-placement reports it, and moves it where the container's securityContext
 * has no capabilities of its own (otherwise this rule's fix adds ALL there).
 */
function misplacedDropAll(container: Container): MisplacedField | undefined {
  if (pairOf(mapAt(container.node, "securityContext"), "capabilities")) return undefined;
  return misplacedFor(container, "capabilities", (field) => (asSeq(valueOf(asMap(field.pair.value), "drop"))?.items ?? []).some((item) => scalarText(item as YamlNode | null)?.toUpperCase() === "ALL"));
}

function capitalise(item: YamlNode, container: Container): Fix | undefined {
  const edit = replaceScalar(container.workload.object.file, item, "ALL");
  return edit && { title: "write ALL in capitals", edits: [edit] };
}

/** Adds ALL to the `drop` list, writes the list where `drop` is empty, or inserts it (and the maps above it) where it is missing. */
function dropAll(dropPair: PairNode | undefined, container: Container): Fix | undefined {
  const file = container.workload.object.file;
  const list = asSeq(dropPair?.value);
  const edit = list
    ? appendItem(file, list, "ALL")
    : dropPair
      ? (dropPair.value === null || (isScalar(dropPair.value) && dropPair.value.value === null)) && replaceValue(file, dropPair, ["ALL"])
      : insertEntries(file, container.node, ["securityContext", "capabilities"], [entry("drop", ["ALL"])], styleOf(file, container.workload.object.node));
  return edit ? { title: "drop ALL capabilities", edits: [edit] } : undefined;
}
