import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintPathsWithModel } from "../src/cli/lint-paths.js";
import { parseCliOptions } from "../src/cli/options.js";
import { packageRoot } from "../src/engine/package.js";
import { renderDot } from "../src/graph/dot.js";
import { buildGraph, drawingOf, type Graph, type GraphEdge, type GraphNode } from "../src/graph/graph.js";
import { renderMermaid } from "../src/graph/mermaid.js";
import { keys, parseDot, parseMermaid } from "./graph-parse.js";
import { runCli } from "./helpers.js";

const SKYVIEW = join(packageRoot, "test", "fixtures", "graph", "skyview");

/** The graph of `paths` as `nw-lint graph` builds it: the lint pipeline of the CLI, run from `cwd`. */
function graphOf(cwd: string, ...paths: string[]): Graph {
  const options = parseCliOptions(["graph", ...paths]);
  const { report, model } = lintPathsWithModel(options.positionals, options, cwd);
  return buildGraph(model, report.diagnostics);
}

function byTitle(graph: Graph, title: string): GraphNode {
  const node = graph.nodes.find((candidate) => candidate.title === title);
  if (!node) throw new Error(`no node "${title}" among ${graph.nodes.map((candidate) => candidate.title).join(", ")}`);
  return node;
}

/** Edges as `from title → to title`, with label, presence and rules. */
function edgeRows(graph: Graph): [string, string, string, GraphEdge["presence"], string][] {
  const title = (id: string) => graph.nodes.find((node) => node.id === id)!.title;
  return graph.edges.map((edge) => [title(edge.from), title(edge.to), edge.label, edge.presence, edge.rules.join(",")]);
}

