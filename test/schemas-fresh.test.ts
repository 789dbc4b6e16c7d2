import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const committed = join(root, "schemas/k8s");

it("schemas/k8s is what scripts/gen-k8s-schemas.mjs generates (run npm run gen:schemas)", () => {
  const fresh = mkdtempSync(join(tmpdir(), "nw-lint-schemas-"));
  try {
    execFileSync(process.execPath, [join(root, "scripts/gen-k8s-schemas.mjs"), fresh]);
    const generated = readdirSync(fresh).sort();
    expect(readdirSync(committed).filter((f) => f !== "README.md").sort()).toEqual(generated);
    for (const file of generated) {
      expect(readFileSync(join(committed, file), "utf8") === readFileSync(join(fresh, file), "utf8"), `${file} is stale`).toBe(true);
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}, 60_000);
