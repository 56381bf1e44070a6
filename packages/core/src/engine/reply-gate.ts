/**
 * ReplyGate: the one place that decides when output may leave (DESIGN: the reply gate). It is
 * given commit progress and answers, for every reply, whether it goes now or waits.
 *
 * - Commit progress comes from sources (local fsync today; replica acknowledgements and the
 *   function store's commits can be added without the engine changing): committedLsn is the
 *   minimum over the sources, and it only moves forward.
 * - Under appendfsync always (gating on), a reply waits for its own unit's LSN and for the last
 *   uncommitted write of every key its command read (all of the database's, for database-wide
 *   reads), so no client sees a value a crash could take back. A blocked command's reply waits
 *   for both calls: the one that blocked (its unit, its reads) and the one that served it (see
 *   bothWaits). WAITAOF's reply waits for committedLsn whatever the mode.
 * - A pub/sub message published while a unit is open (PUBLISH inside MULTI or a script, a
 *   keyspace notification) waits for that unit's LSN, stamped when the unit closes: no
 *   subscriber learns of a write a crash could take back. A unit that logged nothing releases
 *   its messages as it closes.
 * - A client's output keeps its order: everything behind a held reply is held too. Held output
 *   is released in order as committedLsn advances; after a durability failure, what can never
 *   be covered becomes the failure's error reply (a held message is dropped instead).
 * - A source may give up on the LSNs through some point (replica-fsync past
 *   min-replicas-durable-timeout): output that waits for one of them and that every other
 *   source covers becomes the source's error — the write's, or the read's when the command only
 *   read such a write — and a held message is dropped. Covered later, output leaves as usual.
 */
import { assert } from '../assert.js';
import { keyPositions } from '../commands/key-positions.js';
import type { CommandSpec } from '../commands/types.js';
import { UncommittedKeys } from '../effects/uncommitted-keys.js';
import type { ByteString } from '../resp/byte-string.js';
import type { ErrorReply, Reply } from '../resp/reply.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

/** The commit source of the local AOF: committed once fsynced on every shard it touched. */
export const LOCAL_FSYNC = 'local-fsync';

/**
 * What a reply waits for: `released` — the gate's release point (everything when gating is
 * off, else committedLsn); `committed` — committedLsn, whatever the mode (WAITAOF).
 */
export interface ReplyWait {
  readonly lsn: number;
  readonly until: 'released' | 'committed';
  /** The command logged a unit of its own (a source's give-up answers it with the write's error). */
  readonly wrote?: boolean;
}

export const NO_WAIT: ReplyWait = Object.freeze({ lsn: 0, until: 'released' });

/**
 * A wait for both `first` and `second`: a blocked command's reply waits for what its first call
 * logged and read as well as for the call that served it. Were their kinds ever to differ (no
 * blocking command waits for `committed` today: WAITAOF neither blocks nor runs in scripts), the
 * result waits for `committed`, which may be later than needed but never earlier.
 */
export function bothWaits(first: ReplyWait, second: ReplyWait): ReplyWait {
  if (first.lsn === 0) return second;
  if (second.lsn === 0) return first;
  if (first.until === second.until) return first.lsn >= second.lsn ? first : second;
  return { lsn: Math.max(first.lsn, second.lsn), until: 'committed' };
}

/** A client's output as the gate sees it. */
export interface GatedOutput {
  readonly closed: boolean;
  /** The protocol the client speaks now (HELLO changes it): a held reply keeps the one it was made in. */
  readonly protocol: 2 | 3;
  /** Encodes `reply` into the client's output buffer now, in `protocol` (the client's current one by default). */
  emit(reply: Reply, protocol?: 2 | 3): void;
}

