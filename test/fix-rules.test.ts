// The cases of each rule's fix that its fixture does not show: where it must give up, and the
// less common shapes it must handle. Each runs the whole fix loop with only that rule enabled.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../rules/index.js";
import { DEFAULT_SETTINGS, withRuleOverrides } from "../src/engine/config.js";
import { fixFiles } from "../src/engine/fix.js";
import { lint } from "../src/engine/lint.js";
import { createSourceFile } from "../src/engine/source.js";
import type { FixApplicability } from "../src/engine/types.js";
import { runCli } from "./helpers.js";

function fixed(ruleId: string, lines: readonly string[], applicability: FixApplicability = "safe", writablePaths: readonly string[] = []): string {
  const only = withRuleOverrides(DEFAULT_SETTINGS, new Map(allRules.filter((rule) => rule.meta.id !== ruleId).map((rule) => [rule.meta.id, "off"])));
  const settings = { ...only, writablePaths };
  const file = createSourceFile("a.yaml", undefined, lines.join("\n"), "yaml");
  const run = fixFiles([file], (files) => lint({ files, settings, rules: allRules }), applicability);
  return run.changes[0]?.fixed.text ?? file.text;
}

const pod = (...spec: string[]) => ["apiVersion: v1", "kind: Pod", "metadata:", "  name: p", "spec:", ...spec, ""];

describe("k8s/security-context-placement", () => {
  const id = "k8s/security-context-placement";

  it("moves a container-only field from the pod into every container", () => {
    const text = pod(
      "  securityContext:",
      "    runAsUser: 1000",
      "    allowPrivilegeEscalation: false",
      "  containers:",
      "    - name: a",
      "    - name: b",
      "      securityContext: {runAsUser: 1000}",
    );
    expect(fixed(id, text)).toBe(
      pod(
        "  securityContext:",
        "    runAsUser: 1000",
        "  containers:",
        "    - name: a",
        "      securityContext:",
        "        allowPrivilegeEscalation: false",
        "    - name: b",
        "      securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false}",
      ).join("\n"),
    );
  });

  it("moves capabilities into a container that may run as root only with --fix-unsafe, as spin/capabilities-drop-all drops ALL there", () => {
    const podWith = (...containers: string[]) => pod("  securityContext:", "    fsGroup: 1000", "    capabilities: {drop: [ALL]}", "  containers:", ...containers);
    const moved = (...containers: string[]) => pod("  securityContext:", "    fsGroup: 1000", "  containers:", ...containers).join("\n");
    const rootAndUser = podWith("    - name: chown", "      securityContext: {}", "    - name: app", "      securityContext: {runAsUser: 1000}");
    expect(fixed(id, rootAndUser)).toBe(rootAndUser.join("\n"));
    expect(fixed(id, rootAndUser, "unsafe")).toBe(
      moved("    - name: chown", "      securityContext: {capabilities: {drop: [ALL]}}", "    - name: app", "      securityContext: {runAsUser: 1000, capabilities: {drop: [ALL]}}"),
    );
    const users = podWith("    - name: app", "      securityContext: {runAsNonRoot: true}");
    expect(fixed(id, users)).toBe(moved("    - name: app", "      securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}"));
  });

  it("removes a container securityContext left empty by the move", () => {
    const text = pod("  containers:", "    - name: a", "      securityContext:", "        fsGroup: 60100", "      image: x");
    expect(fixed(id, text)).toBe(pod("  containers:", "    - name: a", "      image: x", "  securityContext:", "    fsGroup: 60100").join("\n"));
  });

  it("does nothing when the target already holds another value", () => {
    const text = pod("  runAsUser: 1000", "  securityContext:", "    runAsUser: 2000", "  containers:", "    - name: a");
    expect(fixed(id, text)).toBe(text.join("\n"));
  });

  it("only deletes a misplaced field whose value the target already holds", () => {
    const text = pod("  containers:", "    - name: a", "      runAsUser: 1000  # duplicate", "      securityContext:", "        runAsUser: 1000");
    expect(fixed(id, text)).toBe(pod("  containers:", "    - name: a", "      securityContext:", "        runAsUser: 1000").join("\n"));
  });
});

