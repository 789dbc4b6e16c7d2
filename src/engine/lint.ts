// The engine: parse, build the model, run every enabled rule, then resolve each finding into a
// diagnostic (position, message, severity, suppression) and sort.
import placeholder from "../../rules/k8s/placeholder.js";
import unreadableFile from "../../rules/nw-lint/unreadable-file.js";
import unusedSuppression from "../../rules/nw-lint/unused-suppression.js";
import { parseYamlStream } from "../languages/k8s/parse.js";
import { pushTo } from "../model/grouping.js";
import { buildProjectModel, type ProjectModel } from "../model/project.js";
import type { ResolvedSettings } from "./config.js";
import { docsUrl } from "./package.js";
import { formatMessage, MAX_RELATED } from "./rule.js";
import type { LintedTree } from "./discover.js";
import { FileHost } from "./file-host.js";
import type { ReadProblem } from "./read-problems.js";
import { partitionPoint } from "./sorted.js";
import { createSourceFile, positionAt } from "./source.js";
import { ruleIdSuggestion } from "./suggest.js";
import { compareText } from "./text.js";
import { annotationDirectives, commentDirectives, directiveApplies, DirectiveIndex, directiveRemoval, governingFile, type Directive } from "./suppressions.js";
import type { Diagnostic, Finding, LintReport, ProjectHost, RelatedLocation, Rule, Severity, Site, SourceFile } from "./types.js";

/** The engine reports these two rules itself (their modules carry the metadata); the messages it may use. */
type UnusedSuppressionMessage = keyof typeof unusedSuppression.meta.messages;
type UnreadableFileMessage = keyof typeof unreadableFile.meta.messages;

export interface LintRequest {
  readonly files: readonly SourceFile[];
  /** Problems found while reading (unreadable, too large…), reported as diagnostics. */
  readonly readProblems?: readonly ReadProblem[];
  readonly settings: ResolvedSettings;
  readonly rules: readonly Rule[];
  /** Where the model may read files beyond `files` (Python modules, Dockerfiles); without it, nowhere. */
  readonly tree?: LintedTree;
  /** Sees the project model once built (the parallel engine reads its link keys). */
  readonly onModel?: (model: ProjectModel) => void;
}

/** A host for input that has no directory around it (stdin): only the files given. */
function filesOnlyHost(files: readonly SourceFile[]): ProjectHost & Pick<FileHost, "problems"> {
  return {
    readFile: (absolutePath) => files.find((file) => file.absolutePath === absolutePath),
    kind: (absolutePath) => (files.some((file) => file.absolutePath === absolutePath) ? "file" : undefined),
    problems: [],
  };
}

export function lint(request: LintRequest): LintReport {
  return lintWithModel(request).report;
}

/** Lints and also returns the project model the rules saw (for `nw-lint graph`). */
export function lintWithModel(request: LintRequest): { readonly report: LintReport; readonly model: ProjectModel } {
  const { files, settings, rules } = request;
  const yaml = files.filter((file) => file.language === "yaml").map(parseYamlStream);
  const host = request.tree ? new FileHost(files, request.tree) : filesOnlyHost(files);
  const model = buildProjectModel(files, yaml, settings, host);
  request.onModel?.(model);
  // A directory the walk could not list may be one the model could not search either: said once.
  const walked = new Set((request.readProblems ?? []).map((problem) => problem.path));
  const readProblems = [...(request.readProblems ?? []), ...host.problems.filter((problem) => !walked.has(problem.path))];
  const findings = [...runRules(model, rules, settings), ...readProblemFindings(readProblems, rules, settings)];
  const directives = collectDirectives(model);
  const directiveIndex = new DirectiveIndex(directives);
  const used = new Set<Directive>();
  const diagnostics: Diagnostic[] = [];
  // One mistake, one diagnostic: a node reached twice (a YAML alias, a `<<` merge) is reported once.
  const reported = new Set<string>();
  // --fix writes only the files linted, not those the model read (a module, a gunicorn.conf.py): a fix there is not offered.
  const linted = new Set(files.map((file) => file.path));
  const offered = (diagnostic: Diagnostic): Diagnostic => {
    if (!diagnostic.fix || diagnostic.fix.edits.every((edit) => linted.has(edit.file))) return diagnostic;
    const { fix: _, ...rest } = diagnostic;
    return rest;
  };
  for (const { rule, finding } of findings) {
    const diagnostic = offered(toDiagnostic(rule, finding, severityOf(rule, finding, settings)));
    const key = identity(diagnostic);
    if (reported.has(key)) continue;
    reported.add(key);
    const directive = directiveIndex.find(rule.meta.id, finding.at, diagnostic.line);
    if (directive) used.add(directive);
    diagnostics.push(directive ? { ...diagnostic, suppressed: suppressionOf(directive) } : diagnostic);
  }
  if (runs(unusedSuppression, rules, settings)) {
    for (const finding of unusedSuppressionFindings(directives, used, findings, rules, rules.filter((rule) => enabled(rule, settings)))) {
      diagnostics.push(offered(toDiagnostic(unusedSuppression, finding, severityOf(unusedSuppression, finding, settings))));
    }
  }
  return { report: { diagnostics: diagnostics.sort(compareDiagnostics), files: model.files, notes: model.notes }, model };
}

