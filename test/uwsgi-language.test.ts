// The uWSGI ini reader, command line and value helpers, against what uWSGI 2.0.21 does
// (docs/uwsgi-behaviour.md).
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import type { Site } from "../src/engine/types.js";
import { findUwsgiCommand } from "../src/languages/uwsgi/command.js";
import { magicTable, parseIni, sectionEntries } from "../src/languages/uwsgi/ini.js";
import { closestOption, isTrue, uwsgiOption } from "../src/languages/uwsgi/options.js";
import { callableName, pyargvWords, socketPort, splitModuleValue, valueBlemishes } from "../src/languages/uwsgi/values.js";

const MAGIC = magicTable({ given: "deploy/app.ini", absolute: "/app/deploy/app.ini", section: "", startDir: "/app" });

function entries(text: string, section = "uwsgi") {
  const file = createSourceFile("app.ini", undefined, text, "uwsgi");
  return sectionEntries(parseIni(file, MAGIC), section).map((line) => [line.key!.text, line.value!.text]);
}

describe("ini reading", () => {
  it("keeps every entry in order, quotes and trailing comments included", () => {
    expect(entries("[uwsgi]\nmodule = missing:app\nmodule = \"app:app\" # the app\nmaster\n")).toEqual([
      ["module", "missing:app"],
      ["module", "\"app:app\" # the app"],
      ["master", ""],
    ]);
  });

  it("reads only the exact section, stripped of spaces, tabs and CR", () => {
    expect(entries("[uwsgi] \r\nmodule = app\r\n")).toEqual([["module", "app"]]);
    for (const header of ["[UWSGI]", "[ uwsgi ]", "[uwsgi] # main"]) expect(entries(`${header}\nmodule = app\n`)).toEqual([]);
    expect(entries("module = app\n[uwsgi]\nmaster = true\n")).toEqual([["master", "true"]]);
  });

  it("misses the section after a byte-order mark", () => {
    const file = createSourceFile("app.ini", undefined, "\uFEFF[uwsgi]\nmodule = app\n", "uwsgi");
    expect(sectionEntries(parseIni(file, MAGIC), "uwsgi")).toEqual([]);
  });

  it("treats indented # and ; lines as comments and `key: value` as a bare key", () => {
    expect(entries("[uwsgi]\n  # module = x\n;x\nmodule: app:app\n")).toEqual([["module: app:app", ""]]);
  });

  it("expands magic variables, deletes unknown ones, and joins a line ending in %", () => {
    expect(entries("[uwsgi]\nchdir = %d..\nmodule = %n%y:app\npyargv = 100%%\n")).toEqual([
      ["chdir", "/app/deploy/.."],
      ["module", "app:app"],
      ["pyargv", "100%"],
    ]);
    expect(entries("[uwsgi]\n# fills to 100%\nmodule = app:app\n")).toEqual([]);
    expect(entries("[uwsgi]\npyargv = -d 5%\nmaster = true\n")).toEqual([["pyargv", "-d 5master = true"]]);
  });

  it("keeps placeholders literal for the model to resolve", () => {
    expect(entries("[uwsgi]\nmodule = %(app_module):app\n")).toEqual([["module", "%(app_module):app"]]);
  });

  it("records the ranges of keys, values and deleted magic", () => {
    const file = createSourceFile("app.ini", undefined, "[uwsgi]\nmodule = app%y:app\n", "uwsgi");
    const [line] = sectionEntries(parseIni(file, MAGIC), "uwsgi");
    expect(file.text.slice(line!.key!.start, line!.key!.end)).toBe("module");
    expect(file.text.slice(line!.value!.start, line!.value!.end)).toBe("app%y:app");
    expect(line!.dropped.map((drop) => file.text.slice(drop.start, drop.end))).toEqual(["%y"]);
  });
});

