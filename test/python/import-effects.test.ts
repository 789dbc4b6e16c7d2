import { describe, expect, it } from "vitest";
import { effectsWhenCalled } from "../../src/languages/python/module.js";
import { analyze } from "./helpers.js";

function blockers(source: string): string[] {
  return analyze(source).importBlockers.map((blocker) => `${blocker.kind}: ${blocker.text}`);
}

describe("import blockers", () => {
  it("an unconditional raise", () => {
    expect(blockers("raise RuntimeError('set APP_CONFIG first')\n")).toEqual(["raise: raise RuntimeError('set APP_CONFIG first')"]);
    expect(blockers("import os\nif not os.environ.get('APP_CONFIG'):\n    raise RuntimeError('set APP_CONFIG first')\n")).toEqual([]);
  });

  it("a raise a handler catches, and one it does not", () => {
    expect(blockers("try:\n    raise KeyError('x')\nexcept Exception:\n    pass\n")).toEqual([]);
    expect(blockers("try:\n    raise SystemExit(1)\nexcept Exception:\n    pass\n")).toEqual(["exit: raise SystemExit(1)"]);
    expect(blockers("try:\n    raise ValueError('x')\nexcept KeyError:\n    pass\n")).toEqual(["raise: raise ValueError('x')"]);
  });

  it("sys.exit(), exit(), quit() and os._exit()", () => {
    expect(blockers("import sys\nsys.exit('DATABASE_URL is not set')\n")).toEqual(["exit: sys.exit('DATABASE_URL is not set')"]);
    expect(blockers("from sys import exit as leave\nleave(0)\n")).toEqual(["exit: leave(0)"]);
    expect(blockers("exit()\n")).toEqual(["exit: exit()"]);
    expect(blockers("quit(1)\n")).toEqual(["exit: quit(1)"]);
    expect(blockers("import os\nos._exit(3)\n")).toEqual(["exit: os._exit(3)"]);
    expect(blockers("def exit():\n    pass\n\nexit()\n")).toEqual([]);
  });

  it("a dev server in a conditional expression runs on import only on the branch __name__ picks there", () => {
    const app = "from flask import Flask\napp = Flask(__name__)\n";
    expect(blockers(`${app}app.run() if __name__ == "__main__" else None\n`)).toEqual([]);
    expect(blockers(`${app}None if __name__ == "__main__" else app.run()\n`)).toEqual(['run: None if __name__ == "__main__" else app.run()']);
    expect(blockers(`${app}app.run() if __name__ != "__main__" else None\n`)).toEqual(['run: app.run() if __name__ != "__main__" else None']);
    expect(blockers(`import os\n${app}app.run() if os.environ.get("LOCAL") else None\n`)).toEqual([]);
  });

  it("the else of the main guard runs on import, certainly after only == \"__main__\" tests, and an elif's body only maybe", () => {
    const app = "from flask import Flask\napp = Flask(__name__)\n";
    expect(blockers(`${app}if __name__ == "__main__":\n    pass\nelse:\n    app.run()\n`)).toEqual(["run: app.run()"]);
    expect(blockers(`import os\n${app}if __name__ == "__main__":\n    pass\nelif os.environ.get("LOCAL"):\n    app.run()\nelse:\n    pass\n`)).toEqual([]);
    expect(blockers(`import os\n${app}if os.environ.get("LOCAL"):\n    pass\nelse:\n    app.run()\n`)).toEqual([]);
  });

  it("a click command called at the top level: click's standalone mode exits once it has run", () => {
    const command = (decorator: string, call: string, imports = "import click\n") => blockers(`${imports}${decorator}\ndef main():\n    pass\n\n${call}\n`);
    expect(command("@click.command()", "main()")).toEqual(["exit: main()"]);
    expect(command("@click.group()", "main()")).toEqual(["exit: main()"]);
    expect(command("@command()", "main()", "from click import command\n")).toEqual(["exit: main()"]);
    expect(command("@click.command\n@click.option('--port', default=5000)", "main()")).toEqual(["exit: main()"]);
    expect(blockers("import click\n@click.group()\ndef cli():\n    pass\n\n@cli.command()\ndef serve():\n    pass\n\nserve()\n")).toEqual(["exit: serve()"]);
    expect(command("@click.command()", "main(standalone_mode=False)")).toEqual([]);
    expect(command("@click.command()", 'if __name__ == "__main__":\n    main()')).toEqual([]);
    expect(command("@click.command()", "try:\n    main()\nexcept SystemExit:\n    pass")).toEqual([]);
    expect(command("@app.command()", "main()", "from typer import Typer\napp = Typer()\n")).toEqual([]);
  });

  it("raise SystemExit is an exit, as sys.exit() is", () => {
    expect(blockers("raise SystemExit('no config')\n")).toEqual(["exit: raise SystemExit('no config')"]);
    expect(blockers("raise SystemExit(2)\n")).toEqual(["exit: raise SystemExit(2)"]);
    expect(blockers("raise SystemExit\n")).toEqual(["exit: raise SystemExit"]);
    expect(blockers("import builtins\nraise builtins.SystemExit(1)\n")).toEqual(["exit: raise builtins.SystemExit(1)"]);
    expect(blockers("def check():\n    raise SystemExit(1)\n\ncheck()\n")).toEqual(["exit: raise SystemExit(1)"]);
    expect(blockers("try:\n    raise SystemExit(1)\nexcept SystemExit:\n    pass\n")).toEqual([]);
    expect(blockers("import os\nif not os.environ.get('CONFIG'):\n    raise SystemExit('set CONFIG')\n")).toEqual([]);
    // A class of the module's own named SystemExit is an ordinary exception.
    expect(blockers("class SystemExit(Exception):\n    pass\n\nraise SystemExit(1)\n")).toEqual(["raise: raise SystemExit(1)"]);
  });

  it("an exit only some runs reach", () => {
    expect(blockers("import sys\nif len(sys.argv) < 2:\n    sys.exit(2)\n")).toEqual([]);
    expect(blockers("import sys\ntry:\n    sys.exit(1)\nexcept SystemExit:\n    pass\n")).toEqual([]);
    expect(blockers("import sys\nfor argument in sys.argv:\n    sys.exit(1)\n")).toEqual([]);
  });

  it("an exit in a function the import certainly calls", () => {
    expect(blockers("import sys\n\ndef check():\n    sys.exit('missing configuration')\n\ncheck()\n")).toEqual(["exit: sys.exit('missing configuration')"]);
    expect(blockers("import os, sys\n\ndef check():\n    if os.environ.get('OK'):\n        return\n    sys.exit('missing configuration')\n\ncheck()\n")).toEqual([]);
    expect(blockers("import sys\n\ndef check():\n    sys.exit(1)\n\nif __name__ == '__main__':\n    check()\n")).toEqual([]);
  });

  it("a development server started at import", () => {
    const module = analyze("from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', port=5000)\n");
    expect(module.importBlockers.map((blocker) => blocker.kind)).toEqual(["run"]);
    expect(blockers("from flask import Flask\nserver = Flask(__name__)\nwith server.app_context():\n    server.run()\n")).toEqual(["run: server.run()"]);
    expect(blockers("from myapp import app\napp.run(debug=True)\n")).toEqual(["run: app.run(debug=True)"]);
    expect(blockers("from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run()\n")).toEqual([]);
    expect(blockers("import os\nfrom flask import Flask\napp = Flask(__name__)\nif os.environ.get('DEV'):\n    app.run()\n")).toEqual([]);
    expect(blockers("import threading\nthread = threading.Thread()\nthread.run()\n")).toEqual([]);
  });

  it("relative imports, unless an ImportError handler catches them", () => {
    expect(blockers("from .views import register\nfrom . import models\n")).toEqual(["relative-import: from .views import register", "relative-import: from . import models"]);
    expect(blockers("try:\n    from .views import register\nexcept ImportError:\n    from views import register\n")).toEqual([]);
    expect(blockers("from views import register\nimport os.path\n")).toEqual([]);
  });
});

