// The abstract values the interpreter tracks: just enough to follow a Flask app, an argparse parser,
// a path built from argparse or the environment, and the functions a module defines.

import { posix } from "node:path";
import type { SyntaxNode } from "@lezer/common";
import type { ParserDraft, ExclusiveGroupDraft } from "./argparse-builder.js";
import type { FlaskAppDraft } from "./flask.js";
import type { PyValue } from "./literals.js";
import type { PathBase } from "./module.js";

export type Value =
  | { readonly kind: "literal"; readonly value: PyValue }
  /** A module or a name in one, by its dotted path: `os.path.join`, `flask.Flask`, `builtins.exit`. */
  | { readonly kind: "imported"; readonly path: string }
  /**
   * `decorated`: defined under a decorator, which may have replaced it with anything.
   * `clickCommand`: decorated as a click command or group, whose call parses the command line and exits (click's standalone mode).
   */
  | { readonly kind: "function"; readonly node: SyntaxNode; readonly closure: Scope; readonly decorated?: true; readonly clickCommand?: true }
  | { readonly kind: "method"; readonly self: Value; readonly name: string }
  | { readonly kind: "parser"; readonly parser: ParserDraft }
  | { readonly kind: "group"; readonly parser: ParserDraft; readonly exclusive?: ExclusiveGroupDraft }
  /** `sys.argv[start:]`, with a literal start of 0 or more. */
  | { readonly kind: "argv-slice"; readonly start: number }
  /** What `parse_args()` returns. */
  | { readonly kind: "namespace" }
  | { readonly kind: "argument"; readonly dest: string; readonly relativeTo: PathBase }
  | { readonly kind: "env"; readonly variable: string; readonly default?: string; readonly relativeTo: PathBase }
  /** A path computed from `__file__` or made absolute: `os.path.abspath("static")`. */
  | { readonly kind: "path"; readonly value: string; readonly relativeTo: PathBase }
  | { readonly kind: "flask-app"; readonly app: FlaskAppDraft }
  /** An app of another framework (`FastAPI()`), known only by what built it. */
  | { readonly kind: "framework-app"; readonly framework: string; readonly asgi: boolean }
  | { readonly kind: "tuple"; readonly items: readonly Value[] }
  | { readonly kind: "module-name" }
  | { readonly kind: "module-file" }
  | { readonly kind: "unknown" };

export const UNKNOWN_VALUE: Value = { kind: "unknown" };

/** A Python namespace: the module, a function call's locals, or a class body. */
export interface Scope {
  readonly kind: "module" | "function" | "class";
  readonly values: Map<string, Value>;
  /** Names a function declares `global`. */
  readonly globals: ReadonlySet<string>;
  readonly parent?: Scope;
  readonly functionName?: string;
}

/** An evaluated call argument. */
export interface Argument {
  readonly node: SyntaxNode;
  readonly value: Value;
}

export interface EvaluatedArguments {
  readonly positional: readonly Argument[];
  readonly keywords: ReadonlyMap<string, Argument>;
  readonly spread: boolean;
}

export function argumentValue(args: EvaluatedArguments, keyword: string, index?: number): Argument | undefined {
  return args.keywords.get(keyword) ?? (index === undefined ? undefined : args.positional[index]);
}

export function literalString(value: Value | undefined): string | undefined {
  return value?.kind === "literal" && typeof value.value === "string" ? value.value : undefined;
}

/** `os.path.abspath(x)`: a path relative to the app root becomes one relative to the working directory. */
export function absolutePath(value: Value): Value {
  const text = literalString(value);
  if (text !== undefined) return { kind: "path", value: text, relativeTo: "cwd" };
  if (value.kind === "path" || value.kind === "argument" || value.kind === "env") {
    return value.relativeTo === "app-root" ? { ...value, relativeTo: "cwd" } : value;
  }
  return value.kind === "module-file" ? value : UNKNOWN_VALUE;
}

/** `os.path.dirname(__file__)`, `Path(__file__).parent`. */
export function parentDirectory(value: Value): Value {
  if (value.kind === "module-file") return { kind: "path", value: ".", relativeTo: "module" };
  if (value.kind === "path") return { ...value, value: posix.dirname(value.value) };
  return UNKNOWN_VALUE;
}

/** `os.path.join(base, "a", "b")`, `base / "a"`: known only when the parts are literal strings. */
export function joinPath(base: Value, parts: readonly Value[]): Value {
  const texts = parts.map(literalString);
  if (texts.some((text) => text === undefined)) return UNKNOWN_VALUE;
  // As in os.path.join, an absolute part discards everything before it.
  const absolute = (texts as string[]).map((text) => text.startsWith("/")).lastIndexOf(true);
  if (absolute !== -1) return { kind: "literal", value: posix.join(...(texts.slice(absolute) as string[])) };
  const baseText = literalString(base);
  if (baseText !== undefined) return { kind: "literal", value: posix.join(baseText, ...(texts as string[])) };
  if (base.kind === "path") return { ...base, value: posix.join(base.value, ...(texts as string[])) };
  return UNKNOWN_VALUE;
}
