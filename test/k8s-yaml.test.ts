// nw-lint reads manifests as the Kubernetes API machinery does: sigs.k8s.io/yaml on go-yaml v2,
// whose resolve.go (kubernetes/kubernetes vendor/gopkg.in/yaml.v2/resolve.go) types plain scalars.
// Each case below is what that table and strconv give; src/languages/k8s/parse.ts cites the rules.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentValue, parseYamlStream } from "../src/languages/k8s/parse.js";
import { createSourceFile, lineText, positionAt } from "../src/engine/source.js";
import { buildK8sModel } from "../src/model/k8s.js";
import { lintDirectory } from "./helpers.js";

function read(text: string): { value: unknown; problems: readonly unknown[] } {
  const stream = parseYamlStream(createSourceFile("t.yaml", undefined, text, "yaml"));
  return { value: stream.documents[0] && documentValue(stream.documents[0]), problems: stream.problems };
}

const scalar = (text: string) => (read(`v: ${text}\n`).value as { v: unknown }).v;

describe("plain scalars resolve as go-yaml v2 resolves them", () => {
  it.each(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])("%s is true", (text) => {
    expect(scalar(text)).toBe(true);
  });

  it.each(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])("%s is false", (text) => {
    expect(scalar(text)).toBe(false);
  });

  it.each(["yES", "oN", "nO", "enabled"])("%s is not in the table, so it stays a string", (text) => {
    expect(scalar(text)).toBe(text);
  });

  it.each([
    ["0400", 256],
    ["0644", 420],
    ["0o400", 256],
    ["0x1F", 31],
    ["-0x1F", -31],
    ["0b101", 5],
    ["1_000", 1000],
    ["010_0", 64],
    ["+12", 12],
    ["0", 0],
    ["08", 8],
    ["1e3", 1000],
    ["1.5", 1.5],
    ["1.10", 1.1],
    [".5", 0.5],
    ["-1_0.5", -10.5],
    [".inf", Infinity],
    ["-.Inf", -Infinity],
  ])("%s is the number %d", (text, number) => {
    expect(scalar(text)).toBe(number);
  });

  it.each(["15:10", "190:20:30.15", "2024-01-01", "2001-12-14T21:59:43.10-05:00", ".5_0", "1e", "0x", "1.2.3", "0.0.0.0"])(
    "%s stays a string (no base-60 numbers; timestamps decode to strings)",
    (text) => {
      expect(scalar(text)).toBe(text);
    },
  );

  it.each(["~", "null", "Null", "NULL", ""])("%j is null", (text) => {
    expect(scalar(text)).toBeNull();
  });

  it("keeps quoted scalars as strings", () => {
    expect(read("a: 'yes'\nb: \"0400\"\nc: '15:10'\n").value).toEqual({ a: "yes", b: "0400", c: "15:10" });
  });

  it("decodes !!binary into the string of its bytes, across lines, and refuses what Go's base64 refuses", () => {
    expect(read("a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\nc: !!binary wyg=\n").value).toEqual({ a: "hello", b: "hello", c: "\uFFFD(" });
    for (const text of ["aGVsbG8", "aGVs bG8=", "aGVsbG8==", "a*b="]) {
      expect(read(`a: !!binary ${text}\n`).problems).toEqual([expect.objectContaining({ start: 3, message: "!!binary value contains invalid base64 data" })]);
    }
  });

  it("merges << keys, the local key winning", () => {
    expect(read("base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n").value).toEqual({ base: { a: 1, b: 2 }, x: { a: 1, b: 3 } });
  });

  it("allows trailing tabs after values and keys", () => {
    expect(read("a: app\t\nb:\t\n  c: 1\t\t\nd: [1, 2]\t\n")).toEqual({ value: { a: "app", b: { c: 1 }, d: [1, 2] }, problems: [] });
  });

  it("still refuses a tab used as indentation", () => {
    expect(read("a:\n  - b: 1\n    \tc: 2\n").problems).not.toEqual([]);
  });
});

