import { reportingOnce, defineRule } from "../../src/engine/rule.js";
import { servedCode } from "../../src/model/served-code.js";

export default defineRule({
  meta: {
    id: "python/syntax",
    title: "The Python modules the server imports compile",
    severity: "error",
    relatesFiles: true,
    docs: {
      what: "Reports the first syntax error (as CPython 3.11 words it) of each Python module importing the app runs: the app module, the packages on its way, and the local modules it imports at its top level. That includes bytes that are not UTF-8 in a name or a string (a Latin-1 `é`): CPython decodes a module as UTF-8 unless its first lines declare another encoding, and it decodes each name and string as it reads it, so only comments may hold such bytes.",
      why: "Python compiles a module before running it: one syntax error anywhere in the module, or in a module it imports, makes the whole import fail with `SyntaxError`, and uWSGI loads no app (`unable to load app 0`); gunicorn's worker fails to boot (`SyntaxError`, exit 3) (SPIN.md, Loading the app; docs/uwsgi-behaviour.md, fixtures `syntax-error`, `syntax-error-in-imported-module`; docs/gunicorn-behaviour.md, fixture `syntax-error`).",
      fix: "Correct the statement; `python -m py_compile FILE` shows the same error.",
      sources: ["SPIN.md § Loading the app (uWSGI)", "docs/uwsgi-behaviour.md (fixtures syntax-error, syntax-error-in-imported-module)", "docs/gunicorn-behaviour.md (fixture syntax-error)"],
      related: ["uwsgi/callable-not-found", "app/import-fails"],
    },
    messages: {
      syntax: "SyntaxError: {{message}}: importing {{module}} fails, so {{server}} cannot load the app",
      undecodable: "SyntaxError: {{message}}: {{module}} is not UTF-8 here, so importing it fails and {{server}} cannot load the app",
    },
    hints: {
      undecodable: "save {{module}} as UTF-8, or declare the encoding it is in on its first line: # -*- coding: latin-1 -*-",
    },
  },
  check(model, context) {
    const once = reportingOnce(context);
    for (const { code, server, object } of servedCode(model)) {
      for (const { module } of code.imported) {
        const [error] = module.syntaxErrors;
        if (!error) continue;
        once.report({
          messageId: error.undecodable ? "undecodable" : "syntax",
          data: { message: error.message, module: module.file.path, server },
          at: { file: module.file, start: error.start, end: error.end },
          effect: "wont-start",
          ...(object ? { object } : {}),
        });
      }
    }
    once.flush();
  },
});
