import { isUtf8 } from "node:buffer";
import { partitionPoint } from "./sorted.js";
import type { InvalidUtf8, Language, Site, SourceFile, Utf16 } from "./types.js";

const BOM = "\uFEFF";

/** Text decoded from bytes, with the invalid UTF-8 it replaced (see `decodeUtf8`), or the UTF-16 it was decoded from. */
export interface DecodedText {
  readonly text: string;
  readonly invalidUtf8?: readonly InvalidUtf8[];
  readonly encoding?: Utf16;
}

export function createSourceFile(path: string, absolutePath: string | undefined, content: string | DecodedText, language: Language): SourceFile {
  const { text: rawText, invalidUtf8, encoding } = typeof content === "string" ? { text: content, invalidUtf8: undefined, encoding: undefined } : content;
  const hadBom = rawText.startsWith(BOM);
  const text = hadBom ? rawText.slice(1) : rawText;
  const invalid = invalidUtf8 === undefined ? {} : { invalidUtf8: hadBom ? invalidUtf8.map(({ at, bytes }) => ({ at: at - 1, bytes })) : invalidUtf8 };
  return { path, absolutePath, text, hadBom, language, ...invalid, ...(encoding === undefined ? {} : { encoding }) };
}

/**
 * Decodes as kubectl reads a manifest: its file reader (cli-runtime's FileVisitor, stdin too)
 * wraps the file in `unicode.BOMOverride(unicode.UTF8.NewDecoder())`, which decodes UTF-16 LE or
 * BE when the file starts with that byte-order mark, and UTF-8 otherwise. go-yaml v2's own reader
 * (yaml_parser_determine_encoding) does the same. The mark stays at the start of the text.
 */
export function decodeManifest(bytes: Uint8Array): DecodedText {
  const encoding = utf16Mark(bytes);
  if (encoding === undefined) return decodeUtf8(bytes);
  const text = decodeUtf16(bytes, encoding);
  const odd = bytes.length % 2 === 1 ? { invalidUtf8: [{ at: text.length - 1, bytes: [bytes[bytes.length - 1]!] }] } : {};
  return { text, encoding, ...odd };
}

function utf16Mark(bytes: Uint8Array): Utf16 | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * UTF-16 code units as they are: a lone surrogate stays one (kubectl reads U+FFFD), so that
 * encoding the text again gives the same bytes. An odd last byte is read as U+FFFD, as kubectl does.
 */
function decodeUtf16(bytes: Uint8Array, encoding: Utf16): string {
  const buffer = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  if (encoding === "utf-16be") buffer.swap16();
  return buffer.toString("utf16le") + (bytes.length % 2 === 1 ? "\uFFFD" : "");
}

/** The bytes of `text` (a file's raw text, its byte-order mark included) in the file's encoding. */
export function encodeText(file: SourceFile, text: string): Buffer {
  if (file.encoding === undefined) return Buffer.from(text, "utf8");
  const bytes = Buffer.from(text, "utf16le");
  return file.encoding === "utf-16be" ? bytes.swap16() : bytes;
}

/** Bytes read back in the file's encoding. */
export function decodeAs(file: SourceFile, bytes: Buffer): string {
  return file.encoding === undefined ? bytes.toString("utf8") : decodeUtf16(bytes, file.encoding);
}

