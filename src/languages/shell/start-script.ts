// What a start script (`ENTRYPOINT ["/app/entrypoint.sh"]`, `command: [sh, /app/run.sh]`) runs:
// its top-level commands read in order, the `cd`s and `export`s among them applied, and the server
// it ends in (`exec uwsgi --ini app.ini`). Only a script whose shape is plain is read: a heredoc, a
// subshell or an unbalanced block leaves it unread, and a command inside a function, loop, `if` or
// after `||` is not one the script surely runs, nor is one after such a command that may `exec` or
// `exit` (`[ "$(id -u)" != 0 ] && exec uwsgi …` before `exec gosu app uwsgi …`). Where nw-lint
// knows whether root runs the script, a root guard like that one is judged (root-guard.ts).
import { posix } from "node:path";
import { findUwsgiCommand, isUwsgiProgram } from "../uwsgi/command.js";
import { findServerLaunch, isWrapperScript, wrappedProgram } from "./launch.js";
import { rootGuardHolds, type ScriptRunner } from "./root-guard.js";
import { findUserSwitches } from "./user-switch.js";
import { ASSIGNMENT, cdTarget, runsCommandString, scriptWords, type Word } from "./words.js";

export interface ScriptStart {
  /** The command that starts the server, as written in the script, with its `"$@"` replaced by the script's arguments. */
  readonly words: readonly Word[];
  /** The top-level `cd DIR`s run before it, in order. */
  readonly cd: readonly Word[];
  /** The variables top-level `export NAME=value`s set before it (and no `unset` removed). */
  readonly env: ReadonlyMap<string, Word>;
  /**
   * Whether an earlier command run only under a condition (in an `if`, `case` or loop, after `&&`
   * or `||`) may `exec` or `exit` first: the script runs this one only when it did not, which
   * may be never. A root guard judged for the runner is no such condition: under a runAsUser,
   * `if [ "$(id -u)" != 0 ]; then exec uwsgi …; fi` starts that uWSGI, and one guarded by
   * `[ "$(id -u)" = 0 ]` is never run.
   */
  readonly afterConditionalExit: boolean;
}

/** The POSIX shell or bash a first line runs the file with (`#!/bin/sh`, `#!/usr/bin/env bash`), if it runs one. */
export function shebangShell(text: string): string | undefined {
  return /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\/usr)?(?:\/bin\/)?(sh|bash|dash|ash)(?:[ \t]|\r?\n|$)/.exec(text)?.[1];
}

/**
 * The server a script starts at its top level, given the arguments it is run with: the last one it
 * `exec`s, else the last uWSGI, gunicorn, uvicorn or `flask run` command, else the last `python`
 * command; undefined when the script's shape is unclear or it starts none. Where it runs its
 * arguments (`exec gosu app "$@"`) they name the server, wrapped in what the script puts before them.
 * Given its runner, the script's root guards are judged (topLevelCommands); where one runs the
 * script again as another user (`exec gosu app "$0" "$@"`), the server is the one that run starts.
 */
export function scriptStart(script: Word, args: readonly Word[], runner?: ScriptRunner): ScriptStart | undefined {
  const commands = topLevelCommands(script, runner);
  if (!commands) return undefined;
  const cd: Word[] = [];
  const env = new Map<string, Word>();
  const starts: (ScriptStart & { readonly kind: ServerKind; readonly exec: boolean })[] = [];
  for (const { words: command, afterConditionalExit } of commands) {
    const target = cdTarget(command);
    if (target) cd.push(target);
    else if (command[0]!.text === "export") exportsOf(command, env);
    else if (command[0]!.text === "unset") unsetsOf(command, env);
    const kind = serverKind(command);
    if (kind) starts.push({ words: command, cd: [...cd], env: new Map(env), afterConditionalExit, kind, exec: command[0]!.text === "exec" });
  }
  const last = commands.at(-1);
  if (runner && last && runsScriptAgain(last.words, runner)) {
    const again = startAgain(script, args, last.words, runner);
    if (again) return { words: again.words, cd: [...cd, ...again.cd], env: new Map([...env, ...again.env]), afterConditionalExit: last.afterConditionalExit || again.afterConditionalExit };
  }
  const chosen = starts.filter((start) => start.exec).at(-1) ?? starts.filter((start) => start.kind !== "python").at(-1) ?? starts.at(-1);
  if (!chosen) return undefined;
  const words = withArguments(withoutRedirections(chosen.words), args);
  if (chosen.kind === "arguments" && !serverKind(words)) return undefined;
  return { words, cd: chosen.cd, env: chosen.env, afterConditionalExit: chosen.afterConditionalExit };
}

