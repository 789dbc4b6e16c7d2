import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { entry, insertEntries, styleOf } from "../../src/languages/k8s/edits.js";
import { keyRange, mapAt, mapItems, nodeRange, numberValue, pairOf, valueOf, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { objectRef } from "../../src/model/k8s.js";
import type { Fix, SourceFile } from "../../src/engine/types.js";

/** Read permission for the group and for others. */
const GROUP_OR_OTHERS_READ = 0o044;

export default defineRule({
  meta: {
    id: "spin/secret-mode",
    title: "Secret volumes are readable by their owner only",
    severity: "warning",
    fixable: "unsafe",
    docs: {
      what: "Warns when a Secret volume's `defaultMode`, or the `mode` of one of its `items`, lets the group or others read the files (any of the bits 0044), as 0644 (420), the Kubernetes default written out by exports, or 0444 (292) do; and when it sets no `defaultMode` (and no item `mode` covers its files), since Kubernetes then writes them 0644.",
      why: "Spin asks for 0400 (RULES.md § 8): on a shared cluster the credentials in a Secret should be readable by the container's own user only. YAML written by hand or exported from Rancher often carries 0644 or 0444 instead, or no mode at all, which Kubernetes takes as 0644 (REAL: defaultMode 292, and three Secret volumes without one, in a public Spin manifest).",
      fix: "Set `defaultMode: 0400` (256 in JSON) on the volume, and the same on any item `mode`. The fix writes 0400 in the value's own notation (`0400`, `0o400` or `256`); it is unsafe because a process that reads the secret through its group (`fsGroup`) can no longer read it.",
      sources: ["RULES.md § 8 (Spin asks for 0400)", "REAL: corpus/spin-manifests ipsportal (defaultMode 292, and Secret volumes with none)", "Kubernetes: Secrets (secret files permissions, default 0644)"],
      related: ["k8s/secret-committed"],
    },
    messages: {
      readable: "{{field}} {{mode}} of secret volume \"{{volume}}\" lets {{who}} read the secret",
      unset: "secret volume \"{{volume}}\" sets no defaultMode: Kubernetes writes its files 0644, which lets the group and others read the secret",
    },
    hints: {
      readable: "use {{field}}: 0400",
      unset: "add defaultMode: 0400 under secret",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      for (const volume of workload.volumes) {
        const secret = mapAt(volume.node, "secret");
        const items = mapItems(valueOf(secret, "items"));
        // Without defaultMode, files no item gives a mode of its own are written 0644.
        if (secret && valueOf(secret, "defaultMode") === undefined && (items.length === 0 || items.some((item) => valueOf(item, "mode") === undefined))) {
          const insert = insertEntries(workload.object.file, volume.node, ["secret"], [entry("defaultMode", 0o400)], styleOf(workload.object.file, workload.object.node));
          context.report({
            messageId: "unset",
            data: { volume: volume.name ?? "" },
            at: rangeSite(workload.object.file, keyRange(pairOf(volume.node, "secret")!)),
            object: objectRef(workload.object),
            ...(insert ? { fix: { title: "add defaultMode: 0400 (256)", edits: [insert] } } : {}),
          });
        }
        const modes: [string, YamlNode | undefined][] = [
          ["defaultMode", valueOf(secret, "defaultMode")],
          ...items.map((item): [string, YamlNode | undefined] => ["mode", valueOf(item, "mode")]),
        ];
        for (const [field, node] of modes) {
          const mode = numberValue(node);
          if (mode === undefined || !Number.isInteger(mode) || (mode & GROUP_OR_OTHERS_READ) === 0) continue;
          context.report({
            messageId: "readable",
            data: { field, mode: `0${(mode & 0o777).toString(8).padStart(3, "0")} (${mode})`, volume: volume.name ?? "", who: readers(mode) },
            at: rangeSite(workload.object.file, nodeRange(node!)),
            object: objectRef(workload.object),
            fix: ownerOnly(workload.object.file, node!),
          });
        }
      }
    }
  },
});

function readers(mode: number): string {
  const group = (mode & 0o040) !== 0;
  const others = (mode & 0o004) !== 0;
  return group && others ? "the group and others" : group ? "the group" : "others";
}

/** The mode becomes 0400, written as the old one was: octal `0644`, `0o644`, or decimal `420`. */
function ownerOnly(file: SourceFile, node: YamlNode): Fix {
  const written = file.text.slice(node.range![0], node.range![1]);
  const text = /^0o/i.test(written) ? "0o400" : /^0\d/.test(written) ? "0400" : String(0o400);
  return { title: "set the mode to 0400", edits: [{ file, start: node.range![0], end: node.range![1], text }] };
}
