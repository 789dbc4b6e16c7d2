// Rule fixtures double as the examples in `nw-lint explain` and docs/rules, so examples cannot drift.
// Layout: fixtures/rules/<rule id>/{fail,pass}/<files>, and for fixable rules fixed/: what `--fix`
// (`--fix-unsafe` for unsafe fixes) makes of fail/, byte for byte. A whole-line comment `# expect: RULE[, RULE…]`
// says the next line that is not itself a marker must carry a diagnostic of each rule named.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { packageRoot } from "../engine/package.js";

export const FIXTURES_DIR = join(packageRoot, "fixtures", "rules");

const MARKER = /^\s*[#;]\s*expect:\s*(.+?)\s*$/;

export interface Expectation {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
}

export interface ExampleFile {
  /** Relative to the example directory, `/` separators. */
  readonly path: string;
  readonly text: string;
}

export type ExampleKind = "fail" | "pass" | "fixed";

export function exampleDirectory(ruleId: string, kind: ExampleKind): string {
  return join(FIXTURES_DIR, ruleId, kind);
}

export function exampleFiles(directory: string): ExampleFile[] {
  if (!existsSync(directory)) return [];
  const files: ExampleFile[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else files.push({ path: relative(directory, path).split("\\").join("/"), text: readFileSync(path, "utf8") });
    }
  };
  visit(directory);
  return files;
}

/** The diagnostics a fixture directory's markers ask for, with 1-based lines. */
export function expectations(files: readonly ExampleFile[]): Expectation[] {
  return files.flatMap((file) => {
    const found: Expectation[] = [];
    let pending: string[] = [];
    file.text.split(/\r?\n/).forEach((text, index) => {
      const marker = MARKER.exec(text);
      if (marker) {
        pending.push(...marker[1]!.split(",").map((rule) => rule.trim()).filter(Boolean));
        return;
      }
      for (const ruleId of pending) found.push({ file: file.path, line: index + 1, ruleId });
      pending = [];
    });
    return found;
  });
}

/** The example as a reader should see it: markers removed. */
export function withoutMarkers(text: string): string {
  return text
    .split("\n")
    .filter((line) => !MARKER.test(line.replace(/\r$/, "")))
    .join("\n");
}
