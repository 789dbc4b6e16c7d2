// Command-line parsing with node:util parseArgs; every mistake is a RunError (exit 2). The
// severities, levels, formats and config names here and in HELP come from the one list of each.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { CONFIG_FILE_NAMES } from "../engine/config.js";
import { RunError } from "../engine/errors.js";
import { suggestion } from "../engine/suggest.js";
import { either } from "../engine/text.js";
import { SEVERITIES, SEVERITY_SETTINGS, type FixApplicability, type Severity, type SeverityOrOff } from "../engine/types.js";
import { FORMAT_NAMES } from "../formatters/context.js";

/** `--fail-on`: the severities, most severe first, then never. */
const FAIL_ON_LEVELS = [...[...SEVERITIES].reverse(), "never"] as const;
type FailOn = Severity | "never";

/** The formats each command prints in; the first is the default. */
const FORMATS = {
  lint: FORMAT_NAMES,
  rules: ["stylish", "json"],
  explain: [],
  diagnose: ["stylish", "json"],
  graph: ["mermaid", "dot"],
} as const;
type FormatCommand = keyof typeof FORMATS;
export type FormatOf<Command extends FormatCommand> = (typeof FORMATS)[Command][number];

/** What `--fix`, `--fix-unsafe` and `--fix-dry-run` ask for. */
export interface FixMode {
  /** `unsafe` applies the unsafe fixes too. */
  readonly applicability: FixApplicability;
  /** Print the fixes as a unified diff instead of writing them. */
  readonly dryRun: boolean;
}

export interface CliOptions {
  readonly command: FormatCommand | "help" | "version";
  readonly positionals: readonly string[];
  /** `diagnose --lint PATH`: the deployment files to lint beside the log. */
  readonly lint: readonly string[];
  /** One of the command's FORMATS (read it with formatOf). */
  readonly format: string;
  readonly output: string | undefined;
  readonly config: string | undefined;
  readonly ruleOverrides: ReadonlyMap<string, SeverityOrOff>;
  readonly failOn: FailOn;
  readonly fix: FixMode | undefined;
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** true: --color, false: --no-color, undefined: decide from the environment. */
  readonly color: boolean | undefined;
  readonly stdinFilename: string | undefined;
  readonly debug: boolean;
}

/** The `--format` of a run of `command`, which parseCliOptions checked against that command's formats. */
export function formatOf<Command extends FormatCommand>(options: CliOptions, command: Command): FormatOf<Command> {
  if (options.command !== command) throw new Error(`the ${command} format asked of a ${options.command} run`);
  return options.format as FormatOf<Command>;
}

const OPTIONS = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  config: { type: "string", short: "c" },
  rule: { type: "string", multiple: true },
  lint: { type: "string", multiple: true },
  "fail-on": { type: "string" },
  "max-warnings": { type: "string" },
  fix: { type: "boolean" },
  "fix-unsafe": { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean" },
  "no-color": { type: "boolean" },
  color: { type: "boolean" },
  "stdin-filename": { type: "string" },
  debug: { type: "boolean" },
  version: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

const SUBCOMMANDS = ["rules", "explain", "diagnose", "graph"] as const;

export function parseCliOptions(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: withShortEquals(withNoWarningLimit(argv)), options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new RunError(describeParseError(error as Error));
  }
  const { values, positionals, tokens } = parsed;
  // An empty value is most often an unset variable (`--config "$CFG"`): said, not taken for "none".
  for (const name of ["output", "config", "stdin-filename"] as const) {
    if (values[name] === "") throw new RunError(`--${name} needs a value, not an empty string`);
  }
  if (positionals.includes("")) throw new RunError(`${positionals[0] === "explain" ? "a rule id" : "a path"} is an empty string (an unset variable?)`);
  if (values["stdin-filename"] !== undefined && !positionals.includes("-")) throw new RunError("--stdin-filename names stdin, which is read only when - is among the paths");
  const [first, ...rest] = positionals;
  // After `--` every word is a path: `nw-lint -- rules` lints the directory rules.
  const terminator = tokens.find((token) => token.kind === "option-terminator");
  const firstIsPath = terminator !== undefined && tokens.findIndex((token) => token.kind === "positional") > tokens.indexOf(terminator);
  const command = values.help ? "help" : values.version ? "version" : (!firstIsPath && SUBCOMMANDS.find((name) => name === first)) || "lint";
  if (values.lint && command !== "diagnose") throw new RunError("--lint belongs to diagnose: nw-lint diagnose LOG --lint PATH");
  refuseOptionsOf(command, values);
  if (command === "lint" && first !== undefined && !existsSync(first)) refuseMistypedCommand(first);
  return {
    command,
    positionals: command === "lint" ? (positionals.length > 0 ? positionals : ["."]) : command === "graph" && rest.length === 0 ? ["."] : rest,
    lint: values.lint ?? [],
    format: command === "help" || command === "version" ? "" : formatFor(command, values.format),
    // `-` is stdout, as it is stdin among the paths.
    output: values.output === "-" ? undefined : values.output,
    config: values.config,
    ruleOverrides: new Map((values.rule ?? []).map(parseRuleOverride)),
    failOn: oneOf("--fail-on", values["fail-on"] ?? FAIL_ON_LEVELS[0], FAIL_ON_LEVELS),
    fix: values.fix || values["fix-unsafe"] || values["fix-dry-run"]
      ? { applicability: values["fix-unsafe"] ? "unsafe" : "safe", dryRun: values["fix-dry-run"] ?? false }
      : undefined,
    // -1 is ESLint's "no limit", which scripts carried over from it pass.
    maxWarnings: values["max-warnings"] === undefined || values["max-warnings"] === "-1" ? undefined : warningLimit(values["max-warnings"]),
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    color: values["no-color"] ? false : values.color ? true : undefined,
    stdinFilename: values["stdin-filename"],
    debug: values.debug ?? false,
  };
}

