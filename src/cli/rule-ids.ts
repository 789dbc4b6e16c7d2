import { closest, distance } from "fastest-levenshtein";
import { allRules } from "../../rules/index.js";

/** ` (did you mean "x"?)` for a mistyped or shortened rule id, when one is close enough to be the one meant. */
export function suggestRuleId(id: string): string {
  const ids = allRules.map((rule) => rule.meta.id);
  const completions = ids.filter((candidate) => candidate.startsWith(id));
  const suggestion = closest(id, completions.length > 0 ? completions : ids);
  const close = completions.length > 0 || distance(id, suggestion) <= Math.max(2, Math.floor(id.length / 3));
  return close ? ` (did you mean "${suggestion}"? see nw-lint rules)` : " (see nw-lint rules)";
}
