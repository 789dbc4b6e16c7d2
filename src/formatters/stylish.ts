// Human output: one block per diagnostic with the source line underlined, then a summary.
import { Chalk, type ChalkInstance } from "chalk";
import stringWidth from "string-width";
import { lineText } from "../engine/source.js";
import { plural } from "../engine/text.js";
import type { Diagnostic, Effect, LintReport, Severity, SourceFile } from "../engine/types.js";
import type { Formatter } from "./context.js";
import { summarize, visibleDiagnostics } from "./summary.js";

const EFFECT_WORDS: Readonly<Record<Effect, string>> = {
  rejected: "Spin or the API server refuses the object",
  "wont-start": "the container or the app fails at start",
  misbehaves: "it runs, but is broken",
};

export const format: Formatter<string> = (report, context) => {
  const paint = new Chalk({ level: context.color ? 1 : 0 });
  const diagnostics = visibleDiagnostics(report, context.quiet);
  const blocks = diagnosticBlocks(report, diagnostics, paint);
  const summary = summarize(report, diagnostics);
  const total = summary.errors + summary.warnings + summary.infos;
  // Every file read counts, with problems or not: said apart from the problems, not as where they are.
  const checked = ` (${plural(summary.files, "file")} checked)`;
  if (total === 0) return context.quiet ? "" : `${paint.green("✔")} no problems${checked}\n`;
  const counts = [plural(summary.errors, "error"), plural(summary.warnings, "warning"), plural(summary.infos, "info")];
  const fixable = fixableNote(diagnostics);
  const mark = summary.errors > 0 ? paint.red.bold("✖") : paint.yellow.bold("⚠");
  // The problems of a run that read no file are about what it could not read: "0 files checked" would say nothing.
  return `${blocks.join("\n\n")}\n\n${mark} ${plural(total, "problem")} (${counts.join(", ")})${fixable}${summary.files > 0 ? checked : ""}\n`;
};

/** Each diagnostic as stylish shows it, without the summary: a rule page shows one rule's. */
export function diagnosticBlocks(report: LintReport, diagnostics: readonly Diagnostic[], paint = new Chalk({ level: 0 })): string[] {
  const files = new Map(report.files.map((file) => [file.path, file]));
  return diagnostics.map((diagnostic) => block(diagnostic, files.get(diagnostic.file), paint));
}

const SEVERITY_COLORS: Readonly<Record<Severity, (paint: ChalkInstance) => ChalkInstance>> = {
  error: (paint) => paint.red.bold,
  warning: (paint) => paint.yellow.bold,
  info: (paint) => paint.blue.bold,
};

function block(diagnostic: Diagnostic, file: SourceFile | undefined, paint: ChalkInstance): string {
  const where = paint.bold(`${printable(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`);
  const severity = SEVERITY_COLORS[diagnostic.severity](paint)(diagnostic.severity);
  const lines = [`${where}: ${severity} ${printable(diagnostic.message)}  ${paint.dim(diagnostic.ruleId)}`];
  if (file && file.text.length > 0) lines.push(...codeFrame(diagnostic, file, paint));
  if (diagnostic.hint) lines.push(`  ${paint.cyan("= hint:")} ${printable(diagnostic.hint)}`);
  if (diagnostic.effect) lines.push(`  ${paint.cyan("= effect:")} ${EFFECT_WORDS[diagnostic.effect]}`);
  for (const related of diagnostic.related ?? []) {
    lines.push(`  ${paint.cyan("= see:")} ${printable(related.file)}:${related.line}:${related.column}: ${printable(related.message)}`);
  }
  if (diagnostic.fix) lines.push(`  ${paint.cyan("= fix:")} ${printable(diagnostic.fix.title)} (${diagnostic.fix.applicability === "safe" ? "--fix" : "--fix-unsafe"})`);
  return lines.join("\n");
}

function codeFrame(diagnostic: Diagnostic, file: SourceFile, paint: ChalkInstance): string[] {
  const line = lineText(file, diagnostic.line);
  const gutter = String(diagnostic.line);
  const pad = " ".repeat(gutter.length);
  const column = diagnostic.column - 1;
  const endColumn = diagnostic.endLine === diagnostic.line ? diagnostic.endColumn - 1 : line.length;
  // A long line (minified JSON, a base64 value) is shown as a window around the finding.
  const start = line.length > MAX_SHOWN ? Math.max(0, Math.min(column - CONTEXT_BEFORE, line.length - MAX_SHOWN)) : 0;
  const end = Math.min(line.length, start + MAX_SHOWN);
  // Only the window is made printable: each finding on a long line costs the window, not the line.
  const text = printable(line.slice(start, end));
  const shown = `${start > 0 ? "…" : ""}${text}${end < line.length ? "…" : ""}`;
  // Columns count UTF-16 units; the caret goes under what the terminal shows (wide characters take two cells).
  const before = (start > 0 ? 1 : 0) + displayWidth(text.slice(0, Math.max(0, column - start)));
  const width = Math.max(1, displayWidth(text.slice(Math.max(0, column - start), Math.max(0, Math.min(end, endColumn) - start))));
  const marker = " ".repeat(before) + "^".repeat(width);
  return [`  ${paint.dim(`${gutter} |`)} ${shown}`, `  ${paint.dim(`${pad} |`)} ${SEVERITY_COLORS[diagnostic.severity](paint)(marker)}`];
}

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * Tabs as spaces, and control characters as their pictures (␛ for ESC, ␊ for a line feed), one
 * UTF-16 unit each: what a file holds (a key, a value, its name) cannot drive the terminal or start
 * a line of its own that a CI log reads as a command (GitHub's `::error`).
 */
function printable(text: string): string {
  return text.replaceAll("\t", " ").replace(CONTROL, (char) => String.fromCharCode(char === "\x7f" ? 0x2421 : 0x2400 + char.charCodeAt(0)));
}

/** Source lines longer than this many UTF-16 units are shown as a window this wide, starting a little before the finding. */
const MAX_SHOWN = 160;
const CONTEXT_BEFORE = 60;

/** Terminal cells: string-width for text beyond printable ASCII. */
function displayWidth(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}

/** `, 2 fixable with --fix, 1 with --fix-unsafe`, or nothing. */
function fixableNote(diagnostics: readonly Diagnostic[]): string {
  const count = (applicability: string) => diagnostics.filter((diagnostic) => diagnostic.fix?.applicability === applicability).length;
  const [safe, unsafe] = [count("safe"), count("unsafe")];
  const notes = [safe > 0 ? `${safe} fixable with --fix` : "", unsafe > 0 ? `${unsafe} ${safe > 0 ? "" : "fixable "}with --fix-unsafe` : ""];
  return notes.filter(Boolean).map((note) => `, ${note}`).join("");
}
