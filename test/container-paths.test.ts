// Container and host paths compare as the directories they name, however they are written.
import { describe, expect, it } from "vitest";
import { createSourceFile } from "../src/engine/source.js";
import type { ProjectHost } from "../src/engine/types.js";
import { parseDockerfile } from "../src/languages/dockerfile/parse.js";
import { copiedPaths, locate, pathMap, putsAt } from "../src/model/container-paths.js";
import { isUnder, normalisedPath, type VolumeMount } from "../src/model/k8s.js";

describe("container paths", () => {
  it("lie under a prefix written with a doubled, dotted or trailing slash", () => {
    const underHomes = (path: string) => isUnder(normalisedPath(path), normalisedPath("/global/homes/"));
    expect(["/global//homes/x", "/global/homes/", "/global/./homes/x/", "/global/cfs/../homes"].map(underHomes)).toEqual([true, true, true, true]);
    expect(underHomes("/global/homesick")).toBe(false);
    expect(isUnder(normalisedPath("/app"), normalisedPath("//"))).toBe(true);
  });

  it("are located in the repository and on volumes as written", () => {
    const mount = { mountPath: "/srv/data/", normalisedMountPath: "/srv/data" } as VolumeMount;
    const paths = pathMap([{ container: "/app/", repo: "/repo//web/" }], [mount]);
    expect(locate(paths, "/app//pkg/")).toEqual({ containerPath: "/app//pkg/", repoPath: "/repo/web/pkg", volume: undefined, paths });
    expect(locate(paths, "/srv/data//x").volume).toBe(mount);
  });
});

/** A build context at /ctx holding these files (and their directories). */
function contextHost(files: readonly string[]): ProjectHost {
  const paths = files.map((file) => `/ctx/${file}`);
  const directories = new Set(paths.flatMap((path) => path.split("/").slice(1, -1).map((_, index, parts) => `/${parts.slice(0, index + 1).join("/")}`)));
  return {
    readFile: () => undefined,
    kind: (path) => (paths.includes(path) ? "file" : directories.has(path) ? "directory" : "absent"),
    entries: (directory) => [...new Set([...paths, ...directories].filter((path) => path.startsWith(`${directory}/`)).map((path) => path.slice(directory.length + 1).split("/")[0]!))],
  };
}

const image = (text: string) => parseDockerfile(createSourceFile("Dockerfile", "/ctx/Dockerfile", `FROM python:3.12\n${text}`, "dockerfile"));

describe("what a COPY puts where", () => {
  const host = contextHost(["Dockerfile", "app.py", "run.sh", "docker/a.sh", "docker/b.sh", "docker/c.txt", "src/web/app.py"]);
  const landed = (text: string) => copiedPaths(image(text), host).map(({ repo, container, orInside }) => [repo, container, orInside]);

  it("puts a file in a destination directory by name, and at a destination with no `/` that may also be a directory of the base image", () => {
    expect(landed("COPY run.sh /usr/local/bin/\nCOPY run.sh /start\nCOPY app.py run.sh /srv")).toEqual([
      ["/ctx/run.sh", "/usr/local/bin/run.sh", undefined],
      ["/ctx/run.sh", "/start", "/start/run.sh"],
      ["/ctx/app.py", "/srv/app.py", undefined],
      ["/ctx/run.sh", "/srv/run.sh", undefined],
    ]);
  });

  it("fills the destination with a directory's contents, and puts a file in a directory an earlier COPY made", () => {
    expect(landed("COPY src /app\nCOPY app.py /app")).toEqual([["/ctx/src", "/app", undefined], ["/ctx/app.py", "/app/app.py", undefined]]);
  });

  it("expands a glob source in the build context as Go's filepath.Match does", () => {
    expect(landed("COPY docker/*.sh /bin/")).toEqual([["/ctx/docker/a.sh", "/bin/a.sh", undefined], ["/ctx/docker/b.sh", "/bin/b.sh", undefined]]);
    expect(landed("COPY docker/[^a]?sh /entry")).toEqual([["/ctx/docker/b.sh", "/entry", "/entry/b.sh"]]);
    expect(landed("COPY */*.txt /notes/")).toEqual([["/ctx/docker/c.txt", "/notes/c.txt", undefined]]);
    expect(landed("COPY docker/[ab.sh /x/")).toEqual([]);
  });

  it("puts a heredoc's file at the destination, or in it by the heredoc's name", () => {
    const copies = (text: string) => copiedPaths(image(text), host).map(({ container, written }) => [container, written?.text]);
    expect(copies("COPY <<EOF /app/wsgi.py\napp = 1\nEOF\n")).toEqual([["/app/wsgi.py", "app = 1"]]);
    expect(copies("COPY <<a.ini <<b.ini /etc/\n[a]\na.ini\n[b]\nb.ini\n")).toEqual([["/etc/a.ini", "[a]"], ["/etc/b.ini", "[b]"]]);
  });

  it("says a file is at a container path only where a COPY puts it", () => {
    const at = (text: string, file: string, containerPath: string) => putsAt(file, containerPath, { container: undefined, dockerfile: image(text) }, host);
    expect(at("COPY run.sh /start/", "/ctx/run.sh", "/start")).toBe(false);
    expect(at("COPY run.sh /start/", "/ctx/run.sh", "/start/run.sh")).toBe(true);
    expect(at("COPY run.sh /usr/local/bin", "/ctx/run.sh", "/usr/local/bin/run.sh")).toBe(true);
    expect(at("COPY src /app", "/ctx/src/web/app.py", "/app/web/app.py")).toBe(true);
    expect(at("COPY docker/*.sh /", "/ctx/docker/b.sh", "/b.sh")).toBe(true);
  });
});
