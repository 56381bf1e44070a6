/**
 * The crash harness's command line:
 *   --iterations N   iterations to run (default 20)
 *   --shards K       ballast's shard count (default 1; redis-server has one keyspace)
 *   --appendfsync M  always | everysec | no (default always)
 *   --seed S         32-bit seed of the first iteration (default: a random one, printed)
 *   --target T       ballast | redis (default ballast)
 *   --replicas N     replication mode: a ballast primary with N ballast replicas (default 0: off)
 *   --durable K      replication mode: the primary's min-replicas-durable (default 1)
 */
import { randomInt } from 'node:crypto';
import type { FsyncMode } from '@ballast/core';
import { SEED_LIMIT } from './draw.js';
import type { Target } from './server-process.js';

export interface CrashOptions {
  readonly iterations: number;
  readonly shards: number;
  readonly appendfsync: FsyncMode;
  readonly seed: number;
  readonly target: Target;
  /** Replication mode (replication-iteration.ts) with this many replicas; 0: the restart harness. */
  readonly replicas: number;
  /** min-replicas-durable of the primary in replication mode. */
  readonly durable: number;
}

const FSYNC_MODES: readonly FsyncMode[] = ['always', 'everysec', 'no'];
const TARGETS: readonly Target[] = ['ballast', 'redis'];
const SHARDS_MAX = 1024;
const REPLICAS_MAX = 8;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got '${text}'`);
  return value;
}

function oneOf<T extends string>(name: string, text: string, values: readonly T[]): T {
  if (!values.includes(text as T)) throw new Error(`--${name} must be one of ${values.join(', ')}, got '${text}'`);
  return text as T;
}

/** Parses the arguments; throws an Error whose message names the bad one. */
export function parseCrashOptions(argv: readonly string[]): CrashOptions {
  const given = new Map<string, string>();
  for (let position = 0; position < argv.length; position += 2) {
    const flag = argv[position];
    const value = argv[position + 1];
    if (!flag.startsWith('--') || value === undefined) throw new Error(`expected --option value, got '${argv.slice(position).join(' ')}'`);
    given.set(flag.slice(2), value);
  }
  const options: CrashOptions = {
    iterations: integer('iterations', given.get('iterations') ?? '20', 1, Number.MAX_SAFE_INTEGER),
    shards: integer('shards', given.get('shards') ?? '1', 1, SHARDS_MAX),
    appendfsync: oneOf('appendfsync', given.get('appendfsync') ?? 'always', FSYNC_MODES),
    seed: integer('seed', given.get('seed') ?? String(randomInt(SEED_LIMIT - 1)), 0, SEED_LIMIT - 1),
    target: oneOf('target', given.get('target') ?? 'ballast', TARGETS),
    replicas: integer('replicas', given.get('replicas') ?? '0', 0, REPLICAS_MAX),
    durable: integer('durable', given.get('durable') ?? '1', 1, REPLICAS_MAX),
  };
  if (options.replicas > 0 && (options.target !== 'ballast' || options.durable > options.replicas)) {
    throw new Error('--replicas needs --target ballast and --durable at most --replicas');
  }
  const unknown = [...given.keys()].filter((name) => !(name in options));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.map((name) => `--${name}`).join(', ')}`);
  return options;
}
