/**
 * npm run compat: Redis 7.0's own Tcl test suite in external mode against ballast-server, next
 * to the same run against redis-server. For every unit each server is started fresh; the unit's
 * tests are counted as passed and failed, and how the unit ended (completed, aborted and why,
 * timed out) is kept. The suite runs exactly as released. Prints a table and writes
 * compat/results/<date>.json.
 *
 *   npm run compat                                         # the default units against both
 *   npm run compat -- --units unit/type/incr,unit/keyspace --against ballast
 *   npm run compat -- --durable                            # an exception fails one test, not the unit
 *   npm run compat -- --unit-timeout 120 --out /tmp/r.json
 *   npm run compat -- docs                                 # the docs page's table from the newest results file
 *
 * A run of the default units writes results/<date>.json; a run of chosen units writes only with
 * --out. Every unit's full runtest output is kept in compat/.cache/logs/<date>/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeOutcome } from './parse-output.js';
import { FAILURES_KEPT_MAX, RESULTS_DIRECTORY, type ResultsFile, type ServerUnitResult, type UnitResult } from './results-file.js';
import { textTable } from './results-table.js';
import { DENIED_TAGS, UNIT_DENIED_TAGS, deniedTagsFor, runUnit } from './run-unit.js';
import { BALLAST_ARGUMENTS, REDIS_ARGUMENTS, SERVER_NAMES, startServer, type ServerName } from './servers.js';
import { CACHE_DIRECTORY, COMPAT_DIRECTORY, obtainSuite, tclMissing } from './suite.js';
import { updateDocsPage } from './docs-page.js';

/** The units measured by default: the data types, keyspace, transactions, pub/sub, protocol, streams, scripting, diagnostics and introspection. */
export const DEFAULT_UNITS = [
  'unit/type/incr', 'unit/type/string', 'unit/keyspace', 'unit/type/list', 'unit/type/hash', 'unit/type/set', 'unit/type/zset',
  'unit/expire', 'unit/multi', 'unit/pubsub', 'unit/protocol', 'unit/info-command', 'unit/auth', 'unit/type/stream',
  'unit/type/stream-cgroups', 'unit/bitops', 'unit/bitfield', 'unit/hyperloglog', 'unit/geo', 'unit/sort', 'unit/type/list-2',
  'unit/type/list-3', 'unit/scripting', 'unit/functions', 'unit/dump', 'unit/slowlog', 'unit/latency-monitor', 'unit/pause',
  'unit/introspection', 'unit/tracking', 'unit/introspection-2', 'unit/other', 'unit/lazyfree', 'unit/querybuf', 'unit/scan',
  'unit/quit', 'unit/info',
];
const UNIT_TIMEOUT_SECONDS = 300;
const PROGRESS_TIMEOUT_SECONDS = 120;

interface Options {
  readonly units: readonly string[];
  readonly servers: readonly ServerName[];
  readonly durable: boolean;
  readonly unitTimeoutSeconds: number;
  readonly out: string | null;
}

function usage(message: string): never {
  console.error(`compat: ${message}\nusage: npm run compat -- [--units u1,u2] [--against ballast|redis|both] [--durable] [--unit-timeout S] [--out FILE] | docs`);
  process.exit(1);
}

function parseOptions(argv: readonly string[]): Options {
  const flags = new Set(['--units', '--against', '--unit-timeout', '--out']);
  const values = new Map<string, string>();
  let durable = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--durable') {
      durable = true;
    } else if (!flags.has(argument)) {
      usage(`unknown argument ${argument}`);
    } else if (index + 1 >= argv.length) {
      usage(`${argument} needs a value`);
    } else {
      values.set(argument, argv[++index]);
    }
  }
  const against = values.get('--against') ?? 'both';
  if (!['ballast', 'redis', 'both'].includes(against)) usage(`--against is ballast, redis or both, not ${against}`);
  const unitTimeoutSeconds = Number(values.get('--unit-timeout') ?? UNIT_TIMEOUT_SECONDS);
  if (!(unitTimeoutSeconds > 0)) usage('--unit-timeout is a number of seconds');
  const chosen = values.get('--units')?.split(',').map((unit) => unit.trim()).filter((unit) => unit !== '');
  const defaultOut = path.join(RESULTS_DIRECTORY, `${today()}${durable ? '-durable' : ''}.json`);
  return {
    units: chosen ?? DEFAULT_UNITS, servers: against === 'both' ? SERVER_NAMES : [against as ServerName], durable, unitTimeoutSeconds,
    out: values.get('--out') ?? (chosen === undefined ? defaultOut : null),
  };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function commandOutput(file: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', cwd }).trim();
  } catch {
    return 'unknown';
  }
}

