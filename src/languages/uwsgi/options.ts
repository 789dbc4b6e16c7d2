// The uWSGI 2.0.21 option table (schemas/uwsgi-options.json, generated from the real binary by
// scripts/gen-uwsgi-options.mjs): what each option is called, its aliases and short flag, whether
// it takes an argument, and how repeated occurrences combine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../engine/package.js";
import { suggestion } from "../../engine/suggest.js";

/** `boolean`: on/off; `value`: the last occurrence wins; `list`: occurrences accumulate; `other`: handled specially (`ini`, `http`, …). */
export type OptionKind = "boolean" | "value" | "list" | "other";
export type ArgumentMode = "none" | "required" | "optional";

export interface UwsgiOptionInfo {
  readonly name: string;
  readonly kind: OptionKind;
  readonly argument: ArgumentMode;
  /** Every name that sets the same thing, this one included, sorted (`module`, `wsgi`). */
  readonly names: readonly string[];
  readonly short: string | undefined;
  /** uWSGI reads its value with atoi or strtoul, which stop at the first character that is not a digit. */
  readonly readsNumber: boolean;
  /** A config-logic option: `open` starts a block (`if-env`, `for-glob`), `close` ends it (`endif`, `endfor`). */
  readonly logic: "open" | "close" | undefined;
}

interface SchemaEntry {
  readonly kind: OptionKind;
  readonly argument: ArgumentMode;
  readonly aliases?: readonly string[];
  readonly short?: string;
  /** The uWSGI function that stores the option's value. */
  readonly handler?: string;
}

/** The handlers that read a number with atoi or strtoul (core/uwsgi.c). */
const NUMBER_HANDLERS: ReadonlySet<string> = new Set(["uwsgi_opt_set_int", "uwsgi_opt_set_rawint", "uwsgi_opt_set_16bit", "uwsgi_opt_set_64bit", "uwsgi_opt_set_megabytes"]);

const UWSGI_OPTIONS_PATH = join(packageRoot, "schemas", "uwsgi-options.json");

/** The options by name, and the plugins whose options they include. */
interface OptionTable {
  readonly options: ReadonlyMap<string, UwsgiOptionInfo>;
  readonly plugins: ReadonlySet<string>;
}

/** The options that end a config-logic block (core/uwsgi.c keeps them as no-ops; the block's option reads up to them). */
const LOGIC_ENDS = new Set(["endif", "end-if", "endfor", "end-for"]);

function logicOf(name: string, entry: SchemaEntry): UwsgiOptionInfo["logic"] {
  return entry.handler === "uwsgi_opt_logic" ? "open" : LOGIC_ENDS.has(name) ? "close" : undefined;
}

let table: OptionTable | undefined;

function optionTable(): OptionTable {
  if (!table) {
    const schema = JSON.parse(readFileSync(UWSGI_OPTIONS_PATH, "utf8")) as { plugins: readonly string[]; options: Record<string, SchemaEntry> };
    table = {
      plugins: new Set(schema.plugins),
      options: new Map(
        Object.entries(schema.options).map(([name, entry]) => [
          name,
          { name, kind: entry.kind, argument: entry.argument, names: [name, ...(entry.aliases ?? [])].sort(), short: entry.short, readsNumber: NUMBER_HANDLERS.has(entry.handler ?? ""), logic: logicOf(name, entry) },
        ]),
      ),
    };
  }
  return table;
}

function options(): ReadonlyMap<string, UwsgiOptionInfo> {
  return optionTable().options;
}

export function uwsgiOption(name: string): UwsgiOptionInfo | undefined {
  return options().get(name);
}

/**
 * The plugins a `plugin`/`need-plugin` value loads whose options the table does not hold (a
 * third-party plugin such as dogstatsd), by name: `python`, `python311` and `gevent` are
 * Debian's python3 and gevent_python3 builds of the plugins it holds; a path or a `_plugin.so`
 * file name is the plugin of that name.
 */
export function untabledPlugins(value: string): string[] {
  const { plugins } = optionTable();
  return value
    .split(/[\s,]+/)
    .map((written) => written.replace(/^.*\//, "").replace(/(?:_plugin)?\.so$/, ""))
    .filter((name) => name !== "" && !/^python\d*$/.test(name) && !plugins.has(name) && !plugins.has(`${name}_python3`));
}

/** Options that name an app for uWSGI to load. */
export const APP_OPTIONS: readonly string[] = ["module", "wsgi-file", "mount", "eval", "paste"];
/** Options that load a config file, which may name the app. */
export const CONFIG_OPTIONS: readonly string[] = ["ini", "yaml", "json", "xml", "include", "inherit"];

/** Whether an option (any of its aliases) names an app. */
export function namesApp(name: string): boolean {
  return uwsgiOption(name)?.names.some((alias) => APP_OPTIONS.includes(alias)) ?? false;
}

/** One key for an option and its aliases (`module` and `wsgi` share it): its names are sorted and shared. */
export function optionKey(option: UwsgiOptionInfo): string {
  return option.names[0]!;
}

/** The option a one-letter flag stands for (`w` → module). */
export function optionByShort(letter: string): UwsgiOptionInfo | undefined {
  for (const option of options().values()) if (option.short === letter) return option;
  return undefined;
}

/** Options whose name starts with `prefix`, as getopt_long matches an abbreviated `--modu`. */
export function optionsByPrefix(prefix: string): UwsgiOptionInfo[] {
  return [...options().values()].filter((option) => option.name.startsWith(prefix));
}

const closestCache = new Map<string, string | undefined>();

/** The closest option name, when it is close enough to be a likely typo (`modlue` → `module`). */
export function closestOption(name: string): string | undefined {
  if (!closestCache.has(name)) closestCache.set(name, suggestion(name, options().keys()));
  return closestCache.get(name);
}

/** uWSGI's boolean reading (`uwsgi_opt_true`): false only for false/off/no (any case) and 0; everything else, even "", is true. */
export function isTrue(value: string): boolean {
  return !/^(false|off|no)$/i.test(value) && value !== "0";
}

/** The number uWSGI reads from a value of a numeric option: its leading digits (`processes = 3  ; two per core` gives 3 workers, checked with uWSGI 2.0.21). */
export function numberRead(option: UwsgiOptionInfo | undefined, value: string): string | undefined {
  return option?.readsNumber ? /^\d+/.exec(value)?.[0] : undefined;
}
