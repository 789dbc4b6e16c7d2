// A sample of the same inputs through the real CLI: exit 0 or 1, nothing on stderr, JSON that
// parses, every diagnostic inside its file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FileClassifier } from "../../src/engine/classify.js";
import { createSourceFile, decodeUtf8 } from "../../src/engine/source.js";
import type { Diagnostic } from "../../src/engine/types.js";
import { runCli } from "../helpers.js";
import { expectDiagnosticsInside, FUZZ_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, withAppDirectory, type AppFile } from "./fuzz.js";
import { iniInput } from "./ini-inputs.js";
import { pythonInput } from "./python-inputs.js";
import { yamlInput } from "./yaml-inputs.js";

/** One CLI run per 200 in-process inputs, at least ten per language. */
const CLI_RUNS = Math.max(10, Math.floor(FUZZ_RUNS / 200));

const languages: [string, AppFile, fc.Arbitrary<Buffer>][] = [
  ["YAML", "deploy.yaml", yamlInput],
  ["ini", "app.ini", iniInput],
  ["Python", "app.py", pythonInput],
];

describe.each(languages)("the CLI on %s inputs", (_language, file, input) => {
  it(`exits 0 or 1 with a sound JSON report, ${CLI_RUNS} times`, () => {
    withAppDirectory((write) =>
      fc.assert(
        fc.property(input, (bytes) => {
          const directory = write(file, bytes);
          const run = runCli([".", "--format", "json"], { cwd: directory });
          expect(run.stderr).toBe("");
          expect([0, 1]).toContain(run.status);
          const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
          const read = [...new Set(diagnostics.flatMap((d) => [d.file, ...(d.related ?? []).map((r) => r.file)]))];
          // Each file read as the run read it: lines end differently in YAML, ini and Python.
          const classifier = new FileClassifier(directory);
          const sources = read.map((path) => {
            const text = decodeUtf8(readFileSync(join(directory, path)));
            const language = classifier.byContent(join(directory, path), text.text, true);
            return createSourceFile(path, undefined, text, typeof language === "string" ? language : "yaml");
          });
          expectDiagnosticsInside(sources, diagnostics);
        }),
        fuzzParameters(CLI_RUNS),
      ),
    );
  }, FUZZ_TIMEOUT_MS);
});
