// Keeps the fixture verdicts honest: each verdict.json records what the real uWSGI did with
// its app, and this suite reruns uWSGI to confirm it still does exactly that.
import { describe, expect, it } from 'vitest';
import { readUwsgiFixtures } from './uwsgi-fixtures.js';
import { runUwsgi, uwsgiAvailable } from './uwsgi-harness.js';

// RULES.md section 3, plus the ini's uid/gid from section 2.
const LOADING_RULES = new Set([
  'uwsgi/ini-syntax', 'uwsgi/quoted-value', 'uwsgi/inline-comment', 'uwsgi/magic-variable',
  'uwsgi/no-app', 'uwsgi/module-not-found', 'uwsgi/callable-not-found', 'uwsgi/callable-ignored',
  'uwsgi/duplicate-option', 'uwsgi/unknown-option', 'uwsgi/need-app', 'uwsgi/die-on-term',
  'app/argv-mismatch', 'python/syntax', 'app/import-fails', 'uwsgi/uid-gid-option',
]);

const fixtures = readUwsgiFixtures();

describe('uWSGI fixture verdicts', () => {
  it('cover the loading shapes', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(45);
  });

  it.each(fixtures)('$name names an explaining rule exactly when it fails', ({ verdict }) => {
    expect(verdict.expectRules.length > 0).toBe(!verdict.loads);
    for (const rule of verdict.expectRules) expect(LOADING_RULES).toContain(rule);
  });
});

describe.runIf(uwsgiAvailable())('real uWSGI still does what the verdicts record', () => {
  it.concurrent.each(fixtures)('$name', async ({ dir, verdict }) => {
    const run = await runUwsgi(dir, verdict.run);
    expect({ loads: run.loads, exitCode: run.exitCode }, run.log).toEqual({
      loads: verdict.loads,
      exitCode: verdict.exitCode,
    });
    for (const line of verdict.log) expect(run.log).toContain(line);
  }, 20_000);
});
