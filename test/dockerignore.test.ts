// What a build's .dockerignore keeps out of the image, and how the model's lookups see it.
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { ContextIgnore } from "../src/model/dockerignore.js";
import { projectModel } from "./helpers.js";

const FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n";
const DOCKERFILE = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--ini", "app.ini"]\n';
const INI = "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\nneed-app = true\n";

/** The pattern (and its line) that keeps each path of the context /ctx out of the image; undefined for a path the image gets. */
function excluding(dockerignore: string, paths: readonly string[]): (string | undefined)[] {
  const ignore = new ContextIgnore("/ctx", createSourceFile(".dockerignore", "/ctx/.dockerignore", dockerignore, "dockerfile"));
  return paths.map((path) => {
    const exclusion = ignore.exclusion(`/ctx/${path}`);
    return exclusion && `${exclusion.line}: ${exclusion.pattern}`;
  });
}

describe("a .dockerignore", () => {
  it("excludes what its last matching pattern excludes, and a ! exception brings a path back", () => {
    expect(excluding("# only the entry point\n*.py\n!app.py\n", ["app.py", "views.py", "pkg/views.py", "app.ini"])).toEqual([undefined, "2: *.py", undefined, undefined]);
    expect(excluding("!app.py\n*.py\n", ["app.py"])).toEqual(["2: *.py"]);
  });

  it("matches ** across directories, and a directory's pattern excludes all below it", () => {
    expect(excluding("**/*.ini\n", ["app.ini", "conf/prod/app.ini", "app.py"])).toEqual(["1: **/*.ini", "1: **/*.ini", undefined]);
    expect(excluding("tests\n", ["tests/test_app.py", "tests", "src/tests/x.py"])).toEqual(["1: tests", "1: tests", undefined]);
  });

  it("with * and exceptions keeps only what the exceptions name", () => {
    expect(excluding("*\n!src/\n!app.ini\n", ["src/app.py", "app.ini", "app.py", "Dockerfile"])).toEqual([undefined, undefined, "1: *", "1: *"]);
  });

  it("matches names as written (Docker on Linux tells App.py from app.py), with Windows line endings and indented patterns", () => {
    expect(excluding("App.py\r\n  *.ini\r\n", ["app.py", "App.py", "app.ini"])).toEqual([undefined, "1: App.py", "2: *.ini"]);
  });

  it("never excludes the context itself nor a path outside it", () => {
    const ignore = new ContextIgnore("/ctx", createSourceFile(".dockerignore", "/ctx/.dockerignore", "*\n", "dockerfile"));
    expect([ignore.exclusion("/ctx"), ignore.exclusion("/other/app.py")]).toEqual([undefined, undefined]);
  });
});

describe("the image a Dockerfile builds", () => {
  const resolution = (files: Record<string, string>) => projectModel(files).model.uwsgi.apps[0]?.entries[0]?.resolution;

  it("lacks a module its .dockerignore excludes, and says which line excludes it", () => {
    const found = resolution({ Dockerfile: DOCKERFILE, ".dockerignore": "tests\n*.py\n", "app.ini": INI, "app.py": FLASK_APP });
    expect(found).toMatchObject({ status: "missing", message: "No module named 'app'", excluded: { containerPath: "/app/app.py", by: { path: "app.py", pattern: "*.py", line: 2 } } });
  });

  it("holds it when an exception brings it back, or without a .dockerignore", () => {
    expect(resolution({ Dockerfile: DOCKERFILE, ".dockerignore": "*.py\n!app.py\n", "app.ini": INI, "app.py": FLASK_APP })?.status).toBe("found");
    expect(resolution({ Dockerfile: DOCKERFILE, "app.ini": INI, "app.py": FLASK_APP })?.status).toBe("found");
  });

  it("lacks a package whose directory is excluded", () => {
    const files = { Dockerfile: DOCKERFILE, ".dockerignore": "web\n", "app.ini": INI.replace("app:app", "web.app:app"), "web/__init__.py": "", "web/app.py": FLASK_APP };
    expect(resolution(files)).toMatchObject({ status: "missing", message: "No module named 'web'", excluded: { containerPath: "/app/web/__init__.py", by: { pattern: "web" } } });
  });

  it("reads <Dockerfile>.dockerignore beside the Dockerfile before the context's .dockerignore", () => {
    const files = { Dockerfile: DOCKERFILE, "Dockerfile.dockerignore": "app.py\n", ".dockerignore": "", "app.ini": INI, "app.py": FLASK_APP };
    expect(resolution(files)).toMatchObject({ status: "missing", excluded: { by: { at: { file: { path: "Dockerfile.dockerignore" } } } } });
    expect(resolution({ ...files, "Dockerfile.dockerignore": "", ".dockerignore": "app.py\n" })?.status).toBe("found");
  });

  it("lacks the ini the command names when it is excluded: uWSGI cannot read it", () => {
    const { model } = projectModel({ Dockerfile: DOCKERFILE, ".dockerignore": "**/*.ini\n", "app.ini": INI, "app.py": FLASK_APP });
    expect(model.uwsgi.apps[0]?.unreadConfigs).toMatchObject([{ path: "app.ini", containerPath: "/app/app.ini", missing: true, excluded: { pattern: "**/*.ini", line: 1 } }]);
  });

  it("a compose bind mounts the repository's files whatever the .dockerignore excludes", () => {
    const compose = "services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n";
    expect(resolution({ Dockerfile: DOCKERFILE, ".dockerignore": "*.py\n", "compose.yaml": compose, "app.ini": INI, "app.py": FLASK_APP })?.status).toBe("found");
  });
});
