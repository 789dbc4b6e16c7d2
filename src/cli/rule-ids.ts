import { closest } from "fastest-levenshtein";
import { allRules } from "../../rules/index.js";

/** ` (did you mean "x"?)` for a mistyped rule id. */
export function suggestRuleId(id: string): string {
  return ` (did you mean "${closest(id, allRules.map((rule) => rule.meta.id))}"? see nw-lint rules)`;
}
