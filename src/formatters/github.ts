// GitHub Actions workflow commands, one annotation per diagnostic (CLI.md, "GitHub format").
import type { Diagnostic, Severity } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { messageWithHint } from "./message.js";
import { visibleDiagnostics } from "./summary.js";

const COMMAND_BY_SEVERITY: Readonly<Record<Severity, string>> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

export const format: Formatter<string> = (report, context) =>
  visibleDiagnostics(report, context.quiet)
    .map((diagnostic) => `${annotation(diagnostic)}\n`)
    .join("");

function annotation(diagnostic: Diagnostic): string {
  const properties = [
    ["file", diagnostic.file],
    ["line", diagnostic.line],
    ["col", diagnostic.column],
    ["endLine", diagnostic.endLine],
    ["endColumn", diagnostic.endColumn],
    ["title", diagnostic.ruleId],
  ] as const;
  const propertyList = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${COMMAND_BY_SEVERITY[diagnostic.severity]} ${propertyList}::${escapeData(messageWithHint(diagnostic))}`;
}

/** As `escapeData` in @actions/core: the message after `::`. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** As `escapeProperty` in @actions/core: a `key=value` property, where `:` and `,` also delimit. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
