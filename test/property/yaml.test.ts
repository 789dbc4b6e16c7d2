import fc from "fast-check";
import { describe, it } from "vitest";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, lintsSoundly, withAppDirectory } from "./fuzz.js";
import { yamlInput } from "./yaml-inputs.js";

describe("YAML manifests", () => {
  it(`lint ${FUZZ_RUNS} damaged and hostile inputs soundly`, () => {
    withAppDirectory((write) => fc.assert(fc.property(yamlInput, (bytes) => lintsSoundly(write("deploy.yaml", bytes))), fuzzParameters()));
  }, FUZZ_TIMEOUT_MS);
});
