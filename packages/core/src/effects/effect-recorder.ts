/**
 * EffectRecorder: collects the shard-local effects of the writes the engine runs, grouped into
 * units. A unit is what gets one global LSN: one top-level command, one MULTI/EXEC, one served
 * blocked client, or one active-expiry cycle. The engine closes units; the durability pipeline
 * turns each into one entry frame per shard it touched.
 *
 * The databases report every change (keyModified, databaseFlushed, keyExpired); at the end of
 * each command the recorder turns what that command changed into effects by the LogRule on its spec.
 * Lazy and active expiry, and eviction, are logged as DEL at the moment they happen, so replay
 * (which never expires or evicts keys itself) sees the same deletions in the same order.
 */
import { keyPositions } from '../commands/key-positions.js';
import type { CommandSpec } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import { valueCommands } from '../keyspace/value-commands.js';
import type { Effect, UnitEffects } from '../aof/effect.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import type { SlotTable } from '../routing/slot-table.js';
import { logRuleOf, type ResolvedLogRule } from './effect-rules.js';
import { assert } from '../assert.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';


const NO_STREAM: readonly Effect[] = [];

interface Touch {
  readonly shard: number;
  readonly database: number;
  readonly key: ByteString | null;
  /** The exact effect the handler reported for this change (LogRule `reported`). */
  readonly effect?: readonly ByteString[];
}

export class EffectRecorder {
  /** Off while replaying a log and when the AOF is disabled. */
  enabled = false;
  /** The running command's client's home shard; used only by the planted defect entriesOnHomeShard. */
  homeShard = -1;
  /**
   * Also collect each unit's effects in the order they ran, each once (an as-typed command logged
   * on several shards appears once): the replication stream, which needs the order across shards
   * that per-shard entries do not keep. Off until a replica attaches.
   */
  streamEnabled = false;
  /** The stream of the unit takeUnit closed last (empty when streamEnabled is off). */
  takenStream: readonly Effect[] = [];
  private unit: Effect[][];
  private stream: Effect[] = [];
  private unitEmpty = true;
  private readonly touches: Touch[] = [];
  private readonly marks: number[] = [];

  constructor(
    private readonly shards: readonly (readonly Database[])[],
    private readonly slots: SlotTable,
    private readonly defects: PlantedDefects = NO_PLANTED_DEFECTS,
  ) {
    this.unit = shards.map(() => []);
  }

  keyModified(shard: number, database: number, key: ByteString): void {
    if (this.enabled && this.marks.length > 0) this.touches.push({ shard, database, key });
  }

  databaseFlushed(shard: number, database: number): void {
    if (this.enabled && this.marks.length > 0) this.touches.push({ shard, database, key: null });
  }

  /** A handler reported the exact effect of its change to `key` (LogRule `reported`). */
  keyEffect(shard: number, database: number, key: ByteString, effect: readonly ByteString[]): void {
    if (this.enabled && this.marks.length > 0) this.touches.push({ shard, database, key, effect: [...effect] });
  }

  /**
   * The running command changed server state that is not a key (the function libraries): it is
   * logged as typed on shard 0, the server-state shard, whose base snapshots carry that state.
   */
  serverStateChanged(): void {
    if (this.enabled && this.marks.length > 0) this.touches.push({ shard: 0, database: 0, key: null });
  }

  keyExpired(shard: number, database: number, key: ByteString): void {
    if (this.enabled) this.add(shard, database, ['DEL', key]);
  }

  /**
   * A key was evicted (maxmemory): logged as DEL into the open unit — the unit of the command it
   * was evicted before, so replay deletes it before applying that command, or the unit of the
   * eviction event. Replay never evicts by itself.
   */
  keyEvicted(shard: number, database: number, key: ByteString): void {
    if (this.enabled) this.add(shard, database, ['DEL', key]);
  }

  /** A command starts (commands nest: EXEC runs its queue inside its own span). */
  beginCommand(): void {
    this.marks.push(this.touches.length);
  }

  /** A command ended: log what it changed. `database` is the client's database when it began. */
  endCommand(spec: CommandSpec, args: readonly ByteString[], reply: Reply, database: number): void {
    const from = this.marks.pop();
    assert(from !== undefined, 'endCommand without beginCommand');
    // A command is logged by the rule its spec declares: every write declares one, and so does a
    // read that may change a key on the way (PFCOUNT refreshing an HLL's cached count).
    if (this.enabled && this.touches.length > from && spec.logAs !== undefined) {
      this.record(spec, args, reply, database, from);
    }
    this.dropTouchesFrom(from);
  }

  /**
   * A blocked command was served by a retry: its changes are logged as the resulting state of
   * the keys it touched. A retry is not the command as typed — it skips keys of another type
   * that the typed command would refuse with WRONGTYPE — so replaying it as typed could fail.
   * (Found by the simulator: a BLMPOP served from its second key.)
   */
  endServedRetry(spec: CommandSpec, args: readonly ByteString[], reply: Reply, database: number): void {
    const from = this.marks.pop();
    assert(from !== undefined, 'endServedRetry without beginCommand');
    if (this.enabled && this.touches.length > from) this.record(spec, args, reply, database, from, spec.logAs === 'reported' ? 'reported' : 'resulting-state');
    this.dropTouchesFrom(from);
  }

