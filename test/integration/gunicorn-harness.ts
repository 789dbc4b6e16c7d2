// Runs Debian's real gunicorn (or uvicorn) on a fixture app and reports whether it booted.
// The server runs in a temporary copy of the fixture, bound to a free loopback port, with
// one worker, a hard timeout, and its whole process group killed afterwards.

import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServerRun {
  /** The worker imported the app and answered an HTTP request; no load failure was logged. */
  readonly boots: boolean;
  /** The server's exit code, or null when it was still running and had to be killed. */
  readonly exitCode: number | null;
  /** HTTP status of `GET /` once booted (a factory named without `()` boots but answers 500). */
  readonly status: number | null;
  /** Everything the server wrote to stdout and stderr. */
  readonly log: string;
}

interface Server {
  readonly binary: string;
  /** Options that choose where to listen; the command's own are dropped. */
  readonly bindOptions: readonly string[];
  readonly bindArgs: (port: number) => string[];
  readonly failureLines: readonly string[];
  readonly failureCodes: readonly number[];
}

const SERVERS: Record<"gunicorn" | "uvicorn", Server> = {
  gunicorn: {
    binary: "/usr/bin/gunicorn",
    bindOptions: ["-b", "--bind"],
    bindArgs: (port: number) => ["--bind", `127.0.0.1:${port}`, "--workers", "1"],
    // arbiter.py: exit 3 is WORKER_BOOT_ERROR, exit 4 is APP_LOAD_ERROR.
    failureLines: ["App failed to load", "Worker failed to boot"],
    failureCodes: [3, 4],
  },
  uvicorn: {
    binary: "/usr/bin/uvicorn",
    bindOptions: ["--host", "--port"],
    bindArgs: (port: number) => ["--host", "127.0.0.1", "--port", String(port), "--workers", "1"],
    failureLines: ["Error loading ASGI app"],
    // main.py: exit 1 when the import fails, 3 (STARTUP_FAILURE) when the server never started.
    failureCodes: [1, 3],
  },
};

const TIMEOUT_MS = 6000;
const POLL_MS = 100;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function gunicornAvailable(): boolean {
  return executable(SERVERS.gunicorn.binary);
}

export function uvicornAvailable(): boolean {
  return executable(SERVERS.uvicorn.binary);
}

/** Drops the command's own bind options (`--bind X`, `--bind=X`, `-bX`) so that we choose the address. */
function withoutBindOptions(args: readonly string[], options: readonly string[]): string[] {
  const attached = (arg: string, option: string) => arg.startsWith(option.startsWith("--") ? `${option}=` : option);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (options.includes(arg)) i++; // and its value
    else if (!options.some((option) => attached(arg, option))) kept.push(arg);
  }
  return kept;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

function httpStatus(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `argv` (a command such as `["gunicorn", "app:app"]` or `["uvicorn", "main:app"]`) in a
 * temporary copy of `appDir`, from its subdirectory `cwd`.
 */
export async function runGunicorn(appDir: string, argv: readonly string[], cwd = "."): Promise<ServerRun> {
  const [name, ...args] = argv;
  if (name !== "gunicorn" && name !== "uvicorn") throw new Error(`not a gunicorn or uvicorn command: ${argv.join(" ")}`);
  // The free port found may be taken before the server binds it (by another test's server): then it runs again on another.
  let run: ServerRun;
  let attempts = 0;
  do run = await runOnce(name, args, appDir, cwd);
  while (PORT_TAKEN.some((line) => run.log.includes(line)) && ++attempts < 3);
  return run;
}

/** What gunicorn and uvicorn log when the port is in use. */
const PORT_TAKEN = ["Connection in use", "address already in use"];

async function runOnce(name: "gunicorn" | "uvicorn", args: readonly string[], appDir: string, cwd: string): Promise<ServerRun> {
  const server = SERVERS[name];
  const work = await mkdtemp(join(tmpdir(), "nw-lint-gunicorn-"));
  await cp(appDir, work, { recursive: true });
  const port = await freePort();
  const child = spawn(server.binary, [...withoutBindOptions(args, server.bindOptions), ...server.bindArgs(port)], {
    cwd: join(work, cwd),
    detached: true, // its own process group, so that workers die with it
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8", PYTHONDONTWRITEBYTECODE: "1", PYTHONUNBUFFERED: "1" },
  });

  let log = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
  let exitCode: number | null = null;
  let exited = false;
  const closed = new Promise<void>((resolve) =>
    child.once("close", (code) => {
      exitCode = code;
      exited = true;
      resolve();
    }),
  );

  let status: number | null = null;
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    while (!exited && status === null && Date.now() < deadline) {
      await sleep(POLL_MS);
      if (!exited) status = await httpStatus(port);
    }
  } finally {
    if (!exited) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the group is already gone
      }
      await closed;
    }
    await rm(work, { recursive: true, force: true });
  }

  const failed =
    server.failureLines.some((line) => log.includes(line)) || (exitCode !== null && server.failureCodes.includes(exitCode));
  const started = name === "uvicorn" || log.includes("Booting worker with pid");
  return { boots: started && status !== null && !failed, exitCode, status, log };
}
