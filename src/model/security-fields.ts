// Where each security field belongs (Kubernetes PodSecurityContext vs SecurityContext), and the
// fields a workload has in the wrong place: k8s/security-context-placement reports exactly these,
// and k8s/schema stays silent on exactly these (one mistake, one diagnostic).
import { mapAt, pairOf, type MapNode, type PairNode } from "../languages/k8s/nodes.js";
import { POD_BEARING_KINDS } from "../languages/k8s/pod-specs.js";
import type { Container, Workload } from "./k8s.js";

/** Fields people write straight under a container or pod spec instead of inside `securityContext`. */
const SECURITY_FIELDS = [
  "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "capabilities", "privileged",
  "allowPrivilegeEscalation", "readOnlyRootFilesystem", "supplementalGroups",
] as const;

export const POD_ONLY_FIELDS = ["fsGroup", "fsGroupChangePolicy", "supplementalGroups", "sysctls"] as const;

export const CONTAINER_ONLY_FIELDS = ["capabilities", "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "procMount"] as const;

/** A security field in the wrong place. */
export interface MisplacedField {
  readonly kind: "outsideContext" | "podOnly" | "containerOnly" | "aboveTemplate";
  readonly field: string;
  /** The mapping that holds it, and its entry there. */
  readonly map: MapNode;
  readonly pair: PairNode;
  /** For a field in a securityContext: the mapping that holds that securityContext. */
  readonly owner: MapNode | undefined;
  /** The container it sits in or under, if any. */
  readonly container: Container | undefined;
  /** For a field above the pod template: the path of the mapping that holds it (`spec`, `spec.jobTemplate`). */
  readonly where: string | undefined;
}

/**
 * A workload's misplaced security fields: one of the nine straight under the pod spec or a
 * container; a pod-only field in a container's securityContext or a container-only one in the
 * pod's; a securityContext (or one of the nine) in a mapping between the object's `spec` and its pod spec.
 */
export function misplacedFields(workload: Workload): MisplacedField[] {
  const found: MisplacedField[] = [];
  const add = (kind: MisplacedField["kind"], map: MapNode | undefined, fields: readonly string[], owner?: MapNode, container?: Container, where?: string) => {
    for (const field of fields) {
      const pair = pairOf(map, field);
      if (map && pair) found.push({ kind, field, map, pair, owner, container, where });
    }
  };
  const podSpec = workload.podSpec;
  add("outsideContext", podSpec, SECURITY_FIELDS);
  add("containerOnly", workload.securityContext, CONTAINER_ONLY_FIELDS, podSpec);
  for (const container of workload.containers) {
    add("outsideContext", container.node, SECURITY_FIELDS, undefined, container);
    add("podOnly", container.securityContext, POD_ONLY_FIELDS, container.node, container);
  }
  const path = POD_BEARING_KINDS.get(workload.object.kind)!;
  for (let depth = 1; depth < path.length; depth++) {
    add("aboveTemplate", mapAt(workload.object.node, ...path.slice(0, depth)), ["securityContext", ...SECURITY_FIELDS], undefined, undefined, path.slice(0, depth).join("."));
  }
  return found;
}

/**
 * The misplaced `field` (of those `matches` accepts) that `container` would have taken from where
 * it belongs: the one written under the container itself, else one at the pod's level.
 */
export function misplacedFor(container: Container, field: string, matches: (misplaced: MisplacedField) => boolean = () => true): MisplacedField | undefined {
  const candidates = misplacedFields(container.workload).filter((misplaced) => misplaced.field === field && matches(misplaced));
  return candidates.find((misplaced) => misplaced.container === container) ?? candidates.find((misplaced) => misplaced.container === undefined);
}

/** Where a security field belongs, as a message says it; undefined for any other name. */
export function securityFieldHome(field: string): string | undefined {
  if (field === "securityContext") return "the pod spec or a container";
  const podOnly = (POD_ONLY_FIELDS as readonly string[]).includes(field);
  const containerOnly = (CONTAINER_ONLY_FIELDS as readonly string[]).includes(field);
  if (podOnly) return "the pod's securityContext";
  if (containerOnly) return "a container's securityContext";
  return (SECURITY_FIELDS as readonly string[]).includes(field) ? "the pod's or a container's securityContext" : undefined;
}
