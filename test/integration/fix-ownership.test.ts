// --fix run by an ordinary user (setpriv, from root as CI runs): the file it replaces keeps its
// group, and a file its mode makes read-only is refused, not replaced through its directory.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers.js";

const USER = 65534;
const PROJECT_GROUP = 100;
const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: registry.spin.nersc.gov/m/a:1.0\n";

let dir: string;
beforeAll(() => {
  expect(process.getuid?.(), "the test switches user with setpriv, which needs root (CI runs as root)").toBe(0);
  dir = mkdtempSync(join(tmpdir(), "nw-lint-owner-"));
  chmodSync(dir, 0o1777);
});

function fixAsUser(file: string): { status: number | null; stderr: string } {
  const run = spawnSync("setpriv", [`--reuid=${USER}`, `--regid=${USER}`, `--groups=${PROJECT_GROUP}`, process.execPath, CLI, "--fix", file], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: run.status, stderr: run.stderr };
}

describe("--fix as an ordinary user", () => {
  it("keeps the group of a file shared through a project group", () => {
    const path = join(dir, "shared.yaml");
    writeFileSync(path, POD);
    chownSync(path, USER, PROJECT_GROUP);
    chmodSync(path, 0o660);
    fixAsUser("shared.yaml");
    expect(readFileSync(path, "utf8")).toContain("registry.nersc.gov/m/a:1.0");
    const stats = statSync(path);
    expect([stats.uid, stats.gid, stats.mode & 0o777]).toEqual([USER, PROJECT_GROUP, 0o660]);
  });

  it("refuses a file its mode makes read-only, and leaves it as it was", () => {
    const path = join(dir, "locked.yaml");
    writeFileSync(path, POD);
    chownSync(path, USER, USER);
    chmodSync(path, 0o444);
    const run = fixAsUser("locked.yaml");
    expect(run.stderr).toContain("nw-lint: locked.yaml: not fixed: cannot write it (EACCES)");
    expect(readFileSync(path, "utf8")).toBe(POD);
  });
});
