import { isAlias, isCollection, isMap, isPair, isScalar, parseAllDocuments, type Document, type Node } from "yaml";
import type { SourceFile } from "../../engine/types.js";

export interface YamlStream {
  readonly file: SourceFile;
  /**
   * The documents nw-lint lints: each converts with `documentValue` without throwing. A document
   * with an alias bomb or an unresolved alias is left out (Kubernetes refuses it too).
   */
  readonly documents: readonly Document.Parsed[];
  readonly problems: readonly YamlProblem[];
}

export interface YamlProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Passed to `toJS()`: alias expansion beyond this is an "alias bomb", which `yaml` then refuses. */
export const MAX_ALIAS_COUNT = 100;

/** A document's plain value for validators: the one conversion, with alias expansion bounded. */
export function documentValue(document: Document.Parsed): unknown {
  return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

export function parseYamlStream(file: SourceFile): YamlStream {
  const nul = file.text.indexOf("\0");
  if (nul !== -1) {
    return {
      file,
      documents: [],
      problems: [{ start: nul, end: nul + 1, message: "the file holds binary data (a NUL byte), not YAML" }],
    };
  }
  // Duplicate keys are found by `duplicateKeys` in linear time; `yaml`'s own check is
  // quadratic in the size of a mapping. Its warnings would go to stderr.
  const parsed = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: false, logLevel: "error" });
  const documents: Document.Parsed[] = [];
  const problems: YamlProblem[] = [];
  if (file.invalidUtf8At !== undefined) {
    problems.push({ start: file.invalidUtf8At, end: file.invalidUtf8At + 1, message: "the file is not valid UTF-8: the bytes here were read as U+FFFD" });
  }
  for (const document of Array.isArray(parsed) ? parsed : []) {
    const nodes = nodesInOrder(document);
    problems.push(...syntaxProblems(document), ...duplicateKeys(nodes));
    const aliasProblem = unresolvedAlias(nodes) ?? aliasBomb(document, nodes);
    if (aliasProblem) problems.push(aliasProblem);
    else documents.push(document);
  }
  return { file, documents, problems };
}

function syntaxProblems(document: Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const error of document.errors) {
    // A stack overflow while nesting is reported once per document, at the first place it hit.
    if (error.code === "RESOURCE_EXHAUSTION") {
      if (!problems.some((problem) => problem.message === TOO_DEEP)) problems.push({ start: error.pos[0], end: error.pos[1], message: TOO_DEEP });
      continue;
    }
    problems.push({ start: error.pos[0], end: error.pos[1], message: error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "") });
  }
  return problems;
}

const TOO_DEEP = "the document nests too deeply to be read (resource exhaustion); the rest of it is not linted";

function duplicateKeys(nodes: readonly Node[]): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const node of nodes) {
    if (!isMap(node)) continue;
    const keys = new Set<unknown>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      if (keys.has(pair.key.value)) {
        problems.push({ start: pair.key.range[0], end: pair.key.range[1], message: "duplicate key in one mapping: Kubernetes keeps only the last one" });
      }
      keys.add(pair.key.value);
    }
  }
  return problems;
}

/** An alias whose anchor is not defined before it (`yaml` reports this only when converting). */
function unresolvedAlias(nodes: readonly Node[]): YamlProblem | undefined {
  const anchors = new Set<string>();
  for (const node of nodes) {
    if (node.anchor) anchors.add(node.anchor);
    if (isAlias(node) && !anchors.has(node.source) && node.range) {
      return { start: node.range[0], end: node.range[1], message: `alias *${node.source} has no anchor &${node.source} before it` };
    }
  }
  return undefined;
}

function aliasBomb(document: Document.Parsed, nodes: readonly Node[]): YamlProblem | undefined {
  const firstAlias = nodes.find(isAlias);
  if (!firstAlias?.range) return undefined;
  try {
    documentValue(document);
    return undefined;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      start: firstAlias.range[0],
      end: firstAlias.range[1],
      message: `the aliases expand more than ${MAX_ALIAS_COUNT} times (an "alias bomb")`,
    };
  }
}

/**
 * Every node of the document in source order, found without recursion: documents can nest
 * as deeply as the parser's own stack allowed, and a recursive walk from here could overflow.
 */
function nodesInOrder(document: Document.Parsed): Node[] {
  const nodes: Node[] = [];
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const item = pending.pop();
    if (isPair(item)) {
      pending.push(item.value, item.key);
    } else if (isCollection(item)) {
      nodes.push(item);
      for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i]);
    } else if (isScalar(item) || isAlias(item)) {
      nodes.push(item);
    }
  }
  return nodes;
}
