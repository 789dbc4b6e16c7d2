import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { positionAt } from "../../src/engine/source.js";
import { lintDirectory, temporaryTree } from "../helpers.js";
import { analyze, realSyntaxError, textAt } from "./helpers.js";

/** Broken modules: nw-lint must report the first error on CPython's line, in CPython's words unless `lineOnly`. */
const BROKEN: readonly { source: string; lineOnly?: true }[] = [
  { source: "def broken(:\n    return 1\n" },
  { source: "app = 1\n\ndef f():\n    ", lineOnly: true },
  { source: Array.from({ length: 100 }, (_, depth) => `${" ".repeat(depth)}if x:\n`).join("") + `${" ".repeat(100)}pass\n` },
  { source: "def register(app)\n    app.add_url_rule('/', 'index', index)\n" },
  { source: "class Config\n    DEBUG = False\n" },
  { source: "for name in names\n    print(name)\n" },
  { source: "if ready:\n    pass\nelse\n    pass\n" },
  { source: "app = Flask(__name__\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n" },
  { source: "app = Flask(__name__)\napp.run(\n" },
  { source: "def index():\n    page = {'title': 'x'\n    return page\n" },
  { source: "from flask import (Flask, request\n" },
  { source: "x = )\n" },
  { source: "if ready:\npass\n" },
  { source: "def index():\nreturn 'ok'\n" },
  { source: "print 'hello'\n" },
  { source: "exec 'code'\n", lineOnly: true },
  { source: "try:\n    import json\nexcept ImportError, error:\n    json = None\n" },
  { source: "mode = 0755\n" },
  { source: "if a <> b:\n    pass\n" },
  { source: "x = 'unterminated\ny = 2\n" },
  { source: "doc = '''never closed\ny = 2\n" },
  { source: "greek = {'beta': '\\u03b', 'alpha': '\\u03b1'}\n" },
  { source: "path = 'C:\\Users\\name'\n" },
  { source: "byte = '\\x4'\n" },
  { source: "x = u\"\\U12345678\"\napp = 1\n" },
  { source: "x = 'a\\U00110000'\n" },
  { source: "  app = 1\n", lineOnly: true },
  { source: "if ready:\n    a = 1\n  b = 2\n", lineOnly: true },
  { source: "if ready:\n    a = 1\n        b = 2\n" },
  { source: "def f():\n    return 1\n        y = 2\n" },
  { source: "values = [1, 2)\n" },
  { source: "values = (1,\n          2]\n" },
  { source: "if ready:\n\tif steady:\n        go()\n" },
  { source: "mask = 0b102\n" },
  { source: "mode = 0o8\n" },
  { source: "colour = 0xg\n" },
  { source: "total = 1 \\ 2\n" },
  { source: "def f(:\n    pass\nname = 'oops\n" },
  { source: "print 'a'\nvalues = (1,\n" },
  { source: "x = = 1\nvalues = [1,\n" },
  { source: "f() = 1\n" },
  { source: "'static' = folder\n" },
  { source: "a, f() = 1, 2\n" },
  { source: "None = 1\n" },
  { source: "return app\n" },
  { source: "for x in y:\n    pass\nelse:\n    break\n" },
  { source: "continue\n" },
  { source: "x = yield 1\n" },
  { source: "await setup()\n" },
  { source: "def f(a, a):\n    pass\n" },
  { source: "def f(a=1, b):\n    pass\n" },
  { source: "f(a=1, a=2)\n" },
  { source: "f(a=1, 2)\n", lineOnly: true },
  { source: "x := 1\n" },
  { source: "import a.b as c.d\n" },
  { source: "for x in *values:\n    pass\n", lineOnly: true },
  { source: "import os\nfrom __future__ import annotations\n" },
  { source: "def f():\n    from __future__ import annotations\n" },
  { source: "def f():\n    from os import *\n" },
  { source: "class Config:\n    from os.path import *\n" },
  { source: "nonlocal app\n" },
  { source: "def f(*):\n    pass\n" },
  { source: "def f(a, *, **options):\n    pass\n" },
  { source: "def f(a: *T):\n    pass\n" },
  { source: "@routes['index'\ndef index():\n    pass\n", lineOnly: true },
  { source: "try:\n    import yaml\n# except ImportError:\n#     yaml = None\n\n@app.get('/')\ndef index():\n    pass\n" },
  { source: "try:\n    import yaml\n" },
  { source: "def check(value):\n    if not value:\n        raise ValueError, 'no value'\n" },
  { source: "def load():\n    try:\n        pass\n    return 1\n" },
  { source: "try:\n    pass\nelse:\n    pass\n" },
  { source: "def create_app():\n    app = Flask(__name__)\n    global app\n    return app\n" },
  { source: "def f():\n    print(x)\n    global x\n" },
  { source: "def f():\n    x: int\n    global x\n" },
  { source: "def f(x, *, y):\n    global y\n" },
  { source: "def f(x):\n    nonlocal x\n" },
  { source: "def f():\n    global x\n    def g():\n        nonlocal x\n" },
  { source: "class C:\n    x = 1\n    def g(self):\n        nonlocal x\n" },
  { source: "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n" },
  { source: "def f():\n    nonlocal x\n    x = 1\n" },
  { source: "x = 1\nglobal x\n" },
  { source: "def f():\n    [y for y in x]\n    global x\n" },
  { source: "def f():\n    try:\n        pass\n    except E as x:\n        pass\n    global x\n" },
  { source: "def f():\n    with a as x:\n        pass\n    global x\n" },
  { source: "def f():\n    for x in y:\n        pass\n    global x\n" },
  { source: "def f():\n    del x\n    global x\n" },
  { source: "def f():\n    (x := 1)\n    global x\n" },
  { source: "def f():\n    x += 1\n    global x\n" },
  { source: "def f():\n    def x():\n        pass\n    global x\n" },
  { source: "def f():\n    global x, y\n    y = 1\n    global y\n" },
  { source: "return 1\ndef f(a, a):\n    pass\n" },
  { source: "f(a=1, a=1)\ndef f(a, a):\n    pass\n" },
  { source: "return 1\nx = 1\nglobal x\n" },
  { source: "import os\nfrom __future__ import division\ndef f(a, a):\n    pass\n" },
  { source: "break\nfrom os import *\ndef g():\n    from os import *\n" },
  { source: "del f()\n" },
  { source: "del 1\n" },
  { source: "del (a, f())\n" },
  { source: "del a + b\n" },
  { source: "del None\n" },
  { source: "del [a, f()]\n" },
  { source: "del lambda: 1\n", lineOnly: true },
  { source: "del (x := 1)\n" },
  { source: "del a, (b for b in c)\n" },
  { source: "del {a}\n" },
  { source: "(a, b) += 1\n" },
  { source: "f() += 1\n" },
  { source: "[a] += 1\n" },
  { source: "1 += 1\n" },
  { source: "None += 1\n" },
  { source: "a and b += 1\n" },
  { source: "-a += 1\n" },
  { source: "(f()) += 1\n" },
  { source: "[a for a in b] += 1\n" },
  { source: "f\"{a}\" += 1\n" },
  { source: "a, *b, *c = d\n" },
  { source: "[*a, *b] = c\n" },
  { source: "for *a, *b in c:\n    pass\n" },
  { source: "*a = b\n" },
  { source: "f(x for x in y, 1)\n" },
  { source: "f(x for x, y in z, 1)\n" },
  { source: "f(1, [a for a, b in c], (a for a, b in c), x for x in y if x)\n" },
  { source: "f(1, x for x in y)\n" },
  { source: "f(a=1, *b, x for x in y)\n" },
  { source: "def f(**a, b):\n    pass\n" },
  { source: "def f(*a, *b):\n    pass\n" },
  { source: "f(**a, *b)\n" },
  { source: "f(**a, b)\n", lineOnly: true },
  { source: "a < b = 1\n" },
  { source: "a in b = 1\n" },
  { source: "a not in b = 1\n" },
  { source: "lambda: 1 = 1\n" },
  { source: "a and b = 1\n" },
  { source: "not a = 1\n" },
  { source: "a if b else c = 1\n" },
  { source: "-a = 1\n" },
  { source: "a + b = 1\n" },
  { source: "a.b() = 1\n" },
  { source: "{a: 1} = 1\n" },
  { source: "{a} = 1\n" },
  { source: "{a for a in b} = 1\n" },
  { source: "(a for a in b) = 1\n" },
  { source: "[x for x in y] = 1\n" },
  { source: "await a = 1\n" },
  { source: "(yield) = 1\n" },
  { source: "(x := 1) = 2\n" },
  { source: "f\"x{a}\" = 1\n" },
  { source: "\"a\" f\"{b}\" = 1\n" },
  { source: "\"a\" \"b\" = 1\n" },
  { source: "b\"x\" = 1\n" },
  { source: "... = 1\n" },
  { source: "True = 1\n" },
  { source: "x = 1 = 2\n" },
  { source: "a, b and c = 1\n" },
  { source: "a, -b = 1\n" },
  { source: "[a, f()] = 1\n" },
  { source: "(a, f()) = 1\n" },
  { source: "((a, f())) = 1\n" },
  { source: "(a + b) = 1\n" },
  { source: "(f()) = 1\n" },
  { source: "f(), g() = 1\n" },
  { source: "f(), a = 1, 2\n" },
  { source: "f(), a.b = 1\n" },
  { source: "(a, b), f() = 1\n" },
  { source: "a, [b, f()] = 1\n" },
  { source: "f() = a if b else c\n" },
  { source: "f() = lambda: 1\n" },
  { source: "f() = *a, b\n" },
  { source: "f() = not a\n" },
  { source: "f() = yield\n" },
  { source: "f() = x = 1\n" },
  { source: "x = f() = 1\n" },
  { source: "[a, b] = f() = 1\n" },
  { source: "a, f() = x = 1\n" },
  { source: "x = (a, f()) = 1\n" },
  { source: "for -a in c:\n    pass\n" },
  { source: "for (a, f()) in c:\n    pass\n" },
  { source: "for f() in x:\n    pass\n" },
  { source: "def f():\n    await x\n" },
  { source: "f = lambda: await x\n" },
  { source: "class A:\n    await x\n" },
  { source: "def f():\n    class A:\n        await x\n" },
  { source: "async def f():\n    yield from x\n" },
  { source: "def f():\n    global x\n    x: int = 1\n" },
  { source: "def f():\n    nonlocal x\n    x: int\n" },
  { source: "x = 1\nnonlocal x\n" },
  { source: "nonlocal x\ndef f():\n    x = 1\n    global x\n" },
  { source: "def f():\n    global a\n    nonlocal b\n    nonlocal a\n" },
  { source: "def f():\n    [x := 1 for q in z]\n    global x\n" },
  { source: "def f():\n    try:\n        pass\n    except E:\n        x = 1\n    finally:\n        global x\n" },
  { source: "def f(v):\n    match v:\n        case [x, *r]:\n            pass\n    global r\n" },
  { source: "f(k=1, k=3, x)\n" , lineOnly: true },
  { source: "class A:\n    def f(self, a=await x):\n        pass\n" },
  { source: "def f():\n    class K(await x):\n        pass\n" },
  { source: "f(), = a\n" },
  { source: "[a, 1], a, = 1\n" },
  { source: "f() = a, b = 1\n" },
  { source: "a.b = a or b, c = 1\n" },
  { source: "(a) = a or b, c = 1\n" },
  { source: "*a += 1\n" },
  { source: "a, b += 1\n" },
  { source: "def f(**g, *):\n    pass\n" },
  { source: "def f(b=1, a, *):\n    pass\n" },
  { source: "def f(a, *, **k):\n    pass\n" },
  { source: "lambda a=await x: a\n" },
  { source: "f = lambda a, a: 0\n" },
  { source: "f = lambda a=1, b: 0\n" },
  { source: "f = lambda **k, a: 0\n" },
  { source: "f = lambda *a, *b: 0\n" },
  { source: "f = lambda *: 0\n" },
  { source: "def f():\n    return [await x for x in y]\n" },
  { source: "[await x for x in y]\n" },
  { source: "def f():\n    return [x async for x in y]\n" },
  { source: "def f():\n    return {await x: 1 for x in y}\n" },
  { source: "f(x for x in y, x for x in y)\n" },
  { source: "def f(*, **g, *):\n    pass\n" },
  { source: "[(yield) for x in y]\n" },
  { source: "((yield) for x in y)\n" },
  { source: "def f():\n    return {(yield): 1 for x in y}\n" },
  { source: "def f():\n    return {(yield) for x in y}\n" },
  { source: "global x\nnonlocal x\n" },
  { source: "def f(*a, *):\n    pass\n", lineOnly: true },
  { source: "v = [q for q in (yield)]\n" },
  { source: "c = [(zq := y) for z in v]\nglobal zq\nglobal v\n" },
  { source: "a b,c for d\n", lineOnly: true },
  { source: "match x:\n    case []:\n        pass\n    case C(:\n        pass\n", lineOnly: true },
  { source: "match x:\n    case {} {}:\n        pass\n", lineOnly: true },
  { source: "match a, b c:\n    case _:\n        pass\n" },
  { source: "f = lambda a, *b, /: 0\n", lineOnly: true },
  { source: "f = lambda a, /, b, /: 0\n", lineOnly: true },
  { source: "f = lambda *,: 0\n" },
  { source: "match x:\n    case C().a:\n        pass\n" },
  { source: "match x:\n    case [*()]:\n        pass\n" },
  { source: "match a, b\n    case _:\n        pass\n", lineOnly: true },
  { source: "greeting = “hello”\n" },
  { source: "€ = 2\n" },
  { source: "done = 1 ✓\n" },
  { source: "x\u00a0= 2\n" },
  { source: "x = a\u200bb\n" },
  { source: "mood = \u{1F600}\n" },
  { source: "from __future__ import nested_scopes, braces\n" },
  { source: "\"\"\"The app.\"\"\"\nfrom __future__ import *\n" },
  { source: "from __future__ import (annotations,\n    spam as s)\n" },
  { source: "x = 'a\\\n\n'\ny = 2\n", lineOnly: true },
  { source: "x = 1\nif x:\n    y = 1\n  \f      z = 2\n" },
  { source: "x = 1\nif x:\n    y = 1\n\f  z = 2\n" },
];