describe("option table and values", () => {
  it("knows aliases, kinds and close names", () => {
    expect(uwsgiOption("wsgi")!.names).toContain("module");
    expect(uwsgiOption("mount")!.kind).toBe("list");
    expect(closestOption("modlue")).toBe("module");
    expect(closestOption("colour")).toBeUndefined();
  });

  it("reads booleans as uWSGI does", () => {
    expect(["false", "OFF", "no", "0"].map(isTrue)).toEqual([false, false, false, false]);
    expect(["true", "nope", "\"false\"", "false # x", ""].map(isTrue)).toEqual([true, true, true, true, true]);
  });

  it("finds quotes and trailing comments", () => {
    expect(valueBlemishes("pyargv", "\"-i ./static\"")).toEqual({ comment: undefined, quotes: [0, 12], clean: "-i ./static" });
    expect(valueBlemishes("module", "app:app ; the app")).toEqual({ comment: 8, quotes: undefined, clean: "app:app" });
    expect(valueBlemishes("module", "a#b").clean).toBe("a#b");
    // Inside the quotes that open the value, `#` and `;` are the writer's text.
    expect(valueBlemishes("env", 'GREETING="hello # world" # the greeting')).toEqual({ comment: 25, quotes: [9, 23], clean: "GREETING=hello # world" });
    expect(valueBlemishes("pyargv", "'-x ; y' ; z")).toEqual({ comment: 9, quotes: [0, 7], clean: "-x ; y" });
    expect(valueBlemishes("module", '"app # x').comment).toBe(5);
  });

  it("takes several quoted words, and the values a shell runs, as written", () => {
    // Quotes around each word are not one pair around the value; argv-mismatch judges such a pyargv.
    expect(valueBlemishes("pyargv", '"-i" "./static"')).toEqual({ comment: undefined, quotes: undefined, clean: '"-i" "./static"' });
    // uWSGI 2.0.21 runs these with /bin/sh: `attach-daemon = "/bin/echo" "OK"` prints OK, and
    // `hook-pre-app = exec:echo A ; echo B` prints A and B.
    for (const [key, value] of [
      ["attach-daemon", '"/usr/bin/python3" "-m" "worker"'],
      ["smart_attach_daemon", "/tmp/w.pid python3 w.py # a worker"],
      ["exec-pre-app", "mkdir -p /tmp/x ; chmod 700 /tmp/x"],
      ["hook-pre-app", "exec:mkdir -p /tmp/x ; chmod 700 /tmp/x"],
      ["cron2", "minute=-5 /usr/bin/cleanup; echo done"],
    ] as const) {
      expect(valueBlemishes(key, value)).toEqual({ comment: undefined, quotes: undefined, clean: value });
    }
    expect(valueBlemishes("hook-pre-app", "chdir:/tmp ; here").comment).toBe(11);
  });

  it("splits module, callable, pyargv and socket values", () => {
    expect(splitModuleValue("pkg.mod:create_app()")).toEqual({ module: "pkg.mod", callable: "create_app()" });
    expect(callableName("create_app(\"x\")")).toEqual({ text: "create_app(\"x\")", name: "create_app", call: "call-with-arguments" });
    expect(pyargvWords("\"-i  ./static\"")).toEqual(["\"-i", "./static\""]);
    // uWSGI splits at tabs too: pyargv = a<TAB>b  c gives sys.argv ['uwsgi', 'a', 'b', 'c'].
    expect(pyargvWords("a\tb  c")).toEqual(["a", "b", "c"]);
    expect([":5000", "0.0.0.0:8080", "/tmp/app.sock"].map(socketPort)).toEqual([5000, 8080, undefined]);
  });
});

describe("uWSGI command line", () => {
  const file = createSourceFile("k8s.yaml", undefined, "", "yaml");
  const at: Site = { file, start: 0, end: 0 };
  const words = (...texts: string[]) => texts.map((text) => ({ text, at }));
  const parsed = (...texts: string[]) => {
    const command = findUwsgiCommand(words(...texts))!;
    return { options: command.options.map((option) => [option.key, option.value]), problems: command.problems.map((problem) => problem.message) };
  };

  it("reads long, abbreviated, = and short forms in order, bare inis last", () => {
    expect(parsed("uwsgi", "app.ini", "--ini", "base.ini", "--pyargv", "webapp -i x", "--modu=app:app", "-w", "wsgi", "-M", "--set", "a=1").options).toEqual([
      ["ini", "base.ini"], ["pyargv", "webapp -i x"], ["module", "app:app"], ["module", "wsgi"], ["master", "1"], ["a", "1"], ["ini", "app.ini"],
    ]);
  });

  it("finds uWSGI behind a wrapper or in sh -c", () => {
    expect(parsed("/usr/local/bin/uwsgi", "--need-app").options).toEqual([["need-app", "1"]]);
    expect(parsed("sh", "-c", "cd /app && exec uwsgi --ini 'app.ini' --uid 1000; echo done").options).toEqual([["ini", "app.ini"], ["uid", "1000"]]);
    expect(findUwsgiCommand(words("gunicorn", "app:app"))).toBeUndefined();
  });

  it("reports what getopt rejects", () => {
    expect(parsed("uwsgi", "--colour", "blue", "--master=true", "--pyargv").problems).toEqual([
      "unrecognized option '--colour'", "option '--master' doesn't allow an argument", "option '--pyargv' requires an argument",
    ]);
  });
});
