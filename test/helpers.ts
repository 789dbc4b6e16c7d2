import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS, loadSettings, CONFIG_FILE_NAMES } from "../src/engine/config.js";
import { discover, displayPath } from "../src/engine/discover.js";
import { lint } from "../src/engine/lint.js";
import { packageRoot } from "../src/engine/package.js";
import type { LintReport } from "../src/engine/types.js";

/** Lints a directory the way the CLI does, with paths relative to it and its own config if it has one. */
export function lintDirectory(directory: string): LintReport {
  const configName = CONFIG_FILE_NAMES.find((name) => existsSync(join(directory, name)));
  const settings = configName ? loadSettings(join(directory, configName), (path) => displayPath(directory, path)) : DEFAULT_SETTINGS;
  const discovery = discover(["."], { cwd: directory, ignore: settings.ignore, maxFileSize: settings.maxFileSize });
  return lint({ files: discovery.files, readProblems: discovery.problems, settings, rules: allRules, host: discovery.host });
}

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
