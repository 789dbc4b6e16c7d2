// Which Python server a command starts, seen through what usually wraps it: `exec`, `env A=1`,
// `dumb-init`, `tini --`, `gosu user` (and the other user switches: `runuser -u`, `setpriv`, `sudo -u`),
// `poetry run`, `python -m <server>`, and `sh -c "cd dir && …"` (or `su user -c "…"`) scripts (the
// server is the first gunicorn/uvicorn/flask command of the script, else its last `python script.py`).
// The words keep their sites, so rules point at the word as written.
import { posix } from "node:path";
import type { ScriptStart } from "./start-script.js";
import { ASSIGNMENT, cdTarget, isCommandStringFlag, runsCommandString, scriptCommands, splitAtEquals, type Word } from "./words.js";

export type PythonServer = "gunicorn" | "uvicorn" | "flask" | "python";

export interface ServerLaunch {
  readonly server: PythonServer;
  /** The word naming the server (`gunicorn`, the `gunicorn` of `python -m gunicorn`, the script of `python app.py`). */
  readonly program: Word;
  /** The arguments after it (for `python app.py`, those after the script: its sys.argv[1:]). */
  readonly args: readonly Word[];
  /** `python -m <module>`: Python puts the start directory first on sys.path. */
  readonly viaPythonM: boolean;
  /** For `python -m <module>` of a module that is no known server: the module run as `__main__`. */
  readonly mainModule?: Word;
  /** `cd DIR` run before it in the same script (relative ones as written, in order). */
  readonly cd: readonly Word[];
  /** Variables set on the way (`env A=1`, `A=1 gunicorn`, `export A=1`). */
  readonly env: ReadonlyMap<string, Word>;
  /** A shell reads its words (`sh -c`, a Dockerfile's shell form), expanding `$NAME`; in an exec form nothing does. */
  readonly shell?: true;
  /** The words after `sh -c SCRIPT`, which the script gets as $0, $1…, not as its command's arguments. */
  readonly afterScript?: readonly Word[];
  /** The start script's command that starts it (wrappers and all), when a start script nw-lint follows does. */
  readonly script?: ScriptStart;
}

const SERVERS = new Set(["gunicorn", "uvicorn", "flask"]);
const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
/** Wrapper options that take a value (`tini -p SIGTERM`, `dumb-init -r 15:2`). */
const WRAPPER_VALUE_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  tini: new Set(["-p", "-e"]),
  "dumb-init": new Set(["-r", "--rewrite"]),
};
/** Scripts that set things up and then run their arguments (`exec "$@"`). */
const WRAPPER_SCRIPT = /(?:\.sh|entrypoint|wait-for-it|wait-for)$/;
/** Python options that take a value (`-W ignore`, `-X dev`). */
const PYTHON_VALUE_OPTIONS = new Set(["-W", "-X", "-c"]);

/** The server a command line starts, if it starts gunicorn, uvicorn, the flask CLI or a Python script. */
export function findServerLaunch(words: readonly Word[]): ServerLaunch | undefined {
  return launchIn(words, [], new Map());
}

function launchIn(words: readonly Word[], cd: readonly Word[], env: ReadonlyMap<string, Word>): ServerLaunch | undefined {
  const { index: i, vars } = wrappedProgram(words, env);
  const word = words[i];
  if (!word) return undefined;
  const program = posix.basename(word.text);
  if (runsCommandString(program)) {
    const flag = words.findIndex((candidate, at) => at > i && isCommandStringFlag(candidate.text));
    const script = flag === -1 ? undefined : words[flag + 1];
    if (!script) return undefined;
    const launch = launchInScript(script, cd, vars);
    const afterScript = words.slice(flag + 2);
    return launch && afterScript.length > 0 ? { ...launch, afterScript } : launch;
  }
  if (SERVERS.has(serverName(program))) {
    return { server: serverName(program) as PythonServer, program: word, args: words.slice(i + 1), viaPythonM: false, cd, env: vars };
  }
  if (PYTHON.test(program)) return pythonLaunch(words, i, cd, vars);
  if (isWrapperScript(program)) {
    const next = words.findIndex((candidate, at) => at > i && (SERVERS.has(serverName(posix.basename(candidate.text))) || PYTHON.test(posix.basename(candidate.text))));
    return next === -1 ? undefined : launchIn(words.slice(next), cd, vars);
  }
  return undefined;
}

