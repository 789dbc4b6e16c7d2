import type { LintReport, RuleMeta } from "../engine/types.js";

export interface FormatterContext {
  /** Every registered rule, sorted by id. */
  readonly rules: readonly RuleMeta[];
  readonly toolVersion: string;
  /** Absolute; `Diagnostic.file` is relative to it with `/` separators. */
  readonly cwd: string;
  /** Absolute: the repository root above `cwd` (where `.git` is), else `cwd`. SARIF's and GitHub annotations' paths are relative to it, wherever nw-lint runs from. */
  readonly sourceRoot: string;
  readonly docsUrl: (ruleId: string) => string;
  readonly color: boolean;
  /** With `--quiet`: only errors are shown. */
  readonly quiet: boolean;
  /** What the run failed to do though it reports (a fix `--fix` could not write): it exits 2. */
  readonly failures?: readonly RunFailure[];
}

/** A failure in a file, said as `${file}: ${message}`. */
export interface RunFailure {
  readonly file: string;
  readonly message: string;
}

/** A report's text: whole, or in chunks written one after the other (SARIF of a large run). */
export type FormattedReport = string | Iterable<string>;

export type Formatter<Output extends FormattedReport = FormattedReport> = (report: LintReport, context: FormatterContext) => Output;

export const FORMAT_NAMES = ["stylish", "json", "sarif", "github"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Formatters load on demand, so a run pays only for the one it prints with (stylish alone loads chalk). */
const FORMATTERS: Readonly<Record<FormatName, () => Promise<{ format: Formatter }>>> = {
  stylish: () => import("./stylish.js"),
  json: () => import("./json.js"),
  sarif: () => import("./sarif.js"),
  github: () => import("./github.js"),
};

export async function loadFormatter(name: FormatName): Promise<Formatter> {
  return (await FORMATTERS[name]()).format;
}
