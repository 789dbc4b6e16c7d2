// Writes V8's code cache of the Kubernetes validators (dist/cache/k8s-validators.bin), after
// validating every object of the project's examples and fixtures so that the code a typical
// manifest needs is compiled into it. Run by npm run build, after tsc.
//
//   node scripts/code-cache.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { compileValidators, VALIDATORS_CODE_CACHE } from "../dist/src/languages/k8s/schema-validation.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { validators, script } = compileValidators();
for (const dir of ["examples", "fixtures"]) {
  for (const name of readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })) {
    if (!/\.ya?ml$/.test(name)) continue;
    for (const document of parseAllDocuments(readFileSync(join(root, dir, name), "utf8"), { logLevel: "error" })) {
      let value;
      try {
        value = document.toJS({ maxAliasCount: 100 });
      } catch {
        continue; // an alias bomb or a broken alias: nothing to validate
      }
      const validate = validators[`${value?.apiVersion} ${value?.kind}`];
      if (validate) validate(value);
    }
  }
}
mkdirSync(dirname(VALIDATORS_CODE_CACHE), { recursive: true });
writeFileSync(VALIDATORS_CODE_CACHE, script.createCachedData());
