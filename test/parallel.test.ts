// Worker threads change how fast nw-lint is, never what it reports: on a corpus like the
// benchmark's, the JSON report with workers is byte-identical to the single-threaded one.
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { guessLinkKeys, guessUwsgiLinkKeys } from "../src/model/links.js";
import { writeCorpus, writeModuleApps } from "./corpus.js";
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
    const diagnostics = JSON.parse(single.stdout).diagnostics as { ruleId: string; file: string }[];
    expect(diagnostics.length).toBeGreaterThan(100);
    // Compose services linked to their inis: a link no namespace covers.
    expect(diagnostics.filter((d) => d.ruleId === "app/argv-mismatch" && d.file.endsWith("compose/docker-compose.yml")).length).toBeGreaterThan(2);
    expect(parallel.status).toBe(single.status);
    expect(parallel.stdout === single.stdout).toBe(true);
  });

  it("ran in batches on two workers, and linted again together the files whose namespace the guess missed", () => {
    expect(parallel.stderr).toMatch(/linting \d+ files in \d+ batches on 2 worker threads/);
    expect(parallel.stderr).toMatch(/linted again on this thread \(\d+ files\): their files share a link the guess missed/);
  });
});

describe("a pre-commit run in worker threads", () => {
  it("gives the single-threaded report when every file is named, each module read as the file named", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-modules-"));
    writeModuleApps(dir, 160);
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((path) => statSync(join(dir, path)).isFile()).sort();
    const single = runCli(["--format", "json", ...files], { cwd: dir, env: { NW_LINT_WORKERS: "0" } });
    const parallel = runCli(["--format", "json", "--verbose", ...files], { cwd: dir, env: { NW_LINT_WORKERS: "2" } });
    const report = JSON.parse(single.stdout) as { diagnostics: { ruleId: string }[]; summary: { files: number } };
    expect(report.summary.files).toBe(files.length);
    expect(report.diagnostics.filter((d) => d.ruleId === "app/import-fails" || d.ruleId === "nw-lint/unused-suppression")).toEqual([]);
    expect(parallel.stderr).toMatch(/linting \d+ files in \d+ batches on 2 worker threads/);
    expect(parallel.stderr).toMatch(/linted again on this thread \(\d+ files\): their files share a link the guess missed/);
    expect(parallel.status).toBe(single.status);
    expect(parallel.stdout === single.stdout).toBe(true);
  }, 60_000);

  it("keeps the links config apps declares across directories, and says once that an ini is not linted", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-config-apps-"));
    writeModuleApps(dir, 300);
    // An ini that exists but is not linted (ignored here; not named, in a pre-commit run).
    mkdirSync(join(dir, "nowhere"));
    writeFileSync(join(dir, "nowhere/app.ini"), "[uwsgi]\nmodule = app:app\n");
    writeFileSync(
      join(dir, ".nw-lint.yaml"),
      "ignore: [nowhere]\napps:\n  - ini: app0000/app.ini\n    workload: team-150/app\n    root: /app\n  - ini: nowhere/app.ini\n    workload: team-1/app\n",
    );
    const single = runCli([".", "--format", "json", "--verbose"], { cwd: dir, env: { NW_LINT_WORKERS: "0" } });
    const parallel = runCli([".", "--format", "json", "--verbose"], { cwd: dir, env: { NW_LINT_WORKERS: "2" } });
    const linked = "nw-lint: app0000/app.ini: linked to Deployment team-150/app (app0150/deployment.yaml), container app: config apps links it to team-150/app";
    for (const run of [single, parallel]) {
      expect(run.stderr).toContain(linked);
      expect(run.stderr.match(/config apps: .* is not a linted uWSGI ini/g)).toEqual([`config apps: ${join(dir, "nowhere/app.ini")} is not a linted uWSGI ini`]);
    }
    expect(parallel.stderr).toMatch(/linting \d+ files in \d+ batches on 2 worker threads/);
    expect(parallel.stdout === single.stdout).toBe(true);
  }, 60_000);
});

describe("guessLinkKeys", () => {
  it("finds every namespace key, and the default namespace for an object that names none", () => {
    expect(guessLinkKeys("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: web\n---\nkind: Pod\nmetadata:\n  name: b\n")).toEqual([
      "namespace:web",
      "namespace:default",
    ]);
    expect(guessLinkKeys('items:\n  - kind: ConfigMap\n    metadata:\n      "namespace": "db" # quoted\n')).toEqual(["namespace:db"]);
    expect(guessLinkKeys("just: data\n")).toEqual([]);
  });
});

