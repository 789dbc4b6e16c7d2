// `nw-lint graph --format dot` rendered by Graphviz itself (Debian's graphviz, installed by
// scripts/install-integration-deps.sh): `dot -Tsvg` must accept it with no error and no warning,
// and draw every node and edge of the graph.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";
import { renderDot } from "../../src/graph/dot.js";
import type { Graph } from "../../src/graph/graph.js";
import { parseDot } from "../graph-parse.js";
import { runCli } from "../helpers.js";

function renderSvg(dot: string): { svg: string; stderr: string; status: number | null } {
  const result = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
  if (result.error) {
    throw new Error(`cannot run Graphviz's dot (${result.error.message}); install it with scripts/install-integration-deps.sh`);
  }
  return { svg: result.stdout, stderr: result.stderr, status: result.status };
}

function expectRendered(dot: string): void {
  const { svg, stderr, status } = renderSvg(dot);
  expect(stderr).toBe("");
  expect(status).toBe(0);
  const parsed = parseDot(dot);
  expect(svg.match(/<g id="node\d+" class="node">/g) ?? []).toHaveLength(parsed.nodes.length);
  expect(svg.match(/<g id="edge\d+" class="edge">/g) ?? []).toHaveLength(parsed.edges.length);
}

describe("nw-lint graph --format dot renders with Graphviz", () => {
  const projects = {
    "the graph fixture, with broken links": [join(packageRoot, "test", "fixtures", "graph", "skyview"), "."],
    "the example app": [packageRoot, "examples/spin-app"],
    "an Ingress alone (unverified links)": [join(packageRoot, "test", "fixtures", "graph", "skyview"), "k8s/ingress.yaml"],
    "the README example": [join(packageRoot, "test", "fixtures", "graph", "readme"), "."],
  } as const;
  for (const [name, [cwd, path]] of Object.entries(projects)) {
    it(name, () => {
      const run = runCli(["graph", path, "--format", "dot"], { cwd });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^digraph "nw-lint" \{\n/);
      expectRendered(run.stdout);
    });
  }

  it("labels with quotes, backslashes, angle brackets and non-ASCII text", () => {
    const label = 'a "quoted" \\l \\N <b>&amp; `tick` | {record} → é %% end';
    const graph: Graph = {
      nodes: [
        { id: "node_a", kind: "service", title: label, details: ["x"], at: "k8s/a b.yaml:3", presence: "present", rules: ["k8s/port-chain"], health: "warning" },
        { id: "node_b", kind: "volume", title: "missing volume x", details: [], at: undefined, presence: "missing", rules: [], health: "ok" },
        { id: "node_c", kind: "module", title: "module y", details: [], at: undefined, presence: "unverified", rules: [], health: "ok" },
      ],
      edges: [
        { from: "node_a", to: "node_b", label, presence: "broken", rules: ["k8s/volume-mount-missing"], health: "error" },
        { from: "node_a", to: "node_c", label: "", presence: "unverified", rules: [], health: "ok" },
      ],
      unplaced: 0,
    };
    const dot = renderDot(graph);
    expectRendered(dot);
    expect(renderSvg(dot).svg).toContain("a &quot;quoted&quot; \\l \\N &lt;b&gt;&amp;amp; `tick` | {record} → é %% end");
  });
});
