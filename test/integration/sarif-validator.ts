// Runs the official SARIF validator (`@microsoft/sarif-multitool`'s `validate`) and returns what it found.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";

/** The package's main export is the path of the platform's single-file .NET binary. */
const multitool = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;

/** The SARIF specification's rules plus GitHub code scanning's ingestion rules (GH1xxx, GH2xxx). */
const RULE_KINDS = "Sarif;Gh";

export interface ValidatorFinding {
  readonly ruleId: string;
  readonly level: string;
  readonly message: string;
}

export function validateSarif(sarif: string): ValidatorFinding[] {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-sarif-"));
  try {
    const input = join(directory, "nw-lint.sarif");
    const output = join(directory, "validation.sarif");
    writeFileSync(input, sarif);
    execFileSync(multitool, ["validate", "--rule-kind", RULE_KINDS, "--output", output, input], {
      // Without ICU installed the .NET runtime aborts; the validator needs no culture data.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
      stdio: "pipe",
    });
    const log = JSON.parse(readFileSync(output, "utf8").replace(/^\uFEFF/, "")) as Sarif.Log;
    return log.runs.flatMap((run) => (run.results ?? []).map((result) => toFinding(result, run.tool.driver.rules ?? [])));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The validator's result with its level and message text resolved from its rule. */
function toFinding(result: Sarif.Result, rules: readonly Sarif.ReportingDescriptor[]): ValidatorFinding {
  const rule = result.ruleIndex === undefined ? undefined : rules[result.ruleIndex];
  const messageString = result.message.id === undefined ? undefined : rule?.messageStrings?.[result.message.id];
  const template = messageString?.text ?? result.message.text ?? "";
  const message = template.replace(/\{(\d+)\}/g, (_, index: string) => result.message.arguments?.[Number(index)] ?? "");
  // Levels default to the rule's, and then to "warning" (SARIF 2.1.0, 3.27.10).
  const level = result.level ?? rule?.defaultConfiguration?.level ?? "warning";
  return { ruleId: result.ruleId ?? "", level, message };
}
