// nw-lint's Python syntax check against CPython on real code: every module of Debian's Python 3.11
// standard library and of the packages the integration suite installs (Flask, Werkzeug, Jinja,
// gunicorn, uvicorn, pre-commit and what they need). CPython compiles each; nw-lint must find a
// syntax error in exactly the modules CPython refuses, on CPython's line.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { positionAt } from "../../src/engine/source.js";
import { analyze } from "../python/helpers.js";

const PYTHON = "/usr/bin/python3.11";

/** Lists the modules and compiles each: the line of its syntax error, or null. */
const JUDGE = `
import json, pathlib, sysconfig, warnings
warnings.simplefilter("ignore")
# Debian's packages only: what pip put under /usr/local is not the suite's to judge.
roots = [sysconfig.get_paths()["stdlib"], "/usr/lib/python3/dist-packages"]
verdicts = {}
for root in dict.fromkeys(roots):
    for path in sorted(pathlib.Path(root).rglob("*.py")):
        if not path.is_file():
            continue
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
            verdicts[str(path)] = None
        except SyntaxError as error:
            verdicts[str(path)] = error.lineno
        except ValueError:
            verdicts[str(path)] = 1
print(json.dumps(verdicts))
`;

function cpythonVerdicts(): Record<string, number | null> {
  const result = spawnSync(PYTHON, ["-c", JUDGE], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (result.error || result.status !== 0) throw new Error(`cannot run ${PYTHON}: ${result.error?.message ?? result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, number | null>;
}

describe("python/syntax agrees with CPython 3.11 on every installed module", () => {
  it("finds a syntax error in exactly the modules CPython refuses, on its line", () => {
    const verdicts = Object.entries(cpythonVerdicts());
    // The standard library alone is some 600 modules; Flask and the servers add hundreds more.
    expect(verdicts.length).toBeGreaterThan(1000);
    const disagreements = verdicts.flatMap(([path, cpythonLine]) => {
      const module = analyze(readFileSync(path));
      const first = module.syntaxErrors[0];
      const line = first ? positionAt(module.file, first.start).line : null;
      return line === cpythonLine ? [] : [`${path}: CPython ${cpythonLine ?? "compiles it"}, nw-lint ${line ?? "finds no error"}${first ? ` (${first.message})` : ""}`];
    });
    expect(disagreements).toEqual([]);
  });
});
