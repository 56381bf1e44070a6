/**
 * Replays logged effects (recovery, base snapshots, the simulator's reference) through the
 * ordinary command handlers, each on the one shard whose log holds it: a ShardReplayContext
 * shows that shard as if it were the whole server, at REPLAY_TIME_MS, so nothing expires by
 * itself. An error reply means the log and the code disagree.
 */
import type { CommandTable } from '../commands/table.js';
import { BlockRequest } from '../commands/types.js';
import type { EngineServices } from '../commands/services.js';
import { REPLAY_TIME_MS, ShardReplayContext } from '../effects/replay-context.js';
import type { Random } from '../io/random.js';
import type { Database } from '../keyspace/database.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import type { SlotTable } from '../routing/slot-table.js';
import { resolveCommand } from './command-resolver.js';

export interface ReplayTarget {
  readonly services: EngineServices;
  readonly shards: readonly (readonly Database[])[];
  readonly slots: SlotTable;
  readonly random: Random;
  readonly table: CommandTable;
  /** Sets the engine's command time (lazy expiry reads it). */
  setCommandTime(ms: number): void;
}

export class EffectReplayer {
  private contexts: ShardReplayContext[] | null = null;

  constructor(private readonly target: ReplayTarget) {}

  replay(shard: number, database: number, args: readonly ByteString[]): Reply {
    const { target } = this;
    this.contexts ??= target.shards.map((databases) => new ShardReplayContext(target.services, databases, target.slots, target.random));
    const context = this.contexts[shard];
    context.databaseIndex = database;
    const resolved = resolveCommand(target.table, args);
    if (resolved instanceof ErrorReply) return resolved;
    target.setCommandTime(REPLAY_TIME_MS);
    const reply = resolved.definition.handler(context, args);
    return reply instanceof BlockRequest ? new ErrorReply('ERR replayed command would block') : reply;
  }
}
