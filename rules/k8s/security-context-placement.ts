import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Fix, SourceFile, TextEdit } from "../../src/engine/types.js";
import { deleteEntry, insertEntries, movedEntry, styleOf, type Entry, type YamlStyle } from "../../src/languages/k8s/edits.js";
import { asMap, keyRange, mapAt, pairOf, type MapNode, type PairNode } from "../../src/languages/k8s/nodes.js";
import { POD_BEARING_KINDS } from "../../src/languages/k8s/pod-specs.js";
import { mayRunAsRoot, objectRef, type Workload } from "../../src/model/k8s.js";
import { CONTAINER_ONLY_FIELDS, misplacedFields, POD_ONLY_FIELDS, type MisplacedField } from "../../src/model/security-fields.js";

export default defineRule({
  meta: {
    id: "k8s/security-context-placement",
    title: "Security fields sit in the securityContext that applies them",
    severity: "error",
    fixable: "safe",
    fixSafetyVaries: true,
    docs: {
      what: "Reports security fields where Kubernetes ignores or rejects them: `runAsUser`, `fsGroup`, `capabilities`… straight under a container or pod spec; pod-only fields (`fsGroup`, `supplementalGroups`, `sysctls`, `fsGroupChangePolicy`) in a container `securityContext`; container-only fields (`capabilities`, `privileged`, `allowPrivilegeEscalation`, `readOnlyRootFilesystem`, `procMount`) in a pod `securityContext`; a `securityContext` above the pod template.",
      why: "Seed troubleshooting item 2 is about exactly this: the ids go in the boxes Rancher maps to `runAsUser` and `fsGroup`, at the right level. A misplaced field is dropped (or refused with strict field validation), so the pod runs as the image's user, often root, and Spin refuses it on the global file system (SPIN.md, User and group).",
      fix: "Move the field into the `securityContext` of the level named in the message (container or pod spec), merging with one that exists. The fix does this, keeping the field's comments, when the target does not already hold a different value. Moving `capabilities` into a container that may run as root (no non-zero `runAsUser`, no `runAsNonRoot: true`) is unsafe (`--fix-unsafe`), as spin/capabilities-drop-all's fix is: the capabilities it drops take effect there for the first time, and a root process may need one of them.",
      sources: ["SPIN.md § User and group (seed item 2, 3P storage guide)", "Kubernetes API: PodSecurityContext and SecurityContext"],
      related: ["spin/run-as-user", "spin/fs-group"],
    },
    messages: {
      outsideContext: "{{field}} sits directly under the {{level}}; Kubernetes reads it only inside the {{home}}'s securityContext",
      podOnly: "{{field}} is a pod-level field; in a container securityContext Kubernetes rejects it",
      containerOnly: "{{field}} is a container-level field; in the pod securityContext Kubernetes rejects it",
      aboveTemplate: "{{field}} under {{where}} applies to nothing; pod settings belong in {{target}}",
    },
    hints: {
      outsideContext: "move it into the {{home}}'s securityContext",
      podOnly: "move it to the pod's spec.securityContext",
      containerOnly: "move it into each container's securityContext",
      aboveTemplate: "move it to {{target}}",
    },
  },
  check(model, context) {
    for (const workload of model.k8s.workloads) {
      const file = workload.object.file;
      const object = objectRef(workload.object);
      const mover = new Mover(file, workload, styleOf(file, workload.object.node));
      const target = POD_BEARING_KINDS.get(workload.object.kind)!.join(".");
      for (const misplaced of misplacedFields(workload)) {
        const { kind, field, container } = misplaced;
        // A pod-level field under a container belongs in the pod's securityContext, where its fix moves it.
        const level = container ? "container" : "pod spec";
        const data: Record<string, string> = kind === "outsideContext" ? { level, home: isPodOnly(field) ? "pod spec" : level } : kind === "aboveTemplate" ? { where: misplaced.where!, target } : {};
        const fix = mover.fixOf(misplaced);
        context.report({
          messageId: kind, data: { field, ...data }, at: rangeSite(file, keyRange(misplaced.pair)), effect: "rejected",
          object: container ? { ...object, container: container.name } : object, ...(fix ? { fix } : {}),
        });
      }
    }
  },
});