describe("Flask runs and debug settings", () => {
  function runs(source: string): unknown[] {
    return analyze(source).runCalls.map(({ site: _site, ...rest }) => rest);
  }
  const APP = "import os\nfrom flask import Flask\napp = Flask(__name__)\n";

  it("reads debug from app.run()", () => {
    expect(runs(`${APP}if __name__ == '__main__':\n    app.run(debug=True)\n`)).toEqual([{ kind: "run", underMainGuard: true, debug: true }]);
    expect(runs(`${APP}if __name__ == '__main__':\n    app.run('0.0.0.0', 5000, True)\n`)).toEqual([{ kind: "run", underMainGuard: true, debug: true }]);
    expect(runs(`${APP}if __name__ == '__main__':\n    app.run(debug=False)\n    app.run()\n`)).toEqual([
      { kind: "run", underMainGuard: true, debug: false },
      { kind: "run", underMainGuard: true, debug: false },
    ]);
    expect(runs(`${APP}if os.environ.get('DEV'):\n    app.run(debug=os.environ.get('DEBUG'))\n`)).toEqual([{ kind: "run", underMainGuard: false, debug: "unknown" }]);
  });

  it("names the argparse option that decides debug", () => {
    const source = `${APP}import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--debug', action='store_true')\nargs = parser.parse_args()\nif __name__ == '__main__':\n    app.run(debug=args.debug)\n`;
    expect(runs(source)).toEqual([{ kind: "run", underMainGuard: true, debug: "unknown" }]);
  });

  it("follows runs into functions called from the main guard, not into others", () => {
    expect(runs(`${APP}def main():\n    app.run(debug=True)\n\nif __name__ == '__main__':\n    main()\n`)).toEqual([{ kind: "run", underMainGuard: true, debug: true }]);
    expect(runs(`${APP}def main():\n    app.run(debug=True)\n`)).toEqual([]);
  });

  it("records FLASK_DEBUG set through os.environ", () => {
    expect(runs(`${APP}os.environ['FLASK_DEBUG'] = '1'\nos.environ.setdefault('FLASK_DEBUG', 'false')\n`)).toEqual([
      { kind: "debug-env", underMainGuard: false, debug: true },
      { kind: "debug-env", underMainGuard: false, debug: false },
    ]);
    expect(runs(`${APP}if __name__ == '__main__':\n    os.environ['FLASK_DEBUG'] = value\n`)).toEqual([{ kind: "debug-env", underMainGuard: true, debug: "unknown" }]);
  });
});

