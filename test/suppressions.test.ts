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
});