/** `line rule` of every diagnostic of one manifest file. */
function findings(text: string): string[] {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-yaml-"));
  writeFileSync(join(directory, "pod.yaml"), text);
  return lintDirectory(directory).diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.ruleId}`);
}

describe("a value of the wrong type is k8s/schema's alone", () => {
  it("leaves a selector label that is a boolean to Kubernetes out of k8s/service-selector", () => {
    const text = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: web, namespace: ns, labels: {app: web, canary: \"n\"}}",
      "spec: {securityContext: {runAsUser: 1000}, containers: [{name: web, image: registry.nersc.gov/p/web:1.0, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: web, namespace: ns}",
      "spec: {selector: {app: web, canary: n}, ports: [{port: 80}]}",
      "",
    ].join("\n");
    expect(findings(text)).toEqual(["9 k8s/schema"]);
  });
});

describe("rules see through aliases and << merge keys, as go-yaml v2 expands them", () => {
  const pod = (containers: string) =>
    ["apiVersion: v1", "kind: Pod", "metadata: {name: p, namespace: ns}", "spec:", "  securityContext: {runAsUser: 1000}", "  containers:", containers].join("\n");

  it("reads an aliased securityContext, an aliased capabilities and a merged one like the anchor's", () => {
    const text = pod(
      [
        "    - {name: a, image: registry.nersc.gov/p/web:1.0, securityContext: &sc {allowPrivilegeEscalation: false, capabilities: &caps {drop: [ALL]}}}",
        "    - {name: b, image: registry.nersc.gov/p/web:1.0, securityContext: *sc}",
        "    - {name: c, image: registry.nersc.gov/p/web:1.0, securityContext: {allowPrivilegeEscalation: false, capabilities: *caps}}",
        "    - name: d",
        "      image: registry.nersc.gov/p/web:1.0",
        "      securityContext:",
        "        <<: [*sc]",
        "        readOnlyRootFilesystem: true",
        "",
      ].join("\n"),
    );
    expect(findings(text)).toEqual([]);
  });

  it("lets a map's own key win over a merged one", () => {
    const text = pod(
      [
        "    - {name: a, image: registry.nersc.gov/p/web:1.0, securityContext: &sc {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}",
        "    - name: b",
        "      image: registry.nersc.gov/p/web:1.0",
        "      securityContext:",
        "        <<: *sc",
        "        capabilities: {drop: [NET_RAW]}",
        "",
      ].join("\n"),
    );
    expect(findings(text)).toEqual(["12 spin/capabilities-drop-all"]);
  });

  it("reads labels and selectors a << merge key brings in, the map's own winning (a kube-httpserver README)", () => {
    const deployment = (labels: string) =>
      ["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web, namespace: ns, labels: &labels {app: web, tier: front}}", "spec:", "  selector: {matchLabels: {app: web}}", "  template:",
        "    metadata:", `      labels: ${labels}`, "    spec:", "      securityContext: {runAsUser: 1000}",
        "      containers: [{name: web, image: registry.nersc.gov/p/web:1.0, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]",
        "---", "apiVersion: v1", "kind: Service", "metadata: {name: web, namespace: ns}", "spec: {selector: {app: web, tier: front}, ports: [{port: 80}]}", ""].join("\n");
    expect(findings(deployment("{<<: *labels, version: v1}"))).toEqual([]);
    expect(findings(deployment("{<<: [*labels], version: v1}"))).toEqual([]);
    // Its own app: api wins over the merged app: web, which the selector needs.
    expect(findings(deployment("{<<: *labels, app: api}"))).toEqual(["5 k8s/service-selector", "16 k8s/service-selector"]);
  });

  it("reports each container of an anchor that lacks a setting where that container names it", () => {
    const text = pod(
      [
        "    - {name: a, image: registry.nersc.gov/p/web:1.0, securityContext: &sc {allowPrivilegeEscalation: false}}",
        "    - name: b",
        "      image: registry.nersc.gov/p/web:1.0",
        "      securityContext: *sc",
        "",
      ].join("\n"),
    );
    expect(findings(text)).toEqual(["7 spin/capabilities-drop-all", "10 spin/capabilities-drop-all"]);
  });
});

describe("characters go-yaml does not read", () => {
  const problems = (text: string) => parseYamlStream(createSourceFile("a.yaml", undefined, text, "yaml")).problems.map((p) => [p.start, p.message]);

  it("reports the first control character, DEL, C1 control or stray byte-order mark, as kubectl refuses the file", () => {
    expect(problems('a: "x\u001b[8my"\nb: \u0007\n')).toEqual([[5, "control characters are not allowed (U+001B): Kubernetes' YAML reader refuses the file"]]);
    expect(problems("a: x\u007f\n")[0]?.[0]).toBe(4);
    expect(problems("a: x\u0090\n")[0]?.[0]).toBe(4);
    expect(problems("a: 1\nb: \ufeff2\n")[0]?.[0]).toBe(8);
  });

  it("takes tabs, CRLF, NEL and other Unicode as they are", () => {
    expect(problems("a:\t1\r\nb: \u0085 \u00a0 日本😀\n")).toEqual([]);
  });

  it("refuses a file whose text is binary data", () => {
    expect(problems("a: 1\n\u0000\n")).toEqual([[5, "the file holds binary data (a NUL byte), not YAML"]]);
  });
});

describe("JSON streams, which kubectl reads value after value", () => {
  const stream = (text: string) => parseYamlStream(createSourceFile("objects.json", undefined, text, "yaml"));
  const object = (name: string, port: unknown = 80) => JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port }] } });

  it("reads each object as a document of its own, on one line or one per line", () => {
    for (const separator of ["\n", " ", "", "\r\n\t"]) {
      const { documents, problems } = stream(`${object("a")}${separator}${object("b")}\n`);
      expect(problems).toEqual([]);
      expect(documents.map((document) => (documentValue(document) as { metadata: { name: string } }).metadata.name)).toEqual(["a", "b"]);
    }
  });

  it("keeps each node at its place in the file, brackets and quotes inside strings included", () => {
    const text = `{"kind": "ConfigMap", "data": {"a": "}]{\\"["}}\n  ${object("b", "x")}`;
    const port = stream(text).documents[1]!.getIn(["spec", "ports", 0, "port"], true) as { range: [number, number] };
    expect(text.slice(port.range[0], port.range[1])).toBe('"x"');
    expect((documentValue(stream(text).documents[0]!) as { data: unknown }).data).toEqual({ a: '}]{"[' });
  });

  it("reports an object that does not close at the end of the text, and stray text after an object where it starts", () => {
    const unclosed = `${object("a")}\n{"kind": "Service"\n`;
    expect(stream(unclosed).problems.map((problem) => [problem.start, problem.message])).toEqual([[object("a").length + 1, "missing closing }: the flow mapping that opens here is never closed"]]);
    expect(stream(`${object("a")},\n`).problems.map((problem) => problem.start)).toEqual([object("a").length]);
  });

  it("reads what follows an object and is not one as YAML, so a `---` document after a flow mapping stays a document", () => {
    expect(stream("{kind: Service}\n---\nkind: Service\n").documents).toHaveLength(2);
  });

  it("takes a file in YAML's flow style for one too: brackets in its single-quoted strings and comments do not count", () => {
    const flow = stream("{kind: ConfigMap, # a } here\n data: {re: '^[a-z}]+$', it: 'it''s'}}\n{kind: Service}\n");
    expect([flow.problems, flow.documents.map((document) => documentValue(document))]).toEqual([[], [{ kind: "ConfigMap", data: { re: "^[a-z}]+$", it: "it's" } }, { kind: "Service" }]]);
  });
});

