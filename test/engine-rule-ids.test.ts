// The engine, the CLI and the formatters know rules only through their modules (message ids are
// typed by them): a rule id written there again would drift when the rule changes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { packageRoot } from "../src/engine/package.js";

const DIRECTORIES = ["src/engine", "src/cli", "src/formatters"];

describe("the engine, the CLI and the formatters", () => {
  it("write no rule id of their own", () => {
    const ids = allRules.map((rule) => rule.meta.id);
    const written = DIRECTORIES.flatMap((directory) =>
      readdirSync(join(packageRoot, directory)).flatMap((name) => {
        const text = readFileSync(join(packageRoot, directory, name), "utf8");
        return ids.filter((id) => text.includes(`"${id}"`)).map((id) => `${directory}/${name}: ${id}`);
      }),
    );
    expect(written).toEqual([]);
  });
});
