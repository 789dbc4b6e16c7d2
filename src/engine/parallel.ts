// Large inputs are linted in worker threads, one group of files at a time, with the same engine
// as a single-threaded run (docs/performance.md). Files are grouped so that no link of the
// project model crosses groups (src/model/links.ts: objects only meet within a namespace); each
// worker reads, parses, models and checks whole groups, and sends back plain diagnostics and the
// link keys it found. The keys are checked: groups that turn out to share a key are linted again
// together, so the report is the one a single thread gives, byte for byte.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { TOO_DEEP } from "../languages/k8s/parse.js";
import { guessConfigLinkKeys, guessLinkKeys, guessUwsgiLinkKeys } from "../model/links.js";
import type { AppLink, ResolvedSettings } from "./config.js";
import { RunError } from "./errors.js";
import { compareDiagnostics, identity, lint, type LintRequest } from "./lint.js";
import { compareText } from "./text.js";
import type { Diagnostic, LintReport, SourceFile } from "./types.js";

/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_MIN_FILES = 200;
/** More workers than this add memory (a V8 heap each) for little gain on this workload. */
const MAX_WORKERS = 4;
/**
 * Batches per worker: small batches balance uneven groups and keep each worker's live heap small
 * (one batch's syntax trees, about 200 KB of YAML for 12 MB of input); messages stay cheap.
 */
const BATCHES_PER_WORKER = 32;
const MIN_BATCH_CHARS = 64 * 1024;
/**
 * A worker's live data is one batch (15-20 MB on the benchmark corpus), but with V8's defaults
 * its heap grows to four times that before a full collection. These limits make V8 size the heap
 * for a small program: on N=2000 the peak resident size of the run drops from ~295 MB to
 * ~240 MB for ~8% more CPU time (docs/performance.md). A batch that outgrows them (a file of
 * hundreds of megabytes of syntax tree) is linted on the main thread instead. A worker's stack is
 * smaller than the main thread's (832 against 984 KB), so YAML nested too deeply for the main thread
 * is too deep for a worker too, and such batches are linted again on the main thread.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512, stackSizeMb: 1 };
/**
 * With a worker on every core, V8 11 (Node 20) tiers up too eagerly for this workload: every
 * worker compiles its own optimised copy of hundreds of functions on V8's background threads,
 * which then take the cores from the workers (a single-threaded N=2000 run spends 3.6 s in
 * TurboFan). A larger interrupt budget optimises only the hot functions, compiled on the worker's
 * own thread: N=2000 goes from 7.0 to 6.2 s (docs/performance.md); one thread gains nothing. For the
 * same reason each thread (the flags are the process's: the main thread too, which does little
 * meanwhile) scavenges its young generation alone rather than with helper threads, which would wait
 * for a core: 4% less (6.35 to 6.1 s). V8 12 and later tier up differently (Maglev,
 * invocation counts) and reject the first flag as unknown, on stdout, so they are left as they are.
 * Other collector flags cannot change once V8 runs (V8 aborts at the next collection).
 */
const V8_11_BUSY_CORE_FLAGS = ["--interrupt-budget=409600", "--no-concurrent-recompilation", "--no-parallel-scavenge"];

export interface ParallelOptions {
  /** Called as batches complete, with the files done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** What the engine decided, for `--verbose`. */
  readonly onNote?: (note: string) => void;
}

/** What the main thread sends a worker for each batch. */
export interface BatchRequest {
  readonly id: number;
  readonly files: readonly SourceFile[];
}

/**
 * What a worker sends back: the batch's diagnostics, the link keys of its files (path → keys), the
 * files the model read beyond the batch (Python modules, Dockerfiles) and its notes; or the error it hit.
 */
export type BatchResult =
  | {
      readonly id: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly keys: readonly (readonly [string, readonly string[]])[];
      readonly read: readonly SourceFile[];
      readonly notes: readonly string[];
    }
  | { readonly id: number; readonly error: { readonly message: string; readonly stack: string | undefined } };

/** Settings and rules every batch is linted with, passed once as `workerData`. */
export interface WorkerSetup {
  readonly settings: LintRequest["settings"];
  /** Where the model may read further files. */
  readonly tree: LintRequest["tree"];
  /** Ids of the rules to run, in order; the worker takes them from the registry. */
  readonly ruleIds: readonly string[];
}

/**
 * Lints the request, in worker threads when it is large enough (or `NW_LINT_WORKERS` asks for
 * them: a number of workers; 0 or 1 keeps one thread).
 */
