// Recognises commands that switch user or group, in an argv and in `sh -c "…"` scripts.
import { isUwsgiProgram } from "../uwsgi/command.js";
import { isCommandStringFlag, scriptTokens, SHELLS, type ScriptToken } from "./words.js";

export interface UserSwitch {
  /** Index of the argv element the switch was found in. */
  readonly argumentIndex: number;
  /** The word that switches (`--uid`, `gosu`, `--user=app`…), as written. */
  readonly token: string;
  readonly what: "user" | "group" | "user and group";
  /** In a `-c` script, the word's offset in the argument. */
  readonly offset?: number;
  /** The word after it in the same command (`1000` in `--uid 1000`), if any. */
  readonly next?: string;
}

// Maps, not objects: the words looked up are a command's (`constructor` is no user switch).
const SWITCH_PROGRAMS: ReadonlyMap<string, UserSwitch["what"]> = new Map([
  ["su", "user"], ["gosu", "user and group"], ["su-exec", "user and group"], ["runuser", "user"],
]);
const UWSGI_OPTIONS: ReadonlyMap<string, UserSwitch["what"]> = new Map([["--uid", "user"], ["--gid", "group"]]);
const GUNICORN_OPTIONS: ReadonlyMap<string, UserSwitch["what"]> = new Map([["--user", "user"], ["--group", "group"], ["-u", "user"], ["-g", "group"]]);

/** Every user switch in `argv`, including those inside shell `-c` scripts. */
export function findUserSwitches(argv: readonly string[]): UserSwitch[] {
  const found: UserSwitch[] = [];
  argv.forEach((argument, index) => {
    const previous = argv[index - 1];
    if (previous !== undefined && isCommandStringFlag(previous) && argv.slice(0, index - 1).some((word) => SHELLS.has(programName(word)))) {
      for (const token of switchesInScript(argument)) found.push({ argumentIndex: index, ...token });
    }
  });
  argv.forEach((argument, index) => {
    // The container's args may be all of uWSGI's command line (the image's ENTRYPOINT runs it).
    const token = switchAt(argv, index, false);
    const next = argv[index + 1];
    if (token) found.push({ argumentIndex: index, token: argument, what: token, ...(next !== undefined ? { next } : {}) });
  });
  return found.sort((a, b) => a.argumentIndex - b.argumentIndex);
}

/** The switches of each command of a script, judged by the words of that command only. */
function switchesInScript(script: string): Omit<UserSwitch, "argumentIndex">[] {
  const found: Omit<UserSwitch, "argumentIndex">[] = [];
  let command: ScriptToken[] = [];
  for (const token of [...scriptTokens(script), undefined]) {
    if (token && !token.separator) {
      command.push(token);
      continue;
    }
    const words = command.map((word) => word.text);
    command.forEach((word, index) => {
      const what = switchAt(words, index, true);
      const next = words[index + 1];
      if (what) found.push({ token: word.text, what, offset: word.start, ...(next !== undefined ? { next } : {}) });
    });
    command = [];
  }
  return found;
}

function switchAt(words: readonly string[], index: number, inScript: boolean): UserSwitch["what"] | undefined {
  const word = words[index]!;
  const option = word.split("=", 1)[0]!;
  const program = programName(word);
  const switchProgram = SWITCH_PROGRAMS.get(program);
  if (switchProgram) return switchProgram;
  const programs = words.slice(0, index).map(programName);
  const uwsgiOption = UWSGI_OPTIONS.get(option);
  if (uwsgiOption && (!inScript || programs.some(isUwsgiProgram))) return uwsgiOption;
  if (option === "-u" && programs.includes("sudo")) return "user";
  if ((option === "--reuid" || option === "--regid") && programs.includes("setpriv")) return option === "--reuid" ? "user" : "group";
  if (option === "--userspec" && programs.includes("chroot")) return "user and group";
  const gunicornOption = GUNICORN_OPTIONS.get(option);
  if (gunicornOption && programs.includes("gunicorn")) return gunicornOption;
  return undefined;
}

function programName(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1);
}
