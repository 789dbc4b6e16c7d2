import { describe, expect, it } from "vitest";
import { format } from "../../src/formatters/stylish.js";
import { diagnosticAt, formatterContext, sourceFile } from "./report-builder.js";

/** The code frame's source line and caret line of the only diagnostic, without the gutter. */
function frame(text: string, target: string): [string, string] {
  const file = sourceFile("pod.yaml", text);
  const output = format({ diagnostics: [diagnosticAt(file, "k8s/image-tag", target)], files: [file] }, formatterContext());
  const [source, caret] = output.split("\n").filter((line) => / \| /.test(line));
  return [source!.replace(/^ +\d+ \| /, ""), caret!.replace(/^ +\| /, "")];
}

describe("stylish code frames", () => {
  it("put the caret under what the terminal shows: wide characters and emoji take two cells", () => {
    const [source, caret] = frame('env: [{name: "日本😀", value: "hunter2日本😀"}]\n', '"hunter2日本😀"');
    expect(source).toBe('env: [{name: "日本😀", value: "hunter2日本😀"}]');
    // `env: [{name: "日本😀", value: ` is 30 cells wide; the value 15.
    expect(caret).toBe(`${" ".repeat(30)}${"^".repeat(15)}`);
  });

  it("show control characters as their pictures, so a file cannot drive the terminal", () => {
    const [source, caret] = frame('command: ["echo", "\u001b[8mhidden\u0007"]\n', "hidden");
    expect(source).toBe('command: ["echo", "␛[8mhidden␇"]');
    expect(caret).toBe(`${" ".repeat(23)}^^^^^^`);
  });

  it("show a long line's window with its control characters as pictures, the caret under the finding", () => {
    const [source, caret] = frame(`command: ["${"a".repeat(300)}\u0007", "--uid", "${"b".repeat(300)}"]\n`, "--uid");
    // 160 units from 60 before the finding, between ellipses.
    expect(source).toBe(`…${"a".repeat(55)}␇", "--uid", "${"b".repeat(91)}…`);
    expect(caret).toBe(`${" ".repeat(61)}^^^^^`);
  });
});

describe("stylish text from the files", () => {
  it("shows line breaks and escapes in a message, hint or path as pictures, so no line of a CI log starts where a file says", () => {
    const file = sourceFile("pod\n::warning::x.yaml", 'spec:\n  "x\\n::error file=README.md::injected": 1\n');
    const diagnostic = diagnosticAt(file, "k8s/image-tag", '"x', {
      message: 'unknown field "x\n::error file=README.md::injected"',
      hint: "remove \u001b[2Jit",
      related: [{ file: "a\rb.yaml", line: 1, column: 1, endLine: 1, endColumn: 2, message: "see\nhere" }],
    });
    const output = format({ diagnostics: [diagnostic], files: [file] }, formatterContext());
    expect(output.split("\n").filter((line) => line.startsWith("::"))).toEqual([]);
    expect(output).toContain('pod␊::warning::x.yaml:2:3: warning unknown field "x␊::error file=README.md::injected"');
    expect(output).toContain("= hint: remove ␛[2Jit");
    expect(output).toContain("= see: a␍b.yaml:1:1: see␊here");
  });
});