/** The options only a lint run takes, and those only the commands that lint something take: another command would ignore them in silence. */
const LINT_ONLY = ["fix", "fix-unsafe", "fix-dry-run", "max-warnings", "fail-on"] as const;
const LINTING = ["config", "rule", "stdin-filename"] as const;

function refuseOptionsOf(command: CliOptions["command"], values: Readonly<Record<string, unknown>>): void {
  if (command === "lint" || command === "help" || command === "version") return;
  const lints = command === "graph" || command === "diagnose";
  const refused = [...LINT_ONLY, ...(lints ? [] : LINTING)].find((name) => values[name] !== undefined);
  if (refused) throw new RunError(`${command} takes no --${refused}`);
}

/** `nw-lint help` or `nw-lint rule` names no file: the command meant is the likelier mistake. */
function refuseMistypedCommand(path: string): void {
  const meant = path === "help" || path === "version" ? `--${path}` : suggestion(path, SUBCOMMANDS);
  if (meant) throw new RunError(`no such file or directory: ${path} (did you mean nw-lint ${meant}?)`);
}

/** ESLint's and ruff's names for nw-lint's options, too far from them for a spelling suggestion. */
const OTHER_LINTERS_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ["--output-file", "--output"],
  ["--output-format", "--format"],
]);

function describeParseError(error: Error): string {
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(error.message)?.[1];
  if (ambiguous) return `${ambiguous} needs a value; one that starts with "-" is written ${longName(ambiguous)}=VALUE`;
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(error.message)?.[1];
  if (missing) return `${missing} needs a value (see nw-lint --help)`;
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (!unknown) return error.message.split(/\.\s/)[0]!.replace(/\.$/, "");
  const meant = OTHER_LINTERS_SPELLINGS.get(unknown) ?? suggestion(unknown, Object.keys(OPTIONS).map((name) => `--${name}`));
  return `unknown option ${unknown} (${meant ? `did you mean ${meant}? ` : ""}see nw-lint --help)`;
}

/** `--output` for `-o`; a long name as it is. */
function longName(flag: string): string {
  const long = Object.entries(OPTIONS).find(([, option]) => "short" in option && `-${option.short}` === flag)?.[0];
  return long ? `--${long}` : flag;
}