/** Words that stand for the script's own path. */
const SCRIPT_ITSELF: ReadonlySet<string> = new Set(["$0", "${0}", "$BASH_SOURCE", "${BASH_SOURCE}", "${BASH_SOURCE[0]}"]);

/**
 * Whether the command, run as root, runs the script again behind a user switch (`exec gosu app
 * "$0" "$@"`, the step down from root): the server is then the one the script starts as that user.
 */
function runsScriptAgain(command: readonly Word[], runner: ScriptRunner): boolean {
  const { index } = wrappedProgram(command);
  const program = command[index];
  return runner.root === true && command[0]!.text === "exec" && program !== undefined && SCRIPT_ITSELF.has(program.text) && findUserSwitches(command.slice(0, index).map((word) => word.text)).length > 0;
}

/** What the script starts when run again by `command` (runsScriptAgain), not as root: the user switch before that run's server. */
function startAgain(script: Word, args: readonly Word[], command: readonly Word[], runner: ScriptRunner): ScriptStart | undefined {
  const { index } = wrappedProgram(command);
  const again = scriptStart(script, withArguments(command.slice(index + 1), args), { ...runner, root: false });
  return again && { ...again, words: [...command.slice(0, index), ...(again.words[0]?.text === "exec" ? again.words.slice(1) : again.words)] };
}

type ServerKind = "server" | "python" | "arguments";

/** Words that stand for all of a script's arguments. */
const ALL_ARGUMENTS: ReadonlySet<string> = new Set(["$@", "$*", "${@}", "${*}"]);

/** What a command starts: a server, a Python program, the script's arguments, or nothing nw-lint knows. */
function serverKind(command: readonly Word[]): ServerKind | undefined {
  const { index } = wrappedProgram(command);
  const program = command[index];
  if (!program) return undefined;
  if (ALL_ARGUMENTS.has(program.text)) return "arguments";
  const name = posix.basename(program.text);
  if (isUwsgiProgram(name) || (isWrapperScript(name) && command.some((word) => isUwsgiProgram(posix.basename(word.text))))) return "server";
  if (runsCommandString(name) && findUwsgiCommand(command.slice(index))) return "server";
  const launch = findServerLaunch(command);
  if (!launch) return undefined;
  // `flask db upgrade` and other flask commands set up and exit; only `flask run` serves.
  if (launch.server === "flask") return launch.args.some((word) => word.text === "run") ? "server" : undefined;
  return launch.server === "python" ? "python" : "server";
}

function exportsOf(command: readonly Word[], env: Map<string, Word>): void {
  for (const word of command.slice(1)) {
    const assignment = ASSIGNMENT.exec(word.text);
    if (assignment) env.set(assignment[1]!, { text: assignment[2]!, at: word.at });
  }
}

/** `unset NAME…` removes the variables; `unset -f` removes functions. */
function unsetsOf(command: readonly Word[], env: Map<string, Word>): void {
  const names = command.slice(1);
  if (names.some((word) => word.text === "-f")) return;
  for (const word of names) env.delete(word.text);
}

/** The command with the script's arguments in place of `"$@"`. */
function withArguments(command: readonly Word[], args: readonly Word[]): Word[] {
  return command.flatMap((word) => (ALL_ARGUMENTS.has(word.text) ? args : [word]));
}

/** A redirection (`>log`, `2>&1`, `<in`); one that is only the operator (`>`, `2>>`) takes the next word as its file. */
const REDIRECTION = /^\d*(?:>>?|<|&>)/;
const REDIRECTION_ALONE = /^\d*(?:>>?|<|&>)$/;

/** The command without its redirections, which the shell applies and the program never sees. */
function withoutRedirections(command: readonly Word[]): Word[] {
  const kept: Word[] = [];
  for (let i = 0; i < command.length; i++) {
    const word = command[i]!;
    if (!REDIRECTION.test(word.text)) kept.push(word);
    else if (REDIRECTION_ALONE.test(word.text)) i++;
  }
  return kept;
}

/** Keywords that open a compound command, where it starts. */
const OPENERS: ReadonlySet<string> = new Set(["if", "while", "until", "for", "case", "select"]);
const CLOSERS: ReadonlySet<string> = new Set(["fi", "done", "esac", "}"]);
/** Words before the command they lead into (`then exec …`, `! grep …`). */
const LEADERS: ReadonlySet<string> = new Set(["then", "do", "else", "!", "{"]);
const TESTS: ReadonlySet<string> = new Set(["[", "[[", "test"]);

/** A case pattern before its branch's first command (`0)`, `*)`). */
const CASE_PATTERN = /^[^(]*\)$/;

/** A top-level command the script runs unless a command before it ended the script. */
interface SurelyRun {
  readonly words: Word[];
  /** Whether a command before it, run only under a condition, may `exec` or `exit` (ScriptStart). */
  readonly afterConditionalExit: boolean;
}

