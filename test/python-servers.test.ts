// gunicorn, uvicorn, `flask run` and `python app.py`: finding the server behind wrappers, reading
// its options and config file, where it starts, the app it resolves, and the addresses it binds.
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS } from "../src/engine/config.js";
import { lint } from "../src/engine/lint.js";
import { createSourceFile } from "../src/engine/source.js";
import { GUNICORN_OPTIONS } from "../src/languages/gunicorn/options.js";
import { parseArguments } from "../src/languages/shell/arguments.js";
import { findServerLaunch } from "../src/languages/shell/launch.js";
import { findUserSwitches } from "../src/languages/shell/user-switch.js";
import { findUwsgiCommand } from "../src/languages/uwsgi/command.js";
import { afterCd, type Word } from "../src/languages/shell/words.js";
import { isOfficialImage } from "../src/model/image.js";
import { projectModel } from "./helpers.js";

const file = createSourceFile("cmd", undefined, "", "yaml");
const words = (...texts: string[]): Word[] => texts.map((text) => ({ text, at: { file, start: 0, end: 0 } }));
const launched = (...texts: string[]) => {
  const launch = findServerLaunch(words(...texts));
  return launch && { server: launch.server, program: launch.program.text, args: launch.args.map((word) => word.text), cd: launch.cd.map((word) => word.text), env: Object.fromEntries([...launch.env].map(([name, word]) => [name, word.text])) };
};

