import { defineRule } from "../../src/engine/rule.js";
import { rangeSite } from "../../src/engine/source.js";
import type { Placeholder } from "../../src/model/placeholders.js";

export default defineRule({
  meta: {
    id: "k8s/placeholder",
    title: "Manifests carry no unfilled placeholders",
    severity: "info",
    docs: {
      what: "Reports, once per file, values left as placeholders: `<uid>`, `<PUT THE RIGHT THING HERE>`, `${VAR}` outside a shell command, `{{ … }}` from a template. Other rules skip those values, so a placeholder is never reported as a schema error or a wrong setting.",
      why: "Repositories keep manifests with placeholders as templates to fill in. Applied as they are, `runAsUser: <uid>` is refused and `${DB_HOST}` reaches the app literally: Kubernetes expands only `$(VAR)`, and only in `command`, `args` and `env`.",
      fix: "Fill in the values before applying, or generate the manifest (`envsubst`, `helm template`, `kustomize build`) and lint the output: `… | nw-lint -`.",
      sources: ["SPIN.md § Rancher 2 exports (what real input looks like)", "Kubernetes: Define dependent environment variables ($(VAR) expansion)"],
      related: ["k8s/schema", "k8s/secret-committed"],
    },
    messages: {
      placeholder: "unfilled placeholder {{text}}{{more}}; other rules skip placeholder values",
    },
    hints: {
      placeholder: "fill in the values, or lint the generated manifest (envsubst, helm template, kustomize build) through nw-lint -",
    },
  },
  check(model, context) {
    // The model lists placeholders in file order, so the first of each file comes first.
    const byFile = new Map<Placeholder["file"], Placeholder[]>();
    for (const placeholder of model.k8s.placeholders) byFile.set(placeholder.file, [...(byFile.get(placeholder.file) ?? []), placeholder]);
    for (const [file, [first, ...others]] of byFile) {
      context.report({
        messageId: "placeholder",
        data: { text: first!.text, more: others.length === 0 ? "" : ` (and ${others.length} more in this file)` },
        at: rangeSite(file, first!.at),
      });
    }
  },
});