const keyOf = (pair: PairNode) => String(pair.key.value);
const isPodOnly = (field: string) => (POD_ONLY_FIELDS as readonly string[]).includes(field);
const isContainerOnly = (field: string) => (CONTAINER_ONLY_FIELDS as readonly string[]).includes(field);

/** An entry and the mapping that holds it. */
interface Placed {
  readonly map: MapNode;
  readonly pair: PairNode;
}

/**
 * Builds the fixes that move misplaced fields: each goes into the `securityContext` of every
 * target (a pod spec or container mapping), created if missing, then leaves its old place. A
 * target that already holds the same value is left alone; one that holds another value means
 * the intent is unclear, and there is no fix.
 */
class Mover {
  constructor(
    private readonly file: SourceFile,
    private readonly workload: Workload,
    private readonly style: YamlStyle,
  ) {}

  get containers(): MapNode[] {
    return this.workload.containers.map((container) => container.node);
  }

  /** Moves the field where it belongs: a pod-only field to the pod's securityContext, a container-only one to every container's, any other to its own level's. */
  fixOf({ kind, field, map, pair, owner, container }: MisplacedField): Fix | undefined {
    if (kind === "aboveTemplate" && field === "securityContext") return this.mergeContext(map, pair);
    const podSpec = this.workload.podSpec;
    const targets = kind === "podOnly" || isPodOnly(field) ? [podSpec] : container ? [container.node] : isContainerOnly(field) ? this.containers : [podSpec];
    const fix = this.move(map, pair, targets, owner);
    return fix && field === "capabilities" && this.landsInRoot(targets) ? { ...fix, applicability: "unsafe" } : fix;
  }

  /**
   * Whether a container among `targets` may run as root: capabilities moved there take effect
   * for the first time, and dropping them is then as unsafe as spin/capabilities-drop-all's fix.
   */
  private landsInRoot(targets: readonly MapNode[]): boolean {
    return this.workload.containers.some((container) => targets.includes(container.node) && mayRunAsRoot(container));
  }

  /**
   * Moves `pair` out of `map` into `targets`. When `map` is a securityContext under `owner` and
   * holds nothing else, the whole securityContext goes.
   */
  move(map: MapNode, pair: PairNode, targets: readonly MapNode[], owner?: MapNode): Fix | undefined {
    const removed = owner && map.items.length === 1 ? { map: owner, pair: pairOf(owner, "securityContext")! } : { map, pair };
    return this.fix(`move ${keyOf(pair)} into the right securityContext`, [{ map, pair }], removed, targets);
  }

  /** A securityContext above the pod template: its fields join the pod's securityContext. */
  mergeContext(map: MapNode, pair: PairNode): Fix | undefined {
    const context = asMap(pair.value);
    if (!context) return undefined;
    const moved = context.items.map((item) => ({ map: context, pair: item as PairNode }));
    return this.fix("move securityContext into the pod template", moved, { map, pair }, [this.workload.podSpec]);
  }

  private fix(title: string, moved: readonly Placed[], removed: Placed, targets: readonly MapNode[]): Fix | undefined {
    if (targets.length === 0) return undefined;
    const edits: TextEdit[] = [];
    for (const target of targets) {
      const context = mapAt(target, "securityContext");
      const missing: Entry[] = [];
      for (const { map, pair } of moved) {
        const present = pairOf(context, keyOf(pair));
        if (!present) missing.push(movedEntry(this.file, map, pair));
        else if (!sameValue(present, pair)) return undefined;
      }
      if (missing.length === 0) continue;
      const insertion = insertEntries(this.file, target, ["securityContext"], missing, this.style);
      if (!insertion) return undefined;
      edits.push(insertion);
    }
    // An anchor it holds may move, written once, to before its aliases; copies into several places would redefine it.
    const deletion = deleteEntry(this.file, removed.map, removed.pair, edits.length === 1 ? edits[0]!.start : undefined);
    return deletion && { title, edits: [deletion, ...edits] };
  }
}

function sameValue(a: PairNode, b: PairNode): boolean {
  return JSON.stringify(a.value?.toJSON()) === JSON.stringify(b.value?.toJSON());
}
