// Where each security field belongs (Kubernetes PodSecurityContext vs SecurityContext).
// k8s/security-context-placement reports misplaced ones; k8s/schema stays silent on them.

/** Fields people write straight under a container or pod spec instead of inside `securityContext`. */
export const SECURITY_FIELDS = [
  "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "capabilities", "privileged",
  "allowPrivilegeEscalation", "readOnlyRootFilesystem", "supplementalGroups",
] as const;

export const POD_ONLY_FIELDS = ["fsGroup", "fsGroupChangePolicy", "supplementalGroups", "sysctls"] as const;

export const CONTAINER_ONLY_FIELDS = ["capabilities", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "procMount"] as const;

/** Every key that k8s/security-context-placement may report, for k8s/schema to skip. */
export const PLACEMENT_REPORTED_KEYS: ReadonlySet<string> = new Set([
  ...SECURITY_FIELDS, ...POD_ONLY_FIELDS, ...CONTAINER_ONLY_FIELDS, "securityContext",
]);
