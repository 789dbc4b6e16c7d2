import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import type { RelatedSite } from "../../src/engine/types.js";
import type { ArgParser } from "../../src/languages/python/module.js";
import { pythonRepr } from "../../src/languages/python/conversions.js";
import { argumentsUsage } from "../../src/languages/python/argparse-usage.js";
import { pyargvWords } from "../../src/languages/uwsgi/values.js";
import { flagOn, lastSetting, type UwsgiApp } from "../../src/model/uwsgi-apps.js";
import { argvFailure, argvLengthFor, type ModuleArgvRead } from "../../src/model/uwsgi-code.js";
import { appObject, failsToCompile } from "../../src/model/uwsgi-effects.js";
import { objectRef } from "../../src/model/k8s.js";
import { codeFailsToCompile } from "../../src/model/served-code.js";

/** What an argparse exit during the import does under each server (docs/gunicorn-behaviour.md, fixture top-level-argparse). */
const SERVER_OUTCOME: Readonly<Record<string, string>> = {
  gunicorn: "the worker exits, and gunicorn boots another, forever",
  uvicorn: "uvicorn exits",
};

/**
 * What an exception (not SystemExit) during the import, or in the factory called after it, does under
 * each server (docs/gunicorn-behaviour.md; fixtures argv-index-no-pyargv, factory-argv-index).
 */
const LOAD_ERROR_OUTCOME: Readonly<Record<string, string>> = {
  uWSGI: "uWSGI cannot load the app",
  gunicorn: "the worker fails to boot and gunicorn exits 3",
  uvicorn: "uvicorn exits 1",
};

