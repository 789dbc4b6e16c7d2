#!/usr/bin/env node
// Generates schemas/uwsgi-options.json, the uWSGI option table behind `uwsgi/unknown-option`,
// the ini reader (which options are booleans, which accumulate) and the command-line reader
// (which options consume the next argument).
//
// The table comes from a real uWSGI 2.0, never from documentation: `uwsgi --help` gives the
// names and help texts, and scripts/uwsgi-option-table.c (preloaded into the same run) dumps
// uWSGI's internal option table, which also says whether each option takes an argument and
// which handler stores it. Options that share handler, target and help are aliases.
//
// Rerun (Debian or Ubuntu; needs a C compiler):
//   apt-get install -y uwsgi-core uwsgi-plugin-python3 uwsgi-plugin-gevent-python3
//   node scripts/gen-uwsgi-options.mjs            # rewrites schemas/uwsgi-options.json
//   node scripts/gen-uwsgi-options.mjs --check    # exits 1 when the committed file differs
// Environment: UWSGI (binary, default `uwsgi`), CC (default `cc`).
//
// Besides the core and the python3 plugin, the table holds the plugins that a pip-installed
// uWSGI embeds (buildconf/default.ini: gevent; buildconf/base.ini `embedded_plugins`, as the
// 2.0 wheel build links them), since Spin images usually build uWSGI with pip, while Debian ships
// them as loadable plugins (gevent in uwsgi-plugin-gevent-python3). Each option records its plugin.
// mongodblog is the one Debian does not ship.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, 'schemas', 'uwsgi-options.json');
const SHIM_SOURCE = join(ROOT, 'scripts', 'uwsgi-option-table.c');
const UWSGI = process.env.UWSGI ?? 'uwsgi';
const CC = process.env.CC ?? 'cc';

const PLUGINS = [
  'python3', 'gevent_python3',
  'ping', 'cache', 'nagios', 'rrdtool', 'carbon', 'rpc', 'corerouter', 'fastrouter', 'http',
  'ugreen', 'signal', 'syslog', 'rsyslog', 'logsocket', 'router_uwsgi', 'router_redirect',
  'router_basicauth', 'zergpool', 'redislog', 'router_rewrite', 'router_http', 'logfile',
  'router_cache', 'rawrouter', 'router_static', 'sslrouter', 'spooler', 'cheaper_busyness',
  'symcall', 'transformation_tofile', 'transformation_gzip', 'transformation_chunked',
  'transformation_offload', 'router_memcached', 'router_redis', 'router_hash', 'router_expires',
  'router_metrics', 'transformation_template', 'stats_pusher_socket',
];

const ARGUMENT = ['none', 'required', 'optional']; // getopt's has_arg

// Handlers whose option keeps only its last value.
const LAST_VALUE_HANDLERS = new Set([
  'uwsgi_opt_set_str', 'uwsgi_opt_set_str_spaced', 'uwsgi_opt_set_int', 'uwsgi_opt_set_rawint',
  'uwsgi_opt_set_16bit', 'uwsgi_opt_set_64bit', 'uwsgi_opt_set_megabytes', 'uwsgi_opt_set_uid',
  'uwsgi_opt_set_gid', 'uwsgi_opt_set_immediate_uid', 'uwsgi_opt_set_immediate_gid',
  'uwsgi_opt_set_umask',
]);
// Handlers that add one entry per occurrence, besides every `uwsgi_opt_add_*`.
const ACCUMULATING_HANDLERS = new Set([
  'uwsgi_opt_set_env', 'uwsgi_opt_unset_env', 'uwsgi_opt_set_placeholder', 'uwsgi_opt_pythonpath',
  'uwsgi_opt_load_plugin',
]);
// uwsgi_opt_true/false read a value: false for "false", "off", "no", "0" (case-insensitive).
const BOOLEAN_HANDLERS = new Set(['uwsgi_opt_true', 'uwsgi_opt_false']);