describe("guessUwsgiLinkKeys", () => {
  it("keeps an ini with the manifests beside it, and a manifest naming an ini elsewhere with every ini of that name", () => {
    const file = (path: string, text: string) => createSourceFile(path, undefined, text, path.endsWith(".ini") ? "uwsgi" : "yaml");
    const files = [
      file("a/deploy.yaml", "command: [uwsgi, --ini, /app/app.ini]\n"),
      file("a/app.ini", "[uwsgi]\n"),
      file("b/app.ini", "[uwsgi]\n"),
      file("k8s/app.yaml", "args: [--ini, app.ini]\n"),
      file("docker/base.ini", "[uwsgi]\n"),
    ];
    const keys = guessUwsgiLinkKeys(files);
    expect(files.map((f) => keys.get(f) ?? [])).toEqual([
      ["ini-dir:a"],
      ["ini-name:app.ini", "ini-dir:a"],
      ["ini-name:app.ini", "uwsgi:only-pair"],
      ["ini-name:app.ini"],
      ["uwsgi:only-pair"],
    ]);
  });

  it("keeps a compose file with the ini beside it that its service runs", () => {
    const compose = createSourceFile("svc/docker-compose.yml", undefined, "services:\n  app:\n    entrypoint: uwsgi\n    command: [--ini, uwsgi.ini]\n", "compose");
    const ini = createSourceFile("svc/uwsgi.ini", undefined, "[uwsgi]\n", "uwsgi");
    const keys = guessUwsgiLinkKeys([compose, ini]);
    expect([keys.get(compose), keys.get(ini)]).toEqual([["ini-dir:svc"], ["ini-dir:svc"]]);
  });

  it("reads a run of path characters as one name, as a greedy pattern does", () => {
    const ini = createSourceFile("conf/app.ini.d/x.ini", undefined, "[uwsgi]\n", "uwsgi");
    const manifest = createSourceFile("deploy.yaml", undefined, "args: [--ini, conf/app.ini.d/x.ini]\n", "yaml");
    expect(guessUwsgiLinkKeys([manifest, ini]).get(manifest)).toEqual(["ini-name:x.ini"]);
  });
});

describe("YAML nested deeper than a thread's stack", () => {
  it("is read as far as the main thread reads it, with or without workers", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-deep-"));
    const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${name}\ndata:\n${data}`;
    writeFileSync(join(dir, "flow.yaml"), configMap("flow", `  a: ${"[".repeat(3000)}${"]".repeat(3000)}\n`));
    writeFileSync(join(dir, "block.yaml"), configMap("block", `  c:\n${Array.from({ length: 1500 }, (_, depth) => `${"  ".repeat(depth + 2)}k:\n`).join("")}${"  ".repeat(1502)}v\n`));
    writeFileSync(join(dir, "filler.yaml"), configMap("filler", `  b: ${"x".repeat(70_000)}\n`));
    const single = runCli([".", "--format", "json"], { cwd: dir, env: { NW_LINT_WORKERS: "0" } });
    const parallel = runCli([".", "--format", "json", "--verbose"], { cwd: dir, env: { NW_LINT_WORKERS: "2" } });
    expect(JSON.parse(single.stdout).diagnostics.filter((d: { message: string }) => d.message.includes("nests too deeply"))).toHaveLength(2);
    expect(parallel.stderr).toMatch(/linting \d+ files in \d+ batches on 2 worker threads/);
    expect(parallel.stdout === single.stdout).toBe(true);
  }, 60_000);
});

describe("a file that batches of separate groups all read", () => {
  it("gets its diagnostics once, as on one thread", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-shared-dockerfile-"));
    writeFileSync(join(dir, "Dockerfile"), 'FROM python:3.11\nWORKDIR /app\nCOPY . /app\nCMD ["gunicorn", "-b", ":8080", "nomod:app"]\n');
    mkdirSync(join(dir, "k8s"));
    for (const namespace of ["a", "b"]) {
      const deployment = [
        "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", `  namespace: ${namespace}`, "spec:", "  selector: {matchLabels: {app: web}}",
        "  template:", "    metadata: {labels: {app: web}}", "    spec:", "      containers:", "        - name: web", "          image: registry.nersc.gov/m1/web:1.0.0",
        "          ports: [{containerPort: 8080}]", "          securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
      ].join("\n");
      writeFileSync(join(dir, "k8s", `${namespace}.yaml`), `${deployment}\n${"# filler to make a batch of its own\n".repeat(2000)}`);
    }
    const single = runCli([".", "--format", "json"], { cwd: dir, env: { NW_LINT_WORKERS: "0" } });
    const parallel = runCli([".", "--format", "json", "--verbose"], { cwd: dir, env: { NW_LINT_WORKERS: "2" } });
    expect(JSON.parse(single.stdout).diagnostics.map((d: { file: string; ruleId: string }) => `${d.file} ${d.ruleId}`)).toEqual(["Dockerfile gunicorn/app-not-found"]);
    expect(parallel.stderr).toContain("linting 2 files in 2 batches on 2 worker threads");
    expect(parallel.stdout === single.stdout).toBe(true);
  }, 60_000);
});