/** Whether a command runs: surely, never, or only under a condition nw-lint does not judge. */
type Reach = "surely" | "never" | "maybe";

/** An open block: whether it is a function's body (or inside one), which runs only where called; for an `if`, which branch runs. */
interface Block {
  readonly inFunction: boolean;
  readonly branch?: Branch;
}

/** The branch of an `if` being read, where a root guard decides it (ScriptRunner). */
interface Branch {
  /** Whether it runs; undefined where its condition is not judged. */
  taken: boolean | undefined;
  /** Whether a branch before it ran (false for the first). */
  earlierTaken: boolean | undefined;
  /** Whether the condition (before `then`) is being read. */
  inCondition: boolean;
}

/**
 * What a chain that starts with a judged root guard has done: its last status known (`true`,
 * `false`), a command it surely ran, taken to succeed as in `cd app && exec …` (`ran`), or open.
 */
type ChainStatus = "true" | "false" | "ran" | "open";

/**
 * The simple commands the script surely runs, in order: at its top level, not after `|` or `||`,
 * nor after `&&` in a chain that starts with a test (`[ -f x ] && cd x`); up to a top-level `exit`.
 * A root guard the runner decides (`[ "$(id -u)" = 0 ] && …`, `if [ "$(id -u)" != 0 ]; then …`)
 * is judged: what it keeps from running is left out, what it runs is read as top-level, and where
 * that ends the script (`exec uwsgi …`), nothing after it is read.
 * Undefined when the shape is unclear: a heredoc, a subshell, a block left open or closed twice.
 */
function topLevelCommands(script: Word, runner: ScriptRunner | undefined): SurelyRun[] | undefined {
  let depth = 0;
  let chainIsConditional = false;
  let chain: ChainStatus | undefined;
  let conditionalExit = false;
  const blocks: Block[] = [];
  const commands: SurelyRun[] = [];
  for (const { words, after } of simpleCommands(script)) {
    const first = words[0]!.text;
    if (words.some((word) => word.text.startsWith("<<"))) return undefined;
    const opener = words.findIndex((word) => !LEADERS.has(word.text));
    const opensIf = words[opener]?.text === "if";
    const opens = words.filter((word) => word.text === "{").length + (OPENERS.has(words[opener]?.text ?? "") ? 1 : 0);
    const closes = CLOSERS.has(first) ? 1 : 0;
    if (runner) followBranch(blocks.at(-1)?.branch, words, after, runner);
    const blockReach = reachIn(blocks);
    const reach = opens === 0 && closes === 0 ? blockReach : blockReach === "never" ? "never" : "maybe";
    const topLevel = reach === "surely";
    if (topLevel && !balancedParentheses(words)) return undefined;
    depth += opens - closes;
    if (depth < 0) return undefined;
    const inFunction = (blocks.at(-1)?.inFunction ?? false) || opensFunction(words);
    const opened = Array.from({ length: opens }, (_, index): Block => ({
      inFunction,
      ...(runner && opensIf && index === opens - 1 ? { branch: { taken: rootGuardHolds(words.slice(opener), runner), earlierTaken: false, inCondition: true } } : {}),
    }));
    blocks.splice(blocks.length - closes, closes, ...opened);
    if (after === "|") continue;
    const command = withoutBranchKeyword(words);
    if (command.length === 0) continue;
    let chainReach: Reach | undefined;
    if (after === "&&" || after === "||") {
      chainIsConditional ||= after === "||";
      if (chain) [chainReach, chain] = chainStep(chain, after);
    } else {
      chainIsConditional = TESTS.has(command[0]!.text);
      const guard = runner && topLevel ? rootGuardHolds(command, runner) : undefined;
      chain = guard === undefined ? undefined : guard ? "true" : "false";
      // The guard itself is a test, which neither runs the server nor ends the script.
      if (chain) continue;
    }
    if (reach === "never" || chainReach === "never") continue;
    const judged = chainReach !== undefined || blocks.length > 0;
    if (!topLevel || (chainReach ?? (chainIsConditional ? "maybe" : "surely")) === "maybe") {
      conditionalExit ||= !inFunction && endsScript(words);
      continue;
    }
    const surelyRun = { words: command, afterConditionalExit: conditionalExit };
    if (judged && endsScript(command)) {
      // A guard's branch that starts the server ends the script there, unread after it; any other end it makes is left unjudged, as before.
      if (serverKind(command) || runsScriptAgain(command, runner!)) return [...commands, surelyRun];
      conditionalExit = true;
      continue;
    }
    if (command[0]!.text === "exit") break;
    commands.push(surelyRun);
  }
  return depth === 0 ? commands : undefined;
}