  /**
   * A blocking command ended without being served (it blocked, or a retry found nothing): it
   * changed nothing but the keys it found expired, already logged as DEL. It must not be logged
   * as typed — replayed, it would block. (Found by the simulator: BLMPOP after a lazy expiry.)
   */
  endUnservedCommand(): void {
    const from = this.marks.pop();
    assert(from !== undefined, 'endUnservedCommand without beginCommand');
    // What a blocking stream read changed before it blocked (a consumer group's state) was
    // reported exactly; that is logged.
    for (let i = from; i < this.touches.length; i++) {
      const { shard, database, effect } = this.touches[i];
      if (effect !== undefined) this.add(shard, database, effect);
    }
    this.dropTouchesFrom(from);
  }

  /** Forgets the touches from position `from` on; most commands left none, and setting an array's length costs a builtin call. */
  private dropTouchesFrom(from: number): void {
    if (this.touches.length !== from) this.touches.length = from;
  }

  /**
   * A command replicas receive but the log does not: PUBLISH and SPUBLISH, which Redis 7.0
   * propagates to replicas only (forceCommandPropagation with PROPAGATE_REPL), in the stream in
   * the order it ran among the unit's effects.
   */
  replicateOnly(database: number, args: readonly ByteString[]): void {
    if (this.streamEnabled) this.stream.push({ database, args: [...args] });
  }

  /**
   * Closes the open unit: its effects per shard, or null when it changed nothing — and then
   * `takenStream` holds what it has for replicas only (a PUBLISH outside any write), if anything.
   */
  takeUnit(): UnitEffects | null {
    // An empty stream (always, while no replica is attached) is not replaced: no array per unit.
    if (this.stream.length === 0) {
      this.takenStream = NO_STREAM;
    } else {
      this.takenStream = this.stream;
      this.stream = [];
    }
    if (this.unitEmpty) return null;
    const unit = this.unit;
    this.unit = this.shards.map(() => []);
    this.unitEmpty = true;
    return unit;
  }

  private record(spec: CommandSpec, args: readonly ByteString[], reply: Reply, database: number, from: number,
    rule: ResolvedLogRule = logRuleOf(spec, args)): void {
    // A write that failed after changing something (a key it expired on the way) must not be
    // replayed as typed: it would fail again on replay. Its changes are logged as state below.
    if (rule === 'as-typed' && !(reply instanceof ErrorReply)) {
      const shards = this.shardsOf(spec, args, from);
      if (shards.length === 1 || !hasKeys(spec, args)) {
        for (let i = 0; i < shards.length; i++) this.add(shards[i], database, args, i === 0);
        return;
      }
    } else if (rule === 'reported') {
      this.recordReported(from);
      return;
    } else if (typeof rule === 'object' && !(reply instanceof ErrorReply)) {
      const effects = rule.rewrite(args, reply);
      if (effects !== undefined) {
        const shard = this.slots.shardOfKey(args[1]);
        for (const effect of effects) this.add(shard, database, effect);
        return;
      }
    }
    for (const touch of this.uniqueTouches(from)) this.recordState(touch, rule);
  }

  /** Logs the key as it is now: DEL when gone, else its whole value (or only its expiry). */
  private recordState(touch: Touch, rule: ResolvedLogRule): void {
    const db = this.shards[touch.shard][touch.database];
    const key = touch.key as ByteString;
    const value = db.entries.get(key);
    const expireAtMs = db.expires.get(key);
    if (value === undefined) this.add(touch.shard, touch.database, ['DEL', key]);
    else if (rule !== 'absolute-expiry') for (const command of valueCommands(key, value, expireAtMs)) this.add(touch.shard, touch.database, command);
    else if (expireAtMs === undefined) this.add(touch.shard, touch.database, ['PERSIST', key]);
    else this.add(touch.shard, touch.database, ['PEXPIREAT', key, String(expireAtMs)]);
  }

  /** The reported effects in order; a changed key with none reported is logged as its state. */
  private recordReported(from: number): void {
    const reported = new Set<string>();
    for (let i = from; i < this.touches.length; i++) {
      const touch = this.touches[i];
      if (touch.effect === undefined) continue;
      reported.add(`${touch.shard}:${touch.database}:${touch.key}`);
      this.add(touch.shard, touch.database, touch.effect);
    }
    for (const touch of this.uniqueTouches(from)) {
      if (!reported.has(`${touch.shard}:${touch.database}:${touch.key}`)) this.recordState(touch, 'resulting-state');
    }
  }

  /** The shards an as-typed command must be logged on: of its keys, or of what it changed. */
  private shardsOf(spec: CommandSpec, args: readonly ByteString[], from: number): number[] {
    const shards = new Set<number>();
    if (this.shards.length === 1) return [0];
    const positions = keyPositions(spec, args);
    if (positions.length > 0) for (const position of positions) shards.add(this.slots.shardOfKey(args[position]));
    else for (let i = from; i < this.touches.length; i++) shards.add(this.touches[i].shard);
    return [...shards];
  }

  private uniqueTouches(from: number): Touch[] {
    const seen = new Set<string>();
    const unique: Touch[] = [];
    for (let i = from; i < this.touches.length; i++) {
      const touch = this.touches[i];
      if (touch.key === null) throw new Error('a keyed write flushed a database');
      const id = `${touch.shard}:${touch.database}:${touch.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      unique.push(touch);
    }
    return unique;
  }

  private add(shard: number, database: number, args: readonly ByteString[], inStream = true): void {
    const effect = { database, args };
    this.unit[this.homeShard >= 0 && this.defects.entriesOnHomeShard ? this.homeShard : shard].push(effect);
    if (this.streamEnabled && inStream) this.stream.push(effect);
    this.unitEmpty = false;
  }
}

function hasKeys(spec: CommandSpec, args: readonly ByteString[]): boolean {
  return keyPositions(spec, args).length > 0;
}
