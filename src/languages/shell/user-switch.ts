// Recognises commands that switch user or group, in an argv and in `sh -c "…"` scripts.
import { isUwsgiProgram } from "../uwsgi/command.js";
import { isWrapperScript, programIndex, userSwitchWrapperOption } from "./launch.js";
import { isCommandStringFlag, scriptTokens, SHELLS, splitAtEquals, type ScriptToken } from "./words.js";

export interface UserSwitch {
  /** Index of the argv element the switch was found in. */
  readonly argumentIndex: number;
  /** The word that switches (`--uid`, `gosu`, `--user=app`…), as written. */
  readonly token: string;
  readonly what: "user" | "group" | "user and group";
  /**
   * The program whose own option it is, which leaves alone an id equal to the one it runs as:
   * uWSGI's `--uid`, gunicorn's `--user`, setpriv's `--reuid` where setpriv changes nothing else
   * (supplementary groups need CAP_SETGID). Unset for a program (gosu) or another option, which
   * switches whatever the id.
   */
  readonly server?: "uWSGI" | "gunicorn" | "setpriv";
  /** In a `-c` script, the word's offset in the argument. */
  readonly offset?: number;
  /** The id or user it gives: joined to the option (`--uid=1000`, `-u1000`), else the word after it in the same command, if any. */
  readonly value?: string;
}

// Maps, not objects: the words looked up are a command's (`constructor` is no user switch).
const SWITCH_PROGRAMS: ReadonlyMap<string, UserSwitch["what"]> = new Map([
  ["su", "user"], ["gosu", "user and group"], ["su-exec", "user and group"], ["runuser", "user"],
]);
const UWSGI_OPTIONS: ReadonlyMap<string, UserSwitch["what"]> = new Map([["--uid", "user"], ["--gid", "group"]]);
const GUNICORN_OPTIONS: ReadonlyMap<string, UserSwitch["what"]> = new Map([["--user", "user"], ["--group", "group"], ["-u", "user"], ["-g", "group"]]);
/** The options of the wrappers that run their command as another user (launch.ts) that switch. */
const WRAPPER_OPTIONS: ReadonlyMap<string, ReadonlyMap<string, UserSwitch["what"]>> = new Map([
  ["sudo", new Map<string, UserSwitch["what"]>([["-u", "user"], ["--user", "user"], ["-g", "group"], ["--group", "group"]])],
  ["setpriv", new Map<string, UserSwitch["what"]>([["--reuid", "user"], ["--ruid", "user"], ["--euid", "user"], ["--regid", "group"], ["--rgid", "group"], ["--egid", "group"]])],
  ["chroot", new Map<string, UserSwitch["what"]>([["--userspec", "user and group"]])],
]);
/** setpriv's options that change nothing more than the ids these set: a gid option needs one that says what to do with the supplementary groups, and only `--keep-groups` leaves them. */
const SETPRIV_ID_ONLY: ReadonlySet<string> = new Set(["--keep-groups", "--no-new-privs", "--nnp"]);

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
    if (kind) found.push({ argumentIndex: index, token: argv[index]!, ...switchWithValue(kind, argv[index + 1]) });
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
      if (kind) found.push({ token: words[index]!, ...switchWithValue(kind, words[index + 1]), offset: command[index]!.start });
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
  // The words between a wrapper and the program it runs are its options (`sudo -u app gunicorn -u 1000`).
  let wrapperEnd = 0;
  let setprivIdsOnly = false;
  return words.map((word, index) => {
    const context = { programsBefore, uwsgiOptions: uwsgiBefore || optionsForImage, isCommand: () => atCommand(words, index), ofWrapper: index < wrapperEnd, setprivIdsOnly };
    const what = switchOf(word, context);
    const program = programName(word);
    programsBefore.add(program);
    uwsgiBefore ||= isUwsgiProgram(program);
    if (WRAPPER_OPTIONS.has(program)) wrapperEnd = index + programIndex(words.slice(index));
    if (program === "setpriv") setprivIdsOnly = setsOnlyIds(words, index);
    return what;
  });
}

