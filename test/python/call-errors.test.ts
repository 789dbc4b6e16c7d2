// The TypeError a server's call of a factory raises, worded as CPython 3.11 words it (the judge: the real python3).

import { describe, expect, it } from "vitest";
import { callError } from "../../src/languages/python/functions.js";
import { analyze, realCallError } from "./helpers.js";

const DEFINITIONS = [
  "def create_app(config):\n    pass\n",
  "def create_app(*, config):\n    pass\n",
  "def create_app(a, b):\n    pass\n",
  "def create_app(a, b, c, *, k, m):\n    pass\n",
  "def create_app(a, b=2, *, k=1):\n    pass\n",
  "def create_app(a, /, b=1, *, k):\n    pass\n",
  "def create_app(a, *args, k):\n    pass\n",
  "def create_app(config=None):\n    pass\n",
  "def create_app():\n    pass\n",
  "def create_app(a, b, /, c, **options):\n    pass\n",
  "def create_app(a, b, /, c):\n    pass\n",
];

const CALLS: readonly [number, readonly string[]][] = [[0, []], [1, []], [2, []], [3, []], [4, []], [0, ["config"]], [1, ["k"]], [3, ["k"]], [2, ["b", "k"]], [0, ["a", "k", "m"]], [0, ["a", "b"]], [1, ["a", "c"]], [0, ["debug"]]];

describe("callError", () => {
  for (const source of DEFINITIONS) {
    it(source.split("\n")[0]!, () => {
      const signature = analyze(source).topLevel.get("create_app")!.def!;
      for (const [positional, keywords] of CALLS) {
        expect([positional, keywords, callError(signature, positional, keywords) ?? null]).toEqual([positional, keywords, realCallError(source, "create_app", positional, keywords)]);
      }
    });
  }

  it("names the function as its def does, whatever name calls it", () => {
    const module = analyze("def make(*, config):\n    pass\n\ncreate_app = make\n");
    expect(callError(module.topLevel.get("create_app")!.def!, 0, [])).toBe("TypeError: make() missing 1 required keyword-only argument: 'config'");
  });
});
