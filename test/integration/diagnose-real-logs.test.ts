// Real logs judge `nw-lint diagnose`: for every fixture app the real uWSGI, gunicorn or uvicorn
// fails to start (verdict.json), the server's own log, fed to the built CLI with `--lint` on the
// fixture, shows a known symptom, and among the rules that symptom names, one of the rules the
// verdict says explain the failure fires in the fixture.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers.js';
import { gunicornAvailable, runGunicorn, uvicornAvailable } from './gunicorn-harness.js';
import { fixtureDockerfile, readCommand } from './gunicorn-lint.js';
import { readUwsgiFixtures, UWSGI_FIXTURES } from './uwsgi-fixtures.js';
import { runUwsgi, uwsgiAvailable } from './uwsgi-harness.js';

const GUNICORN_FIXTURES = new URL('../../fixtures/apps/gunicorn/', import.meta.url).pathname;

interface DiagnoseReport {
  readonly symptoms: readonly {
    readonly id: string;
    readonly lines: readonly { readonly line: number; readonly text: string }[];
    readonly rules: readonly { readonly id: string; readonly diagnostics?: readonly unknown[] }[];
  }[];
}

interface Diagnosis {
  readonly status: number | null;
  readonly report?: DiagnoseReport;
  readonly stderr: string;
}

/** `nw-lint diagnose - --lint PATH --format json` with `log` on stdin, run by the built CLI from `cwd`. */
function diagnoseLog(log: string, cwd: string, lintPath: string): Promise<Diagnosis> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'diagnose', '-', '--lint', lintPath, '--format', 'json'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr, ...(status === 1 ? { report: JSON.parse(stdout) as DiagnoseReport } : {}) }));
    child.stdin.end(log);
  });
}

/** The rules the recognised symptoms name that fire in the linted paths. */
function firingRules(report: DiagnoseReport | undefined): string[] {
  const rules = report?.symptoms.flatMap((symptom) => symptom.rules) ?? [];
  return [...new Set(rules.filter((rule) => (rule.diagnostics?.length ?? 0) > 0).map((rule) => rule.id))].sort();
}

/** What diagnose made of `log`, for a failure message. */
function explain(log: string, diagnosis: Diagnosis): string {
  const symptoms = diagnosis.report?.symptoms.map((symptom) => `${symptom.id} (line ${symptom.lines[0]?.line}): ${symptom.rules.map((rule) => rule.id).join(', ')}`) ?? [];
  return [`diagnose exited ${diagnosis.status}${diagnosis.stderr ? `: ${diagnosis.stderr}` : ''}`, ...symptoms, '--- log ---', log].join('\n');
}

/** Diagnoses `log` against the fixture and checks it shows a symptom tied to an explaining rule that fires. */
async function expectExplained(log: string, cwd: string, lintPath: string, expectRules: readonly string[]): Promise<void> {
  const diagnosis = await diagnoseLog(log, cwd, lintPath);
  const explaining = firingRules(diagnosis.report).filter((rule) => expectRules.includes(rule));
  expect({ recognised: diagnosis.status === 1, explained: explaining.length > 0 }, explain(log, diagnosis)).toEqual({ recognised: true, explained: true });
}

/**
 * The gunicorn fixture copied with the Dockerfile that runs its command (gunicorn-lint.ts), to be
 * linted as `--lint NAME/Dockerfile`: a directory is searched only for manifests and inis.
 */
function gunicornFixtureImage(name: string): { parent: string; dir: string } {
  const parent = mkdtempSync(join(tmpdir(), 'nw-lint-diagnose-'));
  const dir = join(parent, name);
  cpSync(join(GUNICORN_FIXTURES, name), dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), fixtureDockerfile(readCommand(dir)));
  return { parent, dir };
}

const uwsgiFailures = readUwsgiFixtures().filter(({ verdict }) => !verdict.loads);
const gunicornFailures = readdirSync(GUNICORN_FIXTURES)
  .sort()
  .map((name) => ({
    name,
    command: readCommand(join(GUNICORN_FIXTURES, name)),
    verdict: JSON.parse(readFileSync(join(GUNICORN_FIXTURES, name, 'verdict.json'), 'utf8')) as { boots: boolean; expectRules: string[] },
  }))
  .filter(({ verdict }) => !verdict.boots);

describe('the failing fixtures', () => {
  it('are many', () => {
    expect(uwsgiFailures.length).toBeGreaterThanOrEqual(80);
    expect(gunicornFailures.length).toBeGreaterThanOrEqual(20);
  });
});

describe.runIf(uwsgiAvailable())('diagnose explains real uWSGI logs', () => {
  it.concurrent.each(uwsgiFailures)('$name', async ({ name, dir, verdict }) => {
    const run = await runUwsgi(dir, verdict.run);
    await expectExplained(run.log, UWSGI_FIXTURES, name, verdict.expectRules);
  }, 30_000);
});

const available = { gunicorn: gunicornAvailable(), uvicorn: uvicornAvailable() };

describe('diagnose explains real gunicorn and uvicorn logs', () => {
  // A server that is not installed shows as skipped tests (scripts/install-integration-deps.sh installs both).
  it.concurrent.for(gunicornFailures)('$name', { timeout: 30_000 }, async ({ name, command, verdict }, { skip }) => {
    skip(!available[command.argv[0] as keyof typeof available], `${command.argv[0]} is not installed`);
    const run = await runGunicorn(join(GUNICORN_FIXTURES, name), command.argv, command.cwd);
    const image = gunicornFixtureImage(name);
    try {
      await expectExplained(run.log, image.parent, `${name}/Dockerfile`, verdict.expectRules);
    } finally {
      rmSync(image.parent, { recursive: true, force: true });
    }
  });
});
