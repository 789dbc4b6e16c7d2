import { offsetAsRead } from "../engine/source.js";
import type { Diagnostic, DiagnosticFix, SourceFile } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { summarize, visibleDiagnostics } from "./summary.js";

/** The JSON report, version 1 (CLI.md). */
export const format: Formatter<string> = (report, context) => {
  const diagnostics = visibleDiagnostics(report, context.quiet);
  const fileByPath = new Map(report.files.map((file) => [file.path, file]));
  return `${JSON.stringify(
    {
      version: 1,
      tool: { name: "nw-lint", version: context.toolVersion },
      diagnostics: diagnostics.map((diagnostic) => publicFields(diagnostic, fileByPath)),
      summary: summarize(report, diagnostics),
    },
    null,
    2,
  )}\n`;
};

/** Fix offsets are into the file as read, a byte-order mark included (nw-lint's text has none). */
function publicFields(diagnostic: Diagnostic, fileByPath: ReadonlyMap<string, SourceFile>): Omit<Diagnostic, "start" | "end" | "suppressed"> {
  const { start: _start, end: _end, suppressed: _suppressed, ...fields } = diagnostic;
  if (!fields.fix) return fields;
  const asRead = (edit: DiagnosticFix["edits"][number]) => {
    const file = fileByPath.get(edit.file);
    return { ...edit, start: offsetAsRead(file, edit.start), end: offsetAsRead(file, edit.end) };
  };
  return { ...fields, fix: { ...fields.fix, edits: fields.fix.edits.map(asRead) } };
}
