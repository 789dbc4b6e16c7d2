import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createSourceFile, decodeManifest, decodeUtf8, encodeText, lineFeedText, lineStarts, lineText, positionAt, rawText } from "../src/engine/source.js";
import type { InvalidUtf8 } from "../src/engine/types.js";

describe("positions", () => {
  it("treat a carriage return that ends a line as part of the line break", () => {
    const file = createSourceFile("app.ini", undefined, "ab\r\ncd\r", "uwsgi");
    expect([2, 3, 4, 7, 8].map((offset) => positionAt(file, offset))).toEqual([
      { line: 1, column: 3 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 2, column: 3 },
    ]);
    expect(positionAt(createSourceFile("app.ini", undefined, "a\rb", "uwsgi"), 2)).toEqual({ line: 1, column: 3 });
  });

  it("break YAML and Python lines at a lone carriage return too, as go-yaml and CPython do, and nothing else", () => {
    const file = createSourceFile("x.yaml", undefined, "ab\r\ncd\ref\rg\r", "yaml");
    expect([2, 3, 4, 6, 7, 9, 10, 11, 12].map((offset) => positionAt(file, offset))).toEqual([
      { line: 1, column: 3 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 3, column: 1 },
      { line: 3, column: 3 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
      { line: 5, column: 1 },
    ]);
    expect([1, 2, 3, 4, 5].map((line) => lineText(file, line))).toEqual(["ab", "cd", "ef", "g", ""]);
    expect(lineFeedText(file)).toBe("ab\r\ncd\nef\ng\n");
    for (const language of ["uwsgi", "dockerfile"] as const) expect(lineStarts(createSourceFile("f", undefined, "a\rb\nc", language))).toEqual([0, 4]);
    expect(lineStarts(createSourceFile("app.py", undefined, "a\rb\nc\r\nd", "python"))).toEqual([0, 2, 4, 7]);
  });
});

describe("decoding bytes that are not all UTF-8", () => {
  /** The bytes back from the text: each replaced run as it was, every other character encoded again. */
  const reencoded = (text: string, invalid: readonly InvalidUtf8[]): number[] => {
    const byOffset = new Map(invalid.map((run) => [run.at, run.bytes]));
    const bytes: number[] = [];
    for (let at = 0; at < text.length; ) {
      const char = String.fromCodePoint(text.codePointAt(at)!);
      bytes.push(...(byOffset.get(at) ?? Buffer.from(char, "utf8")));
      at += char.length;
    }
    return bytes;
  };

  it("records each run replaced by U+FFFD with its bytes, as Node and CPython split them", () => {
    const decoded = decodeUtf8(Buffer.from("x = 'caf\xe9' \xe4\xb8x \xef\xbf\xbd \xed\xa0\x80\n", "latin1"));
    expect(decoded.text).toBe("x = 'caf\uFFFD' \uFFFDx \uFFFD \uFFFD\uFFFD\uFFFD\n");
    expect(decoded.invalidUtf8).toEqual([
      { at: 8, bytes: [0xe9] },
      { at: 11, bytes: [0xe4, 0xb8] },
      { at: 16, bytes: [0xed] },
      { at: 17, bytes: [0xa0] },
      { at: 18, bytes: [0x80] },
    ]);
    expect(decodeUtf8(Buffer.from("plain ü", "utf8")).invalidUtf8).toBeUndefined();
  });

  it("gives back the original bytes for any input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const { text, invalidUtf8 = [] } = decodeUtf8(bytes);
        expect(reencoded(text, invalidUtf8)).toEqual([...bytes]);
      }),
      { numRuns: 2_000, seed: 20261126 },
    );
  });

  it("keeps the offsets of the text once a byte-order mark is removed", () => {
    const file = createSourceFile("x.py", undefined, decodeUtf8(Buffer.from("\xef\xbb\xbfa\xe9", "latin1")), "python");
    expect([file.text, file.invalidUtf8]).toEqual(["a\uFFFD", [{ at: 1, bytes: [0xe9] }]]);
  });
});

describe("decoding a manifest as kubectl does", () => {
  const utf16 = (text: string, encoding: "utf-16le" | "utf-16be") => {
    const bytes = Buffer.from(`\uFEFF${text}`, "utf16le");
    return encoding === "utf-16be" ? bytes.swap16() : bytes;
  };

  it.each(["utf-16le", "utf-16be"] as const)("reads %s after its byte-order mark, and encodes the text back into the same bytes", (encoding) => {
    const text = "kind: Pod\nmetadata: {name: caf\u00e9, labels: {a: \"\u{1F600}\"}}\n";
    const bytes = utf16(text, encoding);
    const file = createSourceFile("x.yaml", undefined, decodeManifest(bytes), "yaml");
    expect(file).toMatchObject({ text, hadBom: true, encoding });
    expect(file.invalidUtf8).toBeUndefined();
    expect(positionAt(file, text.indexOf("labels"))).toEqual({ line: 2, column: 24 });
    expect(encodeText(file, rawText(file)).equals(bytes)).toBe(true);
  });

  it("keeps a lone surrogate, so that writing back changes no byte, and reads an odd last byte as U+FFFD", () => {
    const lone = Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x0a, 0x00]);
    const file = createSourceFile("x.yaml", undefined, decodeManifest(lone), "yaml");
    expect(encodeText(file, rawText(file)).equals(lone)).toBe(true);
    const odd = decodeManifest(Buffer.concat([lone, Buffer.from([0x62])]));
    expect(odd).toEqual({ text: "\uFEFFa\uD800\n\uFFFD", encoding: "utf-16le", invalidUtf8: [{ at: 4, bytes: [0x62] }] });
  });

  it("reads anything else as UTF-8", () => {
    expect(decodeManifest(Buffer.from("\uFEFFkind: Pod\n"))).toEqual({ text: "\uFEFFkind: Pod\n" });
  });
});
