// Applies fixes the way ESLint's source-code fixer and ruff's fix loop do: take the fixes the run
// may apply, in source order, skip any whose edits overlap or touch edits already taken, re-lint
// the new text and repeat, at most MAX_PASSES times, until nothing fixable is left. A pass that
// makes a file stop parsing (or stop being JSON, which kubectl reads strictly) is tried again
// with that file's first fix alone; a fix that breaks the file alone is refused, and the file's
// other fixes are tried in the next pass. Nothing here reads or writes the disk.
import unusedSuppression from "../../rules/nw-lint/unused-suppression.js";
import { isJsonFile } from "../languages/k8s/edits.js";
import { parseYamlStream } from "../languages/k8s/parse.js";
import { partitionPoint } from "./sorted.js";
import { compareText } from "./text.js";
import type { Diagnostic, DiagnosticFix, FixApplicability, LintReport, SourceFile } from "./types.js";

export const MAX_PASSES = 10;
const UNUSED_SUPPRESSION = unusedSuppression.meta.id;

export interface FileChange {
  /** The file as read. */
  readonly original: SourceFile;
  /** The same file with every applied fix. */
  readonly fixed: SourceFile;
  /** Where the two texts differ, in order; outside these spans they are the same. Absent: anywhere. */
  readonly changed?: readonly ChangedSpan[];
}

/** `[from, to)` of the fixed text stands where `[originalFrom, originalTo)` of the original stood. */
export interface ChangedSpan {
  readonly from: number;
  readonly to: number;
  readonly originalFrom: number;
  readonly originalTo: number;
}

export interface FixRun {
  /** The report on the fixed text: what is left to do. */
  readonly report: LintReport;
  /** The files the fixes changed, in the order they were linted. */
  readonly changes: readonly FileChange[];
  /** Fixes not applied because alone they would have broken their file's syntax (a rule's bug). */
  readonly refused: readonly RefusedFix[];
}

export interface RefusedFix {
  readonly file: string;
  readonly ruleId: string;
  readonly title: string;
}

type FixEdit = DiagnosticFix["edits"][number];

/**
 * Lints `files`, then applies fixes and re-lints until none applies. `unsafe` also applies
 * fixes marked unsafe; suppressed diagnostics are never fixed, nor, after the first pass, other
 * findings of a rule suppressed in the file.
 */
