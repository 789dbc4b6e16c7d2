import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../src/engine/package.js";

export { lintDirectory } from "../src/docs/examples.js";

export const CLI = join(packageRoot, "dist", "src", "cli", "main.js");

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
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