describe("parsers that read sys.argv during the import", () => {
  const PARSER = "import argparse, sys\nparser = argparse.ArgumentParser()\nparser.add_argument('--config')\n";
  const parsers = (source: string) => analyze(source).importTimeParsers;

  it("a parse at top level, certain or not", () => {
    expect(parsers(`${PARSER}args = parser.parse_args()\n`)).toMatchObject([{ parseCall: { known: false, certain: true } }]);
    expect(parsers(`${PARSER}args = parser.parse_args(sys.argv[1:])\n`)).toHaveLength(1);
    expect(parsers(`${PARSER}if len(sys.argv) > 1:\n    args = parser.parse_args()\n`)).toMatchObject([{ parseCall: { certain: false } }]);
    expect(parsers(`${PARSER}with open('settings.ini') as handle:\n    args = parser.parse_args()\n`)).toHaveLength(1);
  });

  it("not under the main guard, in an uncalled function, on an explicit list or when SystemExit is caught", () => {
    expect(parsers(`${PARSER}if __name__ == '__main__':\n    args = parser.parse_args()\n`)).toEqual([]);
    expect(parsers(`${PARSER}def main():\n    return parser.parse_args()\n`)).toEqual([]);
    expect(parsers(`${PARSER}args = parser.parse_args(['--config', 'x'])\n`)).toEqual([]);
    expect(parsers(`${PARSER}try:\n    args = parser.parse_args()\nexcept SystemExit:\n    args = None\n`)).toEqual([]);
  });

  it("keeps the arguments added before the parse, from groups too", () => {
    const source = `${PARSER}group = parser.add_argument_group('server')\ngroup.add_argument('--port', type=int, default=8000)\nargs = parser.parse_args()\nparser.add_argument('--late')\n`;
    const [parser] = parsers(source);
    expect(parser!.arguments.map((argument) => argument.dest)).toEqual(["help", "config", "port"]);
    expect(parser!.arguments[2]).toMatchObject({ flags: ["--port"], type: "int", default: 8000, required: false, positional: false });
  });

  it("lists what it cannot model", () => {
    const source = "import argparse\nparser = argparse.ArgumentParser(prog=NAME, parents=[base])\nparser.add_argument('--when', type=parse_date)\nparser.add_argument(*FLAGS)\nargs = parser.parse_args()\n";
    expect(parsers(source)[0]!.unmodelled.map((item) => item.what)).toEqual([
      "a prog that is not a literal string",
      "arguments inherited from parent parsers",
      "the conversion type=parse_date",
      "add_argument with * or ** arguments",
    ]);
  });

  it("leaves a parser with subcommands alone: the subcommand's parser takes the rest of argv", () => {
    // python3 3.11 accepts ['serve', '-p', '80'] here, which the top-level arguments alone would refuse.
    const source = "import argparse\nparser = argparse.ArgumentParser()\nsub = parser.add_subparsers(dest='cmd')\nserve = sub.add_parser('serve')\nserve.add_argument('-p', type=int)\nargs = parser.parse_args()\n";
    expect(parsers(source)).toEqual([]);
  });
});