/** Modules CPython compiles, some of which lezer's grammar alone would reject. */
const VALID: readonly string[] = [
  "with (open('a') as source, open('b') as target):\n    pass\n",
  "with (\n    open('a') as source,\n    open('b') as target,\n):\n    pass\n",
  "with open('a') as handle.attribute:\n    pass\n",
  "def write(path):\n    with open(path) as (reader, writer):\n        if reader:\n            return (1 +\n                2)\n    return 0\n",
  "timeout = 20.\nday = 24.*3600.\nodd = 1if True else 2\n",
  "x = 1\n\f\n# a form feed on a blank line\ny = 2\n",
  "def f():\n    x = 1\n  \f  \n    return x\n",
  "class Page:\n    first = 1\n\f\n    def second(self):\n        return self.first\n",
  "x = 1\nif x:\n    y = 1\n\f    z = 2\n    \f    w = 3\n  \f  # a comment\n    v = 4\n",
  "total = 1 + \\\n\f  2\n",
  "match node:\n    case ast.BinOp():\n        pass\n",
  "match x, y:\r\n    case [] | C():\r\n        pass\r\n",
  "def route(event):\n    match event:\n        case Click(\n            position=Point(),  # where () is\n            button=(),\n        ) | Key(\n        ):\n            return ()\n        case []: return ()\n    case = lambda: None\n    case()\n",
  "match not x:\r    case {}:\r        pass\r",
  "first = lambda a, /: a\npair = lambda a, /, b=1, *, c,: (a, b, c)\nlast = lambda a,: a\nrest = lambda *args,: args\n",
  "match method, path.split('/'):  # routes: GET, POST\n    case 'GET', ['', 'items']:\n        pass\nmatch not ok:\n    case True:\n        pass\nmatch *head, {1: 'a:b'}[key],:\n    case _:\n        pass\nmatch = 1, 2\nmatch: int = 3\n",
  "match event:\n    case []:\n        pass\n    case {}:\n        pass\n    case ( ):\n        pass\n    case str() | bytes() | Point( ):\n        pass\n",
  "match event:\n    case {'data': {}, 'tags': [[], ()]} | Click(position=()) if handle('[]', ()):\n        pass\n    case (Key() | Quit(), []):\n        pass\n",
  "pairs = [rest for first, *rest in [(1, 2, 3)]]\ntotal = sum(len(rest) for first, *rest in [(1, 2)])\n",
  "def copy():\n    with (open('a') as source, open('b') as target):\n        data = source.read()\n    return data\n",
  "match command:\n    case ['go', direction]:\n        pass\n    case _:\n        pass\n",
  "try:\n    pass\nexcept* ValueError:\n    pass\n",
  "def f(a, /, b, *, c):\n    received = yield\n    yield\n    return (yield)\n",
  "s = rb'a' + f'{value!r:>{width}}' + '''x''' + \"\\\"\"\n",
  "x = [i for i in range(3) if i]\nprint('a', file=None)\n",
  "if x: y = 1; z = 2\n",
  "for x, in [(1,)]:\n    pass\n",
  "\tif True:\n\t\tpass\n".replace(/^\t/, ""),
  "for path in *static_dirs, *extra_dirs:\n    pass\nfor path in first, *rest:  # a comment\n    pass\n",
  "routes = {'index': lambda f: f}\n\n@routes['index']\ndef index():\n    return 'ok'\n\n@(lambda f: f)\nclass Config:\n    pass\n",
  "class Array(Generic[*Shape]):\n    pass\n\ndef call(*args: *Ts):\n    return Array[int, *Ts]\n",
  '"""The app."""\n# comment\nfrom __future__ import annotations\nfrom __future__ import division\nfrom os import *\n\ndef f(*, key, **options):\n    def g():\n        nonlocal key\n',
  "from __future__ import annotations\n",
  "from __future__ import (annotations as a,\n    generator_stop, division)\nfrom __future__ import print_function\n",
  "import sys\n\ndef log(message):\n    print >>sys.stderr, message\n",
  "print = sys.stderr.write\nprint -1\nprint [0], 1\nprint += 1\nprint if print else None\n",
  Array.from({ length: 99 }, (_, depth) => `${" ".repeat(depth)}if x:\n`).join("") + `${" ".repeat(99)}pass\n`,
  "app = 1\nif app:\n    pass\n      ",
  "app = 1\nif app:\n    pass\n\t",
  "app = 1\rif app:\r    pass\r        ",
  'x = 5\nd = {"k": 1}\ns = f"{x:=10}" + f"{d[\'k\']:=^20}" + f"{x!r:=5}"\n',
  "   ",
  "app = None\n\ndef create():\n    global app\n    app = Flask(__name__)\n",
  "def f():\n    import x\n    global x\n",
  "def f():\n    total = sum(x for x in items)\n    global x\n",
  "def f():\n    [x for y in z]\n    lambda: x\n    global x\n",
  "def f():\n    def g():\n        x = 1\n    global x\n",
  "def f():\n    x = 1\n    def g():\n        nonlocal x\n    class C:\n        nonlocal x\n",
  "def f():\n    def g():\n        nonlocal x\n    x = 1\n",
  "def f():\n    g(key=1)\n    global key\n",
  "def f():\n    global x\n    global x\n    x = 1\n",
  "x.y += 1\na[1:2] += 3\n(a) += 1\ndel a.b, c[1]\ndel (a), [b]\nfor a.b in c:\n    pass\n*a, = b\n[a, *b] = c\n",
  "f(x for x in y)\nf(*a, b, **c)\nf(a=1, *b)\nf(*a, *b, c=1, **d, **e)\n",
  "async def f():\n    await x\n    [await y for y in z]\n    yield 1\n",
  "def f(a, *b, c, **d):\n    pass\n",
  "def f(v):\n    match v:\n        case [a, *r] | {'k': a, **r} | P(a, k=r):\n            pass\n        case x:\n            pass\n    def g():\n        nonlocal x, a\n",
  "def f(p):\n    match p:\n        case Point(x=0):\n            pass\n    global x\n",
  "def f():\n    [y := 1 for _ in z]\n    def g():\n        nonlocal y\n",
  "def f():\n    with (a as b, c as d):\n        pass\n    def g():\n        nonlocal d\n",
  "def f():\n    with z as (y, x):\n        pass\n    def g():\n        nonlocal x\n",
  "def f():\n    from m import (a, b)\n    def g():\n        nonlocal a\n",
  "class C:\n    def f(self):\n        nonlocal __class__\n",
  "from __future__ import annotations\ndef f(a: x) -> x:\n    y: x = 1\n    global x\n",
  "def f():\n    try:\n        pass\n    except E:\n        x = 1\n    else:\n        global x\n",
  "async def f():\n    def g(a=await x):\n        pass\n    lambda a=await x: a\n",
  "def f():\n    class K((yield)):\n        pass\n",
  "from __future__ import annotations; import os\n",
  "[x := 1 for q in z]\nglobal x\nglobal y\ny: int\n",
  "\"The app.\" \"\"\"Its docs.\"\"\"\nfrom __future__ import annotations\n",
  "print\nprint ;\nx = 1\n",
  "f(x for a in b for c, d in e if c)\ng = lambda a, b=1, *c, d, **e: 0\nh = lambda: 0\n",
  "async def f():\n    return [await x for x in y], [[await a for a in b] for b in c], {x async for x in y}\n\ndef g():\n    return (await x for x in y)\n",
  "x = u'\\U0010ffff'\n",
  "café = 1\nπ = café  # “quoted” in a comment\nℌ_2 = \"“quoted” in a string\"\n_ñ = π\n",
  "timeout = 1.  # seconds\nratio = 1. if a else 2.\ninside = (1. in a)\nlast = 3. \n",
  "big = \"1.26\"\\\n\"47\"\\\n\n# sin(a)\nsmall = 1 \\\n# a comment\nlast = '''a\\\n\n'''\r\nmore = 2 \\\r\n\r\n",
  "pattern = rf'(\\{{[0-9a-f]*\\}})' + FR\"\"\"\\{{\n{name}\"\"\"\nrest = 1\n",
  "y = f([0., 2.])\nmatch = pattern.match(line)\nlimits = {'low': [1.], 'high': (2.,), 3.: x[1.:]}\nmatch = g(1_0. , {1.})\n",
  "from contextlib import contextmanager\n\n@contextmanager\ndef session():\n    yield  # the request runs here\n    received = yield \n",
  "from flask import Flask\n\napp = Flask(__name__)\ncounter = 0\n\n@app.route('/')\ndef index():\n    global counter\n    counter += 1\n    return str(counter)\n",
  "def main():\n    global app\n    parser = argparse.ArgumentParser()\n    args = parser.parse_args()\n    if args.debug:\n        global debug\n    app = create(args, key=lambda a=1: a)\n",
  "class Config:\n    def load(self, path=None):\n        global settings\n        settings = {k: v for k, v in read(path).items()}\n        print(f'{settings}', end='')\n",
];

