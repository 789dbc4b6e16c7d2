// Following a start script: a container or image whose command runs a script of the repository
// (`ENTRYPOINT ["/app/entrypoint.sh"]`, `command: [bash, start.sh]`) starts the server the script
// ends in. The script is followed only when nw-lint finds it with certainty: the path maps to one
// file of the repository through the image's COPYs (or a compose bind), or to one a COPY heredoc
// writes (`COPY <<"EOF" /entrypoint.sh`), the build's .dockerignore does not keep it out, no volume
// hides it, and it is a shell script (its `#!` line, or a shell runs it). Its words keep their sites
// in the script (a heredoc's, in its Dockerfile).
import { posix } from "node:path";
import { site } from "../engine/source.js";
import type { ProjectHost, SourceFile } from "../engine/types.js";
import { isServerProgram, wrappedProgram } from "../languages/shell/launch.js";
import { scriptStart, shebangShell, type ScriptStart } from "../languages/shell/start-script.js";
import { isCommandStringFlag, knownOnlyAtRunTime, scriptCommands, SHELLS, type Word } from "../languages/shell/words.js";
import { isUwsgiProgram } from "../languages/uwsgi/command.js";
import { filesCopiedTo, imageHost, putsAt, repoPaths, locate, runnerPaths, type ContainerSource } from "./container-paths.js";
import { writerOf, writesBodyAsIs } from "./image-files.js";
import { configuredDirectory, processEnvironment, scriptRunner } from "./container-process.js";

export interface StartScript extends ScriptStart {
  readonly file: SourceFile;
}

/** Docker's and the container runtimes' default PATH, where a program named without a `/` is looked for. */
const DEFAULT_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The start script a command runs and what it starts, when nw-lint can follow it (see above). */
export function followStartScript(words: readonly Word[], source: ContainerSource, host: ProjectHost): StartScript | undefined {
  const invocation = scriptInvocation(words);
  if (!invocation || knownOnlyAtRunTime(invocation.path.text)) return undefined;
  const file = scriptFile(candidatePaths(invocation, source), source, host);
  const script = file && scriptText(file);
  const shell = invocation.shell ?? (script && shebangShell(script.asWritten));
  if (!script || !shell) return undefined;
  const start = scriptStart(script.word, invocation.args, scriptRunner(source, shell));
  return start && { ...start, file: file! };
}

/**
 * The script as a word at its site: the whole file, or the body of the COPY heredoc that writes it,
 * with the text BuildKit writes (`<<-` strips its lines' leading tabs); undefined for a body
 * BuildKit expands (`writesBodyAsIs`), whose file is not the text the Dockerfile shows.
 */
function scriptText(file: SourceFile): { readonly word: Word; readonly asWritten: string } | undefined {
  const writer = writerOf(file);
  if (!writer) return { word: { text: file.text, at: site(file, 0, file.text.length) }, asWritten: file.text };
  const { text, start, stripsTabs } = writer.file;
  if (!writesBodyAsIs(writer.file)) return undefined;
  return { word: { text, at: site(file, start, start + text.length) }, asWritten: stripsTabs ? text.replace(/^\t+/gm, "") : text };
}

interface Invocation {
  readonly path: Word;
  readonly args: readonly Word[];
  /** The shell given the file (`sh FILE`, `bash -e FILE`), which reads it whatever its first line says. */
  readonly shell?: string;
}

/**
 * The script a command runs, past its wrappers: its program, or the file a shell is given (not
 * `sh -s`), or the one command of a `sh -c` string (a Dockerfile's shell form: `CMD ./start.sh`).
 */
function scriptInvocation(words: readonly Word[]): Invocation | undefined {
  const { index } = wrappedProgram(words);
  const program = words[index];
  if (!program) return undefined;
  const name = posix.basename(program.text);
  // Most commands run the server itself: no script to look for along the PATH.
  if (isUwsgiProgram(name) || isServerProgram(name)) return undefined;
  if (!SHELLS.has(name)) return { path: program, args: words.slice(index + 1) };
  let at = index + 1;
  for (; words[at]?.text.startsWith("-") || words[at]?.text.startsWith("+"); at++) {
    const option = words[at]!.text;
    if (/^[-+]o$/.test(option)) at++;
    else if (isCommandStringFlag(option)) return onlyCommand(words[at + 1]);
    else if (!/^[-+][a-bd-np-rt-z]+$/i.test(option)) return undefined;
  }
  const path = words[at];
  return path && { path, args: words.slice(at + 1), shell: name };
}

/** The script the one command of a `-c` string runs; undefined for a string of several commands. */
function onlyCommand(script: Word | undefined): Invocation | undefined {
  const commands = script ? scriptCommands(script) : [];
  return commands.length === 1 ? scriptInvocation(commands[0]!) : undefined;
}

/**
 * Where the script may be in the container: a path with a `/` (or one a shell is given) from the
 * start directory; a bare name on the PATH, the image's literal entries first.
 */
function candidatePaths(invocation: Invocation, source: ContainerSource): string[] {
  const path = invocation.path.text;
  if (invocation.shell || path.includes("/")) return [posix.resolve("/", configuredDirectory(source) ?? "/", path)];
  const imagePath = processEnvironment(source).get("PATH")?.value?.split(":").filter((dir) => posix.isAbsolute(dir) && !knownOnlyAtRunTime(dir)) ?? [];
  return [...imagePath, ...DEFAULT_PATH].map((dir) => posix.join(dir, path));
}

/**
 * The first candidate that is one file of the image a COPY (or a bind) puts exactly there from the
 * repository, by its own name or a new one, or a COPY heredoc writes there, no volume hiding it;
 * undefined when it is elsewhere, hidden or in several places. A file the .dockerignore keeps out
 * is not in the image (the container cannot start it: `exec /app/entrypoint.sh: no such file or
 * directory`), so not followed.
 */
function scriptFile(candidates: readonly string[], source: ContainerSource, host: ProjectHost): SourceFile | undefined {
  const paths = runnerPaths(source, host);
  const image = imageHost(source, host);
  for (const candidate of candidates) {
    if (locate(paths, candidate).volume) return undefined;
    const files = [...new Set([...repoPaths(paths, candidate), ...filesCopiedTo(candidate, source, host)])].filter((path) => image.kind(path) === "file" && putsAt(path, candidate, source, host));
    if (files.length > 1) return undefined;
    if (files.length === 1) return image.readFile(files[0]!, "shell");
  }
  return undefined;
}
