// `nw-lint rules`: the rule list, generated from rule metadata. `nw-lint explain ID` prints the
// rule's page from src/docs/rule-page.ts, the same text as docs/rules/<id>.md.
import { findRule } from "../../rules/index.js";
import { rulePage } from "../docs/rule-page.js";
import { RunError } from "../engine/errors.js";
import type { RuleMeta } from "../engine/types.js";
import { suggestRuleId } from "./rule-ids.js";

export function rulesTable(rules: readonly RuleMeta[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const rows = rules.map((rule) => {
    const fixable = rule.fixable ? `fix:${rule.fixable}` : "";
    return `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${fixable.padEnd(10)}  ${rule.title}`;
  });
  return `${["RULE".padEnd(idWidth) + "  SEVERITY  FIX         TITLE", ...rows].join("\n")}\n`;
}

export function explain(positionals: readonly string[]): number {
  const [id] = positionals;
  if (!id) throw new RunError("explain needs a rule id, e.g. nw-lint explain spin/capabilities-drop-all");
  const rule = findRule(id);
  if (!rule) throw new RunError(`unknown rule "${id}"${suggestRuleId(id)}`);
  process.stdout.write(rulePage(rule.meta));
  return 0;
}