/** A source as a test's name: its first 100 characters, quoted. */
function named(source: string): string {
  const quoted = JSON.stringify(source);
  return quoted.length > 100 ? `${quoted.slice(0, 100)}…` : quoted;
}

describe("syntax errors where CPython reports them", () => {
  for (const { source, lineOnly } of BROKEN) {
    it(named(source), () => {
      const module = analyze(source);
      const real = realSyntaxError(source)!;
      expect(real).not.toBeNull();
      expect(module.syntaxErrors).toHaveLength(1);
      const [error] = module.syntaxErrors;
      expect(positionAt(module.file, error!.start).line).toBe(real.line);
      if (!lineOnly) expect([error!.exception, error!.message]).toEqual([real.exception, real.message]);
    });
  }

  for (const source of VALID) {
    it(`compiles: ${named(source)}`, () => {
      expect(realSyntaxError(source)).toBeNull();
      expect(analyze(source).syntaxErrors).toEqual([]);
    });
  }

  it("places an error at the end of a last line of only white space where CPython does, at its end", () => {
    const source = "app = 1\n\ndef f():\n    ";
    const module = analyze(source);
    const real = realSyntaxError(source)!;
    expect(positionAt(module.file, module.syntaxErrors[0]!.start)).toEqual({ line: real.line, column: real.column });
  });

  it("gives the statement the error is in", () => {
    const module = analyze("from flask import Flask\n\ndef register(app)\n    app.add_url_rule('/', 'index', index)\n");
    expect(textAt(module, module.syntaxErrors[0]!.statement)).toMatch(/^def register\(app\)/);
  });
});

