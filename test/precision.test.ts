// Precision on a whole repository: fixtures/repos/realistic is laid out like the public Spin
// repositories nw-lint meets (a Helm chart, compose, workflows, dev/prod copies, a Rancher
// export, a template, a committed Secret). Every diagnostic is listed here, so a rule that starts
// reporting noise on real repositories, or stops finding these mistakes, fails this test.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../src/engine/discover.js";
import { packageRoot } from "../src/engine/package.js";
import { lintDirectory } from "./helpers.js";

const REPO = join(packageRoot, "fixtures", "repos", "realistic");

describe("a realistic Spin repository", () => {
  it("gives exactly these diagnostics", () => {
    const found = lintDirectory(REPO).diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.severity}`);
    expect(found).toEqual([
      // SKYVIEW_CACHE: yes is a boolean to Kubernetes; the dev copy quotes it, and 15:10 stays a string in both.
      "deploy/prod/app.yaml:34 k8s/schema error",
      // runAsUser 51234 while Spin recorded nersc.gov/uid 95089.
      "deploy/prod/app.yaml:44 spin/uid-annotation warning",
      "deploy/prod/app.yaml:71 spin/secret-mode warning",
      // The stale Service web appended to the file; dev/ and prod/ copies are not compared.
      "deploy/prod/app.yaml:109 k8s/duplicate-object error",
      "deploy/prod/secret.yaml:9 k8s/secret-committed warning",
      "deploy/prod/secret.yaml:11 k8s/secret-encoding warning",
      // One info for the whole template; no schema error for runAsUser: <uid> or fsGroup: <project gid>.
      "deploy/template/skyview.yaml:6 k8s/placeholder info",
      "rancher-export/skyview.yaml:8 k8s/export-residue info",
      "rancher-export/skyview.yaml:14 k8s/export-residue warning",
      "rancher-export/skyview.yaml:15 k8s/export-residue warning",
      "rancher-export/skyview.yaml:109 k8s/export-residue warning",
      "rancher-export/skyview.yaml:115 k8s/export-residue warning",
      "rancher-export/skyview.yaml:116 k8s/export-residue warning",
    ]);
  });

  it("reads the manifests, the ini and the compose file, and skips the chart, the workflows and tool configs", () => {
    const { files, notes } = discover(["."], { cwd: REPO, ignore: [], maxFileSize: 1 << 20 });
    expect(files.map((file) => `${file.path} ${file.language}`)).toEqual([
      "app/app.ini uwsgi",
      "deploy/dev/app.yaml yaml",
      "deploy/prod/app.yaml yaml",
      "deploy/prod/secret.yaml yaml",
      "deploy/template/skyview.yaml yaml",
      "docker-compose.yml compose",
      "rancher-export/skyview.yaml yaml",
    ]);
    expect(notes).toEqual([
      ".github/workflows/ci.yml: skipped (CI configuration)",
      ".github/workflows/image.yml: skipped (CI configuration)",
      ".pre-commit-config.yaml: skipped (a tool's configuration)",
      "charts/skyview: skipped a Helm chart (its templates are not YAML until rendered); lint them with: helm template charts/skyview | nw-lint -",
    ]);
  });
});
