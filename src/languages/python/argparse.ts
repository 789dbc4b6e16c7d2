// Simulates `parse_args()` / `parse_known_args()` of CPython 3.11's argparse on an argv, following
// ArgumentParser._parse_known_args step by step so that the first error, and its wording, are
// the ones Python prints. `message` is the whole of what Python prints: the usage block (as
// HelpFormatter lays it out for 80 columns) and the `prog: error: …` line. It is exact when the
// parser has nothing `unmodelled`; with an unmodelled usage only the error line is.

import { SUPPRESS, type ArgParser, type ArgumentSpec } from "./argparse-definition.js";
import { formatUsage, percentFormat } from "./argparse-usage.js";
import { pythonEquals, pythonFloat, pythonInt, pythonRepr } from "./conversions.js";
import type { PyValue } from "./literals.js";

export type { ArgParser, ArgumentSpec, ExclusiveGroup, Unmodelled } from "./argparse-definition.js";

export type ArgparseResult =
  | {
      readonly ok: true;
      /** The namespace: each destination's value (None is null). */
      readonly values: ReadonlyMap<string, PyValue>;
      /** What `parse_known_args()` leaves unparsed. */
      readonly unknown: readonly string[];
    }
  | {
      readonly ok: false;
      /** 2 for an error; 0 when -h/--help or a version option makes the app print and exit. */
      readonly status: 0 | 2;
      /** Everything argparse prints (to stderr for an error; for help only the usage block that starts it, on stdout). */
      readonly message: string;
      /** The text after `error: ` (for help and version, what happened). */
      readonly error: string;
      /** The arguments the error is about (missing, given a bad value, in conflict), to point at their add_argument. */
      readonly arguments: readonly ArgumentSpec[];
    };

/**
 * `argv` is `sys.argv[1:]` and `prog` is `sys.argv[0]` ("uwsgi" under uWSGI); argparse shows its
 * basename unless the parser sets `prog`, and parses the part of `sys.argv` the call passes it.
 */
export function simulateArgparse(parser: ArgParser, argv: readonly string[], prog: string): ArgparseResult {
  const run = new ParseRun(parser, parser.prog ?? prog.slice(prog.lastIndexOf("/") + 1));
  try {
    const unknown = run.parseKnownArgs([prog, ...argv].slice(parser.parseCall.argvFrom ?? 1));
    if (!parser.parseCall.known && unknown.length > 0) run.error(`unrecognized arguments: ${unknown.join(" ")}`);
    return { ok: true, values: run.values(), unknown: parser.parseCall.known ? unknown : [] };
  } catch (exit) {
    if (exit instanceof ParserExit) return exit.result;
    throw exit;
  }
}

class ParserExit {
  constructor(readonly result: Extract<ArgparseResult, { ok: false }>) {}
}

class ArgumentError {
  constructor(readonly argument: ArgumentSpec | undefined, readonly detail: string, readonly also: readonly ArgumentSpec[] = []) {}

  get about(): ArgumentSpec[] {
    return [...(this.argument ? [this.argument] : []), ...this.also];
  }

  toString(): string {
    const name = actionName(this.argument);
    return name === undefined ? this.detail : `argument ${name}: ${this.detail}`;
  }
}

/** What `argument_values` became, and whether it is the action's default object (`is action.default`). */
interface Values {
  readonly value: PyValue | typeof SUPPRESS_VALUE;
  readonly isDefault: boolean;
}
const SUPPRESS_VALUE = Symbol("SUPPRESS");

type OptionTuple = readonly [action: ArgumentSpec | undefined, optionString: string, explicitArg: string | undefined];

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

class ParseRun {
  /** The namespace; `fromDefault` marks values that are still an action's default object. */
  private readonly namespace = new Map<string, { value: PyValue; fromDefault: boolean }>();
  private readonly optionActions = new Map<string, ArgumentSpec>();
  private readonly hasNegativeNumberOptionals: boolean;

