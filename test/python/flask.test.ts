import { describe, expect, it } from "vitest";
import type { StaticFolder } from "../../src/languages/python/module.js";
import { analyze, textAt } from "./helpers.js";

const PARSER = "import argparse, os\nparser = argparse.ArgumentParser()\nparser.add_argument('-i', '--indir')\nargs = parser.parse_args()\n";

/** The static folder of the module's only Flask app, without its site. */
function staticFolder(source: string): Omit<StaticFolder, "site"> {
  const apps = analyze(source).flaskApps;
  expect(apps).toHaveLength(1);
  const { site: _site, ...rest } = apps[0]!.staticFolder as StaticFolder & { site?: unknown };
  return rest;
}

describe("static folders", () => {
  it("a literal path", () => {
    expect(staticFolder("from flask import Flask\napp = Flask(__name__, static_folder='/srv/static')\n")).toEqual({ kind: "literal", value: "/srv/static", relativeTo: "app-root" });
    expect(staticFolder("from flask import Flask\napp = Flask(__name__, None, 'public')\n")).toEqual({ kind: "literal", value: "public", relativeTo: "app-root" });
  });

  it("Flask's default, and none at all", () => {
    expect(staticFolder("from flask import Flask\napp = Flask(__name__)\n")).toEqual({ kind: "default" });
    expect(staticFolder("from flask import Flask\napp = Flask(__name__, static_folder=None)\n")).toEqual({ kind: "none" });
  });

  it("an argparse option, as given or made absolute, directly or through names", () => {
    expect(staticFolder(`${PARSER}from flask import Flask\napp = Flask(__name__, static_folder=args.indir)\n`)).toEqual({ kind: "argparse", dest: "indir", relativeTo: "app-root" });
    expect(staticFolder(`${PARSER}from flask import Flask\napp = Flask(__name__, static_folder=os.path.abspath(args.indir))\n`)).toEqual({ kind: "argparse", dest: "indir", relativeTo: "cwd" });
    expect(staticFolder(`${PARSER}from flask import Flask\nindir = os.path.realpath(args.indir)\nfolder = str(indir)\napp = Flask('site', static_folder=folder)\n`)).toEqual({ kind: "argparse", dest: "indir", relativeTo: "cwd" });
  });

  it("an argparse option from parse_known_args or a parsing function", () => {
    const known = "import argparse\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument('--root')\noptions, rest = parser.parse_known_args()\napp = Flask(__name__, static_folder=options.root)\n";
    expect(staticFolder(known)).toEqual({ kind: "argparse", dest: "root", relativeTo: "app-root" });
    const viaFunction = "import argparse\nfrom flask import Flask\n\ndef parse():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--root')\n    return parser.parse_args()\n\nsettings = parse()\napp = Flask(__name__, static_folder=settings.root)\n";
    expect(staticFolder(viaFunction)).toEqual({ kind: "argparse", dest: "root", relativeTo: "app-root" });
  });

  it("an environment variable, with or without a default", () => {
    expect(staticFolder("import os\nfrom flask import Flask\napp = Flask(__name__, static_folder=os.environ.get('STATIC_DIR', '/srv/static'))\n")).toEqual({ kind: "env", variable: "STATIC_DIR", default: "/srv/static", relativeTo: "app-root" });
    expect(staticFolder("from os import getenv\nfrom flask import Flask\nfolder = getenv('STATIC_DIR')\napp = Flask(__name__, static_folder=folder)\n")).toEqual({ kind: "env", variable: "STATIC_DIR", relativeTo: "app-root" });
    expect(staticFolder("import os\nfrom flask import Flask\napp = Flask(__name__, static_folder=os.path.abspath(os.environ['STATIC_DIR']))\n")).toEqual({ kind: "env", variable: "STATIC_DIR", relativeTo: "cwd" });
  });

  it("a path beside the module", () => {
    expect(staticFolder("import os\nfrom flask import Flask\napp = Flask(__name__, static_folder=os.path.join(os.path.dirname(__file__), 'static'))\n")).toEqual({ kind: "literal", value: "static", relativeTo: "module" });
    expect(staticFolder("import os\nfrom flask import Flask\nBASE_DIR = os.path.dirname(os.path.abspath(__file__))\napp = Flask(__name__, static_folder=os.path.join(BASE_DIR, 'web', 'static'))\n")).toEqual({ kind: "literal", value: "web/static", relativeTo: "module" });
    expect(staticFolder("from pathlib import Path\nfrom flask import Flask\napp = Flask(__name__, static_folder=Path(__file__).resolve().parent / 'public')\n")).toEqual({ kind: "literal", value: "public", relativeTo: "module" });
  });

  it("a relative path made absolute against the working directory", () => {
    expect(staticFolder("import os\nfrom flask import Flask\napp = Flask(__name__, static_folder=os.path.abspath('static'))\n")).toEqual({ kind: "literal", value: "static", relativeTo: "cwd" });
  });

  it("a static_folder set on the app afterwards", () => {
    expect(staticFolder(`${PARSER}from flask import Flask\napp = Flask(__name__)\napp.static_folder = args.indir\n`)).toEqual({ kind: "argparse", dest: "indir", relativeTo: "app-root" });
  });

  it("anything else is unknown, with its site", () => {
    const module = analyze(`${PARSER}from flask import Flask\napp = Flask(__name__, static_folder=args.indir or 'static')\nother = Flask(__name__, static_folder=os.environ.get('X', fallback))\n`);
    expect(module.flaskApps.map((app) => app.staticFolder.kind)).toEqual(["unknown", "unknown"]);
    expect(textAt(module, (module.flaskApps[0]!.staticFolder as { site: { start: number; end: number } }).site)).toBe("args.indir or 'static'");
  });
});

describe("Flask apps", () => {
  it("recognises Flask however it is imported", () => {
    for (const source of [
      "import flask\napp = flask.Flask(__name__)\n",
      "import flask as fl\napp = fl.Flask(__name__)\n",
      "from flask import Flask as Application\napp = Application(__name__)\n",
      "from flask import *\napp = Flask(__name__)\n",
    ]) {
      expect(analyze(source).flaskApps.map((app) => app.boundTo)).toEqual(["app"]);
    }
    expect(analyze("from other import Application\napp = Application(__name__)\n").flaskApps).toEqual([]);
  });

  it("says where and when each app is built", () => {
    const module = analyze(
      "from flask import Flask\napp = Flask(__name__)\n\ndef create_app():\n    inner = Flask('factory')\n    return inner\n\nif __name__ == '__main__':\n    local = Flask(__name__)\n",
    );
    expect(module.flaskApps.map((app) => [app.boundTo, app.context, app.functionName, app.importName])).toEqual([
      ["app", "import", undefined, "__name__"],
      ["local", "main-guard", undefined, "__name__"],
      ["inner", "function", "create_app", "factory"],
    ]);
    expect(textAt(module, module.flaskApps[0]!.site)).toBe("Flask(__name__)");
  });

  it("follows an app a factory called at import returns", () => {
    const module = analyze("from flask import Flask\n\ndef create_app():\n    instance = Flask(__name__)\n    return instance\n\napplication = create_app()\n");
    expect(module.flaskApps).toMatchObject([{ boundTo: "instance", context: "import" }]);
    expect(module.topLevel.get("application")).toMatchObject({ isFlaskApp: true, flaskApp: module.flaskApps[0] });
  });
});
