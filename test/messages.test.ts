import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMessage, MAX_QUOTED_LENGTH } from "../src/engine/rule.js";
import type { Diagnostic } from "../src/engine/types.js";
import { lintDirectory, runCli, temporaryTree, webDeployment } from "./helpers.js";

const FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n";

/** The diagnostics of `ruleId` on a directory of these files. */
function reported(ruleId: string, files: Readonly<Record<string, string>>): Diagnostic[] {
  return lintDirectory(temporaryTree(files, "nw-lint-messages-")).diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

describe("formatMessage", () => {
  it("fills placeholders from the finding's data and leaves unknown ones as written", () => {
    expect(formatMessage("callable {{ name }} is not in {{module}}; {{other}}", { name: "app", module: "wsgi" })).toBe(
      "callable app is not in wsgi; {{other}}",
    );
  });

  it("cuts a value longer than the limit", () => {
    const long = "--data ".repeat(80_000);
    const message = formatMessage("pyargv '{{value}}' is refused", { value: long });
    expect(message).toBe(`pyargv '${long.slice(0, MAX_QUOTED_LENGTH - 1)}…' is refused`);
  });

  it("keeps a value exactly at the limit whole and never splits a surrogate pair", () => {
    const atLimit = "x".repeat(MAX_QUOTED_LENGTH);
    expect(formatMessage("{{v}}", { v: atLimit })).toBe(atLimit);
    const emoji = `${"x".repeat(MAX_QUOTED_LENGTH - 2)}😀😀`;
    expect(formatMessage("{{v}}", { v: emoji })).toBe(`${"x".repeat(MAX_QUOTED_LENGTH - 2)}…`);
  });
});

it("quotes a 300 KB pyargv cut short in the argv-mismatch message, where the finding still points at all of it", () => {
  const pyargv = `--unknown ${"x".repeat(300_000)}`;
  const [mismatch] = reported("app/argv-mismatch", {
    "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = ${pyargv}\n`,
    "app.py": `import argparse\nargs = argparse.ArgumentParser().parse_args()\n${FLASK_APP}`,
  });
  expect(mismatch?.message).toContain(`pyargv = ${pyargv.slice(0, MAX_QUOTED_LENGTH - 1)}…`);
  expect(mismatch!.message.length).toBeLessThan(3 * MAX_QUOTED_LENGTH);
  expect([mismatch!.line, mismatch!.endColumn - mismatch!.column]).toEqual([4, pyargv.length]);
});

it("uwsgi/quoted-value shows a quoted path with its quotes, and a quoted number as the 0 uWSGI's atoi() reads", () => {
  const found = reported("uwsgi/quoted-value", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nprocesses = \"2\"\nchdir = \"/srv\"\n", "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.message])).toEqual([
    [4, "the value of processes is wrapped in quotes, and uWSGI keeps them: it reads \"2\" as the number 0"],
    [5, "the value of chdir is wrapped in quotes, and uWSGI keeps them: it looks for the path '\"/srv\"', quotes included"],
  ]);
});

it("uwsgi/quoted-value does not blame quotes for a sys.argv[N] past the end, which they cannot cause (they only add words): app/argv-mismatch reports it", () => {
  const files = (read: string) => ({ "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = "data"\n`, "app.py": `import sys\nDATA = ${read}\n${FLASK_APP}` });
  const effects = (ruleId: string, read: string) => reported(ruleId, files(read)).map((diagnostic) => [diagnostic.line, diagnostic.effect]);
  expect(effects("uwsgi/quoted-value", "sys.argv[2]")).toEqual([[4, "misbehaves"]]);
  expect(effects("app/argv-mismatch", "sys.argv[2]")).toEqual([[4, "wont-start"]]);
  expect(effects("uwsgi/quoted-value", "sys.argv[1]")).toEqual([[4, "misbehaves"]]);
  expect(effects("app/argv-mismatch", "sys.argv[1]")).toEqual([]);
});

it("app/argv-mismatch names the failure that runs first: an IndexError during the import, before the factory's parser", () => {
  const [mismatch, ...more] = reported("app/argv-mismatch", {
    "app.ini": "[uwsgi]\nmodule = app:create_app()\nneed-app = true\n",
    "app.py": "import argparse\nimport sys\n\nfrom flask import Flask\n\nDATA = sys.argv[1]\n\n\ndef create_app():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--config', required=True)\n    parser.parse_args()\n    return Flask(__name__)\n",
  });
  expect(more).toEqual([]);
  expect(mismatch?.message).toContain("reads sys.argv[1] when uWSGI imports it");
});

it("app/argv-mismatch names the arguments as CPython's usage line does: exclusive groups, choices, options before positionals", () => {
  const parser = [
    "import argparse",
    "parser = argparse.ArgumentParser()",
    "parser.add_argument(\"stage\", choices=[\"build\", \"serve\"])",
    "required = parser.add_mutually_exclusive_group(required=True)",
    "required.add_argument(\"--dev\", action=\"store_true\")",
    "required.add_argument(\"--prod\", action=\"store_true\")",
    "optional = parser.add_mutually_exclusive_group()",
    "optional.add_argument(\"--json\", action=\"store_true\")",
    "optional.add_argument(\"--format\", choices=[\"a\", \"b\", \"c\"])",
    "parser.add_argument(\"--mode\", choices=[\"a\", \"b\"], default=\"a\")",
    "args = parser.parse_args()",
  ].join("\n");
  const [missing] = reported("app/argv-mismatch", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n", "app.py": `${parser}\n${FLASK_APP}` });
  // python3.11: usage: uwsgi [-h] (--dev | --prod) [--json | --format {a,b,c}] [--mode {a,b}] {build,serve}
  expect(missing?.hint).toBe("set pyargv to the arguments the parser needs: (--dev | --prod) [--json | --format {a,b,c}] [--mode {a,b}] {build,serve}");
});

it("app/argv-mismatch says which part of sys.argv the app parses, and what of pyargv it skips (fixtures argparse-argv-slice, argparse-whole-argv)", () => {
  const parsing = (list: string, pyargv: string) =>
    reported("app/argv-mismatch", {
      "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = ${pyargv}\n`,
      "app.py": `import argparse\nimport sys\nparser = argparse.ArgumentParser()\nparser.add_argument("-i", required=True)\nOPTIONS = ${list}\nargs = parser.parse_args(OPTIONS)\n${FLASK_APP}`,
    }).map((diagnostic) => [diagnostic.line, diagnostic.message, diagnostic.hint]);
  expect(parsing("sys.argv[2:]", "-i ./static")).toEqual([
    [4, 'the app parses sys.argv[2:] when uWSGI imports it, and argparse rejects pyargv = -i ./static: "uwsgi: error: the following arguments are required: -i"; uWSGI exits 2', "pass 1 word the app skips, then only the arguments the parser defines: -i I"],
  ]);
  expect(parsing("sys.argv[2:]", "webapp -i ./static")).toEqual([]);
  expect(parsing("sys.argv[1:]", "-i ./static")).toEqual([]);
  expect(parsing("sys.argv", "-i ./static")).toEqual([
    [4, 'the app parses sys.argv when uWSGI imports it, and argparse rejects pyargv = -i ./static: "uwsgi: error: unrecognized arguments: uwsgi"; uWSGI exits 2', "pass only the arguments the parser defines: -i I; the app also parses the program name, sys.argv[0]: call parse_args() with no list"],
  ]);
  // A slice with an end, or from the end, is a list nw-lint does not follow.
  expect(parsing("sys.argv[2:3]", "-i ./static")).toEqual([]);
  expect(parsing("sys.argv[-1:]", "-i ./static")).toEqual([]);
});

it("spin/ingress-host corrects a misspelt cluster label, and offers each cluster for one that is no slip (staging)", () => {
  const ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: lab}\nspec:\n  rules:\n    - host: web.lab.staging.svc.spin.nersc.org\n    - host: web.lab.prodution.svc.spin.nersc.org\n    - host: api.lab.production.svc.spin.nersc.org\n    - host: web.lab.dev.svc.spin.nersc.org\n";
  expect(reported("spin/ingress-host", { "ingress.yaml": ingress }).map((d) => [d.line, d.hint])).toEqual([
    [6, "use web.lab.development.svc.spin.nersc.org or web.lab.production.svc.spin.nersc.org, or list staging in spin.clusters in the config"],
    [7, "use web.lab.production.svc.spin.nersc.org"],
    [8, "use web.lab.production.svc.spin.nersc.org"],
    [9, "use web.lab.development.svc.spin.nersc.org"],
  ]);
});

it("k8s/schema says what networking.k8s.io/v1 writes for an Ingress backend's v1beta1 fields (gravitationalwavedc/meertime_dataportal)", () => {
  const ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: lab}\nspec:\n  backend: {service: {name: web, port: {number: 80}}}\n  rules:\n    - host: web.lab.production.svc.spin.nersc.org\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              serviceName: web\n              servicePort: 80\n";
  expect(reported("k8s/schema", { "ingress.yaml": ingress }).map((d) => [d.line, d.hint])).toEqual([
    [5, "networking.k8s.io/v1 calls it defaultBackend; backend is networking.k8s.io/v1beta1's, removed in Kubernetes 1.22"],
    [13, "networking.k8s.io/v1 names the Service as service: {name: NAME, port: {number: PORT}} (or port: {name: PORT-NAME}); serviceName and servicePort are networking.k8s.io/v1beta1's, removed in Kubernetes 1.22"],
    [14, "networking.k8s.io/v1 names the Service as service: {name: NAME, port: {number: PORT}} (or port: {name: PORT-NAME}); serviceName and servicePort are networking.k8s.io/v1beta1's, removed in Kubernetes 1.22"],
  ]);
});

it("k8s/schema says a Service's selector is a plain label map when a workload's matchLabels was copied into it, with the labels to write", () => {
  const service = "apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: lab}\nspec:\n  selector:\n    matchLabels: {app: db, tier: \"1\"}\n  ports: [{port: 5432}]\n";
  expect(reported("k8s/schema", { "service.yaml": service }).map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
    [6, 5, "a Service's selector is a plain map of labels: matchLabels belongs to a workload's label selector", "write the labels directly under selector (selector: {app: db, tier: \"1\"}); the API server refuses the object as it is"],
  ]);
});

it("uwsgi/callable-not-found says an import of a name its module does not bind fails, and writes the import that takes the app", () => {
  const found = (web: string) =>
    reported("uwsgi/callable-not-found", { "app.ini": "[uwsgi]\nmodule = wsgi:app\nneed-app = true\n", "wsgi.py": "from web import app\n", "web.py": web }).map((d) => [d.line, d.message, d.hint]);
  expect(found(FLASK_APP.replace("app =", "application ="))).toEqual([
    [2, "wsgi.py imports app from web.py, which binds no app at its top level: the import fails (ImportError: cannot import name 'app')", "web.py binds its app to application: write from web import application as app"],
  ]);
  expect(found("from flask import Flask\ndef make():\n    app = Flask(__name__)\n    return app\n")).toEqual([
    [2, "wsgi.py imports app from web.py, which binds no app at its top level: the import fails (ImportError: cannot import name 'app')", "bind app at the top level of web.py, or import the name it binds the app to"],
  ]);
  // Bound in ways nw-lint does not follow, or a submodule of a package: no finding.
  // Through a package that re-exports from a module that lacks the name: the failing import is the package's.
  const reexported = reported("uwsgi/callable-not-found", { "app.ini": "[uwsgi]\nmodule = web:app\nneed-app = true\n", "web/__init__.py": "from .views import app\n", "web/views.py": FLASK_APP.replace("app =", "application =") });
  expect(reexported.map((d) => d.message)).toEqual(["web/__init__.py imports app from views.py, which binds no app at its top level: the import fails (ImportError: cannot import name 'app')"]);
  expect(found("from flask import Flask\nglobals()['app'] = Flask(__name__)\n")).toEqual([]);
  expect(found("from flask import Flask\ndef __getattr__(name):\n    return Flask(__name__)\n")).toEqual([]);
});

it("uwsgi/callable-not-found says an empty callable is looked up as is, with no fallback to application, and names the app to write", () => {
  const found = (ini: string, app = FLASK_APP) =>
    reported("uwsgi/callable-not-found", { "app.ini": `[uwsgi]\n${ini}\nneed-app = true\n`, "app.py": app }).map((d) => [d.line, d.message, d.hint]);
  const noFallback = "uWSGI looks up an object with an empty name in app.py, finds none, and does not fall back to its default, application";
  expect(found("module = app:")).toEqual([[2, `module = app: leaves the callable after the colon empty: ${noFallback}`, "write module = app:app"]]);
  expect(found("module = app\ncallable =")).toEqual([[3, `callable = sets an empty callable: ${noFallback}`, "write callable = app"]]);
  expect(found("module = app:", FLASK_APP.replace("app =", "application ="))).toEqual([[2, `module = app: leaves the callable after the colon empty: ${noFallback}`, "write module = app:application"]]);
  const application = "def application(environ, start_response):\n    start_response('200 OK', [])\n    return [b'ok']\n";
  expect(found("module = app:", application)).toEqual([[2, `module = app: leaves the callable after the colon empty: ${noFallback}`, "drop the colon (module = app): uWSGI then looks up application, which app.py binds"]]);
  expect(found("wsgi-file = app.py\ncallable =", application)).toEqual([
    [3, `callable = sets an empty callable: ${noFallback} (its log still says \`unable to find "application" callable in file app.py\`)`, "remove the empty callable: uWSGI then looks up application, which app.py binds"],
  ]);
  expect(found("module = app:", "def make():\n    pass\n")).toEqual([
    [2, `module = app: leaves the callable after the colon empty: ${noFallback}`, "name the app object after the colon (module = app:<name>), or drop the colon for uWSGI's default, application"],
  ]);
});

it("uwsgi/callable-not-found reports a mount of a bare module, which uWSGI 2.0.21 refuses, however the mount is given", () => {
  const wayback = FLASK_APP + "application = app\n";
  const refused = "names neither module:callable nor a .py or .wsgi file: a mount takes no default callable, so uWSGI logs `mounting wayback on /` and loads nothing from it";
  const inIni = (ini: string) =>
    reported("uwsgi/callable-not-found", { "app.ini": `[uwsgi]\n${ini}\nneed-app = true\n`, "wayback.py": wayback, "app.py": FLASK_APP }).map((d) => [d.line, d.message, d.hint, d.effect]);
  expect(inIni("mount = /=wayback")).toEqual([[2, `mount = /=wayback ${refused}`, "write mount = /=wayback:application, or module = wayback", "wont-start"]]);
  expect(inIni("mount = /=wayback\ncallable = app")).toEqual([[2, `mount = /=wayback ${refused}`, "write mount = /=wayback:app, or module = wayback", "wont-start"]]);
  expect(inIni("module = app:app\nmount = /old=wayback")).toEqual([
    [3, "mount = /old=wayback names neither module:callable nor a .py or .wsgi file: a mount takes no default callable, so uWSGI logs `mounting wayback on /old` and loads nothing from it", "write mount = /old=wayback:application", "misbehaves"],
  ]);
  expect(inIni("mount = /=web/app")[0]?.[2]).toBe("name a module with its callable (<module>:<callable>), or a file ending in .py or .wsgi");
  const container = (lines: string) =>
    reported("uwsgi/callable-not-found", { "k8s/web.yaml": webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/demo/web:1.0\n${lines}`) }).map((d) => [d.message, d.hint]);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app", "--mount", "/=wayback"]\n`)).toEqual([
    [`--mount /=wayback ${refused}`, "write --mount /=wayback:application, or --module wayback"],
  ]);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app"]\n          env: [{name: UWSGI_MOUNT, value: "/=wayback"}]\n`)).toEqual([
    [`UWSGI_MOUNT=/=wayback ${refused}`, "write UWSGI_MOUNT=/=wayback:application, or UWSGI_MODULE=wayback"],
  ]);
});

/** The hints `rule` gives for the web Deployment's container with these lines, its image holding the Flask app wsgi.py in /app. */
const wsgiContainerHints = (rule: string, lines: string) =>
  reported(rule, {
    "k8s/web.yaml": webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/demo/web:1.0\n          workingDir: /app\n${lines}`),
    "Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY wsgi.py /app/\n",
    "wsgi.py": FLASK_APP,
  }).map((d) => d.hint);

it("uwsgi/callable-not-found names, for a mount of a bare module, the app the module binds, which uWSGI 2.0.21 then serves", () => {
  const refused = "names neither module:callable nor a .py or .wsgi file: a mount takes no default callable, so uWSGI logs `mounting wsgi on /` and loads nothing from it";
  const factory = "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n";
  const hints = (ini: string, wsgi = FLASK_APP) =>
    reported("uwsgi/callable-not-found", { "app.ini": `[uwsgi]\n${ini}\nneed-app = true\n`, "wsgi.py": wsgi }).map((d) => [d.line, d.message, d.hint]);
  expect(hints("mount = /=wsgi")).toEqual([[2, `mount = /=wsgi ${refused}`, "write mount = /=wsgi:app, or module = wsgi:app"]]);
  expect(hints("module = wsgi:app\nmount = /=wsgi")).toEqual([[3, `mount = /=wsgi ${refused}`, "write mount = /=wsgi:app"]]);
  expect(hints("mount = /=wsgi\ncallable = application")).toEqual([[2, `mount = /=wsgi ${refused}`, "write mount = /=wsgi:app, or module = wsgi:app"]]);
  expect(hints("mount = /=wsgi", factory)).toEqual([[2, `mount = /=wsgi ${refused}`, "write mount = /=wsgi:create_app(), or module = wsgi:create_app()"]]);
  expect(hints("mount = /=wsgi", "def make():\n    pass\n")).toEqual([[2, `mount = /=wsgi ${refused}`, "write mount = /=wsgi:application, or module = wsgi"]]);
  const container = (lines: string) => wsgiContainerHints("uwsgi/callable-not-found", lines);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app", "--mount", "/=wsgi"]\n`)).toEqual(["write --mount /=wsgi:app, or --module wsgi:app"]);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app"]\n          env: [{name: UWSGI_MOUNT, value: "/=wsgi"}]\n`)).toEqual(["write UWSGI_MOUNT=/=wsgi:app, or UWSGI_MODULE=wsgi:app"]);
});

it("uwsgi/module-not-found reports a mount without =, on which uWSGI exits 1, and one that names a file with a callable", () => {
  const found = (ini: string) =>
    reported("uwsgi/module-not-found", { "app.ini": `[uwsgi]\n${ini}\nneed-app = true\n`, "app.py": FLASK_APP }).map((d) => [d.line, d.message, d.hint, d.effect]);
  const invalid = (value: string) => `mount = ${value} has no =: uWSGI reads a mount as <mountpoint>=<app>, and exits 1 before serving any app (\`invalid mountpoint: ${value}\`)`;
  expect(found("mount = app:app")).toEqual([[2, invalid("app:app"), "write mount = /=app:app, or module = app:app", "wont-start"]]);
  expect(found("module = app:app\nmount = app.py")).toEqual([[3, invalid("app.py"), "add callable = app, then write mount = /=app.py or wsgi-file = app.py", "wont-start"]]);
  expect(found("mount = /=app.py:app")[0]?.[2]).toBe("a mount takes a dotted module with its callable (mount = /=app:app) or a file path alone, its app named by the callable option (mount = /=app.py with callable = app)");
  expect(reported("uwsgi/no-app", { "app.ini": "[uwsgi]\nmount = app:app\n", "app.py": FLASK_APP })).toEqual([]);
});

