// Command words with the place each one is written: a YAML `command`/`args` item, a Dockerfile
// exec-form string, or a word inside a shell script (`sh -c "…"`, a Dockerfile shell form).
import { posix } from "node:path";
import type { Site } from "../../engine/types.js";

export interface Word {
  /** The word as the program receives it (quotes removed). */
  readonly text: string;
  readonly at: Site;
}

/** Shells whose `-c` runs the next argument as a script. */
export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);

/** Programs that run the argument after `-c` as a script: the shells, and `su`, which gives it to the user's shell (`su app -c "uwsgi …"`). */
export function runsCommandString(program: string): boolean {
  return SHELLS.has(program) || program === "su";
}

/** `-c`, alone or among other short options (`bash -lc`, `sh -ec`): the next argument is the script. */
export function isCommandStringFlag(text: string): boolean {
  return /^-[A-Za-z]*c[A-Za-z]*$/.test(text);
}

/** `NAME=value`, a variable assignment before a command (or after `env`/`export`). */
export const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Shell control operators that end a simple command, and the line break. */
const COMMAND_SEPARATORS: ReadonlySet<string> = new Set([";", "&&", "||", "|", "&", "\n"]);

export interface ScriptToken {
  readonly text: string;
  /** Offsets into the script, the token's quotes included. */
  readonly start: number;
  readonly end: number;
  /** A control operator (`;`, `&&`, `|`…) or a line break, rather than a word. */
  readonly separator: boolean;
}

/** A control operator, where it stands (sticky: no copy of the rest of the script per token). */
const OPERATOR = /&&|\|\||;|\||&/y;

/**
 * Splits a shell script as `sh` does for simple commands: whitespace separates, a line break ends
 * a command, quotes group, a backslash escapes, a backslash before a line break joins the lines,
 * and `#` at the start of a word begins a comment.
 */
