// A deterministic corpus like the benchmark's (docs/performance.md: Rancher-style apps of a Deployment,
// Services, an Ingress, app.ini and app.py per directory), small enough for npm test, with what
// makes splitting the work hard: apps of one namespace in different directories whose Services
// select each other's pods, duplicate objects, multi-document files, a List, suppressions,
// syntax errors, and namespaces written where a text scan does not see them (shared/).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const NAMESPACES = ["desi-web", "lsst-apps", "jgi-portal", "atlas-dev", "nmdc-prod", "ncem-science"];
const NAMES = ["viewer", "api", "browser", "monitor"];

/** A small linear congruential generator: the corpus is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function writeCorpus(dir: string, apps: number): void {
  const next = random(20261125);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  // Services kept apart from the apps, in flow style: only the parsed model says which namespace
  // (and so which apps' pods) each one belongs to.
  mkdirSync(join(dir, "shared"), { recursive: true });
  NAMESPACES.forEach((namespace, n) => {
    const name = NAMES[n % NAMES.length]!;
    writeFileSync(
      join(dir, "shared", `${namespace}.yaml`),
      `{apiVersion: v1, kind: Service, metadata: {name: ${name}-shared, namespace: ${namespace}}, spec: {ports: [{port: 80, targetPort: 9999}], selector: {workload.user.cattle.io/workloadselector: apps.deployment-${namespace}-${name}}}}\n`,
    );
  });
  for (let i = 0; i < apps; i++) {
    const app = join(dir, `app${String(i).padStart(4, "0")}`);
    mkdirSync(app, { recursive: true });
    const namespace = pick(NAMESPACES);
    const name = pick(NAMES);
    const port = next() < 0.7 ? 5000 : 8080;
    const selector = `apps.deployment-${namespace}-${name}`;
    const drop = next() < 0.1 ? "[NET_RAW]" : "[ALL]";
    const add = next() < 0.1 ? "[SYS_ADMIN]" : "[NET_BIND_SERVICE]";
    const tag = next() < 0.2 ? "latest" : `v1.${i % 7}.0`;
    const args = next() < 0.1 ? `["--ini", "/app/app.ini", "--uid", "${10000 + i}"]` : `["--ini", "/app/app.ini"]`;
    const suppress = next() < 0.1 ? "          # nw-lint-disable-next-line spin/image-tag -- pinned by digest upstream\n" : "";
    const staticReadOnly = next() < 0.1;
    writeFileSync(
      join(app, "deployment.yaml"),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    field.cattle.io/creatorId: u-${i}
  labels:
    workload.user.cattle.io/workloadselector: ${selector}
  name: ${name}
  namespace: ${namespace}
  resourceVersion: "${1000 + i}"
spec:
  selector:
    matchLabels:
      workload.user.cattle.io/workloadselector: ${selector}
  template:
    metadata:
      labels:
        workload.user.cattle.io/workloadselector: ${selector}
    spec:
      containers:
        - args: ${args}
          command: ["uwsgi"]
${suppress}          image: registry.nersc.gov/m${i % 5}/${name}:${tag}
          name: ${name}
          ports:
            - containerPort: ${port}
              name: http${port}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              add: ${add}
              drop: ${drop}
            runAsNonRoot: true
            runAsUser: ${10000 + i}
          volumeMounts:
            - mountPath: /app/static
              name: static${staticReadOnly ? "\n              readOnly: true" : ""}
      securityContext:
        fsGroup: ${50000 + i}
      volumes:
        - hostPath:
            path: /global/cfs/cdirs/m${i % 5}/${name}/static
            type: Directory
          name: static
`,
    );
    const targetPort = next() < 0.15 ? 8000 : port;
    const lb = next() < 0.2;
    // Every fifth app writes its Service's metadata in flow style, where the namespace guess misses it.
    const metadata = i % 5 === 4 ? `metadata: {name: ${name}, namespace: ${namespace}}` : `metadata:\n  name: ${name}\n  namespace: ${namespace}`;
    writeFileSync(
      join(app, "service.yaml"),
      `apiVersion: v1
kind: Service
${metadata}
spec:
  ports:
    - name: http${port}
      port: 8080
      targetPort: ${targetPort}
  selector:
    workload.user.cattle.io/workloadselector: ${selector}
${lb ? `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-lb\n  namespace: ${namespace}\nspec:\n  ports:\n    - port: ${port}\n      targetPort: ${port}\n  selector:\n    workload.user.cattle.io/workloadselector: ${selector}\n  type: LoadBalancer\n` : ""}`,
    );
    const host = next() < 0.15 ? `${name}.example.org` : `${name}.${namespace}.development.svc.spin.nersc.org`;
    writeFileSync(
      join(app, "ingress.yaml"),
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
    nw-lint.io/ignore: "${next() < 0.1 ? "spin/ingress-host" : "k8s/placeholder"}"
spec:
  rules:
    - host: ${host}
      http:
        paths:
          - backend:
              service:
                name: ${next() < 0.05 ? "missing" : name}
                port:
                  number: 8080
            path: /
            pathType: Prefix
`,
    );
    writeFileSync(join(app, "app.ini"), `[uwsgi]\n# nw-lint-disable-next-line uwsgi/uid-gid-option\nmodule = app:app\nhttp-socket = :${port}\n${next() < 0.15 ? "uid = 1000\n" : ""}`);
    writeFileSync(join(app, "app.py"), `from flask import Flask\n\napp = Flask(__name__)\n`);
    if (i % 17 === 3) writeFileSync(join(app, "copy.yaml"), `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: {app: x}\n`);
    if (i % 23 === 5) writeFileSync(join(app, "broken.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n`);
    if (i % 31 === 11) {
      // A compose service running uWSGI with an ini beside it: a link between two files no namespace covers.
      mkdirSync(join(app, "compose"));
      writeFileSync(join(app, "compose", "docker-compose.yml"), "services:\n  app:\n    image: registry.nersc.gov/m1/app:1.0\n    entrypoint: uwsgi\n    command: [--ini, uwsgi.ini, --pyargv, 'webapp -i ./static']\n");
      writeFileSync(join(app, "compose", "uwsgi.ini"), "[uwsgi]\nmodule = web:app\nneed-app = true\n");
      writeFileSync(join(app, "compose", "web.py"), "import argparse\nfrom flask import Flask\nparser = argparse.ArgumentParser()\nparser.add_argument('-i', required=True)\nargs = parser.parse_args()\napp = Flask(__name__)\n");
    }
    if (i % 29 === 7) {
      writeFileSync(
        join(app, "list.yaml"),
        `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: ${name}-config\n      namespace: ${pick(NAMESPACES)}\n    data: {a: "1"}\n`,
      );
    }
  }
}

/**
 * Apps each in a namespace of its own, as a pre-commit run names them. A third load `app.py`
 * beside their ini; a third a module of a package below it (`web/main.py`); a third keep the
 * manifest and ini in `conf/` and `chdir` up to the package, so which module they load is known
 * only once the model has read the ini; their modules are long, so that batches packed largest
 * first put them apart from their apps. Every module holds a suppression its app uses.
 */
