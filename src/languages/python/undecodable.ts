// Bytes CPython 3.11 cannot decode where it decodes them. It reads a module as bytes and decodes
// a token only when it makes an object of it: a comment may hold anything, while an identifier
// or a string that is not UTF-8 is a SyntaxError "(unicode error) 'utf-8' codec can't decode
// byte 0xe9 in position 3: unexpected end of data", the position counted in bytes of what was
// decoded. A module that declares another encoding (PEP 263) is decoded with it instead. Before
// any of that, compile() refuses bytes that hold a NUL anywhere, even in a comment.

import { partitionPoint } from "../../engine/sorted.js";
import type { InvalidUtf8, SourceFile } from "../../engine/types.js";

/**
 * CPython's words for a module holding a NUL byte, which it raises as a ValueError before 3.11.4
 * (Debian 12's 3.11.2) and as a SyntaxError from then on, with no position.
 */
export const NULL_BYTE_MESSAGE = "source code string cannot contain null bytes";

/** The offset of the module's first NUL byte, if any. */
export function firstNullByte(file: SourceFile): number | undefined {
  const at = file.text.indexOf("\0");
  return at === -1 ? undefined : at;
}

/** `# -*- coding: latin-1 -*-` on the first line, or on the second below a comment or blank line. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES: ReadonlySet<string> = new Set(["utf-8", "utf8", "utf_8"]);

/** The invalid runs of a module CPython decodes as UTF-8: none when it declares another encoding. */
export function undecodableRuns(file: SourceFile): UndecodableRuns {
  if (!file.invalidUtf8) return new UndecodableRuns([]);
  const [first = "", second = ""] = file.text.split("\n", 2);
  const declared = CODING.exec(first)?.[1] ?? (/^[ \t\f]*(#.*)?\r?$/.test(first) ? CODING.exec(second)?.[1] : undefined);
  return new UndecodableRuns(declared !== undefined && !UTF8_NAMES.has(declared.toLowerCase()) ? [] : file.invalidUtf8);
}

export class UndecodableRuns {
  private readonly byOffset: ReadonlyMap<number, InvalidUtf8>;

  /** `runs` in the order of their offsets. */
  constructor(private readonly runs: readonly InvalidUtf8[]) {
    this.byOffset = new Map(runs.map((run) => [run.at, run]));
  }

  get none(): boolean {
    return this.runs.length === 0;
  }

  /** The offset of the first run in `[start, end)`. */
  firstIn(start: number, end: number): number | undefined {
    const at = this.runs[partitionPoint(this.runs, (run) => run.at >= start)]?.at;
    return at !== undefined && at < end ? at : undefined;
  }

  /** CPython's complaint about decoding `text[start, end)`: its first run, at its byte position, and whether the data goes on after it. */
  decodeError(text: string, start: number, end: number): string | undefined {
    let position = 0;
    for (let at = start; at < end; ) {
      const code = text.codePointAt(at)!;
      const width = code > 0xffff ? 2 : 1;
      const run = this.byOffset.get(at);
      if (run) return message(run.bytes, position, at + width < end);
      position += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      at += width;
    }
    return undefined;
  }
}

function message(bytes: readonly number[], position: number, more: boolean): string {
  const lead = bytes[0]!;
  const reason = lead < 0xc2 || lead > 0xf4 ? "invalid start byte" : more ? "invalid continuation byte" : "unexpected end of data";
  const what = bytes.length === 1 ? `byte 0x${lead.toString(16).padStart(2, "0")} in position ${position}` : `bytes in position ${position}-${position + bytes.length - 1}`;
  return `(unicode error) 'utf-8' codec can't decode ${what}: ${reason}`;
}

/**
 * Where a string literal's body `[start, end)` is decoded in pieces: around escapes (a string
 * that is not raw and holds a backslash) and in every f-string, CPython decodes each run of
 * non-ASCII bytes on its own. The piece holding `offset`.
 */
export function nonAsciiRunAround(text: string, offset: number, start: number, end: number): [number, number] {
  let [from, to] = [offset, offset + 1];
  while (from > start && text.charCodeAt(from - 1) >= 0x80) from--;
  while (to < end && text.charCodeAt(to) >= 0x80) to++;
  return [from, to];
}
