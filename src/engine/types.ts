// The contract between rules, the engine and the formatters.
// Rules report findings located by source ranges; the engine turns them into diagnostics
// with 1-based line/column, applies configuration and suppressions, and formatters print them.

/** Least severe first: a severity's rank is its place here. */
export const SEVERITIES = ["info", "warning", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeverityOrOff = Severity | "off";
/** What config `rules` and `--rule` set a rule to. */
export const SEVERITY_SETTINGS: readonly SeverityOrOff[] = ["off", ...SEVERITIES];

/** 1 for info up to 3 for error: higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}

/** What a problem does once deployed (CLI.md, JSON report). Omitted for advice. */
export type Effect = "rejected" | "wont-start" | "misbehaves";

/**
 * `compose`: a compose file, read for the commands its services run, never as Kubernetes objects.
 * `shell`: a start script a container runs, read by the model (src/model/start-scripts.ts), never linted itself.
 */
export type Language = "yaml" | "uwsgi" | "python" | "dockerfile" | "compose" | "shell";

/** A file as read from disk or stdin. `text` has any UTF-8 byte-order mark removed. */
export interface SourceFile {
  /** Path relative to the working directory with `/` separators, or the stdin name. */
  readonly path: string;
  /** Absolute path on disk; for stdin, the path `--stdin-filename` says it stands for, else undefined. */
  readonly absolutePath: string | undefined;
  /** Read from stdin: there is no file at `absolutePath` to write a fix to. */
  readonly fromStdin?: true;
  readonly text: string;
  /** True when the file began with a byte-order mark (removed from `text`). */
  readonly hadBom: boolean;
  /**
   * Set for a manifest written in UTF-16 with a byte-order mark, which kubectl decodes (its file
   * reader switches to UTF-16 on that mark) and `text` holds decoded; absent for UTF-8.
   */
  readonly encoding?: Utf16;
  /** The bytes that were not UTF-8 (in a UTF-16 file, an odd last byte), each run read as one U+FFFD, in order; absent when all were. */
  readonly invalidUtf8?: readonly InvalidUtf8[];
  readonly language: Language;
  /** Named on the command line, not found by a walk: the files it relates to may not be in the run (a pre-commit hook names only those staged). */
  readonly named?: true;
  /** How messages name a file that `path` does not name: a file a COPY heredoc writes, read from its Dockerfile (`wsgi.py (written by Dockerfile line 6)`); see `fileLabel`. */
  readonly label?: string;
}

export type Utf16 = "utf-16le" | "utf-16be";

/** Bytes that are not UTF-8 (one maximal invalid subpart) and the offset of the U+FFFD they were read as. */
export interface InvalidUtf8 {
  readonly at: number;
  readonly bytes: readonly number[];
}

/** A half-open range of UTF-16 offsets into `file.text`. */
export interface Site {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type FixApplicability = "safe" | "unsafe";

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Set when this fix is safer or riskier than the rule's fixes usually are (its `fixable`). */
  readonly applicability?: FixApplicability;
}

/** The Kubernetes object (and container) a finding is about, for the JSON report. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly container?: string;
}

export interface RelatedSite {
  readonly at: Site;
  readonly message: string;
}

export type MessageData = Readonly<Record<string, string | number>>;

/** What a rule reports. `messageId` selects a template from the rule's `messages`. */
export interface Finding<MessageId extends string = string> {
  readonly messageId: MessageId;
  readonly data?: MessageData;
  readonly at: Site;
  /** Overrides the rule's default severity for this case (e.g. a warning-level variant). */
  readonly severity?: Severity;
  readonly effect?: Effect;
  readonly object?: ObjectRef;
  readonly related?: readonly RelatedSite[];
  readonly fix?: Fix;
}

export interface RuleDocs {
  /** What the rule checks, in one or two sentences. */
  readonly what: string;
  /** Why it matters on Spin, with the source of the fact (SPIN.md reference). */
  readonly why: string;
  /** How to fix it by hand. */
  readonly fix: string;
  /** Sources of the facts behind the rule. */
  readonly sources: readonly string[];
  readonly related?: readonly string[];
  /** Config settings that change what the rule reports (beyond its severity). */
  readonly settings?: readonly SettingKey[];
}

/** A setting of .nw-lint.yaml that rules read, by its dotted path. */
export type SettingKey = "spin.clusters" | "spin.globalFsPrefixes" | "writablePaths" | "apps" | "maxFileSize";

export interface RuleMeta<MessageId extends string = string> {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly docs: RuleDocs;
  /** Message templates by id; `{{name}}` is replaced from the finding's data. */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** Hints by message id: what to do, shown under the message. */
  readonly hints?: Partial<Readonly<Record<MessageId, string>>>;
  /** Present when the rule offers fixes, and how safe they usually are. */
  readonly fixable?: FixApplicability;
  /** Some of its fixes are safer or riskier than `fixable` (they set their own `applicability`). */
  readonly fixSafetyVaries?: true;
  /**
   * Its verdict at a place depends on manifests or inis other than the place's own (a Service's
   * pods, the container that runs an ini): a run on named files may lack them, so a suppression
   * of it in a named file is not reported unused.
   */
  readonly relatesFiles?: true;
}

export interface Rule<MessageId extends string = string> {
  readonly meta: RuleMeta<MessageId>;
  check(model: import("../model/project.js").ProjectModel, context: RuleContext<MessageId>): void;
}

export interface RuleContext<MessageId extends string = string> {
  readonly settings: import("./config.js").ResolvedSettings;
  report(finding: Finding<MessageId>): void;
}

/** A resolved place in a file: 1-based lines, UTF-16 columns, exclusive end. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A finding after the engine resolved its position, message, severity and suppression. */
export interface Diagnostic extends Location {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  readonly docsUrl: string;
  readonly effect?: Effect;
  readonly object?: ObjectRef;
  readonly related?: readonly RelatedLocation[];
  readonly fix?: DiagnosticFix;
  /** Set when a suppression silenced the finding; such diagnostics count nowhere. */
  readonly suppressed?: Suppression;
  /** Offsets, kept for formatters that need them (fingerprints, fixes). */
  readonly start: number;
  readonly end: number;
}

export interface RelatedLocation extends Location {
  readonly message: string;
}

export interface DiagnosticFix {
  readonly title: string;
  readonly applicability: FixApplicability;
  readonly edits: readonly { readonly file: string; readonly start: number; readonly end: number; readonly text: string }[];
}

export interface Suppression {
  readonly kind: "comment" | "annotation";
  readonly justification?: string;
}

export interface LintReport {
  readonly diagnostics: readonly Diagnostic[];
  /** Every file that was linted, for summaries and formatters. */
  readonly files: readonly SourceFile[];
  /** What the model decided and why (how inis were linked to containers), for `--verbose`. */
  readonly notes?: readonly string[];
}

/**
 * How the model reads the files a server loads but the user did not list: the Python modules
 * uWSGI imports, the Dockerfile beside an ini, an ini another one includes. Rules never read files.
 */
export interface ProjectHost {
  /** The file at an absolute path, read once; undefined when absent, unreadable (kind() may still say `file`), too large or outside the linted tree. */
  readFile(absolutePath: string, language: Language): SourceFile | undefined;
  /**
   * What is at an absolute path: `absent` when nothing is, `unreadable` when something may be but
   * cannot be looked at (no permission, a loop of links), undefined when the linter does not look
   * (outside the linted tree).
   */
  kind(absolutePath: string): "file" | "directory" | "absent" | "unreadable" | undefined;
  /** The names in a directory (for a COPY's glob source); undefined when it cannot be listed or is outside the linted tree. */
  entries?(absoluteDirectory: string): readonly string[] | undefined;
}