it("uwsgi/module-not-found suggests for a mount only values uWSGI 2.0.21 serves the app from: a bare module with the app it binds, a file with the callable option", () => {
  const factory = "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n";
  const hint = (mount: string, files: Record<string, string>, extra = "") =>
    reported("uwsgi/module-not-found", { "app.ini": `[uwsgi]\nmount = ${mount}\nneed-app = true\n${extra}`, ...files }).map((d) => d.hint);
  // Without =: uWSGI would serve application from `module = wsgi` and from a file, which these modules lack.
  expect(hint("wsgi", { "wsgi.py": FLASK_APP })).toEqual(["write mount = /=wsgi:app, or module = wsgi:app"]);
  expect(hint("wsgi", { "wsgi.py": "application = None\n" })).toEqual(["write mount = /=wsgi:application, or module = wsgi"]);
  expect(hint("wsgi:app", { "wsgi.py": FLASK_APP })).toEqual(["write mount = /=wsgi:app, or module = wsgi:app"]);
  expect(hint("wsgi.py", { "wsgi.py": FLASK_APP })).toEqual(["add callable = app, then write mount = /=wsgi.py or wsgi-file = wsgi.py"]);
  expect(hint("wsgi.py", { "wsgi.py": FLASK_APP }, "callable = app\n")).toEqual(["write mount = /=wsgi.py, or wsgi-file = wsgi.py"]);
  expect(hint("wsgi.py", { "wsgi.py": "from flask import Flask\napplication = Flask(__name__)\n" })).toEqual(["write mount = /=wsgi.py, or wsgi-file = wsgi.py"]);
  // A file's callable is looked up, never called: a factory is served from its module.
  expect(hint("src/wsgi.py", { "src/wsgi.py": factory })).toEqual(["write mount = /=src.wsgi:create_app(), or module = src.wsgi:create_app()"]);
  // A file path with a callable: the dotted module, or the file with the callable option.
  expect(hint("/api=src/wsgi.py:app", { "src/wsgi.py": FLASK_APP })).toEqual([
    "a mount takes a dotted module with its callable (mount = /api=src.wsgi:app) or a file path alone, its app named by the callable option (mount = /api=src/wsgi.py with callable = app)",
  ]);
  expect(hint("/api=src/wsgi.py:application", { "src/wsgi.py": FLASK_APP })).toEqual(["a mount takes a dotted module with its callable (mount = /api=src.wsgi:application) or a file path alone (mount = /api=src/wsgi.py)"]);
  expect(hint("/api=src/wsgi.py:create_app()", { "src/wsgi.py": factory })).toEqual(["a mount takes a dotted module with its callable (mount = /api=src.wsgi:create_app())"]);
  expect(hint("/api=my-app/wsgi.py:app", { "my-app/wsgi.py": FLASK_APP })).toEqual(["a mount takes a file path alone, its app named by the callable option (mount = /api=my-app/wsgi.py with callable = app)"]);
  const container = (lines: string) => wsgiContainerHints("uwsgi/module-not-found", lines);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app", "--mount", "wsgi"]\n`)).toEqual(["write --mount /=wsgi:app, or --module wsgi:app"]);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app"]\n          env: [{name: UWSGI_MOUNT, value: "wsgi"}]\n`)).toEqual(["write UWSGI_MOUNT=/=wsgi:app, or UWSGI_MODULE=wsgi:app"]);
  expect(container(`          command: ["uwsgi", "--http-socket", ":8080", "--need-app", "--mount", "wsgi.py"]\n`)).toEqual(["add --callable app to the uwsgi command, then write --mount /=wsgi.py or --wsgi-file wsgi.py"]);
});

it("uwsgi/ini-syntax reports an ini that includes itself, which uWSGI reads without end until it crashes", () => {
  const found = reported("uwsgi/ini-syntax", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\ninclude = app.ini\n", "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.column, d.message, d.effect])).toEqual([
    [4, 11, "app.ini includes itself, directly or through the configs it includes: uWSGI reads it again and again without end and never loads the app (an include loop ends in a crash)", "wont-start"],
  ]);
});

it("uwsgi/ini-syntax reports an include or inherit of a name uWSGI loads no config from, in its words, with the ini that reads it (fixtures include-section-refused, include-conf-refused)", () => {
  const found = (line: string) => reported("uwsgi/ini-syntax", { "app.ini": `[uwsgi]\nmodule = app:app\n${line}\n`, "base.ini": "[uwsgi]\nmaster = true\n[prod]\nprocesses = 4\n", "app.py": FLASK_APP }).map((d) => [d.line, d.column, d.message, d.hint, d.effect]);
  expect(found("include = base.ini:prod")).toEqual([[
    3, 11,
    "uWSGI loads no config from base.ini:prod and exits (`unable to load configuration from base.ini:prod`): include reads only a name that ends in .ini, .yaml, .yml, .json, .js or .xml (a :section suffix only ini reads)",
    "to read the [prod] section of base.ini, write ini = base.ini:prod", "wont-start",
  ]]);
  expect(found("inherit = conf/base.conf # the defaults").map((row) => row.slice(2, 4))).toEqual([[
    "uWSGI loads no config from conf/base.conf # the defaults and exits (`unable to load configuration from conf/base.conf # the defaults`): inherit reads only a name that ends in .ini, .yaml, .yml, .json, .js or .xml",
    "rename conf/base.conf to end in .ini, or write ini = conf/base.conf, which reads it in place rather than last",
  ]]);
  // Quotes make uWSGI refuse base.ini too; uwsgi/quoted-value reports them and how to fix it.
  expect(found('include = "base.ini"')).toEqual([]);
  const command = reported("uwsgi/ini-syntax", { "Dockerfile": 'FROM python:3.11\nCOPY . /app\nWORKDIR /app\nCMD ["uwsgi", "--ini", "app.ini", "--include", "base.cfg"]\n', "app.ini": "[uwsgi]\nmodule = app:app\n", "app.py": FLASK_APP });
  expect(command.map((d) => [d.file, d.line, d.message.split(":")[1], d.hint])).toEqual([["Dockerfile", 4, " --include reads only a name that ends in .ini, .yaml, .yml, .json, .js or .xml", "rename base.cfg to end in .ini, or write --ini base.cfg"]]);
});

it("k8s/volume-mount-missing names the pod's volume a mount's name is a slip from, and otherwise the volumes it has", () => {
  const pod = (mount: string) => webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          volumeMounts: [{name: ${mount}, mountPath: /srv/static}]\n      volumes: [{name: static, emptyDir: {}}, {name: data, emptyDir: {}}]\n`);
  expect(reported("k8s/volume-mount-missing", { "deploy.yaml": pod("statics") }).map((d) => d.hint)).toEqual(['did you mean "static"? The pod has a volume of that name']);
  expect(reported("k8s/volume-mount-missing", { "deploy.yaml": pod("logs") }).map((d) => d.hint)).toEqual(['add a volume named "logs" to the pod\'s volumes (it has: static, data)']);
});

it("spin/privileged-port's hint names the pod's own first unprivileged port when a sysctl raises it", () => {
  const deployment = webDeployment(`      securityContext:\n        sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "10000"}]\n      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          ports: [{containerPort: 8080}]\n          securityContext: {runAsUser: 1000}\n`);
  expect(reported("spin/privileged-port", { "deploy.yaml": deployment }).map((d) => d.hint)).toEqual([
    "use a port ≥ 10000 (the pod's net.ipv4.ip_unprivileged_port_start), or lower that sysctl; NET_BIND_SERVICE does not help a non-root process",
  ]);
});

it("uwsgi/duplicate-option names the alias the option is set again under", () => {
  const found = reported("uwsgi/duplicate-option", { "app.ini": "[uwsgi]\nmodule = app:app\nprocesses = 2\nworkers = 4\nneed-app = true\n", "app.py": FLASK_APP });
  expect(found.map((d) => d.message)).toEqual(["processes is set again on line 4 as workers; uWSGI keeps only the last value (4)"]);
});

it("k8s/schema says in the API server's terms why it refuses a Job's copied selector, and a selector in a CronJob's jobTemplate, and how to fix each", () => {
  const texts = (text: string) => reported("k8s/schema", { "job.yaml": text }).map((d) => [d.line, d.message, d.hint]);
  const job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: reindex, namespace: lab}\nspec:\n  selector: {matchLabels: {app: reindex}}\n  template:\n    metadata: {labels: {app: reindex}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: a}]\n";
  expect(texts(job)).toEqual([
    [5, "a Job's selector must be the one the Job controller generates unless manualSelector is true (`selector` not auto-generated)", "remove the selector: the Job controller generates one that selects the Job's pods; or set manualSelector: true to choose the labels yourself"],
  ]);
  const cronJob = (jobSpec: string) => `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: lab}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n${jobSpec}      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: a}]\n`;
  expect(texts(cronJob("      selector: {matchLabels: {app: nightly}}\n"))).toEqual([
    [8, "a CronJob's jobTemplate may not set a selector (`selector` will be auto-generated)", "remove it: the Job controller generates the selector of each Job the CronJob creates (manualSelector: true is refused in a jobTemplate too)"],
  ]);
  expect(texts(cronJob("      manualSelector: true\n"))).toEqual([
    [8, 'a CronJob\'s jobTemplate may not set manualSelector: true (supported values: "nil", "false")', "remove it: the Job controller generates the selector of each Job the CronJob creates"],
  ]);
});

it("k8s/schema says a pod's container or volume name, or a container's port name, is already used, at the later one, and that each needs its own", () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: lab}\nspec:\n  containers: [{name: a, image: a, ports: [{containerPort: 80, name: http}, {containerPort: 81, name: http}]}, {name: a, image: b}]\n  volumes:\n    - {name: data, emptyDir: {}}\n    - {name: data, emptyDir: {}}\n";
  expect(reported("k8s/schema", { "pod.yaml": pod }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [5, 'port name "http" is already used in this container (Duplicate value)', "the API server refuses the object: a container's ports need names of their own (a Service's targetPort or a probe's port names one); rename this one, or remove it if it repeats the other"],
    [5, 'container name "a" is already used in this pod (Duplicate value)', "the API server refuses the object: a pod's containers, initContainers and ephemeralContainers need names of their own; rename this one, or remove it if it repeats the other"],
    [8, 'volume name "data" is already used in this pod (Duplicate value)', "the API server refuses the object: a pod's volumes need names of their own (volumeMounts name them); rename this one, or remove it if it repeats the other"],
  ]);
});

it("k8s/schema says a Service of more than one port names each, differently", () => {
  const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: lab}\nspec:\n  ports:\n    - {name: http, port: 80}\n    - {port: 443}\n    - {name: http, port: 8080}\n";
  expect(reported("k8s/schema", { "service.yaml": service }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [7, "spec.ports[1] has no name, which a Service of more than one port requires (Required value)", "name every port of the Service (http, metrics, …): with more than one, the API server requires a name on each"],
    [8, 'port name "http" is already used in this Service (Duplicate value)', "the API server refuses the object: a Service's ports need names of their own; rename this one, or remove it if it repeats the other"],
  ]);
});

it("k8s/schema says an Ingress path must be absolute, with the path to write", () => {
  const ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: lab}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n          - {pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}\n";
  expect(reported("k8s/schema", { "ingress.yaml": ingress }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [8, 'Ingress path "api" must be an absolute path', 'start it with "/" (path: /api); the API server refuses the Ingress as it is'],
    [9, "spec.rules[0].http.paths[1] has no path: with pathType Prefix or Exact, the path must be an absolute path", "add path: / to send every URL to the backend, or the prefix the backend serves (path: /api)"],
  ]);
});

it("k8s/schema says which sequence of a Prefix or Exact Ingress path the API server refuses, with the path without it", () => {
  const ingress = (...paths: string[]) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: lab}\nspec:\n  rules:\n    - http:\n        paths:\n${paths.map((path) => `          - {path: ${path}, backend: {service: {name: web, port: {number: 80}}}}\n`).join("")}`;
  expect(reported("k8s/schema", { "ingress.yaml": ingress("/api//v1/./x, pathType: Prefix", "/static/., pathType: Exact", "/a%2Fb, pathType: Exact", "/a//b, pathType: ImplementationSpecific") }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [8, "Ingress path \"/api//v1/./x\" must not contain '//'", 'write it as path: /api/v1/x, without empty, "." or ".." segments; the API server refuses a Prefix or Exact path as it is'],
    [9, "Ingress path \"/static/.\" cannot end with '/.'", 'write it as path: /static, without empty, "." or ".." segments; the API server refuses a Prefix or Exact path as it is'],
    [10, "Ingress path \"/a%2Fb\" must not contain '%2F'", 'write "/" for the encoded slash (%2F), or leave it out; the API server refuses a Prefix or Exact path as it is'],
  ]);
});

it("k8s/schema says in the API server's terms that a Recreate Deployment takes no rollingUpdate, at the key", () => {
  const deployment = webDeployment("      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n").replace("spec:\n  selector:", "spec:\n  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n  selector:");
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
    [9, 5, "strategy.rollingUpdate may not be specified when strategy `type` is 'Recreate'", "remove rollingUpdate: Recreate stops every old pod before it starts the new ones, so there is no rolling update to tune; or set type: RollingUpdate to keep these settings"],
  ]);
});

it("k8s/schema says in the API server's terms that an OnDelete StatefulSet takes no rollingUpdate, at the key", () => {
  const statefulSet = webDeployment("      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n")
    .replace("kind: Deployment", "kind: StatefulSet")
    .replace("spec:\n  selector:", "spec:\n  serviceName: web\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 0}\n  selector:");
  expect(reported("k8s/schema", { "statefulset.yaml": statefulSet }).map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
    [10, 5, "updateStrategy.rollingUpdate is only allowed for updateStrategy 'RollingUpdate', not OnDelete", "remove rollingUpdate: an OnDelete StatefulSet replaces a pod only when you delete it, so there is no rolling update to tune; or set type: RollingUpdate to keep these settings"],
  ]);
});

it("k8s/schema says a ClusterIP Service, written or defaulted, may not set a nodePort, at the key", () => {
  const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: lab}\nspec:\n${type}  ports:\n    - port: 80\n      nodePort: 30080\n`;
  const hint = "remove nodePort: a ClusterIP Service opens no port on the nodes (an Ingress reaches it from outside the cluster); or set type: NodePort if the port is meant to be opened on every node";
  const texts = (type: string) => reported("k8s/schema", { "service.yaml": service(type) }).map((d) => [d.line, d.column, d.message, d.hint]);
  expect(texts("")).toEqual([[7, 7, "nodePort may not be used when `type` is 'ClusterIP', the type of a Service that sets none", hint]]);
  expect(texts("  type: ClusterIP\n")).toEqual([[8, 7, "nodePort may not be used when `type` is 'ClusterIP'", hint]]);
  expect(texts("  type: NodePort\n")).toEqual([]);
});

it("k8s/schema says in the API server's terms what a selector requirement's operator asks of its values, and how to fix each", () => {
  const deployment = webDeployment("      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n").replace("matchLabels: {app: web}", "matchLabels: {app: web}\n    matchExpressions:\n      - {key: tier, operator: In, values: []}\n      - {key: canary, operator: Exists, values: [a]}");
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [10, "matchExpressions values must be specified when `operator` is 'In' or 'NotIn'", "list the label values to select (values: [web]), or use operator: Exists to select any value of the label; the API server refuses the object as it is"],
    [11, "matchExpressions values may not be specified when `operator` is 'Exists' or 'DoesNotExist'", "remove values: Exists and DoesNotExist only ask whether the pods carry the label; or use operator: In to select these values"],
  ]);
});

it("k8s/schema says which probe has no handler or two, which port the API server refuses (a quoted number, written unquoted), and that liveness needs successThreshold 1", () => {
  const container = "      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n";
  const deployment = webDeployment(`${container}          livenessProbe: {httpGet: {path: /, port: "8080"}, tcpSocket: {port: 8080}, successThreshold: 3}\n          readinessProbe: {tcpSocket: {port: 0}}\n          startupProbe: {periodSeconds: 5}\n`);
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [16, 'port "8080" is quoted, so the API server reads it as a port name, which must contain at least one letter', "write it unquoted (port: 8080) to probe the port by number, or name one of the container's ports"],
    [16, "tcpSocket may not be set beside httpGet: a probe may not specify more than 1 handler type", "keep one way to probe the container: remove tcpSocket or httpGet (after a change of handler, kubectl apply can merge the old one back in: check the live object too)"],
    [16, "livenessProbe.successThreshold is 3: must be 1", "remove successThreshold or set it to 1: one success is enough for a liveness or startup probe (only a readinessProbe may ask for more)"],
    [17, "port 0 is not valid: must be between 1 and 65535, inclusive", "write the container port the probe connects to, from 1 to 65535, or the name of one of the container's ports"],
    [18, "startupProbe must specify a handler type: exec, httpGet, tcpSocket or grpc", "say how to probe the container: httpGet: {path: /, port: 8080}, tcpSocket: {port: 8080} or exec: {command: [...]}; or remove the probe"],
  ]);
});

it("k8s/schema says an environment variable needs a name, and a value or a valueFrom of one source, not both", () => {
  const deployment = webDeployment(
    "      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          env:\n            - {name: '', value: '1'}\n            - {name: DB_HOST, value: db, valueFrom: {configMapKeyRef: {name: web, key: db-host}}}\n" +
      "            - {name: TOKEN, valueFrom: {}}\n            - {name: DB_USER, valueFrom: {secretKeyRef: {name: db, key: user}, configMapKeyRef: {name: web, key: user}}}\n",
  );
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [17, "spec.template.spec.containers[0].env[0].name is empty: an environment variable needs a name (Required value)", "name the variable (name: API_URL), or remove the entry"],
    [18, "env DB_HOST: valueFrom may not be specified when `value` is not empty", "keep one: value sets the variable to the text written, valueFrom reads it from a Secret, ConfigMap or the pod; remove the other"],
    [19, "env TOKEN: valueFrom must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`", "say where the value comes from (valueFrom: {secretKeyRef: {name: web-secrets, key: token}}), or write value: instead of valueFrom"],
    [20, "env DB_USER: valueFrom may not have more than one field specified at a time", "keep one source: a variable takes its value from one Secret key, ConfigMap key or pod field"],
  ]);
});

it("k8s/schema says an init container that runs to completion has no probe", () => {
  const deployment = webDeployment("      initContainers:\n        - name: migrate\n          image: registry.nersc.gov/m1/web:1.0\n          livenessProbe: {exec: {command: [ready]}}\n      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n");
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.message, d.hint])).toEqual([
    [16, "livenessProbe may not be set for init containers without restartPolicy=Always", "remove it: an init container runs to completion before the app starts and is not probed; or give it restartPolicy: Always to run it beside the app as a sidecar (Kubernetes 1.29 or later)"],
  ]);
});

it("k8s/schema says in the API server's terms that an Ingress's class annotation is refused beside spec.ingressClassName, at the annotation", () => {
  const ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: demo\n  annotations:\n    kubernetes.io/ingress.class: nginx\nspec:\n  ingressClassName: nginx\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n";
  expect(reported("k8s/schema", { "ingress.yaml": ingress }).map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
    [7, 5, "annotation kubernetes.io/ingress.class can not be set when the class field (spec.ingressClassName) is also set", "remove the annotation: spec.ingressClassName replaces it and names the class that serves the Ingress; the API server refuses to create the Ingress with both"],
  ]);
});