interface HeldReply {
  /** UNSTAMPED until the unit a published message waits for closes. */
  lsn: number;
  readonly until: 'released' | 'committed';
  readonly reply: Reply;
  /** A published message: dropped, not replaced by the error, when it can never be covered. */
  readonly published: boolean;
  readonly wrote: boolean;
  /** The client's protocol when the reply was made: a HELLO pipelined after it must not change its encoding. */
  readonly protocol: 2 | 3;
}

/** A source gave up on the LSNs through `throughLsn`: what waits for them gets these errors. */
export interface GivenUp {
  readonly source: string;
  readonly throughLsn: number;
  readonly writeError: ErrorReply;
  readonly readError: ErrorReply;
}

/** The LSN of a published message whose unit is still open: nothing covers it. */
const UNSTAMPED = Number.POSITIVE_INFINITY;

/** The waits of a command in progress (see commandWaits). */
export interface ReplyWaitState {
  readonly readLsn: number;
  readonly commitLsn: number;
}

export class ReplyGate {
  private readonly sources = new Map<string, number>();
  /** Sources left out of the minimum for now (a primary's replica-fsync while the node follows another). */
  private readonly waived = new Set<string>();
  private committed = 0;
  /** Under appendfsync always: keys whose last write is not committed yet (else null). */
  private uncommitted: UncommittedKeys | null = null;
  private failureReply: ErrorReply | null = null;
  private givenUp: GivenUp | null = null;
  /** Held output per client, in the order clients first held something. */
  private readonly held = new Map<GatedOutput, HeldReply[]>();
  /** Messages published in the open unit, to be stamped with its LSN when it closes. */
  private unstamped: HeldReply[] = [];
  /** The running command's reply waits for these (reset by beginCommand). */
  private readLsn = 0;
  private commitLsn = 0;

  constructor(private readonly databaseCount: number, private readonly defects: PlantedDefects = NO_PLANTED_DEFECTS) {}

  /** Highest LSN committed by every source (0 when there is none). */
  get committedLsn(): number {
    return this.committed;
  }

  /** The LSN below which `released` replies leave (everything, when replies are not gated). */
  get releasedLsn(): number {
    return this.uncommitted === null ? Number.MAX_SAFE_INTEGER : this.committed;
  }

  get gating(): boolean {
    return this.uncommitted !== null;
  }

  /** Set once the durability pipeline failed: the error writes and stranded replies get. */
  get durabilityFailure(): ErrorReply | null {
    return this.failureReply;
  }

  /** Starts counting a source of commit progress, committed through `lsn` (its recovered cut). */
  addCommitSource(source: string, lsn: number): void {
    assert(!this.sources.has(source), () => `commit source ${source} added twice`);
    this.sources.set(source, lsn);
    this.committed = Math.min(...this.sources.values());
  }

  /** `source` committed through `lsn`. Call release() (inside an event) afterwards. */
  advance(source: string, lsn: number): void {
    const previous = this.sources.get(source);
    assert(previous !== undefined, () => `commit progress from unknown source ${source}`);
    assert(lsn >= previous, () => `commit source ${source} went back from ${previous} to ${lsn}`);
    this.sources.set(source, lsn);
    this.recompute();
  }

  /**
   * Leaves `source` out of the minimum (waived: true) or counts it again. A source counted again
   * resumes at the committed LSN if it was behind it: what was committed while it was waived
   * stays committed (the gate never goes back). Call release() (inside an event) afterwards.
   */
  waive(source: string, waived: boolean): void {
    const lsn = this.sources.get(source);
    assert(lsn !== undefined, () => `waiving unknown commit source ${source}`);
    if (waived) this.waived.add(source);
    else if (this.waived.delete(source)) this.sources.set(source, Math.max(lsn, this.committed));
    this.recompute();
  }

  private recompute(): void {
    let committed = Number.MAX_SAFE_INTEGER;
    for (const [source, lsn] of this.sources) if (!this.waived.has(source)) committed = Math.min(committed, lsn);
    assert(committed >= this.committed, () => `committedLsn went back from ${this.committed} to ${committed}`);
    this.committed = committed;
    this.uncommitted?.committed(committed);
  }

