// uWSGI's ini reading (core/ini.c in 2.0.21), kept with source ranges. uWSGI first expands every
// `%x` of the whole file (so `%` + newline deletes the newline and joins two lines), then splits on
// `\n`, strips spaces, tabs and `\r` at both ends, and reads each line as a `[section]` header (the
// text between `[` and the last character, whatever that is), a whole-line `#`/`;` comment, or
// `key = value` split at the first `=` (a line without `=` is a key with an empty value). Only the
// entries of the section asked for (`uwsgi` unless `file.ini:section`) are options; quotes and
// trailing comments stay in the value. Every entry is kept, in order: options repeat.
import { posix } from "node:path";
import type { SourceFile } from "../../engine/types.js";

/** The magic variables of uWSGI 2.0.21 (`%d`, `%n`, …); any other `%x` is deleted with its `x`. */
const MAGIC_LETTERS: ReadonlySet<string> = new Set([..."bcdeghijknopstuvxCDEGIJNOPSTUVX0123456789[%("]);

/**
 * What each magic variable expands to in one run. Letters the linter cannot know (hostname, time,
 * user, inode…) are absent: text using them is marked `dynamic`.
 */
export type MagicTable = Readonly<Record<string, string>>;

export interface MagicContext {
  /** The config path as uWSGI was given it (`%o`), e.g. `deploy/app.ini`. */
  readonly given: string;
  /** The absolute path of the config file where uWSGI runs (`%p`). */
  readonly absolute: string;
  /** The section asked for (`%x`); empty when none was named. */
  readonly section: string;
  /** The directory uWSGI started in (`%v`). */
  readonly startDir: string;
}

/** The magic table of one config file, as uWSGI's `config_magic_table_fill` computes it. */
export function magicTable(context: MagicContext): MagicTable {
  const dir = posix.dirname(context.absolute);
  const base = posix.basename(context.absolute);
  const dot = base.lastIndexOf(".");
  const parts = dir.split("/").filter(Boolean);
  const table: Record<string, string> = {
    "%": "%", "(": "%(", "[": "\u001b",
    o: context.given, O: context.given,
    p: context.absolute, P: context.absolute,
    s: base, S: base,
    d: dir === "/" ? "/" : `${dir}/`, D: dir === "/" ? "/" : `${dir}/`,
    c: parts[parts.length - 1] ?? "", C: parts[parts.length - 1] ?? "",
    e: context.given.includes(".") ? context.given.slice(context.given.lastIndexOf(".") + 1) : "",
    n: dot === -1 ? base : base.slice(0, dot), N: dot === -1 ? base : base.slice(0, dot),
    x: context.section, X: context.section,
    v: context.startDir,
    V: "2.0.21",
  };
  table.E = table.e!;
  for (let level = 0; level <= 9; level++) table[String(level)] = parts[level] ?? "";
  return table;
}

/** A `%` sequence uWSGI deletes: an unknown `%x`, or `%` before a line break (which joins the lines). */
export interface DroppedMagic {
  readonly start: number;
  readonly end: number;
  /** The character after `%`: "\n" when a line break was swallowed, "" at the end of the file. */
  readonly letter: string;
}

/** Text as uWSGI reads it, with the source range it came from (after stripping). */
export interface IniText {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** It uses a magic variable whose value the linter cannot know (hostname, time, user…). */
  readonly dynamic: boolean;
  /** When a trailing `%` swallowed the next line into it: the text before that line, as the writer meant it. */
  readonly beforeJoin?: string;
}

export type IniLineKind = "blank" | "comment" | "section" | "entry";

export interface IniLine {
  readonly kind: IniLineKind;
  /** Source range of the line's content, stripped as uWSGI strips it; the line start for blank lines. */
  readonly start: number;
  readonly end: number;
  /** The section this line belongs to: "" before the first header; a header's own name. */
  readonly section: string;
  /** For headers: the text uWSGI takes as the name (between `[` and the last character). */
  readonly header?: IniText;
  readonly key?: IniText;
  readonly value?: IniText;
  /** For entries: whether the line has a `=`; without one uWSGI reads a key with an empty value. */
  readonly hasEquals?: boolean;
  /** `%x` sequences deleted on this line. */
  readonly dropped: readonly DroppedMagic[];
  /** Source offsets of the line breaks a trailing `%` deleted, joining the following line to this one. */
  readonly joins: readonly number[];
}

export interface IniDocument {
  readonly file: SourceFile;
  readonly lines: readonly IniLine[];
}

/** One character of the expanded file and the source range it came from. */
interface Char {
  readonly ch: string;
  readonly start: number;
  readonly end: number;
  readonly dynamic: boolean;
}

const STRIPPED = new Set([" ", "\t", "\r"]);

export function parseIni(file: SourceFile, magic: MagicTable): IniDocument {
  const lines: IniLine[] = [];
  let section = "";
  for (const raw of expandedLines(file, magic)) {
    const line = readLine(raw, section);
    if (line.kind === "section") section = line.section;
    lines.push(line);
  }
  return { file, lines };
}

interface RawLine {
  readonly chars: Char[];
  readonly lineStart: number;
  readonly dropped: DroppedMagic[];
  readonly joins: number[];
}

