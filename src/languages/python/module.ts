// What importing a Python module does, read from its syntax tree without running it: the names it
// binds (and where names are bound only in functions or under the `__main__` guard), its Flask
// apps and their static folders, the argparse parsers that read sys.argv during the import
// (simulate them with argparse.ts), and the statements that stop the import.
//
// Beyond the first draft of this API: `Binding` also has `nameSite`, `aliasOf`, `flaskApp` and
// `functionName`, and `def.positionalParams` and `def.returnsValue`; `importedFrom.name` is undefined for
// `import a.b as c` and "*" for a star import, which `topLevel` keys as `*<module>`; `FlaskApp`
// always has a `staticFolder`, plus `context` and `importName`; a static folder says what a
// relative path is relative to and may be `none`; `runCalls` entries have a `kind`;
// `syntaxErrors` holds at most one error (Python stops at the first) with its statement;
// `dunderAll` is new.

import type { Site, SourceFile } from "../../engine/types.js";
import type { ArgParser } from "./argparse-definition.js";
import { effectsOfCall, interpretModule, NO_CALL_EFFECTS, type CallEffects } from "./interpreter.js";
import { findSyntaxErrors } from "./syntax-errors.js";
import { unparsedFrom } from "./syntax.js";
import { TOO_DEEPLY_NESTED } from "./tokenizer-checks.js";

export type { ArgParser, ArgumentSpec } from "./argparse-definition.js";

export interface PythonModule {
  readonly file: SourceFile;
  /** Where the module first fails to compile (Python reports one error), worded as CPython 3.11 words the common ones. */
  readonly syntaxErrors: readonly SyntaxProblem[];
  /**
   * Where nw-lint stopped reading a module nested deeper than its parser reads (a chain of
   * thousands of terms, thousands of nested `if … else`): what the module does is known only up
   * to there, and whether it compiles is not (see parse.ts).
   */
  readonly unparsedFrom?: number;
  /**
   * Names bound when the module is imported (not only under `if __name__ == "__main__":`), as
   * left at the end of the import: assignments of every form, imports, defs, classes, `for` and
   * `with` targets, walrus, inside top-level blocks too, and `global` names of functions the import
   * calls. `from m import *` is keyed `*m` (`*.m` for a relative one) with kind `star-import`.
   */
  readonly topLevel: ReadonlyMap<string, Binding>;
  /** Names bound only as locals of a function (parameters excluded), with the innermost function. */
  readonly boundInFunction: ReadonlyMap<string, { readonly functionName: string; readonly site: Site }>;
  /** Names bound only under the `__main__` guard (or in functions called only from there). */
  readonly boundUnderMainGuard: ReadonlyMap<string, Binding>;
  /** The literal `__all__` (what `from module import *` takes); undefined when there is none. */
  readonly dunderAll: readonly string[] | undefined;
  /** Every `Flask(...)` construction, in the order the import (then the rest of the file) reaches them. */
  readonly flaskApps: readonly FlaskApp[];
  /** Parsers whose `parse_args()`/`parse_known_args()` on sys.argv runs during the import (also through functions it calls), unless a `try` catches the SystemExit. */
  readonly importTimeParsers: readonly ArgParser[];
  /** The imports the module's import runs, in order, each as its statement names it (`import a.b` imports `a.b`, though it binds `a`). */
  readonly imports: readonly ModuleImport[];
  /**
   * Statements that certainly stop the import: at module level (a `try` around them counts only if
   * it catches what they raise; `with` bodies never count, bar a blocking `run`), or unconditional
   * in a function the import certainly calls. Relative imports are listed wherever they are: they
   * fail only in a module outside a package, which the caller knows.
   */
  readonly importBlockers: readonly ImportBlocker[];
  /** Flask development-server runs and FLASK_DEBUG settings on the import path or under the `__main__` guard. */
  readonly runCalls: readonly RunCall[];
  /**
   * `sys.argv[N]` read with a literal index during the import (also through functions it calls),
   * unless a `try` catches the IndexError; `certain` when no branch, loop or short-circuit stands before it.
   * Slices (`sys.argv[1:]`) never fail and are not listed.
   */
  readonly argvReads: readonly ArgvRead[];
}

