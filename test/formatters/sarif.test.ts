import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import type { Diagnostic, LintReport, SourceFile } from "../../src/engine/types.js";
import { FINGERPRINT_KEY } from "../../src/formatters/fingerprints.js";
import { format } from "../../src/formatters/sarif.js";
import { DEPLOYMENT, RULES, diagnosticAt, formatterContext, sarifText, sourceFile } from "./report-builder.js";

function sarifOf(report: LintReport): Sarif.Log {
  return JSON.parse(sarifText(report, formatterContext())) as Sarif.Log;
}

function runOf(report: LintReport): Sarif.Run {
  return sarifOf(report).runs[0]!;
}

const manifest = sourceFile("k8s/app.yaml", DEPLOYMENT);
const capabilities = (extra: Partial<Diagnostic> = {}, occurrence = 0): Diagnostic =>
  diagnosticAt(manifest, "spin/capabilities-drop-all", "drop: [NET_RAW]", extra, occurrence);

describe("SARIF formatter", () => {
  it("describes every registered rule from its metadata", () => {
    const driver = runOf({ diagnostics: [], files: [] }).tool.driver;
    expect(driver).toMatchObject({ name: "nw-lint", version: "0.1.0" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(driver.rules![2]).toEqual({
      id: "uwsgi/need-app",
      shortDescription: { text: "uWSGI stops when the app fails to load" },
      fullDescription: { text: "Checks that uwsgi stops when the app fails to load." },
      help: {
        text: "Checks that uwsgi stops when the app fails to load.\n\nWhy: Spin rejects it.\n\nFix: Change the manifest.",
        markdown: "Checks that uwsgi stops when the app fails to load.\n\n**Why:** Spin rejects it.\n\n**Fix:** Change the manifest.",
      },
      helpUri: "https://example.test/rules/uwsgi/need-app.md",
      defaultConfiguration: { level: "note" },
      properties: { tags: ["uwsgi"] },
    });
  });

  it("points each result's ruleIndex at its rule, with the severity as level", () => {
    const tag = diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest");
    const run = runOf({ diagnostics: [capabilities(), tag], files: [manifest] });
    expect(run.results!.map((result) => [result.ruleId, result.ruleIndex, result.level])).toEqual([
      ["spin/capabilities-drop-all", 1, "error"],
      ["k8s/image-tag", 0, "warning"],
    ]);
    for (const result of run.results!) expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it("roots URIs at the repository, not the working directory below it, and gives a file outside it its own file URI", () => {
    const file = sourceFile("deploy.yaml", DEPLOYMENT);
    const outside = sourceFile("../../elsewhere/app.yaml", DEPLOYMENT);
    const report = { diagnostics: [diagnosticAt(file, "spin/capabilities-drop-all", "drop: [NET_RAW]"), diagnosticAt(outside, "spin/capabilities-drop-all", "drop: [NET_RAW]")], files: [file, outside] };
    const run = (JSON.parse(sarifText(report, { ...formatterContext(), cwd: "/repo/k8s" })) as Sarif.Log).runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
    expect(run.results!.map((result) => result.locations![0]!.physicalLocation!.artifactLocation)).toEqual([
      { uri: "k8s/deploy.yaml", uriBaseId: "%SRCROOT%" },
      { uri: "file:///elsewhere/app.yaml" },
    ]);
  });

  it("gives the real region with a URI relative to %SRCROOT%", () => {
    const file = sourceFile("k8s/my app.yaml", DEPLOYMENT);
    const diagnostic = diagnosticAt(file, "spin/capabilities-drop-all", "drop: [NET_RAW]", {
      effect: "rejected",
      hint: "add ALL to securityContext.capabilities.drop",
    });
    const run = runOf({ diagnostics: [diagnostic], files: [file] });
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
    expect(run.results![0]).toMatchObject({
      message: { text: "spin/capabilities-drop-all at drop: [NET_RAW]\nadd ALL to securityContext.capabilities.drop" },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "k8s/my%20app.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 13, startColumn: 15, endLine: 13, endColumn: 30 },
          },
        },
      ],
      properties: { effect: "rejected" },
    });
  });

  it("numbers related locations and keeps their messages", () => {
    const diagnostic = capabilities({
      related: [{ file: "docker/app.py", line: 3, column: 5, endLine: 3, endColumn: 9, message: "the app binds here" }],
    });
    expect(runOf({ diagnostics: [diagnostic], files: [manifest] }).results![0]!.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "docker/app.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
        },
        message: { text: "the app binds here" },
      },
    ]);
  });

  it("gives a fix's deleted region as offsets and as lines and columns", () => {
    const target = capabilities();
    const insertAt = target.start + "drop: [".length;
    const diagnostic = capabilities({
      fix: {
        title: "Drop ALL capabilities",
        applicability: "safe",
        edits: [{ file: manifest.path, start: insertAt, end: insertAt + "NET_RAW".length, text: "ALL" }],
      },
    });
    expect(runOf({ diagnostics: [diagnostic], files: [manifest] }).results![0]!.fixes).toEqual([
      {
        description: { text: "Drop ALL capabilities" },
        artifactChanges: [
          {
            artifactLocation: { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" },
            replacements: [
              {
                deletedRegion: {
                  startLine: 13,
                  startColumn: 22,
                  endLine: 13,
                  endColumn: 29,
                  charOffset: insertAt,
                  charLength: 7,
                },
                insertedContent: { text: "ALL" },
              },
            ],
          },
        ],
        properties: { applicability: "safe" },
      },
    ]);
  });

  it("keeps suppressed findings, marked as suppressed in source, and says the others are not", () => {
    const run = runOf({
      diagnostics: [
        capabilities({ suppressed: { kind: "comment", justification: "sidecar needs NET_RAW" } }),
        capabilities({ suppressed: { kind: "annotation" } }, 1),
        diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest"),
      ],
      files: [manifest],
    });
    expect(run.results!.map((result) => result.suppressions)).toEqual([
      [{ kind: "inSource", status: "accepted", justification: "sidecar needs NET_RAW" }],
      [{ kind: "inSource", status: "accepted" }],
      [],
    ]);
  });

  it("keeps fingerprints when unrelated lines are inserted above, and tells equal lines apart", () => {
    const fingerprintsOf = (file: SourceFile): string[] => {
      const diagnostics = [0, 1].map((occurrence) =>
        diagnosticAt(file, "spin/capabilities-drop-all", "drop: [NET_RAW]", {}, occurrence),
      );
      return runOf({ diagnostics, files: [file] }).results!.map((result) => result.partialFingerprints![FINGERPRINT_KEY]!);
    };
    const before = fingerprintsOf(manifest);
    const after = fingerprintsOf(sourceFile("k8s/app.yaml", `# deployed by CI\n---\n${DEPLOYMENT}`));
    expect(after).toEqual(before);
    expect(new Set(before).size).toBe(2);
    expect(fingerprintsOf(sourceFile("k8s/other.yaml", DEPLOYMENT))).not.toEqual(before);
  });

  it("keeps only errors under --quiet, with the fingerprints they have without it", () => {
    const report: LintReport = {
      diagnostics: [diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest"), capabilities()],
      files: [manifest],
    };
    const quiet = (JSON.parse(sarifText(report, formatterContext({ quiet: true }))) as Sarif.Log).runs[0]!.results!;
    expect(quiet.map((result) => result.ruleId)).toEqual(["spin/capabilities-drop-all"]);
    expect(quiet[0]!.partialFingerprints).toEqual(runOf(report).results![1]!.partialFingerprints);
  });

  it("prints byte-identical output twice, with no timestamps", () => {
    const report: LintReport = { diagnostics: [capabilities(), capabilities({}, 1)], files: [manifest] };
    const first = sarifText(report, formatterContext());
    expect(sarifText(report, formatterContext())).toBe(first);
    expect(sarifOf(report).runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it("writes, one result at a time, the text JSON.stringify(log, null, 2) gives", () => {
    const reports: LintReport[] = [
      { diagnostics: [capabilities(), capabilities({}, 1)], files: [manifest] },
      { diagnostics: [], files: [manifest] },
    ];
    for (const report of reports) {
      const chunks = [...format(report, formatterContext())];
      const text = chunks.join("");
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(chunks).toHaveLength(report.diagnostics.length + 3);
    }
    const noneShown = sarifText({ diagnostics: [diagnosticAt(manifest, "k8s/image-tag", "registry.nersc.gov/nightwatch/app:latest")], files: [manifest] }, formatterContext({ quiet: true }));
    expect(noneShown).toBe(`${JSON.stringify(JSON.parse(noneShown), null, 2)}\n`);
    expect((JSON.parse(noneShown) as Sarif.Log).runs[0]!.results).toEqual([]);
  });

  it("says a run that failed to write a fix did not succeed, with the failure as an error notification on its file", () => {
    const failures = [{ file: "k8s/app.yaml", message: "not fixed: cannot write it (EACCES)" }];
    const run = (JSON.parse(sarifText({ diagnostics: [capabilities()], files: [manifest] }, { ...formatterContext(), failures })) as Sarif.Log).runs[0]!;
    expect(run.invocations).toEqual([{
      executionSuccessful: false,
      toolExecutionNotifications: [{
        level: "error",
        message: { text: "k8s/app.yaml: not fixed: cannot write it (EACCES)" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "k8s/app.yaml", uriBaseId: "%SRCROOT%" } } }],
      }],
    }]);
  });

  it("refuses a diagnostic whose rule is not registered", () => {
    const stray = diagnosticAt(manifest, "spin/no-such-rule", "kind");
    expect(() => format({ diagnostics: [stray], files: [manifest] }, formatterContext())).toThrow(/spin\/no-such-rule/);
  });
});
