import type { RuleMeta } from "../engine/types.js";

/** What every formatter gets besides the report. */
export interface FormatterContext {
  /** Every registered rule, sorted by id. */
  readonly rules: readonly RuleMeta[];
  readonly toolVersion: string;
  /** Absolute; `Diagnostic.file` is relative to it, with `/` separators. */
  readonly cwd: string;
  /** The rule's docs page URL. */
  readonly docsUrl: (ruleId: string) => string;
  readonly color: boolean;
}