  constructor(private readonly parser: ArgParser, private readonly prog: string) {
    for (const action of parser.arguments) for (const flag of action.flags) this.optionActions.set(flag, action);
    this.hasNegativeNumberOptionals = [...this.optionActions.keys()].some((flag) => NEGATIVE_NUMBER.test(flag));
  }

  values(): Map<string, PyValue> {
    return new Map([...this.namespace].map(([dest, entry]) => [dest, entry.value]));
  }

  error(message: string, about: readonly ArgumentSpec[] = []): never {
    const usage = formatUsage(this.parser, this.prog);
    throw new ParserExit({ ok: false, status: 2, message: `${usage}${this.prog}: error: ${message}\n`, error: message, arguments: about });
  }

  /** ArgumentParser.parse_known_args: defaults first, then the parse; an ArgumentError becomes error(). */
  parseKnownArgs(args: string[]): string[] {
    for (const action of this.parser.arguments) {
      if (action.dest !== SUPPRESS && !this.namespace.has(action.dest) && action.default !== SUPPRESS) {
        this.namespace.set(action.dest, { value: action.default ?? null, fromDefault: true });
      }
    }
    for (const [dest, value] of this.parser.defaults) if (!this.namespace.has(dest)) this.namespace.set(dest, { value, fromDefault: true });
    try {
      return this.parse(args);
    } catch (error) {
      if (error instanceof ArgumentError) this.error(error.toString(), error.about);
      throw error;
    }
  }

