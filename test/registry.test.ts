// The registry, the rule modules on disk and the metadata agree, as ESLint's build check does.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { exampleDirectory } from "../src/docs/examples.js";
import { packageRoot } from "../src/engine/package.js";
import { lintDirectory } from "./helpers.js";

const rulesDir = join(packageRoot, "rules");
const ruleFiles = readdirSync(rulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(rulesDir, dir.name)).filter((name) => name.endsWith(".ts")).map((name) => `${dir.name}/${name.slice(0, -3)}`))
  .sort();

describe("rule registry", () => {
  it("registers every rule module once, under the id its path spells", () => {
    expect(allRules.map((rule) => rule.meta.id)).toEqual(ruleFiles);
  });

  it.each(allRules.map((rule) => [rule.meta.id, rule.meta] as const))("%s has complete metadata", (_id, meta) => {
    expect(meta.title.length).toBeGreaterThan(10);
    expect(meta.docs.what.length).toBeGreaterThan(20);
    expect(meta.docs.why.length).toBeGreaterThan(20);
    expect(meta.docs.fix.length).toBeGreaterThan(10);
    expect(meta.docs.sources.length).toBeGreaterThan(0);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const id of Object.keys(meta.hints ?? {})) expect(Object.keys(meta.messages)).toContain(id);
    for (const related of meta.docs.related ?? []) expect(allRules.map((rule) => rule.meta.id)).toContain(related);
  });

  // Listings and pages say "safe/unsafe" from the flag; the fixtures show whether it is true.
  it.each(allRules.filter((rule) => rule.meta.fixable).map((rule) => [rule.meta.id, rule.meta] as const))("%s says truly whether its fixes differ in safety", (id, meta) => {
    const fixes = lintDirectory(exampleDirectory(id, "fail")).diagnostics.flatMap((diagnostic) => (diagnostic.ruleId === id && diagnostic.fix ? [diagnostic.fix.applicability] : []));
    expect(fixes).toContain(meta.fixable);
    expect(new Set(fixes).size > 1).toBe(meta.fixSafetyVaries === true);
  });
});