it("k8s/schema's hint for a list of mappings written as a scalar shows an item, and for a mapping the dash that makes it one", () => {
  const deployment = webDeployment("      imagePullSecrets: regcred\n      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          ports: 8080\n          volumeMounts: data\n          env: {name: DEBUG, value: '1'}\n          securityContext: {capabilities: {drop: ALL}}\n");
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.hint])).toEqual([
    [13, "write it as a list of mappings (imagePullSecrets: [{name: regcred}])"],
    [17, "write it as a list of mappings (ports: [{containerPort: 8080}])"],
    [18, "write it as a list of mappings (volumeMounts: [{mountPath: …, name: …}])"],
    [19, 'write it as a list of mappings: "- " before the first key makes this mapping its item'],
    [20, "write it as a list"],
  ]);
});

it("k8s/port-chain's hint for gunicorn on its loopback default writes the port the container declares", () => {
  const deployment = webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [gunicorn, app:app]\n          ports: [{containerPort: 8080}]\n`);
  const service = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  const found = reported("k8s/port-chain", { "deploy.yaml": deployment + service, "app.py": FLASK_APP });
  expect(found.map((d) => d.hint)).toEqual(["bind all interfaces: --bind 0.0.0.0:8080"]);
});

it("uwsgi/callable-ignored advises keeping the line whose name the module binds, when only one does (alexpreynolds/slurm-proxy)", () => {
  const hint = (module: string, callable: string) =>
    reported("uwsgi/callable-ignored", { "app.ini": `[uwsgi]\nmodule = ${module}\ncallable = ${callable}\nneed-app = true\n`, "app.py": `${FLASK_APP}application = app\n` }).map((d) => [d.line, d.hint]);
  expect(hint("app:app", "wsgi")).toEqual([[3, "delete the callable line (the module binds no wsgi at its top level)"]]);
  expect(hint("app:wsgi", "app")).toEqual([[3, "drop the :wsgi from module, whose wsgi the module does not bind at its top level"]]);
  expect(hint("app:app", "application")).toEqual([[3, "delete the callable line, or drop the :app from module"]]);
});

it("uwsgi/uid-gid-option quotes the error uWSGI 2.0.21 prints for each option, and says a name is ignored", () => {
  const found = reported("uwsgi/uid-gid-option", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = 95089\ngid = 60152\nuid = www-data\n", "app.py": FLASK_APP });
  expect(found.map((diagnostic) => [diagnostic.line, diagnostic.effect, diagnostic.message])).toEqual([
    [4, "wont-start", "uid = 95089 in the ini: uWSGI exits before loading the app when it cannot switch user (`cannot setuid() as non-root user`)"],
    [5, "wont-start", "gid = 60152 in the ini: uWSGI exits before loading the app when it cannot switch group (`cannot setgid() as non-root user`)"],
    [6, "misbehaves", "uid = www-data in the ini: uWSGI ignores a user name unless it starts as root, which nothing here shows: started as another user, the app does not run as www-data"],
  ]);
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: lab}\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n    - name: web\n      image: registry.nersc.gov/lab/web:1.0\n      command: [uwsgi, --ini, app.ini]\n";
  expect(reported("uwsgi/uid-gid-option", { "pod.yaml": pod, "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = www-data\n", "app.py": FLASK_APP }).map((d) => d.message)).toEqual([
    "uid = www-data in the ini: uWSGI ignores a user name unless it starts as root, so the app does not run as www-data",
  ]);
});

it("says an id equal to the one a compose service's user: sets does nothing, and that another one still exits", () => {
  const compose = (user: string) => `services:\n  web:\n    build: .\n    user: "${user}"\n    working_dir: /app\n    command: uwsgi --ini app.ini\n    volumes:\n      - .:/app\n`;
  const ini = "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = 80355\ngid = 58102\n";
  const found = (user: string) => reported("uwsgi/uid-gid-option", { "docker-compose.yml": compose(user), "app.ini": ini, "app.py": FLASK_APP }).map((d) => [d.line, d.effect, d.message, d.hint]);
  expect(found("80355:58102")).toEqual([
    [4, undefined, "uid = 80355 in the ini does nothing while the compose service's user is 80355: uWSGI, not root, only checks the id, and exits before loading the app once the two differ", "delete the line: the compose service's user: already sets the user"],
    [5, undefined, "gid = 58102 in the ini does nothing while the compose service's group is 58102: uWSGI, not root, only checks the id, and exits before loading the app once the two differ", "delete the line: the compose service's user: already sets the group"],
  ]);
  expect(found("1000:1000").map(([line, effect]) => [line, effect])).toEqual([[4, "wont-start"], [5, "wont-start"]]);
});

it("takes the image's user where no runAsUser is set: root on a root base image without USER, the USER's uid otherwise", () => {
  const deployment = (securityContext = "") => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: lab}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: registry.nersc.gov/lab/web:1.0\n          command: ["uwsgi", "--ini", "/app/app.ini"]\n${securityContext}`;
  const found = (dockerfile: string, uid: string, securityContext?: string) =>
    reported("uwsgi/uid-gid-option", { "deploy.yaml": deployment(securityContext), Dockerfile: dockerfile, "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\nuid = ${uid}\n`, "app.py": FLASK_APP }).map((d) => [d.effect, d.message]);
  const rootImage = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n";
  expect(found(rootImage, "nginx")).toEqual([
    ["misbehaves", "uid = nginx in the ini: started as root (the image's user, with no runAsUser) and keeping SETUID and SETGID, uWSGI switches user, so the app runs as another user than the manifest shows"],
  ]);
  expect(found(rootImage, "1000", "          securityContext: {capabilities: {drop: [ALL]}}\n").map(([effect]) => effect)).toEqual(["wont-start"]);
  expect(found(`${rootImage}USER 1000\n`, "1000")).toEqual([[undefined, "uid = 1000 in the ini does nothing while the image's user is 1000: uWSGI, not root, only checks the id, and exits before loading the app once the two differ"]]);
  expect(found(`${rootImage}USER 1000\n`, "2000").map(([effect]) => effect)).toEqual(["wont-start"]);
  // A base image whose user the linter cannot know: the ini's id is judged as for a non-root user, as before.
  expect(found("FROM tiangolo/uwsgi-nginx-flask:python3.11\nCOPY . /app\n", "1000").map(([effect]) => effect)).toEqual(["wont-start"]);
});

it("says uWSGI switches to the ini's ids when a compose service's user: is root, and exits when the service drops SETUID and SETGID", () => {
  const compose = (user: string, capabilities = "") => `services:\n  web:\n    build: .\n    user: "${user}"\n${capabilities}    command: uwsgi --ini app.ini\n    volumes:\n      - .:/app\n`;
  const ini = "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = 80355\n";
  const found = (user: string, capabilities?: string) => reported("uwsgi/uid-gid-option", { "docker-compose.yml": compose(user, capabilities), "app.ini": ini, "app.py": FLASK_APP }).map((d) => [d.line, d.effect, d.message, d.hint]);
  const switches = [
    4, "misbehaves",
    "uid = 80355 in the ini: started as root (the compose service's user: 0) and keeping SETUID and SETGID, uWSGI switches user, so the app runs as another user than the compose service's user: says",
    "delete the line and set the compose service's user: (uid:gid) to the ids the app should run as",
  ];
  expect(found("0")).toEqual([switches]);
  expect(found("root:root")).toEqual([switches]);
  expect(found("0", "    cap_drop: [ALL]\n    cap_add: [CAP_SETUID, SETGID]\n")).toEqual([switches]);
  expect(found("0", "    cap_drop: [ALL]\n")).toEqual([
    [4, "wont-start", "uid = 80355 in the ini: started as root (the compose service's user: 0) without SETUID and SETGID, uWSGI cannot switch user and exits before loading the app", "delete the line and set the compose service's user: (uid:gid) to the ids the app should run as"],
  ]);
});

it("says an id equal to the container's runAsUser or runAsGroup does nothing, in the ini, the command and the environment, and that another one still exits", () => {
  // uWSGI 2.0.21 run as nobody: uid = 65534 and gid = 65534 load the app (fixture uid-gid-own-ids); uid = 1000 exits.
  const deployment = (command: string, env = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ids}
spec:
  template:
    spec:
      securityContext: {runAsGroup: 5678}
      containers:
        - name: web
          image: registry.nersc.gov/m1/web:1.0
          command: ${command}
          workingDir: /app
          securityContext: {runAsUser: 51234, capabilities: {drop: [ALL]}}
${env}`;
  const ini = reported("uwsgi/uid-gid-option", {
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = 51234\ngid = 5678\nuid = 1000\n",
    "app.py": FLASK_APP,
    "deploy.yaml": deployment('["uwsgi", "--ini", "app.ini"]'),
  });
  expect(ini.map((diagnostic) => [diagnostic.line, diagnostic.effect, diagnostic.message, diagnostic.hint])).toEqual([
    [4, undefined, "uid = 51234 in the ini does nothing while runAsUser is 51234: uWSGI, not root, only checks the id, and exits before loading the app once the two differ", "delete the line: securityContext.runAsUser already sets the user"],
    [5, undefined, "gid = 5678 in the ini does nothing while runAsGroup is 5678: uWSGI, not root, only checks the id, and exits before loading the app once the two differ", "delete the line: securityContext.runAsGroup already sets the group"],
    [6, "wont-start", "uid = 1000 in the ini: uWSGI exits before loading the app when it cannot switch user (`cannot setuid() as non-root user`)", "delete the line and set securityContext.runAsUser/runAsGroup to the same numeric ids"],
  ]);
  const command = reported("spin/user-in-command", {
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": FLASK_APP,
    "deploy.yaml": deployment('["uwsgi", "--ini", "app.ini", "--uid", "51234", "--gid=5678", "--uid", "80"]', "          env: [{name: UWSGI_GID, value: \"5678\"}]\n"),
  });
  expect(command.map((diagnostic) => [diagnostic.line, diagnostic.effect, diagnostic.message])).toEqual([
    [11, undefined, 'container "web" names the user it already runs as in its command (--uid): uWSGI, not root, only checks it, and exits once securityContext.runAsUser changes'],
    [11, undefined, 'container "web" names the group it already runs as in its command (--gid=5678): uWSGI, not root, only checks it, and exits once securityContext.runAsGroup changes'],
    [11, "wont-start", 'container "web" switches user in its command (--uid)'],
    [14, undefined, 'container "web" names the group it already runs as in its environment (UWSGI_GID=5678): uWSGI, not root, only checks it, and exits once securityContext.runAsGroup changes'],
  ]);
});

/** A Pod whose one container runs the command as 51234:60100 with every capability dropped. */
const podRunningAs51234 = (command: string) => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: registry.nersc.gov/m1/web:1.0
      command: ${command}
      securityContext: {runAsUser: 51234, runAsGroup: 60100, capabilities: {drop: [ALL]}}
`;

it("says gunicorn's numeric --user/--group equal to the container's runAsUser/runAsGroup does nothing, and another id or a name still fails", () => {
  // gunicorn 20.1.0 run by setpriv as 51234:60100 with no capabilities serves with -u 51234 -g 60100, and exits with -u 1000 (chown: Operation not permitted).
  const found = reported("spin/user-in-command", { "app.py": FLASK_APP, "deploy.yaml": podRunningAs51234('["gunicorn", "-b", ":8080", "-u", "51234", "--group=60100", "--user", "1000", "-g", "www-data", "app:app"]') });
  expect(found.map((d) => [d.column, d.effect, d.message])).toEqual([
    [45, undefined, 'container "web" names the user it already runs as in its command (-u): gunicorn, not root, only checks it, and exits once securityContext.runAsUser changes'],
    [60, undefined, 'container "web" names the group it already runs as in its command (--group=60100): gunicorn, not root, only checks it, and exits once securityContext.runAsGroup changes'],
    [77, "wont-start", 'container "web" switches user in its command (--user)'],
    [95, "wont-start", 'container "web" switches group in its command (-g)'],
  ]);
  // argparse takes a short option's value joined to it.
  const joined = reported("spin/user-in-command", { "app.py": FLASK_APP, "deploy.yaml": podRunningAs51234('["gunicorn", "-b", ":8080", "-u51234", "-g1000", "app:app"]') });
  expect(joined.map((d) => [d.column, d.effect, d.message.replace(/ \(.*$/, "")])).toEqual([
    [45, undefined, 'container "web" names the user it already runs as in its command'],
    [56, "wont-start", 'container "web" switches group in its command'],
  ]);
});

it("says setpriv given the ids the container already runs as, with its groups kept, changes nothing, and one told to change the groups fails", () => {
  // setpriv (util-linux 2.38) as 51234:60100 with no capabilities: --reuid=51234 --regid=60100 --keep-groups runs the command;
  // --reuid=1000 fails (setresuid failed), as does --clear-groups or --groups (setgroups failed), --init-groups (initgroups failed),
  // and a gid without any of these (--[re]gid requires --keep-groups, --clear-groups, --init-groups, or --groups).
  const found = (command: string) => reported("spin/user-in-command", { "app.py": FLASK_APP, "deploy.yaml": podRunningAs51234(command) }).map((d) => [d.effect, d.message]);
  expect(found('["setpriv", "--reuid=51234", "--regid", "60100", "--keep-groups", "gunicorn", "app:app"]')).toEqual([
    [undefined, 'container "web" names the user it already runs as in its command (--reuid=51234): setpriv, not root, only checks it, and exits once securityContext.runAsUser changes'],
    [undefined, 'container "web" names the group it already runs as in its command (--regid): setpriv, not root, only checks it, and exits once securityContext.runAsGroup changes'],
  ]);
  expect(found('["setpriv", "--reuid=51234", "gunicorn", "app:app"]').map(([effect]) => effect)).toEqual([undefined]);
  for (const groups of ["--clear-groups", "--groups=60100", "--init-groups"]) {
    expect(found(`["setpriv", "--reuid=51234", "--regid=60100", "${groups}", "gunicorn", "app:app"]`).map(([effect]) => effect)).toEqual(["wont-start", "wont-start"]);
  }
  expect(found('["setpriv", "--regid=60100", "gunicorn", "app:app"]')).toEqual([["wont-start", 'container "web" switches group in its command (--regid=60100)']]);
  expect(found('["setpriv", "--reuid=1000", "--keep-groups", "gunicorn", "app:app"]').map(([effect]) => effect)).toEqual(["wont-start"]);
  expect(found('["setpriv", "--reuid=app", "--keep-groups", "gunicorn", "app:app"]').map(([effect]) => effect)).toEqual(["wont-start"]);
});

it("reports uWSGI's --uid/--gid and UWSGI_UID/UWSGI_GID that a container takes from its image's Dockerfile, where the Dockerfile sets them", () => {
  const files = (runAs: string) => ({
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": FLASK_APP,
    Dockerfile: 'FROM python:3.11\nWORKDIR /srv\nCOPY . /srv\nENV UWSGI_GID=5678\nCMD ["uwsgi", "--ini", "app.ini", "--uid", "nobody"]\n',
    "deploy.yaml": `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web:1.0\n      securityContext: {${runAs}, capabilities: {drop: [ALL]}}\n`,
  });
  const found = (runAs: string) => reported("spin/user-in-command", files(runAs)).map((d) => [d.file, d.line, d.column, d.effect, d.message]);
  expect(found("runAsUser: 40000, runAsGroup: 5678")).toEqual([
    ["Dockerfile", 4, 5, undefined, 'container "web" names the group it already runs as in its environment in Dockerfile (UWSGI_GID=5678): uWSGI, not root, only checks it, and exits once securityContext.runAsGroup changes'],
    ["Dockerfile", 5, 36, "misbehaves", 'container "web" switches user in its command in Dockerfile (--uid nobody)'],
  ]);
  expect(found("runAsUser: 0, runAsGroup: 0").map(([, line, , effect]) => [line, effect])).toEqual([[4, "wont-start"], [5, "wont-start"]]);
});

it("judges an ini's uid or gid by who the container starts uWSGI as: 0, a group while the user is unknown, root with or without SETUID and SETGID", () => {
  const judged = (securityContext: string, line: string) => {
    const [found] = reported("uwsgi/uid-gid-option", {
      "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\n${line}\n`,
      "app.py": FLASK_APP,
      "deploy.yaml": `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web:1.0\n      command: ["uwsgi", "--ini", "app.ini"]\n      securityContext: ${securityContext}\n`,
    });
    return [found?.effect, found?.message.replace(/^.*? (in the ini|does nothing)/, "$1")];
  };
  expect(judged("{runAsUser: 51234, runAsGroup: 5678}", "gid = 0")).toEqual([undefined, "in the ini does nothing: uWSGI takes 0 for no group"]);
  expect(judged("{runAsGroup: 5678}", "gid = 5678")).toEqual(["wont-start", "in the ini: uWSGI exits before loading the app when it cannot switch group (`cannot setgid() as non-root user`)"]);
  expect(judged("{runAsUser: 0, capabilities: {drop: [ALL], add: [SETUID, CAP_SETGID]}}", "uid = www-data")).toEqual([
    "misbehaves", "in the ini: started as root (runAsUser: 0) and keeping SETUID and SETGID, uWSGI switches user, so the app runs as another user than securityContext says",
  ]);
  expect(judged("{runAsUser: 0, capabilities: {drop: [ALL], add: [SETUID]}}", "uid = 1000")?.[0]).toBe("wont-start");
  expect(judged("{runAsUser: 0}", "uid = 1000")?.[0]).toBe("misbehaves");
  expect(judged("{runAsUser: 0, capabilities: {drop: [ALL], add: [ALL]}}", "uid = 1000")?.[0]).toBe("misbehaves");
  expect(judged("{runAsNonRoot: true, runAsGroup: 5678}", "gid = 5678")).toEqual([undefined, "in the ini does nothing while runAsGroup is 5678: uWSGI, not root, only checks the id, and exits before loading the app once the two differ"]);
});

it("reports a Dockerfile's UWSGI_UID once for what it does, however many containers run the image", () => {
  const pod = (name: string, user: number) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n    - name: ${name}\n      image: registry.nersc.gov/m1/web:1.0\n      command: ["uwsgi", "--ini", "app.ini"]\n      securityContext: {runAsUser: ${user}, capabilities: {drop: [ALL]}}\n`;
  const found = reported("spin/user-in-command", {
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": FLASK_APP,
    Dockerfile: "FROM python:3.11\nWORKDIR /srv\nCOPY . /srv\nENV UWSGI_UID=1000\n",
    "deploy.yaml": [pod("web", 51234), pod("worker", 51234), pod("cron", 1000)].join("---\n"),
  });
  expect(found.map((d) => [d.file, d.line, d.effect, d.message.slice(0, 40)])).toEqual([
    ["Dockerfile", 4, undefined, 'container "cron" names the user it alrea'],
    ["Dockerfile", 4, "wont-start", 'container "web" switches user in its env'],
  ]);
});

it("offers no fix that would set runAsUser: 0, and removes an id the pod's securityContext already holds", () => {
  const pod = (command: string, context = "") => ({
    "deploy.yaml": `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${context}  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web:1.0\n      command: ${command}\n      securityContext: {capabilities: {drop: [ALL]}}\n`,
  });
  expect(reported("spin/user-in-command", pod('["uwsgi", "--uid", "0", "--module", "app:app"]')).map((d) => d.fix)).toEqual([undefined]);
  const [held] = reported("spin/user-in-command", pod('["uwsgi", "--gid", "5678", "--module", "app:app"]', "  securityContext: {runAsUser: 51234, runAsGroup: 5678}\n"));
  expect([held!.message, held!.fix?.title, held!.fix?.edits.length]).toEqual([
    'container "web" names the group it already runs as in its command (--gid): uWSGI, not root, only checks it, and exits once securityContext.runAsGroup changes', "remove --gid: runAsGroup is already 5678", 1,
  ]);
});

it("says uWSGI started as root without capabilities cannot switch to an ini's uid, a name too", () => {
  const found = reported("uwsgi/uid-gid-option", {
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = www-data\n",
    "app.py": FLASK_APP,
    "deploy.yaml": 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/m1/web:1.0\n      command: ["uwsgi", "--ini", "app.ini"]\n      securityContext: {runAsUser: 0, capabilities: {drop: [ALL]}}\n',
  });
  expect(found.map((d) => [d.line, d.effect, d.message])).toEqual([
    [4, "wont-start", "uid = www-data in the ini: started as root (runAsUser: 0) without SETUID and SETGID, uWSGI cannot switch user and exits before loading the app"],
  ]);
});

it("uwsgi/quoted-value says the app reads an env variable with its quotes, as uWSGI 2.0.21 passes them (fixture quoted-env)", () => {
  const found = reported("uwsgi/quoted-value", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nenv = DATA_DIR='/global/cfs/x'\nenv = NOTE=it's fine\n", "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.column, d.endColumn, d.effect, d.message, d.hint])).toEqual([
    [4, 16, 31, "misbehaves", `the value of env is wrapped in quotes, and uWSGI keeps them: the app reads os.environ['DATA_DIR'] as "'/global/cfs/x'"`, "write env = DATA_DIR=/global/cfs/x"],
  ]);
});

it("uwsgi/quoted-value and uwsgi/inline-comment read a # inside the quotes as the value's, and the quotes are not removed where that # would then read as a comment", () => {
  const files = { "app.ini": '[uwsgi]\nmodule = app:app\nneed-app = true\nenv = GREETING="hello # world" # the greeting\n', "app.py": FLASK_APP };
  const [quoted] = reported("uwsgi/quoted-value", files);
  expect([quoted!.message, quoted!.fix]).toEqual([`the value of env is wrapped in quotes, and uWSGI keeps them: the app reads os.environ['GREETING'] as '"hello # world"'`, undefined]);
  const [comment] = reported("uwsgi/inline-comment", files);
  expect([comment!.column, comment!.fix?.edits.map((edit) => edit.text)]).toEqual([32, ["# the greeting\n", ""]]);
});

it("uwsgi/quoted-value does not tell what the app gets from a pyargv a later --pyargv replaces, and gives that no effect", () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: lab}\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/lab/web:1.0\n      workingDir: /app\n      command: [uwsgi, --ini, app.ini, --pyargv, \"-s ./static\"]\n";
  const found = reported("uwsgi/quoted-value", { "pod.yaml": pod, "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\npyargv = \"-i ./static\"\n", "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.effect, d.message])).toEqual([
    [4, undefined, "the value of pyargv is wrapped in quotes, and uWSGI keeps them: the app gets sys.argv[1:] = ['\"-i', './static\"'] when this line is the one uWSGI keeps; here --pyargv -s ./static on the uwsgi command line replaces it"],
  ]);
});

it("uwsgi/inline-comment says a number uWSGI reads with atoi keeps its value, and gives that no effect (fixture inline-comment-processes)", () => {
  const ini = "[uwsgi]\nmodule = app:app\nneed-app = true\nprocesses = 3  ; two per core\nsocket-timeout = 5s # too short?\nworker-reload-mercy = 60 ; c\ncheaper-overload = 1 ; c\nreload-on-rss = 2048 ; MB\n";
  const found = reported("uwsgi/inline-comment", { "app.ini": ini, "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.effect, d.message])).toEqual([
    [4, undefined, 'the comment after processes is part of its value ("3  ; two per core"), of which uWSGI reads only the number 3'],
    [5, undefined, 'the comment after socket-timeout is part of its value ("5s # too short?"), of which uWSGI reads only the number 5'],
    // Every option whose handler is atoi or strtoul (uwsgi_opt_set_int, _64bit, _megabytes), as the option table records it.
    [6, undefined, 'the comment after worker-reload-mercy is part of its value ("60 ; c"), of which uWSGI reads only the number 60'],
    [7, undefined, 'the comment after cheaper-overload is part of its value ("1 ; c"), of which uWSGI reads only the number 1'],
    [8, undefined, 'the comment after reload-on-rss is part of its value ("2048 ; MB"), of which uWSGI reads only the number 2048'],
  ]);
});

it("uwsgi/ini-syntax reports a merge conflict left in an ini once, at its start, and uwsgi/unknown-option leaves its marker lines alone", () => {
  const files = { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n<<<<<<< HEAD\nprocesses = 2\n=======\nprocesses = 4\n>>>>>>> topic\n", "app.py": FLASK_APP };
  expect(reported("uwsgi/ini-syntax", files).map((d) => [d.line, d.message, d.hint])).toEqual([
    [4, "<<<<<<< HEAD starts a merge conflict left in the file: uWSGI reads both sides, and each marker line as an option", "resolve the conflict: keep the lines meant and delete the markers"],
  ]);
  expect(reported("uwsgi/unknown-option", files)).toEqual([]);
  const noStart = { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n=======\n>>>>>>> topic\n", "app.py": FLASK_APP };
  expect(reported("uwsgi/ini-syntax", noStart).map((d) => d.line)).toEqual([4]);
});

it("uwsgi/ini-syntax tells an empty [uwsgi] section from a missing one, as uWSGI 2.0.21 warns (fixture empty-uwsgi-section)", () => {
  const message = (ini: string) => reported("uwsgi/ini-syntax", { "app.ini": ini, "app.py": FLASK_APP }).map((d) => [d.line, d.message, d.hint]);
  expect(message("[uwsgi]\n")).toEqual([[1, `the [uwsgi] section of app.ini is empty: uWSGI finds no option in it (\`Can't find section "uwsgi"\`)`, "add the app's options (module, http-socket, need-app …) under [uwsgi]"]]);
  expect(message("[app]\nmodule = app:app\n")).toEqual([[1, "app.ini has no [uwsgi] section: uWSGI reads none of its options", "put [uwsgi] on the first line"]]);
  const included = reported("uwsgi/ini-syntax", { "app.ini": "[uwsgi]\nmodule = app:app\nini = base.ini:prod\n", "base.ini": "[uwsgi]\nmaster = true\n", "app.py": FLASK_APP });
  expect(included.map((d) => [d.file, d.line, d.hint])).toEqual([["base.ini", 1, "ask for a section the file has ([uwsgi]), or add [prod] to it"]]);
  expect(message("[uwsgi]\rmodule = app:app\r")).toEqual([[1, "app.ini has no [uwsgi] section: uWSGI reads none of its options", "save the file with \\n line endings: uWSGI splits lines only at \\n, so lines that end in a lone \\r are one line to it"]]);
  expect(message("module = app:app\n[uwsgi]\n").map(([line, text]) => [line, text])).toEqual([
    [1, "module = app:app comes before the first section header: uWSGI ignores it"],
    [2, `the [uwsgi] section of app.ini is empty: uWSGI finds no option in it (\`Can't find section "uwsgi"\`)`],
  ]);
  expect(message("[app]\nname = x\n[uwsgi]\n").map(([line]) => line)).toEqual([3]);
});

it("spin/fs-group names the containers without runAsGroup when the others set one (an init container, often)", () => {
  const found = reported("spin/fs-group", {
    "sts.yaml": `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: lab}
spec:
  template:
    spec:
      initContainers:
        - {name: fix-perms, image: registry.nersc.gov/m1/tools:1.0, securityContext: {runAsUser: 51234}, volumeMounts: [{name: data, mountPath: /data}]}
      containers:
        - {name: web, image: registry.nersc.gov/m1/web:1.0, securityContext: {runAsUser: 51234, runAsGroup: 5678}, volumeMounts: [{name: data, mountPath: /data}]}
      volumes:
        - {name: data, hostPath: {path: /global/cfs/cdirs/m1234/data, type: Directory}}
`,
  });
  expect(found.map((d) => [d.line, d.message, d.hint])).toEqual([
    [6, 'pod mounts the global file system and sets no fsGroup, and container "fix-perms" sets no runAsGroup', `set spec.template.spec.securityContext.fsGroup to your project's numeric group, or runAsGroup in container "fix-perms"`],
  ]);
});

it("spin/static-read-only says why a path must be writable without claiming the app writes there, and how to keep a mount it only serves", () => {
  const [found] = reported("spin/static-read-only", {
    "deploy.yaml": `apiVersion: v1
kind: Pod
metadata: {name: atlas}
spec:
  containers:
    - name: web
      image: registry.nersc.gov/m1/atlas:1.0
      volumeMounts:
        - {name: plots, mountPath: /srv/atlas/static, readOnly: true}
  volumes:
    - {name: plots, hostPath: {path: /global/cfs/cdirs/m1234/plots, type: Directory}}
`,
  });
  expect([found!.line, found!.message, found!.hint]).toEqual([
    9,
    'container "web" mounts volume "plots" read-only at /srv/atlas/static, but /srv/atlas/static must be writable: its mount path ends in /static, the directory a Spin app writes its static files to',
    "set readOnly: false on this mount; if the app never writes there, suppress this finding instead",
  ]);
});

it("points at a word of a block-scalar script where it stands, and starts uWSGI where the script's cd leads", () => {
  const found = reported("uwsgi/module-not-found", {
    "deploy.yaml": `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: registry.nersc.gov/m1/web:1.0
      command:
        - /bin/bash
        - -c
        - |
          set -e
          cd /srv/app
          # was: exec uwsgi --module app:app
          exec uwsgi --http-socket :8080 \\
               --module app:app --need-app

          echo done
`,
  });
  expect(found.map((d) => [d.line, d.column, d.endColumn, d.message])).toEqual([
    [16, 25, 32, "cannot verify module = app:app: app may be in /srv/app, in the image, which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)"],
  ]);
});

/** A pod of app web with these container ports, and a Service sending its port 80 to `target`. */
const webBehindService = (ports: string, target: string) => ({
  "web.yaml": `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: x, labels: {app: web}}
spec:
  containers:
    - {name: web, image: registry.nersc.gov/m1/web:1.0, ports: ${ports}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: x}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: ${target}}]
`,
});

it("k8s/port-chain names a few of many ports the pods listen on, and keeps as many related locations", () => {
  const ports = Array.from({ length: 40 }, (_, index) => `{containerPort: ${8000 + index}}`).join(", ");
  const [found] = reported("k8s/port-chain", webBehindService(`[${ports}]`, "9999"));
  expect(found!.hint).toBe("the selected containers listen on 8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008, 8009 and 30 more");
  expect(found!.related?.length).toBe(10);
});

it("k8s/service-selector shows, of the pods in the namespace, those carrying the value nearest the selector's", () => {
  const pod = (name: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x, labels: {app: ${app}}}\nspec:\n  containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n---\n`;
  const pods = Array.from({ length: 30 }, (_, index) => pod(`p${index}`, `other${index}`)).join("");
  const [found] = reported("k8s/service-selector", {
    "pods.yaml": `${pods}${pod("web", "web")}apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: x}\nspec:\n  selector: {app: wbe}\n  ports: [{port: 80}]\n`,
  });
  expect(found!.hint).toContain("app: web");
  expect(found!.related?.map((related) => related.message)).toEqual(['Pod "web" pod template label app: web']);
});

it("k8s/port-chain says a quoted number targetPort is a port name the API server refuses", () => {
  const [found] = reported("k8s/port-chain", webBehindService("[{containerPort: 8080}]", '"8080"'));
  expect([found!.line, found!.effect, found!.message, found!.hint]).toEqual([
    13, "rejected", 'Service "web" sends port 80 to targetPort "8080", a string: the API server reads it as a port name and refuses it, since a name must contain a letter', "write targetPort: 8080 without quotes",
  ]);
});

it("k8s/port-chain says the API server refuses a targetPort that is no port name, and only then", () => {
  const effect = (target: string) => reported("k8s/port-chain", webBehindService("[{name: http, containerPort: 8080}]", target))[0]?.effect;
  expect(["HTTP", "web_port", "metrics-endpoint1", "-web"].map(effect)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
  expect(effect("grpc")).toBe("misbehaves");
});

it("k8s/port-chain suggests the port name a targetPort misspells", () => {
  const hint = (target: string) => reported("k8s/port-chain", webBehindService("[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]", target))[0]?.hint;
  expect(hint("htttp")).toBe('the selected containers listen on 8080 (http), 9100 (metrics); did you mean "http"?');
  expect(hint("grpc")).toBe("the selected containers listen on 8080 (http), 9100 (metrics)");
});

/** A DNS pod whose port "dns" is UDP and "dns-tcp" TCP, and a Service port 53 written as `servicePort`. */
const dnsBehindService = (servicePort: string) => ({
  "dns.yaml": `apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: ns1, labels: {app: dns}}
spec:
  containers:
    - {name: dns, image: registry.nersc.gov/m1/dns:1.0, ports: [{name: dns, containerPort: 5353, protocol: UDP}, {name: dns-tcp, containerPort: 5353}]}
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: ns1}
spec:
  selector: {app: dns}
  ports:
    - {port: 53, ${servicePort}}
`,
});

it("k8s/port-chain says a Service port's targetPort names a port of another protocol, which Kubernetes does not resolve", () => {
  const found = reported("k8s/port-chain", dnsBehindService("targetPort: dns"));
  expect(found.map((diagnostic) => [diagnostic.line, diagnostic.message, diagnostic.hint])).toEqual([[14,
    'Service "dns" sends port 53 (TCP) to targetPort "dns", but the selected containers\' port "dns" is UDP: Kubernetes resolves a port name only to a port of the Service port\'s protocol',
    "set protocol: UDP on the Service port, or name a TCP port",
  ]]);
  expect(reported("k8s/port-chain", dnsBehindService("protocol: UDP, targetPort: dns-tcp"))[0]?.message).toContain('sends port 53 (UDP) to targetPort "dns-tcp", but the selected containers\' port "dns-tcp" is TCP');
  expect(reported("k8s/port-chain", dnsBehindService("protocol: UDP, targetPort: dns"))).toEqual([]);
});

/** uWSGI serving on `socket` in a pod of app web that declares `ports`, behind a Service sending port 80 to `target`. */
const uwsgiBehindService = (ports: string, socket: string, target: string) => ({
  ...webBehindService(ports, target),
  "web.yaml": webBehindService(ports, target)["web.yaml"].replace("ports: ", 'command: [uwsgi, --ini, /app/app.ini], ports: '),
  "app.ini": `[uwsgi]\nmodule = app:app\nhttp-socket = ${socket}\n`,
  "app.py": FLASK_APP,
});

it("k8s/port-chain says a declared port the server does not bind gets nothing, once, when the server binds no declared port", () => {
  const found = reported("k8s/port-chain", uwsgiBehindService("[{containerPort: 8080}]", ":5000", "8080"));
  expect(found.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.message, diagnostic.hint])).toEqual([[
    "web.yaml", 13,
    'Service "web" sends port 80 to targetPort 8080, which container "web" declares, but the server in it listens on 5000, not 8080',
    "bind the server to port 8080, or set targetPort: 5000 and declare containerPort 5000",
  ]]);
  // Where the server binds a declared port, another declared port may be the app's own (a metrics server its code starts).
  expect(reported("k8s/port-chain", uwsgiBehindService("[{containerPort: 8080}, {containerPort: 5000}]", ":5000", "8080"))).toEqual([]);
});

it("k8s/port-chain leads the undeclared port's hint with the port a Service targets", () => {
  const [targeted] = reported("k8s/port-chain", uwsgiBehindService("[{name: http, containerPort: 8080}]", ":5000", "http"));
  expect([targeted!.message, targeted!.hint]).toEqual([
    'the server in container "web" listens on port 5000, which the container does not declare as a containerPort (it declares 8080 (http))',
    'bind the server to port 8080, which Service "web" targets, or add containerPort 5000 and point the Service at it',
  ]);
  const [untargeted] = reported("k8s/port-chain", uwsgiBehindService("[{containerPort: 8080}]", ":5000", "5000"));
  expect(untargeted!.hint).toBe("add containerPort 5000 to the container, or bind the server to a declared port");
});

it("k8s/port-chain lists a port of each protocol on one number, with the protocol when it is not TCP", () => {
  const [found] = reported("k8s/port-chain", dnsBehindService("targetPort: dsn"));
  expect(found!.hint).toBe('the selected containers listen on 5353/UDP (dns), 5353 (dns-tcp); did you mean "dns"?');
});

it("uwsgi/magic-variable says a % before the file's last line break is deleted, not that it joins a next line", () => {
  const found = reported("uwsgi/magic-variable", { "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nbuffer-size = 50%\n", "app.py": FLASK_APP });
  expect(found.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([[4, 'uWSGI deletes the % at the end of the line: it reads buffer-size = "50"']]);
});

it("gunicorn/app-not-found spells a factory for uvicorn with --factory, which takes no call in the reference", () => {
  const found = reported("gunicorn/app-not-found", {
    "Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY . /app\n",
    "deploy.yaml":
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: ns}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers:\n        - name: w\n          image: registry.nersc.gov/p/w:1.0\n          command: [uvicorn, \"web:create_app()\", --host, 0.0.0.0]\n",
    "web.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
  });
  expect(found.map((diagnostic) => diagnostic.hint)).toEqual(["write --factory web:create_app"]);
});

it("nw-lint/unused-suppression asks to remove only the rule a suppression of several rules does not use", () => {
  const found = reported("nw-lint/unused-suppression", {
    "pod.yaml": [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: p, namespace: ns}",
      "spec:",
      "  securityContext: {runAsUser: 1000}",
      "  containers:",
      "    - name: a",
      "      # nw-lint-disable-next-line spin/image-tag, spin/privileged",
      "      image: registry.nersc.gov/p/web:latest",
      "      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
      "",
    ].join("\n"),
  });
  expect(found.map((diagnostic) => [diagnostic.line, diagnostic.message, diagnostic.hint, diagnostic.fix])).toEqual([
    [8, "spin/privileged in this suppression silences nothing; the other rules it names are in use", "remove spin/privileged from it and keep the rest", undefined],
  ]);
});

it("tells to save an ini without its byte-order mark, and to rewrite a header that is wrong in itself", () => {
  const [bom] = reported("uwsgi/ini-syntax", { "app.ini": "\uFEFF[uwsgi]\nmodule = app:app\n", "app.py": FLASK_APP });
  expect(bom!.hint).toBe("save the file as UTF-8 without a byte-order mark");
  const [spaced] = reported("uwsgi/ini-syntax", { "app.ini": "[uwsgi ]\nmodule = app:app\n", "app.py": FLASK_APP });
  expect(spaced!.hint).toBe("write the header as [uwsgi] on a line of its own");
});

it("points at each user switch in a sh -c script where it stands, and at none outside a command that switches", () => {
  const pod = (script: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: registry.nersc.gov/m/a:1.0\n      command: ["sh", "-c", ${JSON.stringify(script)}]\n`;
  const columns = (script: string) => reported("spin/user-in-command", { "pod.yaml": pod(script) }).map((d) => [d.line, d.column, d.endColumn, d.message.replace(/^.*\(/, "(")]);
  // The value starts in column 30, after `      command: ["sh", "-c", "`.
  expect(columns("echo --uid-file; uwsgi --ini app.ini --uid 1000")).toEqual([[8, 67, 72, "(--uid)"]]);
  expect(columns("sudo -u app ls; sudo -u bob ls")).toEqual([[8, 35, 37, "(-u)"], [8, 51, 53, "(-u)"]]);
  expect(columns("sudo -u app ls; runuser -u app ls")).toEqual([[8, 35, 37, "(-u)"], [8, 46, 53, "(runuser)"]]);
  expect(columns('echo "x"; uwsgi --uid 5')).toEqual([[8, 48, 53, "(--uid)"]]);
  expect(columns("echo --uid is an option")).toEqual([]);
  expect(columns("exec /usr/bin/uwsgi_python3 --ini app.ini --uid 1000")).toEqual([[8, 72, 77, "(--uid)"]]);
  // sudo's options as getopt reads them: the user joined to -u, after flags, or with --user=; the program's own options are not sudo's.
  expect(columns("exec sudo -E -u$PUID gunicorn --bind :8080 app:app")).toEqual([[8, 43, 50, "(-u$PUID)"]]);
  expect(columns("sudo -Euapp ls; sudo --user=app ls; sudo -Eg web ls")).toEqual([[8, 35, 41, "(-Euapp)"], [8, 51, 61, "(--user=app)"], [8, 71, 74, "(-Eg)"]]);
  expect(columns("sudo -E python -u app.py")).toEqual([]);
  expect(columns("chroot --userspec=1000:1000 / ls; setpriv --euid=1000 ls")).toEqual([[8, 37, 57, "(--userspec=1000:1000)"], [8, 72, 83, "(--euid=1000)"]]);
});

it("offers no call of a factory whose parameters have no defaults, which uWSGI would call with none", () => {
  // uWSGI 2.0.21: `module = app:create_app()` gives TypeError: create_app() missing 1 required positional argument: 'config'.
  const factory = "from flask import Flask\ndef create_app(config_name):\n    app = Flask(__name__)\n    return app\n";
  const ini = (module: string) => `[uwsgi]\nmodule = ${module}\nneed-app = true\n`;
  const [other] = reported("uwsgi/callable-not-found", { "app.ini": ini("app"), "app.py": factory });
  expect(other!.message).toBe("app.py binds no application: the Flask app is built by create_app(), which needs arguments the server does not pass");
  expect(other!.hint).toBe("create_app() needs arguments: bind the app at the module's top level (application = create_app(<its arguments>))");
  expect(other!.fix).toBeUndefined();
  const [uncalled] = reported("uwsgi/callable-not-found", { "app.ini": ini("app:create_app"), "app.py": factory });
  expect(uncalled!.hint).toBe("create_app() needs arguments: bind the app at the module's top level (app = create_app(<its arguments>)) and name app");
  expect(uncalled!.fix).toBeUndefined();
  const [called] = reported("uwsgi/callable-not-found", { "app.ini": ini("app:create_app()"), "app.py": factory });
  expect(called!.hint).toBe("give the parameters of create_app() defaults, or bind the app at the module's top level and name it");
  const [wrapped] = reported("uwsgi/callable-not-found", { "app.ini": ini("app:app"), "app.py": factory });
  expect(wrapped!.hint).toBe("bind the app at the module's top level (if create_app() returns it: app = create_app(<its arguments>))");
  expect(wrapped!.fix).toBeUndefined();
});

it("quotes the TypeError real uWSGI logged when it called the factory (fixtures factory-requires-argument, factory-keyword-only-argument)", () => {
  for (const fixture of ["factory-requires-argument", "factory-keyword-only-argument"]) {
    const directory = join("fixtures", "apps", "uwsgi", fixture);
    const verdict = JSON.parse(readFileSync(join(directory, "verdict.json"), "utf8")) as { log: string[] };
    const typeError = verdict.log.find((line) => line.startsWith("TypeError: "))!;
    const [found] = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === "uwsgi/callable-not-found");
    expect(found!.message).toBe(`uWSGI calls create_app(), which fails: ${typeError}`);
  }
});

