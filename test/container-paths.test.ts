// Container and host paths compare as the directories they name, however they are written.
import { describe, expect, it } from "vitest";
import { locate, pathMap } from "../src/model/container-paths.js";
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
