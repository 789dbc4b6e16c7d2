import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { parseDockerfile } from "../src/languages/dockerfile/parse.js";

const dockerfile = (text: string) => parseDockerfile(createSourceFile("Dockerfile", undefined, text, "dockerfile"));

describe("Dockerfile", () => {
  it("reads the final stage's WORKDIR, ENV, COPY, USER, EXPOSE, ENTRYPOINT and CMD", () => {
    const parsed = dockerfile([
      "FROM python:3.11 AS build", "WORKDIR /build", "CMD [\"make\"]",
      "FROM python:3.11-slim", "WORKDIR /app", "ENV PYTHONPATH ${PYTHONPATH}:./lib", "ENV A=1 B=\"two words\"",
      "COPY --chown=app . .", "COPY --from=build /build/x /x", "USER 1000", "EXPOSE 5000/tcp",
      "ENTRYPOINT [ \"uwsgi\" ]", "CMD [\"--ini\", \\", "     \"app.ini\"]", "",
    ].join("\n"));
    expect(parsed.workdir?.value).toBe("/app");
    expect(parsed.env.map((entry) => [entry.name, entry.value])).toEqual([["PYTHONPATH", ":./lib"], ["A", "1"], ["B", "two words"]]);
    expect(parsed.copies.map((copy) => [copy.sources, copy.destination])).toEqual([[["."], "/app/"]]);
    expect(parsed.user?.value).toBe("1000");
    expect(parsed.expose.map((port) => port.value)).toEqual(["5000/tcp"]);
    expect(parsed.entrypoint?.words.map((word) => word.text)).toEqual(["uwsgi"]);
    expect(parsed.cmd?.words.map((word) => word.text)).toEqual(["--ini", "app.ini"]);
    const cmd = parsed.cmd!.words[1]!;
    expect(cmd.at.file.text.slice(cmd.at.start, cmd.at.end)).toBe("\"app.ini\"");
  });

  it("copies a file into the directory . or .. names, as into dir/, and names the file otherwise", () => {
    const copies = dockerfile("FROM python\nWORKDIR /app\nCOPY app.py .\nCOPY conf.py ..\nCOPY wsgi.py serve.py\nCOPY lib/ lib/\n").copies;
    expect(copies.map((copy) => copy.destination)).toEqual(["/app/", "/", "/app/serve.py", "/app/lib/"]);
  });

  it("reads the projects its RUNs pip-install from directories and URLs, not packages by name", () => {
    const installs = dockerfile([
      "FROM python:3.11", "WORKDIR /srv", "ENV REF=v2",
      "RUN pip install -U pip && pip install --no-cache-dir -r requirements.txt flask==3.0 . \\", "    && python3 -m pip install -e ./lib[test]",
      "RUN [\"uv\", \"pip\", \"install\", \"--editable=/opt/tools\", \"git+https://github.com/org/app@${REF}\", \"dist/app-1.0.whl\"]",
      "RUN pip download . && pipx install .",
      "RUN pip install --log-file /tmp/pip.log flask && uv pip install -p /usr/local/bin/python3 --index https://pypi.example.org/simple uwsgi",
      "RUN cd /opt/site && pip install -e. && pip install /tmp/wheels/readme.txt",
      "RUN pip install --pre -qU --no-deps ./plugins --editable ../shared --requirement=reqs/base.txt -r reqs/extra",
    ].join("\n")).pipInstalls;
    expect(installs.map((install) => [install.target, install.directory])).toEqual([
      [".", "/srv"], ["./lib", "/srv/lib"], ["/opt/tools", "/opt/tools"], ["git+https://github.com/org/app@v2", undefined], ["dist/app-1.0.whl", undefined],
      [".", "/opt/site"], ["./plugins", "/srv/plugins"], ["../shared", "/shared"],
    ]);
    const first = installs[0]!;
    expect(first.at.file.text.slice(first.at.start, first.at.end)).toBe(".");
  });

  it("starts a stage built FROM an earlier one as that stage's image: its files, pip installs and settings", () => {
    const parsed = dockerfile([
      "FROM python:3.8-slim AS base", "WORKDIR /srv", "COPY . .", "RUN pip install .", "USER 1000",
      "FROM base AS app", "CMD [\"uwsgi\", \"--ini\", \"/srv/app.ini\"]",
      "FROM node:20 AS assets", "RUN npm ci", "",
    ].join("\n"));
    expect(parsed.from).toBe("node:20");
    const app = dockerfile("FROM python:3.8-slim AS base\nWORKDIR /srv\nCOPY . .\nRUN pip install .\nUSER 1000\nFROM base\nCMD [\"uwsgi\"]\n");
    expect([app.from, app.python, app.workdir?.value, app.copies.length, app.pipInstalls.map((install) => install.directory), app.user?.value, app.cmd?.words.length]).toEqual([
      "python:3.8-slim", { major: 3, minor: 8 }, "/srv", 1, ["/srv"], "1000", 1,
    ]);
  });

  it("takes what COPY --from=STAGE brings as copies from the build context, where that stage's COPYs put it; not another image's files", () => {
    const copies = (text: string) => dockerfile(text).copies.map((copy) => [copy.sources, copy.destination]);
    // E3SM-Project/simboard's backend: the code reaches the final stage only through the builder.
    expect(copies("FROM python:3.13-slim AS builder\nWORKDIR /app\nCOPY app /app/app\nCOPY pyproject.toml ./\n\nFROM python:3.13-slim\nWORKDIR /app\nCOPY --from=builder /app /app\n")).toEqual([
      [["app"], "/app/app"],
      [["pyproject.toml"], "/app/"],
    ]);
    // A path below where the stage copied a directory, and a file of it into a directory.
    expect(copies("FROM python AS build\nCOPY . /src\nCOPY wsgi.py /src/serve.py\nFROM python\nCOPY --from=build /src/web /srv/web\nCOPY --from=build /src/serve.py /opt/\n")).toEqual([
      [["web"], "/srv/web"],
      // The stage's later COPY replaced the context's serve.py: later copies come later.
      [["serve.py"], "/opt/"],
      [["wsgi.py"], "/opt/"],
    ]);
    expect(copies("FROM python\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\nCOPY --from=Build /app /app\n")).toEqual([]);
  });

  it("expands build arguments at their defaults, and ${VAR:-word} and ${VAR:+word}, as docker build does", () => {
    const parsed = dockerfile([
      "ARG PY=3.12", "ARG BASE=python:${PY}-slim", "FROM $BASE", "ARG PY", "ARG PKG=web", "ARG ROOT=/srv/$PKG LATER",
      "WORKDIR $ROOT", "ENV UWSGI_MODULE=${PKG}.wsgi:app PKG=site", "USER ${APP_USER:-1000}:${PKG:+100}", "EXPOSE ${PORT:-8000} ${LATER}9", "",
    ].join("\n"));
    expect([parsed.from, parsed.python, parsed.workdir?.value, parsed.user?.value, parsed.expose.map((port) => port.value)]).toEqual(["python:3.12-slim", { major: 3, minor: 12 }, "/srv/web", "1000:100", ["8000", "9"]]);
    // ENV overrides an argument of its name; a stage does not see the arguments before FROM unless it declares them again.
    expect(parsed.env.map((entry) => [entry.name, entry.value])).toEqual([["UWSGI_MODULE", "web.wsgi:app"], ["PKG", "site"]]);
    expect(dockerfile("ARG ROOT=/opt\nFROM python:3.11\nWORKDIR $ROOT/app\n").workdir?.value).toBe("/app");
    expect(dockerfile("FROM python:3.11\nARG ROOT=/opt\nFROM python:3.11\nWORKDIR ${ROOT:-/srv}/app\n").workdir?.value).toBe("/srv/app");
  });

  it("runs a shell form with /bin/sh -c", () => {
    const parsed = dockerfile("from python\ncmd uwsgi --ini app.ini\n");
    expect(parsed.cmd?.form).toBe("shell");
    expect(parsed.cmd?.words.map((word) => word.text)).toEqual(["/bin/sh", "-c", "uwsgi --ini app.ini"]);
  });
});
