import { dirname } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { defineRule } from "../../src/engine/rule.js";
import { positionAt, rangeSite } from "../../src/engine/source.js";
import { mapAt, nodeRange, pairOf } from "../../src/languages/k8s/nodes.js";
import { namespaceOf, objectRef, type K8sObject } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "k8s/duplicate-object",
    title: "Each object is defined once per directory",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports two objects with the same API group, kind, namespace and name in one directory (in one file or in two), pointing at the later one's `name`; an object without a namespace is in `default`, where kubectl applies it without `-n`. Copies in separate directories (dev/ and prod/) are separate deployments and are not compared. An identical copy is reported as such, with no effect: applying it changes nothing until one of the two is edited.",
      why: "`kubectl apply -f DIR` applies the files in turn, so the later object silently replaces the earlier one: whatever differs between them is lost without a word. In exports and hand-merged files this is usually a copy-paste that kept the old name.",
      fix: "Rename one of the objects, or delete the copy that is not meant to be deployed.",
      sources: ["Kubernetes: kubectl apply (declarative object management, one object per name)", "REAL: corpus/spin-manifests tom-2-app (two Services of one name in one file)"],
      related: ["k8s/schema"],
    },
    messages: {
      duplicate: "{{kind}} \"{{name}}\" is defined again in this directory; applied, it replaces the one at {{first}}",
      identical: "{{kind}} \"{{name}}\" is defined again, identically, in this directory (first at {{first}}): an edit to one copy is undone when the other is applied after it",
    },
    hints: {
      duplicate: "rename one of them or delete the copy",
      identical: "delete the copy",
    },
  },
  check(model, context) {
    const seen = new Map<string, K8sObject>();
    for (const object of model.k8s.objects) {
      if (!object.name) continue;
      // An object without a namespace is applied to `default`, as kubectl does without -n.
      const key = JSON.stringify([directoryOf(object), apiGroup(object.apiVersion), object.kind, namespaceOf(object), object.name]);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, object);
        continue;
      }
      const at = rangeSite(object.file, nodeRange(pairOf(mapAt(object.node, "metadata"), "name")!));
      const firstName = nodeRange(pairOf(mapAt(first.node, "metadata"), "name")!);
      const identical = isDeepStrictEqual(first.node.toJSON(), object.node.toJSON());
      context.report({
        messageId: identical ? "identical" : "duplicate",
        data: { kind: object.kind, name: object.name, first: `${first.file === object.file ? "line " : `${first.file.path}:`}${positionAt(first.file, firstName[0]).line}` },
        at,
        ...(identical ? {} : { effect: "misbehaves" as const }),
        object: objectRef(object),
        related: [{ at: rangeSite(first.file, firstName), message: "the first definition" }],
      });
    }
  },
});

/** `kubectl apply -f DIR` applies one directory; stdin is a directory of its own. */
function directoryOf(object: K8sObject): string {
  return object.file.absolutePath && !object.file.fromStdin ? dirname(object.file.absolutePath) : object.file.path;
}

/** `apps/v1` → `apps`; the core group (`v1`) is "". */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
