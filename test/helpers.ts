import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { packageRoot } from "../src/engine/package.js";

export { lintDirectory } from "../src/docs/examples.js";

/** The bundled CLI that `bin` points at (scripts/bundle.mjs). */
export const CLI = join(packageRoot, "dist", "cli", "main.js");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (npm test builds it first). */
export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string> }): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
    // A report quoting a huge value runs past spawnSync's 1 MB default, which kills the CLI.
    maxBuffer: 1 << 30,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file below `directory`, by relative path, as bytes: for comparing trees byte for byte. */
export function readTree(directory: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(directory, path), readFileSync(path));
    }
  };
  visit(directory);
  return files;
}
