import { createHash, type Hash } from "node:crypto";
import { lineText } from "../engine/source.js";
import type { Diagnostic, SourceFile } from "../engine/types.js";

/** The `partialFingerprints` key nw-lint fills, versioned as SARIF recommends. */
export const FINGERPRINT_KEY = "nwLintFindingHash/v1";

/**
 * One fingerprint per diagnostic, in order. It hashes the rule, the file (as `fileIdentity` names it:
 * the same file whatever directory nw-lint runs in), the trimmed text of
 * the offending line and how many earlier diagnostics share those three, but not the line
 * number, so inserting unrelated lines above a finding keeps its fingerprint.
 *
 * Thousands of findings may share one long line (a JSON stream on one line): each line is read,
 * and each rule, file and line text hashed, once; a finding adds only its occurrence.
 */
export function fingerprints(
  diagnostics: readonly Diagnostic[],
  fileByPath: ReadonlyMap<string, SourceFile>,
  fileIdentity: (file: string) => string,
): string[] {
  const lineTexts = new Map<string, string>();
  const identities = new Map<string, Map<string, { readonly hash: Hash; occurrences: number }>>();
  return diagnostics.map((diagnostic) => {
    const file = fileByPath.get(diagnostic.file);
    const lineKey = `${diagnostic.file}\0${diagnostic.line}`;
    let offendingLine = lineTexts.get(lineKey);
    if (offendingLine === undefined) {
      offendingLine = file === undefined ? "" : lineText(file, diagnostic.line).trim();
      lineTexts.set(lineKey, offendingLine);
    }
    const ruleAndFile = `${diagnostic.ruleId}\0${fileIdentity(diagnostic.file)}`;
    let byLine = identities.get(ruleAndFile);
    if (!byLine) identities.set(ruleAndFile, (byLine = new Map()));
    let identity = byLine.get(offendingLine);
    if (!identity) byLine.set(offendingLine, (identity = { hash: createHash("sha256").update(`${ruleAndFile}\0${offendingLine}`), occurrences: 0 }));
    const occurrence = identity.occurrences++;
    return identity.hash.copy().update(`\0${occurrence}`).digest("hex").slice(0, 32);
  });
}
