// The parts of a Dockerfile that decide how its image starts: WORKDIR, ENV, COPY/ADD, USER,
// EXPOSE, ENTRYPOINT and CMD of the final stage, with their sites, the Python it runs and the
// projects its RUNs `pip install`.
// Instructions are case-insensitive and continue over lines ending in `\` (or the `# escape=` character); lines starting with `#` are comments; heredoc bodies are not instructions.
import { posix } from "node:path";
import type { Site, SourceFile } from "../../engine/types.js";
import { option, parseArguments, type OptionInfo } from "../shell/arguments.js";
import { cdTarget, scriptCommands, scriptTokens, type Word } from "../shell/words.js";

export interface DockerValue {
  readonly value: string;
  readonly at: Site;
}

/** An ENTRYPOINT or CMD: exec form (a JSON array) or shell form (run by `/bin/sh -c`). */
export interface DockerCommand {
  readonly form: "exec" | "shell";
  /** The argv Docker runs; a shell form is `/bin/sh -c <text>`, its text one word. */
  readonly words: readonly Word[];
  readonly at: Site;
}

/** A COPY or ADD from the build context: its sources and the absolute destination in the image. */
export interface DockerCopy {
  readonly sources: readonly string[];
  readonly destination: string;
  readonly at: Site;
  /** The files it writes from heredocs (`COPY <<EOF /app/wsgi.py`), sources besides `sources`. */
  readonly written?: readonly WrittenFile[];
}

/** A file a COPY heredoc writes: its name (the heredoc's, for a destination directory), its text and where that starts in the Dockerfile. */
export interface WrittenFile {
  readonly name: string;
  readonly text: string;
  readonly start: number;
  /** The COPY or ADD that writes it. */
  readonly by: Site;
  /** Written by `<<-`: BuildKit strips the leading tabs of its lines (ChompHeredocContent), which `text` keeps. */
  readonly stripsTabs?: true;
  /**
   * Written by an unquoted marker (`<<EOF`, not `<<"EOF"`): BuildKit expands the body's `$NAME`,
   * `${NAME}` and `$@` with the build's variables and processes its backslash escapes (moby/buildkit
   * #2442), so a body holding `$` or `\` writes a file other than `text`.
   */
  readonly expands?: true;
}

/**
 * A path of the image whose files nw-lint cannot see: one a RUN names (`git clone … /app`), or
 * the destination of a `COPY --from` of another image, or of what the stage's own COPYs did not
 * put there (its RUNs', its base image's).
 */
export interface UnseenPath {
  /** Absolute and normalised. */
  readonly path: string;
  /** The instruction as messages name it: `RUN`, `COPY --from=builder`. */
  readonly by: string;
  readonly at: Site;
}

export interface DockerEnv {
  readonly name: string;
  readonly value: string;
  readonly at: Site;
}

/**
 * A `pip install` of a project's own code rather than a published package by name: a directory
 * (`pip install .`, `pip install -e /srv`) or a URL (`git+https://…`, an archive). Its packages
 * land in site-packages, which Python searches after the app's own directories.
 */
export interface PipInstall {
  /** The target as written, without extras (`.`, `git+https://github.com/org/app`). */
  readonly target: string;
  /** For a directory, its absolute path in the image (from the WORKDIR of the RUN). */
  readonly directory: string | undefined;
  readonly at: Site;
}

export interface Dockerfile {
  readonly file: SourceFile;
  /** The final stage's base image as written (`python:3.11-slim`); a stage it names is taken to its own base. */
  readonly from: string | undefined;
  /** The final WORKDIR, absolute; undefined when neither the file nor a `python:*-onbuild` base sets one (the base image decides). */
  readonly workdir: DockerValue | undefined;
  readonly env: readonly DockerEnv[];
  readonly copies: readonly DockerCopy[];
  readonly user: DockerValue | undefined;
  /** EXPOSE, read as CLI.md says a Dockerfile is read; no rule judges it yet. */
  readonly expose: readonly DockerValue[];
  readonly entrypoint: DockerCommand | undefined;
  readonly cmd: DockerCommand | undefined;
  /**
   * The Python the final stage runs, where the file shows it: an official `python:N.N` base's, or
   * the python3 of a Debian or Ubuntu release that a RUN installs with apt.
   */
  readonly python: PythonVersion | undefined;
  readonly pipInstalls: readonly PipInstall[];
  /** What RUNs and `COPY --from`s put where nw-lint cannot see, in order. */
  readonly unseen: readonly UnseenPath[];
  /** Each named stage (`FROM … AS web`) as the image `docker build --target web` makes, by lower-case name; the final stage too. */
  readonly stages: ReadonlyMap<string, Dockerfile>;
}

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

/** The python3 package of each Debian and Ubuntu release, by its image tags. */
const DISTRO_PYTHON: Readonly<Record<string, PythonVersion>> = {
  "debian:10": { major: 3, minor: 7 }, "debian:buster": { major: 3, minor: 7 },
  "debian:11": { major: 3, minor: 9 }, "debian:bullseye": { major: 3, minor: 9 },
  "debian:12": { major: 3, minor: 11 }, "debian:bookworm": { major: 3, minor: 11 },
  "debian:13": { major: 3, minor: 13 }, "debian:trixie": { major: 3, minor: 13 },
  "ubuntu:20.04": { major: 3, minor: 8 }, "ubuntu:focal": { major: 3, minor: 8 },
  "ubuntu:22.04": { major: 3, minor: 10 }, "ubuntu:jammy": { major: 3, minor: 10 },
  "ubuntu:24.04": { major: 3, minor: 12 }, "ubuntu:noble": { major: 3, minor: 12 },
};

