/**
 * A replication run's options drawn from its seed (swarm testing, as for single-node runs): the
 * number of replicas (2–3), k for min-replicas-durable (1 to n−1, at most 2), shards (1–2),
 * rounds of faults (8–20), clients (1–3) and the replicas' appendfsync (always or everysec). Options given on the command line override the
 * draws, and the reproduce line spells every option out.
 */
import { deriveRandom, randomInteger } from '../seed-streams.js';
import type { ReplicationDefectName, ReplicationRunOptions } from './replication-run.js';

export interface ReplicationOverrides {
  readonly replicas?: number;
  readonly durable?: number;
  readonly shards?: number;
  readonly rounds?: number;
  readonly clients?: number;
  readonly appendfsync?: 'always' | 'everysec';
  readonly plant?: ReplicationDefectName;
}

export function replicationOptions(seed: number, overrides: ReplicationOverrides = {}): ReplicationRunOptions {
  const random = deriveRandom(seed, 'replication-options');
  const replicas = overrides.replicas ?? randomInteger(random, 2, 3);
  const durable = overrides.durable ?? randomInteger(random, 1, Math.min(2, replicas - 1));
  const shards = overrides.shards ?? randomInteger(random, 1, 2);
  const rounds = overrides.rounds ?? randomInteger(random, 8, 20);
  const clients = overrides.clients ?? randomInteger(random, 1, 3);
  // Drawn after the others, so the options drawn before it stay as they were for every seed.
  const appendfsync = overrides.appendfsync ?? (randomInteger(random, 0, 1) === 0 ? 'always' : 'everysec');
  if (!(replicas >= 1 && durable >= 1 && durable <= replicas)) throw new Error(`bad replication options: ${replicas} replicas, min-replicas-durable ${durable}`);
  return { seed, replicas, durable, shards, rounds, clients, appendfsync, plant: overrides.plant };
}

export function describeReplicationOptions(options: ReplicationRunOptions): string {
  return `${options.replicas} replicas, min-replicas-durable ${options.durable}, replicas' appendfsync ${options.appendfsync}, ${options.shards} shard(s), ${options.rounds} rounds, `
    + `${options.clients} client(s)${options.plant === undefined ? '' : `, planted ${options.plant}`}`;
}

export function replicationReproduceLine(options: ReplicationRunOptions): string {
  return `ballast-sim replication --seed ${options.seed} --replicas ${options.replicas} --durable ${options.durable} --shards ${options.shards} `
    + `--rounds ${options.rounds} --clients ${options.clients} --appendfsync ${options.appendfsync}${options.plant === undefined ? '' : ` --plant ${options.plant}`}`;
}
