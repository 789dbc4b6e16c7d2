import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { replaceScalar } from "../../src/languages/k8s/edits.js";
import { nodeRange, pairOf, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "spin/static-read-only",
    title: "The directory the app writes to is not mounted read-only",
    severity: "error",
    relatesFiles: true,
    fixable: "safe",
    docs: {
      what: "Reports a volume mount with `readOnly: true` that holds a path the app writes to: a path listed in config `writablePaths`, or a mount whose `mountPath` ends in `/static`.",
      why: "The static directory is \"the only volume we DON'T want to be read only, as the app needs to be able to write new files to that directory\"; the app runs, but every write there fails (SPIN.md, Volumes: seed item 4 and its slides).",
      fix: "Set `readOnly: false` on that mount (or remove `readOnly`); keep the other global file system mounts read-only. The fix rewrites the `true` to `false`.",
      sources: ["SPIN.md § Volumes (seed item 4, Rancher 2 slides)"],
      related: ["spin/global-mount-writable"],
    },
    messages: {
      readOnly: "container \"{{container}}\" mounts volume \"{{volume}}\" read-only at {{mountPath}}, but the app writes to {{path}}: {{reason}}",
    },
    hints: {
      readOnly: "set readOnly: false on this mount",
    },
  },
  check(model, context) {
    for (const { container, mount, writableTargets: [target, ...others] } of model.storage.mounts) {
      const readOnly = pairOf(mount.node, "readOnly");
      if (!mount.readOnly || !readOnly || !target) continue;
      const file = container.workload.object.file;
      context.report({
        messageId: "readOnly",
        data: { container: container.name, volume: mount.name ?? "", mountPath: mount.mountPath ?? "", path: target.path, reason: target.reason },
        at: rangeSite(file, nodeRange(readOnly)),
        effect: "misbehaves",
        object: objectRef(container.workload.object, container),
        related: [target, ...others].flatMap((writable) => writable.related ?? []),
        fix: { title: "set readOnly: false", edits: [replaceScalar(file, readOnly.value as YamlNode, false)] },
      });
    }
  },
});