function workingTreeCommit(): string {
  return commandOutput('git', ['describe', '--always', '--dirty'], COMPAT_DIRECTORY);
}

/** The first lines of why a server did not start, for the results file. */
function startFailure(error: unknown): string {
  const lines = String((error as Error).message ?? error).split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /Error\b/.test(line) && !line.startsWith('Error: ballast-server exited')) ?? lines.slice(0, 3).join(' ');
}

async function runOnServer(name: ServerName, unit: string, options: Options, suiteDirectory: string, logs: string): Promise<ServerUnitResult> {
  let server;
  try {
    server = await startServer(name);
  } catch (error) {
    return {
      passed: 0, failed: 0, ignored: 0, skipped: 0, seconds: 0, failures: [], serverEnded: null,
      outcome: { kind: 'server-not-started', detail: startFailure(error) },
    };
  }
  try {
    const run = await runUnit({
      suiteDirectory, unit, port: server.port, deniedTags: deniedTagsFor(unit), unitTimeoutSeconds: options.unitTimeoutSeconds,
      progressTimeoutSeconds: Math.min(PROGRESS_TIMEOUT_SECONDS, options.unitTimeoutSeconds), durable: options.durable,
      logFile: path.join(logs, `${name}-${unit.replaceAll('/', '_')}.log`),
    });
    const serverEnded = await server.stop();
    return { ...run, failures: run.failures.slice(0, FAILURES_KEPT_MAX), serverEnded };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'docs') {
    console.log(`compat: ${updateDocsPage()}`);
    return;
  }
  const options = parseOptions(argv);
  const missing = await tclMissing();
  if (missing !== null) usage(missing);
  const suite = await obtainSuite();
  const logs = path.join(CACHE_DIRECTORY, 'logs', new Date().toISOString().replace(/[:.]/g, '-'));
  console.log(`compat: Redis ${suite.redisVersion} suite (Debian ${suite.debianVersion}) as released, `
    + `${options.units.length} unit(s) against ${options.servers.join(' and ')}; logs in ${path.relative(process.cwd(), logs)}`);
  const units: UnitResult[] = [];
  const results = (): ResultsFile => ({
    date: today(),
    suite: { redisVersion: suite.redisVersion, debianVersion: suite.debianVersion, source: 'Debian source package redis (apt-get source), unpacked with dpkg-source -x' },
    durable: options.durable, deniedTags: DENIED_TAGS,
    unitDeniedTags: Object.fromEntries(Object.entries(UNIT_DENIED_TAGS).filter(([unit]) => options.units.includes(unit))),
    unitTimeoutSeconds: options.unitTimeoutSeconds,
    servers: {
      redis: {
        version: /v=(\S+)/.exec(commandOutput('redis-server', ['--version']))?.[1] ?? 'unknown',
        debianVersion: commandOutput('dpkg-query', ['--show', '--showformat=${Version}', 'redis-server']), arguments: REDIS_ARGUMENTS,
      },
      ballast: {
        version: (JSON.parse(readFileSync(path.join(COMPAT_DIRECTORY, '..', 'package.json'), 'utf8')) as { version: string }).version,
        arguments: BALLAST_ARGUMENTS,
      },
    },
    machine: { cores: os.availableParallelism(), node: process.version },
    units,
  });
  // Written after every unit, so a run that is interrupted keeps what it measured.
  const write = () => {
    if (options.out === null) return;
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results(), null, 2)}\n`);
  };
  for (const unit of options.units) {
    const row: Record<ServerName, ServerUnitResult | null> = { redis: null, ballast: null };
    const ballastCommit = options.servers.includes('ballast') ? workingTreeCommit() : null;
    for (const name of options.servers) {
      const result = await runOnServer(name, unit, options, suite.directory, logs);
      row[name] = result;
      const ended = result.outcome.kind === 'completed' ? '' : `; ${describeOutcome(result.outcome)}`;
      console.log(`  ${unit} on ${name}: ${result.passed} passed, ${result.failed} failed in ${result.seconds} s${ended}`);
    }
    units.push({ unit, ballastCommit, ...row });
    write();
  }
  console.log(`\n${textTable(results())}`);
  console.log(options.out === null
    ? '\ncompat: results not written (chosen units; --out FILE writes them)'
    : `\ncompat: results written to ${path.relative(process.cwd(), options.out)}`);
}

await main(process.argv.slice(2));