it("knows an app built by a factory imported under an alias for a Flask object, which uWSGI cannot call (fixture factory-parens-on-imported-alias)", () => {
  const directory = join("fixtures", "apps", "uwsgi", "factory-parens-on-imported-alias");
  const verdict = JSON.parse(readFileSync(join(directory, "verdict.json"), "utf8")) as { log: string[] };
  const typeError = verdict.log.find((line) => line.startsWith("TypeError: "))!;
  const [found] = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === "uwsgi/callable-not-found");
  expect(found!.message).toBe(`uWSGI calls application(), which fails: ${typeError}`);
});

it("reports a mistake in a node that merge keys reach from several containers once", () => {
  const pod = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata: {name: p}",
    "spec:",
    "  containers:",
    "    - &base",
    "      name: one",
    "      image: registry.spin.nersc.gov/m1/app:1.0",
    "    - <<: *base",
    "      name: two",
    "    - <<: *base",
    "      name: three",
    "",
  ].join("\n");
  expect(reported("spin/image-registry", { "pod.yaml": pod }).map((d) => [d.line, d.column])).toEqual([[8, 14]]);
});

it("keeps the mount point in what it tells to write for a mount", () => {
  const [mount] = reported("uwsgi/callable-not-found", {
    "app.ini": "[uwsgi]\nmount = /api=web:application\nneed-app = true\n",
    "web.py": FLASK_APP,
  });
  expect(mount!.hint).toBe("write mount = /api=web:app");
});