describe("the graph of a Spin app", () => {
  const graph = graphOf(SKYVIEW);

  it("follows Ingress → Service → workload → container → uWSGI → module, with volumes, and marks each broken link with its rule", () => {
    expect(edgeRows(graph)).toEqual([
      ["Ingress skyview", "missing Service web-api", "port 8080", "broken", "k8s/ingress-backend"],
      ["Ingress skyview", "Service skyview", "port 8080", "present", ""],
      ["Service skyview", "Deployment skyview", "8080 → http", "present", ""],
      ["Service stale", "no pod matches app=skyview-old", "selects app=skyview-old", "broken", "k8s/service-selector"],
      ["Deployment skyview", "container web", "", "present", ""],
      ["container web", "missing volume cache", "/app/cache (read-write)", "broken", "k8s/volume-mount-missing"],
      ["container web", "volume catalog", "/app/catalog (read-only)", "present", ""],
      ["container web", "volume static", "/app/static (read-write)", "present", ""],
      ["container web", "uWSGI app.ini", "uwsgi --ini /app/app.ini", "present", ""],
      ["uWSGI app.ini", "missing module skyapi", "mount = /api=skyapi:app", "broken", "uwsgi/module-not-found"],
      ["uWSGI app.ini", "Python skyview.py", "module = skyview:app", "present", ""],
    ]);
    expect(graph.unplaced).toBe(0);
  });

  it("labels each node with what it is and its file:line", () => {
    const shown = (title: string) => {
      const node = byTitle(graph, title);
      return [node.details, node.at, node.presence];
    };
    expect(shown("Ingress skyview")).toEqual([["host skyview.nightwatch.development.svc.spin.nersc.org"], "k8s/ingress.yaml:4", "present"]);
    expect(shown("Service skyview")).toEqual([["port 8080 (http) → http"], "k8s/services.yaml:4", "present"]);
    expect(shown("Deployment skyview")).toEqual([[], "k8s/deployment.yaml:4", "present"]);
    expect(shown("container web")).toEqual([["image registry.nersc.gov/m1234/skyview:2.0.1", "containerPort 8080 (http)"], "k8s/deployment.yaml:18", "present"]);
    expect(shown("volume catalog")).toEqual([["hostPath /global/cfs/cdirs/m1234/skyview/catalog (Directory)", "global file system"], "k8s/deployment.yaml:39", "present"]);
    expect(shown("volume static")).toEqual([["emptyDir"], "k8s/deployment.yaml:43", "present"]);
    expect(shown("uWSGI app.ini")).toEqual([["http-socket :8080"], "app/app.ini:1", "present"]);
    expect(shown("Python skyview.py")).toEqual([["module skyview", "callable app"], "app/skyview.py:1", "present"]);
    expect(shown("missing module skyapi")).toEqual([["No module named 'skyapi'"], undefined, "missing"]);
    expect(shown("missing Service web-api")).toEqual([[], undefined, "missing"]);
  });

  it("names an ini a COPY heredoc writes by its name in the image, at the Dockerfile's line", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-heredoc-"));
    const fixture = join(packageRoot, "fixtures", "rules", "uwsgi", "ini-syntax", "fail", "heredoc");
    for (const name of ["Dockerfile", "app.py", "deploy.yaml"]) writeFileSync(join(dir, name), readFileSync(join(fixture, name)));
    const node = byTitle(graphOf(dir, "."), "uWSGI web.ini (written by Dockerfile line 7)");
    expect([node.id, node.at]).toEqual(["uwsgi_web_ini", "Dockerfile:8"]);
  });

  it("draws a finding in a file a COPY heredoc writes on that file's node, not on another heredoc's file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-heredocs-"));
    writeFileSync(join(dir, "Dockerfile"), [
      "FROM python:3.11-slim", "WORKDIR /app", "COPY . /app", "RUN pip install flask uwsgi",
      "COPY <<EOF /app/web.ini", "[uwsgi]", "master = true", "need-app = true", "module = wsgi:app", "http-socket = :8080", "EOF",
      "COPY <<\"EOS\" /entrypoint.sh", "#!/bin/sh", "exec gosu app uwsgi --ini /app/web.ini", "EOS",
      'ENTRYPOINT ["/entrypoint.sh"]', "",
    ].join("\n"));
    writeFileSync(join(dir, "wsgi.py"), "from flask import Flask\napp = Flask(__name__)\n");
    writeFileSync(join(dir, "deploy.yaml"), [
      "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  selector: {matchLabels: {app: web}}", "  template:",
      "    metadata: {labels: {app: web}}", "    spec:", "      containers:", "      - name: web", "        image: registry.nersc.gov/m1/web:1", "",
    ].join("\n"));
    const built = graphOf(dir, ".", "Dockerfile", "wsgi.py");
    const rules = (title: string) => byTitle(built, title).rules;
    expect([rules("Dockerfile"), rules("uWSGI web.ini (written by Dockerfile line 5)")]).toEqual([["spin/user-in-command"], ["uwsgi/die-on-term"]]);
  });

  it("names a Python module a COPY heredoc writes by its name in the image, at the first line of its body", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-heredoc-module-"));
    writeFileSync(join(dir, "Dockerfile"), [
      "FROM python:3.11-slim", "WORKDIR /app", "RUN pip install flask uwsgi",
      "COPY <<EOF /app/wsgi.py", "from flask import Flask", "app = Flask(__name__)", "EOF",
      "COPY <<EOF /app/web.ini", "[uwsgi]", "need-app = true", "module = wsgi:app", "EOF",
      'CMD ["uwsgi", "--ini", "/app/web.ini"]', "",
    ].join("\n"));
    const node = byTitle(graphOf(dir, "Dockerfile"), "Python wsgi.py (written by Dockerfile line 4)");
    expect([node.id, node.details, node.at]).toEqual(["module_wsgi_py", ["module wsgi", "callable app"], "Dockerfile:5"]);
  });

  it("draws broken links and missing nodes red; the Mermaid and the DOT hold the same nodes and edges", () => {
    const mermaid = parseMermaid(renderMermaid(graph));
    const dot = parseDot(renderDot(graph));
    expect(keys(mermaid)).toEqual(keys(dot));
    expect(mermaid.nodes).toHaveLength(graph.nodes.length);
    expect(mermaid.edges).toHaveLength(graph.edges.length);
    const brokenEdges = dot.edges.filter((edge) => edge.dashed);
    expect(brokenEdges).toHaveLength(4);
    for (const edge of brokenEdges) {
      expect(edge.style).toBe("error");
      expect(edge.lines.at(-1)).toMatch(/^(k8s|uwsgi)\//);
    }
    expect(dot.nodes.filter((node) => node.style === "error").map((node) => node.lines[0])).toEqual([
      "missing Service web-api", "no pod matches app=skyview-old", "missing volume cache", "missing module skyapi",
    ]);
    expect(dot.nodes.find((node) => node.lines[0] === "container web")!.lines).toEqual([
      "container web", "image registry.nersc.gov/m1234/skyview:2.0.1", "containerPort 8080 (http)", "k8s/deployment.yaml:18",
    ]);
  });

  it("is deterministic: two runs print the same text", () => {
    const again = graphOf(SKYVIEW);
    expect(renderMermaid(again)).toBe(renderMermaid(graph));
    expect(renderDot(again)).toBe(renderDot(graph));
    expect(renderMermaid(graph).startsWith("flowchart LR\n")).toBe(true);
  });
});