/** Modules as bytes (written here in Latin-1): CPython decodes a token only when it makes an object of it. */
const NOT_UTF8: readonly { source: string; compiles?: true }[] = [
  { source: "x = 1\n# caf\xe9\ny = 2\n", compiles: true },
  { source: "# -*- coding: latin-1 -*-\ntitle = 'caf\xe9'\n", compiles: true },
  { source: "#!/usr/bin/env python3\n# vim: set fileencoding=iso-8859-15 :\ntitle = 'caf\xe9'\n", compiles: true },
  { source: "title = 'caf\xe9'\n" },
  { source: "x = 1\ncaf\xe9 = 2\n" },
  { source: "x = 1\n\xff\xfe = 2\n" },
  { source: "x = 1 # \xe9\ny = '\xe9\xe9'\n" },
  { source: "x = u'\xe4\xb8'\n" },
  { source: "x = '''ab\ncd\xe9ef\n'''\n" },
  { source: "x = 'a\\tb\xe9c'\n" },
  { source: "x = r'a\\tb\xe9c'\n" },
  { source: "x = f'ab{y}c\xe9'\n" },
  { source: "x = 'ok' 'b\xe9'\n" },
  { source: "x = 'caf\xc3\xa9 \xe9'\n" },
  { source: "# coding: utf-8\nx = '\xe9'\n" },
  { source: "x = b'\xc3\xa9'\n" },
  { source: "x = rb'''a\n\xe9\n'''\n" },
  { source: "x = (1,\n'\xe9'\n" },
  { source: "x = '\xe9'\ny = (\n" },
  { source: "y = )\nx = '\xe9'\n" },
  { source: "x = 1\n\xe9 = 2\ny = )\n" },
  { source: "x = '\xe9\n" },
  { source: "def index():\n    return 'd\xe9j\xe0 vu'\n" },
  { source: "caf\xc3\xa9 = '\xef\xbf\xbd'\n", compiles: true },
  { source: "x = '\xe9'\r\ny = 2\r\n" },
  { source: "abc\xe9 = '\xe9'\n" },
  { source: "x = f'{y!r} \xe9 {z}'\n" },
  { source: "x = '''a\\\n\xe9'''\n" },
  { source: "x = '\xf0\x90\x80'\n" },
  { source: "x = '\xed\xa0\x80'\n" },
  { source: "x = '\xc0\x80'\n" },
];