it("reports Python 3.12 syntax when the image is built from an official Python older than 3.12, and only then", () => {
  const files = (from: string | undefined) => ({
    ...(from ? { Dockerfile: `FROM ${from} AS base\nFROM base\nWORKDIR /app\nCOPY . /app\nCMD ["uwsgi", "--ini", "app.ini"]\n` } : {}),
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": 'from flask import Flask\napp = Flask(__name__)\nNAME = {"k": "v"}\nTITLE = f"{NAME["k"]}"\n',
  });
  const [older] = reported("python/syntax", files("docker.io/library/python:3.11-slim"));
  expect([older!.line, older!.column, older!.message]).toEqual([
    4, 9, "SyntaxError: f-string: unmatched '[': this is Python 3.12 syntax, which the image's Python 3.11 (docker.io/library/python:3.11-slim) refuses, so uWSGI cannot load the app",
  ]);
  expect(reported("python/syntax", files("python:3.12-slim"))).toEqual([]);
  expect(reported("python/syntax", files("registry.nersc.gov/m1/base:2024"))).toEqual([]);
  expect(reported("python/syntax", files(undefined))).toEqual([]);
});

it("reports syntax newer than the image's Python 3.8, 3.9 or 3.10 at the first place that version refuses", () => {
  const files = (from: string) => ({
    Dockerfile: `FROM ${from}\nWORKDIR /app\nCOPY . /app\nCMD ["uwsgi", "--ini", "app.ini"]\n`,
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n",
    "app.py": "from flask import Flask\napp = Flask(__name__)\n\ndef unit(kind):\n    match kind:\n        case _:\n            return ''\n",
  });
  const [older] = reported("python/syntax", files("python:3.8-slim"));
  expect([older!.line, older!.column, older!.message, older!.hint]).toEqual([
    5, 5, "the match statement is Python 3.10 syntax, which the image's Python 3.8 (python:3.8-slim) refuses with a SyntaxError, so importing app.py fails and uWSGI cannot load the app",
    "write it as Python 3.8 does, or build the image from python:3.10 or newer",
  ]);
  expect(reported("python/syntax", files("python:3.10-slim"))).toEqual([]);
});

it("knows the Python a Debian or Ubuntu release installs with apt, through the stages built on it", () => {
  const files = (dockerfile: string) => ({
    Dockerfile: `${dockerfile}\nWORKDIR /app\nCOPY . /app\nCMD ["uwsgi", "--ini", "app.ini"]\n`,
    "app.ini": "[uwsgi]\nplugin = python3\nmodule = app:app\nneed-app = true\n",
    "app.py": 'from flask import Flask\napp = Flask(__name__)\nNAME = {"k": "v"}\nTITLE = f"{NAME["k"]}"\n',
  });
  const apt = "RUN apt-get update && apt-get install -y --no-install-recommends \\\n    uwsgi uwsgi-plugin-python3 python3-flask";
  const [bookworm] = reported("python/syntax", files(`FROM debian:bookworm-slim AS base\n${apt}\nFROM base`));
  expect(bookworm?.message).toBe("SyntaxError: f-string: unmatched '[': this is Python 3.12 syntax, which the image's Python 3.11 (debian:bookworm-slim) refuses, so uWSGI cannot load the app");
  expect(reported("python/syntax", files(`FROM ubuntu:22.04\n${apt}`)).map((d) => d.message)).toEqual([expect.stringContaining("Python 3.10 (ubuntu:22.04)")]);
  expect(reported("python/syntax", files(`FROM ubuntu:24.04\n${apt}`))).toEqual([]);
  expect(reported("python/syntax", files("FROM debian:bookworm\nRUN curl -sSL https://pyenv.run | bash"))).toEqual([]);
});

it("a factory a wsgi-file holds is called through module =, which wsgi-file cannot do", () => {
  const wsgi = "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n";
  const ini = (callable: string) => `[uwsgi]\nwsgi-file = wsgi.py\ncallable = ${callable}\nneed-app = true\ndie-on-term = true\n`;
  const [named] = reported("uwsgi/callable-not-found", { "wsgi.py": wsgi, "app.ini": ini("app") });
  expect([named?.message, named?.hint]).toEqual(["wsgi.py binds no app: the Flask app is built by create_app()", "write module = wsgi:create_app()"]);
  const [called] = reported("uwsgi/callable-not-found", { "wsgi.py": wsgi, "app.ini": ini("create_app()") });
  expect([called?.message, called?.hint]).toEqual([
    "uWSGI does not call the callable of a file it loads: it looks for an object literally named create_app() in wsgi.py",
    "load the file as a module to call the factory (module = wsgi:create_app()), or bind the app at the module's top level",
  ]);
});

it("an app that is None is served by uWSGI, which fails every request, and refused by gunicorn", () => {
  const factory = "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n";
  const [served] = reported("uwsgi/callable-not-found", { "app.py": factory, "app.ini": "[uwsgi]\nmodule = app:create_app()\nneed-app = true\n" });
  expect([served?.message, served?.effect]).toEqual([
    "uWSGI calls create_app(), which returns None: uWSGI serves None, and every request fails with TypeError: 'NoneType' object is not callable",
    "misbehaves",
  ]);
});

it("a factory whose call runs app.run() is reported at app.run() as the server never getting the app, not as a factory that returns None", () => {
  const factory = "from flask import Flask\n\n\ndef main():\n    app = Flask(__name__)\n    app.run(host=\"0.0.0.0\", port=8080, debug=True)\n\n\nif __name__ == \"__main__\":\n    main()\n";
  const uwsgi = { "app.py": factory, "app.ini": "[uwsgi]\nmodule = app:main()\nneed-app = true\n" };
  const at = (diagnostic: Diagnostic | undefined) => diagnostic && [diagnostic.line, diagnostic.message, diagnostic.hint];
  expect(reported("app/import-fails", uwsgi).map(at)).toEqual([
    [6, "uWSGI calls main() to get the app, and main() starts Flask's development server: app.run(host=\"0.0.0.0\", port=8080, debug=True) never returns, so uWSGI never gets the app", "let main() return the app without running it, and call app.run() under if __name__ == \"__main__\": only"],
  ]);
  expect(reported("app/debug-server", uwsgi).map((diagnostic) => [diagnostic.line, diagnostic.message.split(":")[0]])).toEqual([[6, "app.run(debug=True) runs when uWSGI calls main() to get the app"]]);
  expect(reported("uwsgi/callable-not-found", uwsgi)).toEqual([]);
  const gunicorn = {
    "Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY . /app\n",
    "deploy.yaml":
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: ns}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers:\n        - name: w\n          image: registry.nersc.gov/p/w:1.0\n          command: [gunicorn, \"app:main()\", --bind, 0.0.0.0:8080]\n",
    "app.py": factory,
  };
  expect(reported("app/import-fails", gunicorn).map((diagnostic) => [diagnostic.line, diagnostic.message.split(",")[0]])).toEqual([[6, "gunicorn calls main() to get the app"]]);
  expect(reported("gunicorn/app-not-found", gunicorn)).toEqual([]);
});

it("a name imported from a local module that binds no such name fails the import, with the close name it binds", () => {
  const web = "from flask import Flask\n\n\ndef creat_app():\n    return Flask(__name__)\n";
  const wsgi = "import os\n\nfrom web import create_app\n\napp = create_app()\n";
  const at = (diagnostic: Diagnostic | undefined) => diagnostic && [diagnostic.line, diagnostic.message, diagnostic.hint];
  expect(reported("app/import-fails", { "web.py": web, "wsgi.py": wsgi, "app.ini": "[uwsgi]\nmodule = wsgi:app\nneed-app = true\n" }).map(at)).toEqual([
    [3, "wsgi.py imports create_app from web.py, which binds no create_app at its top level: the import fails (ImportError: cannot import name 'create_app')", "did you mean creat_app? web.py binds creat_app"],
  ]);
  // gunicorn in a container.
  const gunicorn = {
    "Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY . /app\n",
    "deploy.yaml":
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: ns}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers:\n        - name: w\n          image: registry.nersc.gov/p/w:1.0\n          command: [gunicorn, \"wsgi:app\", --bind, 0.0.0.0:8080]\n",
    "web.py": "from flask import Flask\n\napplication = Flask(__name__)\n",
    "wsgi.py": wsgi,
  };
  expect(reported("app/import-fails", gunicorn).map(at)).toEqual([
    [3, "wsgi.py imports create_app from web.py, which binds no create_app at its top level: the import fails (ImportError: cannot import name 'create_app')", "define create_app at the top level of web.py, or import a name it binds"],
  ]);
  // The import the app itself comes from is the callable rule's.
  const takesApp = { "web.py": gunicorn["web.py"], "wsgi.py": "from web import app\n", "app.ini": "[uwsgi]\nmodule = wsgi:app\nneed-app = true\n" };
  expect([reported("app/import-fails", takesApp), reported("uwsgi/callable-not-found", takesApp).length]).toEqual([[], 1]);
});

it("an app.run() a factory reaches only on some paths does not stop the server's call", () => {
  const factory = "import os\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    if os.environ.get('LOCAL'):\n        app.run()\n    return app\n";
  expect(reported("app/import-fails", { "app.py": factory, "app.ini": "[uwsgi]\nmodule = app:create_app()\nneed-app = true\n" })).toEqual([]);
});

