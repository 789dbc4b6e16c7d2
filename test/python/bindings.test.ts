import { describe, expect, it } from "vitest";
import { analyze, realModuleNames, textAt } from "./helpers.js";

/** Modules whose top-level names are checked against what CPython really binds on import. */
const SHAPES: readonly { name: string; source: string; names: readonly string[]; files?: Record<string, string>; module?: string }[] = [
  { name: "plain and chained assignment", source: "from flask import Flask\napp = application = Flask(__name__)\n", names: ["Flask", "app", "application"] },
  {
    name: "tuple, starred, nested and list targets",
    source: "app, version = object(), '1'\nfirst, *rest = [1, 2, 3]\n(a, (b, c)) = 1, (2, 3)\n[x, y] = 1, 2\n",
    names: ["a", "app", "b", "c", "first", "rest", "version", "x", "y"],
  },
  { name: "annotated assignment, annotation alone", source: "from flask import Flask\napp: Flask = Flask(__name__)\nserver: Flask\n", names: ["Flask", "app"] },
  { name: "augmented assignment", source: "counter = 0\ncounter += 1\n", names: ["counter"] },
  {
    name: "import forms",
    source: "import os.path\nimport xml.dom as dom\nfrom flask import Flask as F\nfrom os import path, sep\nfrom json import (dumps,\n    loads as load_text)\n",
    names: ["F", "dom", "dumps", "load_text", "os", "path", "sep"],
  },
  {
    name: "defs, async defs, classes and decorators",
    source: "import functools\n\ndef make():\n    pass\n\nasync def serve():\n    pass\n\n@functools.lru_cache\ndef cached():\n    return 1\n\nclass Handler:\n    pass\n\n@functools.total_ordering\nclass Ordered:\n    def __lt__(self, other):\n        return False\n",
    names: ["Handler", "Ordered", "cached", "functools", "make", "serve"],
  },
  {
    name: "for and with targets, walrus at top level and in a comprehension",
    source: "import contextlib\nfor index, item in enumerate('ab'):\n    last = item\nwith contextlib.nullcontext(1) as context:\n    inside = context\nif (flag := True):\n    pass\nsquares = [(total := n * n) for n in range(3)]\n",
    names: ["context", "contextlib", "flag", "index", "inside", "item", "last", "squares", "total"],
  },
  {
    // Every branch binds the same names, so what CPython binds does not depend on the branch taken.
    name: "if/elif/else, try/except/else/finally, while blocks",
    source: "import os\nif os.sep == '/':\n    kind = 'posix'\nelif os.sep == '\\\\':\n    kind = 'windows'\nelse:\n    kind = 'other'\ntry:\n    import json\nexcept ImportError as error:\n    json = None\nelse:\n    loaded = True\nfinally:\n    done = True\nwhile done:\n    spinning = True\n    break\n",
    names: ["done", "json", "kind", "loaded", "os", "spinning"],
  },
  {
    name: "form feeds (page breaks) on blank lines and before code inside a class and a function",
    source: "class Page:\n    first = 1\n\f\n    def second(self):\n        return 1\n\fdef make():\n    made = 1\n  \f\n\f    inner = 2\n    return made\n",
    names: ["Page", "make"],
  },
  {
    name: "global assignment in a function the import calls",
    source: "from flask import Flask\n\ndef init():\n    global app\n    app = Flask(__name__)\n\ninit()\n",
    names: ["Flask", "app", "init"],
  },
  {
    name: "global assignment in a function the import never calls",
    source: "from flask import Flask\n\ndef init():\n    global app\n    app = Flask(__name__)\n",
    names: ["Flask", "init"],
  },
  {
    name: "the main guard, both ways round, and its negation",
    source: "if __name__ == '__main__':\n    debug = True\nif '__main__' == __name__:\n    verbose = True\nif __name__ != '__main__':\n    served = True\nelse:\n    local = True\n",
    names: ["served"],
  },
  {
    name: "with statements lezer's grammar lacks: parenthesised, tuple and attribute targets",
    source: "import contextlib\nholder = type('Holder', (), {})()\nwith (contextlib.nullcontext(1) as first, contextlib.nullcontext(2) as second):\n    inside = 1\nwith contextlib.nullcontext((3, 4)) as (third, fourth):\n    after = 2\nwith contextlib.nullcontext(5) as holder.value:\n    pass\n",
    names: ["after", "contextlib", "first", "fourth", "holder", "inside", "second", "third"],
  },
  { name: "class bodies and comprehension variables stay local", source: "class Config:\n    app = 1\nvalues = [item for item in range(2)]\n", names: ["Config", "values"] },
  { name: "del at top level", source: "temporary = 1\nkept = 2\ndel temporary\n", names: ["kept"] },
  { name: "a statement group and a one-line body", source: "a = 1; b = 2\nif a: c = 3\n", names: ["a", "b", "c"] },
  {
    name: "match statement bodies",
    source: "command = 'serve'\nmatch command:\n    case 'serve':\n        mode = 'server'\n    case _:\n        mode = 'other'\n",
    names: ["command", "mode"],
  },
  {
    name: "relative re-export in a package",
    source: "from .views import app as application\nfrom . import views\n",
    names: ["application", "views"],
    files: { "pkg/__init__.py": "", "pkg/views.py": "app = object()\n" },
    module: "pkg.app",
  },
];