describe("placeholders", () => {
  const placeholders = (text: string) => {
    const stream = parseYamlStream(createSourceFile("a.yaml", undefined, text, "yaml"));
    return buildK8sModel([stream], { globalFsPrefixes: [] }).placeholders.map((placeholder) => placeholder.text);
  };
  const pod = (image: string) => ["apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers:", `  - {name: c, image: ${image}}`, ""].join("\n");

  it("finds one written with escapes, which the text does not show as such", () => {
    expect(placeholders(pod(String.raw`"\x3cimage>"`))).toEqual(["<image>"]);
    expect(placeholders(pod(String.raw`"$\x7bIMAGE}"`))).toEqual(["${IMAGE}"]);
  });

  it("looks at a file's text once, however many objects it holds", () => {
    const items = Array.from({ length: 2_000 }, (_, i) => `- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}, data: {a: b}}`);
    const file = createSourceFile("list.yaml", undefined, `apiVersion: v1\nkind: List\nitems:\n${items.join("\n")}\n`, "yaml");
    const stream = parseYamlStream(file);
    // Once per object, a List of 20,000 objects had its 1.8 MB text searched 20,000 times (5 s).
    let reads = 0;
    const text = file.text;
    Object.defineProperty(file, "text", { get: () => ((reads += 1), text) });
    const model = buildK8sModel([stream], { globalFsPrefixes: [] });
    expect([model.objects.length, model.placeholders.length, reads]).toEqual([2_000, 0, 1]);
  });

  it("finds none where line folding puts a space between `$` and `{`", () => {
    const folded = ["apiVersion: v1", "kind: Pod", "metadata: {name: p}", "spec:", "  containers:", "  - name: c", "    image: a$", "      {IMAGE}", ""].join("\n");
    expect(read(folded).value).toMatchObject({ spec: { containers: [{ image: "a$ {IMAGE}" }] } });
    expect(placeholders(folded)).toEqual([]);
    expect(placeholders(`${folded}# <\n`)).toEqual([]);
  });
});

