// Runs the real uWSGI (Debian's uwsgi-core with uwsgi-plugin-python3) on a fixture app: the
// judge the uWSGI loading rules are tested against.
//
// Each run works on a temporary copy of the fixture, started from the copy's root as a
// container starts from its workingDir, always with `--need-app` (before `--ini`, so an ini
// that turns it off wins) and an http-socket on a free 127.0.0.1 port. Like a Spin pod, uWSGI
// runs as a non-root user: as root, `uid`/`gid` options would succeed instead of failing. The
// run ends when uWSGI exits, when its first worker is up with the app settled, or at the
// timeout (an import that never returns); the whole process group is killed in every case.
//
// "Loads" means what a pod needs: uWSGI is still running and reported a ready app. The exit
// status matters as much as the log: a SystemExit during import (argparse errors, sys.exit())
// ends uWSGI with that status and no "unable to load app" line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UwsgiRunOptions {
  /** ini file relative to the app directory; default `app.ini`, else `uwsgi.ini`. */
  ini?: string;
  /** Arguments after `--ini`, as a container command would add them. */
  extraArgs?: string[];
  timeoutMs?: number;
  /** Start uWSGI as root (a compose service's `user: 0`) rather than as nobody: the tests must run as root. */
  asRoot?: boolean;
  /** Capabilities root starts without (`setuid`, `setgid`), as a service's `cap_drop` leaves it: taken out of the bounding set by util-linux's setpriv. */
  dropCapabilities?: string[];
}

export interface UwsgiRun {
  /** uWSGI kept running with a ready WSGI app, as a pod that starts and serves. */
  loads: boolean;
  /** uWSGI's own exit code; null when it was still running and the harness stopped it. */
  exitCode: number | null;
  log: string;
}

const UWSGI = process.env.UWSGI ?? 'uwsgi';
const PYTHON_PLUGIN = 'python3';
const DEFAULT_TIMEOUT_MS = 5000;
const NOBODY = 65534;

const APP_READY = /WSGI app \d+ \(mountpoint='[^']*'\) ready/;
const APP_FAILED = /unable to load app|\*\*\* no app loaded/;
const WORKER_SPAWNED = /spawned uWSGI worker 1 /;

let available: boolean | undefined;

export function uwsgiAvailable(): boolean {
  available ??= spawnSync(UWSGI, ['--plugin', PYTHON_PLUGIN, '--python-version'], { stdio: 'ignore' }).status === 0;
  return available;
}

export async function runUwsgi(appDir: string, opts: UwsgiRunOptions = {}): Promise<UwsgiRun> {
  const workDir = copyForUwsgi(appDir);
  try {
    const ini = opts.ini ?? defaultIni(workDir);
    // The free port found may be taken before uWSGI binds it (by another test's server): then it runs again on another.
    let run: { exitCode: number | null; log: string };
    let attempts = 0;
    do {
      const port = await freeLoopbackPort();
      const args = [
        '--plugin', PYTHON_PLUGIN,
        '--need-app',
        '--http-socket', `127.0.0.1:${port}`,
        '--ini', ini,
        ...(opts.extraArgs ?? []),
      ];
      run = await runUntilSettled(args, workDir, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts);
    } while (run.log.includes('bind(): Address already in use') && ++attempts < 3);
    return { loads: run.exitCode === null && APP_READY.test(run.log), ...run };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function defaultIni(dir: string): string {
  const ini = ['app.ini', 'uwsgi.ini'].find((name) => existsSync(join(dir, name)));
  if (!ini) throw new Error(`no app.ini or uwsgi.ini in ${dir}`);
  return ini;
}

function copyForUwsgi(appDir: string): string {
  const workDir = mkdtempSync(join(tmpdir(), 'nw-lint-uwsgi-'));
  cpSync(appDir, workDir, { recursive: true });
  makeWorldReadable(workDir);
  return workDir;
}

function makeWorldReadable(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) makeWorldReadable(child);
    else if (entry.isFile()) chmodSync(child, 0o644);
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const runningGroups = new Set<number>();
process.once('exit', () => runningGroups.forEach(killGroup));

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** uWSGI in a process group of its own (killed with it), as nobody when the tests run as root unless `asRoot`. */
function spawnUwsgi(args: string[], cwd: string, { asRoot = false, dropCapabilities = [] }: UwsgiRunOptions): ChildProcess {
  const root = process.getuid?.() === 0;
  if (asRoot && !root) throw new Error('this fixture starts uWSGI as root: run the integration suite as root, as CI does');
  const asNobody = root && !asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const [command, commandArgs] = dropCapabilities.length > 0
    ? ['setpriv', [`--bounding-set=${dropCapabilities.map((capability) => `-${capability}`).join(',')}`, '--', UWSGI, ...args]]
    : [UWSGI, args];
  const child: ChildProcess = spawn(command, commandArgs, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: cwd, PYTHONDONTWRITEBYTECODE: '1' },
    ...asNobody,
  });
  if (child.pid !== undefined) runningGroups.add(child.pid);
  return child;
}

function runUntilSettled(args: string[], cwd: string, timeoutMs: number, opts: UwsgiRunOptions): Promise<{ exitCode: number | null; log: string }> {
  const child = spawnUwsgi(args, cwd, opts);
  const pid = child.pid;

  return new Promise((resolve) => {
    let log = '';
    let exitCode: number | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (pid !== undefined) {
        killGroup(pid);
        runningGroups.delete(pid);
      }
      resolve({ exitCode, log });
    };
    const timer = setTimeout(settle, timeoutMs);
    const collect = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      // With lazy-apps the app loads after the worker spawns, so wait for both.
      if (WORKER_SPAWNED.test(log) && (APP_READY.test(log) || APP_FAILED.test(log))) settle();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => {
      log += `${error.message}\n`;
      settle();
    });
    child.once('exit', (code) => {
      exitCode = code;
    });
    child.once('close', settle);
  });
}

export interface UwsgiExchange {
  /** The HTTP answer, when there was one. */
  readonly status?: number;
  readonly body?: string;
  /** Why the request failed, when it did (the connection reset, no valid HTTP). */
  readonly error?: string;
  readonly log: string;
}

/**
 * Serves a copy of `appDir` with its ini, in which `address` (say `:8080`) becomes a free loopback
 * port, and sends one HTTP GET to that port once the app is ready, as Spin's nginx ingress would.
 */
export async function httpRequestTo(appDir: string, address: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<UwsgiExchange> {
  const workDir = copyForUwsgi(appDir);
  const port = await freeLoopbackPort();
  const ini = defaultIni(workDir);
  writeFileSync(join(workDir, ini), readFileSync(join(workDir, ini), 'utf8').replaceAll(address, `127.0.0.1:${port}`));
  const child = spawnUwsgi(['--plugin', PYTHON_PLUGIN, '--need-app', '--ini', ini], workDir, {});
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`uWSGI did not get ready:\n${log}`)), timeoutMs);
      const collect = (chunk: Buffer) => {
        log += chunk.toString('utf8');
        if (WORKER_SPAWNED.test(log) && APP_READY.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
    });
    const answer = await new Promise<Omit<UwsgiExchange, 'log'>>((resolve) => {
      const request = httpGet({ host: '127.0.0.1', port, path: '/', timeout: timeoutMs }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('timeout', () => request.destroy(new Error('no answer')));
      request.on('error', (error) => resolve({ error: error.message }));
    });
    // uWSGI logs the request (or its complaint about it) just after answering.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { ...answer, log };
  } finally {
    if (child.pid !== undefined) {
      killGroup(child.pid);
      runningGroups.delete(child.pid);
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}
