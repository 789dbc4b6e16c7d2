// The uWSGI command line as uWSGI 2.0.21 reads it (getopt_long): `--name value`, `--name=value`,
// unique prefixes of long names (`--modu`), one-letter flags from the option table (`-w app:app`,
// `-wapp:app`, `-M`), `--set key=value`, and bare `*.ini` arguments, which uWSGI loads after
// every option. An unknown option makes getopt fail and uWSGI exit 1 before loading anything, and
// so does a bare word it cannot load as a config file.
import { posix } from "node:path";
import type { Site } from "../../engine/types.js";
import { isWrapperScript, wrappedProgram } from "../shell/launch.js";
import type { ScriptStart } from "../shell/start-script.js";
import { cdTarget, isCommandStringFlag, knownOnlyAtRunTime, partOf, runsCommandString, scriptCommands, type Word } from "../shell/words.js";
import { optionByShort, optionsByPrefix, uwsgiOption, type UwsgiOptionInfo } from "./options.js";

export interface CommandOption {
  /** The option's name; for `--set key=value`, the key. */
  readonly key: string;
  /** The table entry; undefined for a `--set` of a name that is no option (a placeholder). */
  readonly option: UwsgiOptionInfo | undefined;
  readonly value: string;
  /** The option as written (`--pyargv`, `-w`). */
  readonly keyAt: Site;
  /** The value as written; the option itself for a flag. */
  readonly valueAt: Site;
}

/** A word getopt rejects; uWSGI then exits 1 (`getopt_long() error`). */
export interface CommandProblem {
  readonly written: string;
  readonly at: Site;
  readonly message: string;
  /** For an unknown option, the name as written without dashes. */
  readonly unknownName?: string;
  /** For words after `--pyargv VALUE` that uWSGI takes for config files, the value meant: `-i ./static`. */
  readonly pyargvMeant?: string;
}

export interface UwsgiCommand {
  /** The `uwsgi` word. */
  readonly program: Word;
  /** Options in the order uWSGI applies them: as written, then the bare `*.ini` arguments as `ini`. */
  readonly options: readonly CommandOption[];
  readonly problems: readonly CommandProblem[];
  /** The words that are no option (a bare `*.ini` among them). */
  readonly positional: readonly Word[];
  /** `cd DIR` run before it in the same script, in order. */
  readonly cd: readonly Word[];
  /** The start script's command that runs it (wrappers and all), with the script's `export`s, when a start script nw-lint follows runs it. */
  readonly script?: ScriptStart;
}

/** The config files uWSGI 2.0.21 loads by extension; a word starting with `[` it skips. */
const CONFIG_FILE = /\.(?:ini|xml|ya?ml|json|js)$|^\[/;

const UWSGI_PROGRAM = /^uwsgi(?:[-_][\w.-]+)?$/;

/** `uwsgi`, and the builds Debian and pip name after it (`uwsgi-core`, `uwsgi_python3`). */
export function isUwsgiProgram(name: string): boolean {
  return UWSGI_PROGRAM.test(name);
}

/** The uWSGI invocation in a command: run directly, after a wrapper (`exec`, `tini --`), or inside `sh -c "…"` (or `su app -c "…"`). */
export function findUwsgiCommand(words: readonly Word[]): UwsgiCommand | undefined {
  for (const [index, word] of words.entries()) {
    const program = posix.basename(word.text);
    if (isUwsgiProgram(program)) return parseUwsgiArguments(word, words.slice(index + 1));
    if (runsCommandString(program)) {
      const flag = words.findIndex((candidate, at) => at > index && isCommandStringFlag(candidate.text));
      const script = flag === -1 ? undefined : words[flag + 1];
      return script ? uwsgiInScript(script) : undefined;
    }
  }
  return undefined;
}

/** The first command of the script that runs uWSGI (past its wrappers: `exec`, `gosu app`, `tini --`…), where its `cd`s lead. */
function uwsgiInScript(script: Word): UwsgiCommand | undefined {
  const cd: Word[] = [];
  for (const command of scriptCommands(script)) {
    const target = cdTarget(command);
    if (target) cd.push(target);
    const { index } = wrappedProgram(command);
    const program = command[index] && posix.basename(command[index]!.text);
    // An entrypoint script runs what follows it (`/entrypoint.sh uwsgi …`).
    const start = program !== undefined && isWrapperScript(program) ? command.findIndex((word, at) => at > index && isUwsgiProgram(posix.basename(word.text))) : index;
    const word = command[start];
    if (word && isUwsgiProgram(posix.basename(word.text))) return parseUwsgiArguments(word, command.slice(start + 1), cd);
  }
  return undefined;
}

export function parseUwsgiArguments(program: Word, args: readonly Word[], cd: readonly Word[] = []): UwsgiCommand {
  const options: CommandOption[] = [];
  const problems: CommandProblem[] = [];
  const positional: Word[] = [];
  // `--pyargv -i ./static`: the words after a pyargv value, which the app was most likely meant to get.
  const pyargvTails = new Map<Word, string>();
  let pyargvTail: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.text === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    const before = options.length;
    if (word.text.startsWith("--")) {
      i = readLong(args, i, options, problems);
    } else if (word.text.startsWith("-") && word.text.length > 1) {
      i = readShort(args, i, options, problems);
    } else {
      positional.push(word);
      if (pyargvTail) pyargvTails.set(word, (pyargvTail = [...pyargvTail, word.text]).join(" "));
      continue;
    }
    const added = options.length > before ? options[options.length - 1] : undefined;
    pyargvTail = added?.key === "pyargv" && added.valueAt !== added.keyAt ? [added.value] : undefined;
  }
  // After getopt, which stops uWSGI at the first option it rejects, every other word is loaded as a
  // config file by its extension (`uwsgi --http :8080 app.py`, `--die-on-term true`); a word with a
  // variable (`$UWSGI_CONFIG`, `$(CONFIG)`) is known only at run time.
  const unloadable = problems.length === 0 ? positional.filter((word) => !CONFIG_FILE.test(word.text) && !knownOnlyAtRunTime(word.text)) : [];
  for (const word of unloadable) {
    const meant = pyargvTails.get(word);
    problems.push({ written: word.text, at: word.at, message: `unable to load configuration from ${word.text}`, ...(meant ? { pyargvMeant: meant } : {}) });
  }
  for (const word of positional) {
    if (word.text.endsWith(".ini")) options.push({ key: "ini", option: uwsgiOption("ini"), value: word.text, keyAt: word.at, valueAt: word.at });
  }
  return { program, options, problems, positional, cd };
}

