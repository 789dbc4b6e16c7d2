import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { fileLabel } from "../../src/engine/source.js";
import type { PythonVersion } from "../../src/languages/dockerfile/parse.js";
import { syntaxNewerThan } from "../../src/languages/python/newer-syntax.js";
import { servedCode } from "../../src/model/served-code.js";

/** What to do about syntax newer than the image's Python, whichever version brought it. */
const UPGRADE = "write it as Python {{version}} does, or build the image from python:{{since}} or newer";

export default defineRule({
  meta: {
    id: "python/syntax",
    title: "The Python modules the server imports compile",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports the first syntax error (as CPython 3.11 words it) of each Python module importing the app runs: the app module, the packages on its way, and the local modules it imports at its top level. That includes bytes that are not UTF-8 in a name or a string (a Latin-1 `é`): CPython decodes a module as UTF-8 unless its first lines declare another encoding, and it decodes each name and string as it reads it, so only comments may hold such bytes. It includes a NUL byte anywhere, even in a string or a comment: CPython refuses the whole module before reading it, with `ValueError: source code string cannot contain null bytes` (a SyntaxError in the same words from 3.11.4). It includes characters Python does not allow outside strings and comments: the curly quotes a word processor or web page puts around a string pasted from it (`“hello”`), a no-break space. It includes what CPython's compiler refuses before the module runs a line: a `global app` after the function has already assigned or used `app` (a slip made when moving the app to the top level), a `nonlocal` name no enclosing function binds, `return` or `await` outside its function, an assignment to a call (`f() = x`). Syntax newer than the image's Python is reported too: `:=` (3.8), any expression as a decorator (3.9), `match` (3.10), `except*` (3.11), and what only 3.12 parses (`type` aliases, type parameters, f-strings that reuse their quote or hold a backslash in `{}`), when the image's Python is known: an official `python:3.N` base, or a Debian or Ubuntu release base whose python3 a RUN installs with apt (bookworm's is 3.11). Nothing is reported of the code an image runs with Python 2 (an official `python:2` or `python:2.7` base): nw-lint reads Python 3's grammar, which refuses what Python 2 compiles (`print \"loaded\"`, tabs mixed with spaces), and it does not know Python 2's; the other checks of the app's code say nothing of a module Python 3 cannot read either, and `--verbose` notes the app as not checked. A module nested deeper than nw-lint's parser reads (a thousand nested `if … else`, a chain of several thousand terms) is read up to there: no error after that point is reported, and the checks that need the whole module (whether it binds the app) say nothing of it.",
      why: "Python compiles a module before running it: one syntax error anywhere in the module, or in a module it imports, makes the whole import fail with `SyntaxError`, and uWSGI loads no app (`unable to load app 0`); gunicorn's worker fails to boot (`SyntaxError`, exit 3) (SPIN.md, Loading the app; docs/uwsgi-behaviour.md, fixtures `syntax-error`, `syntax-error-in-imported-module`; docs/gunicorn-behaviour.md, fixture `syntax-error`).",
      fix: "Correct the statement; `python -m py_compile FILE` shows the same error.",
      sources: ["SPIN.md § Loading the app (uWSGI)", "docs/uwsgi-behaviour.md (fixtures syntax-error, syntax-error-in-imported-module)", "docs/gunicorn-behaviour.md (fixture syntax-error)"],
      related: ["uwsgi/callable-not-found", "app/import-fails"],
    },
    messages: {
      syntax: "{{exception}}: {{message}}: importing {{module}} fails, so {{server}} cannot load the app",
      undecodable: "{{exception}}: {{message}}: {{module}} is not UTF-8 here, so importing it fails and {{server}} cannot load the app",
      newer: "{{exception}}: {{message}}: this is Python 3.12 syntax, which the image's Python {{version}} ({{image}}) refuses, so {{server}} cannot load the app",
      older: "{{feature}} is Python {{since}} syntax, which the image's Python {{version}} ({{image}}) refuses with a SyntaxError, so importing {{module}} fails and {{server}} cannot load the app",
    },
    hints: {
      undecodable: "save {{module}} as UTF-8, or declare the encoding it is in on its first line: # -*- coding: latin-1 -*-",
      newer: UPGRADE,
      older: UPGRADE,
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const { code, server, object, source } of servedCode(model)) {
      const dockerfile = "uwsgi" in source ? source.uwsgi.dockerfile : source.server.runner.dockerfile;
      const image = dockerfile?.from;
      const python = dockerfile?.python;
      // nw-lint reads Python 3's grammar: a Python 2 module (`print "x"`) is not for it to judge.
      if (python && python.major < 3) continue;
      for (const { module } of code.imported) {
        const [error] = module.syntaxErrors;
        const newer = !error && python ? syntaxNewerThan(module.file, python) : undefined;
        const problem = error ?? newer?.problem;
        if (!problem) continue;
        once.report({
          messageId: error?.undecodable ? "undecodable" : error ? "syntax" : newer?.feature ? "older" : "newer",
          data: {
            exception: problem.exception, message: problem.message, module: fileLabel(module.file), server,
            ...(newer ? { version: versionText(python!), since: versionText(newer.since), feature: newer.feature ?? "", image: image! } : {}),
          },
          at: { file: module.file, start: problem.start, end: problem.end },
          effect: "wont-start",
          object,
        });
      }
    }
    once.flush();
  },
});

function versionText(version: PythonVersion): string {
  return `${version.major}.${version.minor}`;
}
