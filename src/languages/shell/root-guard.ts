// Root guards: the tests a start script makes of who runs it (`[ "$(id -u)" = 0 ]`, `[ "$(whoami)"
// != root ]`, bash's `[[ $EUID -ne 0 ]]`), judged as the shell would where nw-lint knows whether
// the process is root. Any other condition is left unjudged.
import { scriptTokens, type Word } from "./words.js";

/** What nw-lint knows of the process that runs a script. */
export interface ScriptRunner {
  /** Whether it runs as root; undefined where nothing shows it. */
  readonly root: boolean | undefined;
  /** Whether bash runs it, which has `[[ … ]]` and `==` in `[` (dash's `[` refuses `==`, and has no `[[`). */
  readonly bash: boolean;
  /** Whether `$EUID` and `$UID` hold its uid: bash sets them at start, unless its environment already has them. */
  readonly uidVariables: boolean;
}

/** Stand-ins for the expansions a guard tests, as words of their own (an unquoted `$(id -u)` would split into two). */
const UID = "\0uid";
const NAME = "\0name";
/** An unquoted user name: `whoami` prints none for a uid without a passwd entry, and the word is gone. */
const BARE_NAME = "\0bare-name";
const UID_VARIABLE = "\0uid-variable";

const EXPANSIONS: readonly [RegExp, string][] = [
  [quotedOrNot(/\$\(\s*id\s+-u\s*\)|`\s*id\s+-u\s*`/), UID],
  // `id -un` prints the number where the uid has no name, so its word is never empty.
  [quotedOrNot(/\$\(\s*id\s+(?:-un|-nu|-u\s+-n|-n\s+-u)\s*\)|`\s*id\s+(?:-un|-nu|-u\s+-n|-n\s+-u)\s*`/), NAME],
  [/"(?:\$\(\s*whoami\s*\)|`\s*whoami\s*`)"/g, NAME],
  [/\$\(\s*whoami\s*\)|`\s*whoami\s*`/g, BARE_NAME],
  [quotedOrNot(/\$(?:\{E?UID\}|E?UID\b)/), UID_VARIABLE],
];

/** The expansion in double quotes or bare: `"$(id -u)"`, `$(id -u)`. */
function quotedOrNot(expansion: RegExp): RegExp {
  return new RegExp(`"(?:${expansion.source})"|${expansion.source}`, "g");
}

/** The words a root guard may start with. */
const GUARD_OPENERS: ReadonlySet<string> = new Set(["if", "elif", "!", "[", "[[", "test"]);

/**
 * Whether the condition command (`[ "$(id -u)" = 0 ]`, `if ! test …`, `elif [[ … ]]`) succeeds
 * for this runner: undefined when it is not a root guard nw-lint reads, or the runner leaves it open.
 */
export function rootGuardHolds(command: readonly Word[], runner: ScriptRunner): boolean | undefined {
  if (runner.root === undefined || !GUARD_OPENERS.has(command[0]!.text)) return undefined;
  const words = guardWords(command);
  let at = ["if", "elif"].includes(words[0] ?? "") ? 1 : 0;
  let negated = false;
  for (; words[at] === "!"; at++) negated = !negated;
  const holds = testHolds(words.slice(at), runner);
  return holds === undefined ? undefined : holds !== negated;
}

/** The command's words as the shell sees them, each expansion of who runs it one stand-in word. */
function guardWords(command: readonly Word[]): string[] {
  const first = command[0]!.at;
  let source = first.file.text.slice(first.start, command.at(-1)!.at.end);
  for (const [pattern, standIn] of EXPANSIONS) source = source.replace(pattern, ` ${standIn} `);
  return scriptTokens(source).map((token) => token.text);
}

/** The exit status of `[ A OP B ]`, `[[ A OP B ]]` or `test A OP B` (with a `!` inside), as success. */
function testHolds(words: readonly string[], runner: ScriptRunner): boolean | undefined {
  const [program] = words;
  const closing = program === "[" ? "]" : program === "[[" ? "]]" : program === "test" ? undefined : null;
  if (closing === null || (program === "[[" && !runner.bash)) return undefined;
  if (closing !== undefined && words.at(-1) !== closing) return undefined;
  const operands = words.slice(1, closing === undefined ? undefined : -1);
  const negated = operands[0] === "!";
  const comparison = negated ? operands.slice(1) : operands;
  if (comparison.length !== 3) return undefined;
  const [left, operator, right] = comparison as [string, string, string];
  // Not root, an unquoted `$(whoami)` may be no word at all: `[ = root ]` fails, `[ ! = root ]` compares "!" with "root".
  if ((left === BARE_NAME || right === BARE_NAME) && !runner.root && program !== "[[") return operator === "=" && !negated ? false : undefined;
  const holds = comparisonHolds(left, operator, right, program === "[[", runner);
  return holds === undefined ? undefined : holds !== negated;
}

/** `A OP B` where one side is who runs the script and the other root's uid or name. */
function comparisonHolds(left: string, operator: string, right: string, doubleBracket: boolean, runner: ScriptRunner): boolean | undefined {
  const [expansion, literal] = left.startsWith("\0") ? [left, right] : [right, left];
  if (!expansion.startsWith("\0") || literal.startsWith("\0") || /[$`\\*?[]/.test(literal)) return undefined;
  if (expansion === UID_VARIABLE && !runner.uidVariables) return undefined;
  const isUid = expansion === UID || expansion === UID_VARIABLE;
  const root = runner.root!;
  if ((operator === "-eq" || operator === "-ne") && isUid && /^\d+$/.test(literal) && Number(literal) === 0) return root === (operator === "-eq");
  if (operator === "==" && !doubleBracket && !runner.bash) return undefined;
  if (operator !== "=" && operator !== "==" && operator !== "!=") return undefined;
  const rootText = isUid ? "0" : "root";
  if (literal !== rootText) return undefined;
  return root === (operator !== "!=");
}