function formatFor(command: FormatCommand, given: string | undefined): string {
  const formats: readonly string[] = FORMATS[command];
  if (given === undefined) return formats[0] ?? "";
  if (formats.length === 0) throw new RunError(`${command} takes no --format`);
  const flag = command === "lint" ? "--format" : `${command} --format`;
  return oneOf(flag, given, formats);
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RunError(`${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
}

/** `--max-warnings -1` (ESLint's "no limit") or another negative number, which parseArgs would take for an option: given to the flag, to be judged as its value. */
function withNoWarningLimit(argv: readonly string[]): string[] {
  const args = [...argv];
  const index = args.findIndex((arg, at) => arg === "--max-warnings" && /^-\d/.test(args[at + 1] ?? ""));
  if (index >= 0) args.splice(index, 2, `--max-warnings=${args[index + 1]}`);
  return args;
}

/** `-o=report.json`, which parseArgs reads as the value `=report.json`: the value after `=`, as `--output=report.json` gives it (clap reads it so too). */
function withShortEquals(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((arg, index) => {
    const match = end >= 0 && index > end ? null : /^(-[a-zA-Z])=/.exec(arg);
    const long = match && longName(match[1]!);
    return long && long !== match[1] ? `${long}${arg.slice(2)}` : arg;
  });
}

function warningLimit(value: string): number {
  if (!/^\d+$/.test(value)) throw new RunError(`--max-warnings takes a whole number, or -1 for no limit, not "${value}"`);
  return Number(value);
}

function parseRuleOverride(value: string): [string, SeverityOrOff] {
  const match = /^([^=]+)=(.*)$/.exec(value);
  if (!match) throw new RunError(`--rule takes ID=${SEVERITY_SETTINGS.join("|")}, not "${value}"`);
  return [match[1]!.trim(), oneOf(`--rule ${match[1]}`, match[2]!.trim(), SEVERITY_SETTINGS)];
}

/** `stylish (default), json or sarif` for a command's formats. */
function formatList(command: FormatCommand): string {
  return either(FORMATS[command].map((format, index) => (index === 0 ? `${format} (default)` : format)));
}

export const HELP = `Usage: nw-lint [options] [PATH ...]
       nw-lint rules [--format ${FORMATS.rules.join("|")}]
       nw-lint explain RULE
       nw-lint diagnose [FILE|-] [--lint PATH] [--format ${FORMATS.diagnose.join("|")}]
       nw-lint graph [PATH ...] [--format ${FORMATS.graph.join("|")}]

Lint NERSC Spin deployments: Kubernetes manifests, uWSGI app.ini files and the Python
modules they load. PATH is a file or directory (default "."); "-" reads stdin, as YAML unless
--stdin-filename names another kind of file (fixes to stdin are only shown, with --fix-dry-run).

"diagnose" reads a pod, uWSGI or gunicorn log (FILE, or stdin: kubectl logs POD | nw-lint
diagnose) and names each known symptom's likely causes and the rules that catch them; --lint
PATH also lints PATH and shows which of those rules fire there. It exits 1 on a known symptom.

"graph" lints PATH (default ".") and draws how its files connect: Ingress (hosts) -> Service
(ports) -> workload -> container (containerPorts) -> uWSGI ini (sockets) -> Python module
(callable), and each container's volumes (mount path, read-only or not). Each node names its
file:line; broken links are red and dashed, with the ids of the rules that report them. Mermaid
(default; GitHub renders it in a mermaid code block) or DOT (render with dot -Tsvg). It
exits 0 once the graph is drawn.

Options:
  -f, --format FORMAT      ${formatList("lint")}; graph: ${formatList("graph")}
  -o, --output FILE        write the report to FILE instead of stdout (- is stdout)
  -c, --config FILE        use this config instead of the one found from here upwards
                           (${either(CONFIG_FILE_NAMES)})
      --rule ID=SEVERITY   override a rule: ${either(SEVERITY_SETTINGS)} (repeatable)
      --lint PATH          diagnose: also lint PATH and show which rules fire (repeatable)
      --fail-on LEVEL      exit 1 on diagnostics at or above: ${FAIL_ON_LEVELS.map((level, index) => (index === 0 ? `${level} (default)` : level)).join(", ")}
      --max-warnings N     exit 1 when there are more than N warnings (-1: no limit)
      --fix                apply the safe fixes in place, then report what is left
      --fix-unsafe         apply the unsafe fixes too (implies --fix)
      --fix-dry-run        print the fixes as a unified diff (patch -p0 applies it) and write
                           nothing; the report goes to stderr. Add --fix-unsafe for every fix
  -q, --quiet              show errors only; the warnings and infos it hides still count for
                           --fail-on and --max-warnings, and a run they fail says so on stderr
      --verbose            say which files were read as what, and what was skipped
      --stdin-filename NAME  the name to report for "-", which also says what it is (app.py, app.ini)
      --color, --no-color  force colours on or off (default: on a terminal, unless NO_COLOR is set;
                           FORCE_COLOR=1 forces them)
      --debug              print the stack trace of a run error
  -v, --version            print the version
  -h, --help               print this help

Exit codes: 0 clean, 1 diagnostics at or above --fail-on (or too many warnings; for diagnose, a
known symptom), 2 the run failed (or --fix could not write a file back).
`;
