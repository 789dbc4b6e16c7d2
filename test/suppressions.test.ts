// Where suppression comments are found, however much YAML comes before them.
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { commentDirectives } from "../src/engine/suppressions.js";

describe("commentDirectives", () => {
  it("places a comment after many scalars and flow collections at its own offset and line", () => {
    const labels = Array.from({ length: 40 }, (_, index) => `    l${index}: [v${index}]`);
    const text = ["---", "metadata:", "  labels:", ...labels, "spec:", "  # nw-lint-disable-next-line spin/privileged", "  hostNetwork: true", ""].join("\n");
    const [directive] = commentDirectives(createSourceFile("pod.yaml", undefined, text, "yaml"));
    expect(directive!.at.start).toBe(text.indexOf("# nw-lint"));
    expect(directive!.at.end).toBe(text.indexOf("privileged") + "privileged".length);
    expect(directive!.line).toBe(46);
  });

  it("are located exactly after many scalars, in CRLF files, and never inside quotes", () => {
    const scalars = Array.from({ length: 200 }, (_, i) => i).join(", ");
    const text = `# head\r\na: [${scalars}] # nw-lint-disable-line spin/image-tag\r\n# nw-lint-disable-next-line -- why\r\nb: "# nw-lint-disable-file"\r\n`;
    const found = commentDirectives(createSourceFile("x.yaml", undefined, text, "yaml")).map((d) => [d.scope, d.line, text.slice(d.at.start, d.at.end)]);
    expect(found).toEqual([
      ["line", 2, "# nw-lint-disable-line spin/image-tag"],
      ["next-line", 4, "# nw-lint-disable-next-line -- why"],
    ]);
  });
});
