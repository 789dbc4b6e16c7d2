import { defineRule } from "../../src/engine/rule.js";

/** Reported by the engine, which alone sees which suppressions silenced something. */
export default defineRule({
  meta: {
    id: "nw-lint/unused-suppression",
    title: "Suppressions silence something",
    severity: "warning",
    fixable: "safe",
    docs: {
      what: "Reports a `nw-lint-disable…` comment or `nw-lint.io/ignore` annotation that silenced no diagnostic, or that names a rule nw-lint does not have.",
      why: "A stale suppression hides the next real problem on that line or object, and a misspelt rule id silences nothing.",
      fix: "Remove the suppression, or correct the rule id. The fix removes a comment that silences nothing (its line, when it stands alone), unless it names a rule turned off for the run; annotations and misspelt ids are left to you.",
      sources: ["CLI.md § Suppressions"],
    },
    messages: {
      unusedRule: "this suppression of {{rule}} silences nothing",
      unusedPart: "{{rule}} in this suppression silences nothing; the other rules it names are in use",
      unusedAll: "this suppression silences nothing",
      unknownRule: "this suppression names {{rule}}, which is not an nw-lint rule",
    },
    hints: {
      unusedRule: "remove it",
      unusedPart: "remove {{rule}} from it and keep the rest",
      unusedAll: "remove it",
      unknownRule: "run `nw-lint rules` for the rule ids",
    },
  },
  check() {},
});
