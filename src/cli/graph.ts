// `nw-lint graph [PATH ...] [--format mermaid|dot]`: lint the paths exactly as `nw-lint PATH`
// does (same discovery, config and rules, run once), then draw the project model with the
// diagnostics placed on its nodes and edges. Exit 0 once drawn: the picture is the output.
import { buildGraph, type Graph } from "../graph/graph.js";
import { renderDot } from "../graph/dot.js";
import { renderMermaid } from "../graph/mermaid.js";
import { lintPathsWithModel } from "./lint-paths.js";
import { formatOf, type CliOptions, type FormatOf } from "./options.js";
import { writeOutput } from "./output.js";
import { workingDirectory } from "./working-directory.js";

const RENDERERS: Readonly<Record<FormatOf<"graph">, (graph: Graph) => string>> = { mermaid: renderMermaid, dot: renderDot };

export function runGraph(options: CliOptions): number {
  const cwd = workingDirectory();
  const { report, model } = lintPathsWithModel(options.positionals, options, cwd);
  const graph = buildGraph(model, report.diagnostics);
  if (graph.unplaced > 0) {
    const count = graph.unplaced === 1 ? "1 diagnostic is" : `${graph.unplaced} diagnostics are`;
    process.stderr.write(`nw-lint: graph: ${count} on nothing drawn (other objects or files); nw-lint ${options.positionals.join(" ")} lists every one\n`);
  }
  writeOutput(RENDERERS[formatOf(options, "graph")](graph), options, cwd);
  return 0;
}
