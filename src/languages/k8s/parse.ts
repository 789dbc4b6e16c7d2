import { Composer, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Lexer, Parser, type Alias, type CST, type Document, type ErrorCode, type DocumentOptions, type Node, type ParseOptions, type ScalarTag, type SchemaOptions, type Tags } from "yaml";
import { lineFeedText } from "../../engine/source.js";
import type { Effect, SourceFile } from "../../engine/types.js";
import { excessiveAliasing } from "./alias-expansion.js";
import { aliasTargetsOf, isMergeKey, linkAliases } from "./nodes.js";

export interface YamlStream {
  readonly file: SourceFile;
  /**
   * The documents nw-lint lints: each converts with `documentValue` without throwing. A document
   * with an alias bomb, an unresolved alias or a bad merge is left out (Kubernetes refuses it too).
   */
  readonly documents: readonly Document.Parsed[];
  readonly problems: readonly YamlProblem[];
}

export interface YamlProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** What it does when applied, when Kubernetes does not simply refuse it. */
  readonly effect?: Effect;
}

/**
 * A document's plain value for validators: the one conversion. The documents parsed here expand
 * their aliases no further than kubectl allows (`excessiveAliasing`); `yaml`'s own bound, a count
 * for each anchor, would refuse what kubectl reads (an anchor reused a thousand times) and let
 * many anchors together expand far more, so it is off.
 */
export function documentValue(document: Document.Parsed): unknown {
  return document.toJS({ maxAliasCount: -1 });
}

// Kubernetes reads manifests with sigs.k8s.io/yaml, which resolves plain scalars with go-yaml v2
// (vendored in kubernetes/kubernetes as gopkg.in/yaml.v2 and sigs.k8s.io/yaml/goyaml.v2).
// Its resolve.go decides a plain scalar's type from a table and strconv:
// - booleans: y Y yes Yes YES true True TRUE on On ON, and n N no No NO false False FALSE off Off OFF;
// - null: ~ null Null NULL and the empty scalar; `.inf`/`.nan` with their spellings; `<<` merges;
// - integers: strconv.ParseInt(text without "_", 0, 64), so 0x1F hex, 0b101 binary, 0o400 and
//   0400 octal (256), 1_000 decimal;
// - floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` once "_" is removed;
// - no base-60 numbers ("Base 60 floats are a bad idea … purposefully unsupported"): 15:10 is a string;
// - timestamps are recognised but decode.go keeps them as strings in an interface{} "for
//   backward compatibility", which is what YAMLToJSON decodes into;
// - !!binary is base64 that decode.go decodes into a string of its bytes.
// yaml's own YAML 1.1 schema agrees on booleans, null and merges; its numbers, timestamps and
// binary are replaced here. Quoted scalars are strings in both.
const INT = "tag:yaml.org,2002:int";
const FLOAT = "tag:yaml.org,2002:float";
const BINARY = "tag:yaml.org,2002:binary";
const REPLACED_TAGS = new Set([INT, FLOAT, BINARY, "tag:yaml.org,2002:timestamp"]);

function goInteger(test: RegExp, radix: number): ScalarTag {
  return {
    tag: INT,
    default: true,
    identify: Number.isInteger,
    test,
    resolve(text) {
      const plain = text.replaceAll("_", "");
      const unsigned = plain.replace(/^[-+]/, "");
      const digits = radix === 10 ? unsigned : unsigned.replace(/^0[xXbBoO]?/, "");
      return (plain.startsWith("-") ? -1 : 1) * Number.parseInt(digits, radix);
    },
  };
}

function goFloat(test: RegExp, resolve: (text: string) => number): ScalarTag {
  return { tag: FLOAT, default: true, identify: (value) => typeof value === "number", test, resolve };
}

const DIGITS = "[0-9][0-9_]*";
const EXPONENT = `(?:[eE][-+]?${DIGITS})?`;