  /**
   * `givenUp.source` will not vouch for the LSNs through `givenUp.throughLsn` in time: output
   * waiting for them is answered with its errors once every other source covers it. Call
   * release() (inside an event) afterwards.
   */
  giveUp(givenUp: GivenUp): void {
    assert(this.sources.has(givenUp.source), () => `giving up on unknown commit source ${givenUp.source}`);
    if (this.givenUp !== null && this.givenUp.throughLsn > givenUp.throughLsn) return;
    this.givenUp = givenUp;
  }

  /** The error for output waiting for `lsn` when a source gave up on it and every other source covers it, else null. */
  private givenUpError(lsn: number, until: 'released' | 'committed', wrote: boolean): ErrorReply | null {
    const givenUp = this.givenUp;
    if (givenUp === null || until !== 'released' || lsn > givenUp.throughLsn) return null;
    for (const [source, committed] of this.sources) {
      if (source !== givenUp.source && !this.waived.has(source) && committed < lsn) return null;
    }
    return wrote ? givenUp.writeError : givenUp.readError;
  }

  /** The durability pipeline failed for good. Call release() (inside an event) afterwards. */
  fail(error: ErrorReply): void {
    this.failureReply = error;
  }

  /**
   * Turns gating on (appendfsync always) or off. When it turns on after writes that were not
   * gated (`lastLoggedLsn` above committedLsn), their keys are unknown, so every read waits for
   * them. Turning it off releases everything held at once.
   */
  setGating(on: boolean, lastLoggedLsn: number): void {
    if (on && this.uncommitted === null) {
      this.uncommitted = new UncommittedKeys(this.databaseCount, this.committed < lastLoggedLsn ? lastLoggedLsn : 0);
    }
    if (!on && this.uncommitted !== null) {
      this.uncommitted = null;
      this.release();
    }
  }

  /** A key was written (or expired) in the open unit. */
  noteWrite(database: number, key: ByteString): void {
    this.uncommitted?.noteWrite(database, key);
  }

  /** A database was flushed or swapped in the open unit: every key of it waits. */
  noteFlush(database: number): void {
    this.uncommitted?.noteFlush(database);
  }

  /**
   * The open unit closed under `lsn` (0: it logged nothing): its messages now wait for `lsn`, and
   * for the uncommitted writes the command read (a keymiss must not reveal an uncommitted DEL).
   */
  unitClosed(lsn: number): void {
    this.uncommitted?.stamp(lsn);
    if (this.unstamped.length === 0) return;
    const stamp = Math.max(lsn, this.readLsn);
    for (const held of this.unstamped) held.lsn = stamp;
    this.unstamped = [];
    this.release();
  }

  /** A top-level command starts: its reply waits for nothing yet. */
  beginCommand(): void {
    this.readLsn = 0;
    this.commitLsn = 0;
  }

  /** A command read keys (under gating its reply waits for their last uncommitted writes). */
  noteRead(spec: CommandSpec, args: readonly ByteString[], database: number): void {
    const uncommitted = this.uncommitted;
    if (uncommitted === null || this.defects.readGatingOff) return;
    let lsn = spec.readsDatabase === true ? uncommitted.lsnOfDatabase(database) : 0;
    for (const position of keyPositions(spec, args)) lsn = Math.max(lsn, uncommitted.lsnOf(database, args[position]));
    if (lsn > this.readLsn) this.readLsn = lsn;
  }

  /** The running command read state last changed by the unit `lsn` (the function libraries): under gating its reply waits for it. */
  noteReadLsn(lsn: number): void {
    if (this.uncommitted === null || this.defects.readGatingOff || lsn <= this.committed) return;
    if (lsn > this.readLsn) this.readLsn = lsn;
  }

