// `nw-lint rules` and `nw-lint explain ID`, generated from rule metadata and fixtures.
import type { RuleMeta } from "../engine/types.js";
import { docsUrl } from "../engine/package.js";
import { exampleDirectory, exampleFiles, withoutMarkers, type ExampleKind } from "../docs/examples.js";

export function rulesTable(rules: readonly RuleMeta[]): string {
  const idWidth = Math.max(...rules.map((rule) => rule.id.length));
  const rows = rules.map((rule) => {
    const fixable = rule.fixable ? `fix:${rule.fixable}` : "";
    return `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${fixable.padEnd(10)}  ${rule.title}`;
  });
  return `${["RULE".padEnd(idWidth) + "  SEVERITY  FIX         TITLE", ...rows].join("\n")}\n`;
}

export function explainPage(meta: RuleMeta): string {
  const sections = [
    `${meta.id}: ${meta.title}`,
    `Default severity: ${meta.severity}. Fix: ${meta.fixable ? `${meta.fixable} (${meta.fixable === "safe" ? "--fix" : "--fix-unsafe"})` : "none, by hand"}.`,
    `What it checks\n${indent(meta.docs.what)}`,
    `Why\n${indent(meta.docs.why)}`,
    example(meta.id, "fail", "Failing example"),
    example(meta.id, "pass", "Passing example"),
    `How to fix\n${indent(meta.docs.fix)}`,
    `Sources\n${meta.docs.sources.map((source) => `  - ${source}`).join("\n")}`,
    meta.docs.related?.length ? `Related rules\n  ${meta.docs.related.join(", ")}` : "",
    `Docs: ${docsUrl(meta.id)}`,
  ];
  return `${sections.filter(Boolean).join("\n\n")}\n`;
}

function example(ruleId: string, kind: ExampleKind, heading: string): string {
  const files = exampleFiles(exampleDirectory(ruleId, kind));
  if (files.length === 0) return "";
  const shown = files.map((file) => `  --- ${file.path}\n${indent(withoutMarkers(file.text).trimEnd(), 4)}`);
  return `${heading}\n${shown.join("\n")}`;
}

function indent(text: string, width = 2): string {
  return text.split("\n").map((line) => (line ? " ".repeat(width) + line : line)).join("\n");
}
