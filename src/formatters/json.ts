import type { Diagnostic } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { summarize, visibleDiagnostics } from "./summary.js";

/** The JSON report, version 1 (CLI.md). */
export const format: Formatter<string> = (report, context) => {
  const diagnostics = visibleDiagnostics(report, context.quiet);
  const withBom = new Set(report.files.filter((file) => file.hadBom).map((file) => file.path));
  return `${JSON.stringify(
    {
      version: 1,
      tool: { name: "nw-lint", version: context.toolVersion },
      diagnostics: diagnostics.map((diagnostic) => publicFields(diagnostic, withBom)),
      summary: summarize(report, diagnostics),
    },
    null,
    2,
  )}\n`;
};

/** CLI.md: fix offsets are into the file as read, a byte-order mark included (nw-lint's text has none). */
function publicFields(diagnostic: Diagnostic, withBom: ReadonlySet<string>): Omit<Diagnostic, "start" | "end" | "suppressed"> {
  const { start: _start, end: _end, suppressed: _suppressed, ...fields } = diagnostic;
  if (!fields.fix?.edits.some((edit) => withBom.has(edit.file))) return fields;
  const shift = (file: string) => (withBom.has(file) ? 1 : 0);
  return { ...fields, fix: { ...fields.fix, edits: fields.fix.edits.map((edit) => ({ ...edit, start: edit.start + shift(edit.file), end: edit.end + shift(edit.file) })) } };
}
