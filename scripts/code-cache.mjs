// Writes V8's code caches, after running the code a typical run needs so that it is compiled
// into them. Run by npm run build, after tsc and scripts/bundle.mjs.
// - dist/cache/k8s-validators.bin, the Kubernetes validators': every object of the project's
//   examples and fixtures is validated first.
// - dist/cli/core.bin, the bundle's (src/cli/load-core.ts): the bundle, compiled without a cache,
//   first lints one example manifest as `nw-lint FILE --format json` does, the run a pre-commit
//   hook makes on each commit.
//
//   node scripts/code-cache.mjs
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { coreCodeCachePath, loadCore } from "../dist/src/cli/load-core.js";
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

const cliDirectory = join(root, "dist", "cli");
const core = loadCore(cliDirectory, { codeCache: false });
const report = join(mkdtempSync(join(tmpdir(), "nw-lint-code-cache-")), "report.json");
process.argv = [process.argv[0], join(cliDirectory, "main.cjs"), join(root, "examples", "spin-app", "k8s", "deployment.yaml"), "--format", "json", "--output", report];
await core.core.startCli();
// The run ends when nothing is left to do; its exit code (1: the example has findings) is not the build's.
process.once("beforeExit", () => {
  if (process.exitCode === 2) throw new Error(`linting the example failed: see above`);
  writeFileSync(coreCodeCachePath(cliDirectory), core.script.createCachedData());
  rmSync(dirname(report), { recursive: true, force: true });
  process.exitCode = 0;
});
