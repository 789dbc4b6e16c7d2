// SARIF 2.1.0 for the official validator and GitHub code scanning (CLI.md, "SARIF").
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { familyOf } from "../../rules/families.js";
import { HOMEPAGE_URL } from "../engine/package.js";
import { offsetAsRead, positionAt } from "../engine/source.js";
import type { Diagnostic, DiagnosticFix, LintReport, RuleMeta, Severity, SourceFile, Suppression } from "../engine/types.js";
import type { Formatter, FormatterContext, RunFailure } from "./context.js";
import { FINGERPRINT_KEY, fingerprints } from "./fingerprints.js";
import { messageWithHint } from "./message.js";
import { sourcePaths, type SourcePaths } from "./source-paths.js";
import { shownWhenQuiet } from "./summary.js";

const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
/** Result URIs are relative to this base, which the run maps to the repository root (else the working directory). */
const SOURCE_ROOT = "%SRCROOT%";

const LEVEL_BY_SEVERITY: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = {
  error: "error",
  warning: "warning",
  info: "note",
};

/** Stands in for the results in the log's skeleton; no rule text holds a NUL. */
const RESULTS_MARK = "\u0000results\u0000";
/** How deep `JSON.stringify(log, null, 2)` indents each result: runs[0].results[i]. */
const RESULT_INDENT = " ".repeat(8);

/**
 * Every diagnostic, suppressed ones included (marked as such); under `--quiet` only errors. The
 * text is what `JSON.stringify(log, null, 2)` gives, written one result at a time: the log of a
 * large run (26,000 results, 40 MB) is never held whole, as objects or as one string.
 */
export const format: Formatter<Iterable<string>> = (report, context) => {
  const fileByPath = new Map(report.files.map((file) => [file.path, file]));
  const ruleIndexById = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const stray = report.diagnostics.find((diagnostic) => !ruleIndexById.has(diagnostic.ruleId));
  if (stray) throw new Error(`SARIF: diagnostic for unregistered rule ${stray.ruleId}`);
  const paths = sourcePaths(context);
  const log: Sarif.Log = {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "nw-lint",
            version: context.toolVersion,
            informationUri: HOMEPAGE_URL,
            rules: context.rules.map((rule) => reportingDescriptor(rule, context)),
          },
        },
        invocations: [invocation(context.failures ?? [], paths)],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(context.sourceRoot) } },
        columnKind: "utf16CodeUnits",
        results: RESULTS_MARK as unknown as Sarif.Result[],
      },
    ],
  };
  const [head, tail] = JSON.stringify(log, null, 2).split(JSON.stringify(RESULTS_MARK)) as [string, string];
  return chunks(head, tail, report, context, paths, fileByPath, ruleIndexById);
};

