// Removes suppressed results from a SARIF file, for upload to GitHub code scanning, which
// ignores `suppressions` and would open an alert for every finding silenced in source.
// Usage: node dist/scripts/sarif-drop-suppressed.js FILE   (rewrites FILE)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as Sarif from "sarif";

export function withoutSuppressedResults(log: Sarif.Log): Sarif.Log {
  return {
    ...log,
    runs: log.runs.map((run) => ({
      ...run,
      results: (run.results ?? []).filter((result) => (result.suppressions ?? []).length === 0),
    })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) throw new Error("usage: sarif-drop-suppressed FILE");
  const log = JSON.parse(readFileSync(file, "utf8")) as Sarif.Log;
  writeFileSync(file, `${JSON.stringify(withoutSuppressedResults(log), null, 2)}\n`);
}
