// Start scripts: what a script a container runs starts at its top level, and when the model follows one.
import { describe, expect, it } from "vitest";
import { createSourceFile, site } from "../src/engine/source.js";
import { scriptStart, shebangShell } from "../src/languages/shell/start-script.js";
import type { ScriptRunner } from "../src/languages/shell/root-guard.js";
import { guessUwsgiLinkKeys } from "../src/model/links.js";
import type { Word } from "../src/languages/shell/words.js";
import { lintDirectory, projectModel, temporaryTree } from "./helpers.js";

const arguments_ = (...texts: string[]): Word[] => texts.map((text) => ({ text, at: site(createSourceFile("deploy.yaml", undefined, "", "yaml"), 0) }));

/** What the script starts, as texts: its words, `cd`s and exports. */
function started(text: string, ...args: string[]) {
  const file = createSourceFile("start.sh", undefined, text, "shell");
  const start = scriptStart({ text, at: site(file, 0, text.length) }, arguments_(...args));
  return start && { words: start.words.map((word) => word.text), cd: start.cd.map((word) => word.text), env: Object.fromEntries([...start.env].map(([name, word]) => [name, word.text])) };
}

describe("reading a start script", () => {
  it("takes the server it execs at its end, after the setup, with the cds and exports before it", () => {
    const script = "#!/bin/sh\nset -e\ncd /srv/app\nexport FLASK_APP=app APP_ENV=prod\npython manage.py migrate\nflask db upgrade\nexec uwsgi --ini app.ini\n";
    expect(started(script)).toEqual({ words: ["exec", "uwsgi", "--ini", "app.ini"], cd: ["/srv/app"], env: { FLASK_APP: "app", APP_ENV: "prod" } });
  });

  it("takes the last exec of a server, else the last server, else the last python command", () => {
    expect(started("exec gunicorn a:app\nexec uwsgi --ini b.ini\n")?.words).toEqual(["exec", "uwsgi", "--ini", "b.ini"]);
    expect(started("gunicorn -b :8000 app:app\npython worker.py\n")?.words).toEqual(["gunicorn", "-b", ":8000", "app:app"]);
    expect(started("python -m pip list\npython app.py\n")?.words).toEqual(["python", "app.py"]);
    expect(started("flask db upgrade && exec flask run --port 8080\n")?.words).toEqual(["exec", "flask", "run", "--port", "8080"]);
  });

  it("does not take a command inside a function, loop or if, or after || or a test", () => {
    const script = [
      "start() {", "  exec gunicorn dev:app", "}",
      "if [ -n \"$DEBUG\" ]; then exec flask run; fi",
      "for i in 1 2; do exec gunicorn loop:app; done",
      "[ -d /data ] && cd /data",
      "migrate || exec gunicorn broken:app",
      "uwsgi --ini app.ini",
    ].join("\n");
    expect(started(script)).toEqual({ words: ["uwsgi", "--ini", "app.ini"], cd: [], env: {} });
    expect(started("#!/bin/sh\nflask db upgrade\n")).toBeUndefined();
    expect(started("exit 0\nexec gunicorn app:app\n")).toBeUndefined();
  });

  it("passes the script's arguments where it forwards them, and leaves a script that runs only them to its arguments", () => {
    expect(started('exec gunicorn "$@"\n', "-b", ":8080", "app:app")?.words).toEqual(["exec", "gunicorn", "-b", ":8080", "app:app"]);
    expect(started("exec uwsgi --ini app.ini\n", "gunicorn", "other:app")?.words).toEqual(["exec", "uwsgi", "--ini", "app.ini"]);
    expect(started('flask db upgrade\nexec "$@"\n', "gunicorn", "app:app")?.words).toEqual(["exec", "gunicorn", "app:app"]);
  });

  it("takes the server its arguments name, behind what the script puts before them, with its exports", () => {
    expect(started('export UWSGI_UID=1000\nexec gosu www-data "$@"\n', "uwsgi", "--ini", "/app/web.ini")).toEqual({
      words: ["exec", "gosu", "www-data", "uwsgi", "--ini", "/app/web.ini"], cd: [], env: { UWSGI_UID: "1000" },
    });
    expect(started('exec su-exec app "$@"\n', "gunicorn", "app:app")?.words).toEqual(["exec", "su-exec", "app", "gunicorn", "app:app"]);
    expect(started('exec "$@"\n')).toBeUndefined();
    expect(started('exec "$@"\n', "sleep", "infinity")).toBeUndefined();
  });

  it("drops a variable the script unsets before the server", () => {
    expect(started("export UWSGI_UID=1000 APP_ENV=prod\nunset UWSGI_UID\nexec uwsgi --ini app.ini\n")?.env).toEqual({ APP_ENV: "prod" });
    expect(started("export UWSGI_UID=1000\nunset -f UWSGI_UID\nexec uwsgi --ini app.ini\n")?.env).toEqual({ UWSGI_UID: "1000" });
  });

  it("knows a server reached only if no command before it, run under a condition, execs or exits", () => {
    const reachedOnlyIfNotEnded = (script: string) => scriptStart({ text: script, at: site(createSourceFile("start.sh", undefined, script, "shell"), 0, script.length) }, [])?.afterConditionalExit;
    const server = "exec gosu www-data uwsgi --ini /app/web.ini\n";
    const conditionalExits = [
      'if [ "$(id -u)" != "0" ]; then\n  exec uwsgi --ini /app/web.ini\nfi\n',
      '[ "$(id -u)" != 0 ] && exec uwsgi --ini /app/web.ini\n',
      '[ "$(id -u)" = 0 ] || exec uwsgi --ini /app/web.ini\n',
      'if [ "$(id -u)" != 0 ]; then uwsgi --ini /app/web.ini; exit $?; fi\n',
      'case "$(id -u)" in\n  0) ;;\n  *) exec uwsgi --ini /app/web.ini ;;\nesac\n',
    ];
    expect(conditionalExits.map((before) => reachedOnlyIfNotEnded(before + server))).toEqual([true, true, true, true, true]);
    const noExits = [
      "",
      'if [ -n "$LOG" ]; then exec >>"$LOG" 2>&1; fi\n',
      "start() {\n  exec gunicorn dev:app\n}\n",
      "[ -d /data ] && cd /data\n",
    ];
    expect(noExits.map((before) => reachedOnlyIfNotEnded(before + server))).toEqual([false, false, false, false]);
  });

  it("judges a root guard for the runner: what it keeps from running is left out, and what it runs ends the script there", () => {
    const start = (script: string, runner?: ScriptRunner) => {
      const found = scriptStart({ text: script, at: site(createSourceFile("start.sh", undefined, script, "shell"), 0, script.length) }, [], runner);
      return found && [found.words.map((word) => word.text).join(" "), found.afterConditionalExit];
    };
    const sh = (root: boolean | undefined): ScriptRunner => ({ root, bash: false, uidVariables: false });
    const bash = (root: boolean): ScriptRunner => ({ root, bash: true, uidVariables: true });
    const guarded = 'if [ "$(id -u)" != 0 ]; then\n  exec uwsgi --ini a.ini\nfi\nexec gosu app uwsgi --ini b.ini\n';
    expect([sh(false), sh(true), sh(undefined), undefined].map((runner) => start(guarded, runner))).toEqual([
      ["exec uwsgi --ini a.ini", false], ["exec gosu app uwsgi --ini b.ini", false], ["exec gosu app uwsgi --ini b.ini", true], ["exec gosu app uwsgi --ini b.ini", true],
    ]);
    // dash has no `[[`, and bash takes $EUID from an environment that has it.
    const bashOnly = '[[ $EUID -ne 0 ]] && exec uwsgi --ini a.ini\nexec gosu app uwsgi --ini b.ini\n';
    expect([bash(false), sh(false), { ...bash(false), uidVariables: false }].map((runner) => start(bashOnly, runner))).toEqual([
      ["exec uwsgi --ini a.ini", false], ["exec gosu app uwsgi --ini b.ini", true], ["exec gosu app uwsgi --ini b.ini", true],
    ]);
    const steppingDown = 'if [ "$(whoami)" = root ]; then\n  exec gosu app "$0" "$@"\nelse\n  echo "as $(id -u)"\nfi\ncd /srv\nexec uwsgi --ini a.ini\n';
    expect([sh(false), sh(true)].map((runner) => start(steppingDown, runner))).toEqual([["exec uwsgi --ini a.ini", false], ["exec gosu app uwsgi --ini a.ini", false]]);
    // Without a switch, `exec "$0"` as root would run the script as root again; an `exit` in a branch is left unjudged.
    expect(start('[ "$(id -u)" = 0 ] && exec "$0"\nexec uwsgi --ini a.ini\n', sh(true))).toEqual(["exec uwsgi --ini a.ini", true]);
    expect(start('if [ "$(id -u)" = 0 ]; then echo "not as root"; exit 1; fi\nexec uwsgi --ini a.ini\n', sh(true))).toEqual(["exec uwsgi --ini a.ini", true]);
    expect(start('if [ "$(id -u)" = 0 ]; then echo "not as root"; exit 1; fi\nexec uwsgi --ini a.ini\n', sh(false))).toEqual(["exec uwsgi --ini a.ini", false]);
  });

  it("drops the server command's redirections and joins its continued lines", () => {
    expect(started("exec uwsgi --ini app.ini 2>&1 >> /var/log/uwsgi.log\n")?.words).toEqual(["exec", "uwsgi", "--ini", "app.ini"]);
    expect(started("exec gunicorn \\\n  --bind :8080 \\\n  app:app\n")?.words).toEqual(["exec", "gunicorn", "--bind", ":8080", "app:app"]);
    expect(started("python manage.py migrate &&\n  exec gunicorn app:app\n")?.words).toEqual(["exec", "gunicorn", "app:app"]);
  });

  it("reads no script whose shape is unclear: a heredoc, a subshell, a block left open", () => {
    expect(started("cat <<EOF > app.ini\n[uwsgi]\nEOF\nexec uwsgi --ini app.ini\n")).toBeUndefined();
    expect(started("(cd web && make)\nexec gunicorn app:app\n")).toBeUndefined();
    expect(started("if true; then\nexec gunicorn app:app\n")).toBeUndefined();
    expect(started('echo "starting (prod)"\nexport NOW=$(date)\nexec gunicorn app:app\n')?.words).toEqual(["exec", "gunicorn", "app:app"]);
  });

  it("knows a shell script, and its shell, by its first line", () => {
    expect(["#!/bin/sh\n", "#!/bin/bash -e\n", "#!/usr/bin/env bash\n", "#!/usr/bin/bash\n"].map(shebangShell)).toEqual(["sh", "bash", "bash", "bash"]);
    expect(["#!/usr/bin/env python3\n", "exec gunicorn app:app\n", "#!/bin/shell\n"].map(shebangShell)).toEqual([undefined, undefined, undefined]);
  });
});