interface RuleFinding {
  readonly rule: Rule;
  readonly finding: Finding;
}

function runRules(model: ProjectModel, rules: readonly Rule[], settings: ResolvedSettings): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const onPlaceholder = placeholderCover(model);
  for (const rule of rules) {
    if (!enabled(rule, settings)) continue;
    rule.check(model, {
      settings,
      report: (finding) => {
        if (rule.meta.id === placeholder.meta.id || !onPlaceholder(finding.at)) findings.push({ rule, finding });
      },
    });
  }
  return findings;
}

/**
 * RULES.md: an unfilled placeholder is reported once, by k8s/placeholder, never as the value it
 * stands for; a finding of another rule on a placeholder's key or value is dropped.
 */
function placeholderCover(model: ProjectModel): (at: Site) => boolean {
  // Per file, the ranges by start, with the furthest end reached so far: a site lies in some range
  // when the furthest end of those starting at or before it reaches its end.
  const byFile = new Map<SourceFile, { starts: number[]; furthestEnds: number[] }>();
  const sorted = [...model.k8s.placeholders].sort((a, b) => a.covers[0] - b.covers[0]);
  for (const { file, covers: [start, end] } of sorted) {
    let ranges = byFile.get(file);
    if (!ranges) byFile.set(file, (ranges = { starts: [], furthestEnds: [] }));
    ranges.furthestEnds.push(Math.max(end, ranges.furthestEnds.at(-1) ?? end));
    ranges.starts.push(start);
  }
  return (at) => {
    const ranges = byFile.get(at.file);
    if (!ranges) return false;
    const last = partitionPoint(ranges.starts, (start) => start > at.start) - 1;
    return last >= 0 && ranges.furthestEnds[last]! >= at.end;
  };
}

function readProblemFindings(problems: readonly ReadProblem[], rules: readonly Rule[], settings: ResolvedSettings): RuleFinding[] {
  if (!runs(unreadableFile, rules, settings)) return [];
  return problems.map((problem) => {
    const file = createSourceFile(problem.path, undefined, "", "yaml");
    const finding: Finding<UnreadableFileMessage> = { messageId: "unreadable", data: { reason: problem.message }, at: { file, start: 0, end: 0 } };
    return { rule: unreadableFile, finding };
  });
}

/** Whether a rule the engine reports itself is in this run and enabled. */
function runs(rule: Rule, rules: readonly Rule[], settings: ResolvedSettings): boolean {
  return rules.some((candidate) => candidate.meta.id === rule.meta.id) && enabled(rule, settings);
}

function enabled(rule: Rule, settings: ResolvedSettings): boolean {
  return settings.rules.get(rule.meta.id) !== "off";
}

function severityOf(rule: Rule, finding: Finding, settings: ResolvedSettings): Severity {
  const configured = settings.rules.get(rule.meta.id);
  return configured && configured !== "off" ? configured : (finding.severity ?? rule.meta.severity);
}

function collectDirectives(model: ProjectModel): Directive[] {
  const workloadOf = new Map(model.k8s.workloads.map((workload) => [workload.object, workload]));
  return [
    ...model.files.flatMap(commentDirectives),
    ...model.k8s.objects.flatMap((object) => annotationDirectives(object, workloadOf.get(object))),
  ];
}

function suppressionOf(directive: Directive): NonNullable<Diagnostic["suppressed"]> {
  return {
    kind: directive.scope === "object" ? "annotation" : "comment",
    ...(directive.justification ? { justification: directive.justification } : {}),
  };
}