it("k8s/port-chain says a targetPort name that only a native sidecar declares is the sidecar's, and does not suggest that same name", () => {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo, labels: {app: web}}
spec:
  initContainers:
    - {name: tls, image: registry.nersc.gov/m1/tls:1.0, restartPolicy: Always, ports: [{name: https, containerPort: 8443}]}
  containers:
    - {name: web, image: registry.nersc.gov/m1/web:1.0, ports: [{containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec:
  selector: {app: web}
  ports: [{port: 443, targetPort: https}]
`;
  const [chain, ...more] = reported("k8s/port-chain", { "web.yaml": pod });
  expect(more).toEqual([]);
  expect([chain?.line, chain?.message, chain?.hint]).toEqual([
    15,
    "Service \"web\" sends port 443 to targetPort \"https\", a port name only the native sidecar \"tls\" declares, which Kubernetes before 1.32 does not resolve",
    "write the sidecar's port number: targetPort: 8443",
  ]);
});

it("k8s/service-selector quotes a label value that YAML would read as a number, so the hint can be copied", () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: demo}
spec:
  selector: {matchLabels: {app: web, version: "1"}}
  template:
    metadata: {labels: {app: web, version: "2"}}
    spec:
      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]
`;
  const [mismatch] = reported("k8s/service-selector", { "web.yaml": deployment });
  expect([mismatch?.message, mismatch?.hint, mismatch?.related?.[0]?.message]).toEqual([
    "Deployment \"web\" selects version: \"1\", which its pod template labels do not carry",
    "add version: \"1\" to spec.template.metadata.labels, or correct the selector; the API server rejects the object",
    "Deployment \"web\" pod template label version: \"2\"",
  ]);
});

it("spin/hostpath reads a hostPath as the directory it names: /global//homes/x is under the blocked /global/homes", () => {
  const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: demo}
spec:
  containers: [{name: web, image: registry.nersc.gov/m1/web:1.0, volumeMounts: [{name: home, mountPath: /home, readOnly: true}]}]
  volumes: [{name: home, hostPath: {path: /global//homes/v/viewer, type: Directory}}]
`;
  const [blocked, ...more] = reported("spin/hostpath", { "web.yaml": pod });
  expect(more).toEqual([]);
  expect([blocked?.severity, blocked?.message]).toEqual(["error", "hostPath /global//homes/v/viewer is under /global/homes, which Spin blocks"]);
});

it("names a Secret key with a dot as a path can hold it: data[\".dockerconfigjson\"], not data..dockerconfigjson", () => {
  const secret = `apiVersion: v1
kind: Secret
metadata: {name: registry-nersc, namespace: demo}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeS5uZXJzYy5nb3YiOnsiYXV0aCI6ImRYTmxjanB3WVhOeiJ9fX0=
  token: c2VjcmV0LXZhbHVlCg==
`;
  const [committed] = reported("k8s/secret-committed", { "registry.yaml": secret });
  const [encoding] = reported("k8s/secret-encoding", { "registry.yaml": secret });
  expect(committed?.message).toBe("Secret \"registry-nersc\" holds a real-looking value in data[\".dockerconfigjson\"]; anyone who can read the repository can read it");
  expect(encoding?.message).toBe("data.token of Secret \"registry-nersc\" decodes to one line followed by a newline, which the app receives as part of the value");
});

it("k8s/secret-committed takes a value of words that starts with \"your\", in the languages of Spin's users, or that asks to be changed or filled in, for a placeholder", () => {
  const secret = (value: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: api, namespace: demo}\nstringData:\n  key: ${value}\n`;
  for (const placeholder of ["YOUR_API_KEY", "your-secret-value", "yourApiToken", "tu_valor_secreto", "votre mot de passe", "Ihr_Passwort", "sua_senha", "password-CHANGE-ME", "change-me-please", "base/ PUT THE RIGHT THING HERE", "PUT_TOKEN_HERE", "insert your key here"]) {
    expect(reported("k8s/secret-committed", { "a.yaml": secret(placeholder) }), placeholder).toEqual([]);
  }
  for (const real of ["your-key-8f3k2", "tu_8f3kq2", "mysecretpassword", "yours", "su", "computer-where", "input8there"]) {
    expect(reported("k8s/secret-committed", { "a.yaml": secret(real) }).length, real).toBe(1);
  }
});

it("k8s/secret-committed is info in a file named like an example or a test, or in a directory so named, not in one whose name only holds the word (Harpins/k8s-test-django)", () => {
  const secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: api, namespace: demo}\nstringData:\n  key: django-insecure-8f3kq2x\n";
  const severity = (path: string) => reported("k8s/secret-committed", { [path]: secret }).map((d) => d.severity);
  for (const path of ["secret.example.yaml", "test-secret.yaml", "examples/secret.yaml", "k8s/tests/secret.yaml"]) expect(severity(path), path).toEqual(["info"]);
  for (const path of ["k8s-test-django/k8s/secret.yaml", "latest/secret.yaml", "secret.yaml"]) expect(severity(path), path).toEqual(["warning"]);
});

it("k8s/secret-committed reads the Secret as last applied when its own values are placeholders, and skips an annotation that is no JSON object", () => {
  const secret = (lastApplied: string) => `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: demo
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '${lastApplied}'
stringData: {password: changeme}
`;
  expect(reported("k8s/secret-committed", { "a.yaml": secret('{"kind":"Secret","stringData":{"password":"s3cr3t-Db-pass"}}') }).map((d) => d.message)).toEqual([
    "Secret \"db\" holds a real-looking value in stringData.password of its last-applied-configuration annotation; anyone who can read the repository can read it",
  ]);
  for (const notAnObject of ['{"kind":"Secret",', "[1, 2]", '{"data":{"password":7}}', '{"data":["s3cr3t"]}']) {
    expect(reported("k8s/secret-committed", { "a.yaml": secret(notAnObject) })).toEqual([]);
  }
});

it("k8s/ingress-backend says when the port an Ingress names is the Service's targetPort, the usual slip", () => {
  const files = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: demo}
spec:
  defaultBackend: {service: {name: web, port: {number: 8080}}}
`;
  const [backend] = reported("k8s/ingress-backend", { "web.yaml": files });
  expect([backend?.message, backend?.hint]).toEqual([
    "Ingress \"web\" routes to port 8080 of Service \"web\", which has no such port",
    "its ports: 80 (http); 8080 is the targetPort behind port 80: an Ingress names the Service's own port",
  ]);
});

it("k8s/ingress-backend names ten Services or ports of a long list and counts the rest: one hint per Ingress must not hold the namespace", () => {
  const services = Array.from({ length: 12 }, (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: api-${index}, namespace: demo}\nspec:\n  ports: [{port: ${8000 + index}}]\n`);
  const ports = Array.from({ length: 12 }, (_, index) => `{port: ${9000 + index}}`).join(", ");
  const ingress = (service: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: demo}\nspec:\n  defaultBackend: {service: {name: ${service}, port: {number: 80}}}\n`;
  const [missing] = reported("k8s/ingress-backend", { "svc.yaml": services.join("---\n"), "ingress.yaml": ingress("api-77") });
  expect(missing?.hint).toBe('did you mean "api-7"? Services in demo: api-0, api-1, api-2, api-3, api-4, api-5, api-6, api-7, api-8, api-9 and 2 more');
  const wide = `apiVersion: v1\nkind: Service\nmetadata: {name: wide, namespace: demo}\nspec:\n  ports: [${ports}]\n`;
  const [port] = reported("k8s/ingress-backend", { "svc.yaml": wide, "ingress.yaml": ingress("wide") });
  expect(port?.hint).toBe("its ports: 9000, 9001, 9002, 9003, 9004, 9005, 9006, 9007, 9008, 9009 and 2 more");
});

it("leaves an Emperor's config, which loads no app itself, to its vassals: no no-app, no need-app, and die-on-term still (its master reloads on SIGTERM)", () => {
  const files = { "emperor.ini": "[uwsgi]\nemperor = /etc/uwsgi/vassals\nmaster = true\n", "vassals/web.ini": "[uwsgi]\nmodule = app:app\n", "vassals/app.py": FLASK_APP };
  const rules = (ruleId: string) => reported(ruleId, files).map((d) => `${d.file}:${d.line}`);
  expect(rules("uwsgi/no-app")).toEqual([]);
  expect(rules("uwsgi/need-app")).toEqual(["vassals/web.ini:1"]);
  expect(rules("uwsgi/die-on-term")).toEqual(["emperor.ini:3"]);
});

it("names an app of another framework bound under another name, and the top-level name that holds what a factory returns (E3SM-Project/simboard)", () => {
  const found = (module: string, reference = "main:app") =>
    reported("gunicorn/app-not-found", {
      "Dockerfile": `FROM python:3.12-slim\nWORKDIR /srv\nCOPY main.py .\nCMD ["uvicorn", "${reference}", "--port", "8000"]\n`,
      "docker-compose.yml": "services:\n  web:\n    build: .\n",
      "main.py": module,
    }).map((d) => [d.line, d.message, d.hint]);
  expect(found("from fastapi import FastAPI\n\nweb = FastAPI()\n")).toEqual([[4, "main.py binds no app: the FastAPI app is bound to web", "write main:web"]]);
  expect(found("from fastapi import FastAPI\n\n\ndef create_app():\n    return FastAPI()\n\n\napplication = create_app()\n")).toEqual([
    [4, "main.py binds no app: the FastAPI app is bound to application", "write main:application"],
  ]);
  expect(found("from fastapi import FastAPI\n\n\ndef create_app():\n    app = FastAPI()\n    return app\n\n\napplication = create_app()\n")).toEqual([
    [4, "app is bound only inside function create_app() of main.py (wrapped in a function): after the import uvicorn finds no app", "write main:application: the import binds the app to application"],
  ]);
  // A name bound to something else is no app to suggest.
  expect(found("import os\n\nconfig = os.environ.get('X')\n").map(([line, message]) => [line, message])).toEqual([[4, "main.py binds no app at its top level"]]);
});

it("says gunicorn's own worker serves an ASGI app as WSGI, each request failing, and not under uvicorn's worker (fixture gunicorn-asgi-sync-worker)", () => {
  const found = (command: string, extra: Record<string, string> = {}) =>
    reported("gunicorn/app-not-found", {
      "Dockerfile": `FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ${command}\n`,
      "docker-compose.yml": "services:\n  web:\n    build: .\n",
      "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
      ...extra,
    }).map((d) => [d.line, d.effect, d.message, d.hint]);
  expect(found('["gunicorn", "main:app"]')).toEqual([
    [4, "misbehaves", "main:app: gunicorn's sync worker serves the FastAPI (ASGI) app as WSGI; it starts, but every request fails (HTTP 500)", "run it with uvicorn's worker: -k uvicorn.workers.UvicornWorker (or serve it with uvicorn)"],
  ]);
  expect(found('["gunicorn", "-k", "gthread", "main:app"]').map(([, , message]) => message)).toEqual(["main:app: gunicorn's gthread worker serves the FastAPI (ASGI) app as WSGI; it starts, but every request fails (HTTP 500)"]);
  expect(found('["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]')).toEqual([]);
  expect(found('["gunicorn", "main:app"]', { "gunicorn.conf.py": "worker_class = 'uvicorn.workers.UvicornWorker'\n" })).toEqual([]);
});

it("puts a file copied to a directory an earlier COPY made in that directory, as docker build does (teuno/python_opentelemetry)", () => {
  const files = (second: string) => ({
    "Dockerfile": `FROM python:3.11-slim\nCOPY src /app\n${second}\nWORKDIR /app\nCMD ["gunicorn", "--config", "gunicorn.conf.py", "main:app"]\n`,
    "docker-compose.yml": "services:\n  web:\n    build: .\n",
    "gunicorn.conf.py": "bind = '0.0.0.0:8000'\n",
    "src/main.py": FLASK_APP,
  });
  expect(reported("gunicorn/app-not-found", files("COPY gunicorn.conf.py /app"))).toEqual([]);
  // Copied to a name no COPY made a directory, the file is that name, elsewhere.
  expect(reported("gunicorn/app-not-found", files("COPY gunicorn.conf.py /etc/gunicorn")).map((d) => d.message)).toEqual(["gunicorn exits before loading the app: Error: 'gunicorn.conf.py' doesn't exist"]);
});

it("reads the Dockerfile a compose build mapping without context names, from the compose file's directory (yasamprom/fastapichat)", () => {
  const files = (build: string) => ({
    "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["uvicorn", "main:app", "--port", "8000"]\n',
    "docker-compose.yml": `services:\n  web:\n    build: ${build}\n`,
    "main.py": "from fastapi import FastAPI\n\nweb = FastAPI()\n",
  });
  for (const build of ["{dockerfile: Dockerfile}", "{context: .}", "."]) {
    expect(reported("gunicorn/app-not-found", files(build)).map((d) => [d.file, d.line])).toEqual([["Dockerfile", 4]]);
  }
});

it("finds an app module the final stage takes from a builder stage with COPY --from (E3SM-Project/simboard)", () => {
  const files = (module: string) => ({
    "Dockerfile": 'FROM python:3.13-slim AS builder\nWORKDIR /app\nCOPY app /app/app\n\nFROM python:3.13-slim\nWORKDIR /app\nCOPY --from=builder /app /app\nUSER 1000\nCMD ["uvicorn", "app.main:app", "--port", "8000"]\n',
    "docker-compose.yml": "services:\n  backend:\n    build: .\n",
    "app/__init__.py": "",
    "app/main.py": module,
  });
  expect(reported("gunicorn/app-not-found", files("from fastapi import FastAPI\napp = FastAPI()\n"))).toEqual([]);
  expect(reported("gunicorn/app-not-found", files("from fastapi import FastAPI\nweb = FastAPI()\n")).map((d) => [d.file, d.line])).toEqual([["Dockerfile", 9]]);
});

it("takes the command of the Dockerfile stage that runs uWSGI with the ini, or the one a compose service's build.target names, not only the final stage's", () => {
  const dockerfile = 'FROM python:3.12 AS base\nWORKDIR /app\nCOPY . .\nFROM base AS hello\nENTRYPOINT ["uwsgi", "--ini", "uwsgi.ini", "--callable", "APP_HELLO"]\nFROM base AS other\nENTRYPOINT ["uwsgi", "--ini", "uwsgi.ini", "--callable", "APP_OTHER"]\nFROM nginx:1.25 AS proxy\n';
  const files = { Dockerfile: dockerfile, "uwsgi.ini": "[uwsgi]\nmodule = main\nneed-app = true\n", "main.py": "from flask import Flask\nAPP_HELLO = Flask(__name__)\n" };
  expect(reported("uwsgi/callable-not-found", files)).toEqual([]);
  const compose = (target: string) => `services:\n  web:\n    build: {context: ., target: ${target}}\n`;
  expect(reported("uwsgi/callable-not-found", { ...files, "docker-compose.yml": compose("hello") })).toEqual([]);
  expect(reported("uwsgi/callable-not-found", { ...files, "docker-compose.yml": compose("other") }).map((d) => d.message)).toEqual([
    "main.py binds no APP_OTHER: the Flask app is bound to APP_HELLO",
  ]);
});

it("finds a package the Dockerfile copies into a directory below one a copied file mapped (COPY requirements.txt . then COPY src/ web/), or copies whole besides one of its files, for uWSGI and gunicorn", () => {
  const dockerfile = (command: string) => `FROM python:3.11-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ web/\nCMD ${command}\n`;
  const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: lab}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: registry.nersc.gov/lab/web:1.0}\n";
  const files = (command: string, module = "web.app:server") => ({
    Dockerfile: dockerfile(command.replace("MODULE", module)), "deploy.yaml": deployment, "requirements.txt": "flask\n",
    "src/__init__.py": "", "src/app.py": "from flask import Flask\nserver = Flask(__name__)\n",
  });
  const uwsgi = '["uwsgi", "--http-socket", ":8050", "--module", "MODULE", "--need-app", "--master", "--die-on-term"]';
  const gunicorn = '["gunicorn", "-b", "0.0.0.0:8050", "MODULE"]';
  expect(reported("uwsgi/module-not-found", files(uwsgi))).toEqual([]);
  expect(reported("gunicorn/app-not-found", files(gunicorn))).toEqual([]);
  expect(reported("uwsgi/callable-not-found", files(uwsgi, "web.app:missing")).length).toBe(1);
  // A file copied on its own from a directory copied whole elsewhere says nothing of the rest of that directory.
  const whole = (command: string) => ({
    Dockerfile: `FROM python:3.9-slim\nCOPY ./dash/requirements.txt ./requirements.txt\nRUN pip install -r requirements.txt\nCOPY ./dash/ ./app\nCMD ${command}\n`,
    "deploy.yaml": deployment, "dash/requirements.txt": "flask\n", "dash/app.py": "from flask import Flask\nserver = Flask(__name__)\n",
  });
  expect(reported("gunicorn/app-not-found", whole("gunicorn -b 0.0.0.0:8050 app.app:server"))).toEqual([]);
  // The image's / is nothing the tree maps, but COPY ./dash/ ./app puts app/ in it: uWSGI finds app.app there.
  expect(reported("uwsgi/module-not-found", whole('["uwsgi", "--http-socket", ":8050", "--module", "app.app:server", "--need-app"]'))).toEqual([]);
  expect(reported("uwsgi/callable-not-found", whole('["uwsgi", "--http-socket", ":8050", "--module", "app.app:missing", "--need-app"]')).map((d) => d.message)).toEqual(["app.py binds no missing: the Flask app is bound to server"]);
});

it("finds a module in either of two COPYs into one directory (COPY requirements.txt . then COPY app/ .: Docker copies a directory's contents, not the directory)", () => {
  const deployment = (command: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: lab}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - {name: api, image: registry.nersc.gov/lab/api:1.0, command: ${command}}\n`;
  const files = (command: string) => ({
    Dockerfile: "FROM python:3.10-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY wsgi.py .\nRUN pip install -r requirements.txt\nCOPY app/ .\n",
    "k8s/deployment.yaml": deployment(command), "requirements.txt": "flask\n", "wsgi.py": "from api import server\n", "app/api.py": "from flask import Flask\nserver = Flask(__name__)\n",
  });
  expect(reported("gunicorn/app-not-found", files('["gunicorn", "-b", ":8000", "api:server"]'))).toEqual([]);
  expect(reported("gunicorn/app-not-found", files('["gunicorn", "-b", ":8000", "wsgi:server"]'))).toEqual([]);
  expect(reported("uwsgi/module-not-found", files('["uwsgi", "--http-socket", ":8000", "--module", "api:server", "--need-app"]'))).toEqual([]);
  expect(reported("gunicorn/app-not-found", files('["gunicorn", "-b", ":8000", "api:missing"]')).map((d) => d.message)).toEqual(["api.py binds no missing: the Flask app is bound to server"]);
});

it("uwsgi/no-app still reports an app uWSGI cannot load when a misspelt key, only a warning of uwsgi/unknown-option, is why (fixture unknown-option-typo)", () => {
  const found = reported("uwsgi/no-app", { "app.ini": "[uwsgi]\nmodlue = app\nneed-app = true\n", "app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.severity, d.hint, d.related?.map((related) => [related.line, related.message])])).toEqual([
    [1, "error", "rename modlue to module", [[2, "modlue is no uWSGI option: module misspelt?"]]],
  ]);
  // A key: value line is ini-syntax's error, which explains it alone.
  expect(reported("uwsgi/no-app", { "app.ini": "[uwsgi]\nmodule: app\nneed-app = true\n", "app.py": FLASK_APP })).toEqual([]);
});

it("uwsgi/module-not-found cannot verify a module a pythonpath glob may hold, which uWSGI expands (fixture pythonpath-glob)", () => {
  const found = reported("uwsgi/module-not-found", { "app.ini": "[uwsgi]\npythonpath = libs/*\nmodule = app:app\nneed-app = true\n", "libs/web/app.py": FLASK_APP });
  expect(found.map((d) => [d.line, d.severity, d.message])).toEqual([
    [3, "info", "cannot verify module = app:app: pythonpath = libs/* is a glob: uWSGI adds each directory it matches, which nw-lint does not list"],
  ]);
  // One set in a loop, for each of its items (NYPL-Simplified/library_registry), rather than the path with %(_) as written.
  const loop = reported("uwsgi/module-not-found", { "app.ini": "[uwsgi]\nchdir = /srv/app\nfor-glob = /srv/venv/app-*\n  pythonpath = %(_)/lib/python3.11/site-packages\nendfor =\nmodule = mypkg.app:app\nneed-app = true\n" });
  expect(loop.map((d) => [d.line, d.severity, d.message])).toEqual([
    [6, "info", "cannot verify module = mypkg.app:app: pythonpath = %(_)/lib/python3.11/site-packages is set once for each item of for-glob = /srv/venv/app-*, which nw-lint does not expand"],
  ]);
});

it("uwsgi/module-not-found cannot verify, rather than deny, a module an ini nothing starts would import from a directory above it", () => {
  const found = (files: Record<string, string>) => reported("uwsgi/module-not-found", { "flaskr/conf/app.ini": "[uwsgi]\nmodule = wsgi:app\nneed-app = true\n", ...files }).map((d) => [d.line, d.severity, d.message]);
  expect(found({ "flaskr/wsgi.py": FLASK_APP })).toEqual([
    [2, "info", "cannot verify module = wsgi:app: nothing in the tree shows where uWSGI starts: it cannot import wsgi beside the ini, but can from flaskr"],
  ]);
  expect(found({ "web/wsgi.py": FLASK_APP }).map(([line, severity]) => [line, severity])).toEqual([[2, "error"]]);
  // The same for a wsgi-file path relative to a directory above (City-of-Helsinki/respa: deploy/uwsgi.ini, wsgi-file = deploy/wsgi.py).
  const file = (files: Record<string, string>) => reported("uwsgi/module-not-found", { "deploy/uwsgi.ini": "[uwsgi]\nwsgi-file = deploy/wsgi.py\nneed-app = true\n", ...files }).map((d) => [d.line, d.severity, d.message]);
  expect(file({ "deploy/wsgi.py": FLASK_APP })).toEqual([
    [2, "info", "cannot verify wsgi-file = deploy/wsgi.py: nothing in the tree shows where uWSGI starts: it cannot open deploy/wsgi.py beside the ini, but can from ."],
  ]);
  expect(file({ "wsgi.py": FLASK_APP }).map(([line, severity]) => [line, severity])).toEqual([[2, "error"]]);
});

it("uwsgi/module-not-found cannot verify, rather than deny, a file a RUN or COPY --from puts in the image (SuperSandro2000/docker-images healthchecks)", () => {
  const ini = "[uwsgi]\nhttp-socket = :8080\nneed-app = true\nwsgi-file = /app/hc/wsgi.py\n";
  const seeAlso = (d: Diagnostic) => d.related?.map((related) => `${related.file}:${related.line}: ${related.message}`);
  const found = (dockerfile: string) => reported("uwsgi/module-not-found", { Dockerfile: dockerfile, "uwsgi.ini": ini }).map((d) => [d.line, d.severity, d.message, seeAlso(d)]);
  const staged = "FROM python:3-slim as builder\nRUN git clone --depth=1 https://github.com/healthchecks/healthchecks.git /hc\nFROM python:3-slim\nRUN pip install uwsgi\nCOPY uwsgi.ini /app/\n";
  expect(found(`${staged}COPY --from=builder /hc/ /app/\nCMD [ "uwsgi", "/app/uwsgi.ini" ]\n`)).toEqual([
    [4, "info", "cannot verify wsgi-file = /app/hc/wsgi.py: /app/hc/wsgi.py may be among what Dockerfile line 6 (COPY --from=builder) puts in /app, which nw-lint cannot see", ["Dockerfile:6: COPY --from=builder puts what nw-lint cannot see in /app"]],
  ]);
  expect(found(`${staged}COPY --from=builder [ "/hc/", "/app/" ]\nCMD [ "uwsgi", "/app/uwsgi.ini" ]\n`).map(([line, severity]) => [line, severity])).toEqual([[4, "info"]]);
  expect(found("FROM python:3-slim\nRUN pip install uwsgi\nCOPY uwsgi.ini /app/\nCOPY --from=ghcr.io/org/hc:1.0 /srv/hc /app/hc\nCMD [\"uwsgi\", \"/app/uwsgi.ini\"]\n").map(([line, severity]) => [line, severity])).toEqual([[4, "info"]]);
  expect(found("FROM python:3-slim\nRUN pip install uwsgi\nCOPY uwsgi.ini /app/\nRUN git clone --depth=1 https://github.com/healthchecks/healthchecks.git /app/hc\nCMD [\"uwsgi\", \"/app/uwsgi.ini\"]\n")).toEqual([
    [4, "info", "cannot verify wsgi-file = /app/hc/wsgi.py: /app/hc/wsgi.py may be among what Dockerfile line 4 (RUN) puts in /app/hc, which nw-lint cannot see", ["Dockerfile:4: RUN puts what nw-lint cannot see in /app/hc"]],
  ]);
  // A stage whose COPYs put the whole directory there shows it: the file is missing.
  expect(found("FROM python:3-slim AS build\nCOPY . /hc\nFROM python:3-slim\nRUN pip install uwsgi\nCOPY uwsgi.ini /app/\nCOPY --from=build /hc /app/hc\nCMD [\"uwsgi\", \"/app/uwsgi.ini\"]\n").map(([line, severity]) => [line, severity])).toEqual([[4, "error"]]);
  // A module too, by its package's directory.
  const module = reported("uwsgi/module-not-found", { Dockerfile: `${staged}COPY --from=builder /hc/ /app/\nWORKDIR /app\nCMD [ "uwsgi", "/app/uwsgi.ini" ]\n`, "uwsgi.ini": "[uwsgi]\nhttp-socket = :8080\nneed-app = true\nmodule = hc.wsgi:application\n" });
  expect(module.map((d) => [d.line, d.severity, d.message, seeAlso(d)])).toEqual([
    [4, "info", "cannot verify module = hc.wsgi:application: /app/hc may be among what Dockerfile line 6 (COPY --from=builder) puts in /app, which nw-lint cannot see", ["Dockerfile:6: COPY --from=builder puts what nw-lint cannot see in /app"]],
  ]);
});

it("gunicorn/app-not-found cannot verify, as info, a module a RUN puts in the image", () => {
  const files = { Dockerfile: "FROM python:3.12-slim\nRUN pip install gunicorn flask\nWORKDIR /app\nCOPY requirements.txt .\nRUN git clone https://github.com/org/web.git /app/web\nCMD [\"gunicorn\", \"-b\", \":8080\", \"web.wsgi:app\"]\n", "requirements.txt": "flask\n", "deploy.yaml": webDeployment("      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n") };
  expect(reported("gunicorn/app-not-found", files).map((d) => [`${d.line} ${d.severity} ${d.message}`, d.related?.map((related) => `${related.file}:${related.line}: ${related.message}`)])).toEqual([
    ["6 info cannot verify web.wsgi:app: /app/web may be among what Dockerfile line 5 (RUN) puts in /app/web, which nw-lint cannot see", ["Dockerfile:5: RUN puts what nw-lint cannot see in /app/web"]],
  ]);
});

it("uwsgi/module-not-found says module = uwsgi imports uWSGI's own module, never a uwsgi.py (fixture module-named-uwsgi)", () => {
  const found = (files: Record<string, string>) => reported("uwsgi/module-not-found", { "app.ini": "[uwsgi]\nmodule = uwsgi.web:app\nneed-app = true\n", ...files }).map((d) => [d.line, d.effect, d.message, d.hint]);
  expect(found({ "uwsgi/__init__.py": "", "uwsgi/web.py": FLASK_APP })).toEqual([
    [2, "wont-start", "module = uwsgi.web:app: uwsgi is uWSGI's own module, already imported when the app loads, so Python takes it instead of uwsgi/, and it holds no app", "rename uwsgi/ and set module to its new name"],
  ]);
  expect(found({}).map(([, , message, hint]) => [message, hint])).toEqual([
    ["module = uwsgi.web:app: uwsgi is uWSGI's own module, already imported when the app loads, so Python takes it, and it holds no app", "set module to the module that holds the app"],
  ]);
});

describe("uwsgi/unknown-option and the plugins a pip-built uWSGI embeds", () => {
  it("knows gevent, cheaper_busyness and symcall options, and still reports a typo", () => {
    const ini = "[uwsgi]\nmodule = app:app\nneed-app = true\ngevent = 100\ngevent-monkey-patch = true\ncheaper-algo = busyness\ncheaper = 2\ncheaper-busyness-min = 20\ncheaper-busyness-backlog-step = 2\nsymcall = init\ncheaper-busyness-mni = 10\n";
    expect(reported("uwsgi/unknown-option", { "app.ini": ini, "app.py": FLASK_APP }).map((d) => [d.line, d.message])).toEqual([
      [11, "cheaper-busyness-mni is not a uWSGI option; uWSGI keeps it as an unused placeholder (did you mean cheaper-busyness-min?)"],
    ]);
  });

  it("only informs of a key that may be an option of a plugin the config loads and the table lacks", () => {
    const found = (plugins: string) => reported("uwsgi/unknown-option", { "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\n${plugins}\ndogstatsd-all-gauges = true\n`, "app.py": FLASK_APP }).map((d) => [d.line, d.severity, d.message]);
    expect(found("plugin = dogstatsd\nneed-plugins = /usr/lib/uwsgi/plugins/shortmsecs_plugin.so, python3")).toEqual([
      [6, "info", "dogstatsd-all-gauges is not an option of uWSGI or of the plugins nw-lint knows; it may be one of the dogstatsd or shortmsecs plugin the config loads"],
    ]);
    expect(found("plugins = python3,gevent,router_static")).toEqual([[5, "warning", "dogstatsd-all-gauges is not a uWSGI option; uWSGI keeps it as an unused placeholder"]]);
  });
});

describe("uwsgi/unknown-option where uWSGI exits on it", () => {
  const deployment = (command: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: lab}\nspec:\n  containers:\n    - name: web\n      image: registry.nersc.gov/lab/web:1.0\n      workingDir: /app\n      command: ${command}\n`;
  const ARGPARSE_APP = 'import argparse\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument("-i", "--indir", required=True)\nargs = parser.parse_args()\napp = Flask(__name__)\n';

  it("is an error in strict mode, and a warning where uWSGI keeps the key", () => {
    const severities = (strict: string) => reported("uwsgi/unknown-option", { "app.ini": `[uwsgi]\n${strict}module = app:app\nmax-requests-delta = 50\n`, "app.py": FLASK_APP }).map((d) => d.severity);
    expect(severities("strict = true\n")).toEqual(["error"]);
    expect(severities("")).toEqual(["warning"]);
  });

  it("says a line with nothing before = names no option, as uWSGI keeps it (--show-config prints ` = 5`) or, in strict mode, exits on it", () => {
    const unnamed = (strict: string) => reported("uwsgi/unknown-option", { "app.ini": `[uwsgi]\n${strict}module = app:app\n= 5\n`, "app.py": FLASK_APP }).map((d) => [d.line, d.column, d.severity, d.message, d.hint]);
    expect(unnamed("")).toEqual([[3, 1, "warning", "this line names no option (nothing before =): uWSGI keeps its value under an empty name, which nothing reads", "write the option's name before =, or delete the line"]]);
    expect(unnamed("strict = true\n")).toEqual([
      [4, 1, "error", "this line names no option (nothing before =), and strict mode is on: uWSGI exits with `unknown config directive: `", "write the option's name before =, or delete the line"],
    ]);
  });

  it("tells to give --pyargv one word when its value was split, and leaves argparse out of it: uWSGI exits before the import", () => {
    const files = (command: string) => ({ "pod.yaml": deployment(command), "app.ini": "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\nneed-app = true\n", "app.py": ARGPARSE_APP });
    const split = files(`["uwsgi", "--ini", "app.ini", "--pyargv", "-i", "./static", "./data"]`);
    expect(reported("uwsgi/unknown-option", split).map((d) => [d.severity, d.message, d.hint])).toEqual([
      ["error", "uWSGI rejects ./static (unable to load configuration from ./static) and exits before loading the app", 'give --pyargv the app\'s arguments as one word: "--pyargv", "-i ./static"'],
      ["error", "uWSGI rejects ./data (unable to load configuration from ./data) and exits before loading the app", 'give --pyargv the app\'s arguments as one word: "--pyargv", "-i ./static ./data"'],
    ]);
    expect(reported("app/argv-mismatch", split)).toEqual([]);
    expect(reported("uwsgi/unknown-option", files(`["uwsgi", "--ini", "app.ini", "--pyargv", "-i ./static", "extra"]`)).map((d) => d.hint)).toEqual([
      'give --pyargv the app\'s arguments as one word: "--pyargv", "-i ./static extra"',
    ]);
    expect(reported("uwsgi/unknown-option", files(`["uwsgi", "--master", "extra", "--ini", "app.ini"]`)).map((d) => d.hint)).toEqual(["correct or remove the argument"]);
    expect(reported("app/argv-mismatch", files(`["uwsgi", "--ini", "app.ini", "--pyargv", "-i"]`)).map((d) => d.message)).toEqual([
      'the app parses sys.argv when uWSGI imports it, and argparse rejects pyargv = -i: "uwsgi: error: argument -i/--indir: expected one argument"; uWSGI exits 2',
    ]);
  });
});

describe("a security field outside securityContext", () => {
  const deployment = (podSpec: string, container: string) => webDeployment(`${podSpec}      containers:
        - name: web
          image: registry.nersc.gov/m1234/web:1.0
${container}          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
      volumes:
        - name: data
          hostPath: {path: /global/cfs/cdirs/m1234, type: Directory}
`);

  it("is what spin/run-as-user says the container lacks, with where it is", () => {
    const [finding] = reported("spin/run-as-user", { "deploy.yaml": deployment("      securityContext: {fsGroup: 58102}\n", "          runAsUser: 95089\n") });
    expect([finding!.line, finding!.message, finding!.hint, finding!.related?.map((related) => `${related.line}: ${related.message}`)]).toEqual([
      18, 'container "web" sets runAsUser outside securityContext, where Kubernetes does not read it, in a pod that mounts the global file system',
      "move runAsUser into securityContext (--fix moves it)", ["17: runAsUser, outside securityContext"],
    ]);
  });

  it("is what spin/capabilities-drop-all says the container drops, with where, the container's own first, unless the move has nowhere to go", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: demo}\nspec:\n  securityContext:\n    capabilities: {drop: [ALL]}\n  containers:\n" +
      "    - name: web\n      image: registry.nersc.gov/m1234/web:1.0\n      capabilities:\n        drop: [ALL]\n      securityContext: {allowPrivilegeEscalation: false}\n" +
      "    - name: side\n      image: registry.nersc.gov/m1234/side:1.0\n      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [NET_RAW]}}\n";
    expect(reported("spin/capabilities-drop-all", { "pod.yaml": pod }).map((d) => [d.line, d.message, d.hint, d.fix?.title, d.related?.map((related) => related.line)])).toEqual([
      [12, 'container "web" drops ALL capabilities outside securityContext, where Kubernetes does not read them', "move capabilities into the container's securityContext (--fix moves it, or --fix-unsafe when a container it goes to may run as root)", undefined, [10]],
      // Its securityContext has capabilities of its own, where the move cannot go: ALL is added there.
      [15, 'container "side" does not drop ALL capabilities', "add ALL to securityContext.capabilities.drop; Spin rejects pods that keep default capabilities", "drop ALL capabilities", undefined],
    ]);
  });

  it("is what spin/fs-group says the pod lacks, and the hint names the pod spec of the workload's kind", () => {
    const user = "          runAsUser: 95089\n";
    const [misplaced] = reported("spin/fs-group", { "deploy.yaml": deployment("      fsGroup: 58102\n", "").replace("            allowPrivilegeEscalation", `  ${user}            allowPrivilegeEscalation`) });
    expect([misplaced!.message, misplaced!.hint, misplaced!.related?.map((related) => related.line)]).toEqual([
      "pod mounts the global file system and sets fsGroup outside the pod's securityContext, where Kubernetes does not read it, and no runAsGroup",
      "move fsGroup into spec.template.spec.securityContext (--fix moves it)", [13],
    ]);
    const [none] = reported("spin/fs-group", { "deploy.yaml": deployment("", "") });
    expect([none!.message, none!.hint]).toEqual(["pod mounts the global file system but sets neither fsGroup nor runAsGroup", "set spec.template.spec.securityContext.fsGroup to your project's numeric group"]);
  });
});

it("names a package's __init__.py with its package, and the module of the same name it hides", () => {
  const ini = "[uwsgi]\nmodule = app\ncallable = app\nneed-app = true\n";
  const shadowed = reported("uwsgi/callable-not-found", { "app.ini": ini, "app.py": FLASK_APP, "app/__init__.py": "" });
  expect(shadowed.map((d) => d.message)).toEqual(["app/__init__.py (Python imports the package app/, not app.py) binds no app at its top level"]);
  const alone = reported("uwsgi/callable-not-found", { "app.ini": ini, "app/__init__.py": "import os\n" });
  expect(alone.map((d) => d.message)).toEqual(["app/__init__.py binds no app at its top level"]);
});

it("cannot verify a callable the module may bind by name through globals() or setattr, and says so as info", () => {
  const ini = "[uwsgi]\nmodule = web:app\nneed-app = true\n";
  const lookup = (source: string) => reported("uwsgi/callable-not-found", { "app.ini": ini, "web.py": `import sys\nfrom flask import Flask\n${source}\n` }).map((d) => [d.severity, d.message]);
  expect(lookup('globals()["app"] = Flask(__name__)')).toEqual([["info", "cannot verify the callable app: app may be bound by globals()[\"app\"] = Flask(__name__) (web.py:3), which nw-lint does not follow"]]);
  expect(lookup('setattr(sys.modules[__name__], "app", Flask(__name__))')).toMatchObject([["info", expect.stringContaining("setattr(sys.modules[__name__]")]]);
  expect(lookup("api = Flask(__name__)")).toEqual([["error", "web.py binds no app: the Flask app is bound to api"]]);
  // Only code counts: not a comment or a string, nor reading the namespace.
  expect(lookup('# The old launcher ran exec(open("web.py").read())\nDOC = "globals()[name] = x"\nh = globals()["x"]')).toEqual([["error", "web.py binds no app at its top level"]]);
  expect(lookup("exec(SOURCE)")).toMatchObject([["info", expect.stringContaining("may be bound by exec(SOURCE) (web.py:3)")]]);
});

it("k8s/ingress-backend takes any port of an ExternalName Service, which forwards to a name outside the cluster", () => {
  const files = (type: string) => ({
    "svc.yaml": `apiVersion: v1\nkind: Service\nmetadata: {name: docs, namespace: web}\nspec:\n  ${type}\n`,
    "ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: web}\nspec:\n  rules:\n    - host: web.web.production.svc.spin.nersc.org\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: docs, port: {number: 443}}\n",
  });
  expect(reported("k8s/ingress-backend", files("type: ExternalName\n  externalName: docs.example.org"))).toEqual([]);
  expect(reported("k8s/ingress-backend", files("ports: [{port: 80}]")).map((d) => d.message)).toEqual(['Ingress "web" routes to port 443 of Service "docs", which has no such port']);
});

it("uwsgi/inline-comment offers no fix for a comment that would become a suppression on a line of its own", () => {
  const fixes = (comment: string) => reported("uwsgi/inline-comment", { "app.ini": `[uwsgi]\nmodule = app:app\nneed-app = true\nenv = NOTE=see docs ${comment}\n`, "app.py": FLASK_APP }).map((d) => d.fix?.title);
  expect(fixes("# nw-lint-disable-file")).toEqual([undefined]);
  expect(fixes("# see the wiki")).toEqual(["move the comment to its own line"]);
});

it("k8s/duplicate-object tells an identical copy, which changes nothing at apply, from a definition that replaces another, and gives it no effect", () => {
  const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "${image}"}]\n`;
  const found = (second: string) => reported("k8s/duplicate-object", { "a.yaml": deployment("registry.nersc.gov/m1/web:1.0"), "b.yaml": second }).map((d) => [d.file, d.line, d.severity, d.effect, d.message]);
  // The same values written another way are the same object.
  expect(found(deployment("registry.nersc.gov/m1/web:1.0").replace("{matchLabels: {app: web}}", "\n    matchLabels:\n      app: web"))).toEqual([
    ["b.yaml", 4, "error", undefined, 'Deployment "web" is defined again, identically, in this directory (first at a.yaml:4): an edit to one copy is undone when the other is applied after it'],
  ]);
  expect(found(deployment("registry.nersc.gov/m1/web:1.1"))).toEqual([["b.yaml", 4, "error", "misbehaves", 'Deployment "web" is defined again in this directory; applied, it replaces the one at a.yaml:4']]);
});

it("k8s/schema says where a field written a level too high belongs (a Deployment's spec.containers)", () => {
  const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: lab}\nspec:\n  selector: {matchLabels: {app: web}}\n  containers: []\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: registry.nersc.gov/m1/web:1.0}]\n";
  expect(reported("k8s/schema", { "deploy.yaml": deployment }).map((d) => [d.line, d.message])).toEqual([[6, 'unknown field "containers" in spec (containers belongs in spec.template.spec)']]);
});

