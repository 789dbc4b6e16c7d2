import { nearest } from "../../src/engine/suggest.js";
import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import { flow } from "../../src/languages/k8s/edits.js";
import { asScalar, keyRange, mapAt, nodeRange, pairOf, valueOf } from "../../src/languages/k8s/nodes.js";
import { pushTo } from "../../src/model/grouping.js";
import { mayBeUnread, namespaceOf, objectRef, type SelectorLabel, type Workload } from "../../src/model/k8s.js";

export default defineRule({
  meta: {
    id: "k8s/service-selector",
    title: "Selectors match the pods they are meant for",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports a Service whose selector matches no pod template in the linted set (not an `ExternalName` Service, a DNS alias whose selector Kubernetes ignores; only when the set holds pod-bearing objects in the Service's namespace, and no manifest nw-lint could not read, which `yaml/syntax` reports, mentions its labels), pointing at the first selector label that no pod template carries with that value. Labels a controller puts on every pod it creates count as carried: a StatefulSet pod's `statefulset.kubernetes.io/pod-name` (`db-0` up to its replicas) and `apps.kubernetes.io/pod-index`, a Job's `job-name`, and hashes and uids only the cluster knows. It also reports a Deployment (StatefulSet, DaemonSet, ReplicaSet, ReplicationController) whose `selector.matchLabels` are not all among its own pod template labels.",
      why: "A Service that selects no pod has no endpoints: the Ingress in front of it answers 503 and nothing in Rancher says why. A real Spin export selects `deployment-msothosts-mosthosts`, a typo that matches no pod; Rancher selects pods by `workload.user.cattle.io/workloadselector: deployment-<namespace>-<name>`. The API server rejects a controller whose selector does not match its own template (SPIN.md, Ingress and services: REAL bug; Rancher 2 exports).",
      fix: "Copy the label and value from the pod template (`spec.template.metadata.labels`) into the selector.",
      sources: ["SPIN.md § Ingress and services (REAL bug in rknop/mosthosts)", "SPIN.md § Rancher 2 exports"],
      related: ["k8s/port-chain", "k8s/ingress-backend"],
    },
    messages: {
      noPods: "Service \"{{service}}\" selects no pod: no pod template in namespace \"{{namespace}}\" carries {{label}}",
      noSinglePod: "Service \"{{service}}\" selects no pod: no single pod template in namespace \"{{namespace}}\" carries all of {{labels}}",
      templateMismatch: "{{kind}} \"{{name}}\" selects {{label}}, which its pod template labels do not carry",
    },
    hints: {
      noPods: "pod templates here carry {{nearest}}",
      noSinglePod: "match the labels of one workload's pod template",
      templateMismatch: "add {{label}} to spec.template.metadata.labels, or correct the selector; the API server rejects the object",
    },
  },
  check(model, context) {
    const workloadsByNamespace = new Map<string, Workload[]>();
    for (const workload of model.k8s.workloads) pushTo(workloadsByNamespace, namespaceOf(workload.object), workload);
    const labelsOf = (workload: Workload) => model.network.podLabels.get(workload)!;
    for (const service of model.network.services) {
      const inNamespace = workloadsByNamespace.get(service.namespace);
      if (!service.selector || service.workloads.length > 0 || !inNamespace) continue;
      const { file } = service.object;
      const common = { effect: "misbehaves" as const, object: objectRef(service.object) };
      const base = { service: service.object.name, namespace: service.namespace };
      const missing = service.selector.labels.find((label) => !inNamespace.some((workload) => model.network.podCarries(workload, label.key, label.value)));
      if (mayBeUnread(model.k8s, ...service.selector.labels.flatMap((label) => [label.key, label.value]))) continue;
      if (!missing) {
        const labels = service.selector.labels.map(describe).join(", ");
        context.report({ messageId: "noSinglePod", data: { ...base, labels }, at: rangeSite(file, keyRange(service.selector.pair)), ...common });
        continue;
      }
      const carriers = inNamespace.filter((workload) => labelsOf(workload).has(missing.key));
      const values = carriers.map((workload) => labelsOf(workload).get(missing.key)!);
      const closest = nearest(missing.value, values);
      const carried = closest !== undefined ? describe({ key: missing.key, value: closest }) : `no label ${missing.key}`;
      // The pods that carry the nearest value: the label the selector likely meant.
      const related = carriers.filter((workload) => labelsOf(workload).get(missing.key) === closest).flatMap((workload) => templateLabel(workload, missing.key));
      context.report({ messageId: "noPods", data: { ...base, label: describe(missing), nearest: carried }, at: rangeSite(file, nodeRange(missing.pair)), related, ...common });
    }
    for (const workload of model.k8s.workloads) {
      const missing = workload.selector?.labels.find((label) => workload.labels.get(label.key) !== label.value);
      if (!missing || mistypedLabel(workload, missing.key)) continue;
      const { object } = workload;
      context.report({
        messageId: "templateMismatch",
        data: { kind: object.kind, name: object.name, label: describe(missing) },
        at: rangeSite(object.file, nodeRange(missing.pair)),
        effect: "rejected",
        object: objectRef(object),
        related: templateLabel(workload, missing.key),
      });
    }
  },
});

/** `key: value` as it is written in YAML, so a hint can be copied: `version: "1"`, not the number `version: 1`. */
function describe(label: Pick<SelectorLabel, "key" | "value">): string {
  return `${label.key}: ${flow(label.value)}`;
}

/** The pod template's label `key`, as a related location. */
function templateLabel(workload: Workload, key: string) {
  const pair = pairOf(mapAt(workload.podMetadata, "labels"), key);
  const { object } = workload;
  return pair ? [{ at: rangeSite(object.file, nodeRange(pair)), message: `${object.kind} "${object.name}" pod template label ${describe({ key, value: workload.labels.get(key) ?? "" })}` }] : [];
}

/** The template writes the label, but not as a string (`tier: 1`): k8s/schema reports the type. */
function mistypedLabel(workload: Workload, key: string): boolean {
  const written = valueOf(mapAt(workload.podMetadata, "labels"), key);
  return written !== undefined && typeof asScalar(written)?.value !== "string";
}