/** Expands `%x` over the whole text (uWSGI's `magic_sub`), then splits on `\n`. */
function expandedLines(file: SourceFile, magic: MagicTable): RawLine[] {
  const text = file.text;
  const lines: RawLine[] = [];
  let current: RawLine = { chars: file.hadBom ? [{ ch: "\uFEFF", start: 0, end: 0, dynamic: false }] : [], lineStart: 0, dropped: [], joins: [] };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "%") {
      // uWSGI reads the file with a terminating NUL, so a `%` ending the file is deleted too.
      const letter = text[i + 1] ?? "";
      const start = i;
      if (letter) i++;
      if (MAGIC_LETTERS.has(letter)) {
        const value = magic[letter];
        const expanded = value ?? `%${letter}`;
        for (const c of expanded) current.chars.push({ ch: c, start, end: i + 1, dynamic: value === undefined });
      } else {
        current.dropped.push({ start, end: i + 1, letter });
        if (letter === "\n") current.joins.push(i);
      }
      continue;
    }
    if (ch === "\n") {
      lines.push(current);
      current = { chars: [], lineStart: i + 1, dropped: [], joins: [] };
      continue;
    }
    current.chars.push({ ch, start: i, end: i + 1, dynamic: false });
  }
  if (current.chars.length > 0 || current.dropped.length > 0 || lines.length === 0) lines.push(current);
  return lines;
}

function readLine(raw: RawLine, section: string): IniLine {
  const chars = strip(raw.chars);
  const common = { dropped: raw.dropped, joins: raw.joins };
  if (chars.length === 0) return { kind: "blank", start: raw.lineStart, end: raw.lineStart, section, ...common };
  const range = { start: chars[0]!.start, end: chars[chars.length - 1]!.end };
  const first = chars[0]!.ch;
  if (first === "[") {
    const header = textOf(chars.slice(1, -1), chars[0]!.end);
    return { kind: "section", ...range, section: header.text, header, ...common };
  }
  if (first === "#" || first === ";") return { kind: "comment", ...range, section, ...common };
  const equals = chars.findIndex((char) => char.ch === "=");
  const keyChars = strip(equals === -1 ? chars : chars.slice(0, equals));
  const valueChars = equals === -1 ? [] : strip(chars.slice(equals + 1));
  const valueAnchor = equals === -1 ? range.end : chars[equals]!.end;
  return {
    kind: "entry", ...range, section,
    key: textOf(keyChars, range.start),
    value: textOf(valueChars, valueChars[0]?.start ?? valueAnchor, raw.joins[0]),
    hasEquals: equals !== -1,
    ...common,
  };
}

function strip(chars: readonly Char[]): Char[] {
  let start = 0;
  let end = chars.length;
  while (start < end && STRIPPED.has(chars[start]!.ch)) start++;
  while (end > start && STRIPPED.has(chars[end - 1]!.ch)) end--;
  return chars.slice(start, end);
}

function textOf(chars: readonly Char[], emptyAt: number, join?: number): IniText {
  const text = chars.map((char) => char.ch).join("");
  const swallowed = join === undefined ? -1 : chars.findIndex((char) => char.start > join);
  return {
    text,
    start: chars[0]?.start ?? emptyAt,
    end: chars[chars.length - 1]?.end ?? emptyAt,
    dynamic: chars.some((char) => char.dynamic),
    ...(swallowed === -1 ? {} : { beforeJoin: strip(chars.slice(0, swallowed)).map((char) => char.ch).join("") }),
  };
}

/** The `key = value` lines uWSGI reads as options when asked for `section`. */
export function sectionEntries(document: IniDocument, section: string): IniLine[] {
  return document.lines.filter((line) => line.kind === "entry" && line.section === section);
}

/**
 * Why a header that seems to mean `[section]` is read by uWSGI as another section (or no header):
 * another case, inner spaces, text after `]`, no `]`, a byte-order mark before it. Undefined for
 * the exact header and for headers of other sections.
 */
export function headerMistake(document: IniDocument, line: IniLine, section: string): string | undefined {
  const written = document.file.text.slice(line.start, line.end);
  const bom = line.kind === "entry" && line.key!.text.startsWith("\uFEFF[");
  if (!bom && (line.kind !== "section" || line.section === section)) return undefined;
  const match = /^\[\s*([^\]\s]*)\s*(\]?)(.*)$/.exec(written);
  if (!match || match[1]!.toLowerCase() !== section) return undefined;
  if (bom) return "a UTF-8 byte-order mark comes before it";
  if (!match[2]) return "it has no closing `]`";
  if (match[3]!.trim()) return "text follows the `]` (uWSGI takes everything up to the last character as the name)";
  if (match[1] !== section) return "section names are case-sensitive";
  return "spaces inside the brackets are part of the name";
}

/**
 * Whether the ini is a template (Jinja, Django, Go): a line that is not a comment holds
 * `{{ name }}` or `{% tag %}`, which a renderer replaces, and may add or drop lines with, before
 * uWSGI reads the file. uWSGI itself has no such syntax: its own are `$(VAR)`, `%(name)`, `@(file)`.
 */
export function isIniTemplate(text: string): boolean {
  if (!text.includes("{{") && !text.includes("{%")) return false;
  return text.split("\n").some((line) => !isCommentLine(line) && (closedAfter(line, "{{", "}}") || closedAfter(line, "{%", "%}")));
}

/** As uWSGI reads a line: `#` or `;` first once spaces, tabs and `\r` are stripped. */
function isCommentLine(line: string): boolean {
  return /^[ \t\r]*[#;]/.test(line);
}

/** `open` is followed by `close` on the line; looking from the first `open` only keeps a long line linear. */
function closedAfter(line: string, open: string, close: string): boolean {
  const at = line.indexOf(open);
  return at !== -1 && line.indexOf(close, at + open.length) !== -1;
}