/** Go's base64.StdEncoding, which skips line breaks and nothing else, and wants the padding. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const GO_YAML_V2_BINARY: ScalarTag = {
  tag: BINARY,
  identify: () => false,
  resolve(text, onError) {
    const base64 = text.replace(/[\r\n]/g, "");
    if (!STANDARD_BASE64.test(base64)) onError("!!binary value contains invalid base64 data");
    return Buffer.from(base64, "base64").toString("utf8");
  },
};

/** In go-yaml's order: integers before floats, so `10` is an integer and `10.0` a float. */
const GO_YAML_V2_SCALARS: readonly ScalarTag[] = [
  goInteger(/^[-+]?0[xX]_*[0-9a-fA-F][0-9a-fA-F_]*$/, 16),
  goInteger(/^[-+]?0[bB]_*[01][01_]*$/, 2),
  goInteger(/^[-+]?0[oO]?_*[0-7][0-7_]*$/, 8),
  // Go reads 08 and 09 as the floats 8 and 9: the same numbers.
  goInteger(/^[-+]?[0-9][0-9_]*$/, 10),
  // A leading "." goes to strconv.ParseFloat as written, which refuses "_".
  goFloat(new RegExp(`^(?:[-+]?${DIGITS}(?:\\.[0-9_]*)?${EXPONENT}|[-+]\\.${DIGITS}${EXPONENT}|\\.[0-9]+(?:[eE][-+]?[0-9]+)?)$`), (text) =>
    Number.parseFloat(text.replaceAll("_", "")),
  ),
  goFloat(/^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, (text) =>
    /nan$/i.test(text) ? Number.NaN : text.startsWith("-") ? -Infinity : Infinity,
  ),
  GO_YAML_V2_BINARY,
];

/**
 * How every Kubernetes manifest is read: YAML 1.1 scalars as go-yaml v2 resolves them. Keys are
 * checked for uniqueness by `duplicateKeys` in linear time: `yaml`'s own check is quadratic in
 * the size of a mapping. Its warnings would go to stderr.
 */
const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: false,
  logLevel: "error",
  schema: "yaml-1.1",
  customTags: (tags: Tags) => [
    ...tags.filter((tag) => typeof tag === "string" || !REPLACED_TAGS.has(tag.tag)),
    ...GO_YAML_V2_SCALARS,
  ],
};

/**
 * What go-yaml (kubectl's reader) does not take as printable: C0 and C1 controls but tab, line
 * breaks and NEL, DEL, a byte-order mark after the start, U+FFFE and U+FFFF (NUL is reported as binary).
 */
const NOT_PRINTABLE = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]/;

/** Text read as UTF-8 whose first characters alternate NUL and not NUL, as ASCII in UTF-16 does. */
function looksLikeUtf16(text: string): boolean {
  const start = text.slice(0, 64 - (Math.min(text.length, 64) % 2));
  if (start.length < 4) return false;
  const pairs = start.match(/[\s\S]{2}/g)!;
  return pairs.every((pair) => pair[0] !== "\0" && pair[1] === "\0") || pairs.every((pair) => pair[0] === "\0" && pair[1] !== "\0");
}

/** YAML 1.2 as written, for nw-lint's own config: `off` stays a string. */
const PLAIN_YAML: ParseOptions & DocumentOptions = { prettyErrors: false, uniqueKeys: false, logLevel: "error" };

/** A stream of Kubernetes manifests. */
export function parseYamlStream(file: SourceFile): YamlStream {
  return parseStream(file, KUBERNETES_YAML);
}

/** nw-lint's own config, with the same limits but YAML 1.2 scalars. */
export function parsePlainYamlStream(file: SourceFile): YamlStream {
  return parseStream(file, PLAIN_YAML);
}

