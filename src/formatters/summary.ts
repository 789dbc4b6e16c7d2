import type { Diagnostic, LintReport } from "../engine/types.js";

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly fixable: number;
}

/** `--quiet` shows errors only; the summary counts what is shown (the exit code counts everything). */
export function shownWhenQuiet(diagnostic: Diagnostic, quiet: boolean): boolean {
  return !quiet || diagnostic.severity === "error";
}

/** The diagnostics a person sees: not suppressed, and only errors under `--quiet`. */
export function visibleDiagnostics(report: LintReport, quiet: boolean): Diagnostic[] {
  return report.diagnostics.filter((diagnostic) => !diagnostic.suppressed && shownWhenQuiet(diagnostic, quiet));
}

export function summarize(report: LintReport, diagnostics: readonly Diagnostic[]): Summary {
  const count = (severity: Diagnostic["severity"]) => diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
  return {
    files: report.files.length,
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    fixable: diagnostics.filter((diagnostic) => diagnostic.fix).length,
  };
}