/** Shell keywords before the command they guard or repeat (`then gunicorn …`, `do python …`). */
const KEYWORDS_BEFORE_COMMAND: ReadonlySet<string> = new Set(["then", "do", "else", "!", "{"]);

/**
 * Where the program a command runs stands, past the wrappers that run it (`exec`, `nohup`,
 * `env A=1`, `tini --`, `dumb-init`, `gosu user`, `runuser -u user --`, `setpriv …`, `sudo -u user`,
 * `poetry run`, a `then` or `do`), with the variables set on the way; `words.length` when no word
 * is left.
 */
export function wrappedProgram(words: readonly Word[], env: ReadonlyMap<string, Word> = new Map()): { readonly index: number; readonly vars: Map<string, Word> } {
  const vars = new Map(env);
  const index = programIndex(words.map((word) => word.text), (at, name, value) => vars.set(name, { text: value, at: words[at]!.at }));
  return { index, vars };
}

/** Where the program stands among the words of a command, past its wrappers; `onAssignment` hears of each `NAME=value` on the way. */
export function programIndex(texts: readonly string[], onAssignment: (index: number, name: string, value: string) => void = () => {}): number {
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const program = posix.basename(text);
    const assignment = ASSIGNMENT.exec(text);
    if (assignment) {
      onAssignment(i, assignment[1]!, assignment[2]!);
      continue;
    }
    if (program === "exec" || program === "nohup" || KEYWORDS_BEFORE_COMMAND.has(text)) continue;
    if (program === "env") {
      while (i + 1 < texts.length && (ASSIGNMENT.test(texts[i + 1]!) || texts[i + 1]!.startsWith("-"))) {
        const next = ASSIGNMENT.exec(texts[++i]!);
        if (next) onAssignment(i, next[1]!, next[2]!);
      }
      continue;
    }
    if (program === "tini" || program === "tini-static" || program === "dumb-init") {
      const valued = WRAPPER_VALUE_OPTIONS[program === "dumb-init" ? "dumb-init" : "tini"]!;
      while (i + 1 < texts.length && texts[i + 1]!.startsWith("-")) {
        const option = texts[++i]!;
        if (option === "--") break;
        if (valued.has(option)) i++;
      }
      continue;
    }
    if (program === "gosu" || program === "su-exec") {
      i++; // the user
      continue;
    }
    const userSwitch = USER_SWITCH_WRAPPERS.get(program);
    if (userSwitch) {
      const past = pastUserSwitchOptions(texts, i, userSwitch);
      if (past === undefined) return i;
      i = past;
      continue;
    }
    if ((program === "poetry" || program === "pipenv" || program === "pdm" || program === "uv") && texts[i + 1] === "run") {
      i++;
      continue;
    }
    return i;
  }
  return texts.length;
}

interface UserSwitchWrapper {
  /** Its options that take a value, which may be the next word (`-u app`) or joined (`--reuid=1000`). */
  readonly valued: ReadonlySet<string>;
  /** It runs a command only given one of these (`runuser -u`; without it, `runuser app -c …` is su's form). */
  readonly requires?: ReadonlySet<string>;
  /** Operands before the command (chroot's NEWROOT). */
  readonly operands: number;
}

