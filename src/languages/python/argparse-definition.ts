// argparse parsers as a module defines them: `ArgumentParser(...)` and `add_argument(...)` read the
// way CPython 3.11 reads them (dest inference, required positionals, the implicit -h/--help).

import type { Site } from "../../engine/types.js";
import type { PyValue } from "./literals.js";

/** argparse.SUPPRESS: argparse compares by identity with this string, so a literal equal to it behaves alike. */
export const SUPPRESS = "==SUPPRESS==";

export type Nargs = number | "?" | "*" | "+" | "..." | "A...";
export type ArgumentType = "str" | "int" | "float" | "bool" | "other";
export type ArgumentAction =
  | "store" | "store_const" | "store_true" | "store_false" | "append" | "append_const" | "extend"
  | "count" | "help" | "version" | "boolean_optional";

/** One argparse action, as in the parser's `_actions`. */
export interface ArgumentSpec {
  /** The `add_argument(...)` call (the `ArgumentParser(...)` call for the implicit -h/--help). */
  readonly site: Site;
  /** Option strings (`-i`, `--indir`); empty for a positional. */
  readonly flags: readonly string[];
  readonly dest: string;
  readonly positional: boolean;
  readonly required: boolean;
  readonly action: ArgumentAction;
  /** Absent for the default single value. */
  readonly nargs?: Nargs;
  /** The default as a Python value; `"==SUPPRESS=="` for argparse.SUPPRESS; undefined when not a literal. */
  readonly default: PyValue | undefined;
  readonly const: PyValue;
  readonly type: ArgumentType;
  readonly choices?: readonly PyValue[];
  readonly metavar?: string | readonly string[];
  /** `help=argparse.SUPPRESS`: hidden from the usage line. */
  readonly helpSuppressed: boolean;
  /** The `version=` text of a version action. */
  readonly version?: string;
}

export interface ExclusiveGroup {
  readonly required: boolean;
  /** The same objects as in `ArgParser.arguments`. */
  readonly arguments: readonly ArgumentSpec[];
}

/** Something the parser does that nw-lint does not model, so a simulation may differ from Python. */
export interface Unmodelled {
  readonly site: Site;
  readonly what: string;
}

export interface ArgParser {
  /** The `ArgumentParser(...)` call. */
  readonly site: Site;
  readonly prog?: string;
  /** The literal `usage=`; `"==SUPPRESS=="` hides the usage line. */
  readonly usage?: string;
  /** Every action in the order argparse keeps them: the implicit -h/--help first unless `add_help=False`. */
  readonly arguments: readonly ArgumentSpec[];
  readonly exclusiveGroups: readonly ExclusiveGroup[];
  readonly allowAbbrev: boolean;
  /** `set_defaults(...)` values, which land in the namespace even without an argument. */
  readonly defaults: ReadonlyMap<string, PyValue>;
  readonly parseCall: {
    readonly site: Site;
    /** `parse_known_args()`: unknown arguments are returned, not an error. */
    readonly known: boolean;
    /** The call parses `sys.argv[argvFrom:]` (`parse_args(sys.argv[2:])`); absent for argparse's own `sys.argv[1:]`. */
    readonly argvFrom?: number;
    /** False when the call sits in a branch or a loop, or follows a `return` in a function, so it may not run. */
    readonly certain: boolean;
    /** The top-level function the server calls after the import (`m:create_app()`) that runs the parse; absent when the import runs it. */
    readonly calledAs?: string;
  };
  readonly unmodelled: readonly Unmodelled[];
}

/** The keyword arguments of `add_argument` as far as they are literals; `undefined` = not given. */
export interface AddArgumentOptions {
  readonly action?: ArgumentAction;
  readonly nargs?: Nargs;
  readonly default?: PyValue | typeof UNKNOWN;
  readonly const?: PyValue;
  readonly type?: ArgumentType;
  readonly choices?: readonly PyValue[];
  readonly required?: boolean;
  readonly helpSuppressed?: boolean;
  readonly metavar?: string | readonly string[];
  readonly dest?: string;
  readonly version?: string;
}

