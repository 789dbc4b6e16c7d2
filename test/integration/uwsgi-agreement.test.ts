// nw-lint against the real uWSGI: for every fixture app, nw-lint's verdict ("the app loads" = no
// diagnostic with effect wont-start) is what uWSGI 2.0.21 did (verdict.json `loads`, kept honest by
// uwsgi-fixtures.test.ts), and a failure is explained by exactly the rules the verdict names.
// The fixture directory is linted as the harness runs it: from its root, with its Dockerfile's
// command when it has one (`run` in verdict.json), else `uwsgi --ini` in the ini's directory.
import { describe, expect, it } from 'vitest';
import { lintDirectory } from '../../src/docs/examples.js';
import { readUwsgiFixtures } from './uwsgi-fixtures.js';

const fixtures = readUwsgiFixtures();

describe('nw-lint agrees with the real uWSGI on every fixture app', () => {
  it.each(fixtures)('$name', ({ dir, verdict }) => {
    const diagnostics = lintDirectory(dir).diagnostics.filter((diagnostic) => !diagnostic.suppressed);
    const wontStart = diagnostics.filter((diagnostic) => diagnostic.effect === 'wont-start');
    const explainedBy = [...new Set(wontStart.map((diagnostic) => diagnostic.ruleId))].sort();
    const shown = diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.ruleId} [${diagnostic.effect ?? 'advice'}] ${diagnostic.message}`).join('\n');
    expect({ loads: wontStart.length === 0, explainedBy }, shown).toEqual({ loads: verdict.loads, explainedBy: [...verdict.expectRules].sort() });
  });
});
