import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { commentDirectives } from "../src/engine/suppressions.js";

describe("suppression comments in YAML", () => {
  it("are located exactly, after many scalars, in CRLF files, and never inside quotes", () => {
    const scalars = Array.from({ length: 200 }, (_, i) => i).join(", ");
    const text = `# head\r\na: [${scalars}] # nw-lint-disable-line spin/image-tag\r\n# nw-lint-disable-next-line -- why\r\nb: "# nw-lint-disable-file"\r\n`;
    const found = commentDirectives(createSourceFile("x.yaml", undefined, text, "yaml")).map((d) => [d.scope, d.line, text.slice(d.at.start, d.at.end)]);
    expect(found).toEqual([
      ["line", 2, "# nw-lint-disable-line spin/image-tag"],
      ["next-line", 4, "# nw-lint-disable-next-line -- why"],
    ]);
  });
});