describe("the imports a module's import runs", () => {
  it("name each module as its statement does, whatever name it binds, and leave out those under the __main__ guard", () => {
    const module = analyze("import webapp.views\nimport webapp.models as models\nfrom . import helpers\nfrom .config import *\nif __name__ == '__main__':\n    import cli\n");
    expect(module.imports.map(({ site: _site, ...source }) => source)).toEqual([
      { module: "webapp.views", level: 0, certain: true },
      { module: "webapp.models", level: 0, certain: true },
      { module: "", name: "helpers", level: 1, certain: true },
      { module: "config", name: "*", level: 1, certain: true },
    ]);
  });

  it("are certain to fail the import when they fail only where they certainly run and nothing catches ImportError", () => {
    const source = [
      "try:\n    from web import a\nexcept ImportError:\n    pass",
      "try:\n    from web import b\nexcept ModuleNotFoundError:\n    pass",
      "if DEBUG:\n    from web import c",
      "with suppress(ImportError):\n    from web import d",
      "def load():\n    from web import e\nload()",
      "from web import f",
    ].join("\n");
    const module = analyze(`${source}\n`);
    expect(module.imports.map((source) => `${source.name} ${source.certain ? "certain" : "maybe"} ${module.file.text.slice(source.site!.start, source.site!.end)}`)).toEqual([
      "a maybe from web import a",
      "b certain from web import b",
      "c maybe from web import c",
      "d maybe from web import d",
      "e certain from web import e",
      "f certain from web import f",
    ]);
  });
});

describe("sys.argv reads during the import", () => {
  function reads(source: string): string[] {
    return analyze(source).argvReads.map((read) => `${read.index} ${read.text}${read.certain ? "" : " (maybe)"}`);
  }

  it("a read with a literal index, unconditional or not", () => {
    expect(reads("import sys\nDATA = sys.argv[1]\n")).toEqual(["1 sys.argv[1]"]);
    expect(reads("from sys import argv\nLAST = argv[-2]\n")).toEqual(["-2 argv[-2]"]);
    expect(reads("import sys\n\ndef data():\n    return sys.argv[1]\n\nDATA = data()\n")).toEqual(["1 sys.argv[1]"]);
    expect(reads("import sys\nif len(sys.argv) > 1:\n    DATA = sys.argv[1]\n")).toEqual(["1 sys.argv[1] (maybe)"]);
    expect(reads("import sys\nDATA = sys.argv[1] if len(sys.argv) > 1 else '.'\n")).toEqual(["1 sys.argv[1] (maybe)"]);
    expect(reads("import sys\nDEBUG = len(sys.argv) > 1 and sys.argv[1] == 'debug'\n")).toEqual(["1 sys.argv[1] (maybe)"]);
    expect(reads("import sys\nDATA = [sys.argv[1] for _ in range(0)]\n")).toEqual(["1 sys.argv[1] (maybe)"]);
  });

  it("slices, handled IndexErrors, reads outside the import and non-literal indexes are not listed", () => {
    expect(reads("import sys\nOPTIONS = sys.argv[1:]\nREST = sys.argv[1:2]\n")).toEqual([]);
    expect(reads("import sys\ntry:\n    DATA = sys.argv[1]\nexcept IndexError:\n    DATA = '.'\n")).toEqual([]);
    expect(reads("import sys\ntry:\n    DATA = sys.argv[1]\nexcept LookupError:\n    DATA = '.'\n")).toEqual([]);
    expect(reads("import sys\ntry:\n    DATA = sys.argv[1]\nexcept KeyError:\n    DATA = '.'\n")).toEqual(["1 sys.argv[1]"]);
    expect(reads("import sys\nif __name__ == '__main__':\n    DATA = sys.argv[1]\n")).toEqual([]);
    expect(reads("import sys\n\ndef data():\n    return sys.argv[1]\n")).toEqual([]);
    expect(reads("import os, sys\nDATA = sys.argv[int(os.environ['N'])]\n")).toEqual([]);
  });
});

