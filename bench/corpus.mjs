// Locates the shared benchmark tools and generates (once) the corpora the benchmarks use.
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const cli = join(projectRoot, "dist", "cli", "main.cjs");

/** The directory with gen-corpus.mjs and parse-only.mjs (`--shared DIR`, default ../shared/bench). */
export function sharedBench(argv) {
  const index = argv.indexOf("--shared");
  const dir = resolve(projectRoot, index >= 0 ? argv[index + 1] : "../shared/bench");
  if (!existsSync(join(dir, "gen-corpus.mjs"))) {
    console.error(`bench: no gen-corpus.mjs in ${dir} (pass --shared DIR)`);
    process.exit(2);
  }
  return dir;
}

/** Generates the default-layout corpus of `n` apps under bench/.corpus (kept between runs). */
export function corpus(shared, n) {
  const dir = join(projectRoot, "bench", ".corpus", `n${n}`);
  if (!existsSync(join(dir, "MANIFEST.json"))) {
    rmSync(`${dir}-halves`, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const run = spawnSync(process.execPath, [join(shared, "gen-corpus.mjs"), dir, String(n)], { stdio: "inherit" });
    if (run.status !== 0) process.exit(2);
  }
  return dir;
}

/**
 * The corpus's apps in two halves, `a` and `b` (the first and the last half, by name), as hard
 * links under bench/.corpus: for parsing it on two cores, one half on each.
 */
export function halves(dir) {
  const root = `${dir}-halves`;
  if (!existsSync(root)) {
    // Built aside and renamed: an interrupted bench leaves no half-made halves behind.
    const building = `${root}.partial`;
    rmSync(building, { recursive: true, force: true });
    const apps = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    apps.forEach((app, index) => {
      const target = join(building, index < apps.length / 2 ? "a" : "b", app);
      mkdirSync(target, { recursive: true });
      for (const file of readdirSync(join(dir, app))) linkSync(join(dir, app, file), join(target, file));
    });
    renameSync(building, root);
  }
  return [join(root, "a"), join(root, "b")];
}
