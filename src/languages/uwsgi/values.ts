// How uWSGI reads the values of the options that load an app: `module = pkg.mod:callable`,
// `mount = /point=app`, `pyargv` words, socket addresses; and the two blemishes uWSGI keeps in a
// value (wrapping quotes, a trailing comment) that the writer did not mean.

export interface ValueBlemishes {
  /** Offset of a trailing `#`/`;` comment (after whitespace); it runs to the end of the value. */
  readonly comment: number | undefined;
  /** Offsets of the opening and closing quote when the value (without its comment) is wrapped in `"…"` or `'…'`. */
  readonly quotes: readonly [number, number] | undefined;
  /** The value without them: what the writer meant, which the other rules judge. */
  readonly clean: string;
}

export function valueBlemishes(key: string, value: string): ValueBlemishes {
  // A shell reads these values: its quotes and `;` are what the writer meant.
  if (runsShellCommand(key, value)) return { comment: undefined, quotes: undefined, clean: value };
  // `env = NAME="value"` passes the quotes on to the variable, as around any other value.
  const assignment = key.replaceAll("_", "-") === "env" ? (/^[^=\s"']+=/.exec(value)?.[0].length ?? 0) : 0;
  // A `#` or `;` inside the quotes that open the value is the writer's text, not a comment.
  const opening = value[assignment];
  const closing = opening === '"' || opening === "'" ? value.indexOf(opening, assignment + 1) : -1;
  const match = /\s[#;]/g;
  match.lastIndex = closing + 1;
  const found = match.exec(value);
  const comment = found ? found.index + 1 : undefined;
  const beforeComment = comment === undefined ? value : value.slice(0, comment).trimEnd();
  const quoted = beforeComment.slice(assignment);
  const quote = quoted[0];
  // One pair of quotes around the whole value; `"-i" "./static"` is two quoted words.
  const wrapped = (quote === '"' || quote === "'") && quoted.length >= 2 && quoted.endsWith(quote) && !quoted.slice(1, -1).includes(quote);
  return {
    comment,
    quotes: wrapped ? [assignment, beforeComment.length - 1] : undefined,
    clean: wrapped ? `${beforeComment.slice(0, assignment)}${quoted.slice(1, -1)}` : beforeComment,
  };
}

/** Options whose value uWSGI runs with /bin/sh: daemons, `exec-*` hooks, crons, and `hook-*` with an `exec:` action. */
function runsShellCommand(key: string, value: string): boolean {
  const option = key.replaceAll("_", "-");
  return SHELL_COMMAND_OPTIONS.test(option) || (option.startsWith("hook-") && /^\s*exec:/.test(value));
}

const SHELL_COMMAND_OPTIONS = /^(?:(?:smart-|legion-)?attach-(?:control-)?daemon2?|exec-[a-z-]+|(?:unique-|legion-)?cron2?)$/;

/** `sys.argv[1:]` from `pyargv`: uWSGI splits at spaces and tabs (strsep), and keeps quotes. */
export function pyargvWords(value: string): string[] {
  return value.split(/[ \t]/).filter(Boolean);
}

/** How a callable name is called: `app` (taken as is), `create_app()` (called), `create_app("x")` (looked up by that literal name). */
export type CallStyle = "none" | "call" | "call-with-arguments";

export interface CallableName {
  /** As written. */
  readonly text: string;
  /** The identifier uWSGI looks up (without a bare trailing `()`). */
  readonly name: string;
  readonly call: CallStyle;
}

export function callableName(text: string): CallableName {
  if (text.endsWith("()")) return { text, name: text.slice(0, -2), call: "call" };
  const open = text.indexOf("(");
  return open > 0 && text.endsWith(")") ? { text, name: text.slice(0, open), call: "call-with-arguments" } : { text, name: text, call: "none" };
}

/** `module = pkg.mod:callable`: the module and, after the first colon, the callable. */
export function splitModuleValue(value: string): { readonly module: string; readonly callable: string | undefined } {
  const colon = value.indexOf(":");
  return colon === -1 ? { module: value, callable: undefined } : { module: value.slice(0, colon), callable: value.slice(colon + 1) };
}

/**
 * How option `key` loads the config file `value` names (undefined: it loads none that nw-lint
 * follows). `ini` reads any name as an ini, after a `:section` suffix; it reads a `.yaml` (`.json`,
 * `.xml`) file as an ini too, finding no [uwsgi] section there: undefined, and the app's model
 * records that none of its options apply.
 * `include` and `inherit` pick the parser by how the name ends (`.ini`, else YAML, JSON or XML) and
 * refuse any other name, one with a `:section` suffix too: uWSGI exits 1 (`unable to load
 * configuration from base.ini:prod`).
 */
export function configLoad(key: string, value: string): "ini" | "other-format" | "refused" | undefined {
  if (key === "ini") return OTHER_FORMAT.test(value) ? undefined : "ini";
  if (key !== "include" && key !== "inherit") return undefined;
  return value.endsWith(".ini") ? "ini" : OTHER_FORMAT.test(value) ? "other-format" : "refused";
}

/** The names uWSGI 2.0.21 (as Debian builds it) reads as YAML, JSON or XML. */
const OTHER_FORMAT = /\.(?:xml|ya?ml|json|js)$/;

/** `file.ini:section` (uWSGI splits at the last colon). */
export function configPath(value: string): { readonly path: string; readonly section: string } {
  const colon = value.lastIndexOf(":");
  return colon === -1 || /^[a-z]+:\/\//.test(value) ? { path: value, section: "" } : { path: value.slice(0, colon), section: value.slice(colon + 1) };
}

/**
 * How uWSGI 2.0.21 takes what a mount names: a file (ending in `.py` or `.wsgi`), PasteDeploy
 * (`config:….ini`), `module:callable`; anything else its python plugin refuses, loading nothing
 * (`mount = /=app` takes no default callable, unlike `module = app`).
 */
export type MountedApp = "file" | "paste" | "module" | "refused";

/** `mount = /point=app`: the mountpoint and the app; undefined without `=` (uWSGI exits 1: `invalid mountpoint`). */
export function splitMountValue(value: string): { readonly mountpoint: string; readonly app: string; readonly loads: MountedApp } | undefined {
  const equals = value.indexOf("=");
  if (equals === -1) return undefined;
  const app = value.slice(equals + 1);
  return { mountpoint: value.slice(0, equals), app, loads: mountedApp(app) };
}

export function mountedApp(app: string): MountedApp {
  if (/\.(py|wsgi)$/.test(app)) return "file";
  if (!app.includes(":")) return "refused";
  return app.endsWith(".ini") ? "paste" : "module";
}

/** The host of a TCP socket address (`127.0.0.1` of `127.0.0.1:8080`, empty for `:8080`). */
export function socketHost(address: string): string {
  return address.slice(0, Math.max(0, address.lastIndexOf(":")));
}

/** The TCP port of a socket address (`:5000`, `0.0.0.0:5000`, `[::]:8080`); undefined for UNIX sockets. */
export function socketPort(address: string): number | undefined {
  const match = /:(\d+)$/.exec(address);
  if (!match || address.startsWith("/") || address.startsWith("@")) return undefined;
  const port = Number(match[1]);
  return port > 0 && port < 65536 ? port : undefined;
}
