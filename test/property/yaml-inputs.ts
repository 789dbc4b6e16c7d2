// YAML for the property tests: realistic Spin manifests to damage, and hostile shapes.
import fc from "fast-check";
import { huge, mutatedSeed, nested, randomBytes, tokenSoup } from "./mutations.js";

/** "Billion laughs": each level holds `width` aliases of the one before: width^levels strings once expanded. */
export function aliasBomb(levels = 9, width = 10): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let level = 1; level <= levels; level++) lines.push(`a${level}: &a${level} [${Array(width).fill(`*a${level - 1}`).join(", ")}]`);
  return `${lines.join("\n")}\n`;
}

/** The deployment every app directory of the property tests runs: uWSGI with app.ini from /srv. */
export const DEPLOYMENT = `# A Flask app served by uWSGI on Spin
apiVersion: apps/v1
kind: Deployment
metadata:
  name: skyview
  namespace: survey
  annotations:
    field.cattle.io/description: sky tiles
spec:
  replicas: 2
  selector:
    matchLabels:
      workload.user.cattle.io/workloadselector: deployment-survey-skyview
  template:
    metadata:
      labels:
        workload.user.cattle.io/workloadselector: deployment-survey-skyview
    spec:
      securityContext:
        fsGroup: 57123
      containers:
        - name: skyview
          image: registry.nersc.gov/m1234/skyview:2.1.0
          command: ["uwsgi", "--ini", "/srv/app.ini"]
          workingDir: /srv
          env:
            - name: TILE_ROOT
              value: /srv/static
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: skyview-db, key: password}
          ports:
            - containerPort: 8080
              name: http
          securityContext:
            runAsUser: 57123
            runAsGroup: 57123
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
          volumeMounts:
            - name: tiles
              mountPath: /srv/static
              readOnly: true
      volumes:
        - name: tiles
          hostPath:
            path: /global/cfs/cdirs/m1234/skyview/tiles
            type: Directory
`;

const SEEDS = [
  DEPLOYMENT,
  `apiVersion: v1
kind: Service
metadata:
  name: skyview
  namespace: survey
spec:
  selector:
    workload.user.cattle.io/workloadselector: deployment-survey-skyview
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: skyview
  namespace: survey
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 10m
spec:
  rules:
    - host: skyview.survey.development.svc.spin.nersc.org
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: skyview, port: {number: 80}}
`,
  `# nw-lint-disable-file spin/image-tag
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: survey}
spec:
  schedule: "15 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            nw-lint.io/ignore: "spin/run-as-user"
        spec:
          restartPolicy: OnFailure
          securityContext: &pod {runAsUser: 0, fsGroup: 0}
          initContainers:
            - name: fetch
              image: registry.nersc.gov/m1234/fetch
              securityContext: *pod
              args: ['--since', "yesterday", 0400, yes, 15:10]
          containers:
            - name: build # nw-lint-disable-line spin/privileged
              image: busybox:latest
              command: [sh, -c, "su - app -c 'make tiles'"]
              securityContext:
                privileged: true
                capabilities: {add: [SYS_ADMIN, NET_RAW], drop: []}
              envFrom: [{secretRef: {name: tokens}}]
              env:
                - {name: API_TOKEN, value: "s3cr3t"}
                - name: MULTI
                  value: |
                    line one
                    line two
`,
  `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: debug}
    spec:
      hostNetwork: true
      containers:
        - {name: shell, image: "registry.nersc.gov/m1234/tools:1.0", securityContext: {capabilities: {drop: [ALL]}}}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings}
    data: {LOG_LEVEL: debug, "key with spaces": "value"}
`,
  // A JSON stream, as kubectl reads it: objects one after another, on one line and over several.
  `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "skyview", "namespace": "survey"}, "spec": {"ports": [{"port": 80, "targetPort": "http"}]}} {"kind": "ConfigMap", "data": {"a": "}]{\\"["}}
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "skyview", "namespace": "survey"},
  "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "registry.nersc.gov/m1/web:1.0", "securityContext": {"capabilities": {"add": ["NET_RAW"]}}}]}}}
}
`,
];

const TOKENS = [
  "apiVersion: apps/v1\n", "kind: Deployment\n", "kind: Pod\n", "metadata:\n", "  name: web\n", "spec:\n", "  template:\n", "    spec:\n",
  "containers:\n", "- name: web\n", "  image: registry.nersc.gov/m1/web:1.0\n", "securityContext:\n", "capabilities:\n", "drop: [ALL]\n",
  "add: [NET_RAW]\n", "runAsUser: 0\n", "privileged: true\n", "command: [uwsgi, --ini, app.ini]\n", "hostPath: {path: /global/x}\n",
  "key: ", "- ", "  ", "    ", "\t", "\n", "\r\n", "[", "]", "{", "}", ", ", ": ", "? ", "&a ", "*a", "&b ", "*b ", "<<: ", "!!str ", "!!binary ",
  "!custom ", "|", ">-", "|+2", "'", '"', "\\", "#", " # nw-lint-disable-line\n", "# nw-lint-disable-next-line spin/privileged\n",
  "---\n", "...\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "null", "~", "yes", "0x1F", "0o17", ".inf", "1e309", "2001-12-14t21:59:43.10-05:00", "é", "😀",
];

const blockNesting = fc
  .integer({ min: 1, max: 400 })
  .map((depth) => Buffer.from(`${Array.from({ length: depth }, (_, level) => `${" ".repeat(level)}a:`).join("\n")} 1\n`));

/** Every kind of YAML input the property tests feed nw-lint. */
export const yamlInput: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: mutatedSeed(SEEDS, TOKENS), weight: 12 },
  { arbitrary: tokenSoup(TOKENS), weight: 6 },
  { arbitrary: randomBytes, weight: 2 },
  { arbitrary: fc.oneof(nested("[", "]"), nested("{a: ", "}", "1"), nested("- ", "", "x"), blockNesting), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })).map(([levels, width]) => Buffer.from(`${DEPLOYMENT}---\n${aliasBomb(levels, width)}`)), weight: 1 },
  { arbitrary: fc.oneof(huge("image: "), huge('command: ["', '"]\n'), huge("value: |\n  ", "\n")), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 5_000 }).map((count) => Buffer.from("---\n".repeat(count))), weight: 1 },
);