export function scriptTokens(script: string): ScriptToken[] {
  const tokens: ScriptToken[] = [];
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    const joint = lineJoint(script, i);
    if (joint > 0) {
      i += joint;
      continue;
    }
    if (ch === "\n") {
      tokens.push({ text: ch, start: i, end: i + 1, separator: true });
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // A `#` that starts a word comments out the rest of the line.
    if (ch === "#") {
      const lineEnd = script.indexOf("\n", i);
      i = lineEnd === -1 ? script.length : lineEnd;
      continue;
    }
    OPERATOR.lastIndex = i;
    const operator = OPERATOR.exec(script)?.[0];
    if (operator) {
      tokens.push({ text: operator, start: i, end: i + operator.length, separator: true });
      i += operator.length;
      continue;
    }
    const start = i;
    let text = "";
    while (i < script.length && !/\s/.test(script[i]!) && !/[;&|]/.test(script[i]!)) {
      const c = script[i]!;
      if (c === "'" || c === '"') {
        const close = c === '"' ? closingDoubleQuote(script, i + 1) : script.indexOf(c, i + 1);
        const end = close === -1 ? script.length : close;
        text += c === '"' ? script.slice(i + 1, end).replace(/\\(["\\$`])/g, "$1") : script.slice(i + 1, end);
        i = end + 1;
      } else if (lineJoint(script, i) > 0) {
        i += lineJoint(script, i);
      } else if (c === "\\" && i + 1 < script.length) {
        text += script[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    tokens.push({ text, start, end: Math.min(i, script.length), separator: false });
  }
  return tokens;
}

/** The `"` that closes a double-quoted string from `from`: one a backslash escapes does not (`"say \"hi\""`); -1 when none does. */
function closingDoubleQuote(script: string, from: number): number {
  for (let at = from; at < script.length; at++) {
    if (script[at] === "\\") at++;
    else if (script[at] === '"') return at;
  }
  return -1;
}

/** The length of a backslash and the line break after it at `i` (which join the lines), or 0. */
function lineJoint(script: string, i: number): number {
  return script[i] !== "\\" ? 0 : script[i + 1] === "\n" ? 2 : script[i + 1] === "\r" && script[i + 2] === "\n" ? 3 : 0;
}

/**
 * The tokens of a script written at `at`: each token's site is its place in the source when the
 * script appears there verbatim (a plain or simply quoted scalar); else, in a block scalar whose
 * lines are indented or folded, the next place the token's text stands as a word of its own, after
 * the token before it; else the whole of `at`.
 */
export function scriptWords(script: string, at: Site): (Word & { readonly separator: boolean })[] {
  const source = at.file.text.slice(at.start, at.end);
  const offset = source.indexOf(script);
  // A comment's words are not the script's: blank them out (keeping offsets) before searching.
  const searched = offset === -1 ? source.replace(/(^|\s)#[^\n]*/g, (comment, space: string) => space + " ".repeat(comment.length - space.length)) : source;
  let searchFrom = 0;
  return scriptTokens(script).map((token) => {
    if (offset === -1 && token.separator) return { text: token.text, separator: true, at };
    const start = offset !== -1 ? offset + token.start : wordIn(searched, token.text, searchFrom);
    if (start === undefined) return { text: token.text, separator: token.separator, at };
    searchFrom = start + token.text.length;
    return { text: token.text, separator: token.separator, at: { file: at.file, start: at.start + start, end: at.start + start + (offset !== -1 ? token.end - token.start : token.text.length) } };
  });
}

/** The simple commands of a script written at the word's site, in order. */
export function scriptCommands(script: Word): Word[][] {
  const commands: Word[][] = [[]];
  for (const token of scriptWords(script.text, script.at)) {
    if (token.separator && COMMAND_SEPARATORS.has(token.text)) commands.push([]);
    else commands[commands.length - 1]!.push({ text: token.text, at: token.at });
  }
  return commands.filter((command) => command.length > 0);
}

/** What a `cd` command changes to: its directory (past `-P`/`-L`), or `~` for a `cd` alone. */
export function cdTarget(command: readonly Word[]): Word | undefined {
  const [first, ...rest] = command;
  if (first?.text !== "cd") return undefined;
  return rest.find((word) => word.text === "-" || !word.text.startsWith("-")) ?? { text: "~", at: first.at };
}

/**
 * `$NAME`, `${NAME}` or a backquoted command in a word: the shell expands it at run time. Unlike
 * `knownOnlyAtRunTime`, not `$(NAME)`, which on uWSGI's command line is uWSGI's own placeholder.
 */
export function hasShellExpansion(text: string): boolean {
  return /\$\{?[A-Za-z_]|`/.test(text);
}

/**
 * A word with a variable (`$NAME`, `${NAME}`, Kubernetes' `$(NAME)`) or a command substitution
 * (`$(…)`, backquotes): what it says is known only at run time.
 */
export function knownOnlyAtRunTime(text: string): boolean {
  return /[$`]/.test(text);
}

/** A `cd` target only known at run time: the previous directory, a home directory, a pattern, or a word that is (`knownOnlyAtRunTime`). */
function unknownDirectory(target: string): boolean {
  return /^[-~]|[*?]/.test(target) || knownOnlyAtRunTime(target);
}

/**
 * Where a process that starts in `dir` is once the script's `cd`s have run. After a `cd` whose
 * directory is only known at run time, it is a path no image or repository holds (`/(after cd
 * $SRC)`), so what is looked up there is reported as unverifiable, never as missing.
 */
export function afterCd(dir: string, cd: readonly Word[]): string {
  return cd.reduce((current, target) => (unknownDirectory(target.text) ? `/(after cd ${target.text})` : posix.resolve(current, target.text)), dir);
}

/** What may stand right before and after a word of a script in its source. */
const WORD_BEFORE = " \t\n\"';&|(";
const WORD_AFTER = " \t\n\r\"';&|)\\";

/** Where `word` first stands on its own in `source` from `from` on. */
export function wordIn(source: string, word: string, from: number): number | undefined {
  if (word === "") return undefined;
  for (let at = source.indexOf(word, from); at !== -1; at = source.indexOf(word, at + 1)) {
    const before = source[at - 1];
    const after = source[at + word.length];
    if ((before === undefined || WORD_BEFORE.includes(before)) && (after === undefined || WORD_AFTER.includes(after))) return at;
  }
  return undefined;
}

/** The site of `text[start, end)` of a word, when the word is written verbatim; else the word's own site. */
export function partOf(word: Word, start: number, end: number): Site {
  const source = word.at.file.text.slice(word.at.start, word.at.end);
  const offset = source.indexOf(word.text);
  return offset === -1 ? word.at : { file: word.at.file, start: word.at.start + offset + start, end: word.at.start + offset + end };
}

/** An option word split at its first `=`: `--uid=1000` gives `--uid` and `1000`; no value without one. */
export function splitAtEquals(word: string): [string, string | undefined] {
  const equals = word.indexOf("=");
  return equals === -1 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1)];
}
