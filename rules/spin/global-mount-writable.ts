import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Fix } from "../../src/engine/types.js";
import { entry, insertEntries, replaceScalar, styleOf } from "../../src/languages/k8s/edits.js";
import { asScalar, pairOf, type MapNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { objectRef, nameAnchor, type K8sObject } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "spin/global-mount-writable",
    title: "Global file system mounts are read-only unless the app writes there",
    severity: "warning",
    relatesFiles: true,
    fixable: "unsafe",
    docs: {
      what: "Warns when a `hostPath` volume on the global file system is mounted without `readOnly: true` and holds no path the app writes to (config `writablePaths`, a mount ending in `/static`).",
      why: "\"The volume should be mounted read-only, unless the container actually writes to the global file system\"; public unauthenticated services must mount it read-only (SPIN.md, Volumes: NERSC-R1; the seed's slides mount data and code read-only).",
      fix: "Add `readOnly: true` to the mount; if the app does write there, list the container path in `writablePaths` in `.nw-lint.yaml`. The fix sets `readOnly: true`; it is unsafe because nw-lint cannot see every write the app makes, and one there would then fail.",
      sources: ["SPIN.md § Volumes (NERSC-R1, seed item 4 slides)"],
      related: ["spin/static-read-only", "spin/hostpath"],
      settings: ["writablePaths", "spin.globalFsPrefixes"],
    },
    messages: {
      writable: "container \"{{container}}\" mounts global file system volume \"{{volume}}\" ({{hostPath}}) writable at {{mountPath}}",
    },
    hints: {
      writable: "add readOnly: true; if the app writes there, list {{mountPath}} in writablePaths",
    },
  },
  check(model, context) {
    for (const { container, mount, writableTargets } of model.storage.mounts) {
      const hostPath = mount.volume?.isGlobalFs ? mount.volume.hostPath : undefined;
      if (!hostPath || mount.readOnly !== undefined || writableTargets.length > 0 || readOnlyLeftToSchema(mount.node)) continue;
      const fix = readOnlyFix(container.workload.object, mount.node);
      context.report({
        messageId: "writable",
        data: { container: container.name, volume: mount.name ?? "", hostPath: hostPath.path, mountPath: mount.mountPath ?? "" },
        at: rangeSite(container.workload.object.file, nameAnchor(mount.node)),
        object: objectRef(container.workload.object, container),
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * A key such as `readonly` that means `readOnly`, or a `readOnly` that is no boolean (`"true"`):
 * k8s/schema reports it, and the mount may well be read-only as meant.
 */
function readOnlyLeftToSchema(mount: MapNode): boolean {
  return mount.items.some((pair) => {
    const key = asScalar(pair.key)?.value;
    if (key === "readOnly") return pair.value !== null && typeof asScalar(pair.value)?.value !== "boolean" && asScalar(pair.value)?.value !== null;
    return typeof key === "string" && key.toLowerCase().replace(/[-_]/g, "") === "readonly";
  });
}

/** `readOnly: false` becomes `true`; a mount without `readOnly` gets `readOnly: true`. */
function readOnlyFix(object: K8sObject, mount: MapNode): Fix | undefined {
  const present = pairOf(mount, "readOnly");
  const edit = present?.value
    ? replaceScalar(object.file, present.value as YamlNode, true)
    : insertEntries(object.file, mount, [], [entry("readOnly", true)], styleOf(object.file, object.node));
  return edit && { title: "set readOnly: true", edits: [edit] };
}