describe("k8s/schema", () => {
  const ingress = (...hosts: string[]) => ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata:", "  name: web", "spec:", "  rules:", ...hosts.map((host) => `    - host: ${host}`), ""];

  it("writes an Ingress host lower-case without its trailing dot with --fix, in its own quotes", () => {
    expect(fixed("k8s/schema", ingress("Web.Example.org", "'web.example.org.'"))).toBe(ingress("web.example.org", "'web.example.org'").join("\n"));
  });

  it("leaves a host alone when lower case without the dot would still be refused", () => {
    const text = ingress("Web_App.example.org", "10.0.0.1", "*.*.example.org");
    expect(fixed("k8s/schema", text, "unsafe")).toBe(text.join("\n"));
  });

  const capabilities = (drop: string, add = "[]") => pod("  containers:", "    - name: a", "      image: x", "      securityContext:", "        capabilities:", `          drop: ${drop}`, `          add: ${add}`);

  it("writes a string where a list of strings is required as a one-item list, only with --fix-unsafe", () => {
    expect(fixed("k8s/schema", capabilities("ALL"))).toBe(capabilities("ALL").join("\n"));
    expect(fixed("k8s/schema", capabilities("ALL", '"NET_BIND_SERVICE"'), "unsafe")).toBe(capabilities("[ALL]", "[NET_BIND_SERVICE]").join("\n"));
  });

  it("writes a block scalar command or args as a list of its words, keeping the line break before the next key", () => {
    const block = (...lines: string[]) => pod("  containers:", "    - name: a", "      image: x", ...lines, "      workingDir: /srv");
    const text = block("      command: >", "        uwsgi --ini /srv/app.ini", "      args: |", "        --master", "        --processes 4", "");
    expect(fixed("k8s/schema", text, "unsafe")).toBe(block('      command: [uwsgi, "--ini", /srv/app.ini]', '      args: ["--master", "--processes", "4"]', "").join("\n"));
  });

  it("does not wrap a value whose one-item list the schema still refuses", () => {
    const text = pod("  containers: web");
    expect(fixed("k8s/schema", text, "unsafe")).toBe(text.join("\n"));
  });
});

describe("spin/user-in-command", () => {
  const id = "spin/user-in-command";
  const container = (...lines: string[]) => pod("  containers:", "    - name: a", ...lines);

  it("moves --uid N from a flow command list into runAsUser, only with --fix-unsafe", () => {
    const text = container('      command: ["uwsgi", "--uid", "1000", "--ini", "app.ini"]');
    expect(fixed(id, text)).toBe(text.join("\n"));
    expect(fixed(id, text, "unsafe")).toBe(container('      command: ["uwsgi", "--ini", "app.ini"]', "      securityContext:", "        runAsUser: 1000").join("\n"));
  });

  it("gives up on names, repeated options and a securityContext that says otherwise", () => {
    for (const text of [
      container("      args: [uwsgi, --uid, app]"),
      container("      args: [uwsgi, --uid, '1000', --uid, '2000']"),
      container("      args: [uwsgi, --uid=1000]", "      securityContext: {runAsUser: 2000}"),
      container("      command: [uwsgi, --uid]", "      args: ['1000']"),
      container("      command: [sh, -c, uwsgi --uid 1000]"),
    ]) {
      expect(fixed(id, text, "unsafe")).toBe(text.join("\n"));
    }
  });

  it("only removes the option when the securityContext already sets the same id", () => {
    const text = container("      args: [uwsgi, --gid=60100]", "      securityContext: {runAsGroup: 60100}");
    expect(fixed(id, text, "unsafe")).toBe(container("      args: [uwsgi]", "      securityContext: {runAsGroup: 60100}").join("\n"));
  });
});

