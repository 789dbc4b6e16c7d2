import { describe, expect, it } from "vitest";
import { simulateArgparse, type ArgparseResult } from "../../src/languages/python/argparse.js";
import { isFloat, type PyValue } from "../../src/languages/python/literals.js";
import { effectsWhenCalled } from "../../src/languages/python/module.js";
import { analyze, realArgparse, type PythonArgparseRun } from "./helpers.js";

const NIGHTWATCH = `import argparse
parser = argparse.ArgumentParser(usage="app.py [options]")
parser.add_argument("-i", "--indir", type=str, required=True, help="input directory")
parser.add_argument("-d", "--datadir", type=str, help="data directory")
parser.add_argument("--host", type=str, default="0.0.0.0", help="hostname")
parser.add_argument("--port", type=int, default=8001, help="port number")
parser.add_argument("--debug", action="store_true", help="enable Flask debug mode")
args = parser.parse_args()
`;

const KNOWN = NIGHTWATCH.replace("args = parser.parse_args()", "args, unknown = parser.parse_known_args()");

const POSITIONALS = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("extra", nargs="?", default="none")
parser.add_argument("--mode", choices=["dev", "prod"], default="dev")
args = parser.parse_args()
`;

const NARGS = `import argparse
parser = argparse.ArgumentParser(prog="server")
parser.add_argument("files", nargs="+")
parser.add_argument("--tags", nargs="*")
parser.add_argument("--pair", nargs=2, metavar=("KEY", "VALUE"))
parser.add_argument("-v", "--verbose", action="count", default=0)
parser.add_argument("-q", "--quiet", action="store_true")
parser.add_argument("--include", action="append")
parser.add_argument("--const", action="store_const", const="yes")
parser.add_argument("--no-cache", dest="cache", action="store_false")
args = parser.parse_args()
`;

const EXCLUSIVE = `import argparse
parser = argparse.ArgumentParser()
group = parser.add_mutually_exclusive_group(required=True)
group.add_argument("--json", action="store_true")
group.add_argument("--text", action="store_true")
parser.add_argument("--level", type=int, choices=range(1, 4))
args = parser.parse_args()
`;

const VARIOUS = `import argparse
from argparse import ArgumentParser

parser = ArgumentParser(prog="tool", allow_abbrev=False)
parser.add_argument("--indir")
parser.add_argument("--ratio", type=float, choices=[0.5, 1.0])
parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=True)
parser.add_argument("--version", action="version", version="%(prog)s 1.0")
parser.add_argument("path", metavar="PATH", nargs="?")
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
`;

const WIDE = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("-i", "--input-directory", required=True)
parser.add_argument("-o", "--output-directory", required=True)
parser.add_argument("--configuration-file", default="settings.toml")
parser.add_argument("--listen-address", default="0.0.0.0")
parser.add_argument("--listen-port", type=int, default=8080)
parser.add_argument("--log-level", choices=["debug", "info", "warning", "error"])
parser.add_argument("sources", nargs="*", default=["."])
args = parser.parse_args()
`;

const IN_FUNCTION = `import argparse, sys

def get_args():
    parser = argparse.ArgumentParser(description="served by uWSGI")
    parser.add_argument("--config", required=True)
    parser.set_defaults(debug=False, config_format="toml")
    return parser.parse_args(sys.argv[1:])

args = get_args()
`;

const EDGES = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("-input", dest="source")
parser.add_argument("--in", dest="short")
parser.add_argument("--port", type=int, default="80")
parser.add_argument("--log", nargs="?", const="info")
parser.add_argument("--level", choices=[1, 2])
parser.add_argument("-v", action="count")
parser.add_argument("modes", nargs="*", choices=["a", "b"])
args = parser.parse_args()
`;

const GROUPS_AND_CHOICES = `import argparse
parser = argparse.ArgumentParser()
required = parser.add_mutually_exclusive_group(required=True)
required.add_argument("--dev", action="store_true")
required.add_argument("--prod", action="store_true")
optional = parser.add_mutually_exclusive_group()
optional.add_argument("--json", action="store_true")
optional.add_argument("--format", choices=["a", "b", "c"])
parser.add_argument("--mode", choices=["a", "b"], default="a")
parser.add_argument("stage", choices=["build", "serve"])
args = parser.parse_args()
`;

const BAD_DEFAULT = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default="eighty")
args = parser.parse_args()
`;