function parseStream(file: SourceFile, options: ParseOptions & DocumentOptions & SchemaOptions): YamlStream {
  const nul = file.text.indexOf("\0");
  if (nul !== -1) {
    // kubectl decodes UTF-16 only after a byte-order mark; without one, every other byte of ASCII text is NUL.
    const message = looksLikeUtf16(file.text)
      ? "the file looks like UTF-16 without a byte-order mark, which kubectl reads as UTF-8 and refuses (a NUL byte): save it as UTF-8"
      : "the file holds binary data (a NUL byte), not YAML";
    return { file, documents: [], problems: [{ start: nul, end: nul + 1, message }] };
  }
  // Lone carriage returns end lines for go-yaml, not for `yaml`: it reads them as line feeds.
  const text = lineFeedText(file);
  if (text.length > MAX_TOKENS / MAX_TOKENS_PER_CHARACTER && tokensOver(text, MAX_TOKENS)) return { file, documents: [], problems: [{ start: 0, end: 0, message: TOO_MANY_TOKENS }] };
  const tokens = cstTokens(text);
  if (!tokens) {
    // Where a stack overflow hits depends on the thread's stack, how much of it was in use and what
    // V8 had optimised: the start of the document it hits in is the same for every run.
    const at = documentStart(text, overflowOffset(text));
    return { file, documents: [], problems: [{ start: at, end: at, message: TOO_DEEP }] };
  }
  const composed: Document.Parsed[] = [];
  let documents: Document.Parsed[] = [];
  const problems: YamlProblem[] = [];
  const firstInvalid = file.invalidUtf8?.[0];
  if (firstInvalid) {
    const message = file.encoding === undefined ? "the file is not valid UTF-8: the bytes here were read as U+FFFD" : "the file is not valid UTF-16: its last byte is half a character, read as U+FFFD";
    problems.push({ start: firstInvalid.at, end: firstInvalid.at + 1, message });
  }
  const control = NOT_PRINTABLE.exec(file.text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    problems.push({ start: control.index, end: control.index + 1, message: `control characters are not allowed (U+${code}): Kubernetes' YAML reader refuses the file` });
  }
  let syntaxError = false;
  for (const document of new Composer(options).compose(tokens)) {
    composed.push(document);
    const nodes = nodesInOrder(document);
    const syntax: YamlProblem | undefined = syntaxError ? undefined : syntaxProblem(document, nodes, text);
    if (syntax) problems.push(syntax);
    syntaxError ||= syntax !== undefined;
    problems.push(...duplicateKeys(nodes, options === KUBERNETES_YAML));
    const aliasTargets = aliasTargetsOf(nodes);
    const aliasProblem = unresolvedAlias(aliasTargets) ?? mergeProblem(nodes, aliasTargets) ?? aliasBomb(nodes, aliasTargets) ?? conversionProblem(document, nodes);
    if (aliasProblem) {
      problems.push(aliasProblem);
    } else {
      linkAliases(aliasTargets);
      documents.push(document);
    }
  }
  // kubectl reads a JSON stream value after value; YAML it first cuts into parts.
  if (options === KUBERNETES_YAML && file.language === "yaml" && !JSON_STREAM.test(text) && composed.some(holdsObject)) {
    const parts = kubectlParts(file.text, composed);
    problems.push(...parts.problems);
    documents = documents.filter((document) => !parts.unread.has(document));
  }
  return { file, documents, problems };
}

/** Whether the document is a mapping with a `kind`: a Kubernetes object, for kubectl to apply. */
function holdsObject(document: Document.Parsed): boolean {
  return isMap(document.contents) && document.contents.items.some((pair) => isScalar(pair.key) && pair.key.value === "kind");
}

/**
 * What kubectl makes of a YAML stream before go-yaml reads it. Its reader (apimachinery's
 * YAMLReader) cuts the file into parts at lines that start with `---`, a line being what ends in
 * a line feed; since Kubernetes 1.22 it refuses such a line that holds more than a comment after
 * the `---` ("invalid Yaml document separator"). go-yaml then reads only the first document of
 * each part (yaml.Unmarshal), so a document that shares a part with the one before it is never
 * applied, silently (kubernetes/kubernetes#103185): one whose `---` follows a lone carriage
 * return, one after a `...` end marker without `---`.
 */
