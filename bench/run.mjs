#!/usr/bin/env node
// npm run bench [-- --reps N --shared DIR]: measures, in one run, alternating commands over
// several repetitions and taking medians: `node -e 0`; nw-lint on one small file;
// parse-only.mjs (the floor) and nw-lint (JSON output) on the N=200 and N=2000 corpora; and, for
// context, parsing the N=2000 corpus's Python alone (python-parse-only.mjs).
// Prints the ratios and peak RSS and writes them to bench/results/latest.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { cli, corpus, projectRoot, sharedBench } from "./corpus.mjs";

const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1]) || 5;
const shared = sharedBench(argv);
const corpora = { n200: corpus(shared, 200), n2000: corpus(shared, 2000) };
const rssFile = join(tmpdir(), `nw-lint-rss-${process.pid}`);
const rssPreload = join(projectRoot, "bench", "report-rss.cjs");

const commands = {
  "node -e 0": ["-e", "0"],
  "nw-lint one file": [cli, join(corpora.n200, "app00001", "deployment.yaml"), "--format", "json"],
  "parse-only N=200": [join(shared, "parse-only.mjs"), corpora.n200],
  "nw-lint N=200": [cli, corpora.n200, "--format", "json"],
  "parse-only N=2000": [join(shared, "parse-only.mjs"), corpora.n2000],
  "Python parse-only N=2000": [join(projectRoot, "bench", "python-parse-only.mjs"), corpora.n2000],
  "nw-lint N=2000": [cli, corpora.n2000, "--format", "json"],
};

const loadBefore = loadavg()[0];
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, { seconds: [], rssMB: [] }]));
for (let rep = 0; rep < reps; rep++) {
  for (const [name, args] of Object.entries(commands)) {
    rmSync(rssFile, { force: true });
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["-r", rssPreload, ...args], {
      cwd: projectRoot,
      env: { ...process.env, NW_LINT_RSS_FILE: rssFile, PERF_WORK: projectRoot, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 1 << 30,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0 && run.status !== 1) throw new Error(`${name} failed (${run.status}): ${run.stderr}`);
    samples[name].seconds.push(seconds);
    samples[name].rssMB.push(Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024);
  }
  process.stderr.write(`bench: repetition ${rep + 1}/${reps} done\n`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = Object.fromEntries(
  Object.entries(samples).map(([name, { seconds, rssMB }]) => [name, { medianSeconds: round(median(seconds)), peakRssMB: round(Math.max(...rssMB)) }]),
);
const ratio = (a, b) => round(results[a].medianSeconds / results[b].medianSeconds);
const ratios = {
  "one file / node -e 0": ratio("nw-lint one file", "node -e 0"),
  "N=200 / parse-only": ratio("nw-lint N=200", "parse-only N=200"),
  "N=2000 / parse-only": ratio("nw-lint N=2000", "parse-only N=2000"),
  "N=2000 / N=200": ratio("nw-lint N=2000", "nw-lint N=200"),
  // Not a target: how nw-lint compares with parsing, one file after the other, all it must parse.
  "N=2000 / (parse-only + Python parse-only)": round(
    results["nw-lint N=2000"].medianSeconds / (results["parse-only N=2000"].medianSeconds + results["Python parse-only N=2000"].medianSeconds),
  ),
};
// Other processes on the machine slow every measurement down: the load average says how busy it was.
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGB: round(totalmem() / 2 ** 30), node: process.version, load: [round(loadBefore), round(loadavg()[0])] };
const report = { date: new Date().toISOString(), reps, machine, results, ratios };

mkdirSync(join(projectRoot, "bench", "results"), { recursive: true });
writeFileSync(join(projectRoot, "bench", "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`| measurement | median s | peak RSS MB |\n|---|---|---|`);
for (const [name, value] of Object.entries(results)) console.log(`| ${name} | ${value.medianSeconds} | ${value.peakRssMB} |`);
console.log(`\n| ratio | value |\n|---|---|`);
for (const [name, value] of Object.entries(ratios)) console.log(`| ${name} | ${value} |`);
console.log(`\n${reps} repetitions, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, load average ${machine.load.join(" → ")}`);

function round(value) {
  return Math.round(value * 100) / 100;
}
