// Which container writes a static directory two containers of a pod share: the app's mount must
// be writable; a web server beside it may read the same volume read-only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintDirectory } from "./helpers.js";

function pod(appReadOnly: boolean, nginxReadOnly: boolean): string {
  const mount = (path: string, readOnly: boolean) => `          volumeMounts: [{name: static, mountPath: ${path}${readOnly ? ", readOnly: true" : ""}}]`;
  const securityContext = "          securityContext: {runAsUser: 81234, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}";
  return [
    "apiVersion: v1", "kind: Pod", "metadata: {name: gallery, namespace: demo}", "spec:", "  containers:",
    "    - name: app", "      image: registry.nersc.gov/m4321/gallery:1.0.0",
    '      command: ["uwsgi", "--master", "--die-on-term", "--need-app", "--http-socket", ":8080", "--module", "app:app"]',
    securityContext.slice(4), mount("/app/static", appReadOnly).slice(4),
    "    - name: nginx", "      image: registry.nersc.gov/m4321/gallery-nginx:1.0.0",
    securityContext.slice(4), mount("/usr/share/nginx/html/static", nginxReadOnly).slice(4),
    "  volumes: [{name: static, emptyDir: {}}]", "",
  ].join("\n");
}

const readOnlyStatic = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "nw-lint-storage-"));
  writeFileSync(join(dir, "pod.yaml"), text);
  return lintDirectory(dir).diagnostics.filter((d) => d.ruleId === "spin/static-read-only").map((d) => `${d.line}:${d.column} ${d.object?.container}`);
};

describe("a static directory two containers share", () => {
  it("must be writable in the container that runs the app, whatever the other does", () => {
    expect(readOnlyStatic(pod(true, false))).toEqual(["10:61 app"]);
    expect(readOnlyStatic(pod(true, true))).toEqual(["10:61 app"]);
  });

  it("may be read-only in a web server beside the app that writes it", () => {
    expect(readOnlyStatic(pod(false, true))).toEqual([]);
  });

  it("is the other container's to write when neither runs a known app and one is a web server's image", () => {
    const unknownApp = (nginxImage: string) => pod(true, true).replace(/      command: .*\n/, "").replace("registry.nersc.gov/m4321/gallery-nginx:1.0.0", nginxImage);
    expect(readOnlyStatic(unknownApp("nginxinc/nginx-unprivileged:1.25"))).toEqual(["9:61 app"]);
    expect(readOnlyStatic(unknownApp("httpd:2.4"))).toEqual(["9:61 app"]);
    expect(readOnlyStatic(unknownApp("registry.nersc.gov/m4321/gallery-nginx:1.0.0"))).toEqual(["9:61 app", "13:78 nginx"]);
  });
});
