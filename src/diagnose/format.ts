// How `nw-lint diagnose` prints what it recognised: stylish for people, JSON for tools.
import { Chalk } from "chalk";
import { findRule } from "../../rules/index.js";
import { docsUrl, packageVersion } from "../engine/package.js";
import type { Diagnostic } from "../engine/types.js";
import type { FormatOf } from "../cli/options.js";
import type { SymptomFound } from "./diagnose.js";

export interface DiagnoseReport {
  /** The log's name: its path, or "-" for stdin. */
  readonly log: string;
  readonly found: readonly SymptomFound[];
  /** With `--lint`: the paths linted and what nw-lint reported there. */
  readonly linted?: { readonly paths: readonly string[]; readonly diagnostics: readonly Diagnostic[] };
}

export function formatDiagnosis(report: DiagnoseReport, format: FormatOf<"diagnose">, color: boolean): string {
  return format === "json" ? `${JSON.stringify(jsonReport(report), null, 2)}\n` : stylish(report, color);
}

function firing(report: DiagnoseReport, ruleId: string): readonly Diagnostic[] | undefined {
  return report.linted?.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId && !diagnostic.suppressed);
}

function jsonReport(report: DiagnoseReport): object {
  return {
    version: 1,
    tool: { name: "nw-lint", version: packageVersion },
    log: report.log,
    ...(report.linted ? { linted: report.linted.paths } : {}),
    symptoms: report.found.map(({ symptom, lines }) => ({
      id: symptom.id,
      title: symptom.title,
      lines: lines.map(({ line, text }) => ({ line, text })),
      causes: symptom.causes,
      rules: symptom.rules.map((id) => {
        const rule = findRule(id);
        const fired = firing(report, id);
        return {
          id,
          available: rule !== undefined,
          ...(rule ? { title: rule.meta.title, docsUrl: docsUrl(id) } : {}),
          ...(fired ? { diagnostics: fired.map(({ file, line, column, endLine, endColumn, severity, message }) => ({ file, line, column, endLine, endColumn, severity, message })) } : {}),
        };
      }),
    })),
  };
}

function stylish(report: DiagnoseReport, color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  if (report.found.length === 0) return `${paint.green("✔")} no known symptom in ${report.log}\n`;
  const idWidth = Math.max(...report.found.flatMap(({ symptom }) => symptom.rules.map((id) => id.length)));
  const blocks = report.found.map(({ symptom, lines }) => {
    const [first, ...more] = lines;
    const out = [
      `${paint.bold(`${report.log}:${first!.line}`)}: ${paint.red.bold(symptom.title)}  ${paint.dim(symptom.id)}`,
      `  ${paint.dim(`${first!.line} |`)} ${first!.text.trim()}`,
    ];
    if (more.length > 0) out.push(`  ${paint.dim(`also on ${more.length === 1 ? "line" : "lines"} ${more.map((line) => line.line).join(", ")}`)}`);
    out.push(`  ${paint.cyan("likely causes:")}`, ...symptom.causes.map((cause) => `    - ${cause}`));
    out.push(`  ${paint.cyan("rules that catch them:")}`);
    for (const id of symptom.rules) {
      const rule = findRule(id);
      const fired = firing(report, id);
      const title = rule ? rule.meta.title : paint.dim(`(not in nw-lint ${packageVersion} yet)`);
      const verdict = fired === undefined || !rule ? "" : fired.length > 0 ? `  ${paint.red("fires")}` : `  ${paint.dim("silent")}`;
      out.push(`    ${id.padEnd(idWidth)}  ${title}${verdict}`);
      for (const diagnostic of fired ?? []) {
        out.push(`      ${paint.bold(`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`)}: ${diagnostic.severity} ${diagnostic.message}`);
      }
    }
    return out.join("\n");
  });
  return `${blocks.join("\n\n")}\n\n${summary(report, paint)}\n`;
}

function summary(report: DiagnoseReport, paint: InstanceType<typeof Chalk>): string {
  const count = report.found.length;
  const recognised = `${paint.red.bold("✖")} ${count} known ${count === 1 ? "symptom" : "symptoms"} in ${report.log}`;
  if (!report.linted) return `${recognised}. Run nw-lint explain RULE for a rule's page, or add --lint PATH to check the deployment files.`;
  const rules = [...new Set(report.found.flatMap(({ symptom }) => symptom.rules))].filter((id) => findRule(id));
  const fired = rules.filter((id) => (firing(report, id) ?? []).length > 0);
  // A sentence ending in a path (".") gets no full stop of its own.
  return `${recognised}; ${fired.length} of the ${rules.length} rules they point to ${fired.length === 1 ? "fires" : "fire"} in ${report.linted.paths.join(" ")}`;
}