describe("sys.argv reads of a factory the server calls after the import", () => {
  function reads(source: string, name = "create_app"): string[] {
    return effectsWhenCalled(analyze(source), name).argvReads.map((read) => `${read.calledAs}: ${read.text}${read.certain ? "" : " (maybe)"}`);
  }

  it("are the reads its call runs, marked with its name, and never the import's", () => {
    expect(reads("import sys\n\ndef create_app():\n    return sys.argv[1]\n")).toEqual(["create_app: sys.argv[1]"]);
    expect(reads("import sys\n\ndef data():\n    return sys.argv[2]\n\ndef create_app():\n    return data()\n")).toEqual(["create_app: sys.argv[2]"]);
    expect(reads("import sys\n\ndef create_app():\n    if len(sys.argv) > 1:\n        return sys.argv[1]\n")).toEqual(["create_app: sys.argv[1] (maybe)"]);
    expect(reads("import sys\nDATA = sys.argv[1]\n\ndef create_app():\n    return DATA\n")).toEqual([]);
  });

  it("leave out a read in a try that handles IndexError, and a name that is no function", () => {
    expect(reads("import sys\n\ndef create_app():\n    try:\n        return sys.argv[1]\n    except IndexError:\n        return '.'\n")).toEqual([]);
    expect(reads("import sys\ncreate_app = sys.argv\n")).toEqual([]);
  });
});

describe("what a factory the server calls after the import runs of Flask's development server", () => {
  function effects(source: string, name = "create_app"): { blockers: string[]; runs: string[] } {
    const called = effectsWhenCalled(analyze(source), name);
    return {
      blockers: called.blockers.map((blocker) => `${blocker.calledAs}: ${blocker.kind} ${blocker.text}`),
      runs: called.runCalls.map((call) => `${call.calledAs}: debug ${String(call.debug)}`),
    };
  }
  const FACTORY = "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n";

  it("an app.run() the call certainly reaches blocks it, also through a function it calls", () => {
    expect(effects(`${FACTORY}    app.run(debug=True)\n    return app\n`)).toEqual({ blockers: ["create_app: run app.run(debug=True)"], runs: ["create_app: debug true"] });
    expect(effects("from flask import Flask\n\ndef serve(app):\n    app.run()\n\ndef create_app():\n    app = Flask(__name__)\n    serve(app)\n    return app\n").blockers).toEqual(["create_app: run app.run()"]);
  });

  it("is found though the __main__ guard calls the factory too, which the server's import does not run", () => {
    const source = `import sys\n${FACTORY}    app.config['DATA'] = sys.argv[1]\n    app.run()\n    return app\n\nif __name__ == '__main__':\n    create_app()\n`;
    expect(effects(source).blockers).toEqual(["create_app: run app.run()"]);
    expect(effectsWhenCalled(analyze(source), "create_app").argvReads.map((read) => read.text)).toEqual(["sys.argv[1]"]);
  });

  it("an app.run() on some paths only, or under the factory's own guard, is a run but blocks nothing", () => {
    expect(effects(`import os\n${FACTORY}    if os.environ.get('LOCAL'):\n        app.run()\n    return app\n`)).toEqual({ blockers: [], runs: ["create_app: debug false"] });
    expect(effects(`${FACTORY}    return app\n\nif __name__ == '__main__':\n    create_app().run(debug=True)\n`)).toEqual({ blockers: [], runs: [] });
  });
});