interface Instruction {
  readonly keyword: string;
  /** The arguments' text, continuation lines joined, and where it starts in the file. */
  readonly args: string;
  readonly argsStart: number;
  readonly at: Site;
  readonly heredocs: readonly Heredoc[];
}

/** A heredoc of a RUN, COPY or ADD: its marker as written (`<<EOF`), its body and where that starts, and where its terminator line ends. */
interface Heredoc {
  readonly marker: string;
  readonly text: string;
  readonly start: number;
  readonly after: number;
}

/** A user as Docker's USER and compose's `user:` take it (`1000`, `1000:100`, `app:app`, `root`): the user as written, and the numeric ids the value gives (root is 0). */
export interface UserIds {
  readonly name: string;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
}

export function userIds(value: string): UserIds {
  const [name = "", group] = value.split(":", 2);
  const id = (part: string | undefined) => (part !== undefined && /^\d+$/.test(part) ? Number(part) : part === "root" ? 0 : undefined);
  return { name, uid: id(name), gid: id(group) };
}

export function parseDockerfile(file: SourceFile): Dockerfile {
  let stage = emptyStage(file, undefined, undefined);
  let stageName: string | undefined;
  // A stage built FROM an earlier one starts as that stage's image: its base, Python, files, pip installs and settings.
  const stages = new Map<string, Dockerfile>();
  // Every stage before this one, named or not: `COPY --from=0` names the first.
  const earlier: Dockerfile[] = [];
  const stageOf = (reference: string) => (/^\d+$/.test(reference) ? earlier[Number(reference)] : stages.get(reference.toLowerCase()));
  // Build arguments at their defaults (what `docker build` without --build-arg uses): those before
  // the first FROM are for FROM lines, and for a stage that declares the name again; a stage's own end with it.
  const globalArgs = new Map<string, string>();
  let args: Map<string, string> | undefined;
  // A CMD of this stage, which its ENTRYPOINT keeps (one inherited from the base it drops).
  let cmdSet = false;
  for (const instruction of instructions(file)) {
    if (instruction.keyword === "FROM") {
      if (stageName) stages.set(stageName, stage);
      if (args) earlier.push(stage);
      const [written, as, name] = instruction.args.trim().split(/\s+/).filter((word) => !word.startsWith("--"));
      const image = written === undefined ? undefined : expand(written, globalArgs);
      const base = image === undefined ? undefined : stages.get(image.toLowerCase());
      stage = base ?? withOnbuildTriggers(emptyStage(file, image, image === undefined ? undefined : officialPythonVersion(image)), instruction.at);
      stageName = as?.toUpperCase() === "AS" && name ? name.toLowerCase() : undefined;
      args = new Map();
      cmdSet = false;
      continue;
    }
    if (instruction.keyword === "ARG") {
      declareArgs(instruction, args ?? globalArgs, args ? globalArgs : undefined, new Map([...(args ?? globalArgs), ...variables(stage)]));
      continue;
    }
    cmdSet ||= instruction.keyword === "CMD";
    stage = apply(stage, instruction, new Map([...(args ?? []), ...variables(stage)]), stageOf, cmdSet);
  }
  if (stageName) stages.set(stageName, stage);
  return { ...stage, stages };
}

/**
 * The Python of an official `python:N.N` image (with any registry before it), or 2.7 for a bare
 * `python:2` (its only Python 2); undefined for other images and other bare tags.
 */
function officialPythonVersion(image: string): PythonVersion | undefined {
  const match = /^(?:[\w.:-]+\/)*python:(\d+)(?:\.(\d+))?(?!\d)/.exec(image);
  if (!match) return undefined;
  if (match[2] !== undefined) return { major: Number(match[1]), minor: Number(match[2]) };
  return match[1] === "2" ? { major: 2, minor: 7 } : undefined;
}

/** The python3 of a Debian or Ubuntu release image (`debian:bookworm-slim`, `docker.io/library/ubuntu:22.04`). */
function distroPythonVersion(image: string): PythonVersion | undefined {
  const match = /^(?:[\w.:-]+\/)*(debian|ubuntu):([\w.-]+)$/.exec(image);
  if (!match) return undefined;
  const [, distro, tag] = match;
  // `12-slim`, `12.5`, `bookworm-20240513` name the same release.
  const release = distro === "debian" ? tag!.split(/[-.]/)[0]! : tag!.replace(/-.*$/, "");
  return DISTRO_PYTHON[`${distro}:${release}`];
}

/** The official `python:*-onbuild` images (`python:3.6-onbuild`), which are no longer built. */
const PYTHON_ONBUILD = /^(?:[\w.:-]+\/)*python:(?:[\w.-]+-)?onbuild$/;
const ONBUILD_APP_DIRECTORY = "/usr/src/app";

/**
 * A stage built on an official `python:*-onbuild` image: its WORKDIR is /usr/src/app, and its
 * ONBUILD triggers, which run right after the FROM, copy the build context there (and pip install
 * its requirements.txt).
 */
function withOnbuildTriggers(stage: Dockerfile, from: Site): Dockerfile {
  if (stage.from === undefined || !PYTHON_ONBUILD.test(stage.from)) return stage;
  return { ...stage, workdir: { value: ONBUILD_APP_DIRECTORY, at: from }, copies: [{ sources: ["."], destination: ONBUILD_APP_DIRECTORY, at: from }] };
}

