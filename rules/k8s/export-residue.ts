import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { deleteEntry } from "../../src/languages/k8s/edits.js";
import { asScalar, keyRange, mapAt, pairOf, scalarText, valueOf, type PairNode } from "../../src/languages/k8s/nodes.js";
import { objectRef, type K8sObject } from "../../src/model/k8s.js";

/** Fields a later apply checks against the live object, or that tie the object to owners long gone. */
const STALE_METADATA = ["uid", "resourceVersion", "ownerReferences"] as const;
/** Read-only fields the API server sets and ignores on apply. */
const HARMLESS_METADATA = ["selfLink", "generation", "creationTimestamp", "managedFields"] as const;

export default defineRule({
  meta: {
    id: "k8s/export-residue",
    title: "Exported manifests are cleaned before they are applied again",
    severity: "warning",
    fixable: "safe",
    docs: {
      what: "Warns about fields that only an export carries and that break a later apply: `metadata.uid`, `metadata.resourceVersion`, `metadata.ownerReferences`. Once per file, as info, names the harmless ones (`status`, `selfLink`, `generation`, `creationTimestamp`, `managedFields`).",
      why: "A Rancher or `kubectl get -o yaml` export re-applied later still names the object it came from: a stale `resourceVersion` fails the apply's precondition (\"the object has been modified\"), a `uid` of a deleted object fails it (\"Precondition failed: UID\"), and `ownerReferences` to owners that no longer exist let the garbage collector delete the object (RULES.md § 8). The harmless residue Rancher exports carry (`status`, `creationTimestamp: null`, `field.cattle.io/*`) must not be noise (SPIN.md, Rancher 2 exports), so it is one info per file.",
      fix: "Delete `uid`, `resourceVersion` and `ownerReferences` from `metadata`; delete `status` and the other read-only fields too, to keep the manifest readable. The fix deletes `uid` and `resourceVersion`; `ownerReferences` (a list spanning lines the diagnostic does not point at) and the harmless fields are left to you.",
      sources: ["RULES.md § 8", "SPIN.md § Rancher 2 exports (what real input carries)", "REAL: corpus/spin-manifests Services exported with ownerReferences", "Kubernetes API conventions: metadata (uid, resourceVersion, ownerReferences)"],
      related: ["k8s/schema"],
    },
    messages: {
      stale: "{{field}} is left from an export: {{consequence}}",
      harmless: "export residue ({{fields}}); the API server ignores it",
    },
    hints: {
      stale: "delete metadata.{{field}}",
      harmless: "delete it to keep the manifest readable",
    },
  },
  check(model, context) {
    const harmlessByFile = new Map<K8sObject["file"], { first: PairNode; fields: Set<string> }>();
    for (const object of model.k8s.objects) {
      const metadata = mapAt(object.node, "metadata");
      for (const field of STALE_METADATA) {
        const pair = pairOf(metadata, field);
        // Null or empty is no precondition: the API server treats it as unset.
        const value = valueOf(metadata, field);
        if (!metadata || !pair || value === undefined || scalarText(value) === "") continue;
        // Only a field on one line: a safe fix deletes no line the diagnostic does not point at.
        const deletion = asScalar(pair.value) ? deleteEntry(object.file, metadata, pair) : undefined;
        context.report({
          messageId: "stale",
          data: { field, consequence: CONSEQUENCES[field] },
          at: rangeSite(object.file, keyRange(pair)),
          effect: field === "ownerReferences" ? "misbehaves" : "rejected",
          object: objectRef(object),
          ...(deletion ? { fix: { title: `delete metadata.${field}`, edits: [deletion] } } : {}),
        });
      }
      const harmless = [...HARMLESS_METADATA.map((field) => pairOf(metadata, field)), pairOf(object.node, "status")]
        .filter((pair) => pair !== undefined)
        .sort((a, b) => keyRange(a)[0] - keyRange(b)[0]);
      for (const pair of harmless) {
        const seen = harmlessByFile.get(object.file) ?? { first: pair, fields: new Set<string>() };
        seen.fields.add(String(pair.key.value));
        harmlessByFile.set(object.file, seen);
      }
    }
    for (const [file, { first, fields }] of harmlessByFile) {
      context.report({ messageId: "harmless", data: { fields: [...fields].join(", ") }, at: rangeSite(file, keyRange(first)), severity: "info" });
    }
  },
});

const CONSEQUENCES: Record<(typeof STALE_METADATA)[number], string> = {
  uid: "applied again, the API server refuses it unless the object still has this uid",
  resourceVersion: "applied again, the API server refuses it once the live object has changed",
  ownerReferences: "if the owners no longer exist, the garbage collector deletes the object",
};