  /** ArgumentParser._parse_known_args. */
  private parse(argStrings: string[]): string[] {
    const conflicts = new Map<ArgumentSpec, ArgumentSpec[]>();
    for (const group of this.parser.exclusiveGroups) {
      group.arguments.forEach((action, index) => {
        const list = conflicts.get(action) ?? [];
        list.push(...group.arguments.slice(0, index), ...group.arguments.slice(index + 1));
        conflicts.set(action, list);
      });
    }

    const optionIndices = new Map<number, OptionTuple>();
    let pattern = "";
    for (let index = 0; index < argStrings.length; index++) {
      if (argStrings[index] === "--") {
        pattern += "-" + "A".repeat(argStrings.length - index - 1);
        break;
      }
      const option = this.parseOptional(argStrings[index]!);
      if (option) optionIndices.set(index, option);
      pattern += option ? "O" : "A";
    }

    const seen = new Set<ArgumentSpec>();
    const seenNonDefault = new Set<ArgumentSpec>();
    const extras: string[] = [];

    const takeAction = (action: ArgumentSpec, strings: string[], optionString?: string) => {
      seen.add(action);
      const values = this.getValues(action, strings);
      // Actions that produced their default object do not count as present.
      if (!values.isDefault) {
        seenNonDefault.add(action);
        for (const conflict of conflicts.get(action) ?? []) {
          if (seenNonDefault.has(conflict)) throw new ArgumentError(action, `not allowed with argument ${actionName(conflict)}`, [conflict]);
        }
      }
      if (values.value !== SUPPRESS_VALUE) this.act(action, values.value, optionString);
    };

    const consumeOptional = (startIndex: number): number => {
      let [action, optionString, explicitArg] = optionIndices.get(startIndex)!;
      const tuples: [ArgumentSpec, string[], string][] = [];
      let stop: number;
      for (;;) {
        if (!action) {
          extras.push(argStrings[startIndex]!);
          return startIndex + 1;
        }
        if (explicitArg !== undefined) {
          const count = this.matchArgument(action, "A");
          // A single-dash flag that takes no value may be followed by more flags: -xyz is -x -y -z.
          if (count === 0 && optionString[1] !== "-" && explicitArg !== "") {
            tuples.push([action, [], optionString]);
            optionString = optionString[0] + explicitArg[0]!;
            const next = this.optionActions.get(optionString);
            if (!next) throw new ArgumentError(action, `ignored explicit argument ${pythonRepr(explicitArg)}`);
            action = next;
            explicitArg = explicitArg.slice(1) || undefined;
          } else if (count === 1) {
            stop = startIndex + 1;
            tuples.push([action, [explicitArg], optionString]);
            break;
          } else {
            throw new ArgumentError(action, `ignored explicit argument ${pythonRepr(explicitArg)}`);
          }
        } else {
          const start = startIndex + 1;
          const count = this.matchArgument(action, pattern.slice(start));
          stop = start + count;
          tuples.push([action, argStrings.slice(start, stop), optionString]);
          break;
        }
      }
      for (const [tupleAction, strings, tupleOption] of tuples) takeAction(tupleAction, strings, tupleOption);
      return stop;
    };

    let positionals = this.parser.arguments.filter((action) => action.positional);
    const consumePositionals = (startIndex: number): number => {
      const counts = this.matchArgumentsPartial(positionals, pattern.slice(startIndex));
      counts.forEach((count, index) => {
        const strings = argStrings.slice(startIndex, startIndex + count);
        startIndex += count;
        takeAction(positionals[index]!, strings);
      });
      positionals = positionals.slice(counts.length);
      return startIndex;
    };

    let startIndex = 0;
    const maxOptionIndex = optionIndices.size > 0 ? Math.max(...optionIndices.keys()) : -1;
    while (startIndex <= maxOptionIndex) {
      const nextOptionIndex = Math.min(...[...optionIndices.keys()].filter((index) => index >= startIndex));
      if (startIndex !== nextOptionIndex) {
        const positionalsEnd = consumePositionals(startIndex);
        if (positionalsEnd > startIndex) {
          startIndex = positionalsEnd;
          continue;
        }
        startIndex = positionalsEnd;
      }
      if (!optionIndices.has(startIndex)) {
        extras.push(...argStrings.slice(startIndex, nextOptionIndex));
        startIndex = nextOptionIndex;
      }
      startIndex = consumeOptional(startIndex);
    }
    const stopIndex = consumePositionals(startIndex);
    extras.push(...argStrings.slice(stopIndex));

    const required: ArgumentSpec[] = [];
    for (const action of this.parser.arguments) {
      if (seen.has(action)) continue;
      if (action.required) required.push(action);
      else {
        // A string default is converted only now, and only if the namespace still holds it.
        const entry = this.namespace.get(action.dest);
        if (typeof action.default === "string" && entry?.fromDefault && entry.value === action.default) {
          this.namespace.set(action.dest, { value: this.getValue(action, action.default), fromDefault: false });
        }
      }
    }
    if (required.length > 0) this.error(`the following arguments are required: ${required.map((action) => actionName(action) ?? "None").join(", ")}`, required);
    for (const group of this.parser.exclusiveGroups) {
      if (group.required && !group.arguments.some((action) => seenNonDefault.has(action))) {
        const shown = group.arguments.filter((action) => !action.helpSuppressed);
        this.error(`one of the arguments ${shown.map(actionName).join(" ")} is required`, shown);
      }
    }
    return extras;
  }

  /** ArgumentParser._parse_optional: undefined for a positional argument. */
  private parseOptional(argString: string): OptionTuple | undefined {
    if (!argString || argString[0] !== "-") return undefined;
    const exact = this.optionActions.get(argString);
    if (exact) return [exact, argString, undefined];
    if (argString.length === 1) return undefined;
    if (argString.includes("=")) {
      const [optionString, explicitArg] = splitOnce(argString);
      const action = this.optionActions.get(optionString);
      if (action) return [action, optionString, explicitArg];
    }
    const tuples = this.optionTuples(argString);
    if (tuples.length > 1) this.error(`ambiguous option: ${argString} could match ${tuples.map((tuple) => tuple[1]).join(", ")}`);
    if (tuples.length === 1) return tuples[0];
    if (NEGATIVE_NUMBER.test(argString) && !this.hasNegativeNumberOptionals) return undefined;
    if (argString.includes(" ")) return undefined;
    return [undefined, argString, undefined];
  }

