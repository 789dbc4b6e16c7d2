#!/usr/bin/env node
// npm run bench [-- --reps N --shared DIR]: measures, in one run, alternating commands over
// several repetitions and taking medians (to the millisecond): `node -e 0`; nw-lint on one small file;
// parse-only.mjs (the floor) and nw-lint (JSON output) on the N=200 and N=2000 corpora; and, for
// context, parsing the N=2000 corpus's Python alone (python-parse-only.mjs), and both parsers on
// two cores, each core parsing the YAML and the Python of half the apps: what merely parsing all
// nw-lint reads takes when it is shared out evenly, as nw-lint's workers share it.
// Prints the ratios and peak RSS and writes them to bench/results/latest.json.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { cli, corpus, halves, projectRoot, sharedBench } from "./corpus.mjs";

const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf("--reps") + 1]) || 5;
const shared = sharedBench(argv);
const corpora = { n200: corpus(shared, 200), n2000: corpus(shared, 2000) };
const rssPrefix = join(tmpdir(), `nw-lint-rss-${process.pid}`);
const rssPreload = join(projectRoot, "bench", "report-rss.cjs");

const parseOnly = (dir) => [join(shared, "parse-only.mjs"), dir];
const pythonParseOnly = (dir) => [join(projectRoot, "bench", "python-parse-only.mjs"), dir];
/**
 * Each measurement: lanes started at once and timed until all end; a lane runs its node
 * processes (their arguments to node) one after the other.
 */
const commands = {
  "node -e 0": [[["-e", "0"]]],
  "nw-lint one file": [[[cli, join(corpora.n200, "app00001", "deployment.yaml"), "--format", "json"]]],
  "parse-only N=200": [[parseOnly(corpora.n200)]],
  "nw-lint N=200": [[[cli, corpora.n200, "--format", "json"]]],
  "parse-only N=2000": [[parseOnly(corpora.n2000)]],
  "Python parse-only N=2000": [[pythonParseOnly(corpora.n2000)]],
  "both parsers on two cores N=2000": halves(corpora.n2000).map((half) => [parseOnly(half), pythonParseOnly(half)]),
  "nw-lint N=2000": [[[cli, corpora.n2000, "--format", "json"]]],
};

// One run of the short commands takes about a tenth of a second, and such runs vary by more than
// the difference measured: each repetition runs them, alternating, several times.
const SHORT_RUNS = 5;
const schedule = [...Array.from({ length: SHORT_RUNS }, () => ["node -e 0", "nw-lint one file"]).flat(), ...Object.keys(commands).slice(2)];

const loadBefore = loadavg()[0];
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, { seconds: [], rssMB: [] }]));
for (let rep = 0; rep < reps; rep++) {
  for (const name of schedule) {
    const lanes = commands[name].map((processes, lane) => ({ processes, rssFile: `${rssPrefix}-${lane}` }));
    const start = process.hrtime.bigint();
    await Promise.all(lanes.map(async (lane) => {
      for (const args of lane.processes) await run(name, args, lane.rssFile);
    }));
    samples[name].seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    // Lanes run at once are resident at once: the peaks of the lanes add up.
    const lanePeaks = lanes.map((lane) => Math.max(...readFileSync(lane.rssFile, "utf8").trim().split("\n").map(Number)));
    for (const lane of lanes) rmSync(lane.rssFile);
    samples[name].rssMB.push(lanePeaks.reduce((sum, peak) => sum + peak, 0) / 1024);
  }
  process.stderr.write(`bench: repetition ${rep + 1}/${reps} done\n`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = Object.fromEntries(Object.entries(samples).map(([name, { seconds }]) => [name, median(seconds)]));
const results = Object.fromEntries(
  Object.entries(samples).map(([name, { seconds, rssMB }]) => [name, { runs: seconds.length, medianSeconds: round(medians[name], 3), peakRssMB: round(Math.max(...rssMB)) }]),
);
// Of the medians as measured, not as printed: 0.06 s could be anything from 55 to 65 ms.
const ratio = (a, b) => round(medians[a] / medians[b]);
const ratios = {
  "one file / node -e 0": ratio("nw-lint one file", "node -e 0"),
  "N=200 / parse-only": ratio("nw-lint N=200", "parse-only N=200"),
  "N=2000 / parse-only": ratio("nw-lint N=2000", "parse-only N=2000"),
  "N=2000 / N=200": ratio("nw-lint N=2000", "nw-lint N=200"),
  // Not a target: how nw-lint compares with parsing, one file after the other, all it must parse.
  "N=2000 / (parse-only + Python parse-only)": round(medians["nw-lint N=2000"] / (medians["parse-only N=2000"] + medians["Python parse-only N=2000"])),
  // Not a target: the same on two cores, shared out evenly, the floor of a linter that parses both on two threads.
  "N=2000 / both parsers on two cores": ratio("nw-lint N=2000", "both parsers on two cores N=2000"),
};
// Other processes on the machine slow every measurement down: the load average says how busy it was.
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGB: round(totalmem() / 2 ** 30), node: process.version, load: [round(loadBefore), round(loadavg()[0])] };
const report = { date: new Date().toISOString(), reps, machine, results, ratios };

mkdirSync(join(projectRoot, "bench", "results"), { recursive: true });
writeFileSync(join(projectRoot, "bench", "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`| measurement | runs | median s | peak RSS MB |\n|---|---|---|---|`);
for (const [name, value] of Object.entries(results)) console.log(`| ${name} | ${value.runs} | ${value.medianSeconds} | ${value.peakRssMB} |`);
console.log(`\n| ratio | value |\n|---|---|`);
for (const [name, value] of Object.entries(ratios)) console.log(`| ${name} | ${value} |`);
console.log(`\n${reps} repetitions, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, load average ${machine.load.join(" → ")}`);

/** Runs node with `args` (its peak RSS appended to rssFile); a status other than 0 or 1 (findings) fails the bench. */
function run(name, args, rssFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", rssPreload, ...args], {
      cwd: projectRoot,
      env: { ...process.env, NW_LINT_RSS_FILE: rssFile, PERF_WORK: projectRoot, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => (status === 0 || status === 1 ? resolve() : reject(new Error(`${name} failed (${status}): ${stderr}`))));
  });
}

function round(value, decimals = 2) {
  return Math.round(value * 10 ** decimals) / 10 ** decimals;
}