function kubectlParts(text: string, documents: readonly Document.Parsed[]): { problems: YamlProblem[]; unread: Set<Document.Parsed> } {
  const problems: YamlProblem[] = [];
  const separators: number[] = [];
  for (const match of text.matchAll(/(?:^|\n)---/g)) {
    const at = match.index + match[0].length - 3;
    separators.push(at);
    const lineEnd = text.indexOf("\n", at);
    const line = text.slice(at + 3, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, "");
    const rest = line.trim();
    if (problems.length === 0 && rest !== "" && !rest.startsWith("#")) {
      const message = /\r/.test(line)
        ? "kubectl (1.22 and later) refuses this --- (invalid Yaml document separator): it ends lines only at line feeds, so the lines after it, broken by lone carriage returns, count as text on the separator's line"
        : "kubectl (1.22 and later) refuses this --- (invalid Yaml document separator): only a comment may follow --- on its line";
      problems.push({ start: at, end: at + 3, message });
    }
  }
  const unread = new Set<Document.Parsed>();
  const partsRead = new Set<number>();
  let part = 0;
  for (const document of documents) {
    const start = document.range[0];
    while (part < separators.length && separators[part]! <= start) part++;
    if (!partsRead.has(part)) {
      partsRead.add(part);
      continue;
    }
    if (!holdsObject(document)) continue;
    const contents = document.contents!;
    unread.add(document);
    const marker = text.startsWith("---", start);
    const at = marker ? start : contents.range![0];
    const message = marker && text[start - 1] === "\r"
      ? "kubectl never applies this document: it starts documents only at a --- after a line feed, and this one follows a lone carriage return; go-yaml reads only the first document of what it is given"
      : "kubectl never applies this document: it starts documents only at lines that start with ---; go-yaml reads only the first document of what it is given";
    problems.push({ start: at, end: at + (marker ? 3 : 1), message, effect: "misbehaves" });
  }
  return { problems, unread };
}

/**
 * The concrete syntax tree of a YAML stream, or undefined when its nesting is too deep for
 * `yaml`'s parser, which recurses once per level and then overflows the stack (a few
 * thousand `a: a: a: …` on one line do it). Composing catches its own overflows.
 */
function cstTokens(text: string): CST.Token[] | undefined {
  try {
    return JSON_STREAM.test(text) ? [...jsonStreamTokens(text)] : [...new Parser().parse(text)];
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * kubectl reads a file that starts with `{` as JSON values one after another (apimachinery's
 * YAMLOrJSONDecoder), where YAML reads one flow mapping and then stray text: `kubectl get -o json`
 * output concatenated, or one object per line.
 */
const JSON_STREAM = /^[ \t\r\n]*\{/;
const JSON_SPACE = /[ \t\r\n]*/y;

/** Each JSON object of the stream parsed as a document of its own, at its place in the text; from anything else on, the rest as YAML. */
function* jsonStreamTokens(text: string): Generator<CST.Token> {
  let at = 0;
  for (;;) {
    JSON_SPACE.lastIndex = at;
    JSON_SPACE.test(text);
    at = JSON_SPACE.lastIndex;
    if (at === text.length) return;
    const end = text[at] === "{" ? jsonValueEnd(text, at) : undefined;
    const parser = new Parser();
    parser.offset = at;
    yield* parser.parse(text.slice(at, end));
    if (end === undefined) return;
    at = end;
  }
}

/**
 * The end of the JSON object or array at `start`, or undefined when it does not close: counts
 * brackets outside strings. A file that starts with `{` may be YAML's flow style instead, so its
 * single-quoted strings and `#` comments are skipped too (JSON has neither outside a string).
 */
function jsonValueEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (character === '"') {
      for (index++; index < text.length && text[index] !== '"'; index++) if (text[index] === "\\") index++;
    } else if (character === "'") {
      index = text.indexOf("'", index + 1);
      if (index === -1) return undefined;
    } else if (character === "#" && /\s/.test(text[index - 1] ?? "")) {
      index = text.indexOf("\n", index);
      if (index === -1) return undefined;
    } else if (character === "{" || character === "[") {
      depth++;
    } else if ((character === "}" || character === "]") && --depth === 0) {
      return index + 1;
    }
  }
  return undefined;
}

/** Where the nesting outgrows the parser: the end of the shortest prefix that overflows it. */
function overflowOffset(text: string): number {
  let [fits, overflows] = [0, text.length];
  while (overflows - fits > 1) {
    const middle = (fits + overflows) >> 1;
    if (cstTokens(text.slice(0, middle))) fits = middle;
    else overflows = middle;
  }
  return fits;
}

/**
 * The first error `yaml` found in the document. The parser reads what follows an error in its
 * light, so one mistake (a stray `}`) goes on to fail every later token; kubectl's reader, too,
 * stops at the first. It is placed on the token to fix (see `errorSite`).
 */
function syntaxProblem(document: Document.Parsed, nodes: readonly Node[], text: string): YamlProblem | undefined {
  const error = document.errors[0];
  if (!error) return undefined;
  // A stack overflow while nesting is reported at the start of the document it hit in.
  if (error.code === "RESOURCE_EXHAUSTION") {
    const at = documentStart(text, error.pos[0]);
    return { start: at, end: at, message: TOO_DEEP };
  }
  return errorSite(error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ""), error.code, error.pos, document, nodes, text);
}