/** A run that failed to do something it was asked says so, with each failure as an error notification (SARIF 3.20.14, 3.20.21). */
function invocation(failures: readonly RunFailure[], paths: SourcePaths): Sarif.Invocation {
  if (failures.length === 0) return { executionSuccessful: true };
  return {
    executionSuccessful: false,
    toolExecutionNotifications: failures.map(({ file, message }) => ({
      level: "error",
      message: { text: `${file}: ${message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(paths, file) } }],
    })),
  };
}

function* chunks(
  head: string,
  tail: string,
  report: LintReport,
  context: FormatterContext,
  paths: SourcePaths,
  fileByPath: ReadonlyMap<string, SourceFile>,
  ruleIndexById: ReadonlyMap<string, number>,
): Generator<string> {
  // Computed over all diagnostics, so --quiet does not change an error's fingerprint.
  const hashes = fingerprints(report.diagnostics, fileByPath, paths.named);
  yield head;
  let written = 0;
  for (const [index, diagnostic] of report.diagnostics.entries()) {
    if (!shownWhenQuiet(diagnostic, context.quiet)) continue;
    const text = JSON.stringify(result(diagnostic, ruleIndexById.get(diagnostic.ruleId)!, hashes[index]!, fileByPath, paths), null, 2);
    yield `${written++ === 0 ? "[\n" : ",\n"}${RESULT_INDENT}${text.replaceAll("\n", `\n${RESULT_INDENT}`)}`;
  }
  yield written === 0 ? "[]" : `\n${RESULT_INDENT.slice(2)}]`;
  yield `${tail}\n`;
}

function reportingDescriptor(rule: RuleMeta, context: FormatterContext): Sarif.ReportingDescriptor {
  const { what, why, fix } = rule.docs;
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: what },
    help: {
      text: `${what}\n\nWhy: ${why}\n\nFix: ${fix}`,
      markdown: `${what}\n\n**Why:** ${why}\n\n**Fix:** ${fix}`,
    },
    helpUri: context.docsUrl(rule.id),
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[rule.severity] },
    properties: { tags: [familyOf(rule.id)] },
  };
}

function result(
  diagnostic: Diagnostic,
  ruleIndex: number,
  fingerprint: string,
  fileByPath: ReadonlyMap<string, SourceFile>,
  paths: SourcePaths,
): Sarif.Result {
  return {
    ruleId: diagnostic.ruleId,
    ruleIndex,
    level: LEVEL_BY_SEVERITY[diagnostic.severity],
    message: { text: messageWithHint(diagnostic) },
    locations: [{ physicalLocation: physicalLocation(paths, diagnostic.file, diagnostic) }],
    ...(diagnostic.related && {
      relatedLocations: diagnostic.related.map((related, index) => ({
        id: index + 1,
        physicalLocation: physicalLocation(paths, related.file, related),
        message: { text: related.message },
      })),
    }),
    ...(diagnostic.fix && { fixes: [sarifFix(diagnostic.fix, fileByPath, paths)] }),
    // nw-lint evaluates suppressions for every finding, so each result carries the array,
    // empty when nothing silenced it (SARIF 3.27.23: all null or all non-null in a run).
    suppressions: diagnostic.suppressed ? [inSourceSuppression(diagnostic.suppressed)] : [],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(diagnostic.effect && { properties: { effect: diagnostic.effect } }),
  };
}

function inSourceSuppression(suppression: Suppression): Sarif.Suppression {
  return {
    kind: "inSource",
    status: "accepted",
    ...(suppression.justification !== undefined && { justification: suppression.justification }),
  };
}

interface Range {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function physicalLocation(paths: SourcePaths, file: string, range: Range): Sarif.PhysicalLocation {
  return {
    artifactLocation: artifactLocation(paths, file),
    region: { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn },
  };
}

/** Below the source root, a URI relative to it; elsewhere (a file named outside the repository) its own file URI. */
function artifactLocation(paths: SourcePaths, file: string): Sarif.ArtifactLocation {
  const path = paths.fromRoot(file);
  return path === undefined ? { uri: pathToFileURL(paths.absolute(file)).href } : { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: SOURCE_ROOT };
}

function directoryUri(directory: string): string {
  const uri = pathToFileURL(directory).href;
  return uri.endsWith("/") ? uri : `${uri}/`;
}

/** A fix as one change per file, each edit a replacement of a region given both ways. */
function sarifFix(fix: DiagnosticFix, fileByPath: ReadonlyMap<string, SourceFile>, paths: SourcePaths): Sarif.Fix {
  const editedFiles = [...new Set(fix.edits.map((edit) => edit.file))];
  return {
    description: { text: fix.title },
    artifactChanges: editedFiles.map((path) => ({
      artifactLocation: artifactLocation(paths, path),
      replacements: fix.edits
        .filter((edit) => edit.file === path)
        .map((edit) => ({
          deletedRegion: deletedRegion(fileByPath.get(path), edit.start, edit.end),
          insertedContent: { text: edit.text },
        })),
    })),
    properties: { applicability: fix.applicability },
  };
}

/** Lines and columns as in the results; the offset is into the file as read, a byte-order mark included. */
function deletedRegion(file: SourceFile | undefined, start: number, end: number): Sarif.Region {
  const offsets = { charOffset: offsetAsRead(file, start), charLength: end - start };
  if (file === undefined) return offsets;
  const from = positionAt(file, start);
  const to = positionAt(file, end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column, ...offsets };
}