export interface ArgvRead {
  /** The literal index: `sys.argv[1]` is 1, `sys.argv[-2]` is -2. */
  readonly index: number;
  /** The subscript expression. */
  readonly site: Site;
  readonly text: string;
  readonly certain: boolean;
  /** The top-level function whose call by the server reads it (`m:create_app()`); undefined for a read during the import. */
  readonly calledAs?: string;
}

/** `from m import n` is {module "m", name "n"} (name "*" for a star import), `import a.b` {module "a.b"}; `level` counts leading dots. */
export interface ModuleImport {
  readonly module: string;
  readonly name?: string;
  readonly level: number;
  /** The import statement (set on the `imports` of a module). */
  readonly site?: Site;
  /** It certainly runs during the import (no branch before it) and nothing catches its ImportError: when it fails, the import fails. */
  readonly certain?: true;
}

export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** The exception CPython raises: SyntaxError, or its subclasses for indentation; ValueError for a NUL byte (see undecodable.ts). */
  readonly exception: "SyntaxError" | "IndentationError" | "TabError" | "ValueError";
  /** The statement (or, for tokens outside any, the line) the error is in. */
  readonly statement: Site;
  /** True when the module's bytes are not UTF-8 where CPython decodes them. */
  readonly undecodable?: true;
}

export type BindingKind = "assign" | "import" | "def" | "class" | "for" | "with" | "star-import" | "global";

export interface Binding {
  readonly name: string;
  /** The binding statement (for a def or class, from `def`/`class`, without decorators). */
  readonly site: Site;
  /** The bound name itself. */
  readonly nameSite: Site;
  readonly kind: BindingKind;
  /** For imports: `from m import n` is {module "m", name "n"}; `import a.b as c` is {module "a.b"}. `level` counts leading dots. */
  readonly importedFrom?: ModuleImport;
  /** Set when the bound value is a function defined in this module (also through an alias). */
  readonly def?: FunctionSignature;
  /** `application = app`: the name whose value was bound. */
  readonly aliasOf?: string;
  /** `application = create_app()`, `application = webapp.create_app()`: the (dotted) name called for the value bound. */
  readonly calls?: string;
  readonly isFlaskApp: boolean;
  readonly flaskApp?: FlaskApp;
  /** Bound to an app of another framework than Flask (`FastAPI`, `Starlette`), built by its constructor or a factory the import calls. */
  readonly framework?: string;
  /** That app is an ASGI app (FastAPI's), which a WSGI server cannot call. */
  readonly asgi?: true;
  /** Bound to None (`app = None`, set for real only in a function the import does not call). */
  readonly isNone?: true;
  /** For kind `global`: the function whose call binds the name. */
  readonly functionName?: string;
}

export interface FunctionSignature {
  /** The name the `def` gives it (CPython's errors name the function so, whatever name it is called by). */
  readonly name: string;
  /** The parameters that take arguments by position, in order (positional-only ones included). */
  readonly positionalNames: readonly string[];
  /** How many of them are positional-only (before `/`). */
  readonly positionalOnly: number;
  readonly keywordOnlyNames: readonly string[];
  /** Takes `**kwargs`. */
  readonly acceptsKeywords: boolean;
  /** The parameters without a default: positional ones, then keyword-only ones. */
  readonly requiredPositional: readonly string[];
  readonly requiredKeywordOnly: readonly string[];
  /** Parameters a call with no arguments leaves without a value (positional and keyword-only). */
  readonly requiredParams: number;
  /** How many arguments it takes by position (not counting `*args`). */
  readonly positionalParams: number;
  /** Takes `*args`. */
  readonly acceptsArgs: boolean;
  /** False when every call returns None: no `return <value>` and no `yield` in the body. */
  readonly returnsValue: boolean;
  /** The names its `return NAME` statements return (`return app`). */
  readonly returnedNames: readonly string[];
}

export interface FlaskApp {
  /** The first name the app object was bound to (a local name inside a factory). */
  readonly boundTo?: string;
  /** The `Flask(...)` call. */
  readonly site: Site;
  /** When the construction runs: during the import, only under the `__main__` guard, or only when a function is called. */
  readonly context: "import" | "main-guard" | "function";
  /** For context `function`: the function that constructs it. */
  readonly functionName?: string;
  /** The first argument: its literal value, `__name__` for `__name__`, undefined when unknown. */
  readonly importName?: string;
  readonly staticFolder: StaticFolder;
}

