/**
 * The invariants of DESIGN.md, checked after every recovery against what was observed before
 * the crash. Each check returns a violation text or null:
 *
 * - durability: every unit logged by a chunk whose commands were acknowledged under `always`
 *   (and, under `everysec`, acknowledged more than the fsync window before the crash; and all of
 *   them before a clean shutdown) is within the cut — each command checked on its own, with
 *   evidence from the log (observations.ts);
 * - prefix: the recovered keyspace equals a reference engine that replayed the logged units with
 *   LSN ≤ cut; and when the cut covers everything the lost process logged, it equals that
 *   process's own keyspace at the crash (so a unit logged to the wrong shard is seen too);
 * - placement: every recovered key lives on the shard that owns its hash slot;
 * - no phantom reads: a read answered under `always` after the cut gives the same reply when run
 *   again, at its own time, on the recovered state;
 * - LSNs never reused: the next LSN is above every LSN the files named by the manifest hold.
 */
import { dumpKeyspace, ReplyParser, type Engine, type UnitEffects } from '@ballast/core';
import { deriveRandom } from '../seed-streams.js';
import { describeReply } from './sim-client.js';
import { createSimEngine, type EngineSettings } from './sim-host.js';
import { refusedForDurability, type ObservedCommand, type Observations } from './observations.js';
import type { CheckCoverage } from './coverage.js';
import { VirtualTime } from './virtual-time.js';

export interface LoggedUnit {
  readonly lsn: number;
  readonly unit: UnitEffects;
}

/** What the process that crashed knew when it died. */
export interface CrashRecord {
  readonly atMs: number;
  /** A clean shutdown (SHUTDOWN / SIGTERM): everything acknowledged must be back, whatever the mode. */
  readonly clean: boolean;
  /** What the engine had been told was committed. */
  readonly committedLsn: number;
  /** dumpKeyspace of the engine at the crash, or null when it cannot be compared (the AOF had failed). */
  readonly liveKeyspace: readonly string[] | null;
  /** The last LSN the process logged (or the cut it started from, when it logged nothing). */
  readonly lastLsn: number;
  readonly mode: string;
}

/** Reads whose reply is a function of the keys' state and the time only (no randomness, no order of a hash). */
const REPEATABLE_READS = new Set(['GET', 'EXISTS', 'DBSIZE', 'HGET', 'HLEN', 'LRANGE', 'LLEN', 'SCARD', 'SISMEMBER', 'ZRANGE', 'ZSCORE',
  'PTTL', 'TYPE', 'STRLEN',
  // Stream reads of the extended workload: entries, and the consumer-group state with idle times
  // (re-run at the read's own virtual time). Not XINFO: its radix-tree counts follow node layout.
  'XRANGE', 'XREVRANGE', 'XLEN', 'XPENDING']);

export function checkDurability(observations: Observations, cut: number, crash: CrashRecord, everysecWindowMs: number,
  coverage: CheckCoverage): string | null {
  const deadlineMs = Math.min(crash.atMs, observations.failedAtMs ?? Number.POSITIVE_INFINITY) - everysecWindowMs;
  const checked = { always: 0, everysec: 0 };
  for (const command of observations.loggingWindows()) {
    const { acknowledgement: ack } = command;
    const always = command.mode === 'always' && ack.modeAtAcknowledgement === 'always';
    const everysec = command.mode === 'everysec' && crash.mode === 'everysec' && command.executedAtMs > observations.modeChangedAtMs && ack.acknowledgedAtMs < deadlineMs;
    if (always) checked.always++;
    if (everysec) checked.everysec++;
    if (command.loggedAfter <= cut) continue;
    const logged = `${describeCommand(command)} (logged LSNs ${command.loggedBefore + 1}..${command.loggedAfter})`;
    if (crash.clean && observations.failedAtMs === null) {
      return `durability: client ${ack.client}'s ${logged} was acknowledged before a clean shutdown, but recovery's durable cut is ${cut}`;
    }
    if (always) {
      return `durability: client ${ack.client}'s ${logged} was acknowledged under always at ${ack.acknowledgedAtMs} ms, but recovery's durable cut is ${cut}`;
    }
    if (everysec) {
      return `durability: client ${ack.client}'s ${logged} was acknowledged under everysec at ${ack.acknowledgedAtMs} ms, `
        + `${crash.atMs - ack.acknowledgedAtMs} ms before the crash, but recovery's durable cut is ${cut}`;
    }
  }
  if (!crash.clean) {
    coverage.windowsAlways += checked.always;
    coverage.windowsEverysec += checked.everysec;
    if (crash.mode === 'always') coverage.crashEpochsAlways++;
    if (crash.mode === 'always' && checked.always > 0) coverage.crashEpochsAlwaysChecked++;
    if (crash.mode === 'everysec') coverage.crashEpochsEverysec++;
    if (crash.mode === 'everysec' && checked.everysec > 0) coverage.crashEpochsEverysecChecked++;
  }
  if (cut < crash.committedLsn) return `durability: LSN ${crash.committedLsn} was committed before the crash, but recovery's durable cut is ${cut}`;
  return null;
}

/**
 * The reference: the logged units replayed in LSN order on an engine of its own, advanced from
 * one recovery to the next (cuts only grow) and rebuilt when a phantom-read check ran reads on
 * it (a read may expire keys, which replay never does).
 */
export class ReferenceReplay {
  readonly time = new VirtualTime();
  private engine: Engine | null = null;
  private appliedThrough = 0;

  constructor(private readonly settings: EngineSettings) {}

