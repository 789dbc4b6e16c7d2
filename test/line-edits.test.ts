// Whole-line edits, as ini and YAML fixes use them.
import { describe, expect, it } from "vitest";
import { deleteLines, insertLines, lineBreak } from "../src/engine/line-edits.js";
import { createSourceFile } from "../src/engine/source.js";
import type { TextEdit } from "../src/engine/types.js";

const ini = (text: string) => createSourceFile("app.ini", undefined, text, "uwsgi");
const apply = (text: string, edit: TextEdit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end);

describe("line edits", () => {
  it("insert whole lines with the file's line break, also after a last line without one", () => {
    const crlf = ini("[uwsgi]\r\nmodule = app\r\n");
    expect(lineBreak(crlf)).toBe("\r\n");
    expect(apply(crlf.text, insertLines(crlf, 9, ["need-app = true"]))).toBe("[uwsgi]\r\nneed-app = true\r\nmodule = app\r\n");
    const unterminated = ini("[uwsgi]\nmodule = app");
    expect(apply(unterminated.text, insertLines(unterminated, unterminated.text.length, ["master = true"]))).toBe("[uwsgi]\nmodule = app\nmaster = true");
  });

  it("delete the whole lines holding a range, and only those", () => {
    const file = ini("[uwsgi]\nuid = app\nmodule = app\n");
    const uid = file.text.indexOf("app");
    expect(apply(file.text, deleteLines(file, uid, uid + 3))).toBe("[uwsgi]\nmodule = app\n");
    expect(apply(file.text, deleteLines(file, 8, 18))).toBe("[uwsgi]\nmodule = app\n");
  });
});
