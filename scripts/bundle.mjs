// Bundles the CLI with esbuild into dist/cli/:
// - core.cjs: all of nw-lint's code and the packages it imports, one CommonJS file from
//   src/cli/core.ts. Each part imported with import() (a formatter, a subcommand, the fix engine,
//   the worker thread's code) is evaluated only when first imported. CommonJS so that V8's code
//   cache can be used (src/cli/load-core.ts; scripts/code-cache.mjs writes dist/cli/core.bin).
// - main.cjs (`bin`) and worker.cjs: the launchers that load it, CommonJS too: an ES module entry
//   point starts Node's ES module loader, some 10 ms of a one-file run.
// Files read at run time (schemas/, package.json) are found from the package root, which
// src/engine/package.ts looks up from wherever the code runs.
//
//   node scripts/bundle.mjs        (part of npm run build)
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist", "cli");
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  define: { "import.meta.url": "__nwLintFileUrl" },
  banner: { js: 'const __nwLintFileUrl = require("node:url").pathToFileURL(__filename).href;' },
};

// yaml publishes the same code twice: CommonJS for Node (its exports' "node" condition) and ES
// modules for browsers (the "default" condition). Bundled as CommonJS, its 72 modules call each
// other through exports objects, and nw-lint calls it through esbuild's property getters; as ES
// modules esbuild joins them into one scope of plain functions, which lints a large corpus in
// less time (docs/performance.md). The two builds differ only where a browser lacks Node:
// warnings, which nw-lint turns off (logLevel "error"), and !!binary, which
// src/languages/k8s/parse.ts resolves itself, as go-yaml does.
const yamlEsModules = {
  name: "yaml-es-modules",
  setup(build) {
    const browserEntry = join(dirname(createRequire(import.meta.url).resolve("yaml/package.json")), "browser", "index.js");
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: browserEntry }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  ...common,
  entryPoints: ["src/cli/core.ts"],
  outfile: join(outdir, "core.cjs"),
  // The bundle runs as a vm.Script, which has no import(): a package or built-in module imported
  // that way is required instead.
  supported: { "dynamic-import": false },
  metafile: true,
  plugins: [yamlEsModules],
});
await build({
  ...common,
  entryPoints: { main: "src/cli/launch-cli.ts", worker: "src/engine/launch-worker.ts" },
  outdir,
  outExtension: { ".js": ".cjs" },
});
// Which source modules the bundle holds and how they import each other: test/startup.test.ts checks what is evaluated lazily with it.
writeFileSync(join(outdir, "meta.json"), JSON.stringify(metafile));
