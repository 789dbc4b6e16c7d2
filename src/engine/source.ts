import { isUtf8 } from "node:buffer";
import type { Language, Site, SourceFile } from "./types.js";

const BOM = "\uFEFF";

/** Text decoded from bytes, with where the first invalid UTF-8 was replaced (see `decodeUtf8`). */
export interface DecodedText {
  readonly text: string;
  readonly invalidUtf8At?: number;
}

export function createSourceFile(path: string, absolutePath: string | undefined, content: string | DecodedText, language: Language): SourceFile {
  const { text: rawText, invalidUtf8At } = typeof content === "string" ? { text: content, invalidUtf8At: undefined } : content;
  const hadBom = rawText.startsWith(BOM);
  const text = hadBom ? rawText.slice(1) : rawText;
  const invalid = invalidUtf8At === undefined ? {} : { invalidUtf8At: hadBom ? invalidUtf8At - 1 : invalidUtf8At };
  return { path, absolutePath, text, hadBom, language, ...invalid };
}

/**
 * Decodes as Node does, each invalid sequence becoming U+FFFD, and finds the UTF-16 offset of
 * the first replacement: where re-encoding the text first differs from the bytes, backed up to
 * the start of that character.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  if (isUtf8(buffer)) return { text };
  const reencoded = Buffer.from(text, "utf8");
  let index = 0;
  while (index < buffer.length && buffer[index] === reencoded[index]) index++;
  while (index > 0 && (reencoded[index]! & 0xc0) === 0x80) index--;
  return { text, invalidUtf8At: reencoded.subarray(0, index).toString("utf8").length };
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
  const inText = Math.max(0, Math.min(offset, file.text.length));
  // A "\r" that ends a line belongs to the line break: past it is still the end of the line.
  const endsLine = inText === file.text.length || file.text[inText] === "\n";
  const clamped = inText > 0 && file.text[inText - 1] === "\r" && endsLine ? inText - 1 : inText;
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
