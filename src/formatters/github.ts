// GitHub Actions workflow commands, one annotation per diagnostic (CLI.md, "GitHub format").
import type { Diagnostic, Severity } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { messageWithHint } from "./message.js";
import { sourcePaths, type SourcePaths } from "./source-paths.js";
import { visibleDiagnostics } from "./summary.js";

const COMMAND_BY_SEVERITY: Readonly<Record<Severity, string>> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

export const format: Formatter<string> = (report, context) => {
  const paths = sourcePaths(context);
  return visibleDiagnostics(report, context.quiet)
    .map((diagnostic) => `${annotation(diagnostic, paths)}\n`)
    .join("");
};

/** The file as GitHub finds it: from the repository root, wherever nw-lint ran; outside the repository, its absolute path. */
function annotation(diagnostic: Diagnostic, paths: SourcePaths): string {
  const properties = [
    ["file", paths.named(diagnostic.file)],
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
