// Discovery in a real repository: which files are linted as manifests, which are read as compose
// files, and which are skipped (with the --verbose note that says why).
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { discover } from "../src/engine/discover.js";
import { runCli, writeTree } from "./helpers.js";

const MANIFEST = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "nw-lint-classify-"));
  mkdirSync(join(repo, ".git"));
});

function write(files: Record<string, string>): void {
  writeTree(repo, files);
}

function discovered(paths: readonly string[] = ["."], cwd = repo) {
  const { files, notes } = discover(paths, { cwd, ignore: [], maxFileSize: 1 << 20 });
  return { files: files.map((file) => `${file.path} ${file.language}`), notes };
}

describe("Dockerfiles named on the command line", () => {
  it("reads Dockerfile, docker's fallback dockerfile, Containerfile and their variants as Dockerfiles, and nothing named after one", () => {
    const names = ["Dockerfile", "dockerfile", "DOCKERFILE", "Dockerfile.prod", "Dockerfile-flask", "web.Dockerfile", "app.dockerfile", "Containerfile", "Dockerfile.dockerignore", "dockerfile.yml", "Dockerfile.json"];
    write(Object.fromEntries(names.map((name) => [`images/${name}`, "FROM python:3.12\n\n# the app\nENV A 1\n"])));
    expect(discovered(names.map((name) => `images/${name}`)).files).toEqual([
      "images/Dockerfile dockerfile", "images/dockerfile dockerfile", "images/DOCKERFILE dockerfile", "images/Dockerfile.prod dockerfile",
      "images/Dockerfile-flask dockerfile", "images/web.Dockerfile dockerfile", "images/app.dockerfile dockerfile", "images/Containerfile dockerfile",
      "images/Dockerfile.dockerignore yaml", "images/dockerfile.yml yaml", "images/Dockerfile.json yaml",
    ]);
  });

  it("reads a Dockerfile whose heredoc writes a [uwsgi] section as a Dockerfile, not as an ini", () => {
    write({ Dockerfile: "FROM python:3.12\nCOPY <<EOF /app/app.ini\n[uwsgi]\nmodule = app:app\nEOF\n" });
    expect(discovered(["Dockerfile"]).files).toEqual(["Dockerfile dockerfile"]);
  });
});

