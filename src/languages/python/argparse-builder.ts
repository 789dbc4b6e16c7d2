// Builds ArgParsers from the calls a module makes: `ArgumentParser(...)`, `add_argument(...)`,
// argument groups, `set_defaults(...)`; anything argparse would do differently from the model is
// recorded as unmodelled rather than guessed.

import type { Site, SourceFile } from "../../engine/types.js";
import {
  createArgument, helpArgument, SUPPRESS, UNKNOWN,
  type AddArgumentOptions, type ArgParser, type ArgumentAction, type ArgumentSpec, type ArgumentType, type Nargs, type Unmodelled,
} from "./argparse-definition.js";
import type { PyValue } from "./literals.js";
import { nodeSite, nodeText } from "./syntax.js";
import { argumentValue, literalString, type Argument, type EvaluatedArguments } from "./values.js";

export interface ExclusiveGroupDraft {
  readonly required: boolean;
  readonly arguments: ArgumentSpec[];
}

const ACTIONS: ReadonlySet<string> = new Set([
  "store", "store_const", "store_true", "store_false", "append", "append_const", "extend", "count", "help", "version",
]);
const NARGS: ReadonlySet<PyValue> = new Set(["?", "*", "+", "...", "A..."]);
const TYPES: ReadonlyMap<string, ArgumentType> = new Map([
  ["builtins.str", "str"], ["builtins.int", "int"], ["builtins.float", "float"], ["builtins.bool", "bool"],
]);
/** Type callables that accept any string, so they never make argparse fail. */
const TOTAL_TYPES: ReadonlySet<string> = new Set([
  "os.path.abspath", "os.path.realpath", "os.path.expanduser", "os.path.normpath", "pathlib.Path", "pathlib.PurePath",
]);

export class ParserDraft {
  readonly arguments: ArgumentSpec[] = [];
  readonly exclusiveGroups: ExclusiveGroupDraft[] = [];
  readonly unmodelled: Unmodelled[] = [];
  readonly defaults = new Map<string, PyValue>();
  /** add_subparsers was called: the subcommand's parser takes the rest of argv, which is not simulated. */
  hasSubcommands = false;
  private readonly prog?: string;
  private readonly usage?: string;
  private readonly allowAbbrev: boolean;
  readonly argumentDefault: PyValue | undefined;

  /** From the arguments of `ArgumentParser(prog=None, usage=None, ...)`. */
  constructor(private readonly file: SourceFile, readonly site: Site, args: EvaluatedArguments) {
    if (args.spread) this.unmodel(site, "arguments passed with * or **");
    const prog = argumentValue(args, "prog", 0);
    const usage = argumentValue(args, "usage", 1);
    this.prog = prog && this.literalText(prog, "a prog that is not a literal string");
    this.usage = usage && this.literalText(usage, "a usage that is not a literal string");
    this.allowAbbrev = this.literalFlag(args.keywords.get("allow_abbrev"), true);
    this.argumentDefault = this.literal(args.keywords.get("argument_default"));
    const prefixChars = args.keywords.get("prefix_chars");
    if (prefixChars && literalString(prefixChars.value) !== "-") this.unmodel(prefixChars, "prefix_chars other than '-'");
    this.unmodelUnlessLiteral(args.keywords.get("fromfile_prefix_chars"), null, "arguments read from files");
    this.unmodelUnlessLiteral(args.keywords.get("parents"), [], "arguments inherited from parent parsers");
    this.unmodelUnlessLiteral(args.keywords.get("exit_on_error"), true, "exit_on_error=False");
    this.unmodelUnlessLiteral(args.keywords.get("conflict_handler"), "error", "conflict_handler other than 'error'");
    const formatter = args.keywords.get("formatter_class");
    if (formatter?.value.kind === "imported" && formatter.value.path === "argparse.MetavarTypeHelpFormatter") {
      this.unmodel(formatter, "a formatter that changes the usage line");
    }
    if (this.literalFlag(args.keywords.get("add_help"), true)) this.arguments.push(helpArgument(site));
  }

  /** `add_argument(*flags, **options)` on the parser or on one of its groups. */
  addArgument(site: Site, args: EvaluatedArguments, group?: ExclusiveGroupDraft): void {
    if (args.spread) return this.unmodel(site, "add_argument with * or ** arguments");
    const flags = args.positional.map((flag) => literalString(flag.value));
    if (flags.some((flag) => flag === undefined)) return this.unmodel(site, "an argument name that is not a literal string");
    const spec = createArgument(site, flags as string[], this.addArgumentOptions(args), this);
    this.arguments.push(spec);
    group?.arguments.push(spec);
  }

  addExclusiveGroup(args: EvaluatedArguments): ExclusiveGroupDraft {
    const group = { required: this.literalFlag(args.keywords.get("required"), false), arguments: [] };
    this.exclusiveGroups.push(group);
    return group;
  }

  /** `set_defaults(dest=value, ...)` also changes the defaults of arguments already added. */
  setDefaults(site: Site, args: EvaluatedArguments): void {
    if (args.spread) this.unmodel(site, "set_defaults with * or ** arguments");
    for (const [dest, argument] of args.keywords) {
      const value = this.literal(argument);
      if (value === undefined) continue;
      this.defaults.set(dest, value);
      this.arguments.forEach((spec, index) => {
        if (spec.dest !== dest) return;
        const updated = { ...spec, default: value };
        this.arguments[index] = updated;
        for (const group of this.exclusiveGroups) {
          const position = group.arguments.indexOf(spec);
          if (position !== -1) group.arguments[position] = updated;
        }
      });
    }
  }

