import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { suggestion } from "../../src/engine/suggest.js";
import { allContainers, nameAnchor, objectRef } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "k8s/volume-mount-missing",
    title: "Every volume mount names a volume of the pod, at its own path",
    severity: "error",
    docs: {
      what: "Reports a `volumeMounts[].name` that matches no entry of the pod's `volumes`; warns when two mounts of one container share a `mountPath`.",
      why: "The API server rejects a pod whose mount names no volume (`volumeMounts[].name: Not found`) and one whose mounts repeat a `mountPath` (\"must be unique\"), so the workload never updates. The Spin walkthrough adds each volume (static, data, …) with the directory it is mounted at (SPIN.md, Volumes: seed item 4 slides).",
      fix: "Add the volume to `spec.volumes` (for Spin, a `hostPath` with `type: Directory`), or remove the mount; give each mount its own `mountPath`.",
      sources: ["SPIN.md § Volumes (seed item 4 slides)", "Kubernetes API validation of pod volumeMounts"],
      related: ["spin/hostpath"],
    },
    messages: {
      missing: "container \"{{container}}\" mounts volume \"{{volume}}\", but the pod has no volume of that name",
      duplicatePath: "container \"{{container}}\" mounts \"{{volume}}\" at {{mountPath}}, where \"{{other}}\" is already mounted",
    },
    hints: {
      missing: "{{advice}}",
      duplicatePath: "give each mount its own mountPath",
    },
  },
  check(model, context) {
    for (const container of allContainers(model.k8s)) {
      const { object } = container.workload;
      const known = container.workload.volumes.flatMap((volume) => volume.name ?? []);
      const seen = new Map<string, string>();
      for (const mount of container.volumeMounts) {
        const common = { at: rangeSite(object.file, nameAnchor(mount.node)), effect: "rejected" as const, object: objectRef(object, container) };
        const volume = mount.name ?? "";
        if (mount.name !== undefined && !mount.volume) {
          context.report({ messageId: "missing", data: { container: container.name, volume, advice: missingAdvice(volume, known) }, ...common });
        }
        if (mount.mountPath === undefined) continue;
        const other = seen.get(mount.mountPath);
        if (other !== undefined) context.report({ messageId: "duplicatePath", data: { container: container.name, volume, mountPath: mount.mountPath, other }, severity: "warning", ...common });
        else seen.set(mount.mountPath, volume);
      }
    }
  },
});

/** A name a slip away from one of the pod's volumes is that volume misspelt; else the volume is to add. */
function missingAdvice(volume: string, known: readonly string[]): string {
  const meant = suggestion(volume, known);
  if (meant !== undefined) return `did you mean "${meant}"? The pod has a volume of that name`;
  return `add a volume named "${volume}" to the pod's volumes${known.length > 0 ? ` (it has: ${known.join(", ")})` : ""}`;
}
