import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { entry, insertEntries, styleOf } from "../../src/languages/k8s/edits.js";
import { aliasLinksOutside, keyRange, mapAt, mapItems, nodeRange, numberValue, pairOf, stringAt, valueOf, type MapNode, type PairNode, type YamlNode } from "../../src/languages/k8s/nodes.js";
import { objectRef, type Volume } from "../../src/model/k8s.js";
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
      what: "Warns when a Secret volume's `defaultMode`, or the `mode` of one of its `items`, lets the group or others read the files (any of the bits 0044), as 0644 (420), the Kubernetes default written out by exports, or 0444 (292) do; and when it sets no `defaultMode` (and no item `mode` covers its files), since Kubernetes then writes them 0644. A `projected` volume with a `secret` source is read the same way: its `defaultMode` applies to the source's files, and the `mode` of the source's items overrides it.",
      why: "Spin asks for 0400 (RULES.md § 8): on a shared cluster the credentials in a Secret should be readable by the container's own user only. YAML written by hand or exported from Rancher often carries 0644 or 0444 instead, or no mode at all, which Kubernetes takes as 0644 (REAL: defaultMode 292, and three Secret volumes without one, in a public Spin manifest).",
      fix: "Set `defaultMode: 0400` (256 in JSON) on the volume (under `secret`, or under `projected`), and the same on any item `mode`. The fix writes 0400 in the value's own notation (`0400`, `0o400` or `256`); it is unsafe because a process that reads the secret through its group (`fsGroup`) can no longer read it.",
      sources: ["RULES.md § 8 (Spin asks for 0400)", "REAL: corpus/spin-manifests ipsportal (defaultMode 292, and Secret volumes with none)", "Kubernetes: Secrets (secret files permissions, default 0644)", "Kubernetes: Projected volumes (defaultMode of the volume, item mode of a source)"],
      related: ["k8s/secret-committed"],
    },
    messages: {
      readable: "{{field}} {{mode}} of {{owner}} lets {{who}} read the secret",
      unset: "secret volume \"{{volume}}\" sets no defaultMode: Kubernetes writes its files 0644, which lets the group and others read the secret",
      projectedUnset: "projected volume \"{{volume}}\" sets no defaultMode: Kubernetes writes the files of secret \"{{secret}}\" 0644, which lets the group and others read the secret",
    },
    hints: {
      readable: "use {{field}}: 0400",
      unset: "add defaultMode: 0400 under secret",
      projectedUnset: "add defaultMode: 0400 under projected",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const file = workload.object.file;
      for (const volume of workload.volumes) {
        const files = secretFiles(volume);
        if (!files) continue;
        const defaulted = files.secrets.find(takesDefaultMode);
        if (defaulted && valueOf(files.holder, "defaultMode") === undefined) {
          const insert = insertEntries(file, volume.node, [files.kind], [entry("defaultMode", 0o400)], styleOf(file, workload.object.node));
          context.report({
            messageId: files.kind === "secret" ? "unset" : "projectedUnset",
            data: { volume: volume.name ?? "", secret: secretName(defaulted) },
            at: rangeSite(file, keyRange(defaulted.pair)),
            object: objectRef(workload.object),
            ...(insert ? { fix: { title: "add defaultMode: 0400 (256)", edits: [insert] } } : {}),
          });
        }
        for (const { field, node, owner } of modeEntries(files)) {
          const mode = numberValue(node);
          if (mode === undefined || !Number.isInteger(mode) || (mode & GROUP_OR_OTHERS_READ) === 0) continue;
          const fix = ownerOnly(file, node);
          context.report({
            messageId: "readable",
            data: { field, owner, mode: `0${(mode & 0o777).toString(8).padStart(3, "0")} (${mode})`, who: readers(mode) },
            at: rangeSite(file, nodeRange(node)),
            object: objectRef(workload.object),
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});

/** Where a volume's secret files get their modes. */
interface SecretFiles {
  readonly kind: "secret" | "projected";
  readonly volume: Volume;
  /** The `secret` or `projected` map, whose `defaultMode` applies to every file no item gives a `mode`. */
  readonly holder: MapNode;
  /** The Secrets under it: the volume's own, or the projected volume's `secret` sources. */
  readonly secrets: readonly SecretSource[];
}

/** A Secret a volume holds: its `secret` entry, the map under it, and its `items`. */
interface SecretSource {
  readonly pair: PairNode;
  readonly map: MapNode;
  readonly items: readonly MapNode[];
}

function secretFiles(volume: Volume): SecretFiles | undefined {
  const secret = secretSource(volume.node);
  if (secret) return { kind: "secret", volume, holder: secret.map, secrets: [secret] };
  const projected = mapAt(volume.node, "projected");
  const secrets = mapItems(valueOf(projected, "sources")).flatMap((source) => secretSource(source) ?? []);
  return projected && secrets.length > 0 ? { kind: "projected", volume, holder: projected, secrets } : undefined;
}

/** The `defaultMode` and item `mode` values of the volume, each with what it is the mode of, for the message. */
function modeEntries({ kind, volume, holder, secrets }: SecretFiles): { field: string; node: YamlNode; owner: string }[] {
  const volumeOwner = `${kind} volume "${volume.name ?? ""}"`;
  const defaultMode = valueOf(holder, "defaultMode");
  return [
    ...(defaultMode ? [{ field: "defaultMode", node: defaultMode, owner: volumeOwner }] : []),
    ...secrets.flatMap((secret) => {
      const owner = kind === "secret" ? volumeOwner : `secret "${secretName(secret)}" in ${volumeOwner}`;
      return secret.items.flatMap((item) => valueOf(item, "mode") ?? []).map((node) => ({ field: "mode", node, owner }));
    }),
  ];
}

function secretSource(map: MapNode): SecretSource | undefined {
  const pair = pairOf(map, "secret");
  const secret = mapAt(map, "secret");
  return pair && secret ? { pair, map: secret, items: mapItems(valueOf(secret, "items")) } : undefined;
}

/** True when `defaultMode` (0644 when unset) writes some of the Secret's files: it lists no items, or an item without a `mode`. */
function takesDefaultMode(secret: SecretSource): boolean {
  return secret.items.length === 0 || secret.items.some((item) => valueOf(item, "mode") === undefined);
}

/** The Secret's name: `secretName` in a secret volume, `name` in a projected source. */
function secretName(secret: SecretSource): string {
  return stringAt(secret.map, "secretName") ?? stringAt(secret.map, "name") ?? "";
}

function readers(mode: number): string {
  const group = (mode & 0o040) !== 0;
  const others = (mode & 0o004) !== 0;
  return group && others ? "the group and others" : group ? "the group" : "others";
}

/**
 * The mode becomes 0400, written as the old one was: octal `0644`, `0o644`, or decimal `420`.
 * None for a mode an alias stands for (`defaultMode: &mode 0644`, then `*mode` in a configMap volume), which would change there too.
 */
function ownerOnly(file: SourceFile, node: YamlNode): Fix | undefined {
  if (aliasLinksOutside(node).aliases.length > 0) return undefined;
  const written = file.text.slice(node.range![0], node.range![1]);
  const text = /^0o/i.test(written) ? "0o400" : /^0\d/.test(written) ? "0400" : String(0o400);
  return { title: "set the mode to 0400", edits: [{ file, start: node.range![0], end: node.range![1], text }] };
}