  unmodel(at: Site | Argument, what: string): void {
    this.unmodelled.push({ site: "node" in at ? nodeSite(this.file, at.node) : at, what });
  }

  /** The parser as it stands when `parse_args()` runs. */
  snapshot(parseCall: ArgParser["parseCall"]): ArgParser {
    return {
      site: this.site,
      ...(this.prog !== undefined ? { prog: this.prog } : {}),
      ...(this.usage !== undefined ? { usage: this.usage } : {}),
      arguments: [...this.arguments],
      exclusiveGroups: this.exclusiveGroups.map((group) => ({ required: group.required, arguments: [...group.arguments] })),
      allowAbbrev: this.allowAbbrev,
      defaults: new Map(this.defaults),
      parseCall,
      unmodelled: [...this.unmodelled],
    };
  }

  private addArgumentOptions(args: EvaluatedArguments): AddArgumentOptions {
    const keyword = (name: string) => args.keywords.get(name);
    const defaultArgument = keyword("default");
    const options: { -readonly [K in keyof AddArgumentOptions]: AddArgumentOptions[K] } = {};
    const action = this.action(keyword("action"));
    if (action) options.action = action;
    const nargs = this.nargs(keyword("nargs"));
    if (nargs !== undefined) options.nargs = nargs;
    if (defaultArgument) options.default = this.literal(defaultArgument) ?? UNKNOWN;
    const constant = this.literal(keyword("const"));
    if (constant !== undefined) options.const = constant;
    const type = this.type(keyword("type"));
    if (type) options.type = type;
    const choices = this.choices(keyword("choices"));
    if (choices) options.choices = choices;
    const required = keyword("required");
    if (required) options.required = this.literalFlag(required, false);
    options.helpSuppressed = literalString(keyword("help")?.value) === SUPPRESS;
    const metavar = this.literal(keyword("metavar"));
    if (typeof metavar === "string" || (Array.isArray(metavar) && metavar.every((item) => typeof item === "string"))) {
      options.metavar = metavar as string | string[];
    }
    const dest = literalString(keyword("dest")?.value);
    if (dest !== undefined) options.dest = dest;
    const version = literalString(keyword("version")?.value);
    if (version !== undefined) options.version = version;
    return options;
  }

  private action(argument: Argument | undefined): ArgumentAction | undefined {
    if (!argument) return undefined;
    const name = literalString(argument.value);
    if (name !== undefined && ACTIONS.has(name)) return name as ArgumentAction;
    if (argument.value.kind === "imported" && argument.value.path === "argparse.BooleanOptionalAction") return "boolean_optional";
    this.unmodel(argument, `the action ${nodeText(this.file, argument.node)}`);
    return undefined;
  }

  private nargs(argument: Argument | undefined): Nargs | undefined {
    if (!argument) return undefined;
    const value = this.literal(argument);
    if (typeof value === "number" || NARGS.has(value ?? null)) return value as Nargs;
    if (value !== null) this.unmodel(argument, `nargs=${nodeText(this.file, argument.node)}`);
    return undefined;
  }

  private type(argument: Argument | undefined): ArgumentType | undefined {
    if (!argument || (argument.value.kind === "literal" && argument.value.value === null)) return undefined;
    const path = argument.value.kind === "imported" ? argument.value.path : undefined;
    const type = path === undefined ? undefined : TYPES.get(path);
    if (type) return type;
    if (path === undefined || !TOTAL_TYPES.has(path)) this.unmodel(argument, `the conversion type=${nodeText(this.file, argument.node)}`);
    return "other";
  }

  private choices(argument: Argument | undefined): readonly PyValue[] | undefined {
    if (!argument) return undefined;
    const value = this.literal(argument);
    if (Array.isArray(value)) return value;
    if (value !== null) this.unmodel(argument, `choices=${nodeText(this.file, argument.node)}`);
    return undefined;
  }

  private literal(argument: Argument | undefined): PyValue | undefined {
    return argument?.value.kind === "literal" ? argument.value.value : undefined;
  }

  private literalText(argument: Argument, unmodelled: string): string | undefined {
    const text = literalString(argument.value);
    if (text === undefined && this.literal(argument) !== null) this.unmodel(argument, unmodelled);
    return text;
  }

  private literalFlag(argument: Argument | undefined, fallback: boolean): boolean {
    if (!argument) return fallback;
    const value = this.literal(argument);
    if (typeof value === "boolean" || typeof value === "number") return Boolean(value);
    this.unmodel(argument, `${nodeText(this.file, argument.node)} where True or False was expected`);
    return fallback;
  }

  private unmodelUnlessLiteral(argument: Argument | undefined, expected: PyValue, what: string): void {
    if (!argument) return;
    const value = this.literal(argument);
    const same = Array.isArray(expected) ? Array.isArray(value) && value.length === 0 : value === expected;
    if (!same) this.unmodel(argument, what);
  }
}
