// A worker thread of the parallel engine (src/engine/parallel.ts): lints each batch of files it
// is sent with the single-threaded engine, and answers with plain data.
import { parentPort, workerData } from "node:worker_threads";
import { allRules } from "../../rules/index.js";
import { linkKeys } from "../model/links.js";
import { lint } from "./lint.js";
import { withAppsOf, type BatchRequest, type BatchResult, type WorkerSetup } from "./parallel.js";
import type { Rule } from "./types.js";

const setup = workerData as WorkerSetup;
const registry = new Map(allRules.map((rule) => [rule.meta.id, rule]));
const rules: Rule[] = setup.ruleIds.map((id) => {
  const rule = registry.get(id);
  if (!rule) throw new Error(`rule ${id} is not in the registry, so a worker thread cannot run it`);
  return rule;
});

parentPort!.on("message", ({ id, files }: BatchRequest) => {
  let result: BatchResult;
  try {
    let keys: Map<string, Set<string>> = new Map();
    const report = lint({ files, settings: withAppsOf(setup.settings, files), rules, ...(setup.tree ? { tree: setup.tree } : {}), onModel: (model) => (keys = linkKeys(model)) });
    result = {
      id,
      diagnostics: report.diagnostics,
      keys: [...keys].map(([path, set]) => [path, [...set]] as const),
      read: report.files.slice(files.length),
      notes: report.notes ?? [],
    };
  } catch (error) {
    result = { id, error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
  }
  parentPort!.postMessage(result);
});