describe("uwsgi/callable-not-found", () => {
  const id = "uwsgi/callable-not-found";
  /** app.ini as --fix-unsafe (or --fix) leaves it beside app.py, with only this rule on. */
  const fixedIni = (ini: readonly string[], python: readonly string[], flag = "--fix-unsafe", others: Record<string, string> = {}): string => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-callable-fix-"));
    writeFileSync(join(directory, "app.ini"), ini.join("\n"));
    writeFileSync(join(directory, "app.py"), python.join("\n"));
    for (const [name, text] of Object.entries(others)) writeFileSync(join(directory, name), text);
    runCli([flag, ".", ...allRules.filter((rule) => rule.meta.id !== id).flatMap((rule) => ["--rule", `${rule.meta.id}=off`])], { cwd: directory });
    return readFileSync(join(directory, "app.ini"), "utf8");
  };
  const flask = ["from flask import Flask", "server = Flask(__name__)", ""];
  const factory = ["from flask import Flask", "def make():", "    return Flask(__name__)", ""];

  it("names the one Flask app in the callable part of module, or in callable", () => {
    expect(fixedIni(["[uwsgi]", "module = app:application", ""], flask)).toBe("[uwsgi]\nmodule = app:server\n");
    expect(fixedIni(["[uwsgi]", "module = app", "callable = application", ""], flask)).toBe("[uwsgi]\nmodule = app\ncallable = server\n");
    expect(fixedIni(["[uwsgi]", "module = app:application", ""], flask, "--fix")).toBe("[uwsgi]\nmodule = app:application\n");
  });

  it("calls the factory that builds the app where the callable is named: module's callable part, or callable (callable = make(), fixture factory-callable-option)", () => {
    expect(fixedIni(["[uwsgi]", "module = app", ""], factory)).toBe("[uwsgi]\nmodule = app:make()\n");
    expect(fixedIni(["[uwsgi]", "module = app", "callable = application", ""], factory)).toBe("[uwsgi]\nmodule = app\ncallable = make()\n");
    // The app bound only inside the factory that returns it (the bundled example's skymap.py).
    const wrapped = ["from flask import Flask", "def create_app():", "    app = Flask(__name__)", "    return app", ""];
    expect(fixedIni(["[uwsgi]", "module = app", "callable = app", ""], wrapped)).toBe("[uwsgi]\nmodule = app\ncallable = create_app()\n");
    expect(fixedIni(["[uwsgi]", "module = app:app", ""], wrapped)).toBe("[uwsgi]\nmodule = app:create_app()\n");
  });

  it("writes the app's name into an empty callable, after the colon or after callable = with a space", () => {
    expect(fixedIni(["[uwsgi]", "module = app:", ""], flask)).toBe("[uwsgi]\nmodule = app:server\n");
    expect(fixedIni(["[uwsgi]", "module = app", "callable =", ""], flask)).toBe("[uwsgi]\nmodule = app\ncallable = server\n");
  });

  it("renames no callable other entries share", () => {
    const ini = ["[uwsgi]", "mount = /a=app.py", "mount = /b=other.py", ""];
    expect(fixedIni(ini, flask, "--fix-unsafe", { "other.py": "application = object()\n" })).toBe(ini.join("\n"));
    expect(fixedIni(["[uwsgi]", "mount = /a=app.py", ""], flask)).toBe("[uwsgi]\nmount = /a=app.py\ncallable = server\n");
  });

  it("edits no value it cannot write back as read: quoted, or from a magic variable", () => {
    expect(fixedIni(["[uwsgi]", "module = app", 'callable = "application"', ""], flask)).toBe('[uwsgi]\nmodule = app\ncallable = "application"\n');
    expect(fixedIni(["[uwsgi]", "module = %n:application", ""], flask)).toBe("[uwsgi]\nmodule = %n:application\n");
  });
});

