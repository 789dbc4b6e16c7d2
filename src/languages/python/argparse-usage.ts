// The `usage:` block argparse 3.11 prints before an error (HelpFormatter._format_usage), for a
// terminal that is not a tty: 80 columns, as under uWSGI or in a container log.

import { SUPPRESS, type ArgParser, type ArgumentSpec } from "./argparse-definition.js";
import { pythonStr } from "./conversions.js";

const COLUMNS = 80;
/** HelpFormatter's width: the terminal's columns minus 2. */
const TEXT_WIDTH = COLUMNS - 2;

/** What `parser.format_usage()` returns: `usage: …\n`, or "" when the usage is suppressed. */
export function formatUsage(parser: ArgParser, prog: string): string {
  if (parser.usage === SUPPRESS) return "";
  const prefix = "usage: ";
  const usage = parser.usage !== undefined ? percentFormat(parser.usage, prog) : automaticUsage(parser, prog, prefix);
  return `${prefix}${usage}\n`;
}

/** `usage % dict(prog=prog)`. */
export function percentFormat(text: string, prog: string): string {
  return text.replace(/%(\(prog\)s|%)/g, (match) => (match === "%%" ? "%" : prog));
}

function automaticUsage(parser: ArgParser, prog: string, prefix: string): string {
  const actions = parser.arguments;
  if (actions.length === 0) return prog;
  const optionals = actions.filter((action) => !action.positional);
  const positionals = actions.filter((action) => action.positional);
  const actionUsage = formatActionsUsage([...optionals, ...positionals], parser);
  const usage = [prog, actionUsage].filter((part) => part).join(" ");
  if (prefix.length + usage.length <= TEXT_WIDTH) return usage;

  const partPattern = /\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+/g;
  const optionalParts = formatActionsUsage(optionals, parser).match(partPattern) ?? [];
  const positionalParts = formatActionsUsage(positionals, parser).match(partPattern) ?? [];
  const lines = (parts: readonly string[], indent: string, linePrefix?: string): string[] => {
    const result: string[] = [];
    let line: string[] = [];
    let lineLength = (linePrefix ?? indent).length - 1;
    for (const part of parts) {
      if (lineLength + 1 + part.length > TEXT_WIDTH && line.length > 0) {
        result.push(indent + line.join(" "));
        line = [];
        lineLength = indent.length - 1;
      }
      line.push(part);
      lineLength += part.length + 1;
    }
    if (line.length > 0) result.push(indent + line.join(" "));
    if (linePrefix !== undefined) result[0] = result[0]!.slice(indent.length);
    return result;
  };
  let wrapped: string[];
  if (prefix.length + prog.length <= 0.75 * TEXT_WIDTH) {
    const indent = " ".repeat(prefix.length + prog.length + 1);
    if (optionalParts.length > 0) wrapped = [...lines([prog, ...optionalParts], indent, prefix), ...lines(positionalParts, indent)];
    else if (positionalParts.length > 0) wrapped = lines([prog, ...positionalParts], indent, prefix);
    else wrapped = [prog];
  } else {
    const indent = " ".repeat(prefix.length);
    wrapped = lines([...optionalParts, ...positionalParts], indent);
    if (wrapped.length > 1) wrapped = [...lines(optionalParts, indent), ...lines(positionalParts, indent)];
    wrapped = [prog, ...wrapped];
  }
  return wrapped.join("\n");
}

/** The usage line's arguments (optionals, then positionals) without -h/--help: what a command line can give the parser. */
export function argumentsUsage(parser: ArgParser): string {
  const shown = parser.arguments.filter((action) => action.action !== "help");
  return formatActionsUsage([...shown.filter((action) => !action.positional), ...shown.filter((action) => action.positional)], parser);
}

/** HelpFormatter._format_actions_usage of CPython 3.11.2, mutually exclusive groups included. */
function formatActionsUsage(actions: readonly ArgumentSpec[], parser: ArgParser): string {
  const grouped = new Set<ArgumentSpec>();
  const inserts = new Map<number, string>();
  const insert = (index: number, text: string, join: string) => inserts.set(index, inserts.has(index) ? inserts.get(index) + join + text : text);
  for (const group of parser.exclusiveGroups) {
    const start = actions.indexOf(group.arguments[0]!);
    if (group.arguments.length === 0 || start === -1) continue;
    const end = start + group.arguments.length;
    if (!group.arguments.every((action, index) => actions[start + index] === action)) continue;
    group.arguments.forEach((action) => grouped.add(action));
    const [open, close] = group.required ? ["(", ")"] : ["[", "]"];
    insert(start, open, " ");
    insert(end, close, "");
    for (let index = start + 1; index < end; index++) inserts.set(index, "|");
  }

  const parts: (string | undefined)[] = [];
  actions.forEach((action, index) => {
    if (action.helpSuppressed) {
      parts.push(undefined);
      if (inserts.get(index) === "|") inserts.delete(index);
      else if (inserts.get(index + 1) === "|") inserts.delete(index + 1);
    } else if (action.positional) {
      let part = formatArgs(action, action.dest);
      if (grouped.has(action) && part.startsWith("[") && part.endsWith("]")) part = part.slice(1, -1);
      parts.push(part);
    } else {
      let part = action.nargs === 0
        ? action.action === "boolean_optional" ? action.flags.join(" | ") : action.flags[0]!
        : `${action.flags[0]} ${formatArgs(action, action.dest.toUpperCase())}`;
      if (!action.required && !grouped.has(action)) part = `[${part}]`;
      parts.push(part);
    }
  });
  for (const index of [...inserts.keys()].sort((a, b) => b - a)) parts.splice(index, 0, inserts.get(index));

  return parts
    .filter((part) => part !== undefined)
    .join(" ")
    .replace(/([[(]) /g, "$1")
    .replace(/ ([\])])/g, "$1")
    .replace(/[[(] *[\])]/g, "")
    .replace(/\(([^|]*)\)/g, "$1")
    .trim();
}

/** HelpFormatter._format_args. */
function formatArgs(action: ArgumentSpec, defaultMetavar: string): string {
  const metavar = (size: number): string[] => {
    const base = action.metavar ?? (action.choices ? `{${action.choices.map(pythonStr).join(",")}}` : defaultMetavar);
    return typeof base === "string" ? Array<string>(size).fill(base) : [...base];
  };
  switch (action.nargs) {
    case undefined:
      return metavar(1)[0]!;
    case "?":
      return `[${metavar(1)[0]}]`;
    case "*": {
      const names = metavar(1);
      return names.length === 2 ? `[${names[0]} [${names[1]} ...]]` : `[${names[0]} ...]`;
    }
    case "+": {
      const [first, second] = metavar(2);
      return `${first} [${second} ...]`;
    }
    case "...":
      return "...";
    case "A...":
      return `${metavar(1)[0]} ...`;
    default:
      return metavar(action.nargs).join(" ");
  }
}