/** Programs that run their command as another user once their options are read: `runuser -u app -- cmd`, `setpriv --reuid=1000 cmd`, `sudo -u app cmd`, `chroot --userspec=app / cmd`. */
const USER_SWITCH_WRAPPERS: ReadonlyMap<string, UserSwitchWrapper> = new Map([
  ["runuser", { valued: new Set(["-u", "--user", "-g", "--group", "-G", "--supp-group", "-s", "--shell", "-w", "--whitelist-environment"]), requires: new Set(["-u", "--user"]), operands: 0 }],
  ["setpriv", {
    valued: new Set(["--reuid", "--ruid", "--euid", "--regid", "--rgid", "--egid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile"]),
    operands: 0,
  }],
  ["sudo", { valued: new Set(["-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h", "--host", "-p", "--prompt", "-R", "--chroot", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout"]), operands: 0 }],
  ["chroot", { valued: new Set(["--userspec", "--groups"]), operands: 1 }],
]);

/** The index of the last word before the command a user-switching wrapper at `index` runs; undefined when it runs none that way. */
function pastUserSwitchOptions(texts: readonly string[], index: number, wrapper: UserSwitchWrapper): number | undefined {
  let i = index;
  let required = wrapper.requires === undefined;
  while (i + 1 < texts.length && texts[i + 1]!.startsWith("-")) {
    const option = texts[++i]!;
    if (option === "--") break;
    const { name, joined } = wrapperOption(option, wrapper.valued);
    required ||= wrapper.requires?.has(name) ?? false;
    if (wrapper.valued.has(name) && joined === undefined) i++;
  }
  return required ? i + wrapper.operands : undefined;
}

/**
 * A word of a wrapper's options as getopt reads it: `--user=app` and `--user`; `-uapp`, `-Eu app`
 * and `-Euapp` (flags, then one that takes the rest of the word, or else the next word, as its
 * value). `name` is the option that takes a value, if one does (`-u`), else the word's option.
 */
function wrapperOption(word: string, valued: ReadonlySet<string>): { readonly name: string; readonly joined?: string } {
  if (word.startsWith("--")) {
    const [name, joined] = splitAtEquals(word);
    return joined === undefined ? { name } : { name, joined };
  }
  for (let k = 1; k < word.length; k++) {
    const name = `-${word[k]}`;
    if (valued.has(name)) return k + 1 < word.length ? { name, joined: word.slice(k + 1) } : { name };
  }
  return { name: word };
}

/** An option word of the user-switching wrapper `program` (wrapperOption); undefined for another program. */
export function userSwitchWrapperOption(program: string, word: string): { readonly name: string; readonly joined?: string } | undefined {
  const wrapper = USER_SWITCH_WRAPPERS.get(program);
  return wrapper && wrapperOption(word, wrapper.valued);
}

/** `docker-entrypoint.sh gunicorn …`, `wait-for-it.sh db:5432 -- gunicorn …`: such scripts end in `exec "$@"`. */
export function isWrapperScript(program: string): boolean {
  return WRAPPER_SCRIPT.test(program);
}

/** A program that is gunicorn, uvicorn, the flask CLI or Python itself (`python3`), not a script standing for one. */
export function isServerProgram(program: string): boolean {
  return SERVERS.has(serverName(program)) || PYTHON.test(program);
}

/** `gunicorn3` and `/usr/local/bin/gunicorn` are gunicorn. */
function serverName(program: string): string {
  return program.replace(/3$/, "");
}

/** `python [options] -m module args` or `python [options] script.py args`. */
function pythonLaunch(words: readonly Word[], index: number, cd: readonly Word[], env: ReadonlyMap<string, Word>): ServerLaunch | undefined {
  for (let i = index + 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === "-m") {
      const module = words[i + 1];
      if (!module) return undefined;
      if (SERVERS.has(module.text)) return { server: module.text as PythonServer, program: module, args: words.slice(i + 2), viaPythonM: true, cd, env };
      return { server: "python", program: module, args: words.slice(i + 2), viaPythonM: true, mainModule: module, cd, env };
    }
    if (text === "-c") return undefined;
    if (PYTHON_VALUE_OPTIONS.has(text)) {
      i++;
      continue;
    }
    if (text.startsWith("-")) continue;
    return { server: "python", program: words[i]!, args: words.slice(i + 1), viaPythonM: false, cd, env };
  }
  return undefined;
}

/**
 * The server a shell script starts: its simple commands in order, `cd` and `export` applied; the
 * first gunicorn, uvicorn or flask command wins, else the last `python` command (the one left running).
 */
function launchInScript(script: Word, cd: readonly Word[], env: ReadonlyMap<string, Word>): ServerLaunch | undefined {
  const dirs = [...cd];
  const vars = new Map(env);
  let python: ServerLaunch | undefined;
  for (const command of scriptCommands(script)) {
    const [first, ...rest] = command;
    if (!first) continue;
    const target = cdTarget(command);
    if (target) {
      dirs.push(target);
      continue;
    }
    if (first.text === "export") {
      for (const word of rest) {
        const assignment = ASSIGNMENT.exec(word.text);
        if (assignment) vars.set(assignment[1]!, { text: assignment[2]!, at: word.at });
      }
      continue;
    }
    const found = launchIn(command, [...dirs], vars);
    const launch = found && { ...found, shell: true as const };
    if (launch && launch.server !== "python") return launch;
    if (launch) python = launch;
  }
  return python;
}