describe("gunicorn, uvicorn and Flask's development server", () => {
  it("draws the server a container runs, where it listens and the module it loads, with the rules on them", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-server-"));
    mkdirSync(join(dir, "myapp"));
    writeFileSync(join(dir, "myapp", "__init__.py"), "");
    writeFileSync(join(dir, "myapp", "wsgi.py"), "from flask import Flask\napp = Flask(__name__)\n");
    writeFileSync(join(dir, "Dockerfile"), "FROM python:3.11\nWORKDIR /app\nCOPY . /app\n");
    writeFileSync(
      join(dir, "deploy.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ns}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [gunicorn, \"myapp.wsgi:nope\"]\n",
    );
    const graph = graphOf(dir);
    expect(byTitle(graph, "gunicorn myapp.wsgi:nope").details).toEqual(["listens on 127.0.0.1:8000 (default)"]);
    expect(edgeRows(graph).filter(([from]) => from !== "Deployment web")).toEqual([
      ["container web", "gunicorn myapp.wsgi:nope", "runs", "present", ""],
      ["Dockerfile", "gunicorn myapp.wsgi:nope", "builds the image", "present", ""],
      ["gunicorn myapp.wsgi:nope", "Python wsgi.py", "myapp.wsgi:nope", "present", "gunicorn/app-not-found"],
    ]);
  });
});

describe("the configs a uWSGI app reads", () => {
  it("draws each from what names it, labelled with the option: the command's --ini, --include and --inherit from the container, an ini's ini =, include = and inherit = from that ini", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-configs-"));
    mkdirSync(join(dir, "app"));
    const files: Record<string, string> = {
      "deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ns}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [uwsgi, --ini, /app/app.ini, --include, /app/extra.ini, --inherit, /app/last.conf]\n",
      "app/app.ini": "[uwsgi]\nhttp-socket = :8080\nneed-app = true\ninclude = common.ini\ninherit = tail.ini\nini = other.ini\n",
      "app/common.ini": "[uwsgi]\nmodule = web:app\ninclude = more.ini\n",
      "app/more.ini": "[uwsgi]\nmaster = true\n",
      "app/tail.ini": "[uwsgi]\nthreads = 2\n",
      "app/other.ini": "[uwsgi]\nprocesses = 2\n",
      "app/extra.ini": "[uwsgi]\nvacuum = true\n",
      "app/web.py": "from flask import Flask\napp = Flask(__name__)\n",
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    const graph = graphOf(dir);
    expect(edgeRows(graph).filter(([from, to]) => from !== "Deployment web" && !to.startsWith("Python"))).toEqual([
      ["container web", "config /app/last.conf", "uwsgi --inherit /app/last.conf", "broken", "uwsgi/ini-syntax"],
      ["container web", "uWSGI app.ini", "uwsgi --ini /app/app.ini", "present", ""],
      ["container web", "uWSGI extra.ini", "uwsgi --include /app/extra.ini", "present", ""],
      ["uWSGI app.ini", "uWSGI common.ini", "include =", "present", ""],
      ["uWSGI app.ini", "uWSGI other.ini", "ini =", "present", ""],
      ["uWSGI app.ini", "uWSGI tail.ini", "inherit =", "present", ""],
      ["uWSGI common.ini", "uWSGI more.ini", "include =", "present", ""],
    ]);
    expect(byTitle(graph, "uWSGI app.ini").details).toEqual(["http-socket :8080"]);
    expect(byTitle(graph, "config /app/last.conf").details).toEqual(["uWSGI loads no config from this name"]);
  });
});

describe("links nw-lint cannot follow", () => {
  it("draws a Service that is not in the linted files grey and dashed, not red", () => {
    const graph = graphOf(SKYVIEW, "k8s/ingress.yaml");
    expect(edgeRows(graph)).toEqual([
      ["Ingress skyview", "Service skyview", "port 8080", "unverified", ""],
      ["Ingress skyview", "Service web-api", "port 8080", "unverified", ""],
    ]);
    expect(byTitle(graph, "Service web-api").details).toEqual(["not in the linted files"]);
    const dot = parseDot(renderDot(graph));
    expect(dot.edges.map((edge) => [edge.style, edge.dashed])).toEqual([["unverified", true], ["unverified", true]]);
    expect(keys(parseMermaid(renderMermaid(graph)))).toEqual(keys(dot));
  });

  it("keeps objects of one name in different files apart, and names namespaces when there are several", () => {
    const dir = mkdtempSync(join(tmpdir(), "nw-lint-graph-"));
    const deployment = readFileSync(join(SKYVIEW, "k8s", "deployment.yaml"), "utf8");
    for (const [stage, namespace] of [["dev", "nightwatch"], ["prod", "nightwatch"], ["test", "nightwatch-test"]] as const) {
      mkdirSync(join(dir, stage));
      writeFileSync(join(dir, stage, "deployment.yaml"), deployment.replace("namespace: nightwatch", `namespace: ${namespace}`));
    }
    const graph = graphOf(dir);
    const workloads = graph.nodes.filter((node) => node.title === "Deployment skyview");
    expect(workloads.map((node) => [node.id, node.details, node.at])).toEqual([
      ["workload_Deployment_skyview", ["namespace nightwatch"], "dev/deployment.yaml:4"],
      ["workload_Deployment_skyview_2", ["namespace nightwatch"], "prod/deployment.yaml:4"],
      ["workload_Deployment_skyview_3", ["namespace nightwatch-test"], "test/deployment.yaml:4"],
    ]);
    expect(graph.nodes.filter((node) => node.title === "container web")).toHaveLength(3);
    expect(graph.edges.filter((edge) => edge.presence === "broken").map((edge) => edge.rules)).toEqual(Array(3).fill(["k8s/volume-mount-missing"]));
  });

  it("places the example app's diagnostics on its nodes and edges", () => {
    const graph = graphOf(join(packageRoot, "examples", "spin-app"));
    expect(graph.unplaced).toBe(0);
    expect(byTitle(graph, "uWSGI app.ini").rules).toEqual(["uwsgi/quoted-value"]);
    const edge = edgeRows(graph).find(([from, to]) => from === "Service skymap" && to === "Deployment skymap")!;
    expect(edge.slice(2)).toEqual(["8080 → 5000 (nothing listens)", "present", "k8s/port-chain"]);
    expect(drawingOf(graph.edges.find((candidate) => candidate.label.startsWith("8080 → 5000"))!)).toBe("error");
  });
});