it("uwsgi/need-app and uwsgi/die-on-term know that tiangolo/uwsgi-nginx-flask loads the app's /app/uwsgi.ini and then its own config, which turns both on", () => {
  const files = (dockerfile: string) => ({ Dockerfile: dockerfile, "app/uwsgi.ini": "[uwsgi]\nmodule = main\ncallable = app\nmaster = true\n", "app/main.py": FLASK_APP });
  const found = (dockerfile: string) => ["uwsgi/need-app", "uwsgi/die-on-term"].flatMap((ruleId) => reported(ruleId, files(dockerfile)).map((d) => `${ruleId} ${d.file}:${d.line}`));
  expect(found("FROM tiangolo/uwsgi-nginx-flask:python3.11\nCOPY ./app /app\n")).toEqual([]);
  expect(found("FROM docker.io/tiangolo/uwsgi-nginx:python3.12\nCOPY ./app /app\n")).toEqual([]);
  // Another base, or UWSGI_INI naming another file: nothing starts this ini with the image's config.
  const unlinked = ["uwsgi/need-app app/uwsgi.ini:1", "uwsgi/die-on-term app/uwsgi.ini:4"];
  expect(found("FROM python:3.11\nCOPY ./app /app\n")).toEqual(unlinked);
  expect(found("FROM tiangolo/uwsgi-nginx-flask:python3.11\nENV UWSGI_INI /app/prod.ini\nCOPY ./app /app\n")).toEqual(unlinked);
});

it("uwsgi/die-on-term takes a master-start hook that hands SIGTERM (15) to a shutdown function as die-on-term, and only that", () => {
  const lines = (...hooks: string[]) => reported("uwsgi/die-on-term", { "app.ini": ["[uwsgi]", "module = app:app", "master = true", "need-app = true", ...hooks, ""].join("\n"), "app.py": FLASK_APP }).map((d) => d.line);
  expect(lines("hook-master-start = unix_signal:15 gracefully_kill_them_all")).toEqual([]);
  expect(lines("hook-master-start = unix_signal:15 kill_them_all")).toEqual([]);
  expect(lines("hook-master-start = unix_signal:15 reap_them_all", "hook-master-start = unix_signal:15 gracefully_kill_them_all")).toEqual([]);
  // uWSGI 2.0.21 still reloads: the last signal-15 hook is a reload, the hook runs before the master
  // sets its handlers, or the signal is another.
  expect(lines("hook-master-start = unix_signal:15 gracefully_kill_them_all", "hook-master-start = unix_signal:15 reap_them_all")).toEqual([3]);
  expect(lines("hook-master-start = unix_signal:15 grace_them_all")).toEqual([3]);
  expect(lines("hook-as-user = unix_signal:15 gracefully_kill_them_all")).toEqual([3]);
  expect(lines("hook-master-start = unix_signal:2 gracefully_kill_them_all")).toEqual([3]);
});