  /** The reference engine holding the first `cut` logged writes. */
  at(history: readonly LoggedUnit[], cut: number): Engine {
    if (this.engine === null || cut < this.appliedThrough) {
      this.engine = createSimEngine(this.settings, { clock: this.time, random: deriveRandom(0, 'reference') });
      this.appliedThrough = 0;
    }
    const engine = this.engine;
    for (const { lsn, unit } of history) {
      if (lsn <= this.appliedThrough) continue;
      if (lsn > cut) break;
      unit.forEach((effects, shard) => {
        for (const effect of effects) engine.replayEffect(shard, effect.database, effect.args);
      });
    }
    this.appliedThrough = cut;
    return engine;
  }

  /** Reads ran on the reference: build it afresh next time. */
  spoil(): void {
    this.engine = null;
  }
}

export function checkPrefix(recovered: Engine, reference: Engine, cut: number): string | null {
  const difference = compareKeyspaces(dumpKeyspace(reference), dumpKeyspace(recovered));
  return difference === null ? null : `prefix: the recovered keyspace differs from the first ${cut} logged writes (${difference})`;
}

export function checkLiveKeyspace(recovered: Engine, crash: CrashRecord, cut: number): string | null {
  if (crash.liveKeyspace === null || cut !== crash.lastLsn) return null;
  const difference = compareKeyspaces(crash.liveKeyspace, dumpKeyspace(recovered));
  return difference === null ? null : `prefix: the cut ${cut} covers every write of the lost process, but the recovered keyspace differs from its keyspace at the crash (${difference})`;
}

export function checkPlacement(recovered: Engine): string | null {
  for (let shard = 0; shard < recovered.shards.length; shard++) {
    for (const database of recovered.shards[shard]) {
      for (const key of database.entries.keys()) {
        const owner = recovered.slots.shardOfKey(key);
        if (owner !== shard) return `placement: key ${JSON.stringify(key)} was recovered on shard ${shard}, but its slot belongs to shard ${owner}`;
      }
    }
  }
  return null;
}

/**
 * Runs every repeatable read (alone or in a pipeline) that was answered under `always` and ran
 * in a chunk past the cut again on the recovered state (the reference), at its own virtual
 * time, in the order they ran. Its chunk's window lies wholly past the cut (a cut falls on a
 * batch boundary), so the recovered state is what it saw less what the crash took back.
 */
export function checkPhantomReads(replay: ReferenceReplay, history: readonly LoggedUnit[], observations: Observations, cut: number,
  coverage: CheckCoverage): string | null {
  const reads = [...observations.commands()]
    .filter((read) => read.mode === 'always' && read.acknowledgement.modeAtAcknowledgement === 'always' && read.loggedAfter > cut
      && REPEATABLE_READS.has(read.args[0]) && !refusedForDurability(read.reply))
    .sort((first, second) => first.executedAtMs - second.executedAtMs);
  if (reads.length === 0) return null;
  coverage.phantomReads += reads.length;
  coverage.phantomReadEpochs++;
  const reference = replay.at(history, cut);
  replay.spoil();
  // The AOF had failed: from then on the server deleted no expired key (it could not log the
  // deletion). The reads re-run here must not delete them either, or a later DBSIZE would differ.
  if (observations.failedAtMs !== null) reference.onDurabilityFailure('the checked run\'s AOF had failed');
  for (const read of reads) {
    replay.time.nowMs = read.executedAtMs;
    const again = runOnce(reference, read.database, read.args);
    const seen = describeReply(read.reply);
    if (again !== seen) {
      return `phantom read: client ${read.acknowledgement.client}'s ${describeCommand(read)} at ${read.executedAtMs} ms was answered ${seen} under always, `
        + `but the recovered state (cut ${cut}) answers ${again}: the value it saw was taken back by the crash`;
    }
  }
  return null;
}

export function checkLsnFloor(maxLsnOnDisk: number, nextLsn: number): string | null {
  if (nextLsn > maxLsnOnDisk) return null;
  return `LSN reuse: the files named by the manifest held LSN ${maxLsnOnDisk} at start, but the next LSN is ${nextLsn}`;
}

function runOnce(engine: Engine, database: number, command: readonly string[]): string {
  const parser = new ReplyParser();
  const connection = engine.connect({
    address: 'checker:1', localAddress: 'checker:0', pendingOutputBytes: () => 0, close: () => undefined,
    write: (bytes) => parser.feed(bytes),
  });
  connection.databaseIndex = database;
  connection.receive(encodeCommand(command));
  const reply = parser.next();
  connection.disconnected();
  if (reply === undefined) throw new Error(`checker: no reply to ${command.join(' ')}`);
  return describeReply(reply);
}

function encodeCommand(args: readonly string[]): Uint8Array {
  let text = `*${args.length}\r\n`;
  for (const arg of args) text += `$${arg.length}\r\n${arg}\r\n`;
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function describeCommand(command: ObservedCommand): string {
  const { commands } = command.acknowledgement;
  return commands.length === 1 ? command.args.join(' ') : `${command.args.join(' ')} (in ${commands.map((each) => each.args[0]).join(', ')})`;
}

function compareKeyspaces(expected: readonly string[], actual: readonly string[]): string | null {
  if (expected.join('\n') === actual.join('\n')) return null;
  const actualSet = new Set(actual);
  const expectedSet = new Set(expected);
  const missing = expected.filter((line) => !actualSet.has(line)).slice(0, 3);
  const extra = actual.filter((line) => !expectedSet.has(line)).slice(0, 3);
  return `expected but missing: ${missing.join(' | ') || '-'}; present but not expected: ${extra.join(' | ') || '-'}`;
}