describe("top-level bindings agree with CPython", () => {
  for (const shape of SHAPES) {
    it(shape.name, () => {
      const module = analyze(shape.source);
      const names = [...module.topLevel.keys()].sort();
      expect(names).toEqual([...shape.names].sort());
      const files = shape.files ? { ...shape.files, [`${shape.module!.replace(/\./g, "/")}.py`]: shape.source } : { "app.py": shape.source };
      expect(realModuleNames(files, shape.module)).toEqual(names);
    });
  }
});

describe("what each binding is", () => {
  it("records the statement, the name and the kind", () => {
    const module = analyze("from flask import Flask\n\napp = Flask(__name__)\n");
    const app = module.topLevel.get("app")!;
    expect(app.kind).toBe("assign");
    expect(textAt(module, app.site)).toBe("app = Flask(__name__)");
    expect(textAt(module, app.nameSite)).toBe("app");
    expect(app.isFlaskApp).toBe(true);
    expect(app.flaskApp).toBe(module.flaskApps[0]);
    expect(module.topLevel.get("Flask")).toMatchObject({ kind: "import", importedFrom: { module: "flask", name: "Flask", level: 0 }, isFlaskApp: false });
  });

  it("follows aliases of Flask apps and of functions", () => {
    const module = analyze("from flask import Flask\napp = Flask(__name__)\napplication = app\n\ndef make_app(config=None):\n    return Flask(__name__)\n\ncreate_app = make_app\n");
    expect(module.topLevel.get("application")).toMatchObject({ kind: "assign", aliasOf: "app", isFlaskApp: true });
    expect(module.topLevel.get("create_app")).toMatchObject({ aliasOf: "make_app", def: { requiredParams: 0, positionalParams: 1, acceptsArgs: false, returnsValue: true } });
  });

  it("describes what a function needs to be called", () => {
    const module = analyze("def create_app(config, debug=False, *args, key, flag=1, **options):\n    pass\n\ndef positional_only(a, /, b=2):\n    pass\n");
    const create = module.topLevel.get("create_app")!;
    expect(create).toMatchObject({ kind: "def", def: { requiredParams: 2, positionalParams: 2, acceptsArgs: true, returnsValue: false } });
    expect(textAt(module, create.site)).toBe("def create_app(config, debug=False, *args, key, flag=1, **options)");
    expect(create.def).toMatchObject({ name: "create_app", positionalNames: ["config", "debug"], positionalOnly: 0, keywordOnlyNames: ["key", "flag"], acceptsKeywords: true, requiredPositional: ["config"], requiredKeywordOnly: ["key"] });
    expect(module.topLevel.get("positional_only")!.def).toEqual({
      name: "positional_only", requiredParams: 1, positionalParams: 2, acceptsArgs: false, returnsValue: false, returnedNames: [],
      positionalNames: ["a", "b"], positionalOnly: 1, keywordOnlyNames: [], acceptsKeywords: false, requiredPositional: ["a"], requiredKeywordOnly: [],
    });
  });

  it("knows when a function can only return None", () => {
    const module = analyze("def bare():\n    return\n\ndef inner():\n    def nested():\n        return 1\n\ndef generator():\n    yield 1\n\ndef value(x):\n    if x:\n        return x\n");
    expect(["bare", "inner", "generator", "value"].map((name) => module.topLevel.get(name)!.def!.returnsValue)).toEqual([false, false, true, true]);
  });

  it("knows the names a function returns, not those its nested functions do", () => {
    const module = analyze("def make(flag):\n    def inner():\n        return hidden\n    if flag:\n        return app\n    return build()\n");
    expect(module.topLevel.get("make")!.def!.returnedNames).toEqual(["app"]);
  });

  it("points a decorated def at the def, not the decorator", () => {
    const module = analyze("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'ok'\n");
    expect(textAt(module, module.topLevel.get("index")!.site)).toBe("def index()");
  });

  it("records imports with their module, name and level", () => {
    const module = analyze("import os.path\nimport xml.dom as dom\nfrom ..shared.views import app as application\nfrom . import views\nfrom ... import settings\n");
    expect(module.topLevel.get("os")!.importedFrom).toEqual({ module: "os", level: 0 });
    expect(module.topLevel.get("dom")!.importedFrom).toEqual({ module: "xml.dom", level: 0 });
    expect(module.topLevel.get("application")!.importedFrom).toEqual({ module: "shared.views", name: "app", level: 2 });
    expect(module.topLevel.get("views")!.importedFrom).toEqual({ module: "", name: "views", level: 1 });
    expect(module.topLevel.get("settings")!.importedFrom).toEqual({ module: "", name: "settings", level: 3 });
  });

  it("keys star imports by their module", () => {
    const module = analyze("from server import *\nfrom .helpers import *\n");
    expect(module.topLevel.get("*server")).toMatchObject({ kind: "star-import", importedFrom: { module: "server", name: "*", level: 0 } });
    expect(module.topLevel.get("*.helpers")).toMatchObject({ kind: "star-import", importedFrom: { module: "helpers", level: 1 } });
  });

  it("reads a literal __all__", () => {
    expect(analyze("__all__ = ['app', 'create_app']\n__all__ += ('extra',)\n").dunderAll).toEqual(["app", "create_app", "extra"]);
    expect(analyze("app = 1\n").dunderAll).toBeUndefined();
  });

  it("reads a one-name __all__ as a list of that name", () => {
    expect(analyze("__all__ = ['create']\n").dunderAll).toEqual(["create"]);
    expect(analyze("__all__ = ('create',)\n").dunderAll).toEqual(["create"]);
    expect(analyze("__all__ = []\n__all__ += ['app']\n").dunderAll).toEqual(["app"]);
    // ("create") is a string, not a tuple.
    expect(analyze("__all__ = ('create')\n").dunderAll).toBeUndefined();
  });

  it("marks for and with targets", () => {
    const module = analyze("for app in [1]:\n    pass\nwith open('x') as handle:\n    pass\n");
    expect(module.topLevel.get("app")!.kind).toBe("for");
    expect(module.topLevel.get("handle")!.kind).toBe("with");
  });

  it("keeps the last binding of a name", () => {
    const module = analyze("import os\nif os.environ.get('X'):\n    app = 1\nelse:\n    app = 2\n");
    expect(textAt(module, module.topLevel.get("app")!.site)).toBe("app = 2");
  });
});

