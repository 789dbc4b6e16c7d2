// `nw-lint rules`: the rule list (a table or JSON), generated from rule metadata. `nw-lint explain
// ID` prints the rule's page from src/docs/rule-page.ts, the same text as docs/rules/<id>.md.
import { findRule } from "../../rules/index.js";
import { rulePage } from "../docs/rule-page.js";
import { RunError } from "../engine/errors.js";
import { docsUrl } from "../engine/package.js";
import { fixLabel } from "../engine/rule.js";
import type { RuleMeta } from "../engine/types.js";
import type { FormatOf } from "./options.js";
import { suggestRuleId } from "./rule-ids.js";

/** `nw-lint rules`: the table, or with `--format json` one object per rule. */
export function rulesListing(rules: readonly RuleMeta[], positionals: readonly string[], format: FormatOf<"rules">): string {
  if (positionals.length > 0) throw new RunError(`rules takes no arguments; for one rule's page: nw-lint explain ${positionals[0]}`);
  if (format === "stylish") return rulesTable(rules);
  const listed = rules.map(({ id, severity, fixable, fixSafetyVaries, relatesFiles, title }) => ({
    id, severity, ...(fixable ? { fixable } : {}), ...(fixSafetyVaries ? { fixSafetyVaries } : {}), ...(relatesFiles ? { relatesFiles } : {}), title, docsUrl: docsUrl(id),
  }));
  return `${JSON.stringify(listed, null, 2)}\n`;
}

function rulesTable(rules: readonly RuleMeta[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const rows = rules.map((rule) => {
    const fixable = rule.fixable ? `fix:${fixLabel(rule)}` : "";
    return `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${fixable.padEnd(15)}  ${rule.title}`;
  });
  return `${["RULE".padEnd(idWidth) + "  SEVERITY  FIX              TITLE", ...rows].join("\n")}\n`;
}

/** `nw-lint explain ID`: the rule's page. */
export function explain(positionals: readonly string[]): string {
  const [id] = positionals;
  if (!id) throw new RunError("explain needs a rule id, e.g. nw-lint explain spin/capabilities-drop-all");
  if (positionals.length > 1) throw new RunError(`explain shows one rule's page, not ${positionals.length}: ${positionals.join(" ")}`);
  const rule = findRule(id);
  if (!rule) throw new RunError(`unknown rule "${id}"${suggestRuleId(id)}`);
  return rulePage(rule.meta);
}