/** Each problem as `line:column-endLine:endColumn message`. */
function located(text: string): string[] {
  const file = createSourceFile("t.yaml", undefined, text, "yaml");
  return parseYamlStream(file).problems.map((problem) => {
    const [from, to] = [positionAt(file, problem.start), positionAt(file, problem.end)];
    return `${from.line}:${from.column}-${to.line}:${to.column} ${problem.message}`;
  });
}

describe("yaml/syntax points at the token to fix", () => {
  const MERGES = "(a merge takes a mapping, an alias of one, or a list of them)";

  it("puts a bad merge on its << value, not on the first alias of the document", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: &n web\n  namespace: demo\n  labels:\n    app: *n\n    <<: *n\nspec:\n  containers: []\n";
    expect(located(pod)).toEqual([`8:9-8:11 cannot merge *n: it is not a mapping ${MERGES}`]);
    expect(located("a: &x 1\nb: *x\n<<: [{c: 1}, *x]\n")).toEqual([`3:14-3:16 cannot merge *x: it is not a mapping ${MERGES}`]);
    expect(located("<<: 1\n")).toEqual([`1:5-1:6 cannot merge this value: it is not a mapping ${MERGES}`]);
    expect(located("<<:\nkind: Pod\n")).toEqual([`1:1-1:3 << has nothing to merge ${MERGES}`]);
  });

  it("refuses a merge of an alias of a list of mappings, as go-yaml v2 does (yaml would merge it)", () => {
    expect(located("s: &s [{a: 1}]\nm:\n  <<: *s\n")).toEqual([`3:7-3:9 cannot merge *s: it is not a mapping ${MERGES}`]);
    expect(located("m: &m {a: 1}\nn:\n  <<: [*m, {b: 2}]\nx:\n  a: &k {q: 1}\n  <<: *k\n")).toEqual([]);
  });

  it("puts a quoted string left open on its opening quote, not past the end of the file", () => {
    expect(located('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\nspec: {}\n')).toEqual(['4:9-4:10 missing closing ": the string that opens here is never closed']);
    expect(located("a: 'x\n---\nkind: Pod\n")).toEqual(["1:4-1:5 missing closing ': the string that opens here is never closed"]);
    expect(located('a: "abc\nb: "x"\n')).toEqual(['1:4-1:5 missing closing ": the string that opens here is never closed']);
  });

  it("puts a flow collection left open on its bracket; a wrong closing bracket stays where it is", () => {
    expect(located("a: [1, 2\n")).toEqual(["1:4-1:5 missing closing ]: the flow sequence that opens here is never closed"]);
    expect(located("metadata:\n  labels: {app: web\n---\nkind: Pod\n")).toEqual(["2:11-2:12 missing closing }: the flow mapping that opens here is never closed"]);
    expect(located("a: {x: [1}\n")).toEqual(["1:10-1:11 Flow sequence in block collection must be sufficiently indented and end with a ]"]);
    expect(located("a: [1,\n2]\n")).toEqual(["2:1-2:2 Flow sequence in block collection must be sufficiently indented and end with a ]"]);
  });

  it("says a closing bracket that closes nothing is to delete", () => {
    expect(located("a: {x: 1}}\n")).toEqual(['1:10-1:11 "}" closes no flow mapping: delete it, or add the "{" it is meant to close']);
    expect(located("a: [1]]\n")).toEqual(['1:7-1:8 "]" closes no flow sequence: delete it, or add the "[" it is meant to close']);
  });

  it("puts an error yaml finds between tokens (a line end, a blank line, a comment) on the next token", () => {
    expect(located("spec:\n  selector:\n-     matchLabels: {app: web}\n")).toEqual([
      '3:1-3:2 this list item is at the indentation of the keys around it, which kubectl refuses: indent it under the key it belongs to, such as "selector:" on line 2',
    ]);
    expect(located("c:\n  - name: web\n \n   image: x\n")).toEqual(["4:4-4:5 Sequence item without - indicator"]);
    expect(located("a: 1 # c\n#\n  b: 2\n")).toEqual(["3:3-3:4 All mapping items must start at the same column"]);
    expect(located("a:\n\t- 1\n")).toEqual(["2:1-2:2 a tab indents this line: YAML indents with spaces only; replace the tab with spaces"]);
  });

  it("says a list item at its mapping's key column belongs under a key, and names the key above it that has no value", () => {
    const LIST = "this list item is at the indentation of the keys around it, which kubectl refuses: indent it under the key it belongs to";
    expect(located("spec:\n  containers:\n\n  # the app\n  - name: web\n    image: x\n  volumes: []\n")).toEqual([]);
    expect(located("spec:\n  template:\n    spec:\n      containers:  # app\n\n    -  image: x\n       name: web\n")).toEqual([`6:5-6:6 ${LIST}, such as "containers:" on line 4`]);
    expect(located("spec:\n  replicas: 1\n  - name: web\n")).toEqual([`3:3-3:4 ${LIST}`]);
  });

  it("says a key glued to its value (name:web) with a key below it is one plain value, whose colon needs a space", () => {
    expect(located("volumes:\n- name:data\n  emptyDir: {}\n")).toEqual(['2:3-2:12 "name:data" is one plain value, not a key and its value: a key\'s ":" needs a space after it (name: data)']);
    expect(located("metadata:\n  name:web  \n  namespace: lab\n")).toEqual(['2:3-2:11 "name:web" is one plain value, not a key and its value: a key\'s ":" needs a space after it (name: web)']);
    expect(located("volumeMounts:\n- mountPath:/data\n  name: data\n")).toEqual(['2:3-2:18 "mountPath:/data" is one plain value, not a key and its value: a key\'s ":" needs a space after it (mountPath: /data)']);
    // A URL is no glued key: yaml's own message stays.
    expect(located("a:\n  http://x\n  b: 1\n")).toEqual(["2:3-3:4 Implicit keys need to be on a single line"]);
  });

  it("puts a mapping inside a value on its \": \", where kubectl says mapping values are not allowed: after a value, or on the over-indented key below it", () => {
    const MAPPING = "this \": \" starts a mapping inside a value, which kubectl refuses (mapping values are not allowed in this context): fix the key's indentation, or quote the value if the \":\" belongs to it";
    expect(located("metadata:\n  name: web: app\n")).toEqual([`2:12-2:13 ${MAPPING}`]);
    expect(located("metadata:\n  name: web\n   labels: {app: web}\n")).toEqual([`3:10-3:11 ${MAPPING}`]);
    expect(located('metadata:\n  name: "web: app": x\n')).toEqual([`2:19-2:20 ${MAPPING}`]);
  });

  it("puts a !!binary value Go's base64 refuses on its tag, in kubectl's words", () => {
    expect(located("kind: ConfigMap\ndata:\n  key: !!binary aGVsbG8\n")).toEqual(["3:8-3:16 !!binary value contains invalid base64 data"]);
  });

  it("finds the next token past millions of comment lines without running out of stack", () => {
    expect(located(`a: 1 # c\n${"#\n".repeat(2_500_000)}  b: 2\n`)).toEqual(["2500002:3-2500002:4 All mapping items must start at the same column"]);
    // yaml alone takes 7 s to parse these 5 MB on an idle machine: room for a busy one.
  }, 60_000);

  it("never points at a blank or past the end of the file, wherever a manifest is cut off or broken", () => {
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: "web"}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          args: [\'--port\', "8080"]\n          ports:\n          - containerPort: 8080\n';
    const variants = [...manifest].flatMap((_, at) => [manifest.slice(0, at), ...["\n", "- ", "  ", '"', "'", "[", "{", "#"].map((text) => manifest.slice(0, at) + text + manifest.slice(at))]);
    for (const text of variants) {
      const file = createSourceFile("t.yaml", undefined, text, "yaml");
      for (const problem of parseYamlStream(file).problems) {
        const { line, column } = positionAt(file, problem.start);
        expect(lineText(file, line).slice(column - 1, column).trim(), `${JSON.stringify(text)}: ${problem.message}`).not.toBe("");
      }
    }
  });
});