describe("uwsgi/need-app and uwsgi/die-on-term", () => {
  /** app.ini as --fix leaves it, with only `ruleId` on, and what a second run reports. */
  const fixedIni = (ruleId: string, ini: readonly string[], others: Record<string, string> = {}): { text: string; after: string } => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-flag-fix-"));
    writeFileSync(join(directory, "app.ini"), ini.join("\n"));
    for (const [name, text] of Object.entries(others)) writeFileSync(join(directory, name), text);
    writeFileSync(join(directory, "app.py"), "from flask import Flask\napp = Flask(__name__)\n");
    const only = allRules.filter((rule) => rule.meta.id !== ruleId).flatMap((rule) => ["--rule", `${rule.meta.id}=off`]);
    runCli(["--fix", ".", ...only], { cwd: directory });
    return { text: readFileSync(join(directory, "app.ini"), "utf8"), after: runCli([".", ...only], { cwd: directory }).stdout };
  };

  it("turn on the line that turned the option off, since the last setting wins", () => {
    expect(fixedIni("uwsgi/need-app", ["[uwsgi]", "module = app:app", "need-app = false", "http-socket = :8080", ""])).toEqual({
      text: "[uwsgi]\nmodule = app:app\nneed-app = true\nhttp-socket = :8080\n",
      after: "✔ no problems (2 files checked)\n",
    });
    expect(fixedIni("uwsgi/die-on-term", ["[uwsgi]", "module = app:app", "die-on-term = no", "master = 1", ""])).toEqual({
      text: "[uwsgi]\nmodule = app:app\ndie-on-term = true\nmaster = 1\n",
      after: "✔ no problems (2 files checked)\n",
    });
  });

  it("add a line over the environment, read first, and change nothing where the command line turns it off after the ini", () => {
    const ini = ["[uwsgi]", "module = app:app", ""];
    const image = (line: string) => `FROM python:3.11\nWORKDIR /app\nCOPY . /app\n${line}\nCMD ["uwsgi", "--ini", "app.ini"]\n`;
    expect(fixedIni("uwsgi/need-app", ini, { Dockerfile: image("ENV UWSGI_NEED_APP=false") })).toEqual({
      text: "[uwsgi]\nneed-app = true\nmodule = app:app\n",
      after: "✔ no problems (3 files checked)\n",
    });
    const master = ["[uwsgi]", "module = app:app", "master = true", ""];
    const dieOff = 'FROM python:3.11\nWORKDIR /app\nCOPY . /app\nCMD ["uwsgi", "--ini", "app.ini", "--set", "die-on-term=false"]\n';
    expect(fixedIni("uwsgi/die-on-term", master, { Dockerfile: dieOff }).text).toBe(master.join("\n"));
  });
});

describe("spin/capabilities-drop-all", () => {
  const id = "spin/capabilities-drop-all";
  const container = (securityContext: string) => pod("  containers:", "    - name: init", "      image: busybox", `      securityContext: ${securityContext}`);

  it("drops ALL with --fix for a container that runs as a non-root user, which holds no capabilities anyway", () => {
    for (const context of ["{runAsUser: 1000}", "{runAsNonRoot: true}"]) {
      expect(fixed(id, container(context))).toBe(container(`{${context.slice(1, -1)}, capabilities: {drop: [ALL]}}`).join("\n"));
    }
  });

  it("writes the list where drop is empty", () => {
    const empty = (drop: string) => pod("  containers:", "    - name: a", "      image: x", "      securityContext:", "        runAsUser: 1000", "        capabilities:", `          drop:${drop}`);
    expect(fixed(id, empty(""))).toBe(empty(" [ALL]").join("\n"));
    expect(fixed(id, empty(" # none yet"))).toBe(empty(" [ALL] # none yet").join("\n"));
  });

  it("leaves a container that may run as root to --fix-unsafe: root may need a capability back (chown needs CHOWN)", () => {
    for (const context of ["{}", "{runAsUser: 0}"]) {
      expect(fixed(id, container(context))).toBe(container(context).join("\n"));
      expect(fixed(id, container(context), "unsafe")).not.toBe(container(context).join("\n"));
    }
  });

  it("adds nothing to a drop list an alias shares with another container, which may run as root", () => {
    const shared = pod(
      "  containers:",
      "    - name: a",
      "      securityContext:",
      "        runAsUser: 1000",
      "        capabilities:",
      "          drop: &caps [NET_RAW]",
      "    - name: b",
      "      securityContext:",
      "        capabilities:",
      "          drop: *caps",
    );
    expect(fixed(id, shared, "unsafe")).toBe(shared.join("\n"));
  });
});

