// Artefacts generated from rule metadata must match what `npm run generate` writes.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../scripts/generate.js";
import { packageRoot } from "../src/engine/package.js";

describe("generated files are fresh (run `npm run generate` after changing rules)", () => {
  for (const [path, text] of generatedFiles()) {
    it(relative(packageRoot, path), () => {
      expect(readFileSync(path, "utf8")).toBe(text);
    });
  }
});
