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

  it("rewrites a block scalar up to the end of its text, keeping the line break before the next key", () => {
    const { file, root } = parse(["host: >", "  Web.Example.org", "port: 80", ""]);
    expect(apply(file, [replaceScalar(file, valueOf(root, "host")!, "web.example.org")])).toBe("host: web.example.org\nport: 80\n");
  });
});

const seq = (root: MapNode, key: string) => asSeq(valueOf(root, key))!;

describe("JSON files", () => {
  /** `lines` as a file, its root object, and its `container` object. */
  const json = (lines: readonly string[], eol = "\n") => {
    const parsed = parse(lines, eol);
    return { ...parsed, container: mapAt(parsed.root, "container")! };
  };
  const inserted = (lines: readonly string[], path: readonly string[], entries: readonly Parameters<typeof insertEntries>[3][number][]) => {
    const { file, container } = json(lines);
    return apply(file, [insertEntries(file, container, path, entries, TWO_FLOW)]);
  };

  it("adds entries on lines of their own where the object breaks lines, in the file's indentation", () => {
    expect(inserted(["{", '    "container": {', '        "name": "a"', "    }", "}"], ["securityContext", "capabilities"], [entry("drop", ["ALL"])])).toBe(
      ["{", '    "container": {', '        "name": "a",', '        "securityContext": {', '            "capabilities": {', '                "drop": [', '                    "ALL"', "                ]", "            }", "        }", "    }", "}"].join("\n"),
    );
  });

  it("adds entries on the same line where the object is on one line, spaced as the file is", () => {
    expect(inserted(['{"container": {"name": "a"}}'], ["securityContext"], [entry("runAsUser", 1), entry("readOnly", true)])).toBe(
      '{"container": {"name": "a", "securityContext": {"runAsUser": 1, "readOnly": true}}}',
    );
    expect(inserted(['{"container":{"name":"a"}}'], ["securityContext"], [entry("drop", ["ALL"]), entry("mode", "x y")])).toBe('{"container":{"name":"a","securityContext":{"drop":["ALL"],"mode":"x y"}}}');
    expect(inserted(["{", '  "container": {"name": "a"}', "}"], [], [entry("readOnly", false)])).toBe(["{", '  "container": {"name": "a", "readOnly": false}', "}"].join("\n"));
  });

  it("fills an empty object, or a null, as the file lays out its objects", () => {
    expect(inserted(["{", '  "container": {', '    "securityContext": {},', '    "name": "a"', "  }", "}"], ["securityContext"], [entry("runAsUser", 1)])).toBe(
      ["{", '  "container": {', '    "securityContext": {', '      "runAsUser": 1', "    },", '    "name": "a"', "  }", "}"].join("\n"),
    );
    expect(inserted(['{"container": {"securityContext": null}}'], ["securityContext"], [entry("runAsUser", 1)])).toBe('{"container": {"securityContext": {"runAsUser": 1}}}');
  });

  it("uses the file's line ending and tabs", () => {
    const { file, container } = json(["{", '\t"container": {', '\t\t"name": "a"', "\t}", "}"], "\r\n");
    expect(apply(file, [insertEntries(file, container, ["securityContext"], [entry("runAsUser", 1)], TWO_FLOW)])).toBe(
      ["{", '\t"container": {', '\t\t"name": "a",', '\t\t"securityContext": {', '\t\t\t"runAsUser": 1', "\t\t}", "\t}", "}"].join("\r\n"),
    );
  });

  it("moves an entry as written, re-indented, and deletes it with its comma", () => {
    const { file, container } = json(["{", '  "container": {', '    "capabilities": {', '      "drop": ["ALL"]', "    },", '    "name": "a"', "  }", "}"]);
    const pair = pairOf(container, "capabilities")!;
    const edits = [deleteEntry(file, container, pair), insertEntries(file, container, ["securityContext"], [movedEntry(file, container, pair)], TWO_FLOW)];
    expect(apply(file, edits)).toBe(
      ["{", '  "container": {', '    "name": "a",', '    "securityContext": {', '      "capabilities": {', '        "drop": ["ALL"]', "      }", "    }", "  }", "}"].join("\n"),
    );
  });

  it("does not move a value that breaks lines into an object on one line", () => {
    const { file, container } = json(["{", '  "container": {', '    "capabilities": {', '      "drop": ["ALL"]', "    },", '    "securityContext": {"runAsUser": 1}', "  }", "}"]);
    expect(insertEntries(file, container, ["securityContext"], [movedEntry(file, container, pairOf(container, "capabilities")!)], TWO_FLOW)).toBeUndefined();
  });

  it("appends to arrays, empty ones included, and writes strings in double quotes", () => {
    const { file, root } = parse(["{", '  "a": [', '    "x"', "  ],", '  "b": ["x"],', '  "c": [],', '  "d": [1]', "}"]);
    const edits = ["a", "b", "c"].map((key) => appendItem(file, seq(root, key), "ALL"));
    const replaced = replaceScalar(file, seq(root, "d").items[0] as YamlNode, "one");
    expect(apply(file, [...edits, replaced])).toBe(["{", '  "a": [', '    "x",', '    "ALL"', "  ],", '  "b": ["x", "ALL"],', '  "c": [', '    "ALL"', "  ],", '  "d": ["one"]', "}"].join("\n"));
  });

  it("treats a flow mapping that is not strict JSON as YAML", () => {
    expect(inserted(["{container: {name: a}}"], [], [entry("readOnly", true)])).toBe("{container: {name: a, readOnly: true}}");
    expect(inserted(['{"container": {"name": "a"},}'], [], [entry("readOnly", true)])).toBe('{"container": {"name": "a", readOnly: true},}');
  });
});

describe("deleting every item of a flow collection", () => {
  it("closes up the brackets, unless a comment sits between them", () => {
    const { file, root } = parse(["{", '  "add": [', '    "SYS_ADMIN"', "  ],", '  "m": { "a": 1 }', "}"]);
    const add = seq(root, "add");
    const m = mapAt(root, "m")!;
    expect(apply(file, [...deleteItems(file, add, add.items as YamlNode[])!, deleteEntry(file, m, pairOf(m, "a")!)])).toBe(["{", '  "add": [],', '  "m": {}', "}"].join("\n"));
    const yaml = parse(["a: [ x,  # why", "  ]", ""]);
    const a = seq(yaml.root, "a");
    const emptied = apply(yaml.file, deleteItems(yaml.file, a, a.items as YamlNode[])!);
    expect(emptied).toBe("a: [   # why\n  ]\n");
    expect(parseDocument(emptied).errors).toEqual([]);
  });
});
