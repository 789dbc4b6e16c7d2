import type { Language, Site, SourceFile } from "./types.js";

const BOM = "\uFEFF";

export function createSourceFile(
  path: string,
  absolutePath: string | undefined,
  rawText: string,
  language: Language,
): SourceFile {
  const hadBom = rawText.startsWith(BOM);
  return { path, absolutePath, text: hadBom ? rawText.slice(1) : rawText, hadBom, language };
}

/** The file's text as on disk: with its byte-order mark, if it had one. */
export function rawText(file: SourceFile): string {
  return file.hadBom ? BOM + file.text : file.text;
}

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

const lineStartsCache = new WeakMap<SourceFile, number[]>();

/** Offsets at which each line begins; `\r\n` and `\n` both end a line, so CRLF files match their LF twins. */
export function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    const text = file.text;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    lineStartsCache.set(file, starts);
  }
  return starts;
}

export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: clamped - starts[low]! + 1 };
}

/** The text of the 1-based line, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, "");
}

export function site(file: SourceFile, start: number, end: number = start): Site {
  return { file, start, end: Math.max(start, end) };
}

/** A site covering the whole of the 1-based line (without its line break). */
export function lineSite(file: SourceFile, line: number): Site {
  const start = lineStarts(file)[line - 1] ?? file.text.length;
  return site(file, start, start + lineText(file, line).length);
}

export function rangeSite(file: SourceFile, [start, end]: readonly [number, number]): Site {
  return site(file, start, end);
}
