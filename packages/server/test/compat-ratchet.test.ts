/**
 * The compatibility ratchet: the units of Redis's own Tcl suite listed in
 * compat/ratchet.json run in external mode against a fresh ballast-server each, and a unit whose
 * pass count falls below its value fails. A count above it is printed so that the change that
 * earned it raises the value (values only go up). The suite comes from Debian's `redis` source
 * package (compat/suite.ts); when it cannot be had, CI (CI set) fails and elsewhere the tests are
 * skipped with the reason in a box. Also here: the runtest output parser on captured output, and
 * the docs page's table against the newest results file.
 */
import { describe, expect, it } from 'vitest';
import { currentTable, expectedTable } from '../compat/docs-page.js';
import { parseRuntestOutput } from '../compat/parse-output.js';
import { judge, readRatchet } from '../compat/ratchet.js';
import { deniedTagsFor, runUnit } from '../compat/run-unit.js';
import { startServer } from '../compat/servers.js';
import { obtainSuite, tclMissing, type Suite } from '../compat/suite.js';
import { itNeeds } from './support/precondition.js';

const ratchet = readRatchet();

/** The suite, or why it cannot be had here. */
async function suiteOrReason(): Promise<Suite | string> {
  const missing = await tclMissing();
  if (missing !== null) return missing;
  try {
    return await obtainSuite();
  } catch (error) {
    return (error as Error).message;
  }
}

const suite = await suiteOrReason();
const missing = typeof suite === 'string' ? suite : null;
/** Starting ballast-server and stopping it, on top of the unit's own limit. */
const SERVER_START_STOP_MS = 40_000;

describe('compat ratchet: Redis 7.0 Tcl units against ballast-server', () => {
  for (const [unit, minimum] of Object.entries(ratchet.units)) {
    itNeeds(missing, `${unit} passes at least ${minimum} tests`, async () => {
      const server = await startServer('ballast');
      let run;
      try {
        run = await runUnit({
          suiteDirectory: (suite as Suite).directory, unit, port: server.port, deniedTags: deniedTagsFor(unit), unitTimeoutSeconds: ratchet.unitTimeoutSeconds,
          progressTimeoutSeconds: ratchet.progressTimeoutSeconds, durable: false, logFile: null,
        });
      } finally {
        await server.stop();
      }
      const verdict = judge(unit, run.passed, minimum);
      process.stdout.write(`compat ratchet: ${verdict.message} (${run.seconds} s)\n`);
      const why = [`outcome ${JSON.stringify(run.outcome)}`, ...run.failures.slice(0, 5).map((failure) => `${failure.test}: ${failure.message}`)];
      expect(verdict.kind, `${verdict.message}\n${why.join('\n')}`).not.toBe('fell');
    }, ratchet.unitTimeoutSeconds * 1000 + SERVER_START_STOP_MS);
  }
});

