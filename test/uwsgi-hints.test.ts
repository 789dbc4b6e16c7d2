// Hints tell the user what to write where the mistake is written: the ini section the app is
// read from, and an option spelt as the command line or the environment spells it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, webDeployment } from "./helpers.js";

const FLASK_APP = 'from flask import Flask\n\napp = Flask(__name__)\n';

function deployment(containerLines: string): string {
  return webDeployment(`      containers:
        - name: web
          image: registry.nersc.gov/m4321/web:1.0.0
          workingDir: /app
${containerLines}
          securityContext:
            runAsUser: 81234
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
`);
}

/** Lints a project of the given files and returns `line:column rule hint` of each finding. */
function hints(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "nw-lint-hints-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const run = runCli([".", "--format", "json"], { cwd: dir });
  const report = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; column: number; ruleId: string; hint?: string }[] };
  return report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.hint ?? ""}`);
}

describe("hints", () => {
  it("name the section an `--ini file:section` reads", () => {
    expect(
      hints({
        "app.yaml": deployment('          command: ["uwsgi", "--ini", "/app/app.ini:prod"]'),
        "app.ini": "[prod]\nmodule = app:app\nmaster = true\nhttp-socket = :8080\ndie-on-term = true\n",
        "app.py": FLASK_APP,
      }),
    ).toEqual(["app.ini:1:1 uwsgi/need-app add need-app = true under [prod]"]);
  });

  it("spell the app as the command line or the environment names it", () => {
    const ini = "[uwsgi]\nmaster = true\nhttp-socket = :8080\ndie-on-term = true\nneed-app = true\n";
    expect(
      hints({
        "app.yaml": deployment('          command: ["uwsgi", "--ini", "app.ini", "--module", "app:application"]'),
        "app.ini": ini,
        "app.py": FLASK_APP,
      }),
    ).toEqual(["app.yaml:17:62 uwsgi/callable-not-found write --module app:app"]);
    expect(
      hints({
        "app.yaml": deployment('          command: ["uwsgi", "--ini", "app.ini"]\n          env: [{name: UWSGI_MODULE, value: "app:application"}]'),
        "app.ini": ini,
        "app.py": FLASK_APP,
      }),
    ).toEqual(["app.yaml:18:45 uwsgi/callable-not-found write UWSGI_MODULE=app:app"]);
  });

  it("say where to turn die-on-term on: beside master, on the command line or in the environment", () => {
    const dieOnTerm = (lines: string[]) => lines.filter((line) => line.includes("uwsgi/die-on-term"));
    const files = (command: string, ini: string) => ({ "app.yaml": deployment(command), "app.ini": ini, "app.py": FLASK_APP });
    const ini = "[uwsgi]\nmodule = app:app\nhttp-socket = :8080\nneed-app = true\n";
    expect(dieOnTerm(hints(files('          command: ["uwsgi", "--ini", "app.ini", "--master"]', ini)))).toEqual(["app.yaml:17:51 uwsgi/die-on-term add --die-on-term to the uwsgi command"]);
    expect(dieOnTerm(hints(files('          command: ["uwsgi", "--ini", "app.ini"]', `${ini}master = true\n`)))).toEqual(["app.ini:5:1 uwsgi/die-on-term add die-on-term = true"]);
  });

  it("say where a missing directory must come from: the start directory for a relative chdir, the image for an absolute one", () => {
    const chdir = (value: string) =>
      hints({
        "app.yaml": deployment('          command: ["uwsgi", "--ini", "/app/app.ini"]'),
        "app.ini": `[uwsgi]\nchdir = ${value}\nmodule = app:app\nhttp-socket = :8080\nneed-app = true\n`,
        "app.py": FLASK_APP,
        Dockerfile: "FROM python:3.11-slim\nWORKDIR /app\nCOPY . /app\n",
      });
    expect(chdir("src")).toEqual(["app.ini:2:9 uwsgi/module-not-found chdir is relative to the directory uWSGI starts in (/app)"]);
    expect(chdir("/app/src")).toEqual(["app.ini:2:9 uwsgi/module-not-found the image must hold it: COPY it there in the Dockerfile, or mount a volume at it"]);
  });
});