const CASES: readonly { name: string; source: string; argv: readonly string[]; prog?: string }[] = [
  { name: "Nightwatch fixed", source: NIGHTWATCH, argv: ["-i", "./static", "-d", "./static"] },
  { name: "Nightwatch seed: quoted pyargv kept by uWSGI", source: NIGHTWATCH, argv: ['"-i', "./static", "-d", './static"'] },
  { name: "Nightwatch seed command: a positional nobody declared", source: NIGHTWATCH, argv: ["webapp", "-i", "./static", "-d", "./data"] },
  { name: "no arguments at all", source: NIGHTWATCH, argv: [] },
  { name: "required checked before unrecognized", source: NIGHTWATCH, argv: ["webapp"] },
  { name: "option missing its value at the end", source: NIGHTWATCH, argv: ["-d", "./data", "-i"] },
  { name: "option followed by another option", source: NIGHTWATCH, argv: ["-i", "--debug"] },
  { name: "unique prefixes", source: NIGHTWATCH, argv: ["--ind", "./static", "--data", "./data"] },
  { name: "ambiguous prefix", source: NIGHTWATCH, argv: ["-i", "./static", "--d", "./data"] },
  { name: "--opt=value and -ovalue", source: NIGHTWATCH, argv: ["--indir=./static", "-d./data"] },
  { name: "prefix with =value", source: NIGHTWATCH, argv: ["--ind=./static", "--deb"] },
  { name: "-o=value", source: NIGHTWATCH, argv: ["-i=./static"] },
  { name: "type=int error", source: NIGHTWATCH, argv: ["-i", "x", "--port", "eighty"] },
  { name: "type=int with underscores and spaces", source: NIGHTWATCH, argv: ["-i", "x", "--port", " 80_80 "] },
  { name: "store_true given a value", source: NIGHTWATCH, argv: ["-i", "x", "--debug=yes"] },
  { name: "a negative number is a value", source: NIGHTWATCH, argv: ["-i", "-5", "--port", "-1"] },
  { name: "a value with a space is never an option", source: NIGHTWATCH, argv: ["-i", "-a b"] },
  { name: "repeated option, last wins", source: NIGHTWATCH, argv: ["-i", "a", "-i", "b"] },
  { name: "unknown option", source: NIGHTWATCH, argv: ["-i", "x", "--verbose"] },
  { name: "-- ends the options", source: NIGHTWATCH, argv: ["-i", "x", "--", "--debug"] },
  { name: "-h prints help and exits 0", source: NIGHTWATCH, argv: ["-i", "x", "-h"] },
  { name: "--he is a prefix of --help", source: NIGHTWATCH, argv: ["--he"] },
  { name: "error before -h wins", source: NIGHTWATCH, argv: ["--port", "x", "-h"] },
  { name: "parse_known_args keeps unknown arguments", source: KNOWN, argv: ["webapp", "-i", "./static", "--extra"] },
  { name: "parse_known_args still requires", source: KNOWN, argv: ["webapp"] },
  { name: "positionals", source: POSITIONALS, argv: ["site"] },
  { name: "missing positional", source: POSITIONALS, argv: [] },
  { name: "too many positionals", source: POSITIONALS, argv: ["a", "b", "c"] },
  { name: "invalid choice", source: POSITIONALS, argv: ["--mode", "test", "a"] },
  { name: "positionals around options", source: POSITIONALS, argv: ["a", "--mode", "prod", "b"] },
  { name: "nargs + * N, count, append, const, store_false", source: NARGS, argv: ["a", "b", "--tags", "x", "y", "-vv", "--include", "p", "--include", "q", "--pair", "k", "v", "--const", "--no-cache"] },
  { name: "nargs=+ missing", source: NARGS, argv: [] },
  { name: "nargs=2 short", source: NARGS, argv: ["a", "--pair", "k"] },
  { name: "nargs=* takes nothing", source: NARGS, argv: ["--tags"] },
  { name: "combined short flags", source: NARGS, argv: ["-vqv", "a"] },
  { name: "combined short flags with an unknown one", source: NARGS, argv: ["-vx", "a"] },
  { name: "mutually exclusive conflict", source: EXCLUSIVE, argv: ["--json", "--text"] },
  { name: "required exclusive group missing", source: EXCLUSIVE, argv: [] },
  { name: "choices from range with type=int", source: EXCLUSIVE, argv: ["--json", "--level", "7"] },
  { name: "allow_abbrev=False", source: VARIOUS, argv: ["--ind", "x"] },
  { name: "float choices", source: VARIOUS, argv: ["--ratio", "2"] },
  { name: "BooleanOptionalAction", source: VARIOUS, argv: ["--no-color", "path", "run", "--flag", "-x"] },
  { name: "invalid float", source: VARIOUS, argv: ["--ratio", "half"] },
  { name: "version action", source: VARIOUS, argv: ["--version"] },
  { name: "usage wrapped over lines", source: WIDE, argv: ["-i", "in"] },
  { name: "wrapped usage, prog from a path", source: WIDE, argv: ["--listen-port", "http"], prog: "/srv/app/server.py" },
  { name: "single-dash long option", source: EDGES, argv: ["-input", "x", "a"] },
  { name: "an exact match beats longer options", source: EDGES, argv: ["--in", "x", "a"] },
  { name: "empty explicit value for an int", source: EDGES, argv: ["--port=", "a"] },
  { name: "string default converted by type", source: EDGES, argv: ["a"] },
  { name: "nargs=? option without its value takes const", source: EDGES, argv: ["--log", "b"] },
  { name: "int choices, str value", source: EDGES, argv: ["--level", "1", "a"] },
  { name: "repr of a value with a quote and non-ASCII", source: EDGES, argv: ["--port", "it's ñ\t"] },
  { name: "count from None", source: EDGES, argv: ["-v", "-v", "b", "a"] },
  { name: "nargs=* positional with choices and no value", source: EDGES, argv: [] },
  { name: "a lone dash is a value", source: EDGES, argv: ["-"] },
  { name: "-- before a positional that looks like an option", source: EDGES, argv: ["--", "-v"] },
  { name: "invalid string default fails after parsing", source: BAD_DEFAULT, argv: [] },
  { name: "usage of a required and an optional exclusive group, and of choices", source: GROUPS_AND_CHOICES, argv: ["serve"] },
  { name: "invalid choice of an option, with groups in the usage", source: GROUPS_AND_CHOICES, argv: ["--dev", "--mode", "x", "serve"] },
  { name: "invalid choice of a positional", source: GROUPS_AND_CHOICES, argv: ["--prod", "deploy"] },
  { name: "choices in a group", source: GROUPS_AND_CHOICES, argv: ["--dev", "--format", "d", "serve"] },
  { name: "parser built and parsed in a function the import calls", source: IN_FUNCTION, argv: ["--config", "a.toml"] },
  { name: "parser in a function, required missing", source: IN_FUNCTION, argv: [] },
];