const DEPLOYMENT = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.nersc.gov/m1/web:1
${container}`;

describe("following a start script", () => {
  it("follows an image's ENTRYPOINT script the Dockerfile copies, to the server it starts where its cd leads", () => {
    const { model } = projectModel({
      "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./docker/start.sh"]\nCMD ["--workers", "2"]\n',
      "docker/start.sh": '#!/usr/bin/env bash\nset -e\ncd /app/src\nexport GUNICORN_CMD_ARGS="--bind=0.0.0.0:8080"\nexec gunicorn "$@" wsgi:app\n',
      "src/wsgi.py": "from flask import Flask\napp = Flask(__name__)\n",
      "deploy.yaml": DEPLOYMENT(""),
    });
    const [app] = model.servers.apps;
    expect(app).toMatchObject({ server: "gunicorn", startDir: "/app/src" });
    expect(app!.launch.args.map((word) => word.text)).toEqual(["--workers", "2", "wsgi:app"]);
    expect(app!.launch.program.at.file.path).toBe("docker/start.sh");
    expect(model.notes).toContain("Deployment web (deploy.yaml), container web: runs docker/start.sh, which runs gunicorn; it starts in /app/src");
  });

  it("links the ini a container's `bash start.sh` names to it", () => {
    const { model } = projectModel({
      "Dockerfile": "FROM python:3.12\nCOPY . /srv/app\n",
      "start.sh": "cd /srv/app\nexec uwsgi --ini app.ini\n",
      "app.ini": "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\n",
      "deploy.yaml": DEPLOYMENT('          command: ["bash", "/srv/app/start.sh"]\n'),
    });
    const [app] = model.uwsgi.apps;
    expect(app?.container?.name).toBe("web");
    expect(app?.link).toContain("its command runs start.sh, which names app.ini (--ini app.ini)");
    expect(app?.startDir).toBe("/srv/app");
  });

  it("follows a script a compose bind puts in the container, one on the PATH, and one a Dockerfile's shell form runs", () => {
    const files = { "start.sh": "#!/bin/sh\nexec gunicorn -b :8080 app:app\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n" };
    const bound = projectModel({ ...files, "compose.yaml": "services:\n  web:\n    image: python:3.12\n    volumes: [.:/srv]\n    command: [sh, /srv/start.sh]\n" });
    expect(bound.model.servers.apps.map((app) => app.launch.program.at.file.path)).toEqual(["start.sh"]);
    const onPath = projectModel({ ...files, "Dockerfile": 'FROM python:3.12\nCOPY app.py /app/\nCOPY start.sh /usr/local/bin/\nWORKDIR /app\nCMD ["start.sh"]\n', "deploy.yaml": DEPLOYMENT("") });
    expect(onPath.model.servers.apps.map((app) => app.launch.program.at.file.path)).toEqual(["start.sh"]);
    const shellForm = projectModel({ ...files, "Dockerfile": "FROM python:3.12\nCOPY . /app/\nENTRYPOINT exec /app/start.sh\n", "deploy.yaml": DEPLOYMENT("") });
    expect(shellForm.model.servers.apps.map((app) => app.launch.program.at.file.path)).toEqual(["start.sh"]);
  });

  it("follows a script a COPY's glob source copies, as Docker matches it in the build context", () => {
    const files = { "docker/entrypoint.sh": "#!/bin/sh\nexec gunicorn -b :8080 app:app\n", "docker/notes.txt": "", "app.py": "from flask import Flask\napp = Flask(__name__)\n" };
    const followed = (dockerfile: string) => projectModel({ ...files, "Dockerfile": dockerfile, "deploy.yaml": DEPLOYMENT("") }).model.servers.apps.map((app) => app.launch.program.at.file.path);
    expect(followed('FROM python:3.12\nCOPY docker/*.sh /usr/local/bin/\nCOPY app.py /app/\nWORKDIR /app\nENTRYPOINT ["entrypoint.sh"]\n')).toEqual(["docker/entrypoint.sh"]);
    expect(followed('FROM python:3.12\nCOPY app.py /app/\nCOPY docker/entry[a-z]oint.s? /\nWORKDIR /app\nENTRYPOINT ["/entrypoint.sh"]\n')).toEqual(["docker/entrypoint.sh"]);
    // Two matches go into the destination by name, even without its `/`.
    expect(followed('FROM python:3.12\nCOPY app.py /app/\nCOPY docker/* /opt/bin\nWORKDIR /app\nENTRYPOINT ["/opt/bin/entrypoint.sh"]\n')).toEqual(["docker/entrypoint.sh"]);
    expect(followed('FROM python:3.12\nCOPY app.py /app/\nCOPY docker/*.py /usr/local/bin/\nWORKDIR /app\nENTRYPOINT ["entrypoint.sh"]\n')).toEqual([]);
  });

  it("follows a script copied under a new name, or as a file into a directory the base image has", () => {
    const files = { "docker/entrypoint.sh": "#!/bin/sh\nexec gunicorn -b :8080 app:app\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n" };
    const followed = (copy: string, entrypoint: string) =>
      projectModel({ ...files, "Dockerfile": `FROM python:3.12\nCOPY . /app\n${copy}\nWORKDIR /app\nENTRYPOINT ["${entrypoint}"]\n`, "deploy.yaml": DEPLOYMENT("") }).model.servers.apps.map((app) => app.launch.program.at.file.path);
    expect(followed("COPY docker/entrypoint.sh /start.sh", "/start.sh")).toEqual(["docker/entrypoint.sh"]);
    expect(followed("COPY docker/entrypoint.sh /app/run.sh", "/app/run.sh")).toEqual(["docker/entrypoint.sh"]);
    expect(followed("COPY docker/entrypoint.sh /usr/local/bin", "entrypoint.sh")).toEqual(["docker/entrypoint.sh"]);
    expect(followed("COPY docker/entrypoint.sh /start.sh", "/entrypoint.sh")).toEqual([]);
  });

  it("does not follow a script the image does not copy, one a volume hides, or one with no shell's first line run on its own", () => {
    const files = {
      "start.sh": "#!/bin/sh\nexec gunicorn -b :8080 app:app\n",
      "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    };
    const notCopied = projectModel({ ...files, "Dockerfile": 'FROM python:3.12\nCOPY app.py /app/\nENTRYPOINT ["/app/start.sh"]\n', "deploy.yaml": DEPLOYMENT("") });
    expect(notCopied.model.servers.apps).toEqual([]);
    const hidden = projectModel({
      ...files,
      "Dockerfile": 'FROM python:3.12\nCOPY . /app/\nENTRYPOINT ["/app/start.sh"]\n',
      "deploy.yaml": DEPLOYMENT("          volumeMounts: [{name: code, mountPath: /app}]\n      volumes: [{name: code, emptyDir: {}}]\n"),
    });
    expect(hidden.model.servers.apps).toEqual([]);
    const noShebang = projectModel({ ...files, "start.sh": "exec gunicorn -b :8080 app:app\n", "Dockerfile": 'FROM python:3.12\nCOPY . /app/\nENTRYPOINT ["/app/start.sh"]\n', "deploy.yaml": DEPLOYMENT("") });
    expect(noShebang.model.servers.apps).toEqual([]);
    const followed = projectModel({ ...files, "Dockerfile": 'FROM python:3.12\nCOPY . /app/\nENTRYPOINT ["/app/start.sh"]\n', "deploy.yaml": DEPLOYMENT("") });
    expect(followed.model.servers.apps.map((app) => app.server)).toEqual(["gunicorn"]);
  });
});

describe("a user switch in a followed start script", () => {
  const image = (script: string) => ({
    "Dockerfile": 'FROM python:3.12\nCOPY . /app\nENTRYPOINT ["/app/start.sh"]\n',
    "start.sh": `#!/bin/sh\n${script}\n`,
    "app.ini": "[uwsgi]\nmodule = web:app\nhttp-socket = :8080\n",
    "web.py": "from flask import Flask\napp = Flask(__name__)\n",
    "deploy.yaml": DEPLOYMENT(""),
  });
  const switches = (files: Record<string, string>) =>
    lintDirectory(temporaryTree(files)).diagnostics
      .filter((diagnostic) => diagnostic.ruleId === "spin/user-in-command")
      .map((diagnostic) => `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`);

  it("is reported at the switch in the script, and the server behind it is still the container's", () => {
    const cases: [string, string[], string][] = [
      ['exec gosu www-data uwsgi --ini /app/app.ini "$@"', ["2:6 container \"web\" switches user and group in its command in start.sh (gosu)"], "uwsgi"],
      ["exec runuser -u app -- uwsgi --ini /app/app.ini", ["2:6 container \"web\" switches user in its command in start.sh (runuser)"], "uwsgi"],
      ["exec setpriv --reuid=1000 --regid 1000 --init-groups uwsgi --ini /app/app.ini", ["2:14 container \"web\" switches user in its command in start.sh (--reuid=1000)", "2:27 container \"web\" switches group in its command in start.sh (--regid)"], "uwsgi"],
      ["exec sudo -E -u app uwsgi --ini /app/app.ini", ["2:14 container \"web\" switches user in its command in start.sh (-u)"], "uwsgi"],
      ["exec chroot --userspec=app:app / uwsgi --ini /app/app.ini", ["2:13 container \"web\" switches user and group in its command in start.sh (--userspec=app:app)"], "uwsgi"],
      ['exec su -c "uwsgi --ini /app/app.ini" app', ["2:6 container \"web\" switches user in its command in start.sh (su)"], "uwsgi"],
      ["exec su-exec app:app gunicorn -b :8080 web:app", ["2:6 container \"web\" switches user and group in its command in start.sh (su-exec)"], "gunicorn"],
      ["exec gunicorn --user app -b :8080 web:app", ["2:15 container \"web\" switches user in its command in start.sh (--user)"], "gunicorn"],
    ];
    for (const [script, expected, server] of cases) {
      const files = image(script);
      expect(switches(files), script).toEqual(expected.map((finding) => `start.sh:${finding}`));
      const { model } = projectModel(files);
      const started = server === "uwsgi" ? model.uwsgi.apps.map((app) => app.command?.options.map((option) => `${option.key}=${option.value}`)) : model.servers.apps.map((app) => app.launch.args.at(-1)?.text);
      expect(started, script).toEqual([server === "uwsgi" ? ["ini=/app/app.ini"] : "web:app"]);
    }
  });

  it("says gunicorn's numeric --user/--group equal to the container's ids is the id it already runs as, as for uWSGI's", () => {
    const files = { ...image("exec gunicorn -b :8080 -u 51234 --group 60100 web:app"), "deploy.yaml": DEPLOYMENT("          securityContext: {runAsUser: 51234, runAsGroup: 60100}\n") };
    expect(switches(files)).toEqual([
      'start.sh:2:24 container "web" names the user it already runs as in its command in start.sh (-u): gunicorn, not root, only checks it, and exits once securityContext.runAsUser changes',
      'start.sh:2:33 container "web" names the group it already runs as in its command in start.sh (--group): gunicorn, not root, only checks it, and exits once securityContext.runAsGroup changes',
    ]);
    const other = { ...files, "start.sh": "#!/bin/sh\nexec gunicorn -b :8080 -u 1000 web:app\n" };
    expect(switches(other)).toEqual(['start.sh:2:24 container "web" switches user in its command in start.sh (-u)']);
  });

  it("is reported in the container's args where the script forwards them to the server", () => {
    const files = { ...image('exec gunicorn "$@" web:app'), "deploy.yaml": DEPLOYMENT('          args: ["--user", "app"]\n') };
    expect(switches(files)).toEqual(['deploy.yaml:12:19 container "web" switches user in its command (--user)']);
  });

  it("applies the script's `export UWSGI_UID` before uWSGI as its --uid, reported at the export", () => {
    const files = image("export UWSGI_UID=1000\nexec uwsgi --ini /app/app.ini");
    expect(switches(files)).toEqual(['start.sh:2:8 container "web" switches user in its environment in start.sh (UWSGI_UID=1000)']);
    const [app] = projectModel(files).model.uwsgi.apps;
    expect(app?.settings.filter((setting) => setting.key === "uid").map((setting) => [setting.origin, setting.value])).toEqual([["env", "1000"]]);
  });

  const asUser = (files: Record<string, string>, uid = 1000) => ({ ...files, "deploy.yaml": DEPLOYMENT(`          securityContext: {runAsUser: ${uid}}\n`) });

  it("is not reported where the script only steps down from root and runs as another user, nor after the server it execs", () => {
    const script = 'if [ "$(id -u)" = 0 ]; then\n  exec gosu app "$0" "$@"\nfi\nexec uwsgi --ini /app/app.ini\nexport UWSGI_UID=1000\ngosu app true';
    expect(switches(asUser(image(script)))).toEqual([]);
  });

  it("is reported at the step down from root of a container that runs as root, before the server the script starts again as that user", () => {
    const script = 'if [ "$(id -u)" = 0 ]; then\n  exec gosu app "$0" "$@"\nfi\nexec uwsgi --ini /app/app.ini';
    expect(switches(image(script))).toEqual(['start.sh:3:8 container "web" switches user and group in its command in start.sh (gosu)']);
    expect(projectModel(image(script)).model.uwsgi.apps.map((app) => app.command?.options.map((option) => `${option.key}=${option.value}`))).toEqual([["ini=/app/app.ini"]]);
  });

  it("is not reported after a command that may exec the server or exit first, under a condition", () => {
    const stepsDown = "export UWSGI_GID=1000\nexec gosu www-data uwsgi --ini /app/app.ini --uid 1000";
    const before = [
      'if [ "$(id -u)" != "0" ]; then\n  exec uwsgi --ini /app/app.ini\nfi',
      '[ "$(id -u)" != 0 ] && exec uwsgi --ini /app/app.ini',
      '[ "$(id -u)" = 0 ] || exec uwsgi --ini /app/app.ini',
      'if [ "$(id -u)" != 0 ]; then uwsgi --ini /app/app.ini; exit $?; fi',
    ];
    for (const script of before) expect(switches(asUser(image(`${script}\n${stepsDown}`))), script).toEqual([]);
    const unjudged = ['[ -f /app/debug ] && exec uwsgi --ini /app/app.ini', 'if [ "$1" = web ]; then exec uwsgi --ini /app/app.ini; fi', 'if [ "$(id -u)" != 0 ]; then exec uwsgi --ini /app/app.ini; fi'];
    // The last runs in an image nw-lint does not know the user of.
    const unknownUser = (files: Record<string, string>) => ({ ...files, "Dockerfile": files["Dockerfile"]!.replace("python:3.12", "registry.nersc.gov/m1/base:1") });
    expect([...unjudged.slice(0, 2).map((script) => image(`${script}\n${stepsDown}`)), unknownUser(image(`${unjudged[2]}\n${stepsDown}`))].map(switches)).toEqual([[], [], []]);
    expect(switches(image(stepsDown))).toEqual([
      'start.sh:2:8 container "web" switches group in its environment in start.sh (UWSGI_GID=1000)',
      'start.sh:3:6 container "web" switches user and group in its command in start.sh (gosu)',
      'start.sh:3:45 container "web" switches user in its command in start.sh (--uid 1000)',
    ]);
  });

  it("is reported after a root guard that cannot hold for the user the container runs as", () => {
    const server = "exec uwsgi --ini /app/app.ini --uid 1000";
    const lines = (script: string) => script.split("\n").length + 1;
    const asUserGuards = [
      'if [ "$(id -u)" = 0 ]; then\n  exec gosu app "$0" "$@"\nfi',
      '[ "$(id -u)" -eq 0 ] && exec gosu app "$0" "$@"',
      '[ `id -u` != 0 ] || exec gosu app "$0" "$@"',
      'if ! test $(id -u) -ne 0; then exec gosu app "$0" "$@"; fi',
      'if [ "$(whoami)" = root ]; then\n  chown -R app /app/data\n  exec gosu app "$0" "$@"\nelse\n  echo "as $(id -u)"\nfi',
    ];
    for (const guard of asUserGuards) {
      expect(switches(asUser(image(`${guard}\n${server}`))), guard).toEqual([
        `start.sh:${lines(guard) + 1}:31 container "web" names the user it already runs as in its command in start.sh (--uid 1000): uWSGI, not root, only checks it, and exits once securityContext.runAsUser changes`,
      ]);
    }
    // A branch after it whose condition is not judged may still exit first.
    expect(switches(asUser(image(`if [ "$(id -u)" = 0 ]; then\n  exec gosu app "$0" "$@"\nelif [ -f /app/debug ]; then\n  exit 1\nfi\n${server}`)))).toEqual([]);
    // As root, these guards hold: the branch steps down before the server, the one reported.
    const asRoot = 'if [ "$(id -u)" != 0 ]; then\n  exec uwsgi --ini /app/app.ini\nfi\nexec gosu www-data uwsgi --ini /app/app.ini';
    expect(switches(image(asRoot))).toEqual(['start.sh:5:6 container "web" switches user and group in its command in start.sh (gosu)']);
  });

  it("knows who runs the script by the container's runAsUser, else its image's USER", () => {
    const script = 'if [ "$(id -u)" = 0 ]; then\n  exec gosu app "$0" "$@"\nfi\nexec uwsgi --ini /app/app.ini --uid 1000';
    const reported = (dockerfileUser: string, securityContext = "") => {
      const files = image(script);
      const found = switches({ ...files, "Dockerfile": files["Dockerfile"]!.replace("ENTRYPOINT", `${dockerfileUser}ENTRYPOINT`), "deploy.yaml": DEPLOYMENT(securityContext && `          securityContext: ${securityContext}\n`) });
      return found.map((finding) => finding.split(" ")[0]);
    };
    // As root, the step down from root (and uWSGI's --uid behind it); as another user, the --uid; else nothing.
    const asRoot = ["start.sh:3:8", "start.sh:5:31"];
    const asOther = ["start.sh:5:31"];
    expect([reported(""), reported("USER root\n"), reported("USER 0:0\n"), reported("USER app\n", "{runAsUser: 0}")]).toEqual([asRoot, asRoot, asRoot, asRoot]);
    expect([reported("USER app\n"), reported("USER 1000\n"), reported("", "{runAsUser: 1000}"), reported("", "{runAsNonRoot: true}")]).toEqual([asOther, asOther, asOther, asOther]);
    expect([reported("USER ${APP_USER}\n"), reported("", "{runAsUser: \"{{ uid }}\"}")]).toEqual([[], []]);
  });

  it("is reported at the switch a script puts before the server its arguments name, with the script's exports", () => {
    const withCmd = (script: string) => ({ ...image(script), "Dockerfile": 'FROM python:3.12\nCOPY . /app\nENTRYPOINT ["/app/start.sh"]\nCMD ["uwsgi", "--ini", "/app/app.ini"]\n' });
    expect(switches(withCmd('exec gosu www-data "$@"'))).toEqual(['start.sh:2:6 container "web" switches user and group in its command in start.sh (gosu)']);
    expect(switches(withCmd('exec su-exec app "$@"'))).toEqual(['start.sh:2:6 container "web" switches user and group in its command in start.sh (su-exec)']);
    expect(switches(withCmd('export UWSGI_UID=1000\nexec "$@"'))).toEqual(['start.sh:2:8 container "web" switches user in its environment in start.sh (UWSGI_UID=1000)']);
    expect(switches(image("export UWSGI_UID=1000\nunset UWSGI_UID\nexec uwsgi --ini /app/app.ini"))).toEqual([]);
  });

  it("is reported at the switch in a script a COPY heredoc writes, at its line and column in the Dockerfile", () => {
    const written = (copy: string, body: readonly string[], entrypoint = '["/entrypoint.sh"]') => ({
      ...Object.fromEntries(Object.entries(image("")).filter(([name]) => name !== "start.sh")),
      "Dockerfile": ["FROM python:3.12", "COPY . /app", `${copy} /entrypoint.sh`, ...body, "EOF", "RUN chmod +x /entrypoint.sh", `ENTRYPOINT ${entrypoint}`, ""].join("\n"),
    });
    const script = ["#!/bin/sh", "cd /app", "exec gosu www-data uwsgi --ini /app/app.ini"];
    const label = "entrypoint.sh (written by Dockerfile line 3)";
    const found = [`Dockerfile:6:6 container "web" switches user and group in its command in ${label} (gosu)`];
    expect(switches(written("COPY <<EOF", script))).toEqual(found);
    expect(switches(written("COPY --chmod=755 <<'EOF'", script))).toEqual(found);
    expect(switches(written("COPY <<EOF", script.slice(1), '["sh", "/entrypoint.sh"]'))).toEqual(["Dockerfile:5:6" + found[0]!.slice("Dockerfile:6:6".length)]);
    // `<<-` strips the tabs before the first line's #! too.
    expect(switches(written("COPY <<-EOF", script.map((line) => `\t${line}`)))).toEqual([found[0]!.replace("6:6", "6:7")]);
    // BuildKit expands "$@" in an unquoted heredoc's body at build time: the script is not the body as written.
    expect(switches(written("COPY <<EOF", [...script.slice(0, 2), 'exec gosu www-data uwsgi --ini /app/app.ini "$@"']))).toEqual([]);
    expect(switches(written('COPY <<"EOF"', [...script.slice(0, 2), 'exec gosu www-data uwsgi --ini /app/app.ini "$@"']))).toEqual(found);
    // A script the image writes elsewhere is not the one it runs; one with no #! is not run by a shell.
    expect(switches(written("COPY <<EOF", script, '["/start.sh"]'))).toEqual([]);
    expect(switches(written("COPY <<EOF", script.slice(1)))).toEqual([]);
  });
});

describe("linting in worker threads", () => {
  it("keeps a manifest that runs a script with the ini the script may name", () => {
    const compose = createSourceFile("web/compose.yaml", undefined, "services:\n  web:\n    volumes: [.:/app]\n    command: [sh, /app/start.sh]\n", "compose");
    const ini = createSourceFile("config/app.ini", undefined, "[uwsgi]\nmodule = app:app\n", "uwsgi");
    const keys = guessUwsgiLinkKeys([compose, ini]);
    expect(keys.get(compose)?.filter((key) => keys.get(ini)?.includes(key))).toEqual(["uwsgi:only-pair"]);
  });
});