describe("spin/privileged", () => {
  const id = "spin/privileged";
  const context = (...lines: string[]) => pod("  securityContext: {runAsUser: 1000}", "  containers:", "    - name: a", "      securityContext:", ...lines);

  it("adds allowPrivilegeEscalation: false once the container is no longer privileged", () => {
    expect(fixed(id, context("        privileged: true"))).toBe(context("        privileged: false", "        allowPrivilegeEscalation: false").join("\n"));
  });

  it("adds no allowPrivilegeEscalation: false beside a privileged: true that stays, which the API server would refuse", () => {
    for (const text of [
      context("        privileged: &yes true", "        readOnlyRootFilesystem: *yes"),
      context("        # nw-lint-disable-next-line spin/privileged -- debug pod", "        privileged: true"),
    ]) {
      expect(fixed(id, text, "unsafe")).toBe(text.join("\n"));
    }
  });
});

describe("spin/capabilities-add-forbidden", () => {
  const id = "spin/capabilities-add-forbidden";
  const withAdd = (...add: string[]) => pod("  containers:", "    - name: a", "      securityContext:", "        capabilities:", "          drop: [ALL]", ...add);

  it("spells an allowed capability as Kubernetes does, and removes a forbidden one only when unsafe fixes are asked for", () => {
    const text = withAdd("          add:", "            - sys_admin", "            - cap_chown");
    expect(fixed(id, text)).toBe(withAdd("          add:", "            - sys_admin", "            - CHOWN").join("\n"));
    expect(fixed(id, text, "unsafe")).toBe(withAdd("          add:", "            - CHOWN").join("\n"));
  });

  it("removes the add key with its last capability, rather than leave add: [] behind", () => {
    expect(fixed(id, withAdd("          add: [SYS_ADMIN, NET_RAW]"), "unsafe")).toBe(withAdd().join("\n"));
    expect(fixed(id, withAdd("          add:", "            - SYS_ADMIN"), "unsafe")).toBe(withAdd().join("\n"));
  });
});

describe("spin/static-read-only", () => {
  const id = "spin/static-read-only";
  const mounted = (mount: string, volume: string) =>
    pod("  containers:", "    - name: a", "      volumeMounts:", `        - {name: v, mountPath: /app/static${mount}}`, "  volumes:", `    - {name: v, ${volume}}`);

  it("makes a claim writable only with --fix-unsafe, in the claim and on the mount", () => {
    const text = mounted(", readOnly: true", "persistentVolumeClaim: {claimName: c, readOnly: true}");
    expect(fixed(id, text)).toBe(text.join("\n"));
    expect(fixed(id, text, "unsafe")).toBe(mounted(", readOnly: false", "persistentVolumeClaim: {claimName: c, readOnly: false}").join("\n"));
  });

  it("makes a mount writable with --fix where writablePaths says the app writes there, only with --fix-unsafe where only the /static name does", () => {
    const text = mounted(", readOnly: true", "hostPath: {path: /global/cfs/cdirs/m1/www/static}");
    const writable = mounted(", readOnly: false", "hostPath: {path: /global/cfs/cdirs/m1/www/static}").join("\n");
    expect(fixed(id, text)).toBe(text.join("\n"));
    expect(fixed(id, text, "unsafe")).toBe(writable);
    expect(fixed(id, text, "safe", ["/app/static"])).toBe(writable);
  });

  it("offers no fix for a volume type that is always read-only", () => {
    for (const volume of ["configMap: {name: c}", "secret: {secretName: s}", "downwardAPI: {}", "projected: {sources: []}"]) {
      const text = mounted(", readOnly: true", volume);
      expect(fixed(id, text, "unsafe")).toBe(text.join("\n"));
    }
  });
});

