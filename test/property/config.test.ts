// A damaged config file is a one-line run error (RunError, exit 2) or a valid config, never a crash.
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../src/engine/config.js";
import { RunError } from "../../src/engine/errors.js";
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, withAppDirectory } from "./fuzz.js";
import { mutatedSeed, randomBytes, tokenSoup } from "./mutations.js";
import { aliasBomb } from "./yaml-inputs.js";

const SEEDS = [
  `# .nw-lint.yaml
rules:
  spin/image-tag: off
  k8s/schema: warning
spin:
  clusters: [development, production]
  globalFsPrefixes: [/global/]
writablePaths: [/srv/static]
apps:
  - ini: app.ini
    workload: survey/skyview
    container: skyview
    root: /srv
ignore: ["charts/**", "*.j2"]
maxFileSize: 1048576
`,
  `{"rules": {"spin/privileged": "error"}, "apps": [{"ini": "app.ini", "workload": "skyview"}], "maxFileSize": 100}\n`,
];

const TOKENS = [
  "rules:\n", "  spin/image-tag: off\n", "  nosuch/rule: error\n", "spin:\n", "apps:\n", "  - ini: app.ini\n", "    workload: web\n", "ignore: [", "]",
  "maxFileSize: ", "-1", "1e400", "0x10", "{", "}", ":", ",", "- ", "  ", "\t", "\n", "&a ", "*a", "!!str ", "---\n", '"', "'", "#", "null", "é",
];

const configInput = fc.oneof(
  { arbitrary: mutatedSeed(SEEDS, TOKENS), weight: 6 },
  { arbitrary: tokenSoup(TOKENS), weight: 3 },
  { arbitrary: randomBytes, weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 })).map(([levels, width]) => Buffer.from(aliasBomb(levels, width))), weight: 1 },
);

describe("config files", () => {
  it(`load or fail with a one-line run error, ${FUZZ_RUNS} times`, () => {
    withAppDirectory((write) =>
      fc.assert(
        fc.property(configInput, (bytes) => {
          const path = join(write(".nw-lint.yaml", bytes), ".nw-lint.yaml");
          try {
            loadSettings(path, () => ".nw-lint.yaml");
          } catch (error) {
            expect(error).toBeInstanceOf(RunError);
            expect((error as RunError).message).not.toContain("\n");
          }
        }),
        fuzzParameters(),
      ),
    );
  }, FUZZ_TIMEOUT_MS);
});
