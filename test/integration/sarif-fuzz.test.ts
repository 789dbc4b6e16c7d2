// The official SARIF validator on reports of damaged and hostile inputs from the property tests.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allRules } from "../../rules/index.js";
import { docsUrl, packageVersion } from "../../src/engine/package.js";
import { sarifText } from "../formatters/report-builder.js";
import { lintDirectory } from "../helpers.js";
import { withAppDirectory, type AppFile } from "../property/fuzz.js";
import { iniInput } from "../property/ini-inputs.js";
import { pythonInput } from "../property/python-inputs.js";
import { yamlInput } from "../property/yaml-inputs.js";
import { validateSarif } from "./sarif-validator.js";

const SAMPLES = 8;

const languages: [string, AppFile, fc.Arbitrary<Buffer>][] = [
  ["YAML", "deploy.yaml", yamlInput],
  ["ini", "app.ini", iniInput],
  ["Python", "app.py", pythonInput],
];

describe.each(languages)("SARIF for damaged %s inputs", (_language, file, input) => {
  it(`passes the validator, ${SAMPLES} samples`, () => {
    withAppDirectory((write) => {
      for (const bytes of fc.sample(input, { numRuns: SAMPLES, seed: 20261125 })) {
        const directory = write(file, bytes);
        const context = { rules: allRules.map((rule) => rule.meta), toolVersion: packageVersion, cwd: directory, sourceRoot: directory, docsUrl, color: false, quiet: false };
        const errors = validateSarif(sarifText(lintDirectory(directory), context)).filter((finding) => finding.level === "error");
        expect(errors).toEqual([]);
      }
    });
  });
});
