import { allRules } from "../../rules/index.js";
import { ruleIdSuggestion } from "../engine/suggest.js";

/** ` (did you mean "x"? see nw-lint rules)` for a mistyped or shortened rule id, when one is close enough to be the one meant. */
export function suggestRuleId(id: string): string {
  const meant = ruleIdSuggestion(id, allRules.map((rule) => rule.meta.id));
  return meant ? ` (did you mean "${meant}"? see nw-lint rules)` : " (see nw-lint rules)";
}