describe("lone carriage returns (old Mac OS line endings), which end lines for go-yaml", () => {
  const POD = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata: {name: web, namespace: ns}",
    "spec:",
    "  containers:",
    "    - name: web",
    "      image: registry.nersc.gov/p/web:1.0",
    "      securityContext:",
    "        allowPrivilegeEscalation: false",
    "        capabilities:",
    "          drop: [NET_RAW]",
    "",
  ].join("\n");
  const SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ns}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}\n";
  const cr = (text: string) => text.replaceAll("\n", "\r");

  it("read a manifest as its LF twin: same findings on the same lines, no syntax error", () => {
    expect(findings(POD)).toEqual(["11 spin/capabilities-drop-all"]);
    expect(findings(cr(POD))).toEqual(findings(POD));
    const shown = (text: string) => {
      const directory = mkdtempSync(join(tmpdir(), "nw-lint-yaml-"));
      writeFileSync(join(directory, "pod.yaml"), text);
      return lintDirectory(directory).diagnostics.filter((diagnostic) => !diagnostic.suppressed).map((diagnostic) => diagnostic.ruleId);
    };
    // A comment ends at the lone carriage return: the suppressions after the first comment count.
    expect(shown(cr(`# the pod\n${POD.replace("          drop", "          # nw-lint-disable-next-line spin/capabilities-drop-all\n          drop")}`))).toEqual([]);
    expect(shown(cr(`# the pod\n${POD.replace("drop: [NET_RAW]", "drop: [NET_RAW]  # nw-lint-disable-line spin/capabilities-drop-all")}`))).toEqual([]);
  });

  it("put a document after a lone carriage return and --- in kubectl's part before it, which go-yaml reads only the first document of", () => {
    expect(located(cr(`${POD}---\n${SERVICE}`))).toEqual([
      "12:1-12:4 kubectl never applies this document: it starts documents only at a --- after a line feed, and this one follows a lone carriage return; go-yaml reads only the first document of what it is given",
    ]);
    // The Service is never applied, so it selects nothing is not reported; with line feeds it is.
    expect(findings(cr(`${POD}---\n${SERVICE}`))).toEqual(["11 spin/capabilities-drop-all", "12 yaml/syntax"]);
    expect(findings(`${POD}---\n${SERVICE}`)).toEqual(["11 spin/capabilities-drop-all", "16 k8s/service-selector"]);
  });

  it("make a leading --- a separator line kubectl refuses, unless a comment follows it", () => {
    expect(located(cr(`---\n${POD}`))).toEqual([
      "1:1-1:4 kubectl (1.22 and later) refuses this --- (invalid Yaml document separator): it ends lines only at line feeds, so the lines after it, broken by lone carriage returns, count as text on the separator's line",
    ]);
    expect(located(cr(`--- # Source: chart/templates/pod.yaml\n${POD}`))).toEqual([]);
  });

  it("count as kubectl counts with line feeds too: a document after ... without ---, and content after ---", () => {
    expect(located(`${POD}...\n${SERVICE}`)).toEqual([
      "13:1-13:2 kubectl never applies this document: it starts documents only at lines that start with ---; go-yaml reads only the first document of what it is given",
    ]);
    expect(located(`${POD}--- {apiVersion: v1, kind: Service}\n`)).toEqual([
      "12:1-12:4 kubectl (1.22 and later) refuses this --- (invalid Yaml document separator): only a comment may follow --- on its line",
    ]);
    expect(located(`${POD}--- # the Service\n${SERVICE}`)).toEqual([]);
    expect(located("a: 1\n...\nb: 2\n")).toEqual([]);
  });
});

describe("kind: List, which kubectl flattens", () => {
  it("reads the items of a List inside a List, as kubectl's FlattenListVisitor applies them", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - apiVersion: v1",
      "    kind: List",
      "    items:",
      "      - apiVersion: v1",
      "        kind: Pod",
      "        metadata: {name: nested, namespace: ns}",
      "        spec:",
      "          containers:",
      "            - {name: a, image: registry.nersc.gov/p/web:1.0, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [NET_RAW]}}}",
      "",
    ].join("\n");
    expect(findings(text)).toEqual(["12 spin/capabilities-drop-all"]);
  });
});