export function fixFiles(files: readonly SourceFile[], lintFiles: (files: readonly SourceFile[]) => LintReport, applicability: FixApplicability): FixRun {
  let current = files;
  let report = lintFiles(current);
  // By what the fix is for, and in which object, which outlives a pass (its offsets do not).
  const refused = new Map<string, RefusedFix>();
  const identity = (diagnostic: Diagnostic) => JSON.stringify([diagnostic.file, diagnostic.ruleId, diagnostic.message, diagnostic.fix!.title, diagnostic.object ?? null]);
  const allowed = (diagnostic: Diagnostic) => !refused.has(identity(diagnostic));
  // Fixes move lines, which can part a suppression from the line it silences, or bring a finding
  // under one. So a rule suppressed in a file is fixed there only in the first pass, and an unused
  // suppression is removed last, when no other fix is left and it was unused in the file as read.
  const key = (diagnostic: Diagnostic) => `${diagnostic.file}\0${diagnostic.ruleId}\0${diagnostic.ruleId === UNUSED_SUPPRESSION ? diagnostic.message : ""}`;
  const suppressed = new Set(report.diagnostics.filter((diagnostic) => diagnostic.suppressed).map(key));
  const unusedAsRead = new Set(report.diagnostics.filter((diagnostic) => diagnostic.ruleId === UNUSED_SUPPRESSION).map(key));
  const fixesOf = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.fix!);
  const touches = (diagnostic: Diagnostic, paths: ReadonlySet<string>) => diagnostic.fix!.edits.some((edit) => paths.has(edit.file));
  // What the passes changed, so that a diff of the fixes need only compare those places.
  const changed = new Map<string, ChangedSpan[]>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixable = fixableDiagnostics(report, applicability).filter((diagnostic) => (pass === 0 || !suppressed.has(key(diagnostic))) && allowed(diagnostic));
    const others = fixable.filter((diagnostic) => diagnostic.ruleId !== UNUSED_SUPPRESSION);
    let candidates = others.length > 0 ? others : fixable.filter((diagnostic) => unusedAsRead.has(key(diagnostic)));
    const refusedBefore = refused.size;
    let result = applyFixes(current, fixesOf(candidates));
    const clashing = new Set(brokenFiles(current, result.files));
    if (clashing.size > 0) {
      // Fixes sound alone can clash (two adding the same key): a file they broke takes one fix this pass.
      const first = (path: string) => candidates.filter((diagnostic) => diagnostic.fix!.edits.every((edit) => edit.file === path)).sort((a, b) => compareFixes(a.fix!, b.fix!)).slice(0, 1);
      candidates = [...candidates.filter((diagnostic) => !touches(diagnostic, clashing)), ...[...clashing].flatMap(first)];
      result = applyFixes(current, fixesOf(candidates));
    }
    for (let broken = new Set(brokenFiles(current, result.files)); broken.size > 0; broken = new Set(brokenFiles(current, result.files))) {
      for (const diagnostic of candidates.filter((candidate) => touches(candidate, broken))) {
        refused.set(identity(diagnostic), { file: diagnostic.file, ruleId: diagnostic.ruleId, title: diagnostic.fix!.title });
      }
      candidates = candidates.filter(allowed);
      result = applyFixes(current, fixesOf(candidates));
    }
    // With nothing applied, the next pass tries the fixes a refused one had held back, on the same report.
    if (result.applied.length > 0) {
      for (const [path, edits] of result.edits) changed.set(path, withEdits(changed.get(path) ?? [], edits));
      current = result.files;
      report = lintFiles(current);
    } else if (refused.size === refusedBefore) {
      break;
    }
  }
  const changes = files.flatMap((original, index) => (current[index]!.text !== original.text ? [{ original, fixed: current[index]!, changed: changed.get(original.path) ?? [] }] : []));
  // A refused fix is not offered again: what is left is to be done by hand.
  const diagnostics = report.diagnostics.map((diagnostic) => (diagnostic.fix && !allowed(diagnostic) ? { ...diagnostic, fix: undefined } : diagnostic));
  return { report: { ...report, diagnostics }, changes, refused: [...refused.values()] };
}

/** The unsuppressed diagnostics with a fix that `applicability` allows. */
function fixableDiagnostics(report: LintReport, applicability: FixApplicability): Diagnostic[] {
  return report.diagnostics.filter(({ fix, suppressed }) => fix && !suppressed && fix.edits.length > 0 && (applicability === "unsafe" || fix.applicability === "safe"));
}

export interface AppliedFixes {
  /** `files` with the applied fixes' edits (unchanged files are the same objects). */
  readonly files: SourceFile[];
  readonly applied: DiagnosticFix[];
  /** The edits applied, by path, in order. */
  readonly edits: ReadonlyMap<string, readonly FixEdit[]>;
}

/**
 * Applies every fix whose edits neither overlap nor touch those of a fix applied before it; the
 * rest wait for the next pass. A fix with overlapping edits of its own, or edits in a file not
 * given, is never applied.
 */
export function applyFixes(files: readonly SourceFile[], fixes: readonly DiagnosticFix[]): AppliedFixes {
  const paths = new Set(files.map((file) => file.path));
  const taken = new Map<string, FixEdit[]>();
  const applied: DiagnosticFix[] = [];
  for (const fix of [...fixes].sort(compareFixes)) {
    const edits = sortedEdits(fix);
    if (!isWellFormed(edits) || edits.some((edit) => !paths.has(edit.file))) continue;
    if (edits.some((edit) => touchesTaken(taken.get(edit.file) ?? [], edit))) continue;
    for (const edit of edits) {
      const inFile = taken.get(edit.file) ?? [];
      taken.set(edit.file, inFile);
      // Fixes come in order of their first edit, so this is most often the end.
      inFile.splice(partitionPoint(inFile, (taken) => taken.start > edit.start), 0, edit);
    }
    applied.push(fix);
  }
  const fixed = files.map((file) => {
    const edits = taken.get(file.path);
    return edits ? { ...file, text: applyEdits(file.text, edits) } : file;
  });
  return { files: fixed, applied, edits: taken };
}

