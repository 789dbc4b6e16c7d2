import { defineRule } from "../../src/engine/rule.js";
import { site } from "../../src/engine/source.js";
import { TOO_DEEP } from "../../src/languages/k8s/parse.js";

export default defineRule({
  meta: {
    id: "yaml/syntax",
    title: "YAML parses, with unique keys",
    severity: "error",
    docs: {
      what: "Reports YAML that does not parse and keys repeated in one mapping.",
      why: "Kubernetes refuses a manifest that does not parse; a repeated key is kept only once (the last), so half of what was written is silently dropped.",
      fix: "Fix the indentation or syntax at the position shown; merge repeated keys.",
      sources: ["YAML 1.2 specification", "Kubernetes API machinery (go-yaml)"],
    },
    messages: {
      syntax: "{{message}}",
    },
  },
  check(model, context) {
    for (const stream of model.yaml) {
      for (const problem of stream.problems) {
        // Nesting too deep is nw-lint's limit (the YAML may well be valid), not a reason Kubernetes refuses it.
        const effect = problem.message === TOO_DEEP ? {} : { effect: problem.effect ?? ("rejected" as const) };
        context.report({ messageId: "syntax", data: { message: problem.message }, at: site(stream.file, problem.start, problem.end), ...effect });
      }
    }
  },
});
