import { createHash } from "node:crypto";
import { lineText } from "../engine/source.js";
import type { Diagnostic, SourceFile } from "../engine/types.js";

/** The `partialFingerprints` key nw-lint fills, versioned as SARIF recommends. */
export const FINGERPRINT_KEY = "nwLintFindingHash/v1";

/**
 * One fingerprint per diagnostic, in order. It hashes the rule, the file, the trimmed text of
 * the offending line and how many earlier diagnostics share those three, but not the line
 * number, so inserting unrelated lines above a finding keeps its fingerprint.
 */
export function fingerprints(
  diagnostics: readonly Diagnostic[],
  fileByPath: ReadonlyMap<string, SourceFile>,
): string[] {
  const occurrences = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const file = fileByPath.get(diagnostic.file);
    const offendingLine = file === undefined ? "" : lineText(file, diagnostic.line).trim();
    const identity = [diagnostic.ruleId, diagnostic.file, offendingLine].join("\0");
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    return createHash("sha256").update(`${identity}\0${occurrence}`).digest("hex").slice(0, 32);
  });
}
