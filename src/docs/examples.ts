// Rule fixtures double as the examples of the rule pages (`nw-lint explain`, docs/rules), so examples
// cannot drift: `loadExample` gives a page the files as shown and what nw-lint reports on them.
// Layout: fixtures/rules/<rule id>/{fail,pass}/<files>, and for fixable rules fixed/: what `--fix`
// (`--fix-unsafe` for unsafe fixes) makes of fail/, byte for byte. A whole-line comment `# expect: RULE[, RULE…]`
// says the next line that is not itself a marker must carry a diagnostic of each rule named.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { allRules } from "../../rules/index.js";
import { CONFIG_FILE_NAMES, DEFAULT_SETTINGS, loadSettings } from "../engine/config.js";
import { discover, displayPath } from "../engine/discover.js";
import { lint } from "../engine/lint.js";
import { packageRoot } from "../engine/package.js";
import type { LintReport } from "../engine/types.js";

export const FIXTURES_DIR = join(packageRoot, "fixtures", "rules");

const MARKER = /^\s*[#;]\s*expect:\s*(.+?)\s*$/;
const MARKER_LINE = /^\s*[#;]\s*expect:/m;

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

/**
 * Lints a directory the way the CLI does, with paths relative to it and its own config if it has one.
 * With `shown`, its files are read as shown there rather than as on disk.
 */
export function lintDirectory(directory: string, shown: readonly ExampleFile[] = []): LintReport {
  const configName = CONFIG_FILE_NAMES.find((name) => existsSync(join(directory, name)));
  const settings = configName ? loadSettings(join(directory, configName), (path) => displayPath(directory, path)) : DEFAULT_SETTINGS;
  const discovery = discover(["."], { cwd: directory, ignore: settings.ignore, maxFileSize: settings.maxFileSize });
  const request = { files: discovery.files, readProblems: discovery.problems, settings, rules: allRules, tree: discovery.tree };
  if (shown.length === 0) return lint(request);
  const standIns = new Map(shown.map((file) => [realpathSync(join(directory, file.path)), file.text]));
  const files = discovery.files.map((file) => {
    const text = file.absolutePath === undefined ? undefined : standIns.get(realpathSync(file.absolutePath));
    return text === undefined ? file : { ...file, text };
  });
  return lint({ ...request, files, tree: { ...discovery.tree, standIns } });
}

/** A rule's example as its page shows it: markers removed, and every line number counted without them. */
export interface Example {
  /** The fixture directory, which the paths of `files` and `report` are relative to. */
  readonly directory: string;
  readonly files: readonly ExampleFile[];
  /** Where the markers say the rule reports. */
  readonly marked: readonly Expectation[];
  /** What nw-lint reports for the rule on the example as shown. */
  readonly report: LintReport;
}

export function loadExample(ruleId: string, kind: ExampleKind): Example | undefined {
  const directory = exampleDirectory(ruleId, kind);
  const files = exampleFiles(directory);
  if (files.length === 0) return undefined;
  const shownLine = new Map(files.map((file) => [file.path, shownLineNumbers(file.text)]));
  const toShown = (path: string, line: number) => shownLine.get(path)?.[line - 1] ?? line;
  // Linted as shown, so that what a message says of other lines ("set again on line 8") is true of the page.
  const shown = files.filter((file) => MARKER_LINE.test(file.text)).map((file) => ({ path: file.path, text: withoutMarkers(file.text) }));
  const linted = lintDirectory(directory, shown);
  const shownText = new Map(shown.map((file) => [file.path, file.text]));
  return {
    directory,
    files: files.map((file) => ({ path: file.path, text: shownText.get(file.path) ?? file.text })),
    marked: expectations(files)
      .filter((expectation) => expectation.ruleId === ruleId)
      .map((expectation) => ({ ...expectation, line: toShown(expectation.file, expectation.line) })),
    report: { diagnostics: linted.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId && !diagnostic.suppressed), files: linted.files },
  };
}

/** For each 1-based line of `text`, its line number once markers are removed (a marker counts as the line it marks). */
function shownLineNumbers(text: string): number[] {
  let markers = 0;
  return text.split("\n").map((line, index) => {
    const shown = index + 1 - markers;
    if (MARKER.test(line.replace(/\r$/, ""))) markers += 1;
    return shown;
  });
}
