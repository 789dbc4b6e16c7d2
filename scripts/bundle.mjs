// Bundles the CLI with esbuild into dist/cli/: the entry (main.js) and the worker thread's
// (worker.js) share the chunks of the lint path; each part loaded on demand (a formatter, a
// subcommand) is a chunk of its own. `bin` points at
// dist/cli/main.js. Files read at run time (schemas/, package.json) are found from the package
// root, which src/engine/package.ts looks up from wherever the code runs.
//
//   node scripts/bundle.mjs        (part of npm run build)
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist", "cli");

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/main.ts", "src/engine/worker.ts"],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies (yaml) call require(); in an ES module it must be made.
  banner: { js: 'import { createRequire as __nwLintCreateRequire } from "node:module"; const require = __nwLintCreateRequire(import.meta.url);' },
  metafile: true,
  logLevel: "warning",
});
// Which source modules each output holds: test/startup.test.ts checks what a run loads with it.
writeFileSync(join(outdir, "meta.json"), JSON.stringify(metafile));
