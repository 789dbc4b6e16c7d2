// The YAML edit helpers: each edit keeps the text around it and writes in the file's own style.
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import type { SourceFile, TextEdit } from "../src/engine/types.js";
import {
  appendItem, deleteEntry, deleteItems, entry, insertEntries, movedEntry, replaceScalar, styleOf, type YamlStyle,
} from "../src/languages/k8s/edits.js";
import { asMap, asSeq, mapAt, pairOf, valueOf, type MapNode, type YamlNode } from "../src/languages/k8s/nodes.js";

interface Parsed {
  readonly file: SourceFile;
  readonly root: MapNode;
}

function parse(lines: readonly string[], eol = "\n"): Parsed {
  const file = createSourceFile("a.yaml", undefined, lines.join(eol), "yaml");
  return { file, root: asMap(parseDocument(file.text).contents)! };
}

function apply(file: SourceFile, edits: readonly (TextEdit | undefined)[]): string {
  let text = file.text;
  for (const edit of [...edits].sort((a, b) => b!.start - a!.start)) text = text.slice(0, edit!.start) + edit!.text + text.slice(edit!.end);
  return text;
}

const TWO_FLOW: YamlStyle = { indent: 2, sequences: "flow" };

describe("insertEntries", () => {
  const container = [
    "containers:",
    "  - name: web",
    "    image: nginx  # pinned later",
    "    # a comment after the last entry",
    "  - name: next",
    "",
  ];

  it("adds an entry after a block mapping's last entry, at its indentation, keeping comments", () => {
    const { file, root } = parse(container);
    const web = asSeq(valueOf(root, "containers"))!.items[0] as MapNode;
    const edit = insertEntries(file, web, ["securityContext"], [entry("allowPrivilegeEscalation", false)], TWO_FLOW);
    expect(apply(file, [edit])).toBe(
      [
        "containers:",
        "  - name: web",
        "    image: nginx  # pinned later",
        "    securityContext:",
        "      allowPrivilegeEscalation: false",
        "    # a comment after the last entry",
        "  - name: next",
        "",
      ].join("\n"),
    );
  });

  it("creates the mappings on the path in the given indentation and sequence style", () => {
    const { file, root } = parse(["spec:", "    securityContext:", "        runAsUser: 1", ""]);
    const edit = insertEntries(file, mapAt(root, "spec")!, ["securityContext", "capabilities"], [entry("drop", ["ALL"])], { indent: 4, sequences: 0 });
    expect(apply(file, [edit])).toBe(["spec:", "    securityContext:", "        runAsUser: 1", "        capabilities:", "            drop:", "            - ALL", ""].join("\n"));
  });

  it("writes into a flow mapping in flow style", () => {
    const { file, root } = parse(["securityContext: {runAsUser: 1}", "empty: {}", ""]);
    const edits = [
      insertEntries(file, root, ["securityContext", "capabilities"], [entry("drop", ["ALL"])], TWO_FLOW),
      insertEntries(file, root, ["empty"], [entry("a", 1), entry("b", "x y")], TWO_FLOW),
    ];
    expect(apply(file, edits)).toBe(['securityContext: {runAsUser: 1, capabilities: {drop: [ALL]}}', 'empty: {a: 1, b: "x y"}', ""].join("\n"));
  });

  it("fills a key that has no value", () => {
    const { file, root } = parse(["securityContext:   # to do", "name: x", ""]);
    const edit = insertEntries(file, root, ["securityContext"], [entry("runAsUser", 1000)], TWO_FLOW);
    expect(apply(file, [edit])).toBe(["securityContext:   # to do", "  runAsUser: 1000", "name: x", ""].join("\n"));
  });

  it("uses the file's line ending, and adds none at the end of a file that has none", () => {
    const { file, root } = parse(["a:", "  b: 1", "c: 2"], "\r\n");
    expect(apply(file, [insertEntries(file, mapAt(root, "a")!, [], [entry("d", 3)], TWO_FLOW)])).toBe("a:\r\n  b: 1\r\n  d: 3\r\nc: 2");
    expect(apply(file, [insertEntries(file, root, [], [entry("e", 4)], TWO_FLOW)])).toBe("a:\r\n  b: 1\r\nc: 2\r\ne: 4");
  });

  it("gives up rather than write a duplicate key or through a value that is not a mapping", () => {
    const { file, root } = parse(["a: 1", "b: [x]", ""]);
    expect(insertEntries(file, root, [], [entry("a", 2)], TWO_FLOW)).toBeUndefined();
    expect(insertEntries(file, root, ["b"], [entry("c", 1)], TWO_FLOW)).toBeUndefined();
  });
});

