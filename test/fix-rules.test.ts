// The cases of each rule's fix that its fixture does not show: where it must give up, and the
// less common shapes it must handle. Each runs the whole fix loop with only that rule enabled.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS, withRuleOverrides } from "../src/engine/config.js";
import { fixFiles } from "../src/engine/fix.js";
import { lint } from "../src/engine/lint.js";
import { createSourceFile } from "../src/engine/source.js";
import type { FixApplicability } from "../src/engine/types.js";

function fixed(ruleId: string, lines: readonly string[], applicability: FixApplicability = "safe"): string {
  const settings = withRuleOverrides(DEFAULT_SETTINGS, new Map(allRules.filter((rule) => rule.meta.id !== ruleId).map((rule) => [rule.meta.id, "off"])));
  const file = createSourceFile("a.yaml", undefined, lines.join("\n"), "yaml");
  const run = fixFiles([file], (files) => lint({ files, settings, rules: allRules }), applicability);
  return run.changes[0]?.fixed.text ?? file.text;
}

const pod = (...spec: string[]) => ["apiVersion: v1", "kind: Pod", "metadata:", "  name: p", "spec:", ...spec, ""];

describe("k8s/security-context-placement", () => {
  const id = "k8s/security-context-placement";

  it("moves a container-only field from the pod into every container", () => {
    const text = pod(
      "  securityContext:",
      "    runAsUser: 1000",
      "    allowPrivilegeEscalation: false",
      "  containers:",
      "    - name: a",
      "    - name: b",
      "      securityContext: {runAsUser: 1000}",
    );
    expect(fixed(id, text)).toBe(
      pod(
        "  securityContext:",
        "    runAsUser: 1000",
        "  containers:",
        "    - name: a",
        "      securityContext:",
        "        allowPrivilegeEscalation: false",
        "    - name: b",
        "      securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false}",
      ).join("\n"),
    );
  });

  it("removes a container securityContext left empty by the move", () => {
    const text = pod("  containers:", "    - name: a", "      securityContext:", "        fsGroup: 60100", "      image: x");
    expect(fixed(id, text)).toBe(pod("  containers:", "    - name: a", "      image: x", "  securityContext:", "    fsGroup: 60100").join("\n"));
  });

  it("does nothing when the target already holds another value", () => {
    const text = pod("  runAsUser: 1000", "  securityContext:", "    runAsUser: 2000", "  containers:", "    - name: a");
    expect(fixed(id, text)).toBe(text.join("\n"));
  });

  it("only deletes a misplaced field whose value the target already holds", () => {
    const text = pod("  containers:", "    - name: a", "      runAsUser: 1000  # duplicate", "      securityContext:", "        runAsUser: 1000");
    expect(fixed(id, text)).toBe(pod("  containers:", "    - name: a", "      securityContext:", "        runAsUser: 1000").join("\n"));
  });
});

describe("spin/user-in-command", () => {
  const id = "spin/user-in-command";
  const container = (...lines: string[]) => pod("  containers:", "    - name: a", ...lines);

  it("moves --uid N from a flow command list into runAsUser, only with --fix-unsafe", () => {
    const text = container('      command: ["uwsgi", "--uid", "1000", "--ini", "app.ini"]');
    expect(fixed(id, text)).toBe(text.join("\n"));
    expect(fixed(id, text, "unsafe")).toBe(container('      command: ["uwsgi", "--ini", "app.ini"]', "      securityContext:", "        runAsUser: 1000").join("\n"));
  });

  it("gives up on names, repeated options and a securityContext that says otherwise", () => {
    for (const text of [
      container("      args: [uwsgi, --uid, app]"),
      container("      args: [uwsgi, --uid, '1000', --uid, '2000']"),
      container("      args: [uwsgi, --uid=1000]", "      securityContext: {runAsUser: 2000}"),
      container("      command: [uwsgi, --uid]", "      args: ['1000']"),
      container("      command: [sh, -c, uwsgi --uid 1000]"),
    ]) {
      expect(fixed(id, text, "unsafe")).toBe(text.join("\n"));
    }
  });

  it("only removes the option when the securityContext already sets the same id", () => {
    const text = container("      args: [uwsgi, --gid=60100]", "      securityContext: {runAsGroup: 60100}");
    expect(fixed(id, text, "unsafe")).toBe(container("      args: [uwsgi]", "      securityContext: {runAsGroup: 60100}").join("\n"));
  });
});