describe("names bound only in functions or under the main guard", () => {
  it("finds a Flask app wrapped in a factory", () => {
    const module = analyze("from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n");
    expect(module.topLevel.has("app")).toBe(false);
    const bound = module.boundInFunction.get("app")!;
    expect(bound.functionName).toBe("create_app");
    expect(textAt(module, bound.site)).toBe("app = Flask(__name__)");
  });

  it("names the innermost function and leaves parameters out", () => {
    const module = analyze("def build(settings):\n    def inner():\n        handler = 1\n    return inner\n\nclass Service:\n    def start(self):\n        server = 2\n");
    expect(module.boundInFunction.get("inner")!.functionName).toBe("build");
    expect(module.boundInFunction.get("handler")!.functionName).toBe("inner");
    expect(module.boundInFunction.get("server")!.functionName).toBe("start");
    expect(module.boundInFunction.has("settings")).toBe(false);
    expect(module.boundInFunction.has("self")).toBe(false);
  });

  it("treats a global of a function never called as bound only in that function", () => {
    const module = analyze("from flask import Flask\n\ndef init():\n    global app\n    app = Flask(__name__)\n");
    expect(module.topLevel.has("app")).toBe(false);
    expect(module.boundInFunction.get("app")!.functionName).toBe("init");
  });

  it("binds a global at module level when the import calls the function", () => {
    const module = analyze("from flask import Flask\n\ndef init():\n    global app\n    app = Flask(__name__)\n\ninit()\n");
    expect(module.topLevel.get("app")).toMatchObject({ kind: "global", functionName: "init", isFlaskApp: true });
    expect(module.boundInFunction.has("app")).toBe(false);
  });

  it("lists names bound only under the main guard", () => {
    const module = analyze("from flask import Flask\nif __name__ == '__main__':\n    app = Flask(__name__)\n    port = 8080\nport = 80\n");
    expect([...module.boundUnderMainGuard.keys()]).toEqual(["app"]);
    expect(module.boundUnderMainGuard.get("app")!.isFlaskApp).toBe(true);
  });

  it("puts functions called only from the main guard under it", () => {
    const module = analyze("def main():\n    global server\n    server = 1\n\nif __name__ == '__main__':\n    main()\n");
    expect(module.topLevel.has("server")).toBe(false);
    expect(module.boundUnderMainGuard.get("server")).toMatchObject({ kind: "global", functionName: "main" });
  });

  it("takes the else of the main guard as the import's: its app is bound at top level", () => {
    const module = analyze("from flask import Flask\nif __name__ == '__main__':\n    local = True\nelse:\n    app = Flask(__name__)\n");
    expect(module.topLevel.has("app")).toBe(true);
    expect(module.boundUnderMainGuard.has("local")).toBe(true);
  });

  it("takes the else of a negated guard as the main guard", () => {
    const module = analyze("if __name__ != '__main__':\n    served = True\nelse:\n    local = True\n");
    expect(module.topLevel.has("served")).toBe(true);
    expect(module.boundUnderMainGuard.has("local")).toBe(true);
  });
});
