// uwsgi/protocol-mismatch against the real uWSGI: its fixtures served as written, with an HTTP
// request like the one Spin's nginx ingress sends.
import { describe, expect, it } from 'vitest';
import { exampleDirectory } from '../../src/docs/examples.js';
import { lintDirectory } from '../helpers.js';
import { httpRequestTo, uwsgiAvailable } from './uwsgi-harness.js';

const RULE = 'uwsgi/protocol-mismatch';

describe('uwsgi/protocol-mismatch agrees with the real uWSGI', () => {
  it('uWSGI is installed (scripts/install-integration-deps.sh)', () => {
    expect(uwsgiAvailable()).toBe(true);
  });

  it('the failing fixture: an HTTP request to its socket fails and uWSGI logs "invalid request block size"', async () => {
    const directory = exampleDirectory(RULE, 'fail');
    expect(lintDirectory(directory).diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual([RULE]);
    const exchange = await httpRequestTo(directory, ':8080');
    expect(exchange.status, exchange.log).toBeUndefined();
    expect(exchange.log).toMatch(/invalid request block size: \d+ \(max 4096\)\.\.\.skip/);
  });

  it('the passing fixture: the same request gets the app\'s page', async () => {
    const directory = exampleDirectory(RULE, 'pass');
    expect(lintDirectory(directory).diagnostics).toEqual([]);
    const exchange = await httpRequestTo(directory, ':8080');
    expect([exchange.status, exchange.body], exchange.log).toEqual([200, 'portal']);
  });
});