function readLong(args: readonly Word[], index: number, options: CommandOption[], problems: CommandProblem[]): number {
  const word = args[index]!;
  const body = word.text.slice(2);
  const equals = body.indexOf("=");
  const name = equals === -1 ? body : body.slice(0, equals);
  const keyAt = partOf(word, 0, 2 + name.length);
  const matches = longMatches(name);
  if (matches.length !== 1) {
    const message = matches.length === 0 ? `unrecognized option '--${name}'` : `option '--${name}' is ambiguous (${matches.map((m) => `--${m.name}`).join(", ")})`;
    problems.push({ written: word.text, at: keyAt, message, ...(matches.length === 0 ? { unknownName: name } : {}) });
    return index;
  }
  const option = matches[0]!;
  if (equals !== -1) {
    if (option.argument === "none") {
      problems.push({ written: word.text, at: word.at, message: `option '--${option.name}' doesn't allow an argument` });
      return index;
    }
    add(options, option, body.slice(equals + 1), keyAt, partOf(word, 3 + equals, word.text.length));
    return index;
  }
  if (option.argument !== "required") {
    add(options, option, "1", keyAt, keyAt);
    return index;
  }
  const value = args[index + 1];
  if (!value) {
    problems.push({ written: word.text, at: keyAt, message: `option '--${option.name}' requires an argument` });
    return index;
  }
  add(options, option, value.text, keyAt, value.at);
  return index + 1;
}

/** getopt_long's matching: an exact name, else a prefix of exactly one option (or of aliases of one). */
function longMatches(name: string): UwsgiOptionInfo[] {
  const exact = uwsgiOption(name);
  if (exact) return [exact];
  const candidates = optionsByPrefix(name);
  return name !== "" && candidates.length > 0 && candidates.every((candidate) => candidates[0]!.names.includes(candidate.name)) ? [candidates[0]!] : candidates;
}

function readShort(args: readonly Word[], index: number, options: CommandOption[], problems: CommandProblem[]): number {
  const word = args[index]!;
  for (let j = 1; j < word.text.length; j++) {
    const letter = word.text[j]!;
    const option = optionByShort(letter);
    const keyAt = partOf(word, j === 1 ? 0 : j, j + 1);
    if (!option) {
      problems.push({ written: `-${letter}`, at: keyAt, message: `invalid option -- '${letter}'`, unknownName: letter });
      return index;
    }
    if (option.argument === "none") {
      add(options, option, "1", keyAt, keyAt);
      continue;
    }
    const attached = word.text.slice(j + 1);
    if (attached) {
      add(options, option, attached, keyAt, partOf(word, j + 1, word.text.length));
      return index;
    }
    const value = option.argument === "required" ? args[index + 1] : undefined;
    if (option.argument === "required" && !value) {
      problems.push({ written: `-${letter}`, at: keyAt, message: `option requires an argument -- '${letter}'` });
      return index;
    }
    if (value) add(options, option, value.text, keyAt, value.at);
    else add(options, option, "1", keyAt, keyAt);
    return value ? index + 1 : index;
  }
  return index;
}

/** Records an option; `--set key=value` becomes the option (or placeholder) it names. */
function add(options: CommandOption[], option: UwsgiOptionInfo, value: string, keyAt: Site, valueAt: Site): void {
  if (option.name !== "set") {
    options.push({ key: option.name, option, value, keyAt, valueAt });
    return;
  }
  const equals = value.indexOf("=");
  const key = equals === -1 ? value : value.slice(0, equals);
  options.push({ key, option: uwsgiOption(key), value: equals === -1 ? "" : value.slice(equals + 1), keyAt, valueAt });
}
