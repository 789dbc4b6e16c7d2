import { defineRule } from "../../src/engine/rule.js";
import { site } from "../../src/engine/source.js";
import { READING_LIMITS } from "../../src/languages/k8s/parse.js";

export default defineRule({
  meta: {
    id: "yaml/syntax",
    title: "YAML parses, with unique keys",
    severity: "error",
    docs: {
      what: "Reports YAML that does not parse and keys repeated in one mapping, at the token to fix (the opening quote or bracket of a string or collection left open, the value of a bad `<<` merge, a `!!binary` value that is not the padded base64 Go decodes), and names two common slips: a key glued to its value (`name:web`, which reads as one plain value) and a list item at the indentation of its mapping's keys. Also what kubectl's reader does to a file beyond the parser: it splits documents only at a `---` line that follows a line feed, so a document after `...` without `---` (or after a lone carriage return) is never applied, and a `---` line carrying more than a comment is refused (kubectl 1.22 and later); and it refuses aliases that expand to nearly all of what it reads (more than 99% of the nodes it decodes, an \"alias bomb\"), reported at the alias where it gives up. A file nw-lint cannot read whole (nesting deeper than its parser's stack, more than 3,000,000 tokens) gets one diagnostic, with no effect: that is nw-lint's limit, not Kubernetes'.",
      why: "Kubernetes refuses a manifest that does not parse; a repeated key is kept only once (the last), so half of what was written is silently dropped; a document kubectl never sends leaves its object unchanged on the cluster without a word.",
      fix: "Fix the indentation or syntax at the position shown; merge repeated keys.",
      sources: ["YAML 1.2 specification", "Kubernetes API machinery (go-yaml v2; apimachinery's YAMLReader, kubernetes/kubernetes#103185 and #103457)"],
    },
    messages: {
      syntax: "{{message}}",
    },
  },
  check(model, context) {
    for (const stream of model.yaml) {
      for (const problem of stream.problems) {
        // Nesting too deep or too many tokens is nw-lint's limit (the YAML may well be valid), not a reason Kubernetes refuses it.
        const effect = READING_LIMITS.has(problem.message) ? {} : { effect: problem.effect ?? ("rejected" as const) };
        context.report({ messageId: "syntax", data: { message: problem.message }, at: site(stream.file, problem.start, problem.end), ...effect });
      }
    }
  },
});
