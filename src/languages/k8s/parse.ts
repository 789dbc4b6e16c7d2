import { parseAllDocuments, type Document } from "yaml";
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

export function parseYamlStream(file: SourceFile): YamlStream {
  const nul = file.text.indexOf("\0");
  if (nul !== -1) {
    return {
      file,
      documents: [],
      problems: [{ start: nul, end: nul + 1, message: "the file holds binary data (a NUL byte), not YAML" }],
    };
  }
  const parsed = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: true });
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
