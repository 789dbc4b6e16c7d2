// --fix-dry-run's diff, applied by GNU patch -p0 from the same directory, gives byte for byte what
// --fix writes: on every rule fixture at once, plus CRLF, byte-order-mark and no-final-newline
// copies, and a fixture under a path with spaces.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../src/docs/examples.js";
import { readTree, runCli } from "../helpers.js";

/** The rule fixtures, with variants of each failing YAML file in other line-ending shapes. */
function fixtureCopy(): string {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-patch-"));
  cpSync(FIXTURES_DIR, directory, { recursive: true });
  // A path with spaces, which patch reads only up to a tab.
  cpSync(join(FIXTURES_DIR, "spin", "capabilities-drop-all", "fail"), join(directory, "a dir", "with spaces"), { recursive: true });
  for (const [path, bytes] of readTree(directory)) {
    if (!path.includes("/fail/") || !path.endsWith(".yaml")) continue;
    const text = bytes.toString("utf8");
    writeFileSync(join(directory, `${path}.crlf-bom.yaml`), `\uFEFF${text.replaceAll("\n", "\r\n")}`);
    writeFileSync(join(directory, `${path}.no-final-newline.yaml`), text.replace(/\n+$/, ""));
  }
  return directory;
}

describe("--fix-dry-run and patch -p0", () => {
  it.each([["--fix"], ["--fix-unsafe"]])("reproduce %s exactly", (flag) => {
    const fixedInPlace = fixtureCopy();
    const patched = fixtureCopy();
    expect(readTree(patched)).toEqual(readTree(fixedInPlace));
    runCli([flag, "."], { cwd: fixedInPlace });
    const preview = runCli(["--fix-dry-run", ...(flag === "--fix-unsafe" ? [flag] : []), "."], { cwd: patched });
    expect(preview.stdout).toMatch(/^--- /);
    const patch = spawnSync("patch", ["-p0", "--forward", "--batch"], { cwd: patched, input: preview.stdout, encoding: "utf8" });
    expect(patch.stderr).toBe("");
    expect(patch.status).toBe(0);
    expect(readTree(patched)).toEqual(readTree(fixedInPlace));
  });
});
