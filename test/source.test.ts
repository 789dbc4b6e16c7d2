import { describe, expect, it } from "vitest";
import { createSourceFile, positionAt } from "../src/engine/source.js";

describe("positions", () => {
  it("treat a carriage return that ends a line as part of the line break", () => {
    const file = createSourceFile("x.yaml", undefined, "ab\r\ncd\r", "yaml");
    expect([2, 3, 4, 7, 8].map((offset) => positionAt(file, offset))).toEqual([
      { line: 1, column: 3 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 2, column: 3 },
      { line: 2, column: 3 },
    ]);
    expect(positionAt(createSourceFile("x.yaml", undefined, "a\rb", "yaml"), 2)).toEqual({ line: 1, column: 3 });
  });
});
