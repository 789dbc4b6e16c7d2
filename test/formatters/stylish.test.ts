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
});