/**
 * Where a person fixes what `yaml` reports, which is where it noticed the mistake. A quoted
 * string left open is noticed where it stops (often the end of the file), a flow collection left
 * open where its document ends: those point at the opening quote or bracket. An error noticed
 * between tokens (at a line's end, on a blank line or a comment: where a mis-indented key or a
 * `-` out of place begins) points at the next token of its document, else at its last token, so
 * that no diagnostic points at the line after the end of the file.
 */
function errorSite(message: string, code: ErrorCode, [start, end]: readonly [number, number], document: Document.Parsed, nodes: readonly Node[], text: string): YamlProblem {
  const quote = /^Missing closing (["'])quote$/.exec(message)?.[1];
  if (quote) {
    const scalar = nodes.find((node) => isScalar(node) && node.range?.[1] === start && text[node.range[0]] === quote);
    if (scalar?.range) {
      const opened = scalar.range[0];
      return { start: opened, end: opened + 1, message: `missing closing ${quote}: the string that opens here is never closed` };
    }
  }
  const next = afterBlanks(text, start);
  const lastInDocument = next >= Math.min(document.range[2], text.length);
  const bracket = /^Flow (?:sequence|map) .*end with a ([\]}])$/.exec(message)?.[1];
  if (bracket && lastInDocument) {
    const opener = bracket === "]" ? "[" : "{";
    // The innermost collection left open, whose error `yaml` reports first.
    const collection = nodes.filter((node) => isCollection(node) && node.flow && node.range?.[1] === start && text[node.range[0]] === opener).at(-1);
    if (collection?.range) {
      const at = collection.range[0];
      const kind = bracket === "]" ? "sequence" : "mapping";
      return { start: at, end: at + 1, message: `missing closing ${bracket}: the flow ${kind} that opens here is never closed` };
    }
  }
  // `name: a: b`, or a key indented under a plain value (`name: x` then `   labels:`): the ": " is the mistake.
  if (code === "BLOCK_AS_IMPLICIT_KEY" && message.startsWith("Nested mappings")) {
    const colon = /:(?=[ \t\r\n]|$)/g;
    // After the key: a quoted one may hold ": " itself.
    colon.lastIndex = nodes.find((node) => isScalar(node) && node.range?.[0] === start)?.range?.[1] ?? end;
    const at = colon.exec(text)?.index;
    if (at !== undefined && at < document.range[2]) return { start: at, end: at + 1, message: MAPPING_IN_VALUE };
  }
  // `name:web` then a key below it: the plain value "name:web" runs on into that key.
  if (code === "MULTILINE_IMPLICIT_KEY") {
    const lineEnd = text.indexOf("\n", start);
    const glued = GLUED_KEY.exec(text.slice(start, lineEnd === -1 ? undefined : lineEnd));
    if (glued) return { start, end: start + glued[0].length, message: `"${glued[0]}" is one plain value, not a key and its value: a key's ":" needs a space after it (${glued[1]}: ${glued[2]})` };
  }
  if (code === "BLOCK_AS_IMPLICIT_KEY" && message.startsWith("A block sequence") && text[next] === "-") return { start: next, end: next + 1, message: listAtKeyIndentation(text, next) };
  const stray = /^Unexpected flow-(map|seq)-end token/.exec(message)?.[1];
  if (stray) {
    const [bracket, kind] = stray === "map" ? ["}", "mapping"] : ["]", "sequence"];
    return { start, end: Math.min(end, text.length), message: `"${bracket}" closes no flow ${kind}: delete it, or add the "${bracket === "}" ? "{" : "["}" it is meant to close` };
  }
  // A tab used as indentation is itself the mistake.
  if (code === "TAB_AS_INDENT") return { start, end: Math.min(end, text.length), message: "a tab indents this line: YAML indents with spaces only; replace the tab with spaces" };
  if (start >= text.length || next > start) {
    if (!lastInDocument) return { start: next, end: next + 1, message };
    const at = Math.max(0, lastTokenEnd(text, Math.min(start, text.length)) - 1);
    return { start: at, end: Math.min(text.length, at + 1), message };
  }
  return { start, end: Math.min(end, text.length), message };
}

