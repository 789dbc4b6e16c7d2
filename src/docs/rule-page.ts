// A rule's page, in Markdown: `nw-lint explain ID` prints it and `npm run generate` writes it to
// docs/rules/<id>.md. Headings follow Ruff's and Biome's rule docs; the examples are the rule's
// fixtures and what nw-lint reports on them, so the page cannot drift from the rule.
import { findRule } from "../../rules/index.js";
import { settingDescription } from "../engine/config-schema.js";
import { unifiedDiff } from "../engine/diff.js";
import { docsUrl, repositoryFileUrl, RULE_DOCS_DIR } from "../engine/package.js";
import { createSourceFile } from "../engine/source.js";
import type { RuleMeta } from "../engine/types.js";
import { diagnosticBlocks } from "../formatters/stylish.js";
import { exampleDirectory, exampleFiles as readExampleFiles, loadExample, withoutMarkers, type Example, type ExampleFile } from "./examples.js";

export function rulePage(meta: RuleMeta): string {
  const failing = loadExample(meta.id, "fail");
  const passing = loadExample(meta.id, "pass");
  const sections = [
    `# ${meta.id}\n\n${meta.title}.\n\nDefault severity: **${meta.severity}**.`,
    section("What it does", meta.docs.what),
    section("Why is this bad?", meta.docs.why),
    failing ? section("Example", `${exampleFiles(failing.files)}\n\n${reported(failing)}`) : "",
    passing ? section("Use instead", exampleFiles(passing.files)) : "",
    section("Fix", [meta.docs.fix, fixSafety(meta), fixedExample(meta)].filter(Boolean).join("\n\n")),
    section("Options", options(meta)),
    meta.docs.related?.length ? section("Related rules", meta.docs.related.map(relatedRule).join("\n")) : "",
    section("Sources", [...meta.docs.sources.map((source) => `- ${source}`), "", `What these sources refer to: [the rule index](${repositoryFileUrl(`${RULE_DOCS_DIR}/README.md`)}#sources).`].join("\n")),
  ];
  return `${sections.filter(Boolean).join("\n\n")}\n`;
}

function section(heading: string, body: string): string {
  return `## ${heading}\n\n${body}`;
}

function exampleFiles(files: readonly ExampleFile[]): string {
  return files.map((file) => `\`${file.path}\`:\n\n${fenced(fenceLanguage(file.path), file.text.trimEnd())}`).join("\n\n");
}

function reported(example: Example): string {
  const output = diagnosticBlocks(example.report, example.report.diagnostics).join("\n\n");
  return `nw-lint reports it on ${markedLines(example)} (this rule's findings only):\n\n${fenced("text", output)}`;
}

/** "`deploy.yaml` lines 19 and 26", from the example's markers. */
function markedLines(example: Example): string {
  const byFile = new Map<string, number[]>();
  for (const { file, line } of example.marked) byFile.set(file, [...new Set([...(byFile.get(file) ?? []), line])]);
  return listed([...byFile].map(([file, lines]) => `\`${file}\` ${lines.length === 1 ? "line" : "lines"} ${listed(lines.map(String))}`));
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const FENCE_LANGUAGES: readonly (readonly [RegExp, string])[] = [
  [/\.ya?ml$/, "yaml"],
  [/\.ini$/, "ini"],
  [/\.py$/, "python"],
  [/\.json$/, "json"],
  [/(^|\/)Dockerfile$/, "dockerfile"],
  [/\.sh$/, "sh"],
];

function fenceLanguage(path: string): string {
  return FENCE_LANGUAGES.find(([pattern]) => pattern.test(path))?.[1] ?? "text";
}

function fenced(language: string, text: string): string {
  return `\`\`\`${language}\n${text}\n\`\`\``;
}

function fixSafety(meta: RuleMeta): string {
  switch (meta.fixable) {
    case "safe":
      return meta.fixSafetyVaries
        ? "Fix safety: **safe** for most findings: `nw-lint --fix` applies it. Some of its fixes are unsafe, because they can change what the deployment does: the finding says `--fix-unsafe`, and only `nw-lint --fix-unsafe` applies those; review the diff from `--fix-dry-run` first."
        : "Fix safety: **safe**. `nw-lint --fix` applies it; `--fix-dry-run` shows the diff first.";
    case "unsafe":
      return meta.fixSafetyVaries
        ? "Fix safety: **unsafe** for most findings, because it can change what the deployment does: only `nw-lint --fix-unsafe` applies it; review the diff from `--fix-dry-run` first. Some of its fixes are safe: the finding says `--fix`, and `nw-lint --fix` applies those."
        : "Fix safety: **unsafe**, because it can change what the deployment does. Only `nw-lint --fix-unsafe` applies it; review the diff from `--fix-dry-run` first.";
    case undefined:
      return "nw-lint does not fix this automatically.";
  }
}

/** What the fix makes of the failing example, as a diff from the `fixed` fixture. */
function fixedExample(meta: RuleMeta): string {
  const fixed = new Map(readExampleFiles(exampleDirectory(meta.id, "fixed")).map((file) => [file.path, withoutMarkers(file.text)]));
  const changes = readExampleFiles(exampleDirectory(meta.id, "fail")).flatMap((file) => {
    const before = withoutMarkers(file.text);
    const after = fixed.get(file.path);
    if (after === undefined || after === before) return [];
    return [{ original: createSourceFile(file.path, undefined, before, "yaml"), fixed: createSourceFile(file.path, undefined, after, "yaml") }];
  });
  if (changes.length === 0) return "";
  const flag = meta.fixable === "unsafe" ? "--fix-unsafe" : "--fix";
  return `What this rule's fixes alone make of the example (\`nw-lint ${flag}\` applies those of other rules too):\n\n${fenced("diff", unifiedDiff(changes).trimEnd())}`;
}

function options(meta: RuleMeta): string {
  const severity = [
    "Change its severity, or turn it off, in `.nw-lint.yaml`:",
    fenced("yaml", `rules:\n  ${meta.id}: warning   # off, info, warning or error (default: ${meta.severity})`),
    `or for one run with \`nw-lint --rule ${meta.id}=off\`. To silence one finding, add a suppression comment \`# nw-lint-disable-next-line ${meta.id} -- reason\` or, on a Kubernetes object, the annotation \`nw-lint.io/ignore: "${meta.id}"\`.`,
  ].join("\n\n");
  const settings = meta.docs.settings ?? [];
  if (settings.length === 0) return severity;
  return `${severity}\n\nThese settings change what it reports:\n\n${settings.map((key) => `- \`${key}\`: ${settingDescription(key)}`).join("\n")}`;
}

function relatedRule(id: string): string {
  const related = findRule(id);
  return `- [${id}](${docsUrl(id)})${related ? `: ${related.meta.title}` : ""}`;
}
