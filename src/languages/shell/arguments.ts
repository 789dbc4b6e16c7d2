// Command lines read as argparse and click read them: `--name value`, `--name=value`, unique
// prefixes of long names (argparse only), `-b0.0.0.0:80`, clustered short flags. The servers'
// option tables are in gunicorn/options.ts; `pip install`'s, read with exact names, in
// dockerfile/parse.ts.
import type { Site } from "../../engine/types.js";
import { partOf, type Word } from "./words.js";

export interface OptionInfo {
  /** The setting it sets (gunicorn's config name: `bind`, `chdir`; uvicorn's: `port`, `app_dir`). */
  readonly setting: string;
  readonly flags: readonly string[];
  /** Takes no value (store_true, a click flag). */
  readonly flag: boolean;
}

export interface ParsedOption {
  readonly info: OptionInfo;
  readonly value: string;
  /** The option as written. */
  readonly keyAt: Site;
  /** The value as written; the option itself for a flag. */
  readonly valueAt: Site;
}

export interface ParsedArguments {
  readonly options: readonly ParsedOption[];
  readonly positional: readonly Word[];
  /** Options the program rejects, with its error text. */
  readonly problems: readonly { readonly at: Site; readonly message: string }[];
}

export const option = (setting: string, flags: string, flag = false): OptionInfo => ({ setting, flags: flags.split(" "), flag });

export type OptionStyle = "argparse" | "click";

/**
 * Reads arguments as the program's parser does. argparse (gunicorn) accepts a unique prefix of a
 * long name; click (uvicorn, flask) only the exact name. `stopAtPositional` stops at the first
 * positional (a click group's subcommand).
 */
export function parseArguments(args: readonly Word[], table: readonly OptionInfo[], style: OptionStyle, stopAtPositional = false): ParsedArguments & { readonly rest: readonly Word[] } {
  const options: ParsedOption[] = [];
  const positional: Word[] = [];
  const problems: { at: Site; message: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const text = word.text;
    if (text === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith("--")) {
      const equals = text.indexOf("=");
      const name = equals === -1 ? text : text.slice(0, equals);
      const keyAt = partOf(word, 0, name.length);
      const info = longOption(name, table, style);
      if (!info) {
        problems.push({ at: keyAt, message: style === "argparse" ? `unrecognized arguments: ${name}` : `No such option: ${name}` });
        continue;
      }
      if (info.flag) {
        options.push({ info, value: name.startsWith("--no-") ? "false" : "true", keyAt, valueAt: keyAt });
      } else if (equals !== -1) {
        options.push({ info, value: text.slice(equals + 1), keyAt, valueAt: partOf(word, equals + 1, text.length) });
      } else if (args[i + 1] !== undefined) {
        options.push({ info, value: args[i + 1]!.text, keyAt, valueAt: args[i + 1]!.at });
        i++;
      } else {
        problems.push({ at: keyAt, message: style === "argparse" ? `argument ${info.flags.join("/")}: expected one argument` : `Option '${name}' requires an argument.` });
      }
      continue;
    }
    if (text.startsWith("-") && text.length > 1 && !/^-\d/.test(text)) {
      i = shortOptions(args, i, table, style, options, problems);
      continue;
    }
    if (stopAtPositional) return { options, positional: [word], problems, rest: args.slice(i + 1) };
    positional.push(word);
  }
  return { options, positional, problems, rest: [] };
}

function longOption(name: string, table: readonly OptionInfo[], style: OptionStyle): OptionInfo | undefined {
  const exact = table.find((info) => info.flags.includes(name));
  if (exact || style === "click") return exact;
  const prefixed = table.filter((info) => info.flags.some((flag) => flag.startsWith("--") && flag.startsWith(name)));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** `-b addr`, `-baddr`, `-Db addr` (flags clustered before an option that takes a value). */
function shortOptions(
  args: readonly Word[], index: number, table: readonly OptionInfo[], style: OptionStyle, options: ParsedOption[], problems: { at: Site; message: string }[],
): number {
  const word = args[index]!;
  for (let j = 1; j < word.text.length; j++) {
    const flag = `-${word.text[j]}`;
    const keyAt = partOf(word, j === 1 ? 0 : j, j + 1);
    const info = table.find((candidate) => candidate.flags.includes(flag));
    if (!info) {
      problems.push({ at: keyAt, message: style === "argparse" ? `unrecognized arguments: ${word.text}` : `No such option: ${flag}` });
      return index;
    }
    if (info.flag) {
      options.push({ info, value: "true", keyAt, valueAt: keyAt });
      continue;
    }
    if (j + 1 < word.text.length) {
      options.push({ info, value: word.text.slice(j + 1), keyAt, valueAt: partOf(word, j + 1, word.text.length) });
      return index;
    }
    const value = args[index + 1];
    if (!value) {
      problems.push({ at: keyAt, message: style === "argparse" ? `argument ${info.flags.join("/")}: expected one argument` : `Option '${flag}' requires an argument.` });
      return index;
    }
    options.push({ info, value: value.text, keyAt, valueAt: value.at });
    return index + 1;
  }
  return index;
}

/** The last value given for a setting (single-valued settings: the last wins). */
export function lastOption(parsed: ParsedArguments, setting: string): ParsedOption | undefined {
  return parsed.options.filter((candidate) => candidate.info.setting === setting).at(-1);
}