export function writeModuleApps(dir: string, apps: number): void {
  for (let i = 0; i < apps; i++) {
    const app = join(dir, `app${String(i).padStart(4, "0")}`);
    const layout = (["beside", "below", "above"] as const)[i % 3]!;
    const config = layout === "above" ? join(app, "conf") : app;
    mkdirSync(config, { recursive: true });
    mkdirSync(join(app, "web"), { recursive: true });
    writeFileSync(
      join(config, "deployment.yaml"),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: team-${i}
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: registry.nersc.gov/m${i}/app:1.${i}
          command: [uwsgi, --ini, /app/${layout === "above" ? "conf/" : ""}app.ini]
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
            runAsNonRoot: true
            runAsUser: ${10000 + i}
`,
    );
    const module = layout === "beside" ? "app" : "web.main";
    writeFileSync(join(config, "app.ini"), `[uwsgi]\n${layout === "above" ? "chdir = /app\n" : ""}module = ${module}:app\nhttp-socket = :8080\nneed-app = true\n`);
    writeFileSync(join(app, "web", "__init__.py"), "");
    writeFileSync(
      join(app, `${module.replace(".", "/")}.py`),
      `${layout === "above" ? `"""${"routes and views ".repeat(200)}"""\n` : ""}from flask import Flask\n\napp = Flask(__name__)\n# nw-lint-disable-next-line app/import-fails -- the image also runs it alone\napp.run()\n`,
    );
  }
}
