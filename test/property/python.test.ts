import fc from "fast-check";
import { describe, it } from "vitest";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, lintsSoundly, withAppDirectory } from "./fuzz.js";
import { pythonInput } from "./python-inputs.js";

describe("Python modules", () => {
  it(`lint ${FUZZ_RUNS} damaged and hostile inputs soundly`, () => {
    withAppDirectory((write) => fc.assert(fc.property(pythonInput, (bytes) => lintsSoundly(write("app.py", bytes))), fuzzParameters()));
  }, FUZZ_TIMEOUT_MS);
});
