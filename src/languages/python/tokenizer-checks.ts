// The errors CPython's tokenizer finds, read from the text as its tokenizer reads it (lezer's
// tokens drift after a parse error): unterminated strings, malformed numbers, characters no name
// may hold, brackets closed wrongly or never, a backslash not ending its line, a dedent to a column
// no block started at, tabs and spaces mixed. The same pass finds the parser's "unexpected indent".

import { positionAt } from "../../engine/source.js";
import type { SourceFile } from "../../engine/types.js";
import { MAX_BRACKET_DEPTH } from "./parse.js";
import type { Candidate } from "./syntax-errors.js";
import { SPACE, statementAt } from "./syntax.js";
import { nonAsciiRunAround, undecodableRuns, type UndecodableRuns } from "./undecodable.js";

export interface TokenizerScan {
  /** The first error, which stops the tokenizer. */
  readonly error?: Candidate;
  /** The first string literal CPython cannot make an object of (not UTF-8; a bytes literal that is not ASCII): the parser's error. */
  readonly literalError?: Candidate;
  /** The innermost bracket still open at the end of the file. */
  readonly unclosed?: number;
  /** The parser's error for a line indented deeper where no block starts. */
  readonly unexpectedIndent?: Candidate;
}

const CLOSERS: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };
/** CPython's tokenizer (MAXINDENT) keeps a stack of 100 indentation levels, the module's own included. */
const MAX_INDENTATION_LEVELS = 100;
export const TOO_DEEPLY_NESTED = "too many nested parentheses";
/** Where the comment starting at `offset` ends: its line's end. */
function commentEnd(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
}

const PREFIX_LETTER = /^[rRuUfFbB]$/;

/** Whether the name `text[start, end)` is a string's prefix (`f`, `rb`): a quote follows it. */
function prefixesString(text: string, start: number, end: number): boolean {
  const quote = text[end];
  return (quote === '"' || quote === "'") && STRING_PREFIXES.has(text.slice(start, end).toLowerCase());
}