/**
 * Decodes as Node does, each maximal invalid subpart (Unicode's definition, which CPython's
 * decoder reports too) becoming one U+FFFD, and records the bytes each replaced.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  if (isUtf8(buffer)) return { text };
  const invalidUtf8: InvalidUtf8[] = [];
  let byte = 0;
  for (let at = 0; at < text.length; ) {
    const code = text.codePointAt(at)!;
    const encoded = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const replaced = code === 0xfffd && !(buffer[byte] === 0xef && buffer[byte + 1] === 0xbf && buffer[byte + 2] === 0xbd);
    const length = replaced ? invalidSubpartLength(buffer, byte) : encoded;
    if (replaced) invalidUtf8.push({ at, bytes: [...buffer.subarray(byte, byte + length)] });
    byte += length;
    at += code > 0xffff ? 2 : 1;
  }
  return { text, invalidUtf8 };
}

/** How many bytes from `start` (not a valid sequence) form one maximal subpart: the lead and the continuation bytes that fit it. */
function invalidSubpartLength(buffer: Buffer, start: number): number {
  const lead = buffer[start]!;
  let [needed, lower, upper] = [0, 0x80, 0xbf];
  if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
  else if (lead >= 0xe0 && lead <= 0xef) [needed, lower, upper] = [2, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf];
  else if (lead >= 0xf0 && lead <= 0xf4) [needed, lower, upper] = [3, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf];
  let length = 1;
  while (length <= needed && start + length < buffer.length) {
    const next = buffer[start + length]!;
    if (next < lower || next > upper) break;
    [lower, upper] = [0x80, 0xbf];
    length++;
  }
  return length;
}

/** An offset into `file.text` as an offset into the file as read, its byte-order mark included (fix edits in reports). */
export function offsetAsRead(file: SourceFile | undefined, offset: number): number {
  return file?.hadBom ? offset + 1 : offset;
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

/**
 * Whether a lone carriage return (old Mac OS line endings) ends a line. In YAML it does, as in
 * go-yaml v2 (is_break, read_line), and in Python, whose tokenizer reads `\r` as a line break
 * (universal newlines). uWSGI and Docker split lines at line feeds only.
 */
function loneCrEndsLines(file: SourceFile): boolean {
  return file.language === "yaml" || file.language === "compose" || file.language === "python";
}

const loneCrCache = new WeakMap<SourceFile, boolean>();

/** A lone carriage return ends a line somewhere in the file; a CRLF file has none. */
function breaksAtLoneCr(file: SourceFile): boolean {
  if (!loneCrEndsLines(file) || !file.text.includes("\r")) return false;
  let found = loneCrCache.get(file);
  if (found === undefined) loneCrCache.set(file, (found = /\r(?!\n)/.test(file.text)));
  return found;
}

/**
 * Offsets at which each line begins; `\r\n` and `\n` both end a line, so CRLF files match their
 * LF twins, and in YAML so does a lone `\r`.
 */
export function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    const text = file.text;
    if (breaksAtLoneCr(file)) {
      for (const { index, 0: lineBreak } of text.matchAll(/\r\n?|\n/g)) starts.push(index + lineBreak.length);
    } else {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    }
    lineStartsCache.set(file, starts);
  }
  return starts;
}

/**
 * The text as go-yaml reads its lines: each lone carriage return a line feed. One character for
 * one, so offsets into it are offsets into the file's text.
 */
export function lineFeedText(file: SourceFile): string {
  return breaksAtLoneCr(file) ? file.text.replace(/\r(?!\n)/g, "\n") : file.text;
}

/** How messages name a file: its path, or the label it has instead (a file a COPY heredoc writes). */
export const fileLabel = (file: SourceFile): string => file.label ?? file.path;

export function positionAt(file: SourceFile, offset: number): Position {
  const starts = lineStarts(file);
  const text = file.text;
  const inText = Math.max(0, Math.min(offset, text.length));
  // A "\r" that ends a line belongs to the line break: past it is still the end of the line
  // (unless, in YAML, it is a line break of its own).
  const afterCr = inText > 0 && text[inText - 1] === "\r";
  const clamped = afterCr && (text[inText] === "\n" || (inText === text.length && !loneCrEndsLines(file))) ? inText - 1 : inText;
  // The first line starts at 0, so some line starts at or before any offset.
  const line = partitionPoint(starts, (start) => start > clamped) - 1;
  return { line: line + 1, column: clamped - starts[line]! + 1 };
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