function emptyStage(file: SourceFile, from: string | undefined, python: PythonVersion | undefined): Dockerfile {
  return { file, from, workdir: undefined, env: [], copies: [], user: undefined, expose: [], entrypoint: undefined, cmd: undefined, python, pipInstalls: [], unseen: [], stages: new Map() };
}

/** `apt-get install … python3 …` (or uwsgi-plugin-python3, python3-flask, …). */
const APT_PYTHON = /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b[^&;|]*\s(?:python3|uwsgi-plugin-python3|python3-[\w.+-]+)(?=\s|$)/;

/**
 * What `COPY --from=STAGE` brings of the build context and of the files the stage's heredocs
 * write: each of the stage's copies that lands in a copied path (`COPY app /app/app` in the stage,
 * then `COPY --from=stage /app /app`), or holds one (`COPY . /src`, then `COPY --from=stage /src/app
 * /app`), as a copy from the context; or one file a heredoc wrote into a directory (`COPY <<wsgi.py
 * /src/`, then `COPY --from=stage /src/wsgi.py /app/`). The destination keeps its `/` (several paths
 * go into a directory), for a file to land in it by name.
 */
function copiedFromStage(stage: Dockerfile, paths: readonly string[], destination: string, keepSlash: string, at: Site): DockerCopy[] {
  const into = keepSlash || paths.length > 1 ? "/" : "";
  return paths.flatMap((path) => {
    const copiedPath = posix.resolve("/", path);
    return stage.copies.flatMap((copy): DockerCopy[] => {
      const landed = posix.resolve("/", copy.destination);
      const below = posix.relative(copiedPath, landed);
      if (below === "") return [{ sources: copy.sources, destination: destination + (into || (copy.destination.endsWith("/") ? "/" : "")), at, ...writtenAt(copy, copiedPath) }];
      if (isBelow(below)) return [{ sources: copy.sources, destination: posix.join(destination, below) + (copy.destination.endsWith("/") ? "/" : ""), at, ...writtenAt(copy, landed) }];
      const written = writtenInto(copy, landed, copiedPath);
      if (written) return [{ sources: [], destination: destination + into, at, written: [{ ...written, name: posix.basename(copiedPath) }] }];
      const within = posix.relative(landed, copiedPath);
      return copy.sources.length === 1 && !copy.destination.endsWith("/") && isBelow(within) ? [{ sources: [posix.join(copy.sources[0]!, within)], destination: destination + into, at }] : [];
    });
  });
}

/**
 * What a `COPY --from` puts where nw-lint cannot see: all it copies from another image; from a
 * stage, a source no COPY of the stage put there whole (it is the stage's RUNs' or base image's),
 * or one a RUN of the stage named, and the paths below a source a RUN of the stage named. A
 * source that looks like a file (`/hc/requirements.txt`) copied into a directory is unseen by its
 * name there, not the whole directory.
 */
function unseenFromImage(stage: Dockerfile | undefined, paths: readonly string[], destination: string, keepSlash: string, instruction: Omit<UnseenPath, "path">): UnseenPath[] {
  const into = keepSlash !== "" || paths.length > 1;
  return paths.flatMap((path) => {
    const copiedPath = posix.resolve("/", path);
    const landing = into && !path.endsWith("/") && FILE_NAME.test(path) ? posix.join(destination, posix.basename(copiedPath)) : destination;
    const placed = stage?.copies.some((copy) => {
      const landed = posix.relative(posix.resolve("/", copy.destination), copiedPath);
      return landed === "" || isBelow(landed);
    });
    const unseenAbove = stage?.unseen.some((unseen) => unseen.path === copiedPath || isBelow(posix.relative(unseen.path, copiedPath)));
    if (!placed || unseenAbove) return [{ ...instruction, path: landing }];
    return stage!.unseen.flatMap((unseen) => {
      const below = posix.relative(copiedPath, unseen.path);
      return isBelow(below) ? [{ ...instruction, path: posix.join(landing, below) }] : [];
    });
  });
}

/** The files a stage's copy writes from heredocs, that land at `path`: one written as the destination itself is named by it, to land in a directory by that name. */
function writtenAt(copy: DockerCopy, path: string): Pick<DockerCopy, "written"> {
  if (!copy.written) return {};
  const asDestination = copy.sources.length === 0 && copy.written.length === 1 && !copy.destination.endsWith("/");
  return { written: asDestination ? [{ ...copy.written[0]!, name: posix.basename(path) }] : copy.written };
}

/** The file a stage's copy writes from a heredoc into the directory it lands in (`COPY <<wsgi.py /src/`), at `path`. */
function writtenInto(copy: DockerCopy, landed: string, path: string): WrittenFile | undefined {
  const intoDirectory = copy.destination.endsWith("/") || copy.sources.length + (copy.written?.length ?? 0) > 1;
  return intoDirectory ? copy.written?.find((file) => posix.join(landed, file.name) === path) : undefined;
}

