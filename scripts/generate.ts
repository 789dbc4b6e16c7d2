// Writes every artefact generated from rule metadata. Run with `npm run generate`;
// test/generated.test.ts fails when a committed copy is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { allRules } from "../rules/index.js";
import { configSchema } from "../src/engine/config-schema.js";
import { CONFIG_SCHEMA_PATH } from "../src/engine/config.js";

export function generatedFiles(): Map<string, string> {
  const metas = allRules.map((rule) => rule.meta);
  return new Map([[CONFIG_SCHEMA_PATH, `${JSON.stringify(configSchema(metas), null, 2)}\n`]]);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const [path, text] of generatedFiles()) {
    writeFileSync(path, text);
    process.stdout.write(`wrote ${join(path)}\n`);
  }
}