/**
 * The offset after the blanks, line breaks and comments (a `#` at a line's start or after a blank)
 * from `offset` on. A loop, not one regular expression: a repeated group run over a million
 * comment lines overflows V8's stack.
 */
const REST_OF_LINE = /[^\r\n]*/y;

function afterBlanks(text: string, offset: number): number {
  let at = offset;
  while (at < text.length) {
    const char = text[at]!;
    if (char === " " || char === "\t" || char === "\r" || char === "\n") at++;
    else if (char === "#" && (at === 0 || /[ \t\r\n]/.test(text[at - 1]!))) {
      REST_OF_LINE.lastIndex = at;
      REST_OF_LINE.test(text);
      at = REST_OF_LINE.lastIndex;
    } else break;
  }
  return at;
}

/** The end of the last character before `offset` that is neither a blank nor a line break. */
function lastTokenEnd(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && /[ \t\r\n]/.test(text[at - 1]!)) at--;
  return at;
}

/** A key glued to its value (`name:web`, `mountPath:/data`; not `http://x`), up to the end of its line. */
const GLUED_KEY = /^([A-Za-z_][\w.\/-]*):(?!\/\/)([^\s#:][^\s#]*)(?=[ \t]*(?:#.*)?\r?$)/;

/**
 * A `-` at the column of the keys around it (`containers:`, then the list not indented under it),
 * naming the key above it, if one has no value and is indented further: the list is most likely its.
 */
function listAtKeyIndentation(text: string, dash: number): string {
  const column = dash - (text.lastIndexOf("\n", dash - 1) + 1);
  const lines = text.slice(0, dash).split("\n");
  const owner = lines
    .slice(0, -1)
    .map((line, index) => ({ line, number: index + 1 }))
    .reverse()
    .find(({ line }) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  const key = owner && /^( *)([^\s#][^#]*?):[ \t]*(?:#.*)?\r?$/.exec(owner.line);
  const under = key && key[1]!.length > column ? `, such as "${key[2]}:" on line ${owner.number}` : "";
  return `this list item is at the indentation of the keys around it, which kubectl refuses: indent it under the key it belongs to${under}`;
}

const MAPPING_IN_VALUE = "this \": \" starts a mapping inside a value, which kubectl refuses (mapping values are not allowed in this context): fix the key's indentation, or quote the value if the \":\" belongs to it";

/** Whether this happens depends on the thread's stack: parallel.ts lints such files again on the main thread. */
export const TOO_DEEP = "this document nests too deeply for nw-lint to read (resource exhaustion), so it is not linted";

/**
 * `yaml`'s syntax tree takes some 250 bytes for each scalar, indicator or bracket (spaces, line
 * breaks and comments cost it little), and all of a document's tree is built before any of it is
 * read: 10 MB of `[1,1,1,…]` (15 million tokens) would fill the memory until the process aborts.
 * Manifests have one per six or seven characters (the benchmark's 13 MB of them, 1.9 million).
 * The lexer gives at most one and a half per character (a flow list of one-character items), so a
 * file of fewer than 1.5 million characters is not counted.
 */
const MAX_TOKENS = 3_000_000;
const MAX_TOKENS_PER_CHARACTER = 2;
// Grouped by hand: toLocaleString would load ICU's number formats, 20 ms of every run's start-up.
const MAX_TOKENS_TEXT = String(MAX_TOKENS).replace(/\B(?=(?:\d{3})+$)/g, ",");
export const TOO_MANY_TOKENS = `this file holds more than ${MAX_TOKENS_TEXT} YAML tokens, more than nw-lint reads in one file (its syntax tree would take gigabytes), so it is not linted: split it into smaller files`;
/** A lexer token that is white space, a line break or a comment (or an empty one). */
const LIGHT_TOKEN = /^(?:[ \t\r\n#]|$)/;

/** nw-lint's own limits: the YAML may well be valid, and Kubernetes may take it. */
export const READING_LIMITS: ReadonlySet<string> = new Set([TOO_DEEP, TOO_MANY_TOKENS]);

/** Whether `yaml`'s lexer gives more than `limit` tokens but light ones for the text: counted as they come, none kept. */
function tokensOver(text: string, limit: number): boolean {
  let count = 0;
  for (const token of new Lexer().lex(text)) if (!LIGHT_TOKEN.test(token) && ++count > limit) return true;
  return false;
}

/** The start of the document `offset` is in: after the last `---` line before it, else the file's start. */
function documentStart(text: string, offset: number): number {
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let match = marker.exec(text); match && match.index <= offset; match = marker.exec(text)) start = match.index;
  return start;
}

/** Keys repeated in one mapping; go-yaml v2, which kubectl reads manifests with, refuses them. */
function duplicateKeys(nodes: readonly Node[], manifest: boolean): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const node of nodes) {
    if (!isMap(node)) continue;
    const keys = new Set<unknown>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      if (keys.has(pair.key.value)) {
        const key = JSON.stringify(String(pair.key.value));
        const message = `duplicate key ${key} in one mapping${manifest ? `: kubectl refuses the file (key ${key} already set in map)` : ""}`;
        problems.push({ start: pair.key.range[0], end: pair.key.range[1], message });
      }
      keys.add(pair.key.value);
    }
  }
  return problems;
}

/** An alias whose anchor is not defined before it (`yaml` reports this only when converting). */
function unresolvedAlias(aliasTargets: ReadonlyMap<Alias, Node | undefined>): YamlProblem | undefined {
  for (const [alias, target] of aliasTargets) {
    if (!target && alias.range) return { start: alias.range[0], end: alias.range[1], message: `alias *${alias.source} has no anchor &${alias.source} before it` };
  }
  return undefined;
}

/**
 * A `<<` merge key whose value go-yaml v2 refuses ("map merge requires map or sequence of maps as
 * the value"): it takes a mapping, an alias of one, or a sequence of those. `yaml` would also take
 * an alias of a sequence, and reports the others at the document's first alias.
 */
function mergeProblem(nodes: readonly Node[], aliasTargets: ReadonlyMap<Alias, Node | undefined>): YamlProblem | undefined {
  if (!nodes.some(isMergeKey)) return undefined;
  for (const node of nodes) {
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      if (!isMergeKey(pair.key)) continue;
      const value = pair.value as Node | null;
      const sources: readonly unknown[] = isSeq(value) ? value.items : [value];
      const culprit = sources.find((source) => !isMap(isAlias(source) ? aliasTargets.get(source) : source));
      if (culprit === undefined) continue;
      const empty = culprit === null || (isScalar(culprit) && culprit.value === null);
      const at = culprit === null || (isScalar(culprit) && culprit.source === "") ? (pair.key as Node).range : (culprit as Node).range;
      if (!at) continue;
      const what = empty ? "<< has nothing to merge" : isAlias(culprit) ? `cannot merge *${culprit.source}: it is not a mapping` : "cannot merge this value: it is not a mapping";
      return { start: at[0], end: at[1], message: `${what} (a merge takes a mapping, an alias of one, or a list of them)` };
    }
  }
  return undefined;
}

/** Aliases that expand past what kubectl's go-yaml allows, at the one where it gives up. */
function aliasBomb(nodes: readonly Node[], aliasTargets: ReadonlyMap<Alias, Node | undefined>): YamlProblem | undefined {
  const culprit = excessiveAliasing(nodes, aliasTargets);
  if (!culprit?.range) return undefined;
  return { start: culprit.range[0], end: culprit.range[1], message: 'the aliases expand to far more nodes than are written (an "alias bomb"): kubectl refuses the document (document contains excessive aliasing)' };
}

/**
 * Converting follows aliases and, in YAML 1.1, `<<` merge keys; a merge can fail where the
 * checks before missed it, so a document holding one is converted once here.
 */
function conversionProblem(document: Document.Parsed, nodes: readonly Node[]): YamlProblem | undefined {
  const culprit = nodes.find((node) => isAlias(node) || isMergeKey(node));
  if (!culprit?.range) return undefined;
  try {
    documentValue(document);
    return undefined;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { start: culprit.range[0], end: culprit.range[1], message: error.message };
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
