// RULES.md: one mistake gives one diagnostic. Cases where one slip used to be reported by several
// rules, or once per token that followed it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintDirectory, temporaryTree } from "./helpers.js";

function lintManifest(text: string) {
  const directory = mkdtempSync(join(tmpdir(), "nw-lint-one-mistake-"));
  writeFileSync(join(directory, "pod.yaml"), text);
  return lintDirectory(directory).diagnostics.map((d) => ({ at: `${d.line}:${d.column}`, rule: d.ruleId, fix: d.fix?.edits.map((edit) => edit.text) }));
}

const POD = `apiVersion: v1
kind: Pod
metadata: {name: archive, namespace: astro}
spec:
  securityContext: {runAsUser: 57177, fsGroup: 57177}
  containers:
    - name: archive
      image: registry.nersc.gov/m2000/archive:1.0.0
      ports:
        - containerPort: 8080
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      volumeMounts:
        - {name: archive, mountPath: /archive, readOnly: true}
  volumes:
    - {name: archive, hostPath: {path: /global/cfs/cdirs/m2000/archive, type: Directory}}
`;

describe("one mistake, one diagnostic", () => {
  it("a uWSGI socket written as a bare number behind a Service is one k8s/port-chain diagnostic, not also 'listens only on a UNIX socket'", () => {
    const service = "---\napiVersion: v1\nkind: Service\nmetadata: {name: archive, namespace: astro}\nspec:\n  selector: {app: archive}\n  ports: [{port: 80, targetPort: 8080}]\n";
    const pod = POD.replace("metadata: {name: archive, namespace: astro}", "metadata: {name: archive, namespace: astro, labels: {app: archive}}").replace("ports:", "command: [uwsgi, --ini, /srv/app.ini]\n      ports:");
    const directory = temporaryTree({ "pod.yaml": pod + service, "app.ini": "[uwsgi]\nmodule = app:app\nneed-app = true\nhttp-socket = 8080\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n" }, "nw-lint-one-mistake-");
    expect(lintDirectory(directory).diagnostics.filter((d) => d.ruleId === "k8s/port-chain").map((d) => `${d.file.split("/").at(-1)}:${d.line}:${d.column}`)).toEqual(["app.ini:4:15"]);
  });

  it("a quoted ini value is one uwsgi/quoted-value diagnostic, not also uwsgi/ini-syntax's missing config", () => {
    const directory = temporaryTree({ "app.ini": '[uwsgi]\nini = "base.ini"\nneed-app = true\n', "base.ini": "[uwsgi]\nmodule = app:app\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n" });
    const atTheValue = lintDirectory(directory).diagnostics.filter((d) => d.file.endsWith("app.ini") && !d.file.endsWith("base.ini") && d.line === 2);
    expect(atTheValue.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toEqual(["uwsgi/quoted-value 2:7"]);
  });

  it("a clean pod has none", () => {
    expect(lintManifest(POD)).toEqual([]);
  });

  it("a misspelt required field is an unknown field, renamed by the fix, not also a missing one", () => {
    expect(lintManifest(POD.replace("- containerPort: 8080", "- containerport: 8080"))).toEqual([
      { at: "10:11", rule: "k8s/schema", fix: ["containerPort"] },
    ]);
  });

  it("a removed apiVersion is one diagnostic at it, and the old Ingress's serviceName/servicePort backends still link", () => {
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: astro}\nspec:\n  ports: [{name: http, port: 80}]\n";
    const ingress = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: astro}\nspec:\n  backend: {serviceName: web, servicePort: https, bogus: 1}\n";
    expect(lintManifest(`${ingress}---\n${service}`)).toEqual([
      { at: "1:13", rule: "k8s/schema", fix: undefined },
      { at: "5:44", rule: "k8s/ingress-backend", fix: undefined },
    ]);
  });

  it("a key written twice is yaml/syntax's alone: k8s/schema checks the last value (plain y, a boolean) but would point at the first", () => {
    const metadata = "metadata: {name: archive, namespace: astro}";
    expect(lintManifest(POD.replace(metadata, "metadata:\n  name: archive\n  name: y\n  namespace: astro"))).toEqual([{ at: "5:3", rule: "yaml/syntax", fix: undefined }]);
    expect(lintManifest(POD.replace(metadata, `${metadata}\nmetadata: {name: y, namespace: astro}`))).toEqual([{ at: "4:1", rule: "yaml/syntax", fix: undefined }]);
  });

  it("a misspelt readOnly is not also a writable global file system mount", () => {
    expect(lintManifest(POD.replace("readOnly: true}", "readonly: true}"))).toEqual([{ at: "13:48", rule: "k8s/schema", fix: ["readOnly"] }]);
  });

  it("a securityContext, capabilities or drop of the wrong kind is k8s/schema's alone, not also a missing field", () => {
    const schemaOnly = (text: string) => lintManifest(text).map((found) => found.rule);
    expect(schemaOnly(POD.replace("securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}", "securityContext: [{allowPrivilegeEscalation: false}]"))).toEqual(["k8s/schema"]);
    expect(schemaOnly(POD.replace("capabilities: {drop: [ALL]}", "capabilities: [{drop: [ALL]}]"))).toEqual(["k8s/schema"]);
    expect(schemaOnly(POD.replace("drop: [ALL]", "drop: {ALL: true}"))).toEqual(["k8s/schema"]);
    expect(schemaOnly(POD.replace("securityContext: {runAsUser: 57177, fsGroup: 57177}", "securityContext: [{runAsUser: 57177}]"))).toEqual(["k8s/schema"]);
  });

  it("a quoted Service port, or a template label written as a number, is k8s/schema's alone", () => {
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: astro}\nspec:\n  selector: {matchLabels: {app: web, tier: '1'}}\n  template:\n    metadata: {labels: {app: web, tier: 1}}\n    spec:\n      containers:\n        - name: web\n          image: registry.nersc.gov/m2000/web:1.0.0\n          ports: [{containerPort: 8080}]\n          securityContext: {runAsUser: 57177, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n";
    const service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: astro}\nspec:\n  selector: {app: web}\n  ports: [{port: '8080'}]\n";
    expect(lintManifest(`${deployment}---\n${service}`)).toEqual([
      { at: "7:41", rule: "k8s/schema", fix: undefined },
      { at: "20:18", rule: "k8s/schema", fix: undefined },
    ]);
  });

  it("a stray closing brace is one syntax error, not one per token after it", () => {
    expect(lintManifest(POD.replace("namespace: astro}", "namespace: astro}}"))).toEqual([{ at: "3:44", rule: "yaml/syntax", fix: undefined }]);
  });

  it("a manifest with a syntax error is that error alone, not also every Service or Ingress missing what it holds (oxigenocc/oxigeno.cc)", () => {
    const directory = mkdtempSync(join(tmpdir(), "nw-lint-one-mistake-"));
    // Each broken file indents a key one space short.
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: django, namespace: web}\nspec:\n  selector: {matchLabels: {app: django}}\n  template:\n   metadata: {labels: {app: django}}\n    spec: {containers: [{name: django, image: registry.nersc.gov/p/django:1.0}]}\n";
    writeFileSync(join(directory, "db.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n   namespace: web\nspec: {selector: {app: db}, ports: [{port: 5432}]}\n");
    writeFileSync(join(directory, "services.yaml"), [
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: web}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      securityContext: {runAsUser: 1000}\n      containers: [{name: db, image: registry.nersc.gov/p/db:1.0, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]",
      "apiVersion: v1\nkind: Service\nmetadata: {name: django, namespace: web}\nspec: {selector: {app: django}, ports: [{port: 80}]}",
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: web}\nspec:\n  rules: [{host: site.web.production.svc.spin.nersc.org, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 5432}}}}]}}]",
      "",
    ].join("\n---\n"));
    const found = (text: string) => {
      writeFileSync(join(directory, "deployment.yaml"), text);
      return lintDirectory(directory).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`);
    };
    expect(found(deployment)).toEqual(["db.yaml:5 yaml/syntax", "deployment.yaml:8 yaml/syntax"]);
    // What no broken file mentions is still missing.
    expect(found(deployment.replace(/django/g, "flask"))).toEqual(["db.yaml:5 yaml/syntax", "deployment.yaml:8 yaml/syntax", "services.yaml:15 k8s/service-selector"]);
  });
});
