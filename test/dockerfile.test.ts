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

  it("knows the Python of an official python image by its tag: python:2 is 2.7, a bare python:3 says no minor", () => {
    const python = (image: string) => dockerfile(`FROM ${image}\n`).python;
    expect(["python:2.7", "python:2", "python:2-slim", "python:2.7.18-alpine", "python:3.11.4-slim", "python:3", "python"].map(python)).toEqual([
      { major: 2, minor: 7 }, { major: 2, minor: 7 }, { major: 2, minor: 7 }, { major: 2, minor: 7 }, { major: 3, minor: 11 }, undefined, undefined,
    ]);
  });

  it("runs the ONBUILD triggers of an official python:*-onbuild base: WORKDIR /usr/src/app, the build context copied there first", () => {
    const parsed = dockerfile("FROM python:3.6-onbuild\nWORKDIR conf\nCOPY app.ini .\n");
    expect([parsed.workdir?.value, parsed.copies.map((copy) => [copy.sources, copy.destination, copy.at.start])]).toEqual([
      "/usr/src/app/conf", [[["."], "/usr/src/app", 0], [["app.ini"], "/usr/src/app/conf/", 37]],
    ]);
    expect(dockerfile("FROM docker.io/library/python:onbuild\n").workdir?.value).toBe("/usr/src/app");
    expect(dockerfile("FROM python:3.6\n").copies).toEqual([]);
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
    // A stage by its index, named or not, counting from 0.
    expect(copies("FROM python:3.11 AS build\nCOPY . /build\nFROM node:20\nCOPY ui /ui\nFROM python:3.11-slim\nCOPY --from=0 /build /app\nCOPY --from=1 /ui /srv/ui\n")).toEqual([
      [["."], "/app"],
      [["ui"], "/srv/ui"],
    ]);
  });

  it("reads COPY's exec form after its flags (COPY --from=builder [\"/hc/\", \"/app/\"])", () => {
    expect(dockerfile('FROM python AS build\nCOPY . /hc\nFROM python\nCOPY --from=build [ "/hc/", "/app/" ]\nCOPY --chown=app ["web", "/srv/web"]\n').copies.map((copy) => [copy.sources, copy.destination])).toEqual([
      [["."], "/app/"],
      [["web"], "/srv/web"],
    ]);
  });

  it("keeps where RUNs and COPY --from put files nw-lint cannot see: what a RUN names, another image's, a stage's RUNs' and base image's", () => {
    const unseen = (text: string) => dockerfile(text).unseen.map((path) => [path.path, path.by]);
    // SuperSandro2000/docker-images healthchecks: the code is cloned in a stage, then copied.
    expect(unseen("FROM python:3-slim as builder\nRUN git clone --depth=1 https://github.com/healthchecks/healthchecks.git /hc\nFROM python:3-slim\nCOPY uwsgi.ini /app/\nCOPY --from=builder /hc/ /app/\n")).toEqual([["/app", "COPY --from=builder"]]);
    // What no COPY of the stage put there is its base image's; a file copied into a directory is unseen by its name there.
    expect(unseen("FROM python AS build\nCOPY . /src\nFROM python\nCOPY --from=build /opt/venv /opt/venv\nCOPY --from=build /etc/app.conf /etc/\nCOPY --from=build /src /app\n")).toEqual([
      ["/opt/venv", "COPY --from=build"],
      ["/etc/app.conf", "COPY --from=build"],
    ]);
    // A RUN of the stage below what is copied, and another image's files.
    expect(unseen("FROM python AS build\nWORKDIR /app\nCOPY . .\nRUN pip install --target=/app/deps -r requirements.txt\nFROM python\nCOPY --from=build /app /srv\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n")).toEqual([
      ["/srv/deps", "COPY --from=build"],
      ["/etc/nginx", "COPY --from=nginx:1.25"],
    ]);
    // In the final stage: a clone, a redirection and `.` from the WORKDIR; not pip's requirements, nor mkdir, chown, chmod or compileall.
    expect(unseen("FROM python\nWORKDIR /app\nCOPY . .\nRUN pip install -r /app/requirements.txt && mkdir -p /app/static && chown -R app /app && chmod +x /app/start.sh && python -m compileall /app\nRUN git clone https://github.com/org/lib.git lib/ext && echo ok >/app/VERSION\nRUN cd /srv && git clone https://github.com/org/web.git .\n")).toEqual([
      ["/app/lib/ext", "RUN"],
      ["/app/VERSION", "RUN"],
      ["/srv", "RUN"],
    ]);
    // Only where a command fetches, unpacks or copies code: not a path any other command names.
    const mentions = "RUN git config --global --add safe.directory /app && pytest /app && du -sh /app && touch /app && install -d -o app /app && setfacl -R -m u:1000:rwx /app && python -c 'import sys' /app";
    expect(unseen(`FROM python\nWORKDIR /app\nCOPY . .\n${mentions}\nRUN ln -s /app /code && cp config.py /srv && cp -r . /opt/copy && tar -xzf /tmp/lib.tgz -C /opt/lib && tar -czf /tmp/out.tgz /app\n`)).toEqual([
      ["/code", "RUN"],
      ["/srv/config.py", "RUN"],
      ["/opt/copy", "RUN"],
      ["/opt/lib", "RUN"],
    ]);
    expect(unseen("FROM python\nWORKDIR /app\nRUN git clone -b main https://github.com/org/web.git && curl -fsSL -o /opt/x.py https://example.org/x.py && wget -q -P /opt/dl https://example.org/pkg.tgz && curl -O https://example.org/get.py?v=2\n")).toEqual([
      ["/app/web", "RUN"],
      ["/opt/x.py", "RUN"],
      ["/opt/dl/pkg.tgz", "RUN"],
      ["/app/get.py", "RUN"],
    ]);
    // A redirection of one stream to another writes no file; curl's and wget's options run together as getopt reads them.
    expect(unseen("FROM python\nWORKDIR /app\nRUN pip list > /tmp/pip.log 2>&1 && which uwsgi 1>&2 && python -m compileall -q . 2>&1\nRUN curl -sSLo wsgi.py https://example.org/wsgi.py && curl -fsSLO https://example.org/get.py && wget -qO- https://example.org/install.sh | sh\n")).toEqual([
      ["/tmp/pip.log", "RUN"],
      ["/app/wsgi.py", "RUN"],
      ["/app/get.py", "RUN"],
    ]);
  });

  it("keeps what ADD fetches or unpacks as unseen, and copies the rest as COPY does", () => {
    const parsed = dockerfile("FROM python\nWORKDIR /app\nADD src.tar.gz /app/\nADD https://example.org/wsgi.py https://example.org/app.tar.gz /srv/\nADD --keep-git-dir=true https://github.com/org/app.git /opt/app\nADD requirements.txt vendor.tgz ./\n");
    expect(parsed.unseen.map((path) => [path.path, path.by])).toEqual([
      ["/app", "ADD"],
      ["/srv/wsgi.py", "ADD"],
      // Docker does not unpack a remote archive: it is a file like any download.
      ["/srv/app.tar.gz", "ADD"],
      ["/opt/app", "ADD"],
      ["/app", "ADD"],
    ]);
    expect(parsed.copies.map((copy) => [copy.sources, copy.destination])).toEqual([[["requirements.txt"], "/app/"]]);
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

  it("keeps a CMD the stage set before its ENTRYPOINT, and drops one the stage inherited, as Docker does", () => {
    const words = (command: { words: readonly { text: string }[] } | undefined) => command?.words.map((word) => word.text);
    const own = dockerfile("FROM python:3.11-slim\nCMD [\"--ini\", \"app.ini\"]\nENTRYPOINT [\"uwsgi\"]\n");
    expect([words(own.entrypoint), words(own.cmd)]).toEqual([["uwsgi"], ["--ini", "app.ini"]]);
    const inherited = dockerfile("FROM python:3.11-slim AS base\nCMD [\"--ini\", \"app.ini\"]\nFROM base\nENTRYPOINT [\"uwsgi\"]\n");
    expect([words(inherited.entrypoint), words(inherited.cmd)]).toEqual([["uwsgi"], undefined]);
  });

  it.each(["\n", "\r\n"])("continues an instruction past blanks after the backslash, and over the comment and blank lines inside it, as Docker's parser does (lines end in %j)", (newline) => {
    const parsed = dockerfile([
      "FROM python:3.11-slim", "WORKDIR /app", "RUN pip install --no-cache-dir \\", "    # the app itself", "    . \\", "", "    uwsgi",
      "CMD [\"uwsgi\", \\  ", "     \"--ini\", \"app.ini\"]", "USER 1000", "",
    ].join(newline));
    expect(parsed.pipInstalls.map((install) => install.directory)).toEqual(["/app"]);
    expect(parsed.cmd?.words.map((word) => word.text)).toEqual(["uwsgi", "--ini", "app.ini"]);
    expect(parsed.user?.value).toBe("1000");
    const ini = parsed.cmd!.words[2]!;
    expect(ini.at.file.text.slice(ini.at.start, ini.at.end)).toBe("\"app.ini\"");
  });

  it("continues lines with the backquote an escape directive sets, and only with a directive at the top of the file", () => {
    const cmd = (text: string) => dockerfile(text).cmd?.words.map((word) => word.text);
    expect(cmd("# syntax=docker/dockerfile:1\n# escape=`\nFROM python:3.11\nCMD [\"uwsgi\", `\n     \"--ini\", \"app.ini\"]\n")).toEqual(["uwsgi", "--ini", "app.ini"]);
    expect(cmd("FROM python:3.11\n# escape=`\nCMD uwsgi `\n")).toEqual(["/bin/sh", "-c", "uwsgi `"]);
  });

  it("reads a heredoc's lines as its body, not as instructions: a RUN's as its script, a COPY's as the file it writes, not one of the build context", () => {
    const parsed = dockerfile([
      "# syntax=docker/dockerfile:1", "FROM debian:bookworm-slim", "WORKDIR /app",
      "RUN --mount=type=cache,target=/root/.cache <<EOF", "apt-get install -y python3 python3-pip", "pip install --break-system-packages .", "EOF",
      "COPY <<-\"EOT\" /app/wsgi.py", "from app import app", "user = app", "\tEOT",
      "COPY . .", "RUN cat <<EOF > /app/.env", "workdir /tmp", "EOF", "CMD [\"uwsgi\", \"--ini\", \"app.ini\"]", "",
    ].join("\n"));
    expect([parsed.from, parsed.python, parsed.workdir?.value, parsed.user, parsed.cmd?.words.length]).toEqual(["debian:bookworm-slim", { major: 3, minor: 11 }, "/app", undefined, 3]);
    expect(parsed.pipInstalls.map((install) => [install.target, install.directory])).toEqual([[".", "/app"]]);
    const install = parsed.pipInstalls[0]!;
    expect(install.at.file.text.slice(install.at.start - 4, install.at.end)).toBe("ges .");
    expect(parsed.copies.map((copy) => [copy.sources, copy.destination, copy.written?.map((file) => [file.name, file.text])])).toEqual([
      [[], "/app/wsgi.py", [["EOT", "from app import app\nuser = app"]]],
      [["."], "/app/", undefined],
    ]);
    expect(dockerfile("FROM python:3.12\nCOPY <<a <<b\nx\na\ny\nb\n").copies).toEqual([]);
  });

  it("brings the files a stage's heredocs write with COPY --from, a file written as its destination by that destination's name", () => {
    const copies = (copy: string) => dockerfile([
      "FROM python:3.12-slim AS build", "COPY <<EOF /src/wsgi.py", "app = 1", "EOF", "COPY <<conf.py <<log.py /src/etc/", "bind = 1", "conf.py", "log = 1", "log.py",
      "FROM python:3.12-slim", copy, "",
    ].join("\n")).copies.map((each) => [each.destination, each.written?.map((file) => [file.name, file.text])]);
    expect(copies("COPY --from=build /src/wsgi.py /app/")).toEqual([["/app/", [["wsgi.py", "app = 1"]]]]);
    expect(copies("COPY --from=build /src /app")).toEqual([["/app/wsgi.py", [["wsgi.py", "app = 1"]]], ["/app/etc/", [["conf.py", "bind = 1"], ["log.py", "log = 1"]]]]);
    expect(copies("COPY --from=build /src/etc /etc/app")).toEqual([["/etc/app/", [["conf.py", "bind = 1"], ["log.py", "log = 1"]]]]);
  });

  it("reads WORKDIR and USER as Docker's words: quotes removed, variables expanded outside single quotes", () => {
    const parsed = dockerfile("FROM python:3.11\nENV HOME_DIR=/srv\nWORKDIR \"$HOME_DIR/my app\"\nWORKDIR 'web'\nUSER \"1000\":'1000'\n");
    expect([parsed.workdir?.value, parsed.user?.value]).toEqual(["/srv/my app/web", "1000:1000"]);
  });

  it("reads an ENV value as Docker's word processing does, in the legacy `ENV NAME value` form too", () => {
    const text = [
      "FROM python:3.10", "ENV ROOT=/srv", "ENV UWSGI_MOUNT '/=/srv/app/wayback.py'", "ENV GREETING \"hello  $ROOT\" and\\ 'more  $ROOT'",
      "ENV PLAIN a=b", "ENV A='$ROOT' B=\"$ROOT\"/x C=one\\ two", "",
    ].join("\n");
    const parsed = dockerfile(text);
    expect(parsed.env.map((entry) => [entry.name, entry.value])).toEqual([
      ["ROOT", "/srv"], ["UWSGI_MOUNT", "/=/srv/app/wayback.py"], ["GREETING", "hello  /srv and more  $ROOT"],
      ["PLAIN", "a=b"], ["A", "$ROOT"], ["B", "/srv/x"], ["C", "one two"],
    ]);
    const mount = parsed.env[1]!.at;
    expect(text.slice(mount.start, mount.end)).toBe("UWSGI_MOUNT '/=/srv/app/wayback.py'");
  });
});
