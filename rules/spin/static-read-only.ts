import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Fix, SourceFile } from "../../src/engine/types.js";
import { replaceScalar } from "../../src/languages/k8s/edits.js";
import { booleanValue, keyRange, nodeRange, pairOf, valueOf, type MapNode, type PairNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { nameAnchor, objectRef, type ReadOnly } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "spin/static-read-only",
    title: "The directory the app writes to is not mounted read-only",
    severity: "error",
    relatesFiles: true,
    fixable: "safe",
    fixSafetyVaries: true,
    docs: {
      what: "Reports a volume mount the app cannot write through that holds a path the app writes to: a path listed in config `writablePaths`, the static folder of a linked Flask app, or a mount whose `mountPath` ends in `/static` — unless its volume is read-only by type (a configMap of files to serve) or the mount is in a container that runs no app while another container of the pod runs the app with that volume, mounts it writable, or is not a web server's image as this one is (nginx serving what the app writes). A mount is read-only when it says `readOnly: true`, when its volume's source does (`persistentVolumeClaim`, `nfs`, … with `readOnly: true`), or when its volume is a `configMap`, `secret`, `downwardAPI` or `projected` volume, which the kubelet always mounts read-only.",
      why: "The static directory is \"the only volume we DON'T want to be read only, as the app needs to be able to write new files to that directory\"; the app runs, but every write there fails (SPIN.md, Volumes: seed item 4 and its slides).",
      fix: "Set `readOnly: false` on that mount (or remove `readOnly`); keep the other global file system mounts read-only. When the volume's source sets `readOnly: true`, set it to `false` there too, if the claim or server allows writes. A configMap, secret, downwardAPI or projected volume cannot be made writable: mount a writable volume (`emptyDir` or a `persistentVolumeClaim`) at the directory instead. The fix rewrites the mount's `true` to `false`: with `--fix` where config `writablePaths` or a linked Flask app's `static_folder` says the app writes there, only with `--fix-unsafe` where nothing but the mount path's name (`/static`) does, since a pod may serve such a directory without writing it. With `--fix-unsafe` it also rewrites the volume source's, which every container mounting that volume shares.",
      sources: ["SPIN.md § Volumes (seed item 4, Rancher 2 slides)", "Kubernetes: Volumes (configMap, secret, downwardAPI and projected volumes are mounted read-only; `readOnly` of a volume source forces its mounts read-only)"],
      related: ["spin/global-mount-writable"],
      settings: ["writablePaths"],
    },
    messages: {
      readOnly: "container \"{{container}}\" mounts volume \"{{volume}}\" read-only at {{mountPath}}, but {{path}} must be writable: {{reason}}",
      volumeReadOnly: "container \"{{container}}\" mounts volume \"{{volume}}\" at {{mountPath}}, read-only because the volume's {{source}} sets readOnly: true, but {{path}} must be writable: {{reason}}",
      volumeType: "container \"{{container}}\" mounts {{source}} volume \"{{volume}}\" at {{mountPath}}, which Kubernetes always mounts read-only, but {{path}} must be writable: {{reason}}",
    },
    hints: {
      readOnly: "set readOnly: false on this mount; if the app never writes there, suppress this finding instead",
      volumeReadOnly: "set readOnly: false here if the {{source}} volume allows writes",
      volumeType: "a {{source}} volume cannot be made writable: mount a writable volume (emptyDir or a persistentVolumeClaim) at {{mountPath}}",
    },
  },
  check(model, context) {
    for (const { container, mount, writableTargets: [target, ...others] } of model.storage.mounts) {
      if (!mount.readOnly || !target) continue;
      const file = container.workload.object.file;
      const { by, pair, source = "" } = mount.readOnly;
      const targetSites = [target, ...others].flatMap((writable) => writable.related ?? []);
      const mountSite = { at: rangeSite(file, nameAnchor(mount.node)), message: `mounted at ${mount.mountPath ?? ""} here` };
      const fix = readOnlyFix(file, mount.node, mount.readOnly, [target, ...others].every((writable) => writable.byNameOnly));
      context.report({
        messageId: by === "mount" ? "readOnly" : by === "volume" ? "volumeReadOnly" : "volumeType",
        data: { container: container.name, volume: mount.name ?? "", mountPath: mount.mountPath ?? "", path: target.path, reason: target.reason, source },
        at: rangeSite(file, by === "type" ? keyRange(pair) : nodeRange(pair)),
        effect: "misbehaves",
        object: objectRef(container.workload.object, container),
        related: by === "mount" ? targetSites : [mountSite, ...targetSites],
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/**
 * `true` becomes `false` where it makes the mount read-only. When that is the volume's source, the
 * mount's own `readOnly: true` goes too, and the fix is unsafe: every mount of the volume becomes
 * writable, and the claim or server may still refuse writes. A volume read-only by its type gets none.
 * When only the mount path's name says the app writes there (`byNameOnly`), the fix is unsafe too:
 * a pod may well serve a `/static` directory it never writes, and writable it can be written to.
 */
function readOnlyFix(file: SourceFile, mount: MapNode, readOnly: ReadOnly, byNameOnly: boolean): Fix | undefined {
  const unset = (pair: PairNode) => replaceScalar(file, pair.value as YamlNode, false);
  if (readOnly.by === "type") return undefined;
  const onMount = readOnly.by === "volume" && booleanValue(valueOf(mount, "readOnly")) === true ? [pairOf(mount, "readOnly")!] : [];
  const edits = [readOnly.pair, ...onMount].map(unset);
  if (!edits.every((edit) => edit !== undefined)) return undefined;
  if (readOnly.by === "mount") return { title: "set readOnly: false", edits, ...(byNameOnly ? { applicability: "unsafe" as const } : {}) };
  return { title: `set readOnly: false in the ${readOnly.source ?? "volume"}${onMount.length > 0 ? " and on the mount" : ""}`, edits, applicability: "unsafe" };
}