/** The branch keyword before a command in an `if` (`then exec uwsgi …`, or alone on its line): not a word of the command. */
function withoutBranchKeyword(words: Word[]): Word[] {
  return words[0]!.text === "then" || words[0]!.text === "else" ? words.slice(1) : words;
}

/** Follows an `if` into its branches: `then` ends its condition, `else` and `elif` start the next branch. */
function followBranch(branch: Branch | undefined, words: readonly Word[], after: string | undefined, runner: ScriptRunner): void {
  if (!branch) return;
  const keyword = words[0]!.text;
  if (branch.inCondition && after !== undefined) branch.taken = undefined;
  if (keyword === "then") branch.inCondition = false;
  if (keyword !== "else" && keyword !== "elif") return;
  const earlier = branch.earlierTaken === true || branch.taken === true ? true : branch.earlierTaken === false && branch.taken === false ? false : undefined;
  const holds = keyword === "else" ? true : rootGuardHolds(words, runner);
  branch.earlierTaken = earlier;
  branch.taken = earlier === true || holds === false ? false : earlier === false ? holds : undefined;
  branch.inCondition = keyword === "elif";
}

/** Whether a command in these blocks runs: surely only inside `if` branches that surely run, never inside one that never does. */
function reachIn(blocks: readonly Block[]): Reach {
  if (blocks.some(({ branch }) => branch?.taken === false && !branch.inCondition)) return "never";
  return blocks.every(({ branch }) => branch?.taken === true && !branch.inCondition) ? "surely" : "maybe";
}

/** Whether the next command of a guard's chain runs after `&&` or `||`, and the chain's status after it. */
function chainStep(status: ChainStatus, operator: "&&" | "||"): [Reach, ChainStatus] {
  const runsOn = operator === "&&" ? ["true", "ran"] : ["false"];
  const skipsOn = operator === "&&" ? "false" : "true";
  if (runsOn.includes(status)) return ["surely", "ran"];
  if (status === skipsOn) return ["never", status];
  return ["maybe", "open"];
}

/** A command that opens a function's body: `start() {`, `function start {`. */
function opensFunction(words: readonly Word[]): boolean {
  return words[0]!.text === "function" || words.some((word) => word.text.endsWith("()"));
}

/** Whether the command ends the script: an `exit`, or an `exec` of a program (not `exec >log 2>&1`, which only redirects). */
function endsScript(words: readonly Word[]): boolean {
  const start = words.findIndex((word) => !LEADERS.has(word.text) && !CASE_PATTERN.test(word.text));
  if (start === -1) return false;
  const first = words[start]!.text;
  return first === "exit" || (first === "exec" && withoutRedirections(words.slice(start + 1)).length > 0);
}

/**
 * Whether the command's parentheses, outside quotes, close within it and open no subshell:
 * `X=$(cat file)` and `main()` are plain, `(cd web` and `a)` (a case pattern) are not.
 */
function balancedParentheses(words: readonly Word[]): boolean {
  const { file, start } = words[0]!.at;
  const source = file.text.slice(start, words.at(-1)!.at.end).replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, '""').replaceAll("()", "");
  return source.split("(").length === source.split(")").length && !/(?:^|[\s;&|])\(/.test(source);
}

/**
 * The script's simple commands, each with the operator before it (`&&`, `||`, `|`; undefined
 * after a line break, `;` or `&`). A `&` right after `>` or `<` belongs to a redirection (`2>&1`).
 */
function simpleCommands(script: Word): { words: Word[]; after: string | undefined }[] {
  const commands: { words: Word[]; after: string | undefined }[] = [];
  let words: Word[] = [];
  let after: string | undefined;
  let redirecting: Word | undefined;
  for (const token of scriptWords(script.text, script.at)) {
    const last = words.at(-1);
    if (token.separator && token.text === "&" && last && /[<>]$/.test(last.text) && last.at.end === token.at.start) {
      redirecting = last;
      continue;
    }
    if (!token.separator) {
      if (redirecting && redirecting.at.end + 1 === token.at.start) {
        words[words.length - 1] = { text: `${redirecting.text}&${token.text}`, at: { ...redirecting.at, end: token.at.end } };
      } else {
        words.push({ text: token.text, at: token.at });
      }
      redirecting = undefined;
      continue;
    }
    redirecting = undefined;
    // A line break after `&&`, `||` or `|` continues the command list.
    if (words.length === 0 && token.text === "\n") continue;
    if (words.length > 0) commands.push({ words, after });
    words = [];
    after = ["&&", "||", "|"].includes(token.text) ? token.text : undefined;
  }
  if (words.length > 0) commands.push({ words, after });
  return commands;
}
