// Worker threads change how fast nw-lint is, never what it reports: on a corpus like the
// benchmark's, the JSON report with workers is byte-identical to the single-threaded one.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { guessLinkKeys, guessNamespaceKeys } from "../src/model/links.js";
import { createSourceFile } from "../src/engine/source.js";
import { writeCorpus } from "./corpus.js";
import { runCli, type CliRun } from "./helpers.js";

describe("linting in worker threads", () => {
  let single: CliRun;
  let parallel: CliRun;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-corpus-"));
    writeCorpus(dir, 150);
    single = runCli([".", "--format", "json"], { cwd: dir, env: { NW_LINT_WORKERS: "0" } });
    parallel = runCli([".", "--format", "json", "--verbose"], { cwd: dir, env: { NW_LINT_WORKERS: "2" } });
  }, 120_000);

  it("gives the single-threaded report, byte for byte, with the same exit code", () => {
    expect(single.status).toBe(1);
    expect(JSON.parse(single.stdout).diagnostics.length).toBeGreaterThan(100);
    expect(parallel.status).toBe(single.status);
    expect(parallel.stdout === single.stdout).toBe(true);
  });

  it("ran in batches on two workers, and linted again together the files whose namespace the guess missed", () => {
    expect(parallel.stderr).toMatch(/linting \d+ files in \d+ batches on 2 worker threads/);
    expect(parallel.stderr).toMatch(/share a namespace the guess missed; linted again together/);
  });
});

describe("guessing link keys", () => {
  it("finds every namespace key, and the default namespace for an object that names none", () => {
    expect(guessNamespaceKeys("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: web\n---\nkind: Pod\nmetadata:\n  name: b\n")).toEqual([
      "namespace:web",
      "namespace:default",
    ]);
    expect(guessNamespaceKeys('items:\n  - kind: ConfigMap\n    metadata:\n      "namespace": "db" # quoted\n')).toEqual(["namespace:db"]);
    expect(guessNamespaceKeys("just: data\n")).toEqual([]);
  });

  it("puts a uWSGI ini with the manifests beside it", () => {
    const files = [
      createSourceFile("a/deploy.yaml", undefined, "kind: Deployment\nmetadata:\n  namespace: web\n", "yaml"),
      createSourceFile("a/app.ini", undefined, "[uwsgi]\n", "uwsgi"),
      createSourceFile("b/deploy.yaml", undefined, "kind: Deployment\nmetadata:\n  namespace: db\n", "yaml"),
    ];
    expect(guessLinkKeys(files)).toEqual([["namespace:web", "directory:a"], ["directory:a"], ["namespace:db"]]);
  });
});