describe('compat runtest output', () => {
  const ended = { exitCode: 0, killedAfterSeconds: null };

  it('counts ok, err, ignore and a completed unit, not the summary that repeats failures', () => {
    const output = [
      'Starting test server at port 21079', '[ready]: 10250', 'Testing unit/type/incr',
      '[ok]: INCR against non existing key (0 ms)',
      '[err]: INCR fails against a key holding a list in tests/unit/type/incr.tcl',
      "Expected 'WRONGTYPE*' to match 'OK' (context: type eval line 3 cmd {assert_error WRONGTYPE* {r incr mylist}} proc ::test)",
      '[ignore]: INCR uses shared objects in the 0-9999 range: Tag: needs:debug denied',
      '[ok]: No negative zero (1 ms)', '[1/1 done]: unit/type/incr (0 seconds)', '', '                   The End', '',
      '!!! WARNING The following tests failed:', '', '*** [err]: INCR fails against a key holding a list in tests/unit/type/incr.tcl',
      "Expected 'WRONGTYPE*' to match 'OK'", 'Cleanup: may take some time... OK',
    ].join('\n');
    const parsed = parseRuntestOutput(output, { ...ended, exitCode: 1 });
    expect(parsed).toMatchObject({ passed: 2, failed: 1, ignored: 1, skipped: 0, outcome: { kind: 'completed' } });
    expect(parsed.failures).toEqual([{ test: 'INCR fails against a key holding a list', message: expect.stringMatching(/^Expected 'WRONGTYPE\*' to match 'OK'/) }]);
  });

  it('reads an exception: the error, the test command past the client plumbing, and the test', () => {
    const output = [
      '[ok]: SET and GET an item (0 ms)',
      "[exception]: Executing test client: ERR unknown command 'setbit', with args beginning with: 'mykey' '1' '1'.",
      "ERR unknown command 'setbit', with args beginning with: 'mykey' '1' '1'", '    while executing', '"[srv $level "client"] {*}$args"',
      '    (procedure "r" line 7)', '    invoked from within', '"r setbit mykey 1 1"', '    ("uplevel" body line 3)', '    invoked from within',
      '"uplevel 1 $code"', '    (procedure "test" line 51)', '    invoked from within', '"test "SETBIT against non-existing key" {',
      '        r del mykey', '    invoked from within', '"start_server {tags {"string"}} {', '    test {SET and GET an item} {',
    ].join('\n');
    expect(parseRuntestOutput(output, { ...ended, exitCode: 1 })).toMatchObject({
      passed: 1, failed: 0, outcome: { kind: 'aborted', abort: {
        error: "ERR unknown command 'setbit', with args beginning with: 'mykey' '1' '1'", command: 'r setbit mykey 1 1', test: 'SETBIT against non-existing key',
      } },
    });
  });

  it("names the suite's files from tests/ on, wherever it was unpacked", () => {
    const output = ['[err]: SETRANGE against integer-encoded key in tests/unit/type/string.tcl',
      "Expected 'int' to match 'raw' (context: type source line 98 file /work/x/compat/.cache/redis-7.0.15/tests/support/test.tcl cmd {assert_match $enc $val})"].join('\n');
    expect(parseRuntestOutput(output, ended).failures[0].message).toBe("Expected 'int' to match 'raw' (context: type source line 98 file tests/support/test.tcl cmd {assert_match $enc $val})");
  });

  it('says when an exception came from outside any test', () => {
    const output = [
      "[exception]: Executing test client: ERR unknown command 'memory', with args beginning with: 'usage' 'myhash'.", 'ERR unknown command',
      '    while executing', '"[srv $level "client"] {*}$args"', '    invoked from within', '"r memory usage $key"', '    invoked from within',
      '"start_server {tags {"hash"}} {',
    ].join('\n');
    expect(parseRuntestOutput(output, ended).outcome).toMatchObject({ kind: 'aborted', abort: { command: 'r memory usage $key', test: null } });
  });

  it('tells a runtest timeout, a kill at the unit limit and a runtest that never ran apart', () => {
    const timeout = '[ok]: a (1 ms)\n[TIMEOUT]: clients state report follows.\nsock1 => (IN PROGRESS) BRPOPLPUSH with wrong destination type\n';
    expect(parseRuntestOutput(timeout, { ...ended, exitCode: 1 })).toMatchObject({
      passed: 1, outcome: { kind: 'timed-out', detail: 'while "BRPOPLPUSH with wrong destination type" was running' },
    });
    expect(parseRuntestOutput('[ok]: a (1 ms)\n', { exitCode: null, killedAfterSeconds: 60 }).outcome).toEqual({ kind: 'killed', afterSeconds: 60 });
    expect(parseRuntestOutput('Wrong argument: --bogus\n', { ...ended, exitCode: 1 }).outcome).toMatchObject({ kind: 'harness-error' });
  });
});

describe('compat docs page', () => {
  it('shows the table of the newest results file (npm run compat -- docs rewrites it)', () => {
    expect(currentTable(), 'apps/docs/guide/compatibility.md is behind the newest results file: run npm run compat -- docs').toBe(expectedTable());
  });
});