describe("modules that are not UTF-8", () => {
  for (const { source, compiles } of NOT_UTF8) {
    const bytes = Buffer.from(source, "latin1");
    it(JSON.stringify(source), () => {
      const real = realSyntaxError(bytes);
      const module = analyze(bytes);
      if (compiles) {
        expect(real).toBeNull();
        expect(module.syntaxErrors).toEqual([]);
        return;
      }
      expect(real).not.toBeNull();
      expect(module.syntaxErrors.map((error) => [positionAt(module.file, error.start).line, error.message])).toEqual([[real!.line, real!.message]]);
    });
  }
});

describe("a NUL byte anywhere in a module", () => {
  for (const source of ['x = "a\0b"\n', "x = 1  # a\0b\n", "x = 1\n\0\ny = 2\n", "def f(:\n    pass\nx = '\0'\n"]) {
    it(`is CPython's one error, at the first NUL: ${JSON.stringify(source)}`, () => {
      const real = realSyntaxError(source)!;
      expect([real.exception, real.message]).toEqual(["ValueError", "source code string cannot contain null bytes"]);
      const module = analyze(source);
      expect(module.syntaxErrors.map((error) => [error.exception, error.message, error.start])).toEqual([[real.exception, real.message, source.indexOf("\0")]]);
    });
  }

  it("is python/syntax's one finding, in CPython's words", () => {
    const directory = temporaryTree({ "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\n", "app.py": 'from flask import Flask\napp = Flask(__name__)\nSEP = "a\0b"\n' });
    expect(lintDirectory(directory).diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      ["python/syntax", 3, 9, "ValueError: source code string cannot contain null bytes: importing app.py fails, so uWSGI cannot load the app"],
    ]);
  });
});