it("uwsgi/die-on-term reports a master-start hook that hands SIGTERM to a reload, which overrides die-on-term in uWSGI 2.0.21 whatever their order, and then offers no die-on-term fix", () => {
  const found = (...lines: string[]) =>
    reported("uwsgi/die-on-term", { "app.ini": ["[uwsgi]", "module = app:app", "master = true", "need-app = true", ...lines, ""].join("\n"), "app.py": FLASK_APP })
      .map((d) => [d.line, d.message, d.hint, d.fix?.title, d.related?.map((site) => `${site.line}: ${site.message}`)]);
  const overrides = (handler: string) => `hook-master-start = unix_signal:15 ${handler} hands SIGTERM to ${handler}, which reloads uWSGI: the hook overrides die-on-term, so Kubernetes kills the pod only after the grace period`;
  const hint = "write hook-master-start = unix_signal:15 gracefully_kill_them_all for a graceful stop, or remove the hook so that die-on-term applies";
  expect(found("die-on-term = true", "hook-master-start = unix_signal:15 grace_them_all")).toEqual([[6, overrides("grace_them_all"), hint, undefined, undefined]]);
  expect(found("hook-master-start = unix_signal:15 reap_them_all", "die-on-term = true")).toEqual([[5, overrides("reap_them_all"), hint, undefined, undefined]]);
  expect(found("die-on-term = true", "hook-master-start = unix_signal:15 grace_them_all", "hook-master-start = unix_signal:15 gracefully_kill_them_all")).toEqual([]);
  // A hook uWSGI runs before the master sets its handlers, or one for another signal, leaves die-on-term alone.
  expect(found("die-on-term = true", "hook-as-user = unix_signal:15 grace_them_all")).toEqual([]);
  expect(found("die-on-term = true", "hook-master-start = unix_signal:1 grace_them_all")).toEqual([]);
  // Without die-on-term: at master, as ever, but adding die-on-term would change nothing.
  expect(found("hook-master-start = unix_signal:15 grace_them_all")).toEqual([[
    3, "master is on and die-on-term is not: uWSGI reloads on SIGTERM, so Kubernetes kills the pod only after the grace period",
    "the hook that hands SIGTERM to grace_them_all overrides die-on-term: write hook-master-start = unix_signal:15 gracefully_kill_them_all instead", undefined,
    ["5: this hook hands SIGTERM to grace_them_all, which reloads uWSGI"],
  ]]);
  expect(found()[0]?.slice(2, 4)).toEqual(["add die-on-term = true", "add die-on-term = true"]);
});

it("an official python:*-onbuild base starts the app in /usr/src/app, where its ONBUILD trigger copied the build context", () => {
  const dockerfile = "FROM python:3.6-onbuild\nRUN pip install uwsgi\nCMD uwsgi --socket 0.0.0.0:4000 --need-app --manage-script-name --mount /=app:app\n";
  const run = runCli(["Dockerfile", "--format", "json"], { cwd: temporaryTree({ Dockerfile: dockerfile, "app.py": FLASK_APP, "requirements.txt": "flask\n" }) });
  expect((JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics).toEqual([]);
  const files = { Dockerfile: 'FROM python:3.6-onbuild\nCMD ["uwsgi", "--ini", "app.ini"]\n', "app.ini": "[uwsgi]\nhttp-socket = :8080\nmodule = wsgi:app\nneed-app = true\n", "web.py": FLASK_APP };
  expect(reported("uwsgi/module-not-found", files).map((d) => d.message)).toEqual([
    "module = wsgi:app: uWSGI cannot import it (No module named 'wsgi'); Python searches /usr/src/app (the working directory)",
  ]);
});

it("checks the uWSGI a compose service, or the image of a Dockerfile named on the command line, runs configured by its command line alone", () => {
  const files = {
    "docker-compose.yml": "services:\n  web:\n    build: .\n    command: uwsgi --http-socket :8000 --module app:application --need-app\n",
    Dockerfile: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--http-socket", ":8000", "--module", "app", "--callable", "server", "--need-app"]\n',
    "app.py": FLASK_APP,
  };
  expect(reported("uwsgi/callable-not-found", files).map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual(["docker-compose.yml:4 app.py binds no application: the Flask app is bound to app"]);
  const dir = temporaryTree({ Dockerfile: files.Dockerfile, "app.py": FLASK_APP });
  const run = runCli(["Dockerfile", "app.py", "--format", "json"], { cwd: dir });
  const diagnostics = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`)).toEqual(["Dockerfile:4 uwsgi/callable-not-found app.py binds no server: the Flask app is bound to app"]);
});

it("spin/privileged's hint to add allowPrivilegeEscalation: false says it goes with privileged: false, which the API server requires beside it", () => {
  const hints = (securityContext: string) => reported("spin/privileged", { "deploy.yaml": webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          securityContext: ${securityContext}\n`) }).map((d) => d.hint);
  expect(hints("{privileged: true}")).toEqual(["add allowPrivilegeEscalation: false to the container's securityContext, with privileged: false (the API server refuses it beside privileged: true)", "set privileged: false; Spin does not run privileged containers"]);
  expect(hints("{runAsUser: 1000}")).toEqual(["add allowPrivilegeEscalation: false to the container's securityContext"]);
});

it("gunicorn/app-not-found cannot verify, as info, a module only what a pip install of a URL brings could provide", () => {
  const dir = temporaryTree({ Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install flask gunicorn && pip install git+https://github.com/lab/sky\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n', "other.py": "" });
  const diagnostics = (JSON.parse(runCli(["Dockerfile", "--format", "json"], { cwd: dir }).stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  expect(diagnostics.map((d) => `${d.line} ${d.severity} ${d.ruleId} ${d.message}`)).toEqual([
    "5 info gunicorn/app-not-found cannot verify app:app: app may be among what pip install git+https://github.com/lab/sky (Dockerfile:4) installs, which nw-lint cannot see",
  ]);
});

it("finds a package the Dockerfile copies below a working directory nothing else maps (WORKDIR /var/code, COPY pkg pkg)", () => {
  const deployment = (command: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: lab}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - {name: api, image: registry.nersc.gov/lab/api:1.0, command: ${command}}\n`;
  const files = (command: string) => ({
    Dockerfile: "FROM python:3.10\nWORKDIR /var/code\nRUN pip install flask gunicorn\nCOPY pkg pkg\n",
    "k8s/deployment.yaml": deployment(command), "pkg/__init__.py": "", "pkg/wsgi.py": FLASK_APP,
  });
  expect(reported("gunicorn/app-not-found", files('["gunicorn", "-b", ":8000", "pkg.wsgi:app"]'))).toEqual([]);
  expect(reported("gunicorn/app-not-found", files('["gunicorn", "-b", ":8000", "pkg.wsgi:application"]')).map((d) => d.message)).toEqual(["wsgi.py binds no application: the Flask app is bound to app"]);
  // What no COPY puts there may still be in the image: uWSGI's search of it cannot be verified.
  expect(reported("uwsgi/module-not-found", files('["uwsgi", "--http-socket", ":8000", "--module", "other:app", "--need-app"]')).map((d) => d.severity)).toEqual(["info"]);
});

it("uwsgi/uid-gid-option's fix, deleting the line, is unsafe where uWSGI starts as root and switches: the app would then run as root", () => {
  const files = (securityContext: string) => ({
    "deploy.yaml": webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [uwsgi, --ini, /app/app.ini]\n          securityContext: ${securityContext}\n`),
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nuid = 58102\n", "app.py": FLASK_APP,
  });
  const fixes = (securityContext: string) => reported("uwsgi/uid-gid-option", files(securityContext)).map((d) => [d.fix?.title, d.fix?.applicability]);
  expect(fixes("{runAsUser: 0, capabilities: {drop: [ALL], add: [SETUID, SETGID]}}")).toEqual([["delete the uid line", "unsafe"]]);
  expect(fixes("{runAsUser: 58102, capabilities: {drop: [ALL]}}")).toEqual([["delete the uid line", "safe"]]);
});

it("k8s/security-context-placement sends a pod-level field found under a container to the pod spec's securityContext, where its fix moves it", () => {
  const found = reported("k8s/security-context-placement", { "deploy.yaml": webDeployment("      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          fsGroup: 58102\n          runAsUser: 58102\n") });
  expect(found.map((d) => [d.message, d.hint])).toEqual([
    ["fsGroup sits directly under the container; Kubernetes reads it only inside the pod spec's securityContext", "move it into the pod spec's securityContext"],
    ["runAsUser sits directly under the container; Kubernetes reads it only inside the container's securityContext", "move it into the container's securityContext"],
  ]);
});

it("k8s/schema writes a container's command given as one line as the list of its words, which the kubelet runs without a shell, and leaves a line with shell syntax alone", () => {
  const fixOf = (command: string) => reported("k8s/schema", { "deploy.yaml": webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: ${command}\n`) }).map((d) => d.fix && [d.fix.title, d.fix.edits.map((edit) => edit.text)]);
  expect(fixOf("uwsgi --ini /app/app.ini")).toEqual([["write command as a list of its words", ['[uwsgi, "--ini", /app/app.ini]']]]);
  expect(fixOf("uwsgi")).toEqual([["write command as a list", ["[uwsgi]"]]]);
  expect(fixOf("\"cd /app && uwsgi --ini app.ini\"")).toEqual([undefined]);
});

it("gunicorn/app-not-found cannot verify, as info, a module a compose service binds from a directory outside the linted files", () => {
  const files = {
    "docker-compose.yml": "services:\n  api:\n    build: .\n    volumes:\n      - /opt/api:/app\n    command: uvicorn --factory app.app:create_app --host 0.0.0.0\n",
    Dockerfile: "FROM python:3.11-slim\nWORKDIR /app\nRUN pip install uvicorn\n",
  };
  expect(reported("gunicorn/app-not-found", files).map((d) => `${d.severity} ${d.message}`)).toEqual(["info cannot verify app.app:create_app: app may be in /app, on a directory outside the linted files"]);
});

it("gunicorn/app-not-found: $PORT reaches the server as written where no shell reads the command, and is expanded where one does ($(PORT) by the kubelet)", () => {
  const deployment = (command: string) => webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          env: [{name: PORT, value: "8080"}]\n          ports: [{containerPort: 8080}]\n          command: ${command}\n`);
  const found = (command: string) => ["gunicorn/app-not-found", "k8s/port-chain"].flatMap((ruleId) => reported(ruleId, { "deploy.yaml": deployment(command), "app.py": FLASK_APP }).map((d) => `${ruleId} ${d.message} | ${d.hint}`));
  expect(found('[gunicorn, --bind, "0.0.0.0:$PORT", app:app]')).toEqual([
    "gunicorn/app-not-found gunicorn exits before loading the app: Error: '$PORT' is not a valid port number. | no shell reads this command, so $PORT is passed as written: run it with sh -c \"…\", or write $(PORT) in a Kubernetes command",
  ]);
  expect(found('[gunicorn, --bind, "0.0.0.0:$(PORT)", app:app]')).toEqual([]);
  expect(found('[sh, -c, "exec gunicorn --bind 0.0.0.0:$PORT app:app"]')).toEqual([]);
  expect(found('[uvicorn, app:app, --host, 0.0.0.0, --port, "$PORT", --interface, wsgi]')).toEqual([
    "gunicorn/app-not-found uvicorn exits before loading the app: Error: Invalid value for '--port': '$PORT' is not a valid integer. | no shell reads this command, so $PORT is passed as written: run it with sh -c \"…\", or write $(PORT) in a Kubernetes command",
  ]);
});

it("k8s/port-chain says uWSGI reads a socket's ${PORT} as port 0, binding a random port, and to write $(PORT)", () => {
  const files = {
    "deploy.yaml": `${webDeployment("      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [uwsgi, --ini, /app/app.ini]\n          env: [{name: PORT, value: \"5000\"}]\n          ports: [{containerPort: 5000}]\n")}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 5000}]\n`,
    "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nhttp-socket = :${PORT}\n", "app.py": FLASK_APP,
  };
  expect(reported("k8s/port-chain", files).map((d) => [d.message, d.hint])).toEqual([
    ['uWSGI in container "web" listens on :${PORT}: uWSGI expands $(NAME), not ${PORT}, so it reads port 0 and binds a random port: Service "web" gets no answer', "write http-socket = :$(PORT)"],
  ]);
});

it("leaves a value of the wrong type to k8s/schema: an Ingress port number written as a string, a mount's readOnly: \"true\", a hostPath type that is no string", () => {
  const volume = (mount: string, source: string) => webDeployment(`      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          volumeMounts: [{name: data, mountPath: /data${mount}}]\n      volumes:\n        - {name: data, hostPath: {path: /global/cfs/cdirs/m1/data${source}}}\n`);
  const concerned = new Set(["k8s/schema", "spin/global-mount-writable", "spin/hostpath", "k8s/ingress-backend"]);
  const rules = (files: Record<string, string>) => [...new Set(lintDirectory(temporaryTree(files)).diagnostics.filter((d) => concerned.has(d.ruleId)).map((d) => d.ruleId))].sort();
  expect(rules({ "deploy.yaml": volume(', readOnly: "true"', ", type: Directory") })).toEqual(["k8s/schema"]);
  expect(rules({ "deploy.yaml": volume(", readOnly: true", ", type: 7") })).toEqual(["k8s/schema"]);
  const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  selector: {app: web}\n  ports: [{port: 8080}]\n";
  const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: demo}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: "8080"}}}}\n';
  expect(rules({ "svc.yaml": service, "ingress.yaml": ingress })).toEqual(["k8s/schema"]);
});

it("offers no fix that writes into a mapping an alias stands for: the securityContext another container shares through *sc would change there too", () => {
  const pod = (web: string, redis: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: lab}\nspec:\n  containers:\n  - name: web\n    image: registry.nersc.gov/m1/web:1.0\n    command: [uwsgi, --http-socket, ":8080", --uid, "58102"]\n    securityContext: ${web}\n  - name: redis\n    image: registry.nersc.gov/m1/redis:7\n    securityContext: ${redis}\n`;
  const fixes = (text: string) => reported("spin/user-in-command", { "pod.yaml": text }).map((d) => d.fix?.title);
  const context = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}";
  expect(fixes(pod(`&sc ${context}`, "*sc"))).toEqual([undefined]);
  expect(fixes(pod(context, context))).toEqual(["set runAsUser: 58102 instead of --uid"]);
});

it("gunicorn/app-not-found's hint says sh -c runs only its script when the command is split after it", () => {
  const deploy = webDeployment('      containers:\n        - name: web\n          image: registry.nersc.gov/m1/web:1.0\n          command: [sh, -c, uvicorn, "app:app", --host, 0.0.0.0]\n');
  expect(reported("gunicorn/app-not-found", { "deploy.yaml": deploy, "app.py": FLASK_APP }).map((d) => [d.message, d.hint])).toEqual([
    ["uvicorn exits before loading the app: Error: Missing argument 'APP'.", "sh -c runs only its script; the words after it (app:app --host 0.0.0.0) become $0, $1…: put the whole command in the one string"],
  ]);
});

describe("a file the build's .dockerignore keeps out of the image", () => {
  const image = { Dockerfile: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--ini", "app.ini"]\n', "app.ini": "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\nneed-app = true\n", "app.py": FLASK_APP };

  it("uwsgi/module-not-found names the pattern that excludes the module, and points at it", () => {
    const [found] = reported("uwsgi/module-not-found", { ...image, ".dockerignore": "# keep tests out\n*.py\n" });
    expect(found?.message).toBe("module = app:app: uWSGI cannot import it (No module named 'app'): /app/app.py is not in the image, as .dockerignore keeps it out of the build (line 2: *.py)");
    expect(found?.hint).toBe("add !app.py to .dockerignore after line 2, or remove that pattern");
    expect(found?.related?.map((related) => [related.file, related.line, related.endColumn, related.message])).toEqual([[".dockerignore", 2, 5, "this pattern keeps app.py out of the image"]]);
  });

  it("uwsgi/ini-syntax says the ini the command names is excluded, at the --ini value", () => {
    const [found] = reported("uwsgi/ini-syntax", { ...image, ".dockerignore": "**/*.ini\n" });
    expect([found?.file, found?.line, found?.message, found?.hint]).toEqual([
      "Dockerfile", 4,
      "uWSGI cannot read the config app.ini: .dockerignore keeps it out of the image (line 1: **/*.ini), so /app/app.ini does not exist and uWSGI exits (`realpath() of app.ini failed`)",
      "add !app.ini to .dockerignore after line 1, or remove that pattern",
    ]);
  });
});

describe("configs uWSGI cannot load as named", () => {
  const base = { "base.ini": "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\n", "app.py": FLASK_APP };

  it("uwsgi/quoted-value: a quoted include makes uWSGI exit (`unable to load configuration from \"base.ini\"`)", () => {
    const [found] = reported("uwsgi/quoted-value", { ...base, "app.ini": '[uwsgi]\ninclude = "base.ini"\nneed-app = true\n' });
    expect([found?.line, found?.message, found?.effect]).toEqual([2, "the value of include is wrapped in quotes, and uWSGI keeps them: it loads no config from \"base.ini\" and exits (`unable to load configuration from \"base.ini\"`)", "wont-start"]);
  });

  it("uwsgi/ini-syntax: $(VAR) or %(name) in a config's name is not expanded, so the hint is the file name itself, not another option", () => {
    const hints = (ini: string) => reported("uwsgi/ini-syntax", { ...base, "app.ini": `[uwsgi]\n${ini}\nneed-app = true\n` }).map((diagnostic) => diagnostic.hint);
    expect(hints("include = $(CONF)")).toEqual(["write the config's file name itself in place of $(CONF): uWSGI does not expand $(CONF) in the name of a config it loads"]);
    expect(hints("ini = %(d)base.ini")).toEqual(["write the config's file name itself in place of %(d): uWSGI does not expand %(d) in the name of a config it loads"]);
  });

  it("uwsgi/ini-syntax: ini = base.yaml reads the YAML as an ini, with no [uwsgi] section, at the ini value (and no uwsgi/no-app)", () => {
    const files = { "app.ini": "[uwsgi]\nini = base.yaml\nneed-app = true\n", "base.yaml": "uwsgi:\n  module: app:app\n", "app.py": FLASK_APP };
    const [found] = reported("uwsgi/ini-syntax", files);
    expect([found?.file, found?.line, found?.column, found?.message, found?.hint, found?.effect]).toEqual([
      "app.ini", 2, 7,
      "ini reads base.yaml as an ini file and finds no [uwsgi] section in it (`*** WARNING: Can't find section \"uwsgi\" in INI configuration file base.yaml ***`): uWSGI applies none of its options",
      "load it with yaml = base.yaml (or include = base.yaml), which reads it as YAML",
      "wont-start",
    ]);
    expect(reported("uwsgi/no-app", files)).toEqual([]);
    expect(reported("uwsgi/ini-syntax", { ...files, "base.yaml": "[uwsgi]\nmodule = app:app\n" })).toEqual([]);
  });
});
