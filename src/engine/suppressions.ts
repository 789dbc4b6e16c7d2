// Suppression comments (`nw-lint-disable-next-line`, `-line`, `-file`) in YAML, ini, Python and
// Dockerfiles, and the `nw-lint.io/ignore` annotation on Kubernetes objects.
import { Lexer } from "yaml";
import { pushTo } from "../model/grouping.js";
import type { K8sObject, Workload } from "../model/k8s.js";
import { pairOf, mapAt, keyRange, nodeRange, type PairNode } from "../languages/k8s/nodes.js";
import { pythonTree } from "../languages/python/syntax.js";
import { writerOf } from "../model/image-files.js";
import { deleteLines, lineStartOf } from "./line-edits.js";
import { lineFeedText, lineStarts, positionAt } from "./source.js";
import type { Site, SourceFile, TextEdit } from "./types.js";

const IGNORE_ANNOTATION = "nw-lint.io/ignore";

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
  switch (file.language) {
    case "yaml":
    case "compose":
      return yamlComments(lineFeedText(file));
    case "python":
      return pythonComments(file);
    default:
      return hashComments(file);
  }
}

/** Python comments from the syntax tree, so `#` inside a string (a docstring's) is never mistaken for one. */
function pythonComments(file: SourceFile): Comment[] {
  const found: Comment[] = [];
  pythonTree(file).topNode.cursor().iterate((ref) => {
    if (ref.name === "Comment") found.push({ start: ref.from, text: file.text.slice(ref.from, ref.to).replace(/\r$/, "") });
  });
  return found;
}

/** The lexer's markers for a document start, a flow collection's end and a scalar: they take no source text. */
const ZERO_WIDTH_TOKENS: ReadonlySet<string> = new Set(["\u0002", "\u0018", "\u001f"]);

/** YAML comments from the lexer, so `#` inside quoted scalars is never mistaken for one. */
function yamlComments(text: string): Comment[] {
  const found: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.startsWith("#")) found.push({ start: offset, text: token });
    if (!ZERO_WIDTH_TOKENS.has(token)) offset += token.length;
  }
  return found;
}

/**
 * Whole-line comments (elsewhere on a line `#` is an argument's or a value's): `#`/`;` in an ini;
 * `#` in a Dockerfile, and `;` too, which only an ini's comment in a heredoc's body starts a line with.
 */
function hashComments(file: SourceFile): Comment[] {
  const found: Comment[] = [];
  const starts = lineStarts(file);
  const marker = file.language === "uwsgi" || file.language === "dockerfile" ? /^\s*[#;]/ : /^\s*#/;
  for (const [index, start] of starts.entries()) {
    const end = index + 1 < starts.length ? starts[index + 1]! - 1 : file.text.length;
    const line = file.text.slice(start, end);
    const match = marker.exec(line);
    if (!match) continue;
    const commentStart = match[0].length - 1;
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
    const rules = String((pair.value as { value: string }).value).split(",").map((rule) => rule.trim()).filter(Boolean);
    // An annotation names the rules it silences: an empty one (a template value that rendered empty) silences none.
    if (rules.length === 0) continue;
    const [start, end] = pair.value ? nodeRange(pair.value) : keyRange(pair);
    directives.push({
      scope: "object",
      rules,
      justification: undefined,
      at: { file: object.file, start, end },
      covers,
    });
  }
  return directives;
}

/**
 * The file whose directives govern what is found in `file`: for a file a COPY heredoc writes, read
 * as the Dockerfile's text with all but the body blanked, the Dockerfile, which its comments are
 * collected from once (those in the body too) and which findings in it are reported in.
 */
export const governingFile = (file: SourceFile): SourceFile => writerOf(file)?.dockerfile ?? file;

export function directiveApplies(directive: Directive, ruleId: string, at: Site, line: number): boolean {
  if (directive.at.file !== governingFile(at.file)) return false;
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

/**
 * The directives of a run, found for a finding by its file and line rather than by trying each:
 * a file may hold thousands (one above each object), and as many findings.
 */
export class DirectiveIndex {
  private readonly byFile = new Map<SourceFile, { readonly byLine: Map<number, number[]>; readonly wide: number[] }>();

  constructor(private readonly directives: readonly Directive[]) {
    directives.forEach((directive, index) => {
      let entry = this.byFile.get(directive.at.file);
      if (!entry) this.byFile.set(directive.at.file, (entry = { byLine: new Map(), wide: [] }));
      if (directive.line === undefined) entry.wide.push(index);
      else pushTo(entry.byLine, directive.line, index);
    });
  }

  /** The first directive, in the order given, that silences `ruleId` at `at` (on `line`). */
  find(ruleId: string, at: Site, line: number): Directive | undefined {
    const entry = this.byFile.get(governingFile(at.file));
    if (!entry) return undefined;
    const applies = (index: number) => directiveApplies(this.directives[index]!, ruleId, at, line);
    const onLine = entry.byLine.get(line)?.find(applies) ?? Infinity;
    const wide = entry.wide.find((index) => index < onLine && applies(index)) ?? onLine;
    return this.directives[wide];
  }
}

/**
 * The edit that removes a suppression comment: its whole line when the comment stands alone,
 * else the comment and the spaces before it. Undefined for annotations, and for a comment that
 * says more than the directive.
 */
export function directiveRemoval(directive: Directive): TextEdit | undefined {
  if (directive.scope === "object") return undefined;
  const { file, start, end } = directive.at;
  if (!/^[#;]\s*nw-lint-disable-/.test(file.text.slice(start, end))) return undefined;
  const before = file.text.slice(lineStartOf(file, start), start);
  if (before.trim() === "") return deleteLines(file, start, end);
  return { file, start: start - (before.length - before.trimEnd().length), end, text: "" };
}
