// A one-file run loads only what it uses (docs/performance.md): the bundle's lint path, yaml and
// the validators of the kinds it meets; never ajv, chalk (stylish only), fast-glob (directories
// only) or the Python grammar (Python modules only).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/engine/package.js";
import { CLI } from "./helpers.js";

const APP = join(packageRoot, "examples", "spin-app", "k8s");

/** The source modules and packages a CLI run loads: bundle chunks are mapped to their inputs with esbuild's metafile. */
function loaded(args: readonly string[]): Set<string> {
  const run = spawnSync(process.execPath, ["--import", join(packageRoot, "test", "fixtures", "trace-loads.mjs"), CLI, ...args], {
    cwd: packageRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  expect(run.status, run.stderr).not.toBe(2);
  const meta = JSON.parse(readFileSync(join(packageRoot, "dist", "cli", "meta.json"), "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const modules = new Set<string>();
  for (const line of run.stderr.split("\n")) {
    if (!line.startsWith("nw-lint-loaded file://")) continue;
    const file = relative(packageRoot, line.slice("nw-lint-loaded file://".length));
    for (const input of Object.keys(meta.outputs[file]?.inputs ?? { [file]: 0 })) modules.add(packageOf(input));
  }
  return modules;
}

function packageOf(file: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? file;
}

describe("start-up", () => {
  it("a run on one file with --format json loads no ajv, chalk, fast-glob, docs or formatters it does not use", () => {
    const modules = loaded([join(APP, "deployment.yaml"), "--format", "json"]);
    expect(modules).toContain("yaml");
    expect(modules).toContain("src/formatters/json.ts");
    for (const unused of ["ajv", "chalk", "fast-glob", "@lezer/python", "diff", "src/engine/fix.ts", "src/formatters/stylish.ts", "src/formatters/sarif.ts", "src/cli/rule-docs.ts", "src/cli/diagnose.ts"]) {
      expect(modules).not.toContain(unused);
    }
    expect([...modules].filter((file) => file.startsWith("dist/"))).toEqual([]);
  });

  it("walking a directory loads fast-glob, and stylish output chalk; a config file is validated without ajv", () => {
    const config = join(mkdtempSync(join(tmpdir(), "nw-lint-startup-")), ".nw-lint.yaml");
    writeFileSync(config, "rules:\n  spin/image-tag: warning\n");
    const modules = loaded([APP, "--config", config]);
    expect(modules).toContain("fast-glob");
    expect(modules).toContain("chalk");
    expect(modules).toContain("schemas/config.validator.cjs");
    expect(modules).not.toContain("ajv");
  });
});

describe("the validators' code cache", () => {
  it("is written by the build and accepted by this Node", async () => {
    const { compileValidators, VALIDATORS_CODE_CACHE } = await import("../src/languages/k8s/schema-validation.js");
    const { script, validators } = compileValidators(readFileSync(VALIDATORS_CODE_CACHE));
    expect(script.cachedDataRejected).toBe(false);
    expect(validators["v1 Service"]!({ apiVersion: "v1", kind: "Service", metadata: { name: "web" } })).toBe(true);
  });
});
