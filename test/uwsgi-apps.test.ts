// The uWSGI apps model: linking, option order, placeholders, paths and module resolution.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type ResolvedSettings } from "../src/engine/config.js";
import { lastSetting, uwsgiListeners, uwsgiStaticTargets, type UwsgiApp } from "../src/model/uwsgi-apps.js";
import { lintDirectory, projectModel } from "./helpers.js";

function project(files: Record<string, string>, apps: ResolvedSettings["apps"] = []) {
  return projectModel(files, (dir) => ({ ...DEFAULT_SETTINGS, apps: apps.map((app) => ({ ...app, ini: join(dir, app.ini) })) }));
}

const values = (app: UwsgiApp) => app.settings.map((setting) => `${setting.origin}:${setting.key}=${setting.value}`);

const DEPLOYMENT = (args: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.nersc.gov/web/app:1.0
          command: ["uwsgi"]
          args: ${args}
          workingDir: /app
${extra}`;

describe("uWSGI apps", () => {
  it("links an ini to the container whose command names it, and applies options in order", () => {
    const { model } = project({
      "k8s/app.yaml": DEPLOYMENT(`["--pyargv", "early", "--ini", "app.ini", "--pyargv", "webapp -i x"]`),
      "docker/app.ini": "[uwsgi]\nmodule = app\npyargv = \"-i x\"\n",
      "docker/app.py": "app = 1\n",
    });
    const [app] = model.uwsgi.apps;
    expect(model.uwsgi.apps).toHaveLength(1);
    expect(app!.container?.name).toBe("app");
    expect(model.notes[0]).toMatch(/^docker\/app\.ini: linked to Deployment web\/app \(k8s\/app\.yaml\), container app: its command names app\.ini/);
    expect(values(app!)).toEqual(["command:pyargv=early", "command:ini=app.ini", "ini:module=app", "ini:pyargv=\"-i x\"", "command:pyargv=webapp -i x"]);
    expect(lastSetting(app!, "pyargv")?.origin).toBe("command");
    expect(app!.entries[0]!.resolution).toMatchObject({ status: "found" });
    expect(app!.entries[0]!.resolution.status === "found" && app!.entries[0]!.resolution.file?.file.path).toBe("docker/app.py");
  });

  it("links a compose service to the ini its command names by basename, in another directory than the compose file, as a container's", () => {
    const service = "services:\n  app:\n    image: registry.nersc.gov/web/app:1.0\n    entrypoint: uwsgi\n    command: [--ini, app.ini, --pyargv, -i x]\n";
    const { model } = project({ "docker/stack/docker-compose.yml": service, "docker/app.ini": "[uwsgi]\nmodule = app\n", "docker/app.py": "app = 1\n" });
    expect(model.uwsgi.apps.map((app) => [app.ini?.path, app.compose?.name, lastSetting(app, "pyargv")?.value])).toEqual([["docker/app.ini", "app", "-i x"]]);
    expect(model.notes).toEqual([expect.stringMatching(/^docker\/app\.ini: started by compose service app \(docker\/stack\/docker-compose\.yml\): its command names app\.ini \(--ini app\.ini\);/)]);
    // Two inis of that name, neither nearer the compose file: which one it runs is not known.
    const { model: ambiguous } = project({ "stack/docker-compose.yml": service, "a/app.ini": "[uwsgi]\nmodule = app\n", "b/app.ini": "[uwsgi]\nmodule = app\n", "a/app.py": "app = 1\n", "b/app.py": "app = 1\n" });
    expect(ambiguous.uwsgi.apps.map((app) => [app.ini?.path, app.compose?.name])).toEqual([["a/app.ini", undefined], ["b/app.ini", undefined]]);
  });

  it("links no ini to a container whose whole command line loads no config and names no app, and lists it", () => {
    const ini = { "app.ini": "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\n", "app.py": "app = 1\n" };
    // uWSGI 2.0.21: `uwsgi --http-socket :8080 --master` runs "no app loaded. going in full dynamic mode".
    const appless = project({ ...ini, "k8s/app.yaml": DEPLOYMENT(`["--http-socket", ":8080", "--master"]`) }).model.uwsgi;
    expect(appless.appless.map(({ container, command }) => [container.name, command.program.text])).toEqual([["app", "uwsgi"]]);
    expect(appless.apps.map((app) => app.container)).toEqual([undefined]);
    // Something may still name the config: a variable, an environment option, a positional file, the config's apps; an emperor's vassals.
    for (const args of [`["--http-socket", "$(PORT)"]`, `["--http-socket", ":8080", "app.yaml"]`, `["--yaml", "app.yaml"]`, `["-w", "app:app"]`, `["--emperor", "/etc/uwsgi/vassals"]`]) {
      expect(project({ ...ini, "k8s/app.yaml": DEPLOYMENT(args) }).model.uwsgi.appless).toEqual([]);
    }
    // sh -c word-splits what a backquoted command prints, as it does a variable's value: it may name an app.
    const substituted = DEPLOYMENT(`["uwsgi --http-socket=\`hostname\`:8080 --master"]`).replace(`command: ["uwsgi"]`, `command: ["sh", "-c"]`);
    expect(project({ ...ini, "k8s/app.yaml": substituted }).model.uwsgi.appless).toEqual([]);
    const withEnv = DEPLOYMENT(`["--master"]`, "          env:\n            - {name: UWSGI_INI, value: /app/app.ini}\n");
    expect(project({ ...ini, "k8s/app.yaml": withEnv }).model.uwsgi.appless).toEqual([]);
    const configured = project({ ...ini, "k8s/app.yaml": DEPLOYMENT(`["--master"]`) }, [{ ini: "app.ini", workload: "web/app" }]).model.uwsgi;
    expect([configured.appless, configured.apps.map((app) => app.container?.name)]).toEqual([[], ["app"]]);
  });

  it("uses the Dockerfile beside an unlinked ini for its command, WORKDIR and ENV", () => {
    const { model } = project({
      "deploy/app.ini": "[uwsgi]\nmodule = app:app\n",
      "Dockerfile": "FROM python\nWORKDIR /srv\nENV UWSGI_NEED_APP=1 PYTHONPATH=lib\nCOPY . /srv\nENTRYPOINT [\"uwsgi\"]\nCMD [\"--ini\", \"deploy/app.ini\", \"-w\", \"app:other\"]\n",
      "lib/app.py": "app = 1\n",
    });
    const [app] = model.uwsgi.apps;
    expect(app!.startDir).toBe("/srv");
    expect(values(app!)).toEqual(["env:need-app=1", "command:ini=deploy/app.ini", "ini:module=app:app", "command:module=app:other"]);
    expect(app!.entries[0]!.callable.name).toBe("other");
    expect(app!.searchPath.map((dir) => dir.containerPath)).toEqual(["/srv", "/srv/lib"]);
    expect(app!.entries[0]!.resolution.status === "found" && app!.entries[0]!.resolution.file?.file.path).toBe("lib/app.py");
  });

  it("links an ini to the compose service whose own entrypoint and command run it, the image's WORKDIR kept", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nmodule = app:app\n",
      "app.py": "app = 1\n",
      "Dockerfile": "FROM python\nWORKDIR /app\nCOPY . /app\nENTRYPOINT [\"uwsgi\"]\nCMD [\"--ini\", \"app.ini\"]\n",
      "docker-compose.yml": "services:\n  app:\n    image: registry.nersc.gov/m1/app:latest\n    entrypoint: uwsgi\n    command: [--ini, app.ini, --pyargv, 'webapp -i ./static']\n  plain:\n    image: registry.nersc.gov/m1/app:latest\n",
    });
    expect(model.uwsgi.apps.map((app) => [app.link, app.startDir])).toEqual([
      ["started by compose service app (docker-compose.yml): its command names app.ini (--ini app.ini)", "/app"],
    ]);
    expect(values(model.uwsgi.apps[0]!)).toEqual(["command:ini=app.ini", "ini:module=app:app", "command:pyargv=webapp -i ./static"]);
  });

  it("finds the module through the compose service's binds, as the other servers' model does", () => {
    const { model } = project({
      "uwsgi/app.ini": "[uwsgi]\nchdir = /app\nmodule = web:application\n",
      "src/web.py": "application = 1\n",
      "docker-compose.yml": "services:\n  web:\n    image: python:3.11\n    command: uwsgi --ini /etc/uwsgi/app.ini\n    volumes:\n      - ./uwsgi:/etc/uwsgi:ro\n      - ./src:/app\n",
    });
    const entry = model.uwsgi.apps[0]!.entries[0]!;
    expect(entry.resolution.status === "found" && entry.resolution.file?.file.path).toBe("src/web.py");
  });

  it("gives uWSGI the compose service's environment, as the other servers get it: PYTHONPATH and UWSGI_* options", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nhttp-socket = :8080\nmodule = web:app\n",
      "src/web.py": "app = 1\n",
      "compose.yaml": "services:\n  web:\n    build: .\n    working_dir: /app\n    volumes: ['.:/app']\n    environment:\n      PYTHONPATH: /app/src\n      UWSGI_NEED_APP: 'true'\n    command: uwsgi --ini app.ini\n",
    });
    const app = model.uwsgi.apps[0]!;
    expect(values(app)).toEqual(["env:need-app=true", "command:ini=app.ini", "ini:http-socket=:8080", "ini:module=web:app"]);
    expect(app.entries[0]!.resolution.status === "found" && app.entries[0]!.resolution.file?.file.path).toBe("src/web.py");
  });

  it("takes a path no bind covers to be the compose service's image, not the repository's", () => {
    const { model } = project({
      "uwsgi/app.ini": "[uwsgi]\nchdir = /app\nmodule = web:application\n",
      "app/web.py": "application = 1\n",
      "docker-compose.yml": "services:\n  web:\n    image: python:3.11\n    command: uwsgi --ini /etc/uwsgi/app.ini\n    volumes: ['./uwsgi:/etc/uwsgi:ro']\n",
    });
    expect(model.uwsgi.apps[0]!.entries[0]!.resolution).toEqual({
      status: "unverifiable", why: "image", message: "web may be in /app, in the image, which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)",
    });
  });

  it("finds the app a factory imported from another local module builds, under the name the module binds it to", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nmodule = myapp.wsgi:app\n",
      "myapp/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
      "myapp/wsgi.py": "from myapp import create_app\n\napplication = create_app()\n",
    });
    const lookup = model.uwsgi.apps[0]!.entries[0]!.code?.callable;
    expect(lookup?.status === "missing" && [lookup.why, lookup.name]).toEqual(["other-name", "application"]);
  });

  it("reads includes in place, resolves placeholders from their first occurrence, and keeps the included ini out of the apps", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nname = first\nini = conf/base.ini\nmodule = %(name):%(missing)\nname = second\n",
      "conf/base.ini": "[uwsgi]\nmaster = true\n",
    });
    expect(model.uwsgi.apps.map((app) => app.ini?.path)).toEqual(["app.ini"]);
    expect(values(model.uwsgi.apps[0]!)).toEqual(["ini:name=first", "ini:ini=conf/base.ini", "ini:master=true", "ini:module=first:%(missing)", "ini:name=second"]);
  });

  it("reads a config --include names in place and one --inherit names after every other, as uWSGI 2.0.21 does", () => {
    const { model } = project({
      "k8s/app.yaml": DEPLOYMENT(`["--inherit", "template.ini", "--ini", "app.ini", "--include", "extra.ini", "--callable", "app"]`),
      "app.ini": "[uwsgi]\nmodule = web\n",
      "extra.ini": "[uwsgi]\nmaster = true\n",
      "template.ini": "[uwsgi]\ncallable = application\ninclude = more.ini\n",
      "more.ini": "[uwsgi]\nprocesses = 2\n",
      "web.py": "app = 1\n",
    });
    expect(model.uwsgi.apps.map((app) => app.ini?.path)).toEqual(["app.ini"]);
    expect(values(model.uwsgi.apps[0]!)).toEqual([
      "command:inherit=template.ini", "command:ini=app.ini", "ini:module=web", "command:include=extra.ini", "ini:master=true", "command:callable=app",
      "ini:callable=application", "ini:include=more.ini", "ini:processes=2",
    ]);
  });

  it("reads what set = ini=… (include, inherit) names as that option does, and no file set-ph names", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nset = inherit=last.ini\nset = ini=base.ini\nset-ph = include=ignored.ini\nmodule = web\n",
      "base.ini": "[uwsgi]\nmaster = true\n",
      "last.ini": "[uwsgi]\nprocesses = 2\n",
      "ignored.ini": "[uwsgi]\nmodule = other\n",
    });
    const app = model.uwsgi.apps.find((candidate) => candidate.ini?.path === "app.ini")!;
    expect(values(app)).toEqual(["ini:inherit=last.ini", "ini:ini=base.ini", "ini:master=true", "ini:include=ignored.ini", "ini:module=web", "ini:processes=2"]);
  });

  it("reads a config include and inherit name by how it ends, as uWSGI 2.0.21 does: .ini as an ini, YAML, JSON and XML unread, any other name (a :section too) refused", () => {
    const { model } = project({
      "app.ini": "[uwsgi]\nmodule = web\ninclude = base.ini:prod\ninherit = base.conf\ninclude = base.yaml\ninclude = gone.json\ninclude = $(CONF)\nini = base.conf:prod\n",
      "base.ini": "[uwsgi]\nmaster = true\n[prod]\nprocesses = 4\n",
      "base.conf": "[uwsgi]\nmaster = true\n[prod]\nprocesses = 2\n",
      "base.yaml": "uwsgi:\n  module: web\n",
    });
    const app = model.uwsgi.apps.find((candidate) => candidate.ini?.path === "app.ini")!;
    expect(app.unreadConfigs.map((config) => [config.by.key, config.path, config.missing, config.refused ?? false])).toEqual([
      ["include", "base.ini:prod", false, true],
      ["inherit", "base.conf", false, true],
      ["include", "base.yaml", false, false],
      ["include", "gone.json", true, false],
      // uWSGI reads the name before it expands `$(CONF)`: `unable to load configuration from $(CONF)`.
      ["include", "$(CONF)", false, true],
    ]);
    // `ini` reads any name, and the section after its colon.
    expect(app.configs.map((config) => [config.file.path, config.section, config.by?.key])).toEqual([["app.ini", "uwsgi", undefined], ["base.conf", "prod", "ini"]]);
    expect(values(app)).toContain("ini:processes=2");
    // A shell variable on the command line is known only at run time: it may name any config.
    const { model: shell } = project({ "k8s/app.yaml": DEPLOYMENT(`["--ini", "app.ini", "--include", "$CONF"]`), "app.ini": "[uwsgi]\nmodule = web\n" });
    expect(shell.uwsgi.apps[0]!.unreadConfigs.map((config) => [config.path, config.missing, config.refused ?? false])).toEqual([["$CONF", false, false]]);
  });

  it("resolves chdir from the start directory and pythonpath after it", () => {
    const { model } = project({ "app.ini": "[uwsgi]\nchdir = srv\npythonpath = lib\nmodule = pkg.mod:app\n", "srv/lib/pkg/mod.py": "app = 1\n" });
    const [app] = model.uwsgi.apps;
    expect(app!.workingDir.repoPath).toMatch(/\/srv$/);
    expect(app!.entries[0]!.resolution.status === "found" && app!.entries[0]!.resolution.file?.file.path).toBe("srv/lib/pkg/mod.py");
  });

  it("says why a module is missing as Python does", () => {
    const missing = (module: string, files: Record<string, string>) => {
      const { model } = project({ "app.ini": `[uwsgi]\nmodule = ${module}\n`, ...files });
      return model.uwsgi.apps[0]!.entries[0]!.resolution;
    };
    expect(missing("app.py", { "app.py": "" })).toEqual({ status: "missing", message: "No module named 'app.py'; 'app' is not a package" });
    expect(missing("src/app.py", { "src/app.py": "" })).toEqual({ status: "missing", message: "No module named 'src/app'" });
    expect(missing("webapp.server:app", { "webapp/__init__.py": "" })).toEqual({ status: "missing", message: "No module named 'webapp.server'" });
    expect(missing("webapp.main:app", { "webapp/main.py": "" })).toMatchObject({ status: "found" });
  });

  it("loads a wsgi-file directory from its __init__.py, as uWSGI 2.0.21 opens it", () => {
    const resolution = (files: Record<string, string>) => project({ "app.ini": "[uwsgi]\nwsgi-file = webapp\n", ...files }).model.uwsgi.apps[0]!.entries[0]!.resolution;
    const found = resolution({ "webapp/__init__.py": "app = 1\n" });
    expect(found.status === "found" && [found.file?.file.path, found.inPackage]).toEqual(["webapp/__init__.py", false]);
    expect(resolution({ "webapp/app.py": "app = 1\n" })).toEqual({ status: "missing", message: 'webapp is a directory with no __init__.py: open("webapp/__init__.py") fails' });
  });

  it("cannot verify a module or a file on a volume mounted over the code", () => {
    const resolution = (ini: string) => project({
      "k8s/app.yaml": DEPLOYMENT(`["--ini", "/app/app.ini"]`, "          volumeMounts: [{name: code, mountPath: /app/code}]\n      volumes: [{name: code, hostPath: {path: /global/cfs/code}}]\n"),
      "app.ini": `[uwsgi]\n${ini}\n`,
    }).model.uwsgi.apps[0]!.entries[0]!.resolution;
    expect(resolution("pythonpath = code\nmodule = nightwatch.web")).toEqual({ status: "unverifiable", why: "volume", message: "nightwatch may be in /app/code, on the volume mounted at /app/code" });
    expect(resolution("wsgi-file = code/web.py")).toEqual({ status: "unverifiable", why: "volume", message: "/app/code/web.py is on the volume mounted at /app/code" });
  });

  it("finds a module the image pip-installs from the tree (src or flat layout), and cannot verify one it installs from elsewhere", () => {
    const resolution = (run: string, files: Record<string, string> = {}) => project({
      "Dockerfile": `FROM python:3.11\nWORKDIR /srv\nCOPY . /srv\n${run}\nCMD ["uwsgi", "--ini", "/srv/uwsgi.ini"]\n`,
      "uwsgi.ini": "[uwsgi]\nmodule = skymap.web:app\n",
      "pyproject.toml": "[project]\nname = \"skymap\"\n",
      ...files,
    }).model.uwsgi.apps[0]!.entries[0]!.resolution;
    const srcLayout = { "src/skymap/__init__.py": "", "src/skymap/web.py": "app = 1\n" };
    expect(resolution("RUN pip install --no-cache-dir .", srcLayout)).toMatchObject({ status: "found", file: { containerPath: "/srv/src/skymap/web.py" } });
    expect(resolution("RUN python3 -m pip install -e '.[dev]'", srcLayout)).toMatchObject({ status: "found" });
    expect(resolution("RUN pip install -r requirements.txt", srcLayout)).toEqual({ status: "missing", message: "No module named 'skymap'" });
    expect(resolution("RUN pip3 install flask && pip3 install git+https://github.com/org/skymap")).toEqual({
      status: "unverifiable", why: "installed",
      message: "skymap may be among what pip install git+https://github.com/org/skymap (Dockerfile:4) installs, which nw-lint cannot see",
    });
    expect(resolution("RUN pip install /opt/skymap")).toMatchObject({ status: "unverifiable", why: "installed" });
    // The working directory is searched once, not again as the installed project.
    const { model } = project({ "Dockerfile": "FROM python:3.11\nWORKDIR /srv\nCOPY . /srv\nRUN pip install -e .[dev]\nCMD [\"uwsgi\", \"--ini\", \"/srv/uwsgi.ini\"]\n", "uwsgi.ini": "[uwsgi]\nmodule = web:app\n", "pyproject.toml": "" });
    expect(model.uwsgi.apps[0]!.searchPath.map((directory) => directory.containerPath)).toEqual(["/srv"]);
  });

  it("cannot verify a module missing from the directories it sees when chdir or pythonpath is known only at run time", () => {
    const resolution = (ini: string) => project({ "app.ini": `[uwsgi]\n${ini}\n`, "web.py": "app = 1\n" }).model.uwsgi.apps[0]!.entries[0]!.resolution;
    expect(resolution("chdir = $(APP_HOME)\nmodule = web:app")).toEqual({ status: "unverifiable", why: "run-time", message: "chdir = $(APP_HOME) depends on the run-time environment" });
    expect(resolution("pythonpath = $(APP_LIB)\nmodule = portal.web:app")).toMatchObject({ status: "unverifiable", why: "run-time" });
    expect(resolution("chdir = $(APP_HOME)\nwsgi-file = web.py")).toMatchObject({ status: "unverifiable", why: "run-time" });
    expect(resolution("pythonpath = $(APP_LIB)\nmodule = web:app")).toMatchObject({ status: "found" });
  });

  it("links by config apps only, and reports the sockets with their protocol", () => {
    const { model } = project(
      {
        "k8s/app.yaml": DEPLOYMENT(`["--ini", "uwsgi/site.ini"]`),
        "uwsgi/site.ini": "[uwsgi]\nprotocol = http\nsocket = :5000\nhttp-socket = 0.0.0.0:8080\nsocket = /tmp/app.sock\n",
        "other.ini": "[uwsgi]\nsocket = :9000\n",
      },
      [{ ini: "other.ini", workload: "web/app", container: "app", root: "/etc" }],
    );
    expect(model.uwsgi.apps.filter((app) => app.container).map((app) => app.ini?.path)).toEqual(["other.ini"]);
    const site = model.uwsgi.apps.find((app) => app.ini?.path === "uwsgi/site.ini")!;
    expect(site.sockets.map((socket) => [socket.port, socket.protocol])).toEqual([[5000, "http"], [8080, "http"], [undefined, "http"]]);
    expect(uwsgiListeners(model.uwsgi).map((listener) => listener.port)).toEqual([9000]);
  });

  it("gives the network model the sockets of linked apps as their container's listeners", () => {
    const { model } = project({ "k8s/app.yaml": DEPLOYMENT(`["--ini", "app.ini"]`), "app.ini": "[uwsgi]\nsocket = :3031\nhttp-socket = :8080\n" });
    expect(uwsgiListeners(model.uwsgi).map((listener) => [listener.container.name, listener.port, listener.appProtocol, listener.origin])).toEqual([
      ["app", 3031, "uwsgi", "server"], ["app", 8080, "http", "server"],
    ]);
    expect(model.network.listeners.filter((listener) => listener.origin === "server")).toHaveLength(2);
  });

  it("gives the storage model the folder the Flask app serves static files from, through argparse and pyargv", () => {
    const { model } = project({
      "k8s/app.yaml": DEPLOYMENT(`["--ini", "app.ini", "--pyargv", "-i ./pages"]`, "          volumeMounts: [{name: pages, mountPath: /app/pages, readOnly: true}]\n      volumes: [{name: pages, hostPath: {path: /global/cfs/pages}}]\n"),
      "app.ini": "[uwsgi]\nmodule = app:app\n",
      "app.py": "import argparse, os\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument('-i', '--indir', required=True)\nargs = parser.parse_args()\napp = Flask(__name__, static_folder=os.path.abspath(args.indir))\n",
    });
    expect(uwsgiStaticTargets(model.uwsgi).map((target) => [target.container.name, target.path])).toEqual([["app", "/app/pages"]]);
    const [use] = model.storage.mounts;
    expect(use!.writableTargets.map((target) => target.related?.at.file.path)).toEqual(["app.py"]);
  });

  it("gives the storage model the static folder of the app a factory builds, when uWSGI calls the factory", () => {
    const factory = "from flask import Flask\ndef create_app():\n    app = Flask(__name__, static_folder='assets')\n    return app\nmake_app = create_app\n";
    const targets = (module: string) =>
      uwsgiStaticTargets(project({ "k8s/app.yaml": DEPLOYMENT(`["--ini", "app.ini"]`), "app.ini": `[uwsgi]\nmodule = ${module}\n`, "web.py": factory }).model.uwsgi).map((target) => target.path);
    expect(targets("web:create_app()")).toEqual(["/app/assets"]);
    // An alias calls the same function, which builds the same app.
    expect(targets("web:make_app()")).toEqual(["/app/assets"]);
    // Named without (), the factory is never called: uWSGI serves the function itself.
    expect(targets("web:create_app")).toEqual([]);
  });

  it("takes the variables the ini sets with env = for the module search and the static folder", () => {
    // uWSGI 2.0.21 imports src/web.py with `env = PYTHONPATH=src`, and the app serves /srv/public.
    const { model } = project({
      "k8s/app.yaml": DEPLOYMENT(`["--ini", "app.ini"]`),
      "app.ini": "[uwsgi]\nenv = PYTHONPATH=src\nenv = ASSETS_DIR=/srv/public\nmodule = web:app\n",
      "src/web.py": "import os\nfrom flask import Flask\napp = Flask(__name__, static_folder=os.environ.get('ASSETS_DIR', '/data/www'))\n",
    });
    const [app] = model.uwsgi.apps;
    expect(app!.entries[0]!.resolution.status === "found" && app!.entries[0]!.resolution.file?.file.path).toBe("src/web.py");
    expect(uwsgiStaticTargets(model.uwsgi).map((target) => target.path)).toEqual(["/srv/public"]);
  });

  it("takes an absolute chdir of an image it cannot see to hold the ini's directory", () => {
    const bare = DEPLOYMENT(`["--ini", "app.ini"]`).replace("          workingDir: /app\n", "");
    const { model } = project({ "deploy.yaml": bare, "app.ini": "[uwsgi]\nchdir = /srv/www\nmodule = app\n", "app.py": "app = 1\n" });
    const [app] = model.uwsgi.apps;
    expect(app!.workingDir).toMatchObject({ containerPath: "/srv/www", missing: false });
    expect(app!.entries[0]!.resolution.status === "found" && app!.entries[0]!.resolution.file?.file.path).toBe("app.py");
    expect(app!.link).toMatch(/no Dockerfile shows its image, so chdir \/srv\/www is taken to hold what the ini's directory holds$/);
    // Code that is not beside the ini may be elsewhere in that image: it cannot be verified.
    const { model: elsewhere } = project({ "deploy.yaml": bare, "app.ini": "[uwsgi]\nchdir = /srv/www\nmodule = web\n" });
    expect(elsewhere.uwsgi.apps[0]!.entries[0]!.resolution).toEqual({ status: "unverifiable", why: "guessed", message: "web may be in /srv/www, which no Dockerfile in the tree shows" });
    const { model: file } = project({ "deploy.yaml": bare, "app.ini": "[uwsgi]\nchdir = /srv/www\nwsgi-file = web.py\n" });
    expect(file.uwsgi.apps[0]!.entries[0]!.resolution).toEqual({ status: "unverifiable", why: "guessed", message: "web.py may be in /srv/www/web.py, which no Dockerfile in the tree shows" });
    // A Dockerfile shows the image: there the directory is missing.
    const { model: built } = project({ "deploy.yaml": bare, "app.ini": "[uwsgi]\nchdir = /srv/www\nmodule = app\n", "app.py": "app = 1\n", Dockerfile: "FROM python\nCOPY . /app\n" });
    expect(built.uwsgi.apps[0]!.workingDir.missing).toBe(true);
  });

  it("puts in the repository only the container paths a pair maps: elsewhere is the image, not a missing file", () => {
    const deployment = (ini: string) => DEPLOYMENT(`["--ini", "${ini}"]`);
    const resolution = (files: Record<string, string>) => project(files).model.uwsgi.apps[0]!.entries[0]!.resolution;
    // `docker/` holds what /app holds; nothing says /opt/code is in the repository, whether nw-lint runs from the root or from docker/.
    expect(resolution({ "k8s/app.yaml": deployment("/app/dev.ini"), "docker/dev.ini": "[uwsgi]\nwsgi-file = /opt/code/wsgi.py\n" })).toEqual({
      status: "unverifiable", why: "image", message: "/opt/code/wsgi.py is in the image, which nothing maps to the linted files (no Dockerfile COPY, compose bind or ini's directory)",
    });
    expect(resolution({ "k8s/app.yaml": deployment("/app/dev.ini"), "docker/dev.ini": "[uwsgi]\nwsgi-file = /app/wsgi.py\n" })).toEqual({
      status: "missing", message: "failed to open python file /app/wsgi.py",
    });
    const { model } = project({ "k8s/app.yaml": deployment("/app/dev.ini"), "docker/dev.ini": "[uwsgi]\nini = /etc/uwsgi/base.ini\nini = /app/base.ini\nmodule = app\n" });
    expect(model.uwsgi.apps[0]!.unreadConfigs.map((config) => [config.path, config.missing])).toEqual([["/etc/uwsgi/base.ini", false], ["/app/base.ini", true]]);
    // Directories named alike on both sides are taken as copied whole: /srv holds what svc/ holds.
    const widened = { "k8s/app.yaml": deployment("/srv/conf/app.ini"), "svc/conf/app.ini": "[uwsgi]\nchdir = /srv\nmodule = web.main:app\n", "svc/web/main.py": "app = 1\n" };
    const found = resolution(widened);
    expect(found.status === "found" && found.file?.file.path).toBe("svc/web/main.py");
  });

  it("reports a file the image may hold as cannot verify (info), and one missing from a mapped directory as an error, on its line", () => {
    const reported = (file: string) => {
      const dir = project({ "k8s/app.yaml": DEPLOYMENT(`["--ini", "/app/dev.ini"]`), "docker/dev.ini": `[uwsgi]\nwsgi-file = ${file}\n` }).dir;
      return lintDirectory(dir).diagnostics.filter((d) => d.ruleId === "uwsgi/module-not-found").map((d) => [d.file, d.line, d.severity]);
    };
    expect(reported("/opt/code/wsgi.py")).toEqual([["docker/dev.ini", 2, "info"]]);
    expect(reported("/app/wsgi.py")).toEqual([["docker/dev.ini", 2, "error"]]);
  });

  it("builds a Dockerfile from the directory above it when its COPY sources are there (docker build -f docker/Dockerfile .)", () => {
    const dir = project({
      "k8s/app.yaml": DEPLOYMENT("[]"),
      "docker/Dockerfile": "FROM python:3.11-slim\nCOPY src/ /srv/src/\nCOPY docker/uwsgi.ini /srv/uwsgi.ini\nCMD [\"uwsgi\", \"--ini\", \"/srv/uwsgi.ini\"]\n",
      "docker/uwsgi.ini": "[uwsgi]\nchdir = /srv/src\nmodule = wsgi:app\n",
      "src/wsgi.py": "from flask import Flask\napp = Flask(__name__)\n",
    }).dir;
    expect(lintDirectory(dir).diagnostics.filter((d) => d.ruleId === "uwsgi/module-not-found" || d.ruleId === "uwsgi/callable-not-found")).toEqual([]);
  });

  it("reads a module a COPY heredoc writes from the Dockerfile's lines", () => {
    const dockerfile = (module: string) => [
      "FROM python:3.11-slim", "WORKDIR /app", "COPY app.ini .", "COPY <<-\"EOF\" /app/wsgi.py", "from flask import Flask", "", `${module} = Flask(__name__)`, "\tEOF",
      'CMD ["uwsgi", "--ini", "app.ini"]', "",
    ].join("\n");
    const reported = (module: string) => {
      const dir = project({ "Dockerfile": dockerfile(module), "app.ini": "[uwsgi]\nmodule = wsgi:app\nhttp-socket = :8080\nneed-app = true\n" }).dir;
      return lintDirectory(dir).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}${d.related?.map((related) => ` (${related.file}:${related.line})`).join("") ?? ""}`);
    };
    expect(reported("app").filter((d) => d.includes("uwsgi/"))).toEqual([]);
    expect(reported("application").filter((d) => d.includes("uwsgi/"))).toEqual(["app.ini:2 uwsgi/callable-not-found (Dockerfile:7)"]);
  });

  it("reads a module a <<- heredoc writes without its lines' leading tabs, as BuildKit writes it, at the Dockerfile's lines and columns", () => {
    const reported = (body: readonly string[]) => {
      const dockerfile = ["FROM python:3.11-slim", "WORKDIR /app", "COPY app.ini .", "COPY <<-EOF /app/wsgi.py", ...body, "\tEOF", 'CMD ["uwsgi", "--ini", "app.ini"]', ""].join("\n");
      const dir = project({ "Dockerfile": dockerfile, "app.ini": "[uwsgi]\nmodule = wsgi:app\nhttp-socket = :8080\nneed-app = true\n" }).dir;
      return lintDirectory(dir).diagnostics.filter((d) => d.ruleId.startsWith("uwsgi/") || d.ruleId === "python/syntax")
        .map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}${d.related?.map((related) => ` (${related.file}:${related.line}:${related.column})`).join("") ?? ""}`);
    };
    const module = (app: string) => ["\tfrom flask import Flask", "", `\t${app} = Flask(__name__)`, "\tif app:", "\t    total = 1 + \\", "\t\t2"];
    expect(reported(module("app"))).toEqual([]);
    expect(reported(module("application"))).toEqual(["app.ini:2:10 uwsgi/callable-not-found (Dockerfile:7:2)"]);
    expect(reported([...module("app"), "\tdef index(:", "\t    pass"])).toEqual(["Dockerfile:11:12 python/syntax"]);
    // Only tabs are stripped: lines indented with spaces stay indented.
    expect(reported(["  from flask import Flask", "  app = Flask(__name__)"])).toEqual(["Dockerfile:5:1 python/syntax"]);
  });

  it("names a module a COPY heredoc writes by its name in the image and the Dockerfile line that writes it", () => {
    const messages = (module: string) => {
      const dockerfile = ["FROM python:3.11-slim", "WORKDIR /app", "COPY app.ini views.py .", "COPY <<EOF /app/wsgi.py", module, "EOF", 'CMD ["uwsgi", "--ini", "app.ini"]', ""].join("\n");
      const dir = project({ "Dockerfile": dockerfile, "app.ini": "[uwsgi]\nmodule = wsgi:app\nhttp-socket = :8080\nneed-app = true\n", "views.py": "index = 1\n" }).dir;
      return lintDirectory(dir).diagnostics.filter((d) => d.ruleId.startsWith("uwsgi/") || d.ruleId === "python/syntax" || d.ruleId.startsWith("app/"))
        .map((d) => `${d.file}:${d.line} ${d.message}`);
    };
    expect(messages("from flask import Flask\napplication = Flask(__name__)")).toEqual([
      "app.ini:2 wsgi.py (written by Dockerfile line 4) binds no app: the Flask app is bound to application",
    ]);
    expect(messages("def app(:")).toEqual(["Dockerfile:5 SyntaxError: invalid syntax: importing wsgi.py (written by Dockerfile line 4) fails, so uWSGI cannot load the app"]);
    expect(messages("from views import missing\nfrom flask import Flask\napp = Flask(__name__)")).toEqual([
      "Dockerfile:5 wsgi.py (written by Dockerfile line 4) imports missing from views.py, which binds no missing at its top level: the import fails (ImportError: cannot import name 'missing')",
    ]);
    expect(messages("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)").map((message) => message.split(":").slice(0, 2).join(":"))).toEqual([
      "Dockerfile:7 app.run(debug=True) runs when uWSGI imports wsgi.py (written by Dockerfile line 4)",
      "Dockerfile:7 app.run(debug=True) starts Flask's development server while uWSGI imports wsgi.py (written by Dockerfile line 4)",
    ]);
  });

  it("reads an ini a COPY heredoc writes as the config of the container, compose service or image whose command names its path", () => {
    const ini = "[uwsgi]\nmodule = wsgi:app\nhttp-socket = :8080\nneed-app = true\n";
    const dockerfile = (marker: string, body = ini, cmd = '["uwsgi", "--ini", "/etc/uwsgi/app.ini"]') =>
      ["FROM python:3.11-slim", "WORKDIR /app", "COPY wsgi.py .", `COPY ${marker} /etc/uwsgi/app.ini`, body, "EOF", `CMD ${cmd}`, ""].join("\n");
    const k8s = DEPLOYMENT("[]").replace(`          command: ["uwsgi"]\n          args: []\n`, "");
    const linked = (files: Record<string, string>) => project({ "wsgi.py": "app = 1\n", ...files }).model.uwsgi.apps.map((app) => [app.ini?.path, app.ini?.label, app.container?.name ?? app.compose?.name ?? app.dockerfile?.file.path, lastSetting(app, "module")?.value]);
    const written = ["Dockerfile", "app.ini (written by Dockerfile line 4)"];
    // The written config, not the repository's app.ini of the same name, is what uWSGI reads in that image.
    expect(linked({ "Dockerfile": dockerfile("<<EOF"), "k8s/app.yaml": k8s, "app.ini": "[uwsgi]\nmodule = other:app\n" })).toEqual([
      ["app.ini", undefined, undefined, "other:app"], [...written, "app", "wsgi:app"],
    ]);
    const { model } = project({ "Dockerfile": dockerfile("<<EOF"), "k8s/app.yaml": k8s, "wsgi.py": "app = 1\n" });
    expect(model.uwsgi.notes[0]).toBe("app.ini (written by Dockerfile line 4): linked to Deployment web/app (k8s/app.yaml), container app: its image's ENTRYPOINT/CMD names /etc/uwsgi/app.ini, written by Dockerfile line 4 (--ini /etc/uwsgi/app.ini); uWSGI starts in /app");
    expect(model.uwsgi.apps[0]!.configs.map((config) => config.file)).toEqual([model.uwsgi.apps[0]!.ini]);
    expect(linked({ "Dockerfile": dockerfile("<<'EOF'"), "docker-compose.yml": "services:\n  web:\n    build: .\n" })).toEqual([[...written, "web", "wsgi:app"]]);
    // Written where the command does not look: not read.
    expect(linked({ "Dockerfile": dockerfile("<<EOF", ini, '["uwsgi", "--ini", "/app/app.ini"]'), "k8s/app.yaml": k8s })).toEqual([]);
    // BuildKit expands `$` and backslashes in the body of an unquoted marker: the file is not the body as written.
    expect(linked({ "Dockerfile": dockerfile("<<EOF", `${ini}env = HOME=$HOME\n`), "k8s/app.yaml": k8s })).toEqual([]);
    expect(project({ "Dockerfile": dockerfile("<<EOF", `${ini}env = HOME=$HOME\n`), "k8s/app.yaml": k8s, "app.ini": ini }).model.uwsgi.notes[0]).toBe(
      "Deployment web/app (k8s/app.yaml), container app: its image's ENTRYPOINT/CMD names /etc/uwsgi/app.ini, which its image writes from a heredoc nw-lint does not read (BuildKit expands its $ and \\)",
    );
    expect(linked({ "Dockerfile": dockerfile('<<"EOF"', `${ini}env = HOME=$HOME\n`), "k8s/app.yaml": k8s })).toEqual([[...written, "app", "wsgi:app"]]);
  });

  it("links the only ini to the only uWSGI container, unless that container loads another config", () => {
    const linkedTo = (args: string) => project({ "k8s/app.yaml": DEPLOYMENT(args), "docker/dev.ini": "[uwsgi]\nhttp-socket = :5000\n" }).model.uwsgi;
    // The config baked into the image is what the container runs, not docker/dev.ini.
    const baked = linkedTo(`["--ini", "/etc/uwsgi/uwsgi.ini"]`);
    expect(baked.apps.map((app) => app.container)).toEqual([undefined]);
    expect(baked.notes[0]).toBe("Deployment web/app (k8s/app.yaml), container app: its command names /etc/uwsgi/uwsgi.ini, which no linted ini is named like (the image may hold it)");
    expect(linkedTo(`["--ini", "$(UWSGI_CONFIG)"]`).apps.map((app) => app.link)).toEqual([
      "linked to Deployment web/app (k8s/app.yaml), container app: it is the only uWSGI ini and the only container that runs uWSGI",
    ]);
    // A config a shell's command substitution names is as unknown as one a variable names.
    const substituted = DEPLOYMENT(`["uwsgi --ini=\`echo /app/uwsgi.ini\`"]`).replace(`command: ["uwsgi"]`, `command: ["sh", "-c"]`);
    expect(project({ "k8s/app.yaml": substituted, "docker/dev.ini": "[uwsgi]\nhttp-socket = :5000\n" }).model.uwsgi.apps.map((app) => app.container?.name)).toEqual(["app"]);
  });

  it("links an ini that the image's ENTRYPOINT/CMD names to a container without a command, among several inis", () => {
    const imageOnly = DEPLOYMENT("[]").replace(`          command: ["uwsgi"]\n          args: []\n`, "");
    const files = {
      "k8s/app.yaml": imageOnly,
      "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY . /app\nENTRYPOINT [\"/app/start.sh\"]\n",
      "start.sh": "#!/bin/sh\nexec uwsgi --ini /app/prod.ini\n",
      "prod.ini": "[uwsgi]\nhttp-socket = :8080\n",
      "dev.ini": "[uwsgi]\nhttp-socket = :5000\n",
    };
    expect(project(files).model.uwsgi.apps.map((app) => [app.ini?.path, app.link])).toEqual([
      ["dev.ini", "not linked: no container or Dockerfile starts it; linted as `uwsgi --ini dev.ini` run in its own directory"],
      ["prod.ini", "linked to Deployment web/app (k8s/app.yaml), container app: its image's ENTRYPOINT/CMD runs start.sh, which names prod.ini (--ini /app/prod.ini)"],
    ]);
    // A container's own command replaces the image's ENTRYPOINT, and with it what that names.
    const ownCommand = DEPLOYMENT(`["--ini", "/app/dev.ini"]`);
    expect(project({ ...files, "k8s/app.yaml": ownCommand }).model.uwsgi.apps.map((app) => [app.ini?.path, app.container?.name])).toEqual([
      ["dev.ini", "app"],
      ["prod.ini", undefined],
    ]);
  });

  it("links an ini the image copies under another name to the command that names that name, and reads it once", () => {
    const files = {
      "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY web.py /app/\nCOPY app.ini /app/web.ini\nCMD [\"uwsgi\", \"--ini\", \"/app/web.ini\"]\n",
      "app.ini": "[uwsgi]\nmodule = web:app\n",
      "web.py": "from flask import Flask\napp = Flask(__name__)\n",
    };
    const alone = project(files);
    expect(alone.model.uwsgi.apps.map((app) => [app.ini?.path, app.link, app.configs.length])).toEqual([
      ["app.ini", "started by Dockerfile: its ENTRYPOINT/CMD names /app/web.ini, where it copies app.ini", 1],
    ]);
    expect(alone.model.uwsgi.apps[0]!.unreadConfigs).toEqual([]);
    const deployed = project({ ...files, "k8s/app.yaml": DEPLOYMENT("[]").replace(`          command: ["uwsgi"]\n          args: []\n`, ""), "dev.ini": "[uwsgi]\nhttp-socket = :5000\n" });
    expect(deployed.model.uwsgi.apps.map((app) => [app.ini?.path, app.container?.name, app.configs.length])).toEqual([
      ["app.ini", "app", 1],
      ["dev.ini", undefined, 1],
    ]);
  });

  it("links an ini that args alone name, for the image's ENTRYPOINT", () => {
    const argsOnly = DEPLOYMENT(`["--ini", "/app/app.ini"]`).replace(`          command: ["uwsgi"]\n`, "");
    const { model } = project({ "k8s/app.yaml": argsOnly, "app.ini": "[uwsgi]\nhttp-socket = :9090\n" });
    expect(model.uwsgi.apps.map((app) => [app.link, app.startDir])).toEqual([
      ["linked to Deployment web/app (k8s/app.yaml), container app: its args name app.ini (--ini /app/app.ini)", "/app"],
    ]);
    expect(values(model.uwsgi.apps[0]!)).toEqual(["command:ini=/app/app.ini", "ini:http-socket=:9090"]);
    // Arguments of some other program are not read as uWSGI's.
    const other = DEPLOYMENT(`["--config", "/app/app.ini"]`).replace(`          command: ["uwsgi"]\n`, "");
    expect(project({ "k8s/app.yaml": other, "app.ini": "[uwsgi]\nhttp-socket = :9090\n" }).model.uwsgi.apps.map((app) => app.container)).toEqual([undefined]);
  });

  it("tells same-named inis apart by the directory an absolute path names", () => {
    const containers = ["web", "api"].map((name) => `        - {name: ${name}, image: registry.nersc.gov/m1/${name}:1.0, command: [uwsgi, --ini, /${name}/app.ini]}\n`).join("");
    const { model } = project({
      "k8s/d.yaml": `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: site, namespace: web}\nspec:\n  template:\n    spec:\n      containers:\n${containers}`,
      "web/app.ini": "[uwsgi]\nhttp-socket = :8080\n",
      "api/app.ini": "[uwsgi]\nhttp-socket = :8081\n",
    });
    expect(model.uwsgi.apps.map((app) => [app.ini?.path, app.container?.name])).toEqual([["api/app.ini", "api"], ["web/app.ini", "web"]]);
  });

  it("makes an app of a container whose command line and environment alone configure uWSGI", () => {
    const image = "FROM python\nWORKDIR /app\nCOPY . /app\n";
    const { model } = project({
      "k8s/app.yaml": DEPLOYMENT(`["--master", "--http-socket", ":9090", "--module", "app:application"]`, "          env: [{name: UWSGI_UID, value: \"81234\"}]\n"),
      "k8s/Dockerfile": image,
      "k8s/app.py": "app = 1\n",
    });
    const [app] = model.uwsgi.apps;
    expect(model.uwsgi.apps).toHaveLength(1);
    expect([app!.ini, app!.container?.name, app!.startDir]).toEqual([undefined, "app", "/app"]);
    expect(values(app!)).toEqual(["env:uid=81234", "command:master=1", "command:http-socket=:9090", "command:module=app:application"]);
    expect(app!.entries[0]!.code?.callable).toEqual({ status: "missing", why: "nowhere" });
    expect(model.uwsgi.notes).toEqual(["Deployment web/app (k8s/app.yaml), container app: runs uWSGI configured by its command line and environment alone; uWSGI starts in /app"]);
    // A command that loads a config, or names no app, is not such an app.
    for (const args of [`["--ini", "/etc/uwsgi.ini", "--module", "app"]`, `["--master"]`]) {
      expect(project({ "k8s/app.yaml": DEPLOYMENT(args), "k8s/Dockerfile": image, "k8s/app.py": "app = 1\n" }).model.uwsgi.apps).toEqual([]);
    }
  });

  it("finds the module of a command-line app in the directory a Dockerfile copies single files into", () => {
    const files = (copy: string) => ({
      "k8s/app.yaml": DEPLOYMENT(`["--master", "--http-socket", ":9090", "--module", "app:application"]`),
      "k8s/Dockerfile": `FROM python\nWORKDIR /app\n${copy}\n`,
      "k8s/app.py": "app = 1\n",
      "k8s/util.py": "",
    });
    const resolved = (copy: string) => project(files(copy)).model.uwsgi.apps[0]!.entries[0]!;
    for (const copy of ["COPY app.py util.py /app/", "COPY app.py /app/", "COPY app.py /app/app.py"]) {
      const entry = resolved(copy);
      expect(entry.resolution.status, copy).toBe("found");
      expect(entry.code?.callable, copy).toEqual({ status: "missing", why: "nowhere" });
    }
    // Nothing copied: the image's, which the linter cannot see.
    expect(resolved("RUN true").resolution.status).toBe("unverifiable");
  });

  it("checks an app the command line or UWSGI_* variables configure as an ini's app, on the lines that set it", () => {
    const lint = (args: string, env = "") => {
      const dir = project({
        "k8s/app.yaml": `${DEPLOYMENT(args, env)}          ports: [{containerPort: 8080}]\n`,
        "k8s/Dockerfile": "FROM python\nWORKDIR /app\nCOPY . /app\n",
        "k8s/app.py": "from flask import Flask\napp = Flask(__name__)\n",
      }).dir;
      const rules = ["uwsgi/callable-not-found", "k8s/port-chain", "uwsgi/need-app", "uwsgi/die-on-term", "uwsgi/module-not-found", "spin/user-in-command"];
      return lintDirectory(dir).diagnostics.filter((d) => rules.includes(d.ruleId)).map((d) => `${d.line}:${d.column} ${d.ruleId}`);
    };
    expect(lint(`["--master", "--http-socket", ":9090", "--module", "app:application"]`)).toEqual([
      "10:21 uwsgi/need-app", "11:19 uwsgi/die-on-term", "11:47 k8s/port-chain", "11:68 uwsgi/callable-not-found",
    ]);
    const env = "          env:\n            - {name: UWSGI_MODULE, value: \"app:application\"}\n            - {name: UWSGI_HTTP_SOCKET, value: \":9090\"}\n";
    expect(lint("[]", env)).toEqual(["10:21 uwsgi/need-app", "14:43 uwsgi/callable-not-found", "15:48 k8s/port-chain"]);
    // uWSGI applies UWSGI_UID as --uid (2.0.21 as root: "setuid() to 12345").
    const uid = "          env: [{name: UWSGI_UID, value: \"81234\"}]\n";
    expect(lint(`["--master", "--die-on-term", "--need-app", "--http-socket", ":8080", "--module", "app:app"]`, uid)).toEqual(["13:17 spin/user-in-command"]);
    expect(lint(`["--master", "--die-on-term", "--need-app", "--http-socket", ":8080", "--module", "app:app"]`)).toEqual([]);
    // A ConfigMap or Secret in envFrom may set UWSGI_NEED_APP and UWSGI_DIE_ON_TERM: nothing to say about them.
    const envFrom = "          envFrom: [{configMapRef: {name: uwsgi-options}}]\n";
    expect(lint(`["--master", "--http-socket", ":8080", "--module", "app:app"]`, envFrom)).toEqual([]);
  });

  it("links each of many same-named inis to the manifest nearest it", () => {
    const files: Record<string, string> = {};
    for (const name of ["alpha", "beta", "gamma"]) {
      files[`apps/${name}/deploy.yaml`] = DEPLOYMENT(`["--ini", "app.ini"]`).replace("name: app, namespace: web", `name: ${name}, namespace: web`);
      files[`apps/${name}/app.ini`] = "[uwsgi]\nmodule = app\n";
    }
    const { model } = project(files);
    expect(model.uwsgi.apps.map((app) => [app.ini?.path, app.container?.workload.object.name])).toEqual([
      ["apps/alpha/app.ini", "alpha"], ["apps/beta/app.ini", "beta"], ["apps/gamma/app.ini", "gamma"],
    ]);
  });

  it("leaves as run-time dynamic a placeholder that would expand thousands of placeholders, each level naming the next many times", () => {
    const levels = Array.from({ length: 9 }, (_, level) => `v${level + 1} = ${`%(v${level})`.repeat(6)}`);
    const { model } = project({ "app.ini": ["[uwsgi]", "v0 =", ...levels, "module = app%(v9)", "chdir = %(v2)"].join("\n") });
    const setting = (key: string) => model.uwsgi.apps[0]!.settings.find((candidate) => candidate.key === key)!;
    expect([setting("module").value, setting("module").dynamic]).toEqual(["app%(v9)", true]);
    expect([setting("chdir").value, setting("chdir").dynamic]).toEqual(["", false]);
  });

  it("stops reading includes that fan out level after level, and says the rest was not read", () => {
    const files: Record<string, string> = { "app.ini": `[uwsgi]\nmodule = app\n${"ini = inc0.ini\n".repeat(4)}` };
    for (let level = 0; level < 8; level++) files[`inc${level}.ini`] = `[uwsgi]\n${`ini = inc${level + 1}.ini\n`.repeat(4)}`;
    files["inc8.ini"] = "[uwsgi]\nmaster = true\n";
    const app = project(files).model.uwsgi.apps.find((candidate) => candidate.ini?.path === "app.ini")!;
    expect(app.configs.length).toBe(256);
    expect(app.unreadConfigs.length).toBeGreaterThan(0);
    expect(app.unreadConfigs.every((config) => !config.missing)).toBe(true);
  });

  it("reads an ini that includes itself once per include chain, as far as uWSGI gets", () => {
    const { model } = project({ "app.ini": "[uwsgi]\nini = b.ini\nmodule = app\n", "b.ini": "[uwsgi]\nini = app.ini\nmaster = true\n" });
    const app = model.uwsgi.apps.find((candidate) => candidate.ini?.path === "app.ini")!;
    expect(values(app)).toEqual(["ini:ini=b.ini", "ini:ini=app.ini", "ini:master=true", "ini:module=app"]);
  });
});