export async function lintProject(request: LintRequest, options: ParallelOptions = {}): Promise<LintReport> {
  // A Dockerfile named on the command line is the image of the containers and compose services
  // near it (src/model/python-servers.ts), a link no batch key covers: such inputs stay in one piece.
  const workers = request.files.some((file) => file.language === "dockerfile") ? 1 : workerCount(request.files.length);
  const batches = workers >= 2 ? batchesOf(request.files, request.settings.apps, workers) : [];
  if (batches.length < 2) return lint(request);
  options.onNote?.(`linting ${request.files.length} files in ${batches.length} batches on ${workers} worker threads`);
  const setup: WorkerSetup = { settings: request.settings, tree: request.tree, ruleIds: request.rules.map((rule) => rule.meta.id) };
  // Loaded here: a single-threaded run never needs worker_threads.
  const [{ Worker: WorkerThread }, v8] = await Promise.all([import("node:worker_threads"), import("node:v8")]);
  if (process.versions.v8.startsWith("11.")) for (const flag of V8_11_BUSY_CORE_FLAGS) v8.setFlagsFromString(flag);
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => new WorkerThread(new URL("./worker.cjs", import.meta.url), { workerData: setup, resourceLimits: WORKER_LIMITS }));
  let results: BatchResults;
  try {
    results = await runBatches(batches, pool, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") throw error;
    options.onNote?.("a batch needed more memory than a worker thread has; linting in this thread instead");
    return lint(request);
  }
  const groups = splitGroups(batches, results);
  const grouped = new Set(groups.flat());
  for (const index of stackBound(results, batches.length)) if (!grouped.has(index)) groups.push([index]);
  for (const group of groups) {
    const files = sortedFiles(group.flatMap((index) => batches[index]!), request.files);
    const why = group.length > 1 ? "their files share a link the guess missed" : "its YAML nests deeper than a worker's stack";
    options.onNote?.(`batches ${group.join(", ")} linted again on this thread (${files.length} files): ${why}`);
    for (const index of group) results.byBatch[index] = { diagnostics: [], read: [], notes: [] };
    const report = lint({ ...request, files, settings: withAppsOf(request.settings, files), readProblems: [] });
    results.byBatch[group[0]!] = { diagnostics: report.diagnostics, read: report.files.slice(files.length), notes: report.notes ?? [] };
  }
  // Read problems, and what the model says of config apps whose ini no batch holds.
  const alone = lint({ ...request, files: [], settings: withAppsOutside(request.settings, request.files) });
  const read = new Map(results.byBatch.flatMap((batch) => batch.read.map((file) => [file.path, file] as const)));
  return {
    diagnostics: oncePerIdentity([...results.byBatch.flatMap((batch) => batch.diagnostics), ...alone.diagnostics]).sort(compareDiagnostics),
    files: [...request.files, ...[...read.values()].sort((a, b) => compareText(a.path, b.path))],
    notes: [...results.byBatch.flatMap((batch) => batch.notes), ...(alone.notes ?? [])],
  };
}

/** A file that batches of separate groups all read (the Dockerfile above them) gets its diagnostics from each: kept once, as one thread keeps them. */
function oncePerIdentity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => !seen.has(identity(diagnostic)) && seen.add(identity(diagnostic)));
}

/** The settings for linting some of the files: the config apps whose ini is among them (a batch without the ini would say it is not linted). */
export function withAppsOf(settings: ResolvedSettings, files: readonly SourceFile[]): ResolvedSettings {
  const paths = new Set(files.map((file) => file.absolutePath));
  return { ...settings, apps: settings.apps.filter((app) => paths.has(app.ini)) };
}

/** The settings with only the config apps whose ini none of the files is: the main thread says once that it is not linted. */
function withAppsOutside(settings: ResolvedSettings, files: readonly SourceFile[]): ResolvedSettings {
  const paths = new Set(files.map((file) => file.absolutePath));
  return { ...settings, apps: settings.apps.filter((app) => !paths.has(app.ini)) };
}

function workerCount(files: number): number {
  const asked = process.env.NW_LINT_WORKERS;
  if (asked !== undefined && asked !== "") {
    const count = Number(asked);
    if (!Number.isInteger(count) || count < 0) throw new RunError(`NW_LINT_WORKERS must be a whole number, not "${asked}"`);
    return count;
  }
  return files >= PARALLEL_MIN_FILES ? Math.min(availableParallelism(), MAX_WORKERS) : 1;
}

/**
 * Files in batches that keep the guessed link groups whole: files whose guessed keys meet are
 * joined (union-find), and groups are packed, largest first, into batches of about equal text.
 * Within a batch, files keep the order they were given in, as in a single run.
 */