export default defineRule({
  meta: {
    id: "app/argv-mismatch",
    title: "The app's argparse parser accepts the argv the server passes",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "When the app module parses `sys.argv` during its import (an argparse `parse_args()` or `parse_known_args()` that runs at import time, of `sys.argv` or of a slice of it such as `sys.argv[2:]`), or in the factory the server calls after the import (`module = app:create_app()`), simulates CPython 3.11's argparse on the effective `pyargv` (split at spaces and tabs, as uWSGI does; the last one wins, whether from the ini or the container command) and quotes the error argparse would print: a required option missing, an unrecognised argument, an option without its value, an ambiguous prefix. Also reports a `sys.argv[N]` the import, or the factory the server calls, certainly reads (not behind a `len(sys.argv)` test or a short-circuit, not in a `try` that catches IndexError; slices never fail) when that argv has no item N. Under gunicorn and uvicorn `sys.argv` is the server's own command line, which the app's parser then reads.",
      why: "Under uWSGI `sys.argv` is `['uwsgi', *pyargv]`. An argparse error raises SystemExit during the import, which ends uWSGI itself (exit 2), whatever `need-app` says; with `lazy-apps` under a master it ends each worker instead, and the master starts another forever, serving nothing (fixture `argparse-lazy-apps`). The seed's Nightwatch app parses `-i/--indir` at import: its ini and its workload's `--pyargv 'webapp -i ./static -d ./data'` both break it (`unrecognized arguments: webapp`) (SPIN.md, Loading the app: pyargv, run; docs/uwsgi-behaviour.md § 1 and § 5, the argparse fixtures). Reading `sys.argv[1]` with no `pyargv` raises `IndexError: list index out of range`: the import fails, `unable to load app`, exit 22 with `need-app` (docs/uwsgi-behaviour.md § 13, fixtures `argv-index-no-pyargv`, `argv-index-short-pyargv`); read in a factory uWSGI calls, it fails the call the same way (`factory-argv-index`). Under gunicorn the parser sees `gunicorn app:app`: `gunicorn: error: the following arguments are required: --config`, and the worker is booted again forever (docs/gunicorn-behaviour.md, fixture `top-level-argparse`).",
      fix: "Give `pyargv` exactly the options the parser defines (no program name, no quotes), or make the app read its settings without parsing `sys.argv` at import time (environment variables, `parse_known_args()`).",
      sources: ["SPIN.md § Loading the app (uWSGI pyargv, run)", "docs/uwsgi-behaviour.md § 1 (SystemExit) and the argparse fixtures"],
      related: ["uwsgi/quoted-value", "app/import-fails"],
    },
    messages: {
      rejected: "the app parses {{parsed}} when uWSGI {{loading}}, and argparse rejects pyargv = {{argv}}: \"{{error}}\"; {{outcome}}",
      missing: "the app parses {{parsed}} when uWSGI {{loading}}, and no pyargv is set: argparse prints \"{{error}}\" and {{outcome}}",
      serverArgv: "the app parses {{parsed}} when {{server}} {{loading}}, and sys.argv holds {{server}}'s own command line ({{argv}}): argparse prints \"{{error}}\" and {{outcome}}",
      indexRejected: "{{module}} reads {{read}} when uWSGI {{loading}}, and pyargv = {{argv}} makes sys.argv {{list}}: IndexError: list index out of range; {{outcome}}",
      indexMissing: "{{module}} reads {{read}} when uWSGI {{loading}}, and no pyargv is set, so sys.argv is ['uwsgi']: IndexError: list index out of range; {{outcome}}",
      indexServerArgv: "{{module}} reads {{read}} when {{server}} {{loading}}, and sys.argv holds {{server}}'s own command line ({{list}}): IndexError: list index out of range; {{outcome}}",
    },
    hints: {
      rejected: "pass {{skipped}}only the arguments the parser defines: {{usage}}{{programName}}",
      missing: "set pyargv to {{skipped}}the arguments the parser needs: {{usage}}{{programName}}",
      serverArgv: "under {{server}}, read settings from the environment, or parse only under if __name__ == \"__main__\": (the parser wants {{usage}})",
      indexRejected: "uWSGI's sys.argv is ['uwsgi', *pyargv]: give pyargv at least {{needed}}, or check len(sys.argv) first",
      indexMissing: "uWSGI's sys.argv is ['uwsgi', *pyargv]: set pyargv to at least {{needed}}, or check len(sys.argv) first",
      indexServerArgv: "under {{server}}, read settings from the environment, or check len(sys.argv) first",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const app of model.uwsgi.apps) {
      const object = appObject(app);
      const pyargv = lastSetting(app, "pyargv");
      // `pyargv = $(APP_ARGS)`: the words are known only at run time. A command uWSGI rejects ends it before the app loads.
      if (pyargv?.dynamic || (app.command?.problems.length ?? 0) > 0) continue;
      const argv = pyargvWords(pyargv?.clean ?? "");
      for (const entry of app.entries) {
        if (!entry.code || failsToCompile(entry)) continue;
        const failure = argvFailure(entry.code, argv);
        if (!failure) continue;
        const where = { at: pyargv?.at ?? entry.setting.at, effect: "wont-start" as const, object };
        if (failure.kind === "index") {
          const { read, module, sysArgv } = failure;
          once.report({
            ...where,
            messageId: pyargv ? "indexRejected" : "indexMissing",
            data: { read: read.text, module, loading: loading(read.calledAs), argv: pyargv?.clean ?? "", list: pythonRepr(sysArgv), outcome: `${read.calledAs ? `${read.calledAs}() raises` : "the import fails"} and ${LOAD_ERROR_OUTCOME.uWSGI!}`, needed: words(argvLengthFor(read) - 1) },
            related: [readRelated(failure, "uWSGI")],
          });
        } else {
          const { parser, result } = failure;
          once.report({
            ...where,
            messageId: pyargv ? "rejected" : "missing",
            data: { parsed: parsedArgv(parser), ...sliceHint(parser), loading: loading(parser.parseCall.calledAs), argv: pyargv?.clean ?? "", error: lastLine(result.message), outcome: exitOutcome(app, result.status), usage: argumentsUsage(parser) },
            related: related(parser, result.error, "uWSGI"),
          });
        }
      }
    }
    // gunicorn and uvicorn leave sys.argv as their own command line: the app's parser reads the server's options.
    for (const app of model.servers.apps) {
      if (!app.code || codeFailsToCompile(app.code)) continue;
      const argv = app.launch.args.map((word) => word.text);
      const prog = app.launch.viaPythonM ? "__main__.py" : app.server;
      const failure = argvFailure(app.code, argv, prog);
      if (!failure) continue;
      const container = app.runner.container;
      const where = { at: app.reference?.at ?? app.launch.program.at, effect: "wont-start" as const, ...(container ? { object: objectRef(container.workload.object, container) } : {}) };
      if (failure.kind === "index") {
        const outcome = LOAD_ERROR_OUTCOME[app.server];
        if (!outcome || app.launch.viaPythonM) continue;
        const { read, module, sysArgv } = failure;
        once.report({
          ...where,
          messageId: "indexServerArgv",
          data: { read: read.text, module, loading: loading(read.calledAs), server: app.server, list: pythonRepr(sysArgv), outcome },
          related: [readRelated(failure, app.server)],
        });
      } else {
        const { parser, result } = failure;
        once.report({
          ...where,
          messageId: "serverArgv",
          data: { server: app.server, parsed: parsedArgv(parser), loading: loading(parser.parseCall.calledAs), argv: [prog, ...argv].join(" "), error: lastLine(result.message), outcome: SERVER_OUTCOME[app.server] ?? "", usage: argumentsUsage(parser) },
          related: related(parser, result.error, app.server),
        });
      }
    }
    once.flush();
  },
});

