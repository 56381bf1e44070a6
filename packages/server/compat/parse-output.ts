/**
 * Reads what Redis's Tcl test runner (`./runtest`) printed for one unit and says how the unit
 * went: the tests that passed, failed, were ignored by tag or skipped, and how the run ended —
 * completed, aborted by an exception (with the error, the command and the test it was in),
 * stopped by the runner's own no-progress timeout, or killed by the compatibility runner's
 * wall-clock limit. Pure: text in, a typed value out, so the parser is tested on captured output.
 *
 * The runner's lines look like `[ok]: NAME (3 ms)`, `[err]: NAME in tests/unit/x.tcl` followed
 * by the message on the next lines, `[exception]: Executing test client: ERROR.` followed by
 * Tcl's errorInfo, `[ignore]: NAME: Tag: needs:debug denied`, `[1/1 done]: unit/x (0 seconds)`
 * and `[TIMEOUT]: clients state report follows.`. At the end it repeats every failure after
 * `The following tests failed:`; that summary is not counted again.
 */

/** One failed test: its name and the first lines of the failure message. */
export interface TestFailure {
  readonly test: string;
  readonly message: string;
}

/** Why a unit stopped before its end. */
export interface UnitAbort {
  /** The error of the exception, e.g. `ERR unknown command 'debug', with args beginning with: 'log'`. */
  readonly error: string;
  /** The Tcl command that raised it, e.g. `r debug log x`, when errorInfo says. */
  readonly command: string | null;
  /** The test it happened in; null when outside any test (a block's setup). */
  readonly test: string | null;
}

export type UnitOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'aborted'; readonly abort: UnitAbort }
  | { readonly kind: 'timed-out'; readonly detail: string }
  | { readonly kind: 'killed'; readonly afterSeconds: number }
  | { readonly kind: 'harness-error'; readonly detail: string }
  /** The server did not start (e.g. the working tree did not compile), so the unit never ran. */
  | { readonly kind: 'server-not-started'; readonly detail: string };

export interface ParsedUnit {
  readonly passed: number;
  readonly failed: number;
  /** Tests left out by a tag (`--tags -needs:debug`, `external:skip`, ...). */
  readonly ignored: number;
  readonly skipped: number;
  readonly failures: readonly TestFailure[];
  readonly outcome: UnitOutcome;
}

/** How the compatibility runner ended the process, if it did. */
export interface RunEnd {
  readonly exitCode: number | null;
  /** Set when the runner killed runtest at its wall-clock limit. */
  readonly killedAfterSeconds: number | null;
}

