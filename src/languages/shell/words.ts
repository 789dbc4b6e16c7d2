// Command words with the place each one is written: a YAML `command`/`args` item, a Dockerfile
// exec-form string, or a word inside a shell script (`sh -c "…"`, a Dockerfile shell form).
import type { Site } from "../../engine/types.js";

export interface Word {
  /** The word as the program receives it (quotes removed). */
  readonly text: string;
  readonly at: Site;
}

/** Shells whose `-c` runs the next argument as a script. */
export const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);

/** `-c`, alone or among other short options (`bash -lc`, `sh -ec`): the next argument is the script. */
export function isCommandStringFlag(text: string): boolean {
  return /^-[A-Za-z]*c[A-Za-z]*$/.test(text);
}

/** Shell control operators that end a simple command. */
export const COMMAND_SEPARATORS: ReadonlySet<string> = new Set([";", "&&", "||", "|", "&"]);

export interface ScriptToken {
  readonly text: string;
  /** Offsets into the script, the token's quotes included. */
  readonly start: number;
  readonly end: number;
  /** A control operator (`;`, `&&`, `|`…) rather than a word. */
  readonly separator: boolean;
}

/** Splits a shell script as `sh` does for simple commands: whitespace separates, quotes group, a backslash escapes. */
export function scriptTokens(script: string): ScriptToken[] {
  const tokens: ScriptToken[] = [];
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const operator = /^(&&|\|\||;|\||&)/.exec(script.slice(i))?.[0];
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
        const close = script.indexOf(c, i + 1);
        const end = close === -1 ? script.length : close;
        text += c === '"' ? script.slice(i + 1, end).replace(/\\(["\\$`])/g, "$1") : script.slice(i + 1, end);
        i = end + 1;
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

/**
 * The tokens of a script written at `at`: each token's site is its place in the source when the
 * script appears there verbatim (a plain or simply quoted scalar), else the whole of `at`.
 */
export function scriptWords(script: string, at: Site): (Word & { readonly separator: boolean })[] {
  const source = at.file.text.slice(at.start, at.end);
  const offset = source.indexOf(script);
  return scriptTokens(script).map((token) => ({
    text: token.text,
    separator: token.separator,
    at: offset === -1 ? at : { file: at.file, start: at.start + offset + token.start, end: at.start + offset + token.end },
  }));
}

/** The site of `text[start, end)` of a word, when the word is written verbatim; else the word's own site. */
export function partOf(word: Word, start: number, end: number): Site {
  const source = word.at.file.text.slice(word.at.start, word.at.end);
  const offset = source.indexOf(word.text);
  return offset === -1 ? word.at : { file: word.at.file, start: word.at.start + offset + start, end: word.at.start + offset + end };
}
