// The user an image runs as when no runAsUser overrides it: the USER of the Dockerfile that builds it.
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import { parseDockerfile } from "../src/languages/dockerfile/parse.js";
import { imageUser } from "../src/model/dockerfiles.js";
import { lintDirectory, temporaryTree, webDeployment } from "./helpers.js";

const userOf = (text: string) => {
  const user = imageUser(parseDockerfile(createSourceFile("Dockerfile", undefined, text, "dockerfile")));
  return user && (user.uid === undefined ? { name: user.name } : { uid: user.uid });
};

describe("imageUser", () => {
  it("reads a uid, root as 0, or a name; the group after a colon does not matter", () => {
    expect(userOf("FROM python:3.11\nUSER 1000:100\n")).toEqual({ uid: 1000 });
    expect(userOf("FROM python:3.11\nUSER root\n")).toEqual({ uid: 0 });
    expect(userOf("FROM python:3.11\nUSER app:app\n")).toEqual({ name: "app" });
    expect(userOf("FROM python:3.11\nENV UID=2000\nUSER ${UID}\n")).toEqual({ uid: 2000 });
  });

  it("knows no user without USER, or when a build argument fills it in", () => {
    expect(userOf("FROM python:3.11\nCMD [\"python\"]\n")).toBeUndefined();
    expect(userOf("FROM python:3.11\nARG UID\nUSER $UID\n")).toBeUndefined();
  });
});

const deployment = (podSecurity: string, containers: string) => webDeployment(`      securityContext:
${podSecurity}
      containers:
${containers}
`, "survey");

const container = (name: string, port: number) => `        - name: ${name}
          image: registry.nersc.gov/m5678/${name}:1.0
          ports:
            - containerPort: ${port}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]`;
const webContainer = container("web", 80);

function findings(files: Record<string, string>, ruleId: string) {
  return lintDirectory(temporaryTree(files)).diagnostics
    .filter((diagnostic) => diagnostic.ruleId === ruleId)
    .map((diagnostic) => ({ at: `${diagnostic.file}:${diagnostic.line}`, message: diagnostic.message, related: diagnostic.related?.map((r) => `${r.file}:${r.line}`) }));
}

describe("spin/privileged-port and the image's user", () => {
  it("reports a port below 1024 in a container that runs as the image's non-root USER", () => {
    for (const user of ["1000", "app"]) {
      const reported = findings({
        "Dockerfile": `FROM python:3.11-slim\nUSER ${user}\n`,
        "deploy.yaml": deployment("        runAsNonRoot: true", webContainer),
      }, "spin/privileged-port");
      const phrase = user === "app" ? "user \"app\"" : "uid 1000";
      expect(reported).toEqual([{ at: "deploy.yaml:19", message: `container "web" runs as ${phrase} but listens on port 80, below 1024`, related: ["Dockerfile:2"] }]);
    }
  });

  it("reads docker build's fallback name, a lowercase dockerfile, when there is no Dockerfile", () => {
    const reported = findings({ "dockerfile": "FROM python:3.11-slim\nUSER 1000\n", "deploy.yaml": deployment("        runAsNonRoot: true", webContainer) }, "spin/privileged-port");
    expect(reported).toEqual([{ at: "deploy.yaml:19", message: 'container "web" runs as uid 1000 but listens on port 80, below 1024', related: ["dockerfile:2"] }]);
  });

  it("lets runAsUser decide over the image, and says nothing of a root image", () => {
    expect(findings({ "Dockerfile": "FROM python:3.11-slim\nUSER 1000\n", "deploy.yaml": deployment("        runAsUser: 0", webContainer) }, "spin/privileged-port")).toEqual([]);
    expect(findings({ "Dockerfile": "FROM python:3.11-slim\nUSER root\n", "deploy.yaml": deployment("        fsGroup: 100", webContainer) }, "spin/privileged-port")).toEqual([]);
  });

  it("does not take the Dockerfile for the image of one container among several that no app links to it", () => {
    const files = { "Dockerfile": "FROM python:3.11-slim\nUSER 1000\n", "deploy.yaml": deployment("        fsGroup: 100", `${webContainer}\n${container("proxy", 443)}`) };
    expect(findings(files, "spin/privileged-port")).toEqual([]);
  });
});

describe("spin/run-as-user and the image's user", () => {
  const files = (user: string) => ({ "Dockerfile": `FROM python:3.11-slim\n${user}\n`, "deploy.yaml": deployment("        runAsNonRoot: true", container("web", 8080)) });

  it("is satisfied by a numeric non-root USER, which the kubelet can verify", () => {
    expect(findings(files("USER 1000"), "spin/run-as-user")).toEqual([]);
  });

  // The finding is where the runAsUser goes (the container's securityContext); the pod's runAsNonRoot line is related.
  it("warns that a named USER cannot be verified, and that a root image is refused, with the runAsNonRoot and USER lines", () => {
    expect(findings(files("USER app"), "spin/run-as-user")).toEqual([{
      at: "deploy.yaml:20", message: "container \"web\" runs with runAsNonRoot: true but no numeric runAsUser; the kubelet cannot verify a named image user", related: ["deploy.yaml:14", "Dockerfile:2"],
    }]);
    expect(findings(files("USER root"), "spin/run-as-user")).toEqual([{
      at: "deploy.yaml:20", message: "container \"web\" runs with runAsNonRoot: true but no runAsUser, and the image runs as root", related: ["deploy.yaml:14", "Dockerfile:2"],
    }]);
  });

  it("warns as before when no Dockerfile says who the image runs as, with the runAsNonRoot line", () => {
    expect(findings({ "deploy.yaml": files("")["deploy.yaml"] }, "spin/run-as-user").map((finding) => finding.related)).toEqual([["deploy.yaml:14"]]);
  });
});