/** The file a COPY heredoc writes, named as its marker names it (`<<EOF`, `<<-"wsgi.py"`). */
const writtenFile = (heredoc: Heredoc, by: Site): WrittenFile => ({
  name: heredoc.marker.replace(/^\d*<<-?(["']?)(.*)\1$/, "$2"),
  text: heredoc.text,
  start: heredoc.start,
  by,
  ...(/^\d*<<-/.test(heredoc.marker) ? { stripsTabs: true as const } : {}),
  ...(/["']/.test(heredoc.marker) ? {} : { expands: true as const }),
});

/** An ADD source Docker fetches: a URL, or a Git repository (`git@host:org/app.git`). */
const REMOTE_SOURCE = /^(?:[a-z][a-z\d+.-]*:\/\/|git@)/i;
/** A local tar archive, which ADD unpacks into its destination (Docker tells one by its content; nw-lint, by its name). */
const LOCAL_ARCHIVE = /\.(?:tar|tgz|tbz2?|txz|tzst|tar\.(?:gz|bz2|xz|zst))$/i;

/**
 * Where an ADD puts what it fetches or unpacks: a downloaded file (a URL's that is no Git
 * repository, an archive too) by its name in a destination directory (`dir/`); a Git repository
 * or a local archive's contents at the destination.
 */
function addedAt(source: string, destination: string, keepSlash: string): string {
  // A remote archive is not unpacked: it is a file like any download.
  const [download] = REMOTE_SOURCE.test(source) && !/^git@|\.git(?:#.*)?$/.test(source) ? downloadName(source) : [];
  return keepSlash && download ? posix.join(destination, download) : destination;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** A relative path that stays below where it starts. */
const isBelow = (relative: string) => relative !== "" && relative !== ".." && !relative.startsWith("../") && !posix.isAbsolute(relative);

/** The stage's ENV, which overrides a build argument of the same name. */
const variables = (stage: Dockerfile): Map<string, string> => new Map(stage.env.map((entry) => [entry.name, entry.value]));

/** `ARG NAME=default` (expanded), or `ARG NAME`, which in a stage takes the default given before the first FROM. */
function declareArgs(instruction: Instruction, into: Map<string, string>, global: ReadonlyMap<string, string> | undefined, vars: ReadonlyMap<string, string>): void {
  for (const token of scriptTokens(instruction.args)) {
    const equals = token.text.indexOf("=");
    const name = equals === -1 ? token.text : token.text.slice(0, equals);
    const value = equals === -1 ? global?.get(name) : expand(token.text.slice(equals + 1), vars);
    if (value !== undefined) into.set(name, value);
  }
}

function apply(stage: Dockerfile, instruction: Instruction, vars: ReadonlyMap<string, string>, stageOf: (reference: string) => Dockerfile | undefined, cmdSet: boolean): Dockerfile {
  const { keyword, at } = instruction;
  switch (keyword) {
    case "WORKDIR": {
      const path = dockerWord(instruction.args.trim(), vars);
      return { ...stage, workdir: { value: posix.resolve(stage.workdir?.value ?? "/", path), at } };
    }
    case "ENV":
      return { ...stage, env: [...stage.env, ...envEntries(instruction, vars)] };
    case "COPY":
    case "ADD": {
      // A heredoc source is a file written in the Dockerfile, not one of the build context.
      const inline = instruction.heredocs.length > 0 ? /^\d*<</ : undefined;
      const words = argumentWords(instruction).filter((word) => !inline?.test(word)).map((word) => expand(word, vars));
      const paths = words.filter((word) => !word.startsWith("--"));
      const written = instruction.heredocs.map((heredoc) => writtenFile(heredoc, at));
      // A destination, and something to copy there.
      if (paths.length === 0 || paths.length + written.length < 2) return stage;
      const target = paths[paths.length - 1]!;
      const destination = posix.resolve(stage.workdir?.value ?? "/", target);
      // `.` (the WORKDIR) and `..` name directories that exist, which a file is copied into, as `dir/` is.
      const keepSlash = destination !== "/" && (target.endsWith("/") || /(^|\/)\.\.?$/.test(target)) ? "/" : "";
      const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
      if (from === undefined) {
        // ADD also fetches URLs and unpacks local archives, whose files nw-lint cannot see.
        const [fetched, copied] = keyword === "ADD" ? partition(paths.slice(0, -1), (source) => REMOTE_SOURCE.test(source) || LOCAL_ARCHIVE.test(source)) : [[], paths.slice(0, -1)];
        const unseen = fetched.map((source): UnseenPath => ({ path: addedAt(source, destination, keepSlash), by: "ADD", at }));
        if (copied.length + written.length === 0) return { ...stage, unseen: [...stage.unseen, ...unseen] };
        return { ...stage, copies: [...stage.copies, { sources: copied, destination: destination + keepSlash, at, ...(written.length > 0 ? { written } : {}) }], unseen: [...stage.unseen, ...unseen] };
      }
      // Another image's files are not the build context's; a stage's are, where its own COPYs put them.
      const source = stageOf(from);
      const unseen = unseenFromImage(source, paths.slice(0, -1), destination, keepSlash, { by: `${keyword} --from=${from}`, at });
      return {
        ...stage,
        copies: source ? [...stage.copies, ...copiedFromStage(source, paths.slice(0, -1), destination, keepSlash, at)] : stage.copies,
        unseen: [...stage.unseen, ...unseen],
      };
    }
    case "USER":
      return { ...stage, user: { value: dockerWord(instruction.args.trim(), vars), at } };
    case "EXPOSE":
      return { ...stage, expose: [...stage.expose, ...argumentWords(instruction).map((value) => ({ value: expand(value, vars), at }))] };
    case "ENTRYPOINT":
      // A new ENTRYPOINT resets the CMD the stage inherited from its base, not one the stage set itself, as Docker does.
      return { ...stage, entrypoint: commandOf(instruction), cmd: cmdSet ? stage.cmd : undefined };
    case "CMD":
      return { ...stage, cmd: commandOf(instruction) };
    case "RUN": {
      const distro = stage.python === undefined && stage.from !== undefined ? distroPythonVersion(stage.from) : undefined;
      const installs = pipInstalls(instruction, stage.workdir?.value ?? "/", vars);
      const script = runScript(instruction);
      const named = pathsRunMayFill(instruction, stage.workdir?.value ?? "/", vars);
      return {
        ...stage,
        ...(distro && APT_PYTHON.test(script.text) ? { python: distro } : {}),
        ...(installs.length > 0 ? { pipInstalls: [...stage.pipInstalls, ...installs] } : {}),
        ...(named.length > 0 ? { unseen: [...stage.unseen, ...named.map((path) => ({ path, by: "RUN", at }))] } : {}),
      };
    }
    default:
      return stage;
  }
}

const PIP = /^pip(?:3(?:\.\d+)?)?$/;
const PYTHON = /^python(?:3(?:\.\d+)?)?$/;
/** pip install's options that take a value (`-r FILE`), `-e` and `--editable` among them, whose value is a target. */
const PIP_INSTALL_OPTIONS: readonly OptionInfo[] = [
  option("editable", "-e --editable"),
  // Named by their flags: only `editable`'s value is read.
  ...[
    "-r --requirement", "-c --constraint", "-i --index-url", "--extra-index-url", "-f --find-links", "-t --target", "--prefix", "--root",
    "--trusted-host", "--src", "--upgrade-strategy", "--progress-bar", "--platform", "--python-version", "--implementation", "--abi",
    "--no-binary", "--only-binary", "-C --config-settings", "--global-option", "--log", "--log-file", "--cache-dir", "--timeout",
    "--retries", "--proxy", "--cert", "--client-cert", "--exists-action", "--report", "--python", "--root-user-action",
    "--use-feature", "--use-deprecated",
    // uv pip's own
    "-p", "--index", "--default-index", "--index-strategy", "--keyring-provider", "--resolution", "--prerelease",
  ].map((flags) => option(flags, flags)),
];
/** What pip installs from elsewhere: a version-control URL, a direct reference (`name @ url`), an archive. */
const URL_TARGET = /^(?:git|hg|svn|bzr)\+|\s@\s|\.(?:whl|zip|tar\.gz|tar\.bz2|tgz)$/i;
/** A directory: `.`, `./lib`, `../pkg`, `/srv/app`, `src/app`; not a file such as `/tmp/pip.log`. */
const PATH_TARGET = /^(?:\.{1,2}(?:\/|$)|\/|~)|\//;
const FILE_NAME = /\.[A-Za-z]{2,4}$/;

/** What the RUN's `pip install`s (`pip3`, `python -m pip`, `uv pip`) install from directories and URLs; packages named by name are left out. */
function pipInstalls(instruction: Instruction, workdir: string, vars: ReadonlyMap<string, string>): PipInstall[] {
  const { args, argsStart, at } = instruction;
  const exec = args.trim().startsWith("[") ? jsonStrings(args, argsStart, at.file) : undefined;
  const commands = exec ? [exec] : scriptCommands(runScript(instruction));
  const installs: PipInstall[] = [];
  let directory = workdir;
  for (const words of commands) {
    const cd = cdTarget(words);
    if (cd) directory = posix.resolve(directory, expand(cd.text, vars));
    const texts = words.map((word) => posix.basename(word.text));
    const pip = texts.findIndex((text, index) => PIP.test(text) || (PYTHON.test(text) && texts[index + 1] === "-m" && texts[index + 2] === "pip") || (text === "uv" && texts[index + 1] === "pip"));
    if (pip === -1) continue;
    const subcommand = PIP.test(texts[pip]!) ? pip + 1 : texts[pip] === "uv" ? pip + 2 : pip + 3;
    if (words[subcommand]?.text !== "install") continue;
    // Exact option names only: pip takes a unique prefix too, but without all its flags in the table a prefix could read a flag as an option that takes the next word.
    const { options, positional } = parseArguments(words.slice(subcommand + 1), PIP_INSTALL_OPTIONS, "click");
    const targets = [...options.filter((parsed) => parsed.info.setting === "editable").map((parsed) => ({ text: parsed.value, at: parsed.valueAt })), ...positional];
    for (const target of targets.sort((a, b) => a.at.start - b.at.start)) {
      const written = expand(target.text, vars).replace(/\[[^\]]*\]$/, "");
      if (URL_TARGET.test(written)) installs.push({ target: written, directory: undefined, at: target.at });
      else if (PATH_TARGET.test(written) && !FILE_NAME.test(written)) installs.push({ target: written, directory: posix.resolve(directory, written.replace(/^~/, "/root")), at: target.at });
    }
  }
  return installs;
}

/** A shell redirection that writes the word after it, or the rest of its own word (`>/app/x.py`, `2>>log`). */
const WRITE_REDIRECT = /^(?:\d*|&)>>?\|?(?!&)/;

/**
 * The paths a RUN may put files in that nw-lint cannot see: where its commands that fetch, unpack,
 * copy or install code write (WRITERS: `git clone … /app`, `tar -xf … -C /app`, `cp -r src /app`;
 * pip only at its `--target`, since what it installs from is read: `src/model/installed-packages.ts`),
 * from the RUN's directory, and what a redirection writes. A path another command merely names
 * (`git config --global --add safe.directory /app`, `pytest /app`, `chown -R app /app`) is no module.
 */
function pathsRunMayFill(instruction: Instruction, workdir: string, vars: ReadonlyMap<string, string>): string[] {
  const paths: string[] = [];
  let directory = workdir;
  for (const words of scriptCommands(runScript(instruction))) {
    const cd = cdTarget(words);
    if (cd) directory = posix.resolve(directory, expand(cd.text, vars));
    const texts = words.map((word) => expand(word.text, vars));
    const args: string[] = [];
    for (let index = 1; index < texts.length; index++) {
      const text = texts[index]!;
      const redirect = WRITE_REDIRECT.exec(text)?.[0];
      if (redirect === undefined) {
        args.push(text);
        continue;
      }
      // `2>&1` comes as `2>`, then `&` ends the command: a redirection with no word after it writes no file.
      const target = text.slice(redirect.length) || texts[++index];
      if (target !== undefined) paths.push(posix.resolve(directory, target));
    }
    const program = posix.basename(texts[0] ?? "");
    const module = PYTHON.test(program) && args[0] === "-m" ? args[1] : undefined;
    const pip = PIP.test(program) || module === "pip" || (program === "uv" && args[0] === "pip");
    const written = pip ? pipTargets(args) : (WRITERS.get(program)?.(args) ?? []);
    paths.push(...written.map((path) => posix.resolve(directory, path)));
  }
  return [...new Set(paths)].filter((path) => path !== "/");
}

/** The words of a command that are not options (`cp -r src /app`: src, /app); an option's value is not told apart from them. */
const operands = (args: readonly string[]): string[] => args.filter((arg) => !arg.startsWith("-"));

/** The value of the first of these options: `-C dir`, `-Cdir`, `--directory=dir`. */
function optionValue(args: readonly string[], ...names: string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    for (const name of names) {
      if (arg === name) return args[index + 1];
      if (name.startsWith("--") ? arg.startsWith(`${name}=`) : arg.startsWith(name) && !arg.startsWith("--")) return arg.slice(name.length + (name.startsWith("--") ? 1 : 0));
    }
  }
  return undefined;
}

/** The file a download of this URL is saved as by its name (`curl -O`, `wget`): the last part of its path. */
const downloadName = (url: string | undefined): string[] => {
  const name = url?.replace(/[?#].*$/, "").split("/").at(-1);
  return name ? [name] : [];
};

/**
 * Where `cp`, `mv`, `install`, `ln` put what they copy: into the `-t` directory, else the last
 * operand; files (`cp config.py /app`) by their names there, unless it names a file itself.
 */
function copyDestination(args: readonly string[]): string[] {
  const target = optionValue(args, "-t", "--target-directory");
  const named = operands(args);
  const destination = target ?? (named.length > 1 ? named.at(-1)! : undefined);
  if (destination === undefined) return [];
  const sources = target === undefined ? named.slice(0, -1) : named;
  const intoDirectory = !FILE_NAME.test(destination) || destination.endsWith("/");
  if (!intoDirectory || !sources.every((source) => FILE_NAME.test(source))) return [destination];
  return sources.map((source) => posix.join(destination, posix.basename(source)));
}

/** Options of `git clone` that take the next word as their value (`-b main`, `--depth 1`). */
const CLONE_VALUE_OPTIONS: ReadonlySet<string> = new Set(["-b", "--branch", "-o", "--origin", "-c", "--config", "--depth", "-j", "--jobs", "--filter", "--reference", "--separate-git-dir", "-u", "--upload-pack", "--template", "--shallow-since", "--shallow-exclude"]);

/** Where `git clone` puts the repository: the directory after its URL, else one named like the repository. */
function cloneDestination(args: readonly string[]): string[] {
  const named = args.filter((arg, index) => !arg.startsWith("-") && !CLONE_VALUE_OPTIONS.has(args[index - 1] ?? ""));
  const [subcommand, url, directory] = named;
  if (subcommand !== "clone" || url === undefined) return [];
  return [directory ?? posix.basename(url.replace(/\/+$/, "")).replace(/\.git$/, "")];
}

/** Where `tar` extracts (`-C`, else the RUN's directory); creating an archive adds no module. */
function tarDestination(args: readonly string[]): string[] {
  // `tar xzf`, `tar -xzf`, `tar --strip-components=1 -xf`, `tar --extract`.
  const extracts = /^[A-Za-z]*x[A-Za-z]*$/.test(args[0] ?? "") || args.some((arg) => arg === "--extract" || arg === "--get" || /^-[A-Za-z]*x[A-Za-z]*$/.test(arg));
  return extracts ? [optionValue(args, "-C", "--directory") ?? "."] : [];
}

/**
 * A short option as getopt reads a word of them (`-sSLo FILE`, `-qO-`): true for a flag, the value
 * (the rest of the word, else the next word) for one of the letters in `valued`.
 */
function shortOption(args: readonly string[], letter: string, valued: string): string | true | undefined {
  for (const [index, arg] of args.entries()) {
    if (!/^-[^-]/.test(arg)) continue;
    for (let k = 1; k < arg.length; k++) {
      const takesValue = valued.includes(arg[k]!);
      if (arg[k] === letter) return takesValue ? (k + 1 < arg.length ? arg.slice(k + 1) : args[index + 1]) : true;
      if (takesValue) break;
    }
  }
  return undefined;
}

/** curl's and wget's short options that take a value. */
const CURL_VALUED = "oHdXAeFTwxmbcrEKCYyzUDtQPu";
const WGET_VALUED = "OPoaeiUTtwlAIXDRQ";

/** Where `curl` saves: its `-o` file, or with `-O` the URL's file name. */
function curlDestination(args: readonly string[]): string[] {
  const output = optionValue(args, "--output") ?? shortOption(args, "o", CURL_VALUED);
  if (typeof output === "string") return [output];
  return args.includes("--remote-name") || shortOption(args, "O", CURL_VALUED) === true ? downloadName(operands(args).at(-1)) : [];
}

/** Where `wget` saves: its `-O` file (not `-`, standard output), else the URL's file name, in its `-P` directory. */
function wgetDestination(args: readonly string[]): string[] {
  const output = optionValue(args, "--output-document") ?? shortOption(args, "O", WGET_VALUED);
  if (typeof output === "string") return output === "-" ? [] : [output];
  const prefix = optionValue(args, "--directory-prefix") ?? shortOption(args, "P", WGET_VALUED);
  return downloadName(operands(args).at(-1)).map((name) => (typeof prefix === "string" ? posix.join(prefix, name) : name));
}

/** The commands of a RUN that put code into the image, each with where it writes. */
const WRITERS: ReadonlyMap<string, (args: readonly string[]) => string[]> = new Map([
  ["cp", copyDestination],
  ["mv", copyDestination],
  ["ln", copyDestination],
  ["rsync", copyDestination],
  ["install", (args: readonly string[]) => (args.includes("-d") || args.includes("--directory") ? [] : copyDestination(args))],
  ["git", cloneDestination],
  ["tar", tarDestination],
  ["unzip", (args: readonly string[]) => [optionValue(args, "-d") ?? "."]],
  ["curl", curlDestination],
  ["wget", wgetDestination],
]);

/** Where a pip command installs packages instead of site-packages: its `--target` (`-t`) directory. */
function pipTargets(args: readonly string[]): string[] {
  const target = optionValue(args, "-t", "--target");
  return target ? [target] : [];
}

/** What a RUN's shell runs: its arguments, or the heredoc they consist of (`RUN <<EOF`, `RUN bash -e <<EOF`). */
function runScript(instruction: Instruction): Word {
  const { args, argsStart, at, heredocs } = instruction;
  const [heredoc] = heredocs;
  const rest = heredoc ? args.replace(heredoc.marker, "").replace(/--\S+/g, "").trim() : undefined;
  if (heredoc && (rest === "" || /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|a)?sh(?:\s+-[A-Za-z]+)*$/.test(rest!))) {
    return { text: heredoc.text, at: { file: at.file, start: heredoc.start, end: heredoc.start + heredoc.text.length } };
  }
  return { text: args, at: { file: at.file, start: argsStart, end: argsStart + args.length } };
}

/**
 * The file's instructions as Docker's parser splits them: a line ending in the escape character
 * (`\\`, or the backquote of a `# escape=\`` directive), trailing blanks allowed, continues on the
 * next, and comment and blank lines inside a continued instruction are dropped; a RUN, COPY or ADD
 * with a heredoc (`<<EOF`) is followed by its bodies, which are not instructions.
 */
function instructions(file: SourceFile): Instruction[] {
  const found: Instruction[] = [];
  const text = file.text;
  const continuation = new RegExp(`${escapeCharacter(text) === "`" ? "`" : "\\\\"}[ \\t]*\\r?$`);
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = endOfLine(text, offset);
    const line = text.slice(offset, lineEnd);
    const match = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(line);
    if (!match || line.trimStart().startsWith("#")) {
      offset = lineEnd + 1;
      continue;
    }
    const argsStart = offset + match[0].length;
    const { args, end } = continuedArguments(text, argsStart, lineEnd, continuation);
    const keyword = match[2]!.toUpperCase();
    const heredocs = HEREDOC_INSTRUCTIONS.has(keyword) ? heredocBodies(text, args, end) : [];
    found.push({
      keyword,
      args: args.replace(/\r$/, ""),
      argsStart,
      at: { file, start: offset + match[1]!.length, end: end - (text[end - 1] === "\r" ? 1 : 0) },
      heredocs,
    });
    offset = (heredocs.at(-1)?.after ?? end) + 1;
  }
  return found;
}

/**
 * An instruction's arguments from `argsStart`, over its continuation lines, and where they end. A
 * continuation, and a comment or blank line within, becomes spaces of the same length, so offsets
 * into the arguments stay offsets into the file.
 */
function continuedArguments(text: string, argsStart: number, lineEnd: number, continuation: RegExp): { args: string; end: number } {
  let args = "";
  let lineStart = argsStart;
  let end = lineEnd;
  for (;;) {
    const line = text.slice(lineStart, end);
    const joint = continuation.exec(line);
    if (!joint || end >= text.length) return { args: args + line, end };
    args += line.slice(0, joint.index) + " ".repeat(joint[0].length + 1);
    lineStart = end + 1;
    end = endOfLine(text, lineStart);
    // Docker skips these inside an instruction; the instruction goes on after them.
    while (end < text.length && /^\s*(?:#[^\n]*)?$/.test(text.slice(lineStart, end))) {
      args += " ".repeat(end - lineStart + 1);
      lineStart = end + 1;
      end = endOfLine(text, lineStart);
    }
  }
}

/** The escape character a `# escape=` parser directive sets; directives come before anything else in the file. */
function escapeCharacter(text: string): string {
  for (const line of text.split("\n")) {
    const directive = /^\s*#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.+?)\s*$/.exec(line);
    if (!directive || !["escape", "syntax", "check"].includes(directive[1]!.toLowerCase())) return "\\";
    if (directive[1]!.toLowerCase() === "escape") return directive[2]!;
  }
  return "\\";
}

/** The instructions whose arguments may open heredocs. */
const HEREDOC_INSTRUCTIONS: ReadonlySet<string> = new Set(["RUN", "COPY", "ADD"]);

/** `<<EOF`, `<<-EOF` (tabs before the terminator allowed), `<<"EOF"`, `3<<EOF`: a heredoc's terminator. */
const HEREDOC = /(?:^|\s)\d*<<(-?)(["']?)([^\s<"']+)\2(?=\s|$)/g;

/** Each heredoc the arguments open, in order: its body (the lines after the instruction up to its terminator), and where its terminator line ends. */
function heredocBodies(text: string, args: string, end: number): Heredoc[] {
  const bodies: Heredoc[] = [];
  let lineEnd = end;
  for (const [written, chomp, , name] of args.matchAll(HEREDOC)) {
    const start = lineEnd + 1;
    if (start > text.length) break;
    let lineStart = start;
    for (;;) {
      lineEnd = endOfLine(text, lineStart);
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
      if ((chomp ? line.replace(/^\t+/, "") : line) === name || lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
    }
    bodies.push({ marker: written.trim(), text: text.slice(start, Math.max(start, lineStart - 1)), start, after: lineEnd });
  }
  return bodies;
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  return newline === -1 ? text.length : newline;
}

function commandOf(instruction: Instruction): DockerCommand {
  const { args, argsStart, at } = instruction;
  const file = at.file;
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) {
    const strings = jsonStrings(args, argsStart, file);
    if (strings) return { form: "exec", words: strings, at };
  }
  const scriptStart = argsStart + args.indexOf(trimmed);
  const script: Word = { text: trimmed, at: { file, start: scriptStart, end: scriptStart + trimmed.length } };
  const shell: Site = { file, start: at.start, end: at.start };
  return { form: "shell", words: [{ text: "/bin/sh", at: shell }, { text: "-c", at: shell }, script], at };
}

/** The strings of a JSON array with their sites; undefined when the text is not one (Docker then runs it as a shell form). */
function jsonStrings(args: string, argsStart: number, file: SourceFile): Word[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) return undefined;
  const words: Word[] = [];
  const literal = /"((?:[^"\\]|\\.)*)"/g;
  for (const match of args.matchAll(literal)) {
    const start = argsStart + match.index!;
    words.push({ text: JSON.parse(match[0]) as string, at: { file, start, end: start + match[0].length } });
  }
  return words.length === parsed.length ? words : undefined;
}

function argumentWords(instruction: Instruction): string[] {
  // Flags come before an exec form's array: `COPY --from=builder ["/hc/", "/app/"]`.
  const flags = /^\s*(?:--\S+\s+)*/.exec(instruction.args)![0];
  const array = instruction.args.slice(flags.length);
  const strings = array.trim().startsWith("[") ? jsonStrings(array, instruction.argsStart + flags.length, instruction.at.file) : undefined;
  return strings ? [...scriptTokens(flags).map((token) => token.text), ...strings.map((word) => word.text)] : scriptTokens(instruction.args).map((token) => token.text);
}

/**
 * `ENV NAME value` (one variable) or `ENV A=1 B="two words"`, values expanded from the ENV before
 * them; each at its `NAME=value` (in the first form, from the name to the end).
 */
function envEntries(instruction: Instruction, vars: ReadonlyMap<string, string>): DockerEnv[] {
  const { args, argsStart } = instruction;
  const file = instruction.at.file;
  const at = (start: number, end: number): Site => ({ file, start: argsStart + start, end: argsStart + end });
  // `ENV NAME rest of line`: the rest is one value, which Docker's word processing unquotes as it does in `NAME=value`.
  const legacy = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s+(.*?)\s*$/.exec(args);
  if (legacy && !legacy[2]!.includes("=")) {
    return [{ name: legacy[2]!, value: dockerWord(legacy[3]!, vars), at: at(legacy[1]!.length, legacy[0].trimEnd().length) }];
  }
  return scriptTokens(args).flatMap((token) => {
    const written = args.slice(token.start, token.end);
    const equals = written.indexOf("=");
    return equals > 0 ? [{ name: written.slice(0, equals), value: dockerWord(written.slice(equals + 1), vars), at: at(token.start, token.end) }] : [];
  });
}

/**
 * A WORKDIR, USER or ENV value as Docker's word processing (ProcessWord) reads it: quotes removed,
 * a backslash outside quotes taken as escaping the next character, variables expanded except inside
 * single quotes; spaces are kept.
 */
function dockerWord(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)|[^'"\\]+/g, (part, single?: string, double?: string, escaped?: string) =>
    single ?? escaped ?? (double !== undefined ? expand(double.replace(/\\(["\\])/g, "$1"), vars) : expand(part, vars)));
}

/**
 * Docker's `$VAR`, `${VAR}`, `${VAR:-word}` (word when VAR is unset or empty) and `${VAR:+word}`
 * (word when VAR is set) substitution from earlier ENV and ARG lines (unset variables are empty).
 */
function expand(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_whole, braced?: string, modifier?: string, word?: string, bare?: string) => {
    const value = vars.get(braced ?? bare ?? "") ?? "";
    if (modifier === "-") return value === "" ? expand(word!, vars) : value;
    if (modifier === "+") return value === "" ? "" : expand(word!, vars);
    return value;
  });
}