function batchesOf(files: readonly SourceFile[], apps: readonly AppLink[], workers: number): SourceFile[][] {
  const parent = files.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const owner = new Map<string, number>();
  const uwsgiKeys = guessUwsgiLinkKeys(files);
  const configKeys = guessConfigLinkKeys(files, apps);
  files.forEach((file, index) => {
    for (const key of [...(file.language === "yaml" ? guessLinkKeys(file.text) : []), ...(uwsgiKeys.get(file) ?? []), ...(configKeys.get(file) ?? [])]) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, index);
      else parent[root(index)] = root(other);
    }
  });
  const groups = new Map<number, number[]>();
  files.forEach((_, index) => {
    const group = groups.get(root(index));
    if (group) group.push(index);
    else groups.set(root(index), [index]);
  });
  const size = (group: readonly number[]) => group.reduce((sum, index) => sum + files[index]!.text.length, 0);
  const total = files.reduce((sum, file) => sum + file.text.length, 0);
  const target = Math.max(MIN_BATCH_CHARS, total / (workers * BATCHES_PER_WORKER));
  const batches: number[][] = [];
  let current: number[] = [];
  let currentSize = 0;
  for (const [group, groupSize] of [...groups.values()].map((group) => [group, size(group)] as const).sort((a, b) => b[1] - a[1])) {
    current.push(...group);
    currentSize += groupSize;
    if (currentSize >= target) {
      batches.push(current);
      current = [];
      currentSize = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches.map((batch) => batch.sort((a, b) => a - b).map((index) => files[index]!));
}

interface BatchResults {
  /** What each batch gave, by batch index: its diagnostics, the files its model read, its notes. */
  readonly byBatch: { readonly diagnostics: readonly Diagnostic[]; readonly read: readonly SourceFile[]; readonly notes: readonly string[] }[];
  /** Link keys of each batch's files, by batch index. */
  readonly keys: (readonly (readonly [string, readonly string[]])[])[];
}

/** Runs every batch on a pool of workers, two batches in flight per worker. */
function runBatches(batches: readonly (readonly SourceFile[])[], pool: readonly Worker[], options: ParallelOptions): Promise<BatchResults> {
  const byBatch: BatchResults["byBatch"] = [];
  const keys: (readonly (readonly [string, readonly string[]])[])[] = [];
  const total = batches.reduce((sum, batch) => sum + batch.length, 0);
  let done = 0;
  let next = 0;
  let pending = batches.length;
  return new Promise((resolve, reject) => {
    // The workers are gone before the report is formatted: their heaps do not add to its peak.
    let stopped = false;
    const stop = (error?: Error) => {
      if (stopped) return;
      stopped = true;
      void Promise.all(pool.map((worker) => worker.terminate())).then(() => (error ? reject(error) : resolve({ byBatch, keys })), reject);
    };
    const send = (worker: Worker) => {
      if (next >= batches.length) return;
      const id = next++;
      worker.postMessage({ id, files: batches[id]! } satisfies BatchRequest);
    };
    for (const worker of pool) {
      worker.on("message", (result: BatchResult) => {
        if ("error" in result) {
          const error = new Error(result.error.message);
          if (result.error.stack) error.stack = result.error.stack;
          stop(error);
          return;
        }
        byBatch[result.id] = { diagnostics: result.diagnostics, read: result.read, notes: result.notes };
        keys[result.id] = result.keys;
        done += batches[result.id]!.length;
        options.onProgress?.(done, total);
        if (--pending === 0) stop();
        else send(worker);
      });
      worker.on("error", (error) => stop(error));
      worker.on("exit", (code) => {
        if (pending > 0 && code !== 0) stop(new Error(`a worker thread stopped (exit code ${code})`));
      });
      send(worker);
      send(worker);
    }
  });
}

/**
 * Sets of batches (two or more) that must be linted together: their files turned out to share a
 * link key, or the model of one read a file another holds (a Python module named on the command
 * line beside an ini of another batch), which it must see as that file, with its suppressions.
 */
function splitGroups(batches: readonly (readonly SourceFile[])[], results: BatchResults): number[][] {
  const parent = batches.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const owner = new Map<string, number>();
  const holder = new Map(batches.flatMap((files, batch) => files.map((file) => [file.path, batch] as const)));
  batches.forEach((_, batch) => {
    for (const [, fileKeys] of results.keys[batch]!) {
      for (const key of fileKeys) {
        const other = owner.get(key);
        if (other === undefined) owner.set(key, batch);
        else parent[root(batch)] = root(other);
      }
    }
    for (const file of results.byBatch[batch]!.read) {
      const other = holder.get(file.path);
      if (other !== undefined) parent[root(batch)] = root(other);
    }
  });
  const sets = new Map<number, number[]>();
  batches.forEach((_, index) => {
    const set = sets.get(root(index));
    if (set) set.push(index);
    else sets.set(root(index), [index]);
  });
  return [...sets.values()].filter((set) => set.length > 1);
}

/** Batches whose YAML ran out of stack: how far it is read depends on the thread, so the main thread reads it. */
function stackBound(results: BatchResults, count: number): number[] {
  return Array.from({ length: count }, (_, index) => index).filter((index) => results.byBatch[index]!.diagnostics.some((diagnostic) => diagnostic.message === TOO_DEEP));
}

/** `subset` in the order of `all`. */
function sortedFiles(subset: readonly SourceFile[], all: readonly SourceFile[]): SourceFile[] {
  const order = new Map(all.map((file, index) => [file.path, index]));
  return [...subset].sort((a, b) => order.get(a.path)! - order.get(b.path)!);
}
