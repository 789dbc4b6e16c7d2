// nw-lint's SARIF checked by the official validator, with GitHub code scanning's ingestion rules.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/engine/package.js";
import type { LintReport } from "../../src/engine/types.js";
import { DEPLOYMENT, diagnosticAt, formatterContext, sarifText, sourceFile } from "../formatters/report-builder.js";
import { runCli } from "../helpers.js";
import { validateSarif, type ValidatorFinding } from "./sarif-validator.js";

/** The conformance suite's cases (shared/ lies beside the repository), each a small repository. */
const conformanceCases = join(packageRoot, "../shared/conformance/cases");
/** Directories the built CLI lints: the project's own example and rule fixtures, then every conformance case. */
const lintedDirectories: readonly string[] = [
  join(packageRoot, "examples/spin-app"),
  join(packageRoot, "fixtures/rules"),
  ...readdirSync(conformanceCases).map((name) => join(conformanceCases, name)),
];
const outputDirectory = mkdtempSync(join(tmpdir(), "nw-lint-sarif-cases-"));
afterAll(() => rmSync(outputDirectory, { recursive: true, force: true }));

/** SARIF from the built CLI run in `directory`, as CI would run it; exit 1 (findings) is expected. */
function sarifFromCli(directory: string): string {
  const output = join(outputDirectory, "nw-lint.sarif");
  const run = runCli(["--format", "sarif", "--output", output, "."], { cwd: directory });
  if (run.status !== 0 && run.status !== 1) throw new Error(`nw-lint exited ${run.status} in ${directory}: ${run.stderr}`);
  return readFileSync(output, "utf8");
}

const errorsIn = (findings: readonly ValidatorFinding[]): ValidatorFinding[] =>
  findings.filter((finding) => finding.level === "error");

const manifest = sourceFile("k8s/app.yaml", DEPLOYMENT);
const ini = sourceFile("docker/app.ini", "[uwsgi]\nmodule = 'app:app'\nmaster = true\n");
const app = sourceFile("docker/app.py", "import flask\n\napp = flask.Flask(__name__)\n");

/** Every feature of nw-lint's SARIF at once: severities, related sites, a fix, a suppression. */
const report: LintReport = {
  files: [ini, app, manifest],
  diagnostics: [
    diagnosticAt(ini, "uwsgi/need-app", "module = 'app:app'", {
      effect: "wont-start",
      hint: "remove the quotes: uWSGI keeps them as part of the module name",
      related: [{ file: app.path, line: 3, column: 1, endLine: 3, endColumn: 4, message: "the app uWSGI should load" }],
      fix: {
        title: "Remove the quotes",
        applicability: "safe",
        edits: [
          { file: ini.path, start: 17, end: 18, text: "" },
          { file: ini.path, start: 25, end: 26, text: "" },
        ],
      },
    }),
    diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest"),
    diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]", { effect: "rejected" }),
    diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]", {
      suppressed: { kind: "comment", justification: "the sidecar pings" },
    }, 1),
  ],
};

describe("SARIF validator", () => {
  it("reports GitHub ingestion errors, so a clean run means something", () => {
    const bare = { version: "2.1.0", runs: [{ tool: { driver: { name: "x", rules: [{ id: "x/y" }] } }, results: [] }] };
    expect(errorsIn(validateSarif(JSON.stringify(bare))).map((finding) => finding.ruleId)).toContain("GH2012");
  });

  it("accepts nw-lint's SARIF for a report using every feature", () => {
    const findings = validateSarif(sarifText(report, formatterContext()));
    expect(errorsIn(findings)).toEqual([]);
  });

  it("accepts nw-lint's SARIF for a run that failed to write a fix", () => {
    const failures = [{ file: manifest.path, message: "not fixed: cannot write it (EACCES)" }];
    expect(errorsIn(validateSarif(sarifText(report, { ...formatterContext(), failures })))).toEqual([]);
  });

  it.each(lintedDirectories.map((directory) => [relative(packageRoot, directory), directory]))(
    "accepts the CLI's SARIF for %s, byte-identical twice",
    (_, directory) => {
      const sarif = sarifFromCli(directory);
      expect(sarifFromCli(directory)).toBe(sarif);
      expect(errorsIn(validateSarif(sarif))).toEqual([]);
    },
  );
});