/** Whether the setpriv at `index` sets nothing but ids (SETPRIV_ID_ONLY): given those it runs as, it then needs no capability. */
function setsOnlyIds(words: readonly string[], index: number): boolean {
  let keepsGroups = false;
  let setsGroup = false;
  for (let i = index + 1; i < words.length && words[i]!.startsWith("-") && words[i] !== "--"; i++) {
    const { name, joined } = userSwitchWrapperOption("setpriv", words[i]!)!;
    keepsGroups ||= name === "--keep-groups";
    if (SETPRIV_ID_ONLY.has(name)) continue;
    const what = WRAPPER_OPTIONS.get("setpriv")!.get(name);
    if (!what) return false;
    setsGroup ||= what === "group";
    if (joined === undefined) i++;
  }
  return keepsGroups || !setsGroup;
}

/** Whether the word is the program its command runs: only wrappers (`exec`, `env A=1`, `tini --`, `gosu app`) come before it. */
const atCommand = (words: readonly string[], index: number): boolean => programIndex(words.slice(0, index)) === index;

interface SwitchContext {
  readonly programsBefore: ReadonlySet<string>;
  /** `--uid` and `--gid` are uWSGI's here. */
  readonly uwsgiOptions: boolean;
  readonly isCommand: () => boolean;
  /** The word is among the options of the last wrapper (WRAPPER_OPTIONS) before it, before the program that runs. */
  readonly ofWrapper: boolean;
  /** The last setpriv before the word sets nothing but ids (setsOnlyIds). */
  readonly setprivIdsOnly: boolean;
}

/** A switch found in a word, with the value joined to it (`-u1000`, `--uid=1000`), if any. */
type SwitchKind = Pick<UserSwitch, "what" | "server"> & { readonly joined?: string | undefined };

function switchWithValue({ joined, ...kind }: SwitchKind, next: string | undefined): Omit<UserSwitch, "argumentIndex" | "token"> {
  const value = joined ?? next;
  return { ...kind, ...(value !== undefined ? { value } : {}) };
}

function switchOf(word: string, { programsBefore, uwsgiOptions, isCommand, ofWrapper, setprivIdsOnly }: SwitchContext): SwitchKind | undefined {
  const [option, joined] = splitAtEquals(word);
  // A program only where a command starts: `ls /srv/su` names a directory.
  const switchProgram = SWITCH_PROGRAMS.get(programName(word));
  if (switchProgram && isCommand()) return { what: switchProgram };
  const uwsgiOption = UWSGI_OPTIONS.get(option);
  if (uwsgiOption && uwsgiOptions) return { what: uwsgiOption, server: "uWSGI", joined };
  const wrapperOption = ofWrapper ? wrapperSwitchOf(word, programsBefore) : undefined;
  if (wrapperOption) return setprivIdsOnly && wrapperOption.program === "setpriv" ? { ...wrapperOption.kind, server: "setpriv" } : wrapperOption.kind;
  // argparse takes a short option's value joined to it too (`-u1000`).
  const [short, shortJoined] = /^-[ug]./.test(word) ? [word.slice(0, 2), word.slice(2)] : [option, joined];
  const gunicornOption = GUNICORN_OPTIONS.get(short);
  if (gunicornOption && programsBefore.has("gunicorn")) return { what: gunicornOption, server: "gunicorn", joined: shortJoined };
  return undefined;
}

/** A switching option of a wrapper before the word (`sudo -Eu app`, `setpriv --reuid=1000`), as getopt reads the word. */
function wrapperSwitchOf(word: string, programsBefore: ReadonlySet<string>): { program: string; kind: SwitchKind } | undefined {
  for (const [program, switches] of WRAPPER_OPTIONS) {
    if (!programsBefore.has(program)) continue;
    const { name, joined } = userSwitchWrapperOption(program, word)!;
    const what = switches.get(name);
    if (what) return { program, kind: { what, joined } };
  }
  return undefined;
}

function programName(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1);
}
