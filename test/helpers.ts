import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { DEFAULT_SETTINGS, type ResolvedSettings } from "../src/engine/config.js";
import { discover } from "../src/engine/discover.js";
import { FileHost } from "../src/engine/file-host.js";
import { packageRoot } from "../src/engine/package.js";
import { parseYamlStream } from "../src/languages/k8s/parse.js";
import { buildProjectModel } from "../src/model/project.js";

export { lintDirectory } from "../src/docs/examples.js";

/** The bundled CLI that `bin` points at (scripts/bundle.mjs). */
export const CLI = join(packageRoot, "dist", "cli", "main.cjs");

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

/** Writes `files` (relative path → text) under `directory`, with the directories they need. */
export function writeTree(directory: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
}

/** A new temporary directory holding `files`. */
export function temporaryTree(files: Readonly<Record<string, string>>, prefix = "nw-lint-test-"): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  writeTree(directory, files);
  return directory;
}

/** A Deployment `web` whose pods carry `app: web`; `podSpec` is the pod spec's lines, indented six spaces. */
export function webDeployment(podSpec: string, namespace = "demo"): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
${podSpec}`;
}

/** The project model a lint run of `files` (written to a temporary directory) builds. */
export function projectModel(files: Readonly<Record<string, string>>, settings: (dir: string) => ResolvedSettings = () => DEFAULT_SETTINGS) {
  const dir = temporaryTree(files);
  const discovery = discover(["."], { cwd: dir, ignore: [], maxFileSize: 1_000_000 });
  const yaml = discovery.files.filter((file) => file.language === "yaml").map((file) => parseYamlStream(file));
  return { dir, discovery, model: buildProjectModel(discovery.files, yaml, settings(dir), new FileHost(discovery.files, discovery.tree)) };
}