describe("discovery by location and content", () => {
  it("skips a Helm chart whole, templates without {{ }} too, with one note naming the chart", () => {
    write({
      "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
      "charts/web/values.yaml": "image: {tag: latest}\n",
      "charts/web/values-prod.yaml": "replicas: 3\n",
      "charts/web/templates/service.yaml": MANIFEST,
      "charts/web/templates/deployment.yaml": "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
      "charts/web/templates/_helpers.tpl": '{{- define "web.name" -}}web{{- end }}\n',
      "k8s/service.yaml": MANIFEST,
    });
    expect(discovered()).toEqual({
      files: ["k8s/service.yaml yaml"],
      notes: ["charts/web: skipped a Helm chart (its templates are not YAML until rendered); lint them with: helm template charts/web | nw-lint -"],
    });
  });

  it("knows a chart from inside it, and when a template is named on the command line", () => {
    write({ "chart/Chart.yaml": "name: web\n", "chart/templates/service.yaml": MANIFEST });
    expect(discovered(["templates"], join(repo, "chart")).files).toEqual([]);
    expect(discovered(["chart/templates/service.yaml"]).files).toEqual([]);
  });

  it("reads an .ini whose header is meant as [uwsgi] as uWSGI config, whatever its name, and skips other inis", () => {
    write({
      "prod.ini": "[UWSGI]\nmodule = app:app\n",
      "spaced.ini": "[ uwsgi ]\nmodule = app:app\n",
      "unclosed.ini": "# config\n[uwsgi\nmodule = app:app\n",
      "setup.ini": "[metadata]\nname = web\n",
      "tox.ini": "[testenv]\ncommands = uwsgi --version\n",
    });
    expect(discovered()).toEqual({
      files: ["prod.ini uwsgi", "spaced.ini uwsgi", "unclosed.ini uwsgi"],
      notes: ["setup.ini: skipped (an .ini without a [uwsgi] section)", "tox.ini: skipped (an .ini without a [uwsgi] section)"],
    });
  });

  it("reads compose files, by name or by content, as compose, never as manifests", () => {
    const compose = "services:\n  web:\n    command: uwsgi --ini app.ini\n";
    write({ "docker-compose.yml": compose, "compose.override.yaml": compose, "deploy/stack.yml": compose, "deploy/service.yaml": MANIFEST });
    expect(discovered().files).toEqual([
      "compose.override.yaml compose",
      "deploy/service.yaml yaml",
      "deploy/stack.yml compose",
      "docker-compose.yml compose",
    ]);
  });

  it("skips CI workflows, tool configs, kustomizations and the patches they name", () => {
    write({
      ".github/workflows/ci.yml": "on: push\njobs: {}\n",
      ".github/dependabot.yml": "version: 2\n",
      ".gitlab-ci.yml": "test: {script: [make]}\n",
      "action.yml": "name: lint\nruns: {using: node20, main: index.js}\n",
      ".pre-commit-config.yaml": "repos: []\n",
      ".nw-lint.yaml": "rules: {}\n",
      "mkdocs.yml": "site_name: docs\n",
      "overlays/prod/kustomization.yaml": "resources: [../../base]\npatches:\n  - path: patches/replicas.yaml\npatchesStrategicMerge: [memory.yaml]\n",
      "overlays/prod/patches/replicas.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n",
      "overlays/prod/memory.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
      "overlays/prod/service.yaml": MANIFEST,
    });
    const { files, notes } = discovered();
    expect(files).toEqual(["overlays/prod/service.yaml yaml"]);
    expect(notes).toEqual(
      expect.arrayContaining([
        ".github/workflows/ci.yml: skipped (CI configuration)",
        ".pre-commit-config.yaml: skipped (a tool's configuration)",
        "overlays/prod/kustomization.yaml: skipped (a kustomization; lint its output with: kustomize build DIR | nw-lint -)",
        "overlays/prod/patches/replicas.yaml: skipped (a kustomize patch, a partial object)",
      ]),
    );
  });

  it("skips the resources of a kustomize base an overlay builds on, and of a kustomization that rewrites them; lints those of one that only lists them", () => {
    write({
      "base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - service.yaml\n",
      "base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
      "base/service.yaml": MANIFEST,
      "base/extra.yaml": MANIFEST,
      "overlays/prod/kustomization.yaml": "resources:\n  - ../../base\n  - ingress.yaml\nimages:\n  - {name: ghcr.io/lab/web, newTag: 2.4.20}\n",
      "overlays/prod/ingress.yaml": MANIFEST,
      "standalone/kustomization.yaml": "resources: [service.yaml]\n",
      "standalone/service.yaml": MANIFEST,
      "tenant/kustomization.yaml": "namespace: lab\nnamePrefix: prod-\nresources: [service.yaml]\n",
      "tenant/service.yaml": MANIFEST,
    });
    const { files, notes } = discovered();
    expect(files).toEqual(["base/extra.yaml yaml", "standalone/service.yaml yaml"]);
    expect(notes).toEqual(
      expect.arrayContaining([
        "base/deployment.yaml: skipped (a resource of the kustomize base base, which the overlays built on it complete (labels, image tags, namespace); lint what an overlay builds: kustomize build DIR | nw-lint -)",
        // The overlay retags the image: its own files are applied as it rewrites them, not as written.
        "overlays/prod/ingress.yaml: skipped (a resource of the kustomization in overlays/prod, which rewrites it (images) before it is applied; lint what it builds: kustomize build overlays/prod | nw-lint -)",
        "tenant/service.yaml: skipped (a resource of the kustomization in tenant, which rewrites it (namespace, namePrefix) before it is applied; lint what it builds: kustomize build tenant | nw-lint -)",
      ]),
    );
  });

  it("skips a uWSGI ini holding {{ }} or {% %} as a template, even when named on the command line; uWSGI's own syntax and comments are no template", () => {
    write({
      "project/uwsgi.ini": "[uwsgi]\nmodule = {{ project_name }}.wsgi\nhttp-socket = :8000\n",
      "jinja/uwsgi.ini": "[uwsgi]\nmodule = web:app\n{% if debug %}\npy-autoreload = 1\n{% endif %}\n",
      "uw.conf": "[uwsgi]\nchdir = /srv/{{ app }}\n",
      "own/uwsgi.ini": "[uwsgi]\n# rendered from {{ project_name }}\nchdir = $(HOME)/%(app)\nmodule = ${APP}\nlog-format = {\"a\": {\"b\": 1}}\nroute = ^/{{x\n",
    });
    const { files, notes } = discovered([".", "uw.conf"]);
    expect(files).toEqual(["own/uwsgi.ini uwsgi"]);
    expect(notes).toEqual([
      "jinja/uwsgi.ini: skipped (a template with {{ … }}, not uWSGI config until rendered)",
      "project/uwsgi.ini: skipped (a template with {{ … }}, not uWSGI config until rendered)",
      "uw.conf: skipped (a template with {{ … }}, not uWSGI config until rendered)",
    ]);
  });

  it("reads a file named on the command line with a [uwsgi] section as an ini, whatever its extension; a walk does not", () => {
    write({ "uw.conf": "[uwsgi]\nmodule = app:app\n", "deploy/service.yaml": MANIFEST });
    expect(discovered(["uw.conf", "deploy/service.yaml"]).files).toEqual(["uw.conf uwsgi", "deploy/service.yaml yaml"]);
    expect(discovered().files).toEqual(["deploy/service.yaml yaml"]);
  });

  it("never reads templated files as YAML, even when named on the command line", () => {
    write({
      "deploy.yaml.j2": "metadata:\n  name: {{ name }}\n",
      "ansible/deploy.yaml": "{% for app in apps %}\n- name: {{ app }}\n{% endfor %}\n",
      "quoted.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  summary: "{{ $labels.instance }} is down"\n',
    });
    const { files, notes } = discovered([".", "deploy.yaml.j2"]);
    expect(files).toEqual(["quoted.yaml yaml"]);
    expect(notes).toEqual([
      "ansible/deploy.yaml: skipped (a template with {{ … }} outside quotes, not YAML until rendered)",
      "deploy.yaml.j2: skipped (a template, not YAML until rendered)",
    ]);
  });

  it("reads {{ }} in a block scalar as the data it is: a ConfigMap holding an alertmanager template is a manifest", () => {
    write({
      "alerts.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  slack.tmpl: |\n    {{ define "slack.title" }}{{ .Status }}{{ end }}\n\n    {{ template "slack.title" . }}\n',
      "list.yaml": "items:\n  - >-\n    {{ first }}\n  - {{ second }}\n",
    });
    expect(discovered().files).toEqual(["alerts.yaml yaml"]);
  });

  it("tells templates in time on a long blank line (found by fuzz:long: it took minutes)", () => {
    write({ "blank.yaml": `value: |\n  ${" ".repeat(900_000)}\nkey: "{{ quoted }}"\n`, "ansible.yaml": `a: 1\n  ${" ".repeat(900_000)}\n- {{ x }}\n` });
    const started = performance.now();
    expect(discovered().files).toEqual(["blank.yaml yaml"]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("the command line", () => {
  it("names, even without --verbose, the Helm charts and kustomize bases it skipped, which a cluster gets only as rendered", () => {
    write({
      "chart/Chart.yaml": "name: web\n", "chart/templates/service.yaml": "kind: Service\nspec: {{ toYaml .Values.spec }}\n",
      "base/kustomization.yaml": "resources: [deployment.yaml]\n", "base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
      "overlays/prod/kustomization.yaml": "resources: [../../base]\n", "service.yaml": MANIFEST,
    });
    const stderr = (...options: string[]) => runCli([".", "--format", "json", ...options], { cwd: repo }).stderr;
    expect(stderr()).toBe("nw-lint: not linted as written, since only what renders them is applied: the kustomize base base, the Helm chart chart (--verbose says how to lint them)\n");
    expect(stderr("--quiet")).toBe("");
    expect(stderr("--verbose")).not.toContain("not linted as written");
  });

  it("names the skipped chart under --verbose and lints helm template output from stdin", () => {
    write({ "chart/Chart.yaml": "name: web\n", "chart/templates/service.yaml": "kind: Service\nspec: {{ toYaml .Values.spec }}\n" });
    const rendered = `---\n# Source: web/templates/service.yaml\n${MANIFEST.replace("port: 80", "port: 80, protocol: TCPP")}`;
    const run = runCli([".", "-", "--verbose", "--format", "json"], { cwd: repo, input: rendered });
    expect(run.stderr).toContain("nw-lint: chart: skipped a Helm chart (its templates are not YAML until rendered); lint them with: helm template chart | nw-lint -");
    const diagnostics = (JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string }[] }).diagnostics;
    expect(diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toEqual(["- k8s/schema"]);
  });
});
