// Python modules for the property tests: realistic Flask apps to damage, and hostile shapes.
import fc from "fast-check";
import { huge, mutatedSeed, nested, randomBytes, tokenSoup } from "./mutations.js";

/** The app.py that app.ini loads in every app directory of the property tests. */
export const APP_PY = `"""Serves the sky tiles."""
import os

from flask import Flask, send_from_directory

app = Flask(__name__, static_folder=os.environ.get("TILE_ROOT", "static"))


@app.route("/tiles/<path:name>")
def tile(name):
    return send_from_directory(app.static_folder, name)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
`;

const SEEDS = [
  APP_PY,
  `import argparse
import sys

from flask import Flask

parser = argparse.ArgumentParser(description="tile server")
parser.add_argument("--tiles", required=True, help="where the tiles are")
parser.add_argument("-v", "--verbose", action="store_true")
options = parser.parse_args()


def create_app(config=None):
    application = Flask(__name__, static_folder=options.tiles)
    application.config.update(config or {})

    @application.get("/")
    def index():
        return application.send_static_file("index.html")

    return application


application = create_app()
if not options.tiles:
    sys.exit("no tiles")
`,
  `from .views import blueprint
from flask import Flask
try:
    import ujson as json
except ImportError:  # pragma: no cover
    import json

class Config:
    SECRET_KEY = b"\\x00\\xff"
    TILES: str = f"{__name__}/tiles"

app = application = Flask(__name__)
app.register_blueprint(blueprint)
with open("settings.json") as handle:
    app.config.update(json.load(handle))
raise SystemExit(app.run())
`,
  `async def app(scope, receive, send):
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})

lambda_app = lambda environ, start_response: (start_response("200 OK", []), [b"ok"])[1]
match_value = [x for x in range(3) if x % 2 == 0]
match match_value:
    case [0, *rest]:
        pass
    case _:
        print("\\N{SNOWMAN}", r"\\d+", b'\\x00', 0x_ff, 1_000j)
`,
];

const TOKENS = [
  "import argparse\n", "import sys\n", "from flask import Flask\n", "from . import views\n", "app = Flask(__name__)\n", "application = app\n",
  "def create_app():\n", "    return app\n", "class App:\n", "if __name__ == \"__main__\":\n", "    app.run(debug=True)\n", "app.run()\n",
  "parser = argparse.ArgumentParser()\n", "parser.add_argument(\"--tiles\", required=True)\n", "parser.parse_args()\n", "sys.exit(1)\n",
  "raise SystemExit\n", "@app.route(\"/\")\n", "async def ", "await ", "lambda: ", "yield ", "try:\n", "except:\n", "with x as y:\n",
  "(", ")", "[", "]", "{", "}", ":", ",", "=", "\\\n", "\"", "'", "\"\"\"", "'''", "f\"{", "}\"", "b'", "#", "# nw-lint-disable-next-line\n",
  "    ", "\t", "\n", "\r\n", "\f", "pass\n", "None", "0x", "1e", "é", "😀", "\u00a0",
];

const indentedBlocks = fc
  .integer({ min: 1, max: 400 })
  .map((depth) => Buffer.from(`${Array.from({ length: depth }, (_, level) => `${" ".repeat(level)}if x:`).join("\n")}\n${" ".repeat(depth)}app = 1\n`));

/** Every kind of Python input the property tests feed nw-lint. */
export const pythonInput: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: mutatedSeed(SEEDS, TOKENS), weight: 12 },
  { arbitrary: tokenSoup(TOKENS), weight: 6 },
  { arbitrary: randomBytes, weight: 2 },
  { arbitrary: fc.oneof(nested("(", ")", "1"), nested("[", "]"), nested("f(", ")", "app"), nested("lambda: ", "", "app"), indentedBlocks), weight: 2 },
  { arbitrary: fc.oneof(huge('app = "'), huge('"""', '"""\n'), huge("# "), huge("x = 1 + ", "1\n")), weight: 1 },
);
