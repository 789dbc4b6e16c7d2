import { defineRule } from "../../src/engine/rule.js";

/** Reported by the engine, which alone sees which suppressions silenced something. */
export default defineRule({
  meta: {
    id: "nw-lint/unused-suppression",
    title: "Suppressions silence something",
    severity: "warning",
    fixable: "safe",
    docs: {
      what: "Reports a `nw-lint-disable…` comment or `nw-lint.io/ignore` annotation that silenced no diagnostic, or that names a rule nw-lint does not have (with the closest rule id as a hint; the rules beside it are still judged). In a file named on the command line (as a pre-commit hook names the files staged), a suppression of a rule that relates files (a Service and its pods, an ini and the container that runs it) is not reported: the other files may not be in the run.",
      why: "A stale suppression hides the next real problem on that line or object, and a misspelt rule id silences nothing.",
      fix: "Remove the suppression, or correct the rule id. The fix removes a comment that silences nothing (its line, when it stands alone), unless it names a rule turned off for the run; annotations and misspelt ids are left to you.",
      sources: ["CLI.md § Suppressions"],
    },
    messages: {
      unusedRule: "this suppression of {{rule}} silences nothing",
      unusedPart: "{{rule}} in this suppression silences nothing; the other rules it names are in use",
      unusedAmongUnjudged: "{{rule}} in this suppression silences nothing",
      unusedAll: "this suppression silences nothing",
      unknownRule: "this suppression names {{rule}}, which is not an nw-lint rule",
      misspeltRule: "this suppression names {{rule}}, which is not an nw-lint rule",
    },
    hints: {
      unusedRule: "remove it",
      unusedPart: "remove {{rule}} from it and keep the rest",
      unusedAmongUnjudged: "remove {{rule}} from it and keep the rest",
      unusedAll: "remove it",
      unknownRule: "run `nw-lint rules` for the rule ids",
      misspeltRule: "did you mean {{suggestion}}?",
    },
  },
  check() {},
});
