// Artefacts generated from rule metadata must match what `npm run generate` writes.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, RULE_DOCS_PATH } from "../scripts/generate.js";
import { packageRoot } from "../src/engine/package.js";

const generated = generatedFiles();

describe("generated files are fresh (run `npm run generate` after changing rules)", () => {
  for (const [path, text] of generated) {
    it(relative(packageRoot, path), () => {
      expect(readFileSync(path, "utf8")).toBe(text);
    });
  }

  it("docs/rules holds no page of a rule that is gone", () => {
    const pages = readdirSync(RULE_DOCS_PATH, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".md"))
      .map((name) => join(RULE_DOCS_PATH, name));
    expect(pages.filter((page) => !generated.has(page))).toEqual([]);
  });
});