/** CPython 3.12's MAXFSTRINGLEVEL: the 150th f-string inside another's replacement fields is refused. */
const MAX_FSTRING_NESTING = 149;
const STRING_PREFIXES: ReadonlySet<string> = new Set(["r", "u", "f", "b", "br", "rb", "fr", "rf"]);
/** Keywords CPython 3.11 still accepts right after a number (`1if x else 2`), with a warning. */
const KEYWORDS_AFTER_NUMBER: ReadonlySet<string> = new Set(["and", "else", "for", "if", "in", "is", "not", "or"]);
/** A number token. An `e` without digits is not an exponent: `1else` is `1` and `else`. */
const NUMBER = /(?:0[xXoObB][\w]*|(?:\d[\d_]*)?\.?[\d_]*(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
/** The indentation that starts a line. */
const INDENT = /[ \t\f]*/y;

// Names and digits are told by comparing characters, not by regular expressions: the tokenizer looks at every character of the file.

/** `[A-Za-z_]`, or any code unit past ASCII, starts a name. */
function isIdentifierStart(char: string | undefined): boolean {
  return char !== undefined && ((char >= "a" && char <= "z") || (char >= "A" && char <= "Z") || char === "_" || char >= "\u0080");
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

/** Where the name characters (`[A-Za-z0-9_]` and any code unit past ASCII) from `offset` on end. */
function identifierEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && (isIdentifierStart(text[end]) || isDigit(text[end]))) end++;
  return end;
}

/** `raised`: the tokenizer raises it as it reads the token; `marked`: the parser reports it on reaching the token. */
type ErrorKind = "raised" | "marked";

export function scanTokens(file: SourceFile): TokenizerScan {
  return new Tokenizer(file).scan();
}

class Tokenizer {
  private readonly text: string;
  private readonly undecodable: UndecodableRuns;
  private error: Candidate | undefined;
  private literalError: Candidate | undefined;
  private unexpectedIndent: Candidate | undefined;
  private readonly open: number[] = [];
  private readonly indents = [{ column: 0, tabsAsOne: 0 }];
  /** The f-strings open around the offset read: replacement fields may hold f-strings. */
  private formatNesting = 0;
  /** The last character of the logical line so far that is not a comment or space. */
  private lastSignificant = "";
  /** Whether a name may hold a character Python does not allow in names. */
  private readonly nonAscii: boolean;

  constructor(private readonly file: SourceFile) {
    this.text = file.text;
    this.undecodable = undecodableRuns(file);
    this.nonAscii = /[^\x00-\x7f]/.test(this.text);
  }

  scan(): TokenizerScan {
    this.read();
    const unclosed = this.error ? undefined : this.open[this.open.length - 1];
    return {
      ...(this.error ? { error: this.error } : {}),
      ...(this.literalError ? { literalError: this.literalError } : {}),
      ...(unclosed !== undefined ? { unclosed } : {}),
      ...(this.unexpectedIndent ? { unexpectedIndent: this.unexpectedIndent } : {}),
    };
  }

  /** Reads the text up to the end or the first error. */
  private read(): void {
    const text = this.text;
    let lineStart = true;
    for (let offset = 0; offset < text.length && !this.error; offset++) {
      if (lineStart) {
        lineStart = false;
        this.indentation(offset);
        if (this.error) return;
      }
      const char = text[offset]!;
      if (char === " " || char === "\t") continue;
      const skipped = this.commentOrString(offset);
      if (skipped !== undefined) {
        offset = skipped - 1;
      } else if (isIdentifierStart(char)) {
        const end = identifierEnd(text, offset + 1);
        if (!this.undecodable.none) {
          const problem = this.undecodable.decodeError(text, offset, end);
          if (problem) this.report(offset, end, problem, "raised", true);
        }
        if (this.nonAscii) {
          const invalid = invalidNameCharacter(text, offset, end);
          if (invalid) this.report(invalid.offset, invalid.offset + invalid.char.length, invalidCharacterMessage(invalid.char), "raised");
        }
        offset = end - 1;
        this.lastSignificant = "name";
      } else if (isDigit(char) || (char === "." && isDigit(text[offset + 1]))) {
        offset = this.number(offset) - 1;
      } else if (char === "(" || char === "[" || char === "{") {
        if (this.open.length >= MAX_BRACKET_DEPTH) this.report(offset, offset + 1, TOO_DEEPLY_NESTED, "marked");
        this.open.push(offset);
        this.lastSignificant = char;
      } else if (CLOSERS[char]) {
        this.close(offset);
      } else if (char === "\\") {
        const newline = /^\r?\n/.exec(text.slice(offset + 1, offset + 3));
        if (!newline && offset + 1 < text.length) this.report(offset, offset + 1, "unexpected character after line continuation character", "marked");
        if (newline) offset += newline[0].length;
      } else if (char === "\n") {
        lineStart = this.open.length === 0;
      } else if (!SPACE.test(char)) {
        this.lastSignificant = char;
      }
    }
  }

  /**
   * A string starting at `start` whose quote is at `quoteAt`; returns the offset after it. An
   * f-string's replacement fields are code, as Python 3.12 reads them (PEP 701): strings with any
   * quote, backslashes, line breaks and comments; an older Python's refusal of those is
   * newer-syntax.ts's to report.
   */
  private string(start: number, quoteAt: number): number {
    const text = this.text;
    const quote = text[quoteAt]!;
    const tripleQuote = quote.repeat(3);
    const triple = text.startsWith(tripleQuote, quoteAt);
    const prefix = text.slice(start, quoteAt).toLowerCase();
    const formatted = prefix.includes("f");
    if (formatted) {
      if (this.formatNesting === MAX_FSTRING_NESTING) {
        this.report(start, quoteAt + 1, "too many nested f-strings", "raised");
        return text.length;
      }
      this.formatNesting++;
    }
    let offset = quoteAt + (triple ? 3 : 1);
    for (; offset < text.length && !this.error; offset++) {
      const char = text[offset]!;
      if (char === "\\") {
        // In an f-string a backslash escapes no brace, and `\N{…}` names a character rather than opening a field.
        const next = text[offset + 1];
        if (formatted && next === "N" && !prefix.includes("r") && text[offset + 2] === "{") offset = Math.max(offset, text.indexOf("}", offset) - 1);
        else if (!formatted || (next !== "{" && next !== "}")) offset += text.startsWith("\r\n", offset + 1) ? 2 : 1;
      } else if (formatted && char === "{") {
        if (text[offset + 1] === "{") offset++;
        else offset = this.replacementField(offset) - 1;
      } else if (char === quote && (!triple || text.startsWith(tripleQuote, offset))) {
        const end = offset + (triple ? 3 : 1);
        this.literal(start, quoteAt, end, triple ? 3 : 1);
        this.lastSignificant = "string";
        // Only a string that ends is left: any error ends the reading, so the count matters no more.
        if (formatted) this.formatNesting--;
        return end;
      }
      else if (char === "\n" && !triple) break;
    }
    if (this.error) return offset;
    const line = triple ? positionAt(this.file, this.text.trimEnd().length).line : positionAt(this.file, start).line;
    this.report(start, offset, `unterminated ${triple ? "triple-quoted " : ""}string literal (detected at line ${line})`, "raised");
    return offset;
  }

  /** The offset after a comment or a string literal (with its prefix) that starts at `offset`; undefined when none does. */
  private commentOrString(offset: number): number | undefined {
    const text = this.text;
    const char = text[offset]!;
    if (char === "#") return commentEnd(text, offset);
    if (char === '"' || char === "'") return this.string(offset, offset);
    // Only a name of one or two of these letters can be a string's prefix.
    if (!PREFIX_LETTER.test(char)) return undefined;
    const end = identifierEnd(text, offset + 1);
    return prefixesString(text, offset, end) ? this.string(offset, end) : undefined;
  }

  /**
   * An f-string's replacement field from its `{`: its expression (brackets, strings, comments),
   * then after a `:` at its top level the format spec, which may hold fields of its own; returns
   * the offset after its `}`. One the text ends in is CPython 3.12's `'{' was never closed`.
   */
  private replacementField(open: number): number {
    const text = this.text;
    let depth = 0;
    let spec = false;
    for (let offset = open + 1; offset < text.length && !this.error; offset++) {
      const char = text[offset]!;
      if (spec) {
        if (char === "{") offset = this.replacementField(offset) - 1;
        else if (char === "}") return offset + 1;
        continue;
      }
      const skipped = this.commentOrString(offset);
      if (skipped !== undefined) offset = skipped - 1;
      else if (isIdentifierStart(char)) offset = identifierEnd(text, offset + 1) - 1;
      else if (char === "(" || char === "[" || char === "{") depth++;
      else if (char === ")" || char === "]") depth--;
      else if (char === "}" && depth > 0) depth--;
      else if (char === "}") return offset + 1;
      else if (char === ":" && depth === 0) spec = true;
    }
    this.report(open, open + 1, "'{' was never closed", "raised");
    return text.length;
  }

  /** A complete string literal `[start, end)`, its quotes `quotes` long: CPython refuses to make some into objects. */
  private literal(start: number, quoteAt: number, end: number, quotes: number): void {
    if (this.literalError) return;
    const text = this.text;
    const prefix = text.slice(start, quoteAt).toLowerCase();
    const [bodyStart, bodyEnd] = [quoteAt + quotes, end - quotes];
    // CPython 3.11 places these errors on the line where the literal ends: at its closing quotes.
    const problem = (message: string): Candidate => ({ start: bodyEnd, end, message, statement: statementAt(this.file, bodyEnd), stage: "parser" });
    if (prefix.includes("b")) {
      for (let offset = bodyStart; offset < bodyEnd; offset++) {
        if (text.charCodeAt(offset) >= 0x80) return void (this.literalError = problem("bytes can only contain ASCII literal characters"));
      }
      return;
    }
    const first = this.undecodable.firstIn(bodyStart, bodyEnd);
    if (first === undefined) return;
    const inPieces = prefix.includes("f") || (!prefix.includes("r") && text.slice(bodyStart, bodyEnd).includes("\\"));
    const [from, to] = inPieces ? nonAsciiRunAround(text, first, bodyStart, bodyEnd) : [bodyStart, bodyEnd];
    this.literalError = { ...problem(this.undecodable.decodeError(text, from, to)!), undecodable: true };
  }

  /** A number token; returns the offset after it. */
  private number(start: number): number {
    const text = this.text;
    NUMBER.lastIndex = start;
    NUMBER.test(text);
    const end = NUMBER.lastIndex;
    const following = isIdentifierStart(text[end]) ? text.slice(end, identifierEnd(text, end)) : "";
    const problem = numberProblem(text.slice(start, end), following);
    if (problem) this.report(start, end, problem, "raised");
    this.lastSignificant = "number";
    return end;
  }

  private close(offset: number): void {
    const char = this.text[offset]!;
    const opener = this.open.pop();
    this.lastSignificant = char;
    if (opener === undefined) return this.report(offset, offset + 1, `unmatched '${char}'`, "raised");
    if (this.text[opener] === CLOSERS[char]) return;
    const line = positionAt(this.file, opener).line;
    const where = line === positionAt(this.file, offset).line ? "" : ` on line ${line}`;
    this.report(offset, offset + 1, `closing parenthesis '${char}' does not match opening parenthesis '${this.text[opener]}'${where}`, "raised");
  }

  /**
   * The indentation of a logical line against the stack of open blocks, with CPython's check that
   * tabs are used consistently (the same comparisons must hold with a tab counted as one column).
   */
  private indentation(offset: number): void {
    INDENT.lastIndex = offset;
    INDENT.test(this.text);
    const prefix = this.text.slice(offset, Math.min(INDENT.lastIndex, offset + 200));
    const after = this.text[offset + prefix.length];
    if (after === undefined || after === "\n" || after === "\r" || after === "#") return;
    const column = indentWidth(prefix, 8);
    const tabsAsOne = indentWidth(prefix, 1);
    const top = this.indents[this.indents.length - 1]!;
    const inconsistent = () => this.report(offset, offset, "inconsistent use of tabs and spaces in indentation", "marked");
    if (column === top.column) {
      if (tabsAsOne !== top.tabsAsOne) inconsistent();
    } else if (column > top.column) {
      if (tabsAsOne <= top.tabsAsOne) return inconsistent();
      if (this.indents.length >= MAX_INDENTATION_LEVELS) return this.report(offset, offset, "too many levels of indentation", "marked");
      this.indents.push({ column, tabsAsOne });
      if (this.lastSignificant !== ":" && !this.unexpectedIndent) {
        this.unexpectedIndent = { start: offset, end: offset, message: "unexpected indent", statement: statementAt(this.file, offset), stage: "parser", final: true };
      }
    } else {
      while (this.indents.length > 1 && column < this.indents[this.indents.length - 1]!.column) this.indents.pop();
      const outer = this.indents[this.indents.length - 1]!;
      if (column !== outer.column) this.report(offset, offset, "unindent does not match any outer indentation level", "marked");
      else if (tabsAsOne !== outer.tabsAsOne) inconsistent();
    }
  }

  /** The first error stops the tokenizer. */
  private report(start: number, end: number, message: string, kind: ErrorKind, undecodable = false): void {
    this.error ??= {
      start,
      end,
      message,
      statement: statementAt(this.file, start),
      stage: "tokenizer",
      ...(kind === "raised" ? { raisedOnRead: true as const } : {}),
      ...(undecodable ? { undecodable } : {}),
    };
  }
}

const NAME_START = /^[\p{XID_Start}_]$/u;
const NAME_CONTINUE = /^\p{XID_Continue}$/u;
/** What Python's str.isprintable() refuses: other characters and separators (the space, which it allows, ends a name). */
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/**
 * CPython's tokenizer reads any run of name characters and characters past ASCII as a name, then
 * refuses it at its first character that PEP 3131 does not allow there (`x = “a”`, pasted from a
 * document, `€ = 2`, a no-break space).
 */
function invalidNameCharacter(text: string, start: number, end: number): { offset: number; char: string } | undefined {
  const name = text.slice(start, end);
  if (!/[^\x00-\x7f]/.test(name)) return undefined;
  let offset = start;
  for (const char of name) {
    if (!(offset === start ? NAME_START : NAME_CONTINUE).test(char)) return { offset, char };
    offset += char.length;
  }
  return undefined;
}

/** CPython's words for a character it does not allow in a name. */
function invalidCharacterMessage(char: string): string {
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return NOT_PRINTABLE.test(char) ? `invalid non-printable character U+${code}` : `invalid character '${char}' (U+${code})`;
}

/** CPython's complaint about a number token, if any; `following` is an identifier right after it. */
function numberProblem(token: string, following: string): string | undefined {
  if (/^0[bB]/.test(token) && /[^01_]/.test(token.slice(2))) return `invalid digit '${/[^01_]/.exec(token.slice(2))![0]}' in binary literal`;
  if (/^0[oO]/.test(token) && /[^0-7_]/.test(token.slice(2))) return `invalid digit '${/[^0-7_]/.exec(token.slice(2))![0]}' in octal literal`;
  if (/^0[xX]/.test(token)) return /^0[xX](_?[0-9a-fA-F])+$/.test(token) ? undefined : "invalid hexadecimal literal";
  if (/_$|__|_[.eEjJ]|[.eE]_|[eE][+-]?$/.test(token) || (following && !KEYWORDS_AFTER_NUMBER.has(following))) return "invalid decimal literal";
  if (/^0[0-9_]*[1-9][0-9_]*$/.test(token)) return "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";
  return undefined;
}

/** Indentation width, a tab moving to the next multiple of `tabSize` and a form feed resetting it. */
function indentWidth(prefix: string, tabSize: number): number {
  let width = 0;
  for (const char of prefix) width = char === "\t" ? (Math.floor(width / tabSize) + 1) * tabSize : char === "\f" ? 0 : width + 1;
  return width;
}