describe("labels", () => {
  const nasty = 'a "quoted" #1 <b>&amp; `tick` | pipe; [x] {y} \\n back\\slash %% end';
  const graph: Graph = {
    nodes: [
      { id: "node_a", kind: "service", title: nasty, details: ["second line"], at: "k8s/a b.yaml:3", presence: "present", rules: ["k8s/port-chain"], health: "warning" },
      { id: "node_b", kind: "volume", title: "missing volume x", details: [], at: undefined, presence: "missing", rules: [], health: "ok" },
      { id: "node_c", kind: "module", title: "module y", details: ["on a volume"], at: undefined, presence: "unverified", rules: [], health: "ok" },
    ],
    edges: [
      { from: "node_a", to: "node_b", label: nasty, presence: "broken", rules: ["k8s/volume-mount-missing"], health: "error" },
      { from: "node_a", to: "node_c", label: "", presence: "unverified", rules: [], health: "ok" },
      { from: "node_b", to: "node_c", label: "x", presence: "present", rules: ["r/i"], health: "info" },
    ],
    unplaced: 0,
  };

  it("survive both renderers whatever characters they hold", () => {
    const mermaid = parseMermaid(renderMermaid(graph));
    const dot = parseDot(renderDot(graph));
    expect(keys(mermaid)).toEqual(keys(dot));
    expect(mermaid.nodes[0]!.lines).toEqual([nasty, "second line", "k8s/a b.yaml:3", "k8s/port-chain"]);
    expect(mermaid.edges[0]!.lines).toEqual([nasty, "k8s/volume-mount-missing"]);
    expect(mermaid.nodes.map((node) => [node.style, node.dashed])).toEqual([["warning", false], ["error", true], ["unverified", true]]);
    expect(mermaid.edges.map((edge) => [edge.style, edge.dashed])).toEqual([["error", true], ["unverified", true], ["plain", false]]);
  });

  it("leave no character Mermaid or DOT would read as syntax", () => {
    const mermaid = renderMermaid(graph);
    for (const line of mermaid.split("\n").filter((text) => text.includes("node_a") && text.includes('"'))) {
      expect(line.match(/"/g)!.length).toBe(2);
      expect(/"(.*)"/.exec(line)![1]!.replaceAll("<br/>", "")).not.toMatch(/[<>`&]/);
    }
    expect(renderDot(graph)).toContain(String.raw`{y} \\n back\\slash %% end\n`);
  });
});

describe("nw-lint graph", () => {
  it("is what the README shows", () => {
    const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
    const shown = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(renderMermaid(graphOf(join(packageRoot, "test", "fixtures", "graph", "readme"))));
  });


  it("prints Mermaid by default and DOT with --format dot, exit 0 despite broken links", () => {
    const mermaid = runCli(["graph"], { cwd: SKYVIEW });
    expect(mermaid.status).toBe(0);
    expect(mermaid.stderr).toBe("");
    expect(mermaid.stdout).toBe(renderMermaid(graphOf(SKYVIEW)));
    const dot = runCli(["graph", ".", "--format", "dot"], { cwd: SKYVIEW });
    expect(dot.status).toBe(0);
    expect(dot.stdout).toBe(renderDot(graphOf(SKYVIEW)));
  });

  it("refuses a format it cannot draw with exit 2", () => {
    const run = runCli(["graph", "--format", "sarif"], { cwd: SKYVIEW });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("graph --format must be one of mermaid, dot");
  });

  it("is in --help", () => {
    expect(runCli(["--help"], { cwd: SKYVIEW }).stdout).toContain("nw-lint graph [PATH ...] [--format mermaid|dot]");
  });
});