/**
 * What argparse's SystemExit does to uWSGI: it exits with its status, unless the master forks the
 * workers before they load the app (lazy-apps), when each worker exits and the master starts
 * another, forever (fixture argparse-lazy-apps).
 */
function exitOutcome(app: UwsgiApp, status: number): string {
  const lazy = flagOn(app, "lazy-apps") || flagOn(app, "lazy");
  return lazy && flagOn(app, "master") ? `each worker exits ${status} as it loads the app, and the master starts another, forever: uWSGI runs and serves nothing` : `uWSGI exits ${status}`;
}

/** What the parse call reads: `sys.argv` (argparse's own `sys.argv[1:]`, or the whole list), or the slice it passes. */
function parsedArgv(parser: ArgParser): string {
  const from = parser.parseCall.argvFrom;
  return from === undefined || from === 0 ? "sys.argv" : `sys.argv[${from}:]`;
}

/** What the hint adds when the call does not parse `sys.argv[1:]`: the words of pyargv it skips, or the program name it also parses. */
function sliceHint(parser: ArgParser): { skipped: string; programName: string } {
  const from = parser.parseCall.argvFrom ?? 1;
  return {
    skipped: from > 1 ? `${from === 2 ? "1 word" : `${from - 1} words`} the app skips, then ` : "",
    programName: from === 0 ? "; the app also parses the program name, sys.argv[0]: call parse_args() with no list" : "",
  };
}

/** The last line of argparse's message: the error itself. */
function lastLine(message: string): string {
  return message.trim().split("\n").at(-1)!;
}

function readRelated({ read, module }: ModuleArgvRead, server: string): RelatedSite {
  return { at: read.site, message: read.calledAs ? `${read.text} is read when ${server} calls ${read.calledAs}()` : `${read.text} is read while ${server} imports ${module}` };
}

function words(count: number): string {
  return count === 1 ? "1 argument" : `${count} arguments`;
}

/** Where the parser is run and the `add_argument` calls the error names. */
function related(parser: ArgParser, error: string, server: string): RelatedSite[] {
  const named = parser.arguments.filter((argument) => argument.action !== "help" && [...argument.flags, argument.flags.length === 0 ? argument.dest : ""].some((name) => name && mentions(error, name)));
  return [
    ...named.map((argument) => ({ at: argument.site, message: `add_argument defines ${argument.flags.join("/") || argument.dest}` })),
    { at: parser.parseCall.site, message: `${parser.parseCall.known ? "parse_known_args" : "parse_args"}() runs ${parser.parseCall.calledAs ? `when ${server} calls ${parser.parseCall.calledAs}()` : `while ${server} imports the module`}` },
  ];
}

/** When sys.argv is read: during the import, or in the factory the server calls after it. */
function loading(calledAs: string | undefined): string {
  return calledAs ? `calls ${calledAs}()` : "imports it";
}

/** Whether argparse's message names the option as a word of its own (`--port`, not `--port-file`). */
function mentions(message: string, name: string): boolean {
  for (let at = message.indexOf(name); at !== -1; at = message.indexOf(name, at + 1)) {
    const before = message[at - 1];
    const after = message[at + name.length];
    if ((before === undefined || /[\s,/]/.test(before)) && (after === undefined || /[\s,/:]/.test(after))) return true;
  }
  return false;
}
