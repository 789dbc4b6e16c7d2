import type * as Sarif from "sarif";
import { expect, it } from "vitest";
import { withoutSuppressedResults } from "../../scripts/sarif-drop-suppressed.js";
import { DEPLOYMENT, diagnosticAt, formatterContext, sarifText, sourceFile } from "../formatters/report-builder.js";

it("drops suppressed results and keeps the rest of the log", () => {
  const manifest = sourceFile("k8s/app.yaml", DEPLOYMENT);
  const at = (occurrence: number, suppressed?: { kind: "comment" }) =>
    diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]", suppressed && { suppressed }, occurrence);
  const log = JSON.parse(
    sarifText({ diagnostics: [at(0, { kind: "comment" }), at(1)], files: [manifest] }, formatterContext()),
  ) as Sarif.Log;
  const kept = withoutSuppressedResults(log);
  expect(kept.runs[0]!.results).toEqual([log.runs[0]!.results![1]]);
  expect({ ...kept.runs[0], results: undefined }).toEqual({ ...log.runs[0], results: undefined });
});