describe("brackets nested deeper than CPython's tokenizer allows", () => {
  it("are the syntax error CPython reports, and the module binds nothing", () => {
    const text = `app = ${"[".repeat(1500)}${"]".repeat(1500)}\n`;
    const module = analyze(text);
    expect(module.syntaxErrors.map((error) => [error.message, error.start])).toEqual([["too many nested parentheses", 206]]);
    expect(module.topLevel.size).toBe(0);
  });
});

/** A Flask module building `HTML` from `terms` string literals joined by `+`, one a line, as a generated page might. */
function stringChainModule(terms: number, after = ""): string {
  const lines = Array.from({ length: terms }, (_, row) => `    "<p>row ${row}</p>" +\n`).join("");
  return `from flask import Flask\n\nHTML = (\n${lines}    ""\n)\n${after}\napp = Flask(__name__)\n`;
}

describe("chains longer than lezer reads in one go (it closes a chain of 300 terms past 2,000 characters)", () => {
  it("a 300-term string chain compiles, and the module binds its app", () => {
    const source = stringChainModule(300);
    expect(realSyntaxError(source)).toBeNull();
    const module = analyze(source);
    expect(module.syntaxErrors).toEqual([]);
    expect(module.unparsedFrom).toBeUndefined();
    expect([...module.topLevel.keys()]).toEqual(["Flask", "HTML", "app"]);
  });

  for (const source of [`x = ${Array(2000).fill("1").join("+")}\napp = 1\n`, `x = ${Array(3000).fill("True").join(" and ")}\napp = 1\n`, `x = q${".f()".repeat(1000)}\napp = 1\n`]) {
    it(`compiles: ${named(source)}`, () => {
      expect(realSyntaxError(source)).toBeNull();
      const module = analyze(source);
      expect(module.syntaxErrors).toEqual([]);
      expect(module.unparsedFrom).toBeUndefined();
      expect(module.topLevel.has("app")).toBe(true);
    });
  }

  const broken = {
    "after the chain": stringChainModule(300, "\ndef f(:\n    pass\n"),
    "before the chain": `x = (1 +)\n${stringChainModule(300)}`,
    "in the chain, past where lezer closed it": stringChainModule(300).replace('"<p>row 280</p>" +', '"<p>row 280</p>" + * "b" +'),
  };
  for (const [where, source] of Object.entries(broken)) {
    it(`an error ${where} is CPython's`, () => {
      const real = realSyntaxError(source)!;
      expect(real).not.toBeNull();
      const module = analyze(source);
      expect(module.syntaxErrors.map((error) => [positionAt(module.file, error.start).line, error.message])).toEqual([[real.line, real.message]]);
    });
  }

  it("past lezer's stack (1,200 nested `if … else`), the rest is unparsed: no error CPython does not raise", () => {
    const nested = `x = ${"1 if y else ".repeat(1200)}1\n`;
    expect(realSyntaxError(`${nested}app = 1\n`)).toBeNull();
    const module = analyze(`${nested}app = 1\n`);
    expect(module.syntaxErrors).toEqual([]);
    expect(module.unparsedFrom).toBeLessThan(nested.length);
    // An error lezer read before it gave up is still CPython's.
    expect(analyze(`x = (1 +)\n${nested}`).syntaxErrors.map((error) => [error.message, error.start])).toEqual([["invalid syntax", 8]]);
  });
});

