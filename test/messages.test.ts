import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMessage, MAX_QUOTED_LENGTH } from "../src/engine/rule.js";
import { lintDirectory } from "./helpers.js";

describe("formatMessage", () => {
  it("fills placeholders from the finding's data and leaves unknown ones as written", () => {
    expect(formatMessage("callable {{ name }} is not in {{module}}; {{other}}", { name: "app", module: "wsgi" })).toBe(
      "callable app is not in wsgi; {{other}}",
    );
  });

  it("cuts a value longer than the limit", () => {
    const long = "--data ".repeat(80_000);
    const message = formatMessage("pyargv '{{value}}' is refused", { value: long });
    expect(message).toBe(`pyargv '${long.slice(0, MAX_QUOTED_LENGTH - 1)}…' is refused`);
  });

  it("keeps a value exactly at the limit whole and never splits a surrogate pair", () => {
    const atLimit = "x".repeat(MAX_QUOTED_LENGTH);
    expect(formatMessage("{{v}}", { v: atLimit })).toBe(atLimit);
    const emoji = `${"x".repeat(MAX_QUOTED_LENGTH - 2)}😀😀`;
    expect(formatMessage("{{v}}", { v: emoji })).toBe(`${"x".repeat(MAX_QUOTED_LENGTH - 2)}…`);
  });
});

it("quotes a 300 KB pyargv cut short in the argv-mismatch message, where the finding still points at all of it", () => {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-messages-"));
  const pyargv = `--unknown ${"x".repeat(300_000)}`;
  writeFileSync(join(directory, "app.ini"), `[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = ${pyargv}\n`);
  writeFileSync(join(directory, "app.py"), "import argparse\nfrom flask import Flask\nargs = argparse.ArgumentParser().parse_args()\napp = Flask(__name__)\n");
  const mismatch = lintDirectory(directory).diagnostics.find((diagnostic) => diagnostic.ruleId === "app/argv-mismatch");
  expect(mismatch?.message).toContain(`pyargv = ${pyargv.slice(0, MAX_QUOTED_LENGTH - 1)}…`);
  expect(mismatch!.message.length).toBeLessThan(3 * MAX_QUOTED_LENGTH);
  expect([mismatch!.line, mismatch!.endColumn - mismatch!.column]).toEqual([4, pyargv.length]);
});
