/**
 * Writes a history of steps (commands, MULTI/EXEC blocks, waits, blocking pops by a second
 * client, CLIENT UNBLOCK of it) through an engine that logs its units, then replays every logged
 * effect shard by shard on a fresh engine: the effect-replay properties compare the two keyspaces.
 */
import { expect } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import type { Engine } from '../../src/engine/engine.js';
import { dumpKeyspace } from '../../src/engine/keyspace-dump.js';
import { ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort } from './test-engine.js';

export type Step =
  | { kind: 'command'; args: string[] }
  | { kind: 'multi'; commands: string[][] }
  | { kind: 'wait'; ms: number }
  /** A blocking command (BLPOP k 0.5, XREADGROUP … BLOCK …) sent by a second client. */
  | { kind: 'block'; args: string[] }
  /** CLIENT UNBLOCK of the second client, sent by the first (0 when it is not blocked). */
  | { kind: 'unblock'; how: 'TIMEOUT' | 'ERROR' };

export interface HistoryOptions {
  readonly shards: number;
  readonly config?: Record<string, string>;
  /** Seeds of the writing and of the replaying engine's randomness. */
  readonly seed?: number;
  readonly replaySeed?: number;
}

export function writeAndReplay(options: HistoryOptions, steps: readonly Step[]): { written: string[]; replayed: string[]; units: UnitEffects[]; writer: Engine } {
  const { shards, config } = options;
  const units: UnitEffects[] = [];
  const writer = createTestEngine({ shards, config, seed: options.seed, durability: durabilityPort((unit) => units.push(unit)) });
  writer.engine.beginLogging(0);
  writer.engine.start();
  const client = writer.client();
  const blocker = writer.client();
  for (const current of steps) {
    if (current.kind === 'command') client.call(...current.args);
    else if (current.kind === 'wait') writer.clock.advanceMs(current.ms);
    else if (current.kind === 'block') blocker.call(...current.args);
    else if (current.kind === 'unblock') client.call('CLIENT', 'UNBLOCK', blocker.connection.id, current.how);
    else {
      client.call('MULTI');
      for (const args of current.commands) client.call(...args);
      client.call('EXEC');
    }
  }
  writer.engine.stop();
  return { written: dumpKeyspace(writer.engine), replayed: replayUnits({ shards, config, seed: options.replaySeed }, units), units, writer: writer.engine };
}

/** Replays every unit's effects shard by shard on a fresh engine (each must succeed) and dumps its keyspace. */
export function replayUnits(options: { shards: number; config?: Record<string, string>; seed?: number }, units: readonly UnitEffects[]): string[] {
  const reader = createTestEngine(options);
  for (const unit of units) {
    unit.forEach((effects, shard) => {
      for (const effect of effects) {
        const reply = reader.engine.replayEffect(shard, effect.database, effect.args);
        expect(reply, `replaying ${effect.args.join(' ')}`).not.toBeInstanceOf(ErrorReply);
      }
    });
  }
  return dumpKeyspace(reader.engine);
}
