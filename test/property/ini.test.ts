import fc from "fast-check";
import { describe, it } from "vitest";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, lintsSoundly, withAppDirectory } from "./fuzz.js";
import { iniInput } from "./ini-inputs.js";

describe("uWSGI ini files", () => {
  it(`lint ${FUZZ_RUNS} damaged and hostile inputs soundly`, () => {
    withAppDirectory((write) => fc.assert(fc.property(iniInput, (bytes) => lintsSoundly(write("app.ini", bytes))), fuzzParameters()));
  }, FUZZ_TIMEOUT_MS);
});