/** A keyword given as an expression nw-lint cannot evaluate. */
export const UNKNOWN = Symbol("unknown");

/** The defaults and consts the action classes set when `add_argument` gives none. */
const ACTION_DEFAULTS: Partial<Record<ArgumentAction, PyValue>> = { store_true: false, store_false: true, help: SUPPRESS, version: SUPPRESS };
const ACTION_CONSTS: Partial<Record<ArgumentAction, PyValue>> = { store_true: true, store_false: false };
const TAKES_NO_VALUE: ReadonlySet<ArgumentAction> = new Set([
  "store_const", "store_true", "store_false", "append_const", "count", "help", "version", "boolean_optional",
]);

export interface ParserDefaults {
  /** `ArgumentParser(argument_default=...)`. */
  readonly argumentDefault: PyValue | undefined;
  /** `set_defaults(...)` calls made so far. */
  readonly defaults: ReadonlyMap<string, PyValue>;
}

/** Builds the action `add_argument(*flags, **options)` adds, as `_ActionsContainer.add_argument` does. */
export function createArgument(site: Site, flags: readonly string[], options: AddArgumentOptions, parser: ParserDefaults): ArgumentSpec {
  const positional = flags.length === 0 || (flags.length === 1 && !flags[0]!.startsWith("-"));
  const action = options.action ?? "store";
  const dest = positional ? (flags[0] ?? options.dest ?? "") : (options.dest ?? optionalDest(flags));
  const nargs = options.nargs ?? (TAKES_NO_VALUE.has(action) ? 0 : undefined);
  return {
    site,
    flags: positional ? [] : action === "boolean_optional" ? withNegations(flags) : [...flags],
    dest,
    positional,
    // A positional is required unless it may match nothing: nargs "?", or "*" with an explicit default.
    required: positional ? !(nargs === "?" || (nargs === "*" && options.default !== undefined)) : options.required === true,
    action,
    ...(nargs !== undefined ? { nargs } : {}),
    default: defaultOf(dest, action, options, parser),
    const: options.const ?? ACTION_CONSTS[action] ?? null,
    type: options.type ?? "str",
    ...(options.choices ? { choices: options.choices } : {}),
    ...(options.metavar !== undefined ? { metavar: options.metavar } : {}),
    helpSuppressed: options.helpSuppressed === true,
    ...(options.version !== undefined ? { version: options.version } : {}),
  };
}

/** An explicit default, else a `set_defaults` one, else `argument_default`, else the action's own. */
function defaultOf(dest: string, action: ArgumentAction, options: AddArgumentOptions, parser: ParserDefaults): PyValue | undefined {
  if (options.default === UNKNOWN) return undefined;
  if (options.default !== undefined) return options.default;
  if (parser.defaults.has(dest)) return parser.defaults.get(dest);
  if (parser.argumentDefault !== undefined && parser.argumentDefault !== null) return parser.argumentDefault;
  return ACTION_DEFAULTS[action] ?? null;
}

/** `--foo-bar` gives `foo_bar`; without a long option the first short one is used. */
function optionalDest(flags: readonly string[]): string {
  const long = flags.find((flag) => flag.length > 1 && flag[1] === "-");
  return (long ?? flags[0] ?? "").replace(/^-+/, "").replace(/-/g, "_");
}

function withNegations(flags: readonly string[]): string[] {
  return flags.flatMap((flag) => (flag.startsWith("--") ? [flag, `--no-${flag.slice(2)}`] : [flag]));
}

export function helpArgument(site: Site): ArgumentSpec {
  return createArgument(site, ["-h", "--help"], { action: "help", default: SUPPRESS }, { argumentDefault: undefined, defaults: new Map() });
}