describe("fixes and YAML anchors", () => {
  it("leave alone a value an alias stands for: rewriting it would change the alias too, deleting or moving it would break it", () => {
    const shared = pod(
      "  securityContext: {runAsUser: 1000}",
      "  containers:",
      "    - name: a",
      "      securityContext:",
      "        privileged: &yes true",
      "        readOnlyRootFilesystem: *yes",
      "        allowPrivilegeEscalation: false",
    );
    expect(fixed("spin/privileged", shared)).toBe(shared.join("\n"));
    const exported = ["apiVersion: v1", "kind: Pod", "metadata:", "  name: p", "  uid: &u 5b1d2c8e", "  resourceVersion: '42'", "  labels:", "    origin: *u", "spec:", "  containers: []", ""];
    expect(fixed("k8s/export-residue", exported)).toBe(exported.filter((line) => !line.startsWith("  resourceVersion")).join("\n"));
    const placed = pod("  runAsUser: &uid 1000", "  securityContext: {fsGroup: *uid}", "  containers: []");
    expect(fixed("k8s/security-context-placement", placed)).toBe(placed.join("\n"));
  });

  it("do not move an alias to before its anchor, and still fix the same mistake elsewhere", () => {
    const podWith = (user: string) => pod("  securityContext:", "    fsGroup: 1000", "  containers:", "    - name: a", "      securityContext:", "        runAsGroup: &uid 1000", `  runAsUser: ${user}`);
    expect(fixed("k8s/security-context-placement", podWith("*uid"))).toBe(podWith("*uid").join("\n"));
    expect(fixed("k8s/security-context-placement", podWith("1000"))).toBe(
      pod("  securityContext:", "    fsGroup: 1000", "    runAsUser: 1000", "  containers:", "    - name: a", "      securityContext:", "        runAsGroup: &uid 1000").join("\n"),
    );
  });

  it("move an anchored entry when it stays before its aliases", () => {
    const containers = (a: readonly string[]) => pod("  containers:", "    - name: a", ...a, "    - name: b", "      securityContext:", "        runAsUser: *u");
    expect(fixed("k8s/security-context-placement", containers(["      runAsUser: &u 95089", "      securityContext:", "        allowPrivilegeEscalation: false"]))).toBe(
      containers(["      securityContext:", "        allowPrivilegeEscalation: false", "        runAsUser: &u 95089"]).join("\n"),
    );
  });

  it("move an anchored entry into a flow securityContext with its anchor", () => {
    const podWith = (...context: string[]) => pod(...context, "  containers:", "    - name: a", "      securityContext: {runAsUser: *uid}");
    expect(fixed("k8s/security-context-placement", podWith("  runAsUser: &uid 95089", "  securityContext: {fsGroup: 95089}"))).toBe(
      podWith("  securityContext: {fsGroup: 95089, runAsUser: &uid 95089}").join("\n"),
    );
  });

  it("leave alone a secret's mode that a configMap volume shares through an alias", () => {
    const shared = pod(
      "  containers: []",
      "  volumes:",
      "    - name: creds",
      "      secret: {secretName: creds, defaultMode: &mode 0644}",
      "    - name: conf",
      "      configMap: {name: conf, defaultMode: *mode}",
    );
    expect(fixed("spin/secret-mode", shared, "unsafe")).toBe(shared.join("\n"));
  });

  it("still fix a value beside an anchor, and an anchored value nothing refers to", () => {
    const context = (privileged: string) => pod("  containers:", "    - name: a", "      securityContext:", `        privileged: ${privileged}`, "        allowPrivilegeEscalation: false");
    expect(fixed("spin/privileged", context("&p true"))).toBe(context("&p false").join("\n"));
  });
});