  /** What the running command's reply waits for so far: a suspended script keeps it across events. */
  commandWaits(): ReplyWaitState {
    return { readLsn: this.readLsn, commitLsn: this.commitLsn };
  }

  restoreCommandWaits(state: ReplyWaitState): void {
    this.readLsn = state.readLsn;
    this.commitLsn = state.commitLsn;
  }

  /** WAITAOF: the running command's reply waits until `lsn` is committed, whatever the mode. */
  holdUntilCommitted(lsn: number): void {
    this.commitLsn = Math.max(this.commitLsn, lsn);
  }

  /** What the reply of the command that just ran (and logged `unitLsn`, or 0) waits for. */
  replyWait(unitLsn: number): ReplyWait {
    if (this.commitLsn > 0) return { lsn: this.commitLsn, until: 'committed' };
    const lsn = Math.max(unitLsn, this.readLsn);
    return lsn === 0 ? NO_WAIT : { lsn, until: 'released', wrote: unitLsn > 0 };
  }

  /**
   * Sends `reply` to `output` now, or holds it (behind anything the client already holds).
   * `published`: a message about a command (a MONITOR line), dropped instead of replaced by the
   * durability failure's error when it can never be covered.
   */
  send(output: GatedOutput, reply: Reply, wait: ReplyWait, published = false): void {
    const queue = this.held.size > 0 ? this.held.get(output) : undefined;
    if (queue === undefined) {
      if (wait.lsn <= this.limit(wait)) return output.emit(reply);
      const substitute = this.failureReply ?? this.givenUpError(wait.lsn, wait.until, wait.wrote === true);
      if (substitute !== null) return published ? undefined : output.emit(substitute);
    }
    this.hold(output, { lsn: wait.lsn, until: wait.until, reply, published, wrote: wait.wrote === true, protocol: output.protocol });
  }

  /**
   * Sends a message published while a unit is open (PUBLISH, a keyspace notification): when
   * replies are gated it waits for the unit's LSN, stamped by unitClosed; otherwise as send.
   */
  sendPublished(output: GatedOutput, reply: Reply): void {
    if (this.uncommitted === null) return this.send(output, reply, NO_WAIT);
    const held: HeldReply = { lsn: UNSTAMPED, until: 'released', reply, published: true, wrote: false, protocol: output.protocol };
    this.unstamped.push(held);
    this.hold(output, held);
  }

  private hold(output: GatedOutput, held: HeldReply): void {
    const queue = this.held.get(output);
    if (queue === undefined) this.held.set(output, [held]);
    else queue.push(held);
  }

  /** Releases held output that is now covered, client by client, in order. */
  release(): void {
    const failure = this.failureReply;
    for (const [output, queue] of this.held) {
      let released = 0;
      for (const held of queue) {
        const covered = held.lsn <= this.limit(held);
        const substitute = covered || held.lsn === UNSTAMPED ? null : failure ?? this.givenUpError(held.lsn, held.until, held.wrote);
        if (!covered && substitute === null) break;
        if (!output.closed && (covered || !held.published)) output.emit(covered ? held.reply : substitute!, held.protocol);
        released++;
      }
      if (released === queue.length) this.held.delete(output);
      else if (released > 0) queue.splice(0, released);
    }
  }

  /**
   * Every reply held now that is not covered gets `error` instead (a held message is dropped):
   * the promise it waited for will not be kept here (a primary under min-replicas-durable that
   * starts following another). Covered output leaves as usual; what comes next is gated as before.
   */
  abandonHeld(error: ErrorReply): void {
    for (const [output, queue] of this.held) {
      for (const held of queue) {
        const covered = held.lsn <= this.limit(held);
        if (!output.closed && (covered || !held.published)) output.emit(covered ? held.reply : error, held.protocol);
      }
    }
    this.held.clear();
    this.unstamped = [];
  }

  private limit(wait: ReplyWait): number {
    return wait.until === 'committed' ? this.committed : this.releasedLsn;
  }
}