describe("simulateArgparse agrees with CPython 3.11's argparse", () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: ${JSON.stringify(testCase.argv)}`, () => {
      const parser = analyze(testCase.source).importTimeParsers[0]!;
      expect(parser.unmodelled).toEqual([]);
      const ours = simulateArgparse(parser, testCase.argv, testCase.prog ?? "uwsgi");
      const real = realArgparse(testCase.source, testCase.argv, testCase.prog);
      expect(comparable(ours)).toEqual(comparableReal(real));
    });
  }
});

/** What both sides must agree on: the values, or the status and everything printed. */
function comparable(result: ArgparseResult): unknown {
  if (result.ok) return { values: Object.fromEntries([...result.values].map(([dest, value]) => [dest, plain(value)])) };
  return { status: result.status, printed: result.message };
}

function comparableReal(run: PythonArgparseRun): unknown {
  if (run.status === null) return { values: run.values };
  // For help we print only the usage block the help starts with.
  if (run.status === 0 && run.stdout.startsWith("usage:")) return { status: 0, printed: run.stdout.slice(0, run.stdout.indexOf("\n\n") + 1) };
  return { status: run.status, printed: run.status === 0 ? run.stdout : run.stderr };
}

function plain(value: PyValue): unknown {
  if (isFloat(value)) return value.float;
  return Array.isArray(value) ? value.map(plain) : value;
}

describe("simulateArgparse results", () => {
  const nightwatch = () => analyze(NIGHTWATCH).importTimeParsers[0]!;

  it("quotes the error line apart from the usage", () => {
    const result = simulateArgparse(nightwatch(), ["webapp", "-i", "./static", "-d", "./data"], "uwsgi");
    expect(result).toEqual({
      ok: false,
      status: 2,
      message: "usage: app.py [options]\nuwsgi: error: unrecognized arguments: webapp\n",
      error: "unrecognized arguments: webapp",
      arguments: [],
    });
  });

  it("names the arguments an error is about, for their add_argument", () => {
    const parser = nightwatch();
    const indir = parser.arguments.find((argument) => argument.dest === "indir")!;
    expect(simulateArgparse(parser, ['"-i', "./static", "-d", './static"'], "uwsgi")).toMatchObject({ ok: false, arguments: [indir] });
    expect(simulateArgparse(parser, ["-d", "./data", "-i"], "uwsgi")).toMatchObject({ ok: false, arguments: [indir] });
    const exclusive = analyze(EXCLUSIVE).importTimeParsers[0]!;
    const result = simulateArgparse(exclusive, ["--json", "--text"], "uwsgi");
    expect(!result.ok && result.arguments.map((argument) => argument.dest)).toEqual(["text", "json"]);
  });

  it("returns the namespace, None as null", () => {
    const result = simulateArgparse(nightwatch(), ["--indir", "./static"], "uwsgi");
    expect(result.ok && Object.fromEntries(result.values)).toEqual({ indir: "./static", datadir: null, host: "0.0.0.0", port: 8001, debug: false });
  });

  it("returns what parse_known_args leaves", () => {
    const result = simulateArgparse(analyze(KNOWN).importTimeParsers[0]!, ["webapp", "-i", "x"], "uwsgi");
    expect(result.ok && result.unknown).toEqual(["webapp"]);
  });

  it("says what -h does", () => {
    expect(simulateArgparse(nightwatch(), ["-h"], "uwsgi")).toMatchObject({ ok: false, status: 0, error: "printed its help and exited (-h)" });
  });
});

describe("parsers of a factory the server calls after the import", () => {
  const parsed = (source: string, name = "create_app") =>
    effectsWhenCalled(analyze(source), name).parsers.map((parser) => `${parser.parseCall.calledAs}: ${parser.arguments.filter((argument) => argument.action !== "help").map((argument) => argument.flags.join("/")).join(" ")}`);
  const FACTORY = "import argparse\n\ndef create_app():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--data-dir', required=True)\n    args = parser.parse_args()\n    return args\n";

  it("are the parsers its call certainly runs, marked with its name", () => {
    expect(parsed(FACTORY)).toEqual(["create_app: --data-dir"]);
    expect(analyze(FACTORY).importTimeParsers).toEqual([]);
  });

  it("follow the module's own functions it calls", () => {
    const source = "import argparse\n\ndef options():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('-i')\n    return parser.parse_args()\n\ndef create_app():\n    args = options()\n    return args\n";
    expect(parsed(source)).toEqual(["create_app: -i"]);
  });

  it("leave out a parse that may not run, that catches SystemExit, or that the import already ran", () => {
    expect(parsed(FACTORY.replace("    args = parser.parse_args()", "    if True:\n        args = parser.parse_args()"))).toEqual([]);
    expect(parsed(FACTORY.replace("    args = parser.parse_args()", "    try:\n        args = parser.parse_args()\n    except SystemExit:\n        args = None"))).toEqual([]);
    const calledOnImport = `${FACTORY}\napp = create_app()\n`;
    expect(parsed(calledOnImport)).toEqual([]);
    expect(analyze(calledOnImport).importTimeParsers).toHaveLength(1);
  });

  it("are none for a name that is not a function the module defines", () => {
    expect(parsed(FACTORY, "app")).toEqual([]);
    expect(parsed("import argparse\ncreate_app = argparse.ArgumentParser().parse_args\n")).toEqual([]);
  });
});
