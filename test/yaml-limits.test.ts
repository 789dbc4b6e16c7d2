// Inputs that could hang or crash a YAML linter end as diagnostics, quickly.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS } from "../src/engine/config.js";
import { lint } from "../src/engine/lint.js";
import { createSourceFile, decodeUtf8 } from "../src/engine/source.js";
import { documentValue, parseYamlStream, TOO_MANY_TOKENS } from "../src/languages/k8s/parse.js";
import { aliasBomb } from "./property/yaml-inputs.js";

function lintText(text: string | Uint8Array, name = "input.yaml") {
  const file = createSourceFile(name, undefined, typeof text === "string" ? text : decodeUtf8(text), "yaml");
  return lint({ files: [file], settings: DEFAULT_SETTINGS, rules: allRules }).diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.ruleId} ${d.message}`);
}

const ALIAS_BOMB = 'the aliases expand to far more nodes than are written (an "alias bomb"): kubectl refuses the document (document contains excessive aliasing)';

describe("YAML limits", () => {
  it("reads an anchor reused a thousand times, as kubectl does", () => {
    const data = Array.from({ length: 1000 }, (_, index) => `  k${index + 1}: *t\n`).join("");
    expect(lintText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q, namespace: web, labels: {tier: &t web}}\ndata:\n${data}`)).toEqual([]);
  });

  it("reports an alias bomb in well under a second, at the alias where kubectl gives up", () => {
    const started = performance.now();
    const found = lintText(`kind: Pod\n---\n${aliasBomb()}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(found).toEqual([`7:10-7:13 yaml/syntax ${ALIAS_BOMB}`]);
  });

  it("refuses aliases as go-yaml does, once more than 99% of the nodes it decodes come from them", () => {
    // A list of 999 items (1,000 nodes) read m times through aliases: 1,000m nodes from aliases,
    // m + 1,005 others (the document, its mapping, 2 keys, the lists, the aliases, the items).
    const document = (m: number) => `a: &a [${Array(999).fill("1").join(", ")}]\nb: [${Array(m).fill("*a").join(", ")}]\n`;
    expect(lintText(document(110))).toEqual([]);
    expect(lintText(document(111))).toEqual([`2:${5 + 110 * 4}-2:${7 + 110 * 4} yaml/syntax ${ALIAS_BOMB}`]);
  });

  it("keeps only documents that convert to plain values", () => {
    const stream = parseYamlStream(createSourceFile("x.yaml", undefined, `a: &x [1]\nb: *x\n---\n${aliasBomb()}---\nc: *nowhere\n`, "yaml"));
    expect(stream.documents).toHaveLength(1);
    expect(documentValue(stream.documents[0]!)).toEqual({ a: [1], b: [1] });
    expect(stream.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining("alias bomb"),
      "alias *nowhere has no anchor &nowhere before it",
    ]);
  });

  // yaml's own check took 1.7 s for 20,000 keys and grows with the square: some 40 s here.
  it("reports a merge of a non-mapping instead of crashing the schema check (found by fuzz:long)", () => {
    expect(lintText("<<: 1\napiVersion: v1\nkind: Pod\nmetadata: {name: x}\n")).toEqual([
      "1:5-1:6 yaml/syntax cannot merge this value: it is not a mapping (a merge takes a mapping, an alias of one, or a list of them)",
    ]);
  });

  it("names an alias, even a circular one, where a value has the wrong type", () => {
    const found = lintText("apiVersion: v1\nkind: Pod\nmetadata: &m {name: x, labels: {a: *m}}\nspec: {containers: []}\n");
    expect(found).toContain("3:36-3:38 k8s/schema a must be a string, not the alias *m");
  });

  it("finds duplicate keys in a large mapping in linear time", { timeout: 60_000 }, () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`);
    const started = performance.now();
    const found = lintText(`${keys.join("\n")}\nk7: again\n`);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(found).toEqual(['100001:1-100001:3 yaml/syntax duplicate key "k7" in one mapping: kubectl refuses the file (key "k7" already set in map)']);
  });

  it("reports nesting too deep to read once, whatever the depth", () => {
    for (const text of ["[".repeat(50_000), `${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}`]) {
      const found = lintText(text);
      expect(found.filter((line) => line.includes("nests too deeply"))).toHaveLength(1);
    }
  });

  it("reports nesting that overflows the parser itself at the start of its document, wherever the stack ran out (found by fuzz:long)", () => {
    const suppressed = `# nw-lint-disable-file\nk: ${"data: ".repeat(2_000)}\r\n  a:\r\n    b: "c"}\r`;
    const [found, ...others] = lintText(suppressed);
    expect(others).toEqual([]);
    expect(found).toMatch(/^1:1-1:1 yaml\/syntax this document nests too deeply for nw-lint to read/);
    const [second] = lintText(`kind: ConfigMap\n---\n# the second document\nk: ${"[".repeat(50_000)}\n`);
    expect(second).toMatch(/^2:1-2:1 yaml\/syntax this document nests too deeply/);
  });

  it("reports the first byte that is not UTF-8, after a BOM and on its own line", () => {
    const bytes = Buffer.concat([Buffer.from("\uFEFFkind: Pod\nname: caf"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("\n")]);
    expect(lintText(bytes)).toEqual(["2:10-2:11 yaml/syntax the file is not valid UTF-8: the bytes here were read as U+FFFD"]);
  });

  it("does not mistake a real U+FFFD for a bad byte", () => {
    expect(lintText(Buffer.from("name: \uFFFD\n"))).toEqual([]);
    expect(lintText(Buffer.concat([Buffer.from("a: \uFFFD"), Buffer.from([0xef, 0xbf, 0x41])]))).toEqual([
      "1:5-1:6 yaml/syntax the file is not valid UTF-8: the bytes here were read as U+FFFD",
    ]);
  });

  // Last: parsing megabytes optimises yaml's parser, whose smaller frames then nest deeper than the overflow tests above expect.
  it("leaves unread, with one diagnostic, a file of more tokens than its syntax tree could hold in memory", () => {
    const dense = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\nx: [${"1,".repeat(1_600_000)}1]\n`;
    expect(lintText(dense)).toEqual([`1:1-1:1 yaml/syntax ${TOO_MANY_TOKENS}`]);
    expect(TOO_MANY_TOKENS).toMatch(/^this file holds more than 3,000,000 YAML tokens,/);
    // As many characters in fewer tokens (long values) are read.
    const long = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q, namespace: web}\ndata:\n${Array.from({ length: 2000 }, (_, index) => `  k${index}: ${"v".repeat(1600)}\n`).join("")}`;
    expect(long.length).toBeGreaterThan(3_200_000);
    expect(lintText(long)).toEqual([]);
  });
});
