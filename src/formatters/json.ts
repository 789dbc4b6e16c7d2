import type { Diagnostic } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { summarize, visibleDiagnostics } from "./summary.js";

/** The JSON report, version 1 (CLI.md). */
export const format: Formatter<string> = (report, context) => {
  const diagnostics = visibleDiagnostics(report, context.quiet);
  return `${JSON.stringify(
    {
      version: 1,
      tool: { name: "nw-lint", version: context.toolVersion },
      diagnostics: diagnostics.map(publicFields),
      summary: summarize(report, diagnostics),
    },
    null,
    2,
  )}\n`;
};

function publicFields(diagnostic: Diagnostic): Omit<Diagnostic, "start" | "end" | "suppressed"> {
  const { start: _start, end: _end, suppressed: _suppressed, ...fields } = diagnostic;
  return fields;
}