const MARKER = /^\[(ok|err|exception|ignore|skip|TIMEOUT|ready|\d+\/\d+ done)\]:? ?(.*)$/;
/** Lines that end a multi-line record without being part of any. */
const FOOTER = /^(Testing |The End|Cleanup: |Execution time of|Starting test server|Killing still running|\*\*\* |\\o\/)/;
const SUMMARY = 'The following tests failed:';
/** errorInfo frames of the harness's own client code, skipped to name the test's command. */
const HARNESS_PLUMBING = /^(\[srv |uplevel |::redis::|error |return )/;
const MESSAGE_LINES_MAX = 3;
const MESSAGE_CHARACTERS_MAX = 400;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

interface RawRecord {
  readonly status: string;
  readonly first: string;
  readonly rest: string[];
}

function splitRecords(output: string): RawRecord[] {
  const records: RawRecord[] = [];
  let current: RawRecord | null = null;
  for (const line of output.replace(ANSI, '').split('\n')) {
    if (line.includes(SUMMARY)) break;
    const marker = MARKER.exec(line);
    if (marker) {
      current = { status: marker[1], first: marker[2], rest: [] };
      records.push(current);
    } else if (FOOTER.test(line)) {
      current = null;
    } else if (current !== null) {
      current.rest.push(line);
    }
  }
  return records;
}

/** Where the suite was unpacked differs per machine; messages name its files from `tests/` on. */
const SUITE_PATH = /\S*\/redis-[\d.]+\/(?=tests\/)/g;

function shorten(lines: readonly string[]): string {
  const text = lines.map((line) => line.trim()).filter((line) => line !== '').slice(0, MESSAGE_LINES_MAX).join(' ').replace(SUITE_PATH, '');
  return text.length > MESSAGE_CHARACTERS_MAX ? `${text.slice(0, MESSAGE_CHARACTERS_MAX - 1)}…` : text;
}

/** `NAME in tests/unit/type/incr.tcl` → `NAME`. */
function testName(first: string): string {
  const match = /^(.*) in tests\/\S+\.tcl$/.exec(first);
  return match ? match[1] : first;
}

/**
 * Reads the exception record: the error is on the first line (`Executing test client: E.`),
 * repeated as errorInfo's first line; errorInfo then names the command (`while executing`) and
 * every enclosing call (`invoked from within`), innermost first — the first that is not the
 * harness's client plumbing is the test's command, and the first `test {NAME} {` its test.
 */
export function readAbort(first: string, rest: readonly string[]): UnitAbort {
  const error = first.replace(/^Executing test client: /, '').replace(/\.$/, '');
  let command: string | null = null;
  for (let index = 0; index + 1 < rest.length && command === null; index += 1) {
    const heading = rest[index].trim();
    if (heading !== 'while executing' && heading !== 'invoked from within') continue;
    const quoted = rest[index + 1].trim().replace(/^"|"$/g, '');
    if (!HARNESS_PLUMBING.test(quoted)) command = quoted;
  }
  let test: string | null = null;
  for (const line of rest) {
    const match = /^"test (?:\{([^}]*)\}|"([^"]*)") \{/.exec(line.trim());
    if (match) {
      test = match[1] ?? match[2];
      break;
    }
  }
  return { error, command, test };
}

/** runtest's timeout report lists each client's task: `sock… => (IN PROGRESS) NAME`. */
function inProgress(report: readonly string[]): string {
  for (const line of report) {
    const match = /\(IN PROGRESS\) (.*)$/.exec(line);
    if (match) return `while "${match[1].trim()}" was running`;
  }
  return shorten(report) || 'no client state reported';
}

/** Parses one unit's runtest output, given how the process ended. */
export function parseRuntestOutput(output: string, end: RunEnd): ParsedUnit {
  let passed = 0;
  let ignored = 0;
  let skipped = 0;
  let done = false;
  let timedOut: string | null = null;
  let abort: UnitAbort | null = null;
  const failures: TestFailure[] = [];
  for (const record of splitRecords(output)) {
    switch (record.status) {
      case 'ok': passed += 1; break;
      case 'ignore': ignored += 1; break;
      case 'skip': skipped += 1; break;
      case 'err': failures.push({ test: testName(record.first), message: shorten(record.rest) }); break;
      case 'exception': abort ??= readAbort(record.first, record.rest); break;
      case 'TIMEOUT': timedOut = inProgress(record.rest); break;
      case 'ready': break;
      default: done = true;
    }
  }
  const counts = { passed, failed: failures.length, ignored, skipped, failures };
  if (end.killedAfterSeconds !== null) return { ...counts, outcome: { kind: 'killed', afterSeconds: end.killedAfterSeconds } };
  if (timedOut !== null) return { ...counts, outcome: { kind: 'timed-out', detail: timedOut } };
  if (abort !== null) return { ...counts, outcome: { kind: 'aborted', abort } };
  if (done) return { ...counts, outcome: { kind: 'completed' } };
  const tail = output.replace(ANSI, '').trim().split('\n').slice(-5).join(' ').trim();
  return { ...counts, outcome: { kind: 'harness-error', detail: `exit code ${end.exitCode}: ${tail.slice(0, MESSAGE_CHARACTERS_MAX)}` } };
}

/** One line for a table: how the unit ended and, if early, why. */
export function describeOutcome(outcome: UnitOutcome): string {
  switch (outcome.kind) {
    case 'completed': return 'completed';
    case 'aborted': {
      const where = outcome.abort.test === null ? 'outside any test' : `in "${outcome.abort.test}"`;
      const command = outcome.abort.command === null ? '' : ` at \`${outcome.abort.command}\``;
      return `aborted ${where}${command}: ${outcome.abort.error}`;
    }
    case 'timed-out': return `no test finished within runtest's --timeout, ${outcome.detail}`;
    case 'killed': return `killed after ${outcome.afterSeconds} s (unit time limit)`;
    case 'harness-error': return `runtest failed: ${outcome.detail}`;
    case 'server-not-started': return `the server did not start: ${outcome.detail}`;
  }
}
