import { describe, expect, it } from "vitest";
import { analyzePythonModule } from "../../src/languages/python/module.js";
import { pythonFile } from "./helpers.js";

// How fast the analysis is, `npm run bench` measures (docs/performance.md); here, only that it is done once.
describe("the analysis of a module", () => {
  it("is done once per SourceFile", () => {
    const file = pythonFile("app = 1\n");
    expect(analyzePythonModule(file)).toBe(analyzePythonModule(file));
  });
});