function kindOf(handler) {
  if (BOOLEAN_HANDLERS.has(handler)) return 'boolean';
  if (LAST_VALUE_HANDLERS.has(handler)) return 'value';
  if (handler.startsWith('uwsgi_opt_add_') || ACCUMULATING_HANDLERS.has(handler)) return 'list';
  return 'other';
}

function run(file, args, env = {}) {
  return execFileSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function uwsgiVersion() {
  return run(UWSGI, ['--version']).trim();
}

/** Runs `uwsgi --plugin … --help` with the shim; returns the help text and the raw table. */
function readOptionTable(workDir) {
  const shim = join(workDir, 'uwsgi-option-table.so');
  const dump = join(workDir, 'options.tsv');
  run(CC, ['-shared', '-fPIC', '-O2', '-o', shim, SHIM_SOURCE, '-ldl']);
  const help = run(UWSGI, ['--plugin', PLUGINS.join(','), '--help'], {
    LD_PRELOAD: shim,
    UWSGI_OPTIONS_DUMP: dump,
  });
  const rows = readFileSync(dump, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [name, hasArg, shortcut, handler, data, object, description] = line.split('\t');
    return { name, hasArg: Number(hasArg), shortcut, handler, data, object, description };
  });
  if (rows.length === 0) throw new Error('the shim found no uWSGI option table');
  return { help, rows };
}

/** `--help` lists the same options in the same order; anything else means the shim misread. */
function checkAgainstHelp(help, rows) {
  const helpNames = help.split('\n')
    .map((line) => /^\s+(?:-.\|)?--(\S+)/.exec(line)?.[1])
    .filter(Boolean);
  const tableNames = rows.map((row) => row.name);
  if (helpNames.join('\n') !== tableNames.join('\n')) {
    throw new Error('the dumped option table does not match `uwsgi --help`');
  }
}

function pluginOf(object) {
  const plugin = /^(.+)_plugin\.so$/.exec(basename(object));
  return plugin ? plugin[1] : 'core';
}

function buildOptions(rows) {
  const groups = new Map();
  for (const row of rows) {
    const key = [row.hasArg, row.handler, row.data, row.description].join('\t');
    groups.set(key, [...(groups.get(key) ?? []), row.name]);
  }
  const options = {};
  for (const row of [...rows].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const group = groups.get([row.hasArg, row.handler, row.data, row.description].join('\t'));
    const entry = {
      kind: row.handler ? kindOf(row.handler) : 'other',
      argument: ARGUMENT[row.hasArg],
    };
    const aliases = group.filter((name) => name !== row.name).sort();
    if (aliases.length > 0) entry.aliases = aliases;
    if (row.shortcut !== '-') entry.short = row.shortcut;
    entry.plugin = pluginOf(row.object);
    entry.handler = row.handler || null;
    entry.help = row.description;
    options[row.name] = entry;
  }
  return options;
}

/** One option per line keeps diffs readable when uWSGI changes. */
function render(version, options) {
  const lines = Object.entries(options)
    .map(([name, entry]) => `    ${JSON.stringify(name)}: ${JSON.stringify(entry)}`);
  return [
    '{',
    '  "$comment": "Generated by scripts/gen-uwsgi-options.mjs from the uWSGI binary; do not edit.",',
    `  "uwsgi": ${JSON.stringify(version)},`,
    `  "plugins": ${JSON.stringify(PLUGINS)},`,
    '  "options": {',
    lines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

function main() {
  const workDir = mkdtempSync(join(tmpdir(), 'uwsgi-options-'));
  try {
    const { help, rows } = readOptionTable(workDir);
    checkAgainstHelp(help, rows);
    const text = render(uwsgiVersion(), buildOptions(rows));
    if (process.argv.includes('--check')) {
      const current = readFileSync(OUTPUT, 'utf8');
      if (current !== text) {
        console.error(`${OUTPUT} is out of date; run node scripts/gen-uwsgi-options.mjs`);
        process.exitCode = 1;
      }
      return;
    }
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${Object.keys(JSON.parse(text).options).length} options to ${OUTPUT}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main();