describe("movedEntry and deleteEntry", () => {
  it("moves an entry with its block value and comment, re-indented, and deletes its old lines", () => {
    const { file, root } = parse([
      "container:",
      "  # keep me",
      "  capabilities:  # moved",
      "    drop:",
      "      - ALL",
      "  securityContext:",
      "    runAsUser: 1",
      "",
    ]);
    const container = mapAt(root, "container")!;
    const pair = pairOf(container, "capabilities")!;
    const edits = [deleteEntry(file, container, pair), insertEntries(file, container, ["securityContext"], [movedEntry(file, container, pair)], TWO_FLOW)];
    expect(apply(file, edits)).toBe(
      ["container:", "  # keep me", "  securityContext:", "    runAsUser: 1", "    capabilities:  # moved", "      drop:", "        - ALL", ""].join("\n"),
    );
  });

  it("moves the last line of a CRLF file that ends in a bare carriage return, without it", () => {
    const { file, root } = parse(["c:", "  securityContext:", "    a: 1", "  runAsGroup: 2\r"], "\r\n");
    const container = mapAt(root, "c")!;
    const pair = pairOf(container, "runAsGroup")!;
    const edits = [deleteEntry(file, container, pair), insertEntries(file, container, ["securityContext"], [movedEntry(file, container, pair)], TWO_FLOW)];
    expect(apply(file, edits)).toBe("c:\r\n  securityContext:\r\n    a: 1\r\n    runAsGroup: 2\r\n");
  });

  it("deletes an entry of a flow mapping with its comma", () => {
    const { file, root } = parse(["m: {a: 1, b: 2, c: 3}", ""]);
    const map = mapAt(root, "m")!;
    expect(apply(file, [deleteEntry(file, map, pairOf(map, "b")!)])).toBe("m: {a: 1, c: 3}\n");
    expect(apply(file, [deleteEntry(file, map, pairOf(map, "c")!)])).toBe("m: {a: 1, b: 2}\n");
  });

  it("moves a flow entry into a flow mapping as it is written", () => {
    const { file, root } = parse(["a: {runAsUser: '1'}", "b: {x: 1}", ""]);
    const a = mapAt(root, "a")!;
    const edit = insertEntries(file, root, ["b"], [movedEntry(file, a, pairOf(a, "runAsUser")!)], TWO_FLOW);
    expect(apply(file, [edit])).toBe("a: {runAsUser: '1'}\nb: {x: 1, runAsUser: '1'}\n");
  });
});

describe("sequences", () => {
  it("appends to flow and block sequences like their other items, quotes included", () => {
    const { file, root } = parse(["a: [x, y]", "b: []", "c:", "- x", "d:", "  -   x  # one", 'e: ["x"]', "f: ['x']", ""]);
    const seq = (key: string) => asSeq(valueOf(root, key))!;
    const edits = ["a", "b", "c", "d", "e", "f"].map((key) => appendItem(file, seq(key), "ALL"));
    expect(apply(file, edits)).toBe(
      ["a: [x, y, ALL]", "b: [ALL]", "c:", "- x", "- ALL", "d:", "  -   x  # one", "  -   ALL", 'e: ["x", "ALL"]', "f: ['x', 'ALL']", ""].join("\n"),
    );
  });

  it("deletes items: their own lines in block style, with their commas in flow style", () => {
    const { file, root } = parse(["a: [uwsgi, --uid, '1000', --ini, x.ini]", "b:", "  - uwsgi", "  # why", "  - --uid", "  - 1000", "c: [--gid, '1']", ""]);
    const items = (key: string) => asSeq(valueOf(root, key))!.items as YamlNode[];
    const edits = [
      ...deleteItems(file, asSeq(valueOf(root, "a"))!, items("a").slice(1, 3))!,
      ...deleteItems(file, asSeq(valueOf(root, "b"))!, items("b").slice(1, 3))!,
      ...deleteItems(file, asSeq(valueOf(root, "c"))!, items("c"))!,
    ];
    expect(apply(file, edits)).toBe(["a: [uwsgi, --ini, x.ini]", "b:", "  - uwsgi", "  # why", "c: []", ""].join("\n"));
  });
});

describe("styleOf and replaceScalar", () => {
  it("reads the indentation step and the sequence style of a document", () => {
    const style = (lines: string[]) => {
      const { file, root } = parse(lines);
      return styleOf(file, root);
    };
    expect(style(["a:", "    b: 1", "c:", "- x"])).toEqual({ indent: 4, sequences: 0 });
    expect(style(["a: [x]", "b:", "  - x", "c:", "  - y"])).toEqual({ indent: 2, sequences: 2 });
    expect(style(["a:", "  b: [x]"])).toEqual({ indent: 2, sequences: "flow" });
    expect(style(["a: 1"])).toEqual({ indent: 2, sequences: "flow" });
  });

  it("rewrites a scalar in its own quotes and nothing around it", () => {
    const { file, root } = parse(["privileged: true  # no", 'drop: ["all"]', ""]);
    const all = asSeq(valueOf(root, "drop"))!.items[0] as YamlNode;
    expect(apply(file, [replaceScalar(file, valueOf(root, "privileged")!, false), replaceScalar(file, all, "ALL")])).toBe('privileged: false  # no\ndrop: ["ALL"]\n');
  });
});
