// The uWSGI fixture apps and the verdicts recorded from running the real uWSGI on them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UwsgiRunOptions } from './uwsgi-harness.js';

export const UWSGI_FIXTURES = fileURLToPath(new URL('../../fixtures/apps/uwsgi/', import.meta.url));

export interface UwsgiVerdict {
  /** uWSGI kept running with a ready app (see runUwsgi). */
  loads: boolean;
  /** uWSGI's exit status; null when it was still running. */
  exitCode: number | null;
  why: string;
  /** The log lines that decide the verdict (empty when uWSGI exits silently). */
  log: string[];
  /** Rules that must report the failure with effect `wont-start`; empty when the app loads. */
  expectRules: string[];
  /** How the container starts uWSGI, when not plain `--ini app.ini` (see the fixture's Dockerfile). */
  run?: UwsgiRunOptions;
}

export interface UwsgiFixture {
  name: string;
  dir: string;
  verdict: UwsgiVerdict;
}

export function readUwsgiFixtures(): UwsgiFixture[] {
  return readdirSync(UWSGI_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => {
      const dir = join(UWSGI_FIXTURES, name);
      const verdict = JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')) as UwsgiVerdict;
      return { name, dir, verdict };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
