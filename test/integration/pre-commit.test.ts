// The hooks proven with the real pre-commit framework: installed from a clone of this
// repository at its HEAD commit into throwaway git repositories, they refuse a bad manifest
// with nw-lint's diagnostics and accept a good one.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";

const sandbox = mkdtempSync(join(tmpdir(), "nw-lint-pre-commit-"));
const hookRepository = join(sandbox, "nw-lint");
const consumer = join(sandbox, "consumer");
const wholeRepository = join(sandbox, "whole-repository");

const environment = {
  ...process.env,
  // A store of its own, so the hook is installed from this commit and not from a cache.
  PRE_COMMIT_HOME: join(sandbox, "pre-commit-home"),
  GIT_AUTHOR_NAME: "nw-lint test",
  GIT_AUTHOR_EMAIL: "test@nw-lint.invalid",
  GIT_COMMITTER_NAME: "nw-lint test",
  GIT_COMMITTER_EMAIL: "test@nw-lint.invalid",
  NO_COLOR: "1",
};

interface Outcome {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Outcome {
  const result = spawnSync(command, args, { cwd, env: environment, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runOrThrow(command: string, args: readonly string[], cwd: string): string {
  const outcome = run(command, args, cwd);
  if (outcome.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${outcome.output}`);
  return outcome.output;
}

function commitFile(path: string, text: string, repository = consumer): Outcome {
  mkdirSync(join(repository, path, ".."), { recursive: true });
  writeFileSync(join(repository, path), text);
  runOrThrow("git", ["add", path], repository);
  return run("git", ["commit", "-m", `change ${path}`], repository);
}

const manifest = (drop: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: nightwatchtest
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: registry.nersc.gov/nightwatch/web:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: ${drop}
            runAsNonRoot: true
            runAsUser: 1000
`;

beforeAll(() => {
  runOrThrow("git", ["clone", "--quiet", packageRoot, hookRepository], sandbox);
  const commit = runOrThrow("git", ["rev-parse", "HEAD"], hookRepository).trim();
  for (const [repository, hook] of [[consumer, "nw-lint"], [wholeRepository, "nw-lint-repo"]] as const) {
    mkdirSync(repository);
    runOrThrow("git", ["init", "--quiet"], repository);
    const config = `repos:\n  - repo: ${hookRepository}\n    rev: ${commit}\n    hooks:\n      - id: ${hook}\n`;
    expect(commitFile(".pre-commit-config.yaml", config, repository).status).toBe(0);
    runOrThrow("pre-commit", ["install"], repository);
    // Builds the hook's Node environment once (npm install, npm pack with the prepare build, npm install -g); the second reuses it.
    runOrThrow("pre-commit", ["install-hooks"], repository);
  }
}, 600_000);

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

describe("pre-commit hook", () => {
  it("refuses a commit of a bad manifest and shows nw-lint's diagnostics", () => {
    const outcome = commitFile("k8s/web.yaml", manifest("[NET_RAW]"));
    expect(outcome.status).not.toBe(0);
    expect(outcome.output).toMatch(/nw-lint\.+Failed/);
    expect(outcome.output).toContain("k8s/web.yaml");
    expect(outcome.output).toContain("spin/capabilities-drop-all");
    expect(run("git", ["log", "--format=%s"], consumer).output).not.toContain("change k8s/web.yaml");
  });

  it("accepts the commit once the manifest is fixed", () => {
    const outcome = commitFile("k8s/web.yaml", manifest("[ALL]"));
    expect(outcome.output).toMatch(/nw-lint\.+Passed/);
    expect(outcome.status).toBe(0);
    expect(run("git", ["log", "--format=%s"], consumer).output).toContain("change k8s/web.yaml");
  });

  it("checks the module an ini loads from elsewhere in the repository when only the ini is committed", () => {
    // The hook is given the staged ini alone; the module it loads was committed before.
    expect(commitFile("web.py", "from flask import Flask\n\n\ndef create():\n    app = Flask(__name__)\n    return app\n").status).toBe(0);
    const outcome = commitFile("deploy/app.ini", "[uwsgi]\nchdir = ..\nmodule = web:app\nhttp-socket = :8080\nneed-app = true\n");
    expect(outcome.status).not.toBe(0);
    expect(outcome.output).toContain("deploy/app.ini:3:10: error app is bound only inside function create() of web.py");
    expect(outcome.output).toContain("uwsgi/callable-not-found");
  });
});

describe("pre-commit hook for the whole repository", () => {
  it("lints every file when only a Python module is committed, so the ini that loads it is checked", () => {
    const module = (binding: string) => `from flask import Flask\n\n${binding} = Flask(__name__)\n`;
    expect(commitFile("web.py", module("app"), wholeRepository).status).toBe(0);
    expect(commitFile("deploy/app.ini", "[uwsgi]\nchdir = ..\nmodule = web:app\nhttp-socket = :8080\nneed-app = true\n", wholeRepository).status).toBe(0);
    const outcome = commitFile("web.py", module("application"), wholeRepository);
    expect(outcome.status).not.toBe(0);
    expect(outcome.output).toMatch(/nw-lint \(whole repository\)\.+Failed/);
    expect(outcome.output).toContain("deploy/app.ini:3:10: error");
    expect(outcome.output).toContain("uwsgi/callable-not-found");
  });
});
