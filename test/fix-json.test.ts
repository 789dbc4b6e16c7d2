// Fixes on JSON manifests (`kubectl get -o json`, hand-written .json) must leave JSON: kubectl
// reads a stream that starts with `{` as strict JSON. Each fixable rule's YAML fail fixture is
// written as JSON in several layouts and fixed as fix.test.ts fixes the YAML; the result must
// parse with JSON.parse and hold the same objects as the rule's fixed YAML fixture.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { exampleDirectory } from "../src/docs/examples.js";
import { createSourceFile } from "../src/engine/source.js";
import { documentValue, parseYamlStream } from "../src/languages/k8s/parse.js";
import { runCli } from "./helpers.js";

const LAYOUTS = {
  "kubectl -o json (4 spaces)": (value: unknown) => JSON.stringify(value, null, 4),
  "jq (2 spaces)": (value: unknown) => JSON.stringify(value, null, 2),
  "one line": (value: unknown) => JSON.stringify(value),
};

/** A manifest, not nw-lint's own .nw-lint.yaml. */
const isManifest = (name: string) => /^[^.].*\.ya?ml$/.test(name);

/** The objects in a directory's manifests, as Kubernetes reads them, file by file in name order. */
function manifestObjects(directory: string): unknown[] {
  return readdirSync(directory).sort().filter(isManifest).flatMap((name) => {
    const file = createSourceFile(name, undefined, readFileSync(join(directory, name), "utf8"), "yaml");
    return parseYamlStream(file).documents.map(documentValue);
  });
}

// unused-suppression's findings are comments, which JSON has none of.
const fixableYaml = allRules.filter(
  (rule) => rule.meta.fixable && rule.meta.id !== "nw-lint/unused-suppression" && readdirSync(exampleDirectory(rule.meta.id, "fail")).some(isManifest),
);

describe.each(fixableYaml.map((rule) => [rule.meta.id, rule.meta.fixable === "unsafe" ? "--fix-unsafe" : "--fix"] as const))("%s (%s) on JSON", (ruleId, flag) => {
  it.each(Object.entries(LAYOUTS))("keeps %s valid JSON holding what the YAML fix gives", (_, write) => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-fix-json-"));
    cpSync(exampleDirectory(ruleId, "fail"), directory, { recursive: true });
    for (const name of readdirSync(directory).filter(isManifest)) rmSync(join(directory, name));
    const names = manifestObjects(exampleDirectory(ruleId, "fail")).map((object, index) => {
      const name = `object-${String(index).padStart(2, "0")}.json`;
      writeFileSync(join(directory, name), `${write(object)}\n`);
      return name;
    });
    const others = allRules.filter((rule) => rule.meta.id !== ruleId).flatMap((rule) => ["--rule", `${rule.meta.id}=off`]);
    const run = runCli([flag, ".", ...names, ...others], { cwd: directory });
    expect(run.stderr).toBe("");
    const texts = names.map((name) => readFileSync(join(directory, name), "utf8"));
    const expected = manifestObjects(exampleDirectory(ruleId, "fixed"));
    expect(texts.map((text) => JSON.parse(text) as unknown)).toEqual(expected);
    // Laid out as the file was: the same text that writing the fixed objects out gives.
    expect(texts).toEqual(expected.map((object) => `${write(object)}\n`));
  });
});