/**
 * Where a static folder path is relative to, when relative: `app-root` is Flask's root path (the
 * module's directory for `Flask(__name__)`, else the working directory unless the import name is an
 * importable module); `module` is the module's directory (from `__file__`); `cwd` is the working
 * directory (`os.path.abspath(...)`).
 */
export type PathBase = "app-root" | "module" | "cwd";

export type StaticFolder =
  | { readonly kind: "literal"; readonly value: string; readonly relativeTo: PathBase; readonly site: Site }
  | { readonly kind: "argparse"; readonly dest: string; readonly relativeTo: PathBase; readonly site: Site }
  | { readonly kind: "env"; readonly variable: string; readonly default?: string; readonly relativeTo: PathBase; readonly site: Site }
  /** No `static_folder`: `static` under the app root. */
  | { readonly kind: "default" }
  /** `static_folder=None`: no static route. */
  | { readonly kind: "none"; readonly site: Site }
  | { readonly kind: "unknown"; readonly site: Site };

export interface ImportBlocker {
  readonly kind: "raise" | "exit" | "run" | "relative-import";
  readonly site: Site;
  readonly text: string;
}

export interface RunCall {
  /** `run`: `<flask app>.run(...)`; `debug-env`: FLASK_DEBUG set through `os.environ`. */
  readonly kind: "run" | "debug-env";
  readonly site: Site;
  readonly underMainGuard: boolean;
  readonly debug: boolean | "unknown";
}

/** What a server's call of a factory runs, with the top-level function it called (`m:create_app()`). */
export type OfCall<T> = T & { readonly calledAs: string };

const modules = new WeakMap<SourceFile, PythonModule>();

/** Analyses a module once per SourceFile. */
export function analyzePythonModule(file: SourceFile): PythonModule {
  let module = modules.get(file);
  if (!module) {
    const syntaxErrors = findSyntaxErrors(file);
    // Nesting CPython refuses to tokenize is also deeper than the interpreter may recurse: such a module binds nothing.
    const tooDeep = syntaxErrors.some((error) => error.message === TOO_DEEPLY_NESTED);
    const unparsed = unparsedFrom(file);
    module = { file, syntaxErrors, ...(unparsed === undefined ? {} : { unparsedFrom: unparsed }), ...interpretModule(tooDeep ? { ...file, text: "" } : file) };
    modules.set(file, module);
  }
  return module;
}

/**
 * Whether what importing the module does is not known: it fails to compile (python/syntax reports
 * that), or it was not read whole (`unparsedFrom`). Checks that need the whole module say nothing then.
 */
export function importUnknown(module: PythonModule): boolean {
  return module.syntaxErrors.length > 0 || module.unparsedFrom !== undefined;
}

const effectsOfCalls = new WeakMap<PythonModule, Map<string, CallEffects>>();

/**
 * What runs when a server, after the import, calls the module's top-level function `name`
 * (`m:create_app()`): the parsers that certainly parse sys.argv, the `sys.argv[N]` reads, the
 * `app.run()` that never returns and Flask's development-server runs, each with the name it was
 * called as; once per module and name.
 */
export function effectsWhenCalled(module: PythonModule, name: string): CallEffects {
  let byName = effectsOfCalls.get(module);
  if (!byName) effectsOfCalls.set(module, (byName = new Map()));
  let effects = byName.get(name);
  if (!effects) {
    // Running the call interprets the module's import again: not for a module that neither reads argv (`parse_args()` reads it unnamed) nor runs a server.
    const text = module.file.text;
    const mayHaveEffects = text.includes("argv") || text.includes("parse_") || text.includes("run");
    const called = importUnknown(module) || !mayHaveEffects ? undefined : effectsOfCall(module.file, name);
    effects = called ? { ...called, parsers: called.parsers.filter((parser) => parser.parseCall.certain) } : NO_CALL_EFFECTS;
    byName.set(name, effects);
  }
  return effects;
}