  /** ArgumentParser._get_option_tuples: unique prefixes of long options, and `-xVALUE`. */
  private optionTuples(optionString: string): OptionTuple[] {
    const result: OptionTuple[] = [];
    if (optionString[1] === "-") {
      if (!this.parser.allowAbbrev) return result;
      const [prefix, explicitArg] = optionString.includes("=") ? splitOnce(optionString) : [optionString, undefined];
      for (const [flag, action] of this.optionActions) if (flag.startsWith(prefix)) result.push([action, flag, explicitArg]);
      return result;
    }
    const shortPrefix = optionString.slice(0, 2);
    const shortExplicit = optionString.slice(2);
    for (const [flag, action] of this.optionActions) {
      if (flag === shortPrefix) result.push([action, flag, shortExplicit]);
      else if (flag.startsWith(optionString)) result.push([action, flag, undefined]);
    }
    return result;
  }

  /** ArgumentParser._match_argument: how many of the following strings the action takes. */
  private matchArgument(action: ArgumentSpec, pattern: string): number {
    const match = new RegExp(`^${nargsPattern(action)}`).exec(pattern);
    if (match) return match[1]!.length;
    const messages: Record<string, string> = { undefined: "expected one argument", "?": "expected at most one argument", "+": "expected at least one argument" };
    const message = messages[String(action.nargs)]
      ?? (action.nargs === 1 ? "expected 1 argument" : `expected ${String(action.nargs)} arguments`);
    throw new ArgumentError(action, message);
  }

  private matchArgumentsPartial(actions: readonly ArgumentSpec[], pattern: string): number[] {
    for (let count = actions.length; count > 0; count--) {
      const match = new RegExp(`^${actions.slice(0, count).map(nargsPattern).join("")}`).exec(pattern);
      if (match) return match.slice(1).map((group) => group!.length);
    }
    return [];
  }

  /** ArgumentParser._get_values. */
  private getValues(action: ArgumentSpec, argStrings: readonly string[]): Values {
    const strings = [...argStrings];
    if (action.nargs !== "A..." && action.nargs !== "...") {
      const dashes = strings.indexOf("--");
      if (dashes !== -1) strings.splice(dashes, 1);
    }
    if (strings.length === 0 && action.nargs === "?") {
      const produced = action.positional ? action.default ?? null : action.const;
      if (typeof produced === "string") {
        const value = this.getValue(action, produced);
        this.checkValue(action, value);
        return { value, isDefault: action.positional && (action.type === "str" || action.type === "other") };
      }
      return { value: produced, isDefault: action.positional || sameSingleton(produced, action.default) };
    }
    if (strings.length === 0 && action.nargs === "*" && action.positional) {
      const value = action.default !== null && action.default !== undefined ? action.default : [];
      this.checkValue(action, value);
      return { value, isDefault: value === action.default };
    }
    if (strings.length === 1 && (action.nargs === undefined || action.nargs === "?")) {
      const value = this.getValue(action, strings[0]!);
      this.checkValue(action, value);
      return { value, isDefault: false };
    }
    if (action.nargs === "...") return { value: strings.map((text) => this.getValue(action, text)), isDefault: false };
    if (action.nargs === "A...") {
      const value = strings.map((text) => this.getValue(action, text));
      this.checkValue(action, value[0]!);
      return { value, isDefault: false };
    }
    const value = strings.map((text) => this.getValue(action, text));
    for (const item of value) this.checkValue(action, item);
    return { value, isDefault: false };
  }

  /** ArgumentParser._get_value: the `type=` conversion. */
  private getValue(action: ArgumentSpec, text: string): PyValue {
    switch (action.type) {
      case "int": {
        const value = pythonInt(text);
        if (value === undefined) throw new ArgumentError(action, `invalid int value: ${pythonRepr(text)}`);
        return value;
      }
      case "float": {
        const value = pythonFloat(text);
        if (value === undefined) throw new ArgumentError(action, `invalid float value: ${pythonRepr(text)}`);
        return { float: value };
      }
      case "bool":
        return text !== "";
      default:
        return text;
    }
  }

