// Suppression comments (`nw-lint-disable-next-line`, `-line`, `-file`) in YAML, ini and Python,
// and the `nw-lint.io/ignore` annotation on Kubernetes objects.
import type { K8sObject, Workload } from "../model/k8s.js";
import { pairOf, mapAt, keyRange, nodeRange, type PairNode } from "../languages/k8s/nodes.js";
import { cstTokens } from "../languages/k8s/parse.js";
import { lineStarts, positionAt } from "./source.js";
import type { Site, SourceFile } from "./types.js";

export const IGNORE_ANNOTATION = "nw-lint.io/ignore";

export type DirectiveScope = "next-line" | "line" | "file" | "object";

export interface Directive {
  readonly scope: DirectiveScope;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  readonly justification: string | undefined;
  /** Where the directive is written: the comment, or the annotation value. */
  readonly at: Site;
  /** For line scopes, the 1-based line it silences; for objects, the offsets it covers. */
  readonly line?: number;
  readonly covers?: readonly [number, number];
}

const DIRECTIVE = /nw-lint-disable-(next-line|line|file)\b([^\r\n]*)/;

export function commentDirectives(file: SourceFile): Directive[] {
  if (!file.text.includes("nw-lint-disable")) return [];
  const directives: Directive[] = [];
  for (const comment of comments(file)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const scope = match[1] as "next-line" | "line" | "file";
    if (scope === "line" && file.language === "uwsgi") continue; // an ini comment after a value is part of the value
    const [ruleList = "", justification] = match[2]!.split(/\s--\s?/, 2);
    const { line } = positionAt(file, comment.start);
    directives.push({
      scope,
      rules: ruleList.split(",").map((rule) => rule.trim()).filter(Boolean),
      justification: justification?.trim() || undefined,
      at: { file, start: comment.start, end: comment.start + comment.text.length },
      ...(scope === "file" ? {} : { line: scope === "next-line" ? line + 1 : line }),
    });
  }
  return directives;
}

interface Comment {
  readonly start: number;
  readonly text: string;
}

function comments(file: SourceFile): Comment[] {
  return file.language === "yaml" ? yamlComments(file.text) : hashComments(file);
}

/**
 * YAML comments from the CST, so `#` inside quoted scalars is never mistaken for one. The tree
 * is walked without recursion: it nests as deeply as the file.
 */
function yamlComments(text: string): Comment[] {
  const found: Comment[] = [];
  // A stream too deep to parse has no directives: parseYamlStream reports it.
  const pending: unknown[] = cstTokens(text) ?? [];
  while (pending.length > 0) {
    const token = pending.pop();
    if (typeof token !== "object" || token === null) continue;
    if ((token as { type?: unknown }).type === "comment") {
      const comment = token as { offset: number; source: string };
      found.push({ start: comment.offset, text: comment.source });
    } else {
      for (const value of Object.values(token)) if (typeof value === "object") pending.push(value);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whole-line `#`/`;` comments (ini) and `#` comments (Python, Dockerfile). */
function hashComments(file: SourceFile): Comment[] {
  const found: Comment[] = [];
  const starts = lineStarts(file);
  for (const [index, start] of starts.entries()) {
    const end = index + 1 < starts.length ? starts[index + 1]! - 1 : file.text.length;
    const line = file.text.slice(start, end);
    const hash = file.language === "uwsgi" ? line.search(/^\s*[#;]/) : line.indexOf("#");
    if (hash === -1) continue;
    const commentStart = file.language === "uwsgi" ? line.search(/[#;]/) : hash;
    found.push({ start: start + commentStart, text: line.slice(commentStart).replace(/\r$/, "") });
  }
  return found;
}

/** `nw-lint.io/ignore` annotations on an object and on its pod template. */
export function annotationDirectives(object: K8sObject, workload: Workload | undefined): Directive[] {
  const covers: readonly [number, number] = [object.node.range![0], object.node.range![2]];
  const metadatas = [mapAt(object.node, "metadata"), workload?.podMetadata];
  const directives: Directive[] = [];
  for (const metadata of new Set(metadatas)) {
    const pair = pairOf(mapAt(metadata, "annotations"), IGNORE_ANNOTATION) as PairNode | undefined;
    if (!pair || typeof (pair.value as { value?: unknown } | null)?.value !== "string") continue;
    const value = String((pair.value as { value: string }).value);
    const [start, end] = pair.value ? nodeRange(pair.value) : keyRange(pair);
    directives.push({
      scope: "object",
      rules: value.split(",").map((rule) => rule.trim()).filter(Boolean),
      justification: undefined,
      at: { file: object.file, start, end },
      covers,
    });
  }
  return directives;
}

export function directiveApplies(directive: Directive, ruleId: string, at: Site, line: number): boolean {
  if (directive.at.file !== at.file) return false;
  if (directive.rules.length > 0 && !directive.rules.includes(ruleId)) return false;
  switch (directive.scope) {
    case "file":
      return true;
    case "object":
      return at.start >= directive.covers![0] && at.start <= directive.covers![1];
    default:
      return line === directive.line;
  }
}
