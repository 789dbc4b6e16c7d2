// Recognises commands that switch user or group, in an argv and in `sh -c "…"` scripts.
import { isUwsgiProgram } from "../uwsgi/command.js";
import { isWrapperScript, programIndex } from "./launch.js";
import { isCommandStringFlag, scriptTokens, SHELLS, type ScriptToken } from "./words.js";

export interface UserSwitch {
  /** Index of the argv element the switch was found in. */
  readonly argumentIndex: number;
  /** The word that switches (`--uid`, `gosu`, `--user=app`…), as written. */
  readonly token: string;
  readonly what: "user" | "group" | "user and group";
  /** The server whose own option it is (uWSGI's `--uid`, gunicorn's `--user`); unset for a program or another tool's option. */
  readonly server?: "uWSGI" | "gunicorn";
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
  // Whether a shell is among the words before the one before the current argument (its `-c`).
  let shellBefore = false;
  argv.forEach((argument, index) => {
    if (index >= 2) shellBefore ||= SHELLS.has(programName(argv[index - 2]!));
    if (shellBefore && isCommandStringFlag(argv[index - 1]!)) {
      for (const token of switchesInScript(argument)) found.push({ argumentIndex: index, ...token });
    }
  });
  // The container's args may be all of uWSGI's command line (the image's ENTRYPOINT runs it).
  switchesOf(argv, false).forEach((kind, index) => {
    const next = argv[index + 1];
    if (kind) found.push({ argumentIndex: index, token: argv[index]!, ...kind, ...(next !== undefined ? { next } : {}) });
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
    switchesOf(words, true).forEach((kind, index) => {
      const next = words[index + 1];
      if (kind) found.push({ token: words[index]!, ...kind, offset: command[index]!.start, ...(next !== undefined ? { next } : {}) });
    });
    command = [];
  }
  return found;
}

/** What each word of a command switches, judged by the programs named before it: one pass, however long the command. */
function switchesOf(words: readonly string[], inScript: boolean): (SwitchKind | undefined)[] {
  const programsBefore = new Set<string>();
  let uwsgiBefore = false;
  // A container's own words may be only uWSGI's options, for its image's ENTRYPOINT (or an entrypoint script) to run.
  const optionsForImage = !inScript && (words[0] === undefined || words[0].startsWith("-") || isWrapperScript(programName(words[0])));
  return words.map((word, index) => {
    const what = switchOf(word, { programsBefore, uwsgiOptions: uwsgiBefore || optionsForImage, isCommand: () => atCommand(words, index) });
    const program = programName(word);
    programsBefore.add(program);
    uwsgiBefore ||= isUwsgiProgram(program);
    return what;
  });
}

/** Whether the word is the program its command runs: only wrappers (`exec`, `env A=1`, `tini --`, `gosu app`) come before it. */
const atCommand = (words: readonly string[], index: number): boolean => programIndex(words.slice(0, index)) === index;

interface SwitchContext {
  readonly programsBefore: ReadonlySet<string>;
  /** `--uid` and `--gid` are uWSGI's here. */
  readonly uwsgiOptions: boolean;
  readonly isCommand: () => boolean;
}

type SwitchKind = Pick<UserSwitch, "what" | "server">;

function switchOf(word: string, { programsBefore, uwsgiOptions, isCommand }: SwitchContext): SwitchKind | undefined {
  const option = word.split("=", 1)[0]!;
  // A program only where a command starts: `ls /srv/su` names a directory.
  const switchProgram = SWITCH_PROGRAMS.get(programName(word));
  if (switchProgram && isCommand()) return { what: switchProgram };
  const uwsgiOption = UWSGI_OPTIONS.get(option);
  if (uwsgiOption && uwsgiOptions) return { what: uwsgiOption, server: "uWSGI" };
  if (option === "-u" && programsBefore.has("sudo")) return { what: "user" };
  if ((option === "--reuid" || option === "--regid") && programsBefore.has("setpriv")) return { what: option === "--reuid" ? "user" : "group" };
  if (option === "--userspec" && programsBefore.has("chroot")) return { what: "user and group" };
  const gunicornOption = GUNICORN_OPTIONS.get(option);
  if (gunicornOption && programsBefore.has("gunicorn")) return { what: gunicornOption, server: "gunicorn" };
  return undefined;
}

function programName(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1);
}
