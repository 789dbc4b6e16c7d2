// A one-file run pays only for what it uses (docs/performance.md). The bundle (dist/cli/core.cjs)
// evaluates a module when something first imports it; the parts a run may not need are imported
// with import(), which esbuild's metafile records, so what a run evaluates at start is what the
// command's entry imports statically. Packages outside the bundle are loaded at run time, which
// a load hook sees: never ajv, fast-glob only to walk a directory, the Python grammar only for
// Python modules, the .dockerignore matcher only for a build context with a .dockerignore.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCore } from "../src/cli/load-core.js";
import { packageRoot } from "../src/engine/package.js";
import { CLI } from "./helpers.js";

const APP = join(packageRoot, "examples", "spin-app", "k8s");
const CLI_DIRECTORY = join(packageRoot, "dist", "cli");

interface Metafile {
  readonly inputs: Record<string, { readonly imports: readonly { readonly path: string; readonly kind: string }[] }>;
}

const metafile = (): Metafile => JSON.parse(readFileSync(join(CLI_DIRECTORY, "meta.json"), "utf8")) as Metafile;

/** The source modules and packages of the bundle that `entry` imports statically, directly or through others. */
function evaluatedWith(entry: string): Set<string> {
  const { inputs } = metafile();
  const seen = new Set<string>();
  const visit = (input: string): void => {
    if (seen.has(input)) return;
    seen.add(input);
    for (const imported of inputs[input]?.imports ?? []) if (imported.kind !== "dynamic-import") visit(imported.path);
  };
  visit(entry);
  return new Set([...seen].map(packageOf));
}

/** The files a CLI run loads outside the bundle, by source module or package. */
function loaded(args: readonly string[]): Set<string> {
  const run = spawnSync(process.execPath, ["--import", join(packageRoot, "test", "fixtures", "trace-loads.mjs"), CLI, ...args], {
    cwd: packageRoot,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" },
  });
  expect(run.status, run.stderr).not.toBe(2);
  const files = run.stderr.split("\n").filter((line) => line.startsWith("nw-lint-loaded file://")).map((line) => relative(packageRoot, line.slice("nw-lint-loaded file://".length)));
  return new Set(files.map(packageOf));
}

function packageOf(file: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? file;
}

describe("start-up", () => {
  it("the command evaluates yaml and the lint path at start, and no formatter, fix engine, subcommand or worker code", () => {
    const atStart = evaluatedWith("src/cli/main.ts");
    expect(atStart).toContain("yaml");
    expect(atStart).toContain("src/engine/lint.ts");
    for (const lazy of ["chalk", "diff", "src/engine/fix.ts", "src/formatters/json.ts", "src/formatters/stylish.ts", "src/formatters/sarif.ts", "src/formatters/github.ts", "src/cli/rule-docs.ts", "src/cli/diagnose.ts", "src/cli/graph.ts", "src/engine/worker.ts"]) {
      expect(atStart).not.toContain(lazy);
      expect(Object.keys(metafile().inputs).map(packageOf)).toContain(lazy);
    }
    expect(evaluatedWith("src/cli/core.ts")).toEqual(new Set(["src/cli/core.ts"]));
  });

  it("ajv is not in the bundle, and a one-file run loads no fast-glob, Python grammar or .dockerignore matcher", () => {
    expect(Object.keys(metafile().inputs).map(packageOf)).not.toContain("ajv");
    const modules = loaded([join(APP, "deployment.yaml"), "--format", "json"]);
    expect(modules).toContain("dist/cli/main.cjs");
    for (const unused of ["ajv", "fast-glob", "picomatch", "@lezer/python", "@balena/dockerignore", "schemas/config.validator.cjs"]) expect(modules).not.toContain(unused);
  });

  it("the bundle is ASCII: one other character makes V8 hold all of its source as a two-byte string", () => {
    expect(readFileSync(join(CLI_DIRECTORY, "core.cjs"), "utf8")).not.toMatch(/[^\0-\x7f]/);
  });

  it("a one-file run loads no built-in module it does not use, nor Node's ES module loader", () => {
    const run = spawnSync(process.execPath, ["--require", join(packageRoot, "test", "fixtures", "trace-builtins.cjs"), CLI, join(APP, "deployment.yaml"), "--format", "json"], { cwd: packageRoot, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(1);
    const builtins = run.stderr.split("\n").filter((line) => line.startsWith("nw-lint-builtin ")).map((line) => line.slice("nw-lint-builtin ".length));
    expect(builtins).toContain("node:vm");
    // The ES module loader's translators load for an ES module entry point.
    for (const unused of ["node:crypto", "node:worker_threads", "node:internal/modules/esm/translators"]) expect(builtins).not.toContain(unused);
  });

  it("walking a directory loads fast-glob; a config file is validated without ajv", () => {
    const config = join(mkdtempSync(join(tmpdir(), "nw-lint-startup-")), ".nw-lint.yaml");
    writeFileSync(config, "rules:\n  spin/image-tag: warning\n");
    const modules = loaded([APP, "--config", config]);
    expect(modules).toContain("fast-glob");
    expect(modules).toContain("schemas/config.validator.cjs");
    expect(modules).not.toContain("ajv");
  });
});

describe("V8's code caches", () => {
  it("the validators' is written by the build and accepted by this Node", async () => {
    const { compileValidators, VALIDATORS_CODE_CACHE } = await import("../src/languages/k8s/schema-validation.js");
    const { script, validators } = compileValidators(VALIDATORS_CODE_CACHE);
    expect(script.cachedDataRejected).toBe(false);
    expect(validators["v1 Service"]!({ apiVersion: "v1", kind: "Service", metadata: { name: "web" } })).toBe(true);
  });

  it("the bundle's is written by the build and accepted by this Node", () => {
    const { core, script } = loadCore(CLI_DIRECTORY);
    expect(script.cachedDataRejected).toBe(false);
    expect(Object.keys(core).sort()).toEqual(["startCli", "startWorker"]);
  });
});
