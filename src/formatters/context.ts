import type { LintReport, RuleMeta } from "../engine/types.js";

export interface FormatterContext {
  /** Every registered rule, sorted by id. */
  readonly rules: readonly RuleMeta[];
  readonly toolVersion: string;
  /** Absolute; `Diagnostic.file` is relative to it with `/` separators. */
  readonly cwd: string;
  readonly docsUrl: (ruleId: string) => string;
  readonly color: boolean;
  /** With `--quiet`: only errors are shown. */
  readonly quiet: boolean;
}

export type Formatter = (report: LintReport, context: FormatterContext) => string;

export const FORMAT_NAMES = ["stylish", "json", "sarif", "github"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Formatters load on demand, so a run pays only for the one it prints with. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  const module = (await import(`./${name}.js`)) as { format: Formatter };
  return module.format;
}