/**
 * The spans where a file differs from the file as read, after a pass applied `edits` (in order,
 * in the text the pass read) to the text the spans describe: spans and edits that overlap or
 * touch become one span. An offset outside the spans maps to the original by how much longer the
 * spans before it made the text, and to the new text by how much longer the edits before it did.
 */
function withEdits(spans: readonly ChangedSpan[], edits: readonly FixEdit[]): ChangedSpan[] {
  const pieces = [
    ...spans.map((span) => ({ start: span.from, end: span.to, longerThanOriginal: span.to - span.from - (span.originalTo - span.originalFrom), longerAfterPass: 0 })),
    ...edits.map((edit) => ({ start: edit.start, end: edit.end, longerThanOriginal: 0, longerAfterPass: edit.text.length - (edit.end - edit.start) })),
  ].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: ChangedSpan[] = [];
  let [longerThanOriginal, longerAfterPass] = [0, 0];
  // The span being joined, and the totals of the pieces before it.
  let open: { start: number; end: number; longerThanOriginalBefore: number; longerAfterPassBefore: number } | undefined;
  const close = () => {
    if (!open) return;
    merged.push({
      from: open.start + open.longerAfterPassBefore, to: open.end + longerAfterPass,
      originalFrom: open.start - open.longerThanOriginalBefore, originalTo: open.end - longerThanOriginal,
    });
  };
  for (const piece of pieces) {
    if (open && piece.start <= open.end) {
      open.end = Math.max(open.end, piece.end);
    } else {
      close();
      open = { start: piece.start, end: piece.end, longerThanOriginalBefore: longerThanOriginal, longerAfterPassBefore: longerAfterPass };
    }
    longerThanOriginal += piece.longerThanOriginal;
    longerAfterPass += piece.longerAfterPass;
  }
  close();
  return merged;
}

function applyEdits(text: string, edits: readonly FixEdit[]): string {
  let result = "";
  let position = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    result += text.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + text.slice(position);
}

function sortedEdits(fix: DiagnosticFix): FixEdit[] {
  return [...fix.edits].sort((a, b) => compareText(a.file, b.file) || a.start - b.start || a.end - b.end);
}

/** A fix's own edits must not overlap (a rule bug otherwise); an insertion may sit at the edge of a deletion. */
function isWellFormed(edits: readonly FixEdit[]): boolean {
  return edits.every((edit, index) => {
    const previous = edits[index - 1];
    return edit.start <= edit.end && (!previous || previous.file !== edit.file || previous.end <= edit.start);
  });
}

/**
 * Whether `edit` touches one of `taken`, which are sorted by start and overlap nowhere, so that their
 * ends rise with their starts: the last to start by the edit's end reaches furthest.
 */
function touchesTaken(taken: readonly FixEdit[], edit: FixEdit): boolean {
  const last = taken[partitionPoint(taken, (other) => other.start > edit.end) - 1];
  return last !== undefined && last.end >= edit.start;
}

function compareFixes(a: DiagnosticFix, b: DiagnosticFix): number {
  const [first, second] = [sortedEdits(a)[0]!, sortedEdits(b)[0]!];
  return compareText(first.file, second.file) || first.start - second.start || first.end - second.end;
}

/** Paths of the files that parse worse after the edits than before, or are no longer JSON: a fix there would break them. */
function brokenFiles(before: readonly SourceFile[], after: readonly SourceFile[]): string[] {
  return after.filter((file, index) => file !== before[index] && breaks(before[index]!, file)).map((file) => file.path);
}

function breaks(before: SourceFile, after: SourceFile): boolean {
  return parseErrors(after) > parseErrors(before) || (before.language === "yaml" && isJsonFile(before) && !isJsonFile(after));
}

function parseErrors(file: SourceFile): number {
  return file.language === "yaml" ? parseYamlStream(file).problems.length : 0;
}
