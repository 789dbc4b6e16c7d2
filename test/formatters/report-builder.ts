// Builds LintReports by hand for formatter tests, with positions computed from the text.
import type { Diagnostic, LintReport, RuleMeta, Severity, SourceFile } from "../../src/engine/types.js";
import type { FormatterContext } from "../../src/formatters/context.js";
import { positionAt } from "../../src/engine/source.js";
import { format as sarif } from "../../src/formatters/sarif.js";

export function sourceFile(path: string, text: string): SourceFile {
  return { path, absolutePath: `/repo/${path}`, text, hadBom: false, language: "yaml" };
}

export function rule(id: string, severity: Severity, title: string): RuleMeta {
  return {
    id,
    title,
    severity,
    docs: {
      what: `Checks that ${title.toLowerCase()}.`,
      why: "Spin rejects it.",
      fix: "Change the manifest.",
      sources: ["SPIN.md"],
    },
    messages: { default: title },
  };
}

export const RULES: readonly RuleMeta[] = [
  rule("k8s/image-tag", "warning", "Images are pinned"),
  rule("spin/capabilities-drop-all", "error", "Containers drop ALL capabilities"),
  rule("uwsgi/need-app", "info", "uWSGI stops when the app fails to load"),
];

export function formatterContext(options: { quiet?: boolean } = {}): FormatterContext {
  return {
    rules: RULES,
    toolVersion: "0.1.0",
    cwd: "/repo",
    sourceRoot: "/repo",
    docsUrl: (ruleId) => `https://example.test/rules/${ruleId}.md`,
    color: false,
    quiet: options.quiet ?? false,
  };
}

/** A diagnostic on the `occurrence`-th appearance of `needle` in the file. */
export function diagnosticAt(
  file: SourceFile,
  ruleId: string,
  needle: string,
  extra: Partial<Diagnostic> = {},
  occurrence = 0,
): Diagnostic {
  let start = -1;
  for (let seen = 0; seen <= occurrence; seen++) start = file.text.indexOf(needle, start + 1);
  if (start === -1) throw new Error(`${needle} not in ${file.path}`);
  const end = start + needle.length;
  const from = positionAt(file, start);
  const to = positionAt(file, end);
  return {
    ruleId,
    severity: RULES.find((meta) => meta.id === ruleId)?.severity ?? "error",
    file: file.path,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    message: `${ruleId} at ${needle}`,
    docsUrl: `https://example.test/rules/${ruleId}.md`,
    start,
    end,
    ...extra,
  };
}

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.nersc.gov/nightwatch/app:latest
          securityContext:
            capabilities:
              drop: [NET_RAW]
        - name: sidecar
          image: registry.nersc.gov/nightwatch/sidecar:latest
          securityContext:
            capabilities:
              drop: [NET_RAW]
`;

/** The SARIF formatter's text: its chunks, joined. */
export function sarifText(report: LintReport, context: FormatterContext): string {
  return [...sarif(report, context)].join("");
}