  private checkValue(action: ArgumentSpec, value: PyValue): void {
    if (action.choices && !action.choices.some((choice) => pythonEquals(choice, value))) {
      throw new ArgumentError(action, `invalid choice: ${pythonRepr(value)} (choose from ${action.choices.map(pythonRepr).join(", ")})`);
    }
  }

  /** The action's `__call__`. */
  private act(action: ArgumentSpec, value: PyValue, optionString: string | undefined): void {
    const set = (result: PyValue) => this.namespace.set(action.dest, { value: result, fromDefault: false });
    const current = this.namespace.get(action.dest)?.value ?? null;
    const items = Array.isArray(current) ? [...current] : current === null ? [] : [current];
    switch (action.action) {
      case "store":
        return void set(value);
      case "store_const":
      case "store_true":
      case "store_false":
        return void set(action.const);
      case "append":
        return void set([...items, value]);
      case "append_const":
        return void set([...items, action.const]);
      case "extend":
        return void set([...items, ...(value as PyValue[])]);
      case "count":
        return void set((typeof current === "number" ? current : 0) + 1);
      case "boolean_optional":
        return void set(!optionString!.startsWith("--no-"));
      case "help":
        throw new ParserExit({ ok: false, status: 0, message: formatUsage(this.parser, this.prog), error: `printed its help and exited (${optionString})`, arguments: [action] });
      case "version":
        throw new ParserExit({ ok: false, status: 0, message: `${versionText(action.version ?? "", this.prog)}\n`, error: `printed its version and exited (${optionString})`, arguments: [action] });
    }
  }
}

/** HelpFormatter._format_text without the wrapping: `%(prog)` substituted, whitespace collapsed. */
function versionText(version: string, prog: string): string {
  const text = version.includes("%(prog)") ? percentFormat(version, prog) : version;
  return text.replace(/\s+/g, " ").trim();
}

/** The name an error message gives an action: its option strings, else its metavar or dest. */
function actionName(action: ArgumentSpec | undefined): string | undefined {
  if (!action) return undefined;
  if (action.flags.length > 0) return action.flags.join("/");
  if (action.metavar !== undefined && action.metavar !== SUPPRESS) {
    return typeof action.metavar === "string" ? action.metavar : `(${action.metavar.map((item) => pythonRepr(item)).join(", ")})`;
  }
  if (action.dest !== SUPPRESS) return action.dest;
  return action.choices ? `{${action.choices.join(",")}}` : undefined;
}

/** ArgumentParser._get_nargs_pattern: a regular expression over the A/O/- pattern of the arguments. */
function nargsPattern(action: ArgumentSpec): string {
  const nargs = action.nargs;
  let pattern: string;
  if (nargs === undefined) pattern = "(-*A-*)";
  else if (nargs === "?") pattern = "(-*A?-*)";
  else if (nargs === "*") pattern = "(-*[A-]*)";
  else if (nargs === "+") pattern = "(-*A[A-]*)";
  else if (nargs === "...") pattern = "([-AO]*)";
  else if (nargs === "A...") pattern = "(-*A[-AO]*)";
  else pattern = `(-*${Array<string>(nargs).fill("A").join("-*")}-*)`;
  // An optional's values never include "--".
  return action.positional ? pattern : pattern.replace(/-\*/g, "").replace(/-/g, "");
}

function splitOnce(text: string): [string, string] {
  const index = text.indexOf("=");
  return [text.slice(0, index), text.slice(index + 1)];
}

/** `a is b` for the singletons None, True and False. */
function sameSingleton(a: PyValue | undefined, b: PyValue | undefined): boolean {
  return (a === null || typeof a === "boolean") && a === b;
}