describe("finding the server in a command", () => {
  it("sees through exec, env, dumb-init, tini, gosu, poetry run and python -m", () => {
    expect(launched("dumb-init", "--", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("/sbin/tini", "-g", "--", "/usr/local/bin/gunicorn", "-b", ":8080", "wsgi")).toMatchObject({ server: "gunicorn", args: ["-b", ":8080", "wsgi"] });
    expect(launched("exec", "env", "FLASK_DEBUG=1", "flask", "run")).toMatchObject({ server: "flask", args: ["run"], env: { FLASK_DEBUG: "1" } });
    expect(launched("gosu", "app", "poetry", "run", "uvicorn", "main:app")).toMatchObject({ server: "uvicorn", args: ["main:app"] });
    expect(launched("python3", "-u", "-m", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", program: "gunicorn", args: ["app:app"] });
    expect(launched("python", "-W", "ignore", "app.py", "--port", "80")).toMatchObject({ server: "python", program: "app.py", args: ["--port", "80"] });
    expect(launched("uwsgi", "--ini", "app.ini")).toBeUndefined();
    expect(launched("./start.sh")).toBeUndefined();
    expect(launched("/docker-entrypoint.sh", "gunicorn", "wsgi")).toMatchObject({ server: "gunicorn", args: ["wsgi"] });
    expect(launched("wait-for-it.sh", "db:5432", "--", "python", "app.py")).toMatchObject({ server: "python", program: "app.py" });
  });

  it("sees through the programs that run their command as another user: runuser -u, setpriv, sudo, chroot, su -c", () => {
    expect(launched("runuser", "-u", "app", "--", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("setpriv", "--reuid", "1000", "--regid=1000", "--clear-groups", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("sudo", "-E", "-u", "app", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    // getopt: a value joined to its short option, or the next word for one that ends a cluster of flags.
    expect(launched("sudo", "-Eu", "app", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("sudo", "-uapp", "-Hg", "web", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("runuser", "-uapp", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("chroot", "--userspec", "app:app", "/", "gunicorn", "app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"] });
    expect(launched("su", "app", "-s", "/bin/sh", "-c", "cd /srv && exec gunicorn app:app")).toMatchObject({ server: "gunicorn", args: ["app:app"], cd: ["/srv"] });
    // Without -u, runuser takes su's form: its first word is the user, not a command.
    expect(launched("runuser", "gunicorn")).toBeUndefined();
  });

  it("reads sh -c scripts: cd and export apply, a server beats the python commands before it", () => {
    expect(launched("/bin/sh", "-c", "python manage.py migrate && cd /srv/src && export PORT=8080 && exec gunicorn 'pkg:create_app()'")).toEqual({
      server: "gunicorn", program: "gunicorn", args: ["pkg:create_app()"], cd: ["/srv/src"], env: { PORT: "8080" },
    });
    expect(launched("bash", "-c", "pip install -r requirements.txt; python app.py")).toMatchObject({ server: "python", program: "app.py" });
  });

  it("reads a script of several lines as sh does: a line break ends a command, a backslash before it joins the lines", () => {
    const script = "set -e\ncd /srv/app\nexec uwsgi --http-socket :8080 \\\n     --module app:app --master\n";
    const uwsgi = findUwsgiCommand(words("/bin/bash", "-c", script));
    expect([uwsgi?.cd.map((word) => word.text), uwsgi?.options.map((option) => `${option.key}=${option.value}`), uwsgi?.positional.map((word) => word.text)]).toEqual([
      ["/srv/app"], ["http-socket=:8080", "module=app:app", "master=1"], [],
    ]);
    expect(launched("sh", "-c", "cd /srv\npython app.py")).toMatchObject({ server: "python", program: "app.py", cd: ["/srv"] });
    expect(launched("sh", "-c", "exec gunicorn \\\r\n  -b :8000 wsgi:app")).toMatchObject({ server: "gunicorn", args: ["-b", ":8000", "wsgi:app"] });
  });

  it("finds uWSGI where a command starts, past its wrappers, skips comments, and leaves a cd only known at run time unknown", () => {
    const uwsgi = (script: string) => {
      const found = findUwsgiCommand(words("sh", "-c", script));
      return found && { program: found.program.text, cd: found.cd.map((word) => word.text), options: found.options.map((option) => `${option.key}=${option.value}`) };
    };
    expect(uwsgi("pip install --user uwsgi\n# then start uwsgi --module wrong:app\nexec uwsgi --module app:app")).toEqual({ program: "uwsgi", cd: [], options: ["module=app:app"] });
    const cd = findUwsgiCommand(words("sh", "-c", "cd \"$APP_DIR\" && cd - && cd ~/app && cd && cd -P srv && APP_ENV=prod exec uwsgi --module app:app"))?.cd ?? [];
    expect([cd.map((word) => word.text), afterCd("/work", cd), afterCd("/work", cd.slice(-1))]).toEqual([["$APP_DIR", "-", "~/app", "~", "srv"], "/(after cd ~)/srv", "/work/srv"]);
    expect(uwsgi("echo uwsgi --module app:app")).toBeUndefined();
    for (const wrapped of ["exec gosu app uwsgi --module app:app", "if true; then tini -- uwsgi --module app:app; fi", "/entrypoint.sh uwsgi --module app:app"]) {
      expect(uwsgi(wrapped)?.options).toEqual(["module=app:app"]);
    }
    expect(launched("sh", "-c", "cd $HOME && python app.py")?.cd).toEqual(["$HOME"]);
  });

  it("reads the script of -c among other short options: bash -lc, sh -ec", () => {
    expect(launched("/bin/bash", "-lc", "exec gunicorn -b 0.0.0.0:8000 wsgi:app")).toMatchObject({ server: "gunicorn", args: ["-b", "0.0.0.0:8000", "wsgi:app"] });
    expect(launched("sh", "-ec", "uvicorn main:app")).toMatchObject({ server: "uvicorn", args: ["main:app"] });
    expect(findUserSwitches(["bash", "-lc", "cd /app && uwsgi --ini app.ini --uid 1000"]).map((found) => [found.argumentIndex, found.token, found.what])).toEqual([[2, "--uid", "user"]]);
    // A program that switches user only where a command starts; --uid and --gid only for uWSGI (or args its image's ENTRYPOINT runs).
    const switches = (...argv: string[]) => findUserSwitches(argv).map((found) => [found.argumentIndex, found.token]);
    expect(switches("sh", "-c", "ls /srv/su && cp -r /opt/static/su /app/static && exec uwsgi --ini app.ini")).toEqual([]);
    expect(switches("sh", "-c", "exec gosu app uwsgi --ini app.ini")).toEqual([[2, "gosu"]]);
    expect(switches("tini", "--", "su", "app", "-c", "uwsgi")).toEqual([[2, "su"]]);
    expect(switches("rclone", "serve", "webdav", "/data", "--uid", "58102", "--gid", "62365")).toEqual([]);
    expect(switches("python", "manage.py", "sync_users", "--uid", "12345")).toEqual([]);
    expect(switches("--ini", "app.ini", "--uid", "1000")).toEqual([[2, "--uid"]]);
    expect(switches("/docker-entrypoint.sh", "--uid", "1000")).toEqual([[1, "--uid"]]);
    expect(switches("tini", "--", "uwsgi", "--gid=100")).toEqual([[3, "--gid=100"]]);
    expect(switches("/docker-entrypoint.sh", "setpriv", "--reuid=1000", "sudo", "-Eu", "app", "gunicorn", "-u", "1000", "app:app")).toEqual([[2, "--reuid=1000"], [4, "-Eu"], [7, "-u"]]);
    // A quote a backslash escapes does not end a double-quoted word.
    expect(switches("sh", "-c", 'echo "a \\"b\\"" && exec uwsgi --ini app.ini --gid 1000')).toEqual([[2, "--gid"]]);
    expect(switches("sh", "-c", 'echo "it\\"s" ; gosu app uwsgi --ini app.ini')).toEqual([[2, "gosu"]]);
    expect(findUwsgiCommand(words("sh", "-xc", "uwsgi --ini app.ini"))?.options.map((option) => `${option.key}=${option.value}`)).toEqual(["ini=app.ini"]);
  });
});

describe("gunicorn's command line (argparse)", () => {
  const parse = (...texts: string[]) => {
    const parsed = parseArguments(words(...texts), GUNICORN_OPTIONS, "argparse");
    return { options: parsed.options.map((option) => `${option.info.setting}=${option.value}`), positional: parsed.positional.map((word) => word.text), problems: parsed.problems.map((problem) => problem.message) };
  };

  it("takes --name value, --name=value, unique prefixes, attached short values and clustered flags", () => {
    expect(parse("-w", "4", "-b0.0.0.0:80", "--bind=[::]:81", "--pythonp", "src", "-Db", "unix:/tmp/s", "--preload", "app:app")).toEqual({
      options: ["workers=4", "bind=0.0.0.0:80", "bind=[::]:81", "pythonpath=src", "daemon=true", "bind=unix:/tmp/s", "preload_app=true"],
      positional: ["app:app"], problems: [],
    });
  });

  it("rejects what gunicorn rejects", () => {
    expect(parse("--port", "8000", "app:app").problems).toEqual(["unrecognized arguments: --port"]);
    expect(parse("--re", "app:app").problems).toEqual(["unrecognized arguments: --re"]); // --reload, --reload-engine, --reuse-port…
  });
});

function project(files: Record<string, string>) {
  const { discovery, model } = projectModel(files);
  const lintReport = () => lint({ files: discovery.files, settings: DEFAULT_SETTINGS, rules: allRules, tree: discovery.tree }).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`);
  return { model, lint: lintReport };
}

const deployment = (container: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: lab}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.nersc.gov/m1/web:1.0
${container}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: lab}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
${extra}`;

const DOCKERFILE = "FROM python:3.11-slim\nWORKDIR /app\nCOPY . /app\n";
const FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n";

describe("server apps in the project model", () => {
  it("takes the image's CMD when the container sets no command, with its WORKDIR and COPY", () => {
    const { model } = project({
      "k8s/deploy.yaml": deployment("          ports: [{containerPort: 8080}]"),
      Dockerfile: `${DOCKERFILE}CMD ["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]\n`,
      "app.py": FLASK_APP,
    });
    const [app] = model.servers.apps;
    expect(app).toMatchObject({ server: "gunicorn", startDir: "/app", code: { callable: { status: "found" } } });
    expect(app!.binds).toMatchObject([{ host: "0.0.0.0", port: 8080, loopback: false }]);
    expect(model.network.services[0]!.ports[0]!.listeners.map((listener) => listener.origin).sort()).toEqual(["containerPort", "server"]);
  });

  it("resolves the app in the project the image pip-installs, after its own directories", () => {
    const app = (run: string, module: string) => project({
      "k8s/deploy.yaml": deployment("          ports: [{containerPort: 8080}]"),
      Dockerfile: `${DOCKERFILE}${run}\nCMD ["gunicorn", "--bind", "0.0.0.0:8080", "${module}"]\n`,
      "src/skymap/__init__.py": "",
      "src/skymap/web.py": FLASK_APP,
    }).model.servers.apps[0];
    expect(app("RUN pip install .", "skymap.web:app")).toMatchObject({ resolution: { status: "found" }, code: { callable: { status: "found" } } });
    expect(app("RUN pip install .", "skymap.web:application")).toMatchObject({ code: { callable: { status: "missing" } } });
    expect(app("RUN pip install git+https://github.com/org/skymap", "sky.web:app")).toMatchObject({ resolution: { status: "unverifiable", why: "installed" } });
    expect(app("RUN pip install flask", "skymap.web:app")).toMatchObject({ resolution: { status: "missing" } });
  });

  it("takes no Dockerfile for a container of an official image, which the repository does not build", () => {
    const database = "          ports: [{containerPort: 8080}]\n        - name: db\n          image: postgres:15\n          ports: [{containerPort: 5432}]";
    const { model, lint: report } = project({
      "k8s/deploy.yaml": deployment(database),
      Dockerfile: `${DOCKERFILE}CMD ["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]\n`,
      "app.py": FLASK_APP,
    });
    expect(model.servers.apps.map((app) => app.runner.description)).toEqual(["Deployment lab/web (k8s/deploy.yaml), container web"]);
    expect(report().filter((line) => / k8s\/port-chain /.test(line))).toEqual([]);
  });

  it("knows uvicorn serves a Flask app as ASGI, built at top level, in a factory, or returned by one", () => {
    const wsgiAsAsgi = (command: string, source: string) =>
      project({ "k8s/deploy.yaml": deployment(`          command: ${command}`), Dockerfile: DOCKERFILE, "app.py": source }).model.servers.apps[0]?.wsgiAsAsgi;
    const FACTORY_RETURNS_APP = `${FLASK_APP}def create_app():\n    return app\n`;
    expect(wsgiAsAsgi("[uvicorn, app:app]", FLASK_APP)).toBe(true);
    expect(wsgiAsAsgi("[uvicorn, --factory, app:create_app]", FACTORY_RETURNS_APP)).toBe(true);
    expect(wsgiAsAsgi("[uvicorn, --factory, app:create_app]", "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n")).toBe(true);
    expect(wsgiAsAsgi("[uvicorn, --interface, wsgi, --factory, app:create_app]", FACTORY_RETURNS_APP)).toBe(false);
    expect(wsgiAsAsgi("[uvicorn, --factory, app:create_app]", "app = object()\ndef create_app():\n    return app\n")).toBe(false);
  });

  it("tells an official image by its name: one of Docker's official repositories, no registry but Docker Hub, no namespace but library", () => {
    const official = ["postgres:15", "nginx", "library/redis:7@sha256:0a", "docker.io/library/mongo", "index.docker.io/busybox:1", "mongo-express:1.0", "rocket.chat"];
    const built = ["registry.nersc.gov/m1/web:1.0", "jgi/portal:1.2", "docker.io/jgi/portal", "localhost:5000/web", "ghcr.io/org/app:latest", "${IMAGE}", "<image>", "$(IMAGE):1", "flask-gunicorn:v1", "web", "docker.io/library/my-app"];
    expect([...official, ...built].filter(isOfficialImage)).toEqual(official);
  });

  it("says a gunicorn has no app only when it can see there is no config file to name one", () => {
    const noApp = (files: Record<string, string>) => project(files).model.servers.apps[0]!.problem?.kind;
    // No Dockerfile: /app/gunicorn.conf.py, -c and python: configs are in an image nw-lint cannot see.
    expect(noApp({ "deploy.yaml": deployment("          command: [gunicorn, -c, /app/gunicorn.conf.py]") })).toBeUndefined();
    expect(noApp({ "deploy.yaml": deployment("          command: [gunicorn]\n          workingDir: /app") })).toBeUndefined();
    expect(noApp({ "deploy.yaml": deployment("          command: [gunicorn, --config=python:myconf]") })).toBeUndefined();
    // The image copies the repository to /app, which holds no gunicorn.conf.py.
    expect(noApp({ "deploy.yaml": deployment("          command: [gunicorn]"), Dockerfile: DOCKERFILE })).toBe("no-app");
    expect(noApp({ "deploy.yaml": deployment("          command: [gunicorn, -c, gunicorn.conf.py]"), Dockerfile: DOCKERFILE })).toBe("config-missing");
  });

  it("reads gunicorn.conf.py from the start directory, and GUNICORN_CMD_ARGS over it", () => {
    const { model } = project({
      "deploy.yaml": deployment(`          command: [gunicorn]\n          env:\n            - {name: GUNICORN_CMD_ARGS, value: "--bind 0.0.0.0:9000"}`),
      Dockerfile: DOCKERFILE,
      "gunicorn.conf.py": 'wsgi_app = "site_app:app"\nbind = ["127.0.0.1:8000"]\nchdir = "src"\n',
      "src/site_app.py": FLASK_APP,
    });
    const [app] = model.servers.apps;
    expect(app!.reference).toMatchObject({ from: "config", module: "site_app" });
    expect(app!.workingDir.containerPath).toBe("/app/src");
    expect(app!.code?.callable.status).toBe("found");
    expect(app!.binds.map((bind) => `${bind.host}:${bind.port}`)).toEqual(["0.0.0.0:9000"]);
  });

  it("searches sys.path as gunicorn builds it: --pythonpath (the last entry first, from --chdir), --chdir, the start directory, PYTHONPATH", () => {
    const searched = (command: string) => project({
      "deploy.yaml": deployment(`          command: ${command}\n          env:\n            - {name: PYTHONPATH, value: /opt/lib}`),
      Dockerfile: DOCKERFILE,
      "backend/__init__.py": "",
      "backend/wsgi.py": FLASK_APP,
    }).model.servers.apps[0]!;
    const both = searched("[gunicorn, --chdir, backend, --pythonpath, 'one,two', backend.wsgi:app]");
    expect(both.searchPath.map((dir) => dir.containerPath).slice(0, 5)).toEqual(["/app/backend/two", "/app/backend/one", "/app/backend", "/app", "/opt/lib"]);
    expect(both.code?.callable.status).toBe("found");
    // gunicorn adds a directory only once.
    expect(searched("[gunicorn, --chdir, ., backend.wsgi:app]").searchPath.map((dir) => dir.containerPath).slice(0, 2)).toEqual(["/app", "/opt/lib"]);
  });

  it("reads compose services: a string command split like a shell, the build's Dockerfile, bind mounts", () => {
    const { model } = project({
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n    command: uvicorn --app-dir src 'main:app' --host 0.0.0.0\n  web:\n    image: x\n    working_dir: /code\n    command: [gunicorn, wsgi]\n    volumes: ['./web:/code']\n",
      "api/Dockerfile": "FROM python:3.11\nWORKDIR /srv\nCOPY . .\n",
      "api/src/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
      "web/wsgi.py": "from flask import Flask\napplication = Flask(__name__)\n",
    });
    expect(model.servers.apps.map((app) => [app.server, app.reference?.text, app.resolution?.status, app.code?.callable.status])).toEqual([
      ["uvicorn", "main:app", "found", "found"],
      ["gunicorn", "wsgi", "found", "found"],
    ]);
  });

  it("joins the port chain: loopback binds, a Service sent to a declared port the server does not bind, privileged ports", () => {
    const { lint: lintIt } = project({
      "deploy.yaml": deployment(`          command: ["sh", "-c", "exec gunicorn app:app"]\n          ports: [{containerPort: 8080}]\n          securityContext: {runAsUser: 1000}`),
      "other.yaml": deployment("          command: [uvicorn, --host, 0.0.0.0, --port, '80', main:app]\n          ports: [{containerPort: 8080}]\n          securityContext: {runAsUser: 1000}").replaceAll("web", "api"),
      Dockerfile: DOCKERFILE,
      "app.py": FLASK_APP,
      "main.py": "app = object()\n",
    });
    const found = lintIt().filter((line) => /port-chain|privileged-port/.test(line));
    expect(found).toEqual([
      'deploy.yaml:12 k8s/port-chain gunicorn in container "web" listens on 127.0.0.1:8000 (its default without --bind), which only the container itself can reach: Service "web" gets no answer',
      'other.yaml:12 spin/privileged-port container "api" runs as uid 1000 but listens on port 80, below 1024',
      // uvicorn binds 80 only: the Service's targetPort 8080 is reached by nothing, one finding where the port is undeclared too.
      'other.yaml:21 k8s/port-chain Service "api" sends port 80 to targetPort 8080, which container "api" declares, but the server in it listens on 80, not 8080',
    ]);
  });

  it("knows no bind of a gunicorn whose config file is in the image, where nw-lint cannot read it", () => {
    const { model } = project({
      "deploy.yaml": deployment("          command: [gunicorn, -c, /etc/gunicorn/conf.py, app:app]\n          ports: [{containerPort: 8080}]"),
      Dockerfile: DOCKERFILE,
      "app.py": FLASK_APP,
    });
    expect(model.servers.apps[0]!.binds).toEqual([]);
  });

  it("expands $PORT and $(PORT) in binds from the environment", () => {
    const { model } = project({
      "deploy.yaml": deployment('          command: ["sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT -b [::]:${PORT} app:app"]\n          env: [{name: PORT, value: "8080"}]'),
      Dockerfile: DOCKERFILE,
    });
    expect(model.servers.apps[0]!.binds.map((bind) => `${bind.host}:${bind.port}`)).toEqual(["0.0.0.0:8080", ":::8080"]);
  });

  it("says a code volume cannot be verified instead of not found", () => {
    const { lint: lintIt } = project({
      "deploy.yaml": deployment("          command: [gunicorn, -b, '0.0.0.0:8080', app:app]\n          volumeMounts: [{name: code, mountPath: /app}]\n      volumes: [{name: code, hostPath: {path: /global/cfs/cdirs/m1/web, type: Directory}}]"),
      Dockerfile: DOCKERFILE,
    });
    expect(lintIt().filter((line) => line.includes("gunicorn/app-not-found"))).toEqual([
      "deploy.yaml:12 gunicorn/app-not-found cannot verify app:app: app may be in /app, on the volume mounted at /app",
    ]);
  });

  it("says nothing of an image it cannot see, whatever its directories are called", () => {
    const { lint: lintIt } = project({
      "deploy.yaml": deployment("          command: [gunicorn, -b, '0.0.0.0:8080', web:app]\n          workingDir: /srv/volumes/app"),
    });
    expect(lintIt().filter((line) => line.includes("gunicorn/app-not-found"))).toEqual([]);
  });
});

describe("Flask's development server", () => {
  const debugServer = (files: Record<string, string>) => project(files).lint().filter((line) => /debug-server|port-chain/.test(line));

  it("reports flask run, python app.py reaching app.run() and python -m; FLASK_DEBUG only where Flask's own server runs", () => {
    expect(debugServer({
      "a.yaml": deployment("          command: [flask, run]\n          env: [{name: FLASK_DEBUG, value: 'true'}]"),
      "b.yaml": deployment("          command: [python, -m, site_app]\n          ports: [{containerPort: 8080}]").replaceAll("web", "api"),
      "c.yaml": deployment("          command: [gunicorn, -b, '0.0.0.0:8080', site_app:app]\n          env: [{name: FLASK_DEBUG, value: '1'}]").replaceAll("web", "gw"),
      Dockerfile: DOCKERFILE,
      "site_app.py": `${FLASK_APP}if __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8080, debug=True)\n`,
    })).toEqual([
      "a.yaml:12 k8s/port-chain flask in container \"web\" listens on 127.0.0.1:5000 (its default), which only the container itself can reach: Service \"web\" gets no answer",
      "a.yaml:13 app/debug-server flask run: Flask's development server runs with the debugger on (FLASK_DEBUG=true); the Werkzeug debugger lets any visitor who reaches it execute code on the server (remote code execution)",
      "site_app.py:4 app/debug-server python -m site_app reaches app.run(): Flask's development server runs with the debugger on (debug=True); the Werkzeug debugger lets any visitor who reaches it execute code on the server (remote code execution)",
    ]);
  });

  it("reads the __main__.py of a package python -m runs, a regular or a namespace package", () => {
    const main = `${FLASK_APP}app.run(host="0.0.0.0", port=8080, debug=True)\n`;
    for (const init of [{ "webapp/__init__.py": "" }, {}] as Record<string, string>[]) {
      expect(debugServer({
        "b.yaml": deployment("          command: [python, -m, webapp]\n          ports: [{containerPort: 8080}]"),
        Dockerfile: DOCKERFILE,
        ...init,
        "webapp/__main__.py": main,
      })).toEqual([
        "webapp/__main__.py:3 app/debug-server python -m webapp reaches app.run(): Flask's development server runs with the debugger on (debug=True); the Werkzeug debugger lets any visitor who reaches it execute code on the server (remote code execution)",
      ]);
    }
  });
});

describe("a server bound to loopback behind a Service", () => {
  it("is one mistake: the loopback bind is reported, not also the Service port it leaves unanswered", () => {
    const found = project({
      "deploy.yaml": deployment("          command: [gunicorn, -b, '127.0.0.1:8080', app:app]\n          ports: [{containerPort: 5000}]"),
      Dockerfile: DOCKERFILE,
      "app.py": FLASK_APP,
    }).lint().filter((line) => / k8s\/port-chain /.test(line));
    expect(found).toEqual(['deploy.yaml:12 k8s/port-chain gunicorn in container "web" listens on 127.0.0.1:8080, which only the container itself can reach: Service "web" gets no answer']);
  });
});

describe("Flask's development server behind an Ingress", () => {
  const ingress = (port: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: lab}
spec:
  rules:
    - host: web.lab.development.svc.spin.nersc.org
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: ${port}}}}
`;
  const exposure = (port: string) => project({
    "deploy.yaml": deployment("          command: [python, site_app.py]\n          ports: [{containerPort: 8080}]", ingress(port)),
    Dockerfile: DOCKERFILE,
    "site_app.py": `${FLASK_APP}app.run(host="0.0.0.0", port=8080, debug=True)\n`,
  }).lint().filter((line) => / app\/debug-server /.test(line)).map((line) => line.replace(/^.*\(remote code execution\)/, ""));

  it("says the Ingress routes to it only when its backend names a port the Service has", () => {
    expect(exposure("{number: 80}")).toEqual(['; Ingress "web" routes https://web.lab.development.svc.spin.nersc.org to this container, so anyone on the internet can reach it']);
    expect(exposure("{name: http}")).toEqual([""]);
  });
});

describe("gunicorn's factory calls", () => {
  const lookup = (reference: string, source: string) => {
    const { model } = project({ "deploy.yaml": deployment(`          command: [gunicorn, -b, "0.0.0.0:8080", "${reference}"]`), Dockerfile: DOCKERFILE, "app.py": source });
    const found = model.servers.apps[0]!.code?.callable;
    return found && { status: found.status, ...("error" in found ? { error: found.error } : {}), ...(found.status === "found" ? { returnsNone: found.returnsNone ?? false } : {}) };
  };
  const FACTORY = "def make(env, debug=False):\n    return env\n";

  it("passes the literal arguments, by position and by keyword, as gunicorn does", () => {
    expect(lookup("app:make('prod')", FACTORY)).toEqual({ status: "found", returnsNone: false });
    expect(lookup("app:make(env='prod')", FACTORY)).toEqual({ status: "found", returnsNone: false });
    expect(lookup("app:make()", FACTORY)).toEqual({ status: "not-callable", error: "TypeError: make() missing 1 required positional argument: 'env'" });
    expect(lookup("app:make(1, 2, 3)", FACTORY)).toEqual({ status: "not-callable", error: "TypeError: make() takes from 1 to 2 positional arguments but 3 were given" });
    expect(lookup("app:make()", "def make():\n    pass\n")).toEqual({ status: "found", returnsNone: true });
  });
});

describe("an app built by a factory of a local package", () => {
  const lint = (reference: string, wsgi = "from survey import create_app\n\napplication = create_app()\n") => project({
    "deploy.yaml": deployment(`          command: [gunicorn, -b, "0.0.0.0:8080", "${reference}"]`),
    Dockerfile: DOCKERFILE,
    "wsgi.py": wsgi,
    "survey/__init__.py": "from .factory import create_app\n",
    "survey/factory.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
  }).lint().filter((line) => / gunicorn\/app-not-found /.test(line)).map((line) => line.replace(/^.* gunicorn\/app-not-found /, ""));

  it("is the Flask app under its name, followed through the package's re-export", () => {
    expect(lint("wsgi:app")).toEqual(["wsgi.py binds no app: the Flask app is bound to application"]);
  });

  it("is found when the module calls the factory as an attribute of the package it imports", () => {
    expect(lint("wsgi:app", "import survey\n\napplication = survey.create_app()\n")).toEqual(["wsgi.py binds no app: the Flask app is bound to application"]);
  });

  it("is an app object, which gunicorn cannot call", () => {
    expect(lint("wsgi:application()")).toEqual(["gunicorn calls application(), which fails: TypeError: Flask.__call__() missing 2 required positional arguments: 'environ' and 'start_response'"]);
  });
});

describe("directories the command names through variables", () => {
  const lint = (command: string, env = "") => project({
    "deploy.yaml": deployment(`${env}          command: ${command}`),
    Dockerfile: DOCKERFILE,
    "src/portal/web.py": FLASK_APP,
  }).lint().filter((line) => / (gunicorn\/app-not-found|uwsgi\/module-not-found) /.test(line)).map((line) => line.replace(/^deploy\.yaml:\d+ /, ""));

  it("are known only at run time when the environment does not give the variable", () => {
    expect(lint(`["sh", "-c", "exec gunicorn --chdir $APP_HOME/src -b 0.0.0.0:8080 portal.web:app"]`)).toEqual([]);
    expect(lint(`["gunicorn", "--pythonpath", "$(APP_LIB)", "-b", "0.0.0.0:8080", "portal.web:app"]`)).toEqual([]);
    expect(lint(`["sh", "-c", "exec uwsgi --chdir \${APP_HOME}/src --module portal.web:app --http-socket :8080"]`))
      .toEqual(["uwsgi/module-not-found cannot verify module = portal.web:app: chdir = ${APP_HOME}/src depends on the run-time environment"]);
  });

  it("are the variable's value when the container sets it", () => {
    const env = "          env: [{name: APP_LIB, value: /app/src}]\n";
    expect(lint(`["gunicorn", "--pythonpath", "$(APP_LIB)", "-b", "0.0.0.0:8080", "portal.web:application"]`, env))
      .toEqual(["gunicorn/app-not-found web.py binds no application: the Flask app is bound to app"]);
  });
});

describe("a bare word on uWSGI's command line", () => {
  const lint = (command: string) => project({
    "deploy.yaml": deployment(`          command: ${command}`),
    Dockerfile: DOCKERFILE,
    "app.ini": "[uwsgi]\nmodule = web:app\nhttp-socket = :8080\nneed-app = true\n",
    "web.py": FLASK_APP,
  }).lint().filter((line) => / uwsgi\/unknown-option /.test(line)).map((line) => line.replace(/^.* uwsgi\/unknown-option /, ""));

  // uWSGI 2.0.21 loads every bare word as a config file by its extension: `unable to load configuration from web.py`, exit 1.
  it("is a config file uWSGI cannot load unless its extension names one", () => {
    expect(lint(`[uwsgi, --http-socket, ":8080", --need-app, web.py]`)).toEqual(["uWSGI rejects web.py (unable to load configuration from web.py) and exits before loading the app"]);
    expect(lint(`[uwsgi, --ini, /app/app.ini, --die-on-term, "true"]`)).toEqual(["uWSGI rejects true (unable to load configuration from true) and exits before loading the app"]);
    expect(lint(`[uwsgi, /app/app.ini, --master]`)).toEqual([]);
  });

  it("is known only at run time when a variable names it", () => {
    expect(lint(`[sh, -c, "exec uwsgi --http-socket :8080 $UWSGI_CONFIG"]`)).toEqual([]);
    expect(lint(`[uwsgi, --http-socket, ":8080", "$(CONFIG)"]`)).toEqual([]);
  });
});
