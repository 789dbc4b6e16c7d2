import { parseAllDocuments, type Document, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions, type Tags } from "yaml";
import type { SourceFile } from "../../engine/types.js";

export interface YamlStream {
  readonly file: SourceFile;
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
//   backward compatibility", which is what YAMLToJSON decodes into.
// yaml's own YAML 1.1 schema agrees on booleans, null and merges; its numbers and timestamps are
// replaced here. Quoted scalars are strings in both.
const INT = "tag:yaml.org,2002:int";
const FLOAT = "tag:yaml.org,2002:float";
const REPLACED_TAGS = new Set([INT, FLOAT, "tag:yaml.org,2002:timestamp"]);

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

/** In go-yaml's order: integers before floats, so `10` is an integer and `10.0` a float. */
const GO_YAML_V2_NUMBERS: readonly ScalarTag[] = [
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
];

/** How every Kubernetes manifest is read: YAML 1.1 scalars as go-yaml v2 resolves them, keys unique. */
export const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  schema: "yaml-1.1",
  customTags: (tags: Tags) => [
    ...tags.filter((tag) => typeof tag === "string" || !REPLACED_TAGS.has(tag.tag)),
    ...GO_YAML_V2_NUMBERS,
  ],
};

export function parseYamlStream(file: SourceFile): YamlStream {
  const nul = file.text.indexOf("\0");
  if (nul !== -1) {
    return {
      file,
      documents: [],
      problems: [{ start: nul, end: nul + 1, message: "the file holds binary data (a NUL byte), not YAML" }],
    };
  }
  const parsed = parseAllDocuments(file.text, KUBERNETES_YAML);
  const documents = Array.isArray(parsed) ? parsed : [];
  const problems = documents.flatMap((doc) =>
    doc.errors.map((error) => ({ start: error.pos[0], end: error.pos[1], message: describeYamlError(error.code, error.message) })),
  );
  return { file, documents, problems };
}

function describeYamlError(code: string, message: string): string {
  const text = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
  return code === "DUPLICATE_KEY" ? "duplicate key in one mapping: Kubernetes keeps only the last one" : text;
}

/**
 * A document's plain value for validators, with alias expansion bounded by MAX_ALIAS_COUNT;
 * undefined when the document is an alias bomb (its expansion is refused).
 */
export function documentValue(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return undefined;
    throw error;
  }
}