describe("python/syntax on a module with a long chain", () => {
  it("says nothing of a 300-term string chain, nor of a module read only in part", () => {
    const ini = "[uwsgi]\nmodule = app:app\nneed-app = true\n";
    const chain = temporaryTree({ "app.ini": ini, "app.py": stringChainModule(300) });
    expect(lintDirectory(chain).diagnostics).toEqual([]);
    // Its app is bound after where lezer gave up: unknown, not missing.
    const unparsed = temporaryTree({ "app.ini": ini, "app.py": `from flask import Flask\nx = ${"1 if y else ".repeat(1200)}1\napp = Flask(__name__)\n` });
    expect(lintDirectory(unparsed).diagnostics).toEqual([]);
  });
});

describe("python/syntax on a module that is not UTF-8", () => {
  it("says so, and how to fix it", () => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-latin1-"));
    writeFileSync(join(directory, "app.ini"), "[uwsgi]\nmodule = app:app\nneed-app = true\n");
    writeFileSync(join(directory, "app.py"), Buffer.from("from flask import Flask\napp = Flask(__name__)\nTITLE = 'Caf\xe9'\n", "latin1"));
    const [syntax] = lintDirectory(directory).diagnostics.filter((diagnostic) => diagnostic.ruleId === "python/syntax");
    expect([syntax?.line, syntax?.message, syntax?.hint]).toEqual([
      3,
      "SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data: app.py is not UTF-8 here, so importing it fails and uWSGI cannot load the app",
      "save app.py as UTF-8, or declare the encoding it is in on its first line: # -*- coding: latin-1 -*-",
    ]);
  });
});
