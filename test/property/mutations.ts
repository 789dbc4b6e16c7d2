// Byte-level damage that any file in a repository can suffer, applied to realistic seeds:
// truncation, stray and invalid bytes, CRLF, a BOM, tabs, very long lines, repeated slices.
import fc from "fast-check";

const BOM = [0xef, 0xbb, 0xbf];

/** Byte sequences that are not UTF-8: a stray continuation, a cut sequence, an overlong NUL, a surrogate, 0xFF. */
const INVALID_UTF8 = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80]];

export type Mutation =
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "repeat"; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: "swapLines"; readonly first: number; readonly second: number }
  | { readonly kind: "crlf" }
  | { readonly kind: "bom" }
  | { readonly kind: "tabs" };

const utf8 = (text: string): number[] => [...Buffer.from(text, "utf8")];

/** A mutation; `tokens` are fragments of the language that make insertions plausible. */
export function mutation(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  const inserted = fc.oneof(
    fc.constantFrom(...tokens).map(utf8),
    fc.constantFrom(...INVALID_UTF8),
    fc.constantFrom("\t", "\r", "\r\n", "\n", " ", "\u2028", "\u00a0", "\uFEFF", "\0", "é", "😀").map(utf8),
    fc.uint8Array({ maxLength: 16 }).map((bytes) => [...bytes]),
    fc.integer({ min: 1_000, max: 100_000 }).map((length) => utf8("x".repeat(length))),
  );
  return fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at }),
    { arbitrary: fc.record({ kind: fc.constant("insert" as const), at, bytes: inserted }), weight: 4 },
    fc.record({ kind: fc.constant("delete" as const), at, length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant("repeat" as const), at, length: fc.integer({ min: 1, max: 80 }), times: fc.integer({ min: 2, max: 200 }) }),
    fc.record({ kind: fc.constant("swapLines" as const), first: fc.nat(), second: fc.nat() }),
    fc.constant({ kind: "crlf" as const }),
    fc.constant({ kind: "bom" as const }),
    fc.constant({ kind: "tabs" as const }),
  );
}

export function applyMutation(bytes: Buffer, change: Mutation): Buffer {
  const at = "at" in change ? change.at % (bytes.length + 1) : 0;
  switch (change.kind) {
    case "truncate":
      return bytes.subarray(0, at);
    case "insert":
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at)]);
    case "delete":
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
    case "repeat":
      return Buffer.concat([bytes.subarray(0, at), ...Array<Buffer>(change.times).fill(bytes.subarray(at, at + change.length)), bytes.subarray(at)]);
    case "swapLines": {
      const lines = bytes.toString("latin1").split("\n");
      const [i, j] = [change.first % lines.length, change.second % lines.length];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case "crlf":
      return Buffer.from(bytes.toString("latin1").replaceAll("\n", "\r\n"), "latin1");
    case "bom":
      return Buffer.concat([Buffer.from(BOM), bytes]);
    case "tabs":
      return Buffer.from(bytes.toString("latin1").replace(/^( {2})+/gm, (spaces) => "\t".repeat(spaces.length / 2)), "latin1");
  }
}

/** A seed damaged by up to `max` mutations, as bytes. */
export function mutatedSeed(seeds: readonly string[], tokens: readonly string[], max = 6): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation(tokens), { maxLength: max }))
    .map(([seed, changes]) => changes.reduce(applyMutation, Buffer.from(seed, "utf8")));
}

/** Text made of the language's own fragments in any order: mostly wrong, in interesting ways. */
export function tokenSoup(tokens: readonly string[], maxLength = 120): fc.Arbitrary<Buffer> {
  return fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => Buffer.from(parts.join(""), "utf8"));
}

/** Deep nesting built from an opening and a closing fragment, up to `max` levels. */
export function nested(open: string, close: string, middle = "", max = 5_000): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.integer({ min: 1, max }), fc.boolean())
    .map(([depth, closed]) => Buffer.from(open.repeat(depth) + middle + (closed ? close.repeat(depth) : ""), "utf8"));
}

/** Any bytes at all. */
export const randomBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes));

/** A huge scalar or string in a realistic line, up to 2 MB. */
export function huge(prefix: string, suffix = "\n"): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.integer({ min: 10_000, max: 2_000_000 }), fc.constantFrom("a", "é", " ", "\\", "'"))
    .map(([length, unit]) => Buffer.from(prefix + unit.repeat(length) + suffix, "utf8"));
}
