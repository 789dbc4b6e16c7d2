// Whole-line text edits, for fixes in any language: an ini fix that deletes `uid = app` or adds
// `need-app = true` is one of these; the YAML edits build on them. Inserted lines take the file's
// own line break.
import { lineStarts, positionAt } from "./source.js";
import type { SourceFile, TextEdit } from "./types.js";

/** The file's line break: `\r\n` when its first line ends so; in YAML, `\r` when a lone carriage return ends it. */
export function lineBreak(file: SourceFile): string {
  const starts = lineStarts(file);
  const second = starts[1];
  if (second === undefined) return "\n";
  return file.text[second - 1] === "\r" ? "\r" : file.text[second - 2] === "\r" ? "\r\n" : "\n";
}

/** Whether `offset` begins a line other than the first. */
function beginsLine(file: SourceFile, offset: number): boolean {
  return offset > 0 && positionAt(file, offset).column === 1;
}

/** The offset at which the line holding `offset` begins. */
export function lineStartOf(file: SourceFile, offset: number): number {
  return offset - (positionAt(file, offset).column - 1);
}

/**
 * The start of the line holding `offset`, above the `nw-lint-disable-next-line` comments right
 * over it: lines inserted there leave each suppression next to the line it silences.
 */
export function lineStartAboveSuppressions(file: SourceFile, offset: number): number {
  let start = lineStartOf(file, offset);
  while (start > 0) {
    const previous = lineStartOf(file, start - 1);
    if (!/^[ \t]*[#;][ \t]*nw-lint-disable-next-line\b/.test(file.text.slice(previous, start))) break;
    start = previous;
  }
  return start;
}

/** Where the line holding `offset - 1` is followed: the next line's start (or the end of the file). */
export function lineEndAfter(file: SourceFile, offset: number): number {
  if (beginsLine(file, offset)) return offset;
  return lineStarts(file)[positionAt(file, offset).line] ?? file.text.length;
}

/** Inserts whole lines at a line start, or after the last line of a file that lacks a final line break. */
export function insertLines(file: SourceFile, at: number, lines: readonly string[]): TextEdit {
  const eol = lineBreak(file);
  const atLineStart = at === 0 || beginsLine(file, at);
  const text = lines.map((line) => (atLineStart ? `${line}${eol}` : `${eol}${line}`)).join("");
  return { file, start: at, end: at, text };
}

/** Deletes the whole lines that hold [start, end), line breaks included. */
export function deleteLines(file: SourceFile, start: number, end: number): TextEdit {
  return { file, start: lineStartOf(file, start), end: lineEndAfter(file, Math.max(start + 1, end)), text: "" };
}