/** `enabledRules`: a suppression that names a rule turned off in this run is not removed by --fix. */
function unusedSuppressionFindings(
  directives: readonly Directive[],
  used: ReadonlySet<Directive>,
  findings: readonly RuleFinding[],
  rules: readonly Rule[],
  enabledRules: readonly Rule[],
): Finding<UnusedSuppressionMessage>[] {
  const known = new Set(rules.map((rule) => rule.meta.id));
  const enabledIds = new Set(enabledRules.map((rule) => rule.meta.id));
  const relatingFiles = new Set(rules.filter((rule) => rule.meta.relatesFiles).map((rule) => rule.meta.id));
  // Indexed only when a directive naming rules took some finding: most runs have no directive.
  let silences: ReturnType<typeof silencedFindings> | undefined;
  const unused: Finding<UnusedSuppressionMessage>[] = [];
  for (const directive of directives) {
    const unknownRules = directive.rules.filter((rule) => !known.has(rule));
    for (const rule of unknownRules) {
      const meant = ruleIdSuggestion(rule, [...known]);
      unused.push(meant ? { messageId: "misspeltRule", data: { rule, suggestion: meant }, at: directive.at } : { messageId: "unknownRule", data: { rule }, at: directive.at });
    }
    // In a file named on the command line, whether a rule that relates files would fire is not known.
    const { named } = directive.at.file;
    if (named && directive.rules.length === 0 && !used.has(directive)) continue;
    const unjudged = named ? directive.rules.filter((id) => relatingFiles.has(id)) : [];
    // A directive naming several rules may silence only some of them; beside an unknown id, each
    // rule that silences nothing is said too, as the directive as a whole is not removed.
    if (used.has(directive) || unjudged.length > 0 || unknownRules.length > 0) {
      for (const rule of directive.rules.filter((id) => known.has(id) && !unjudged.includes(id))) {
        if (!(silences ??= silencedFindings(findings))(directive, rule)) unused.push({ messageId: used.has(directive) ? "unusedPart" : "unusedAmongUnjudged", data: { rule }, at: directive.at });
      }
    } else {
      const removal = directive.rules.every((rule) => enabledIds.has(rule)) ? directiveRemoval(directive) : undefined;
      const fix = removal && { fix: { title: "remove the suppression", edits: [removal] } };
      unused.push(
        directive.rules.length === 0
          ? { messageId: "unusedAll", at: directive.at, ...fix }
          : { messageId: "unusedRule", data: { rule: directive.rules.join(", ") }, at: directive.at, ...fix },
      );
    }
  }
  return unused;
}

/** Whether a directive silences some finding of a rule, whichever directive took it: looked up by file, rule and line. */
function silencedFindings(findings: readonly RuleFinding[]): (directive: Directive, ruleId: string) => boolean {
  // Per file, by rule and line (and by rule alone, for directives that cover a whole file or object).
  const byFile = new Map<SourceFile, Map<string, { readonly at: Site; readonly line: number }[]>>();
  const keyOf = (ruleId: string, line: number | undefined) => `${ruleId}\0${line ?? ""}`;
  for (const { rule, finding } of findings) {
    const line = positionAt(finding.at.file, finding.at.start).line;
    const file = governingFile(finding.at.file);
    let sites = byFile.get(file);
    if (!sites) byFile.set(file, (sites = new Map()));
    for (const key of [keyOf(rule.meta.id, line), keyOf(rule.meta.id, undefined)]) pushTo(sites, key, { at: finding.at, line });
  }
  return (directive, ruleId) =>
    (byFile.get(directive.at.file)?.get(keyOf(ruleId, directive.line)) ?? []).some(({ at, line }) => directiveApplies(directive, ruleId, at, line));
}

function toDiagnostic(rule: Rule, finding: Finding, severity: Severity): Diagnostic {
  const { meta } = rule;
  const start = positionAt(finding.at.file, finding.at.start);
  const end = positionAt(finding.at.file, finding.at.end);
  const template = meta.messages[finding.messageId] ?? finding.messageId;
  const hint = meta.hints?.[finding.messageId];
  return {
    ruleId: meta.id,
    severity,
    file: finding.at.file.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: formatMessage(template, finding.data),
    ...(hint ? { hint: formatMessage(hint, finding.data) } : {}),
    docsUrl: docsUrl(meta.id),
    ...(finding.effect ? { effect: finding.effect } : {}),
    ...(finding.object ? { object: finding.object } : {}),
    ...(finding.related?.length ? { related: finding.related.slice(0, MAX_RELATED).map((related) => relatedLocation(related.at, related.message)) } : {}),
    ...(finding.fix && meta.fixable
      ? {
          fix: {
            title: finding.fix.title,
            applicability: finding.fix.applicability ?? meta.fixable,
            edits: finding.fix.edits.map((edit) => ({ file: edit.file.path, start: edit.start, end: edit.end, text: edit.text })),
          },
        }
      : {}),
    start: finding.at.start,
    end: finding.at.end,
  };
}

function relatedLocation(at: Site, message: string): RelatedLocation {
  const start = positionAt(at.file, at.start);
  const end = positionAt(at.file, at.end);
  return { file: at.file.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, message };
}

/** Diagnostics with the same identity are one mistake reached twice, reported once. */
export function identity(diagnostic: Diagnostic): string {
  return [diagnostic.ruleId, diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn, diagnostic.message].join("\0");
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message)
  );
}
