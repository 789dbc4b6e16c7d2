// API versions that Kubernetes stopped serving up to 1.30, from the Deprecated API Migration
// Guide (kubernetes.io/docs/reference/using-api/deprecation-guide). The API server answers
// `no matches for kind "Deployment" in version "extensions/v1beta1"`. PodSecurityPolicy is left
// out: it was removed with no replacement, and Spin users cannot create it anyway.

export interface RemovedApi {
  readonly kind: string;
  /** The Kubernetes release that stopped serving it. */
  readonly release: string;
  /** The apiVersion to use instead. */
  readonly replacement: string;
}

const REMOVALS: readonly { readonly release: string; readonly removed: readonly string[]; readonly kinds: readonly string[]; readonly replacement: string }[] = [
  { release: "1.16", removed: ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"], kinds: ["Deployment", "ReplicaSet"], replacement: "apps/v1" },
  { release: "1.16", removed: ["extensions/v1beta1", "apps/v1beta2"], kinds: ["DaemonSet"], replacement: "apps/v1" },
  { release: "1.16", removed: ["apps/v1beta1", "apps/v1beta2"], kinds: ["StatefulSet", "ControllerRevision"], replacement: "apps/v1" },
  { release: "1.16", removed: ["extensions/v1beta1"], kinds: ["NetworkPolicy"], replacement: "networking.k8s.io/v1" },
  { release: "1.22", removed: ["extensions/v1beta1", "networking.k8s.io/v1beta1"], kinds: ["Ingress"], replacement: "networking.k8s.io/v1" },
  { release: "1.22", removed: ["networking.k8s.io/v1beta1"], kinds: ["IngressClass"], replacement: "networking.k8s.io/v1" },
  { release: "1.22", removed: ["rbac.authorization.k8s.io/v1beta1"], kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], replacement: "rbac.authorization.k8s.io/v1" },
  { release: "1.22", removed: ["admissionregistration.k8s.io/v1beta1"], kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], replacement: "admissionregistration.k8s.io/v1" },
  { release: "1.22", removed: ["apiextensions.k8s.io/v1beta1"], kinds: ["CustomResourceDefinition"], replacement: "apiextensions.k8s.io/v1" },
  { release: "1.22", removed: ["apiregistration.k8s.io/v1beta1"], kinds: ["APIService"], replacement: "apiregistration.k8s.io/v1" },
  { release: "1.22", removed: ["authentication.k8s.io/v1beta1"], kinds: ["TokenReview"], replacement: "authentication.k8s.io/v1" },
  { release: "1.22", removed: ["authorization.k8s.io/v1beta1"], kinds: ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"], replacement: "authorization.k8s.io/v1" },
  { release: "1.22", removed: ["certificates.k8s.io/v1beta1"], kinds: ["CertificateSigningRequest"], replacement: "certificates.k8s.io/v1" },
  { release: "1.22", removed: ["coordination.k8s.io/v1beta1"], kinds: ["Lease"], replacement: "coordination.k8s.io/v1" },
  { release: "1.22", removed: ["scheduling.k8s.io/v1beta1"], kinds: ["PriorityClass"], replacement: "scheduling.k8s.io/v1" },
  { release: "1.22", removed: ["storage.k8s.io/v1beta1"], kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], replacement: "storage.k8s.io/v1" },
  { release: "1.25", removed: ["batch/v1beta1"], kinds: ["CronJob"], replacement: "batch/v1" },
  { release: "1.25", removed: ["policy/v1beta1"], kinds: ["PodDisruptionBudget"], replacement: "policy/v1" },
  { release: "1.25", removed: ["autoscaling/v2beta1"], kinds: ["HorizontalPodAutoscaler"], replacement: "autoscaling/v2" },
  { release: "1.25", removed: ["discovery.k8s.io/v1beta1"], kinds: ["EndpointSlice"], replacement: "discovery.k8s.io/v1" },
  { release: "1.25", removed: ["events.k8s.io/v1beta1"], kinds: ["Event"], replacement: "events.k8s.io/v1" },
  { release: "1.25", removed: ["node.k8s.io/v1beta1"], kinds: ["RuntimeClass"], replacement: "node.k8s.io/v1" },
  { release: "1.26", removed: ["autoscaling/v2beta2"], kinds: ["HorizontalPodAutoscaler"], replacement: "autoscaling/v2" },
  { release: "1.26", removed: ["flowcontrol.apiserver.k8s.io/v1beta1"], kinds: ["FlowSchema", "PriorityLevelConfiguration"], replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { release: "1.27", removed: ["storage.k8s.io/v1beta1"], kinds: ["CSIStorageCapacity"], replacement: "storage.k8s.io/v1" },
  { release: "1.29", removed: ["flowcontrol.apiserver.k8s.io/v1beta2"], kinds: ["FlowSchema", "PriorityLevelConfiguration"], replacement: "flowcontrol.apiserver.k8s.io/v1" },
];

const byApiVersionAndKind = new Map<string, RemovedApi>(
  REMOVALS.flatMap(({ release, removed, kinds, replacement }) => removed.flatMap((apiVersion) => kinds.map((kind) => [`${apiVersion} ${kind}`, { kind, release, replacement }] as const))),
);

/** What replaced `apiVersion` for `kind`, when Kubernetes 1.30 no longer serves that pair. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return byApiVersionAndKind.get(`${apiVersion} ${kind}`);
}
