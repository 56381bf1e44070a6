/**
 * The operations a client issues: single-key writes (XADD to a stream among them), cross-shard MSET,
 * MULTI/EXEC blocks and scripts (one EVAL running several writes on several shards, which must
 * be recovered all or none, like a MULTI/EXEC).
 * Each operation is a list of effects (one per key written) plus the commands that perform
 * them; every value it writes carries the operation's mark, so its effects are recognizable in
 * the recovered state.
 */
import type { Draw } from './draw.js';
import { HASH_FIELDS, KEYS_PER_TYPE, counterKey, keyOf, markOf, type KeyType } from './key-space.js';

export type Effect =
  | { readonly kind: 'set'; readonly key: string; readonly value: string }
  | { readonly kind: 'incr'; readonly key: string }
  | { readonly kind: 'rpush'; readonly key: string; readonly value: string }
  | { readonly kind: 'hset'; readonly key: string; readonly field: string; readonly value: string }
  | { readonly kind: 'sadd'; readonly key: string; readonly member: string }
  | { readonly kind: 'zadd'; readonly key: string; readonly score: number; readonly member: string }
  /** XADD key MAXLEN <STREAM_LENGTH_MAX> <index+1>-* v value: the ID's ms is the operation's, the server numbers the sequence. */
  | { readonly kind: 'xadd'; readonly key: string; readonly ms: number; readonly value: string };

export type OperationKind = Effect['kind'] | 'mset' | 'multi' | 'script';

export interface Operation {
  readonly client: number;
  /** Position in the client's sequence, counted over the whole iteration (all kills). */
  readonly index: number;
  readonly kind: OperationKind;
  readonly effects: readonly Effect[];
}

const OPERATION_WEIGHTS: Readonly<Record<OperationKind, number>> = {
  set: 20, incr: 10, rpush: 12, hset: 12, sadd: 8, zadd: 8, xadd: 8, mset: 15, multi: 15, script: 10,
};
const SINGLE_WEIGHTS: Readonly<Record<Effect['kind'], number>> = { set: 3, incr: 2, rpush: 2, hset: 2, sadd: 1, zadd: 1, xadd: 1 };
/** Streams are trimmed to this many entries (exactly), so XADD also logs trims. */
export const STREAM_LENGTH_MAX = 8;
/** Values are padded so that the log, and the rewrite of it, have some weight. */
const PADDING_BYTES_MAX = 256;
const MULTI_KEYS_MIN = 2;
const MULTI_KEYS_MAX = 4;

function slotKey(draw: Draw, client: number, type: KeyType): string {
  return keyOf(client, type, draw.int(0, KEYS_PER_TYPE[type] - 1));
}

function markedValue(draw: Draw, client: number, index: number): string {
  return `${markOf(client, index)}:${'x'.repeat(draw.int(0, PADDING_BYTES_MAX))}`;
}

function singleEffect(draw: Draw, kind: Effect['kind'], client: number, index: number): Effect {
  const value = markedValue(draw, client, index);
  switch (kind) {
    case 'set': return { kind, key: slotKey(draw, client, 'string'), value };
    case 'incr': return { kind, key: counterKey(client) };
    case 'rpush': return { kind, key: slotKey(draw, client, 'list'), value };
    case 'hset': return { kind, key: slotKey(draw, client, 'hash'), field: `f${draw.int(0, HASH_FIELDS - 1)}`, value };
    case 'sadd': return { kind, key: slotKey(draw, client, 'set'), member: value };
    case 'zadd': return { kind, key: slotKey(draw, client, 'zset'), score: index, member: value };
    case 'xadd': return { kind, key: slotKey(draw, client, 'stream'), ms: index + 1, value };
  }
}

/** Distinct string keys of the client, so that MSET writes each once. */
function msetEffects(draw: Draw, client: number, index: number): Effect[] {
  const slots = new Set<number>();
  const wanted = draw.int(MULTI_KEYS_MIN, MULTI_KEYS_MAX);
  while (slots.size < wanted) slots.add(draw.int(0, KEYS_PER_TYPE.string - 1));
  return [...slots].map((slot) => ({ kind: 'set', key: keyOf(client, 'string', slot), value: markedValue(draw, client, index) }));
}

export function nextOperation(draw: Draw, client: number, index: number): Operation {
  const kind = draw.weighted(OPERATION_WEIGHTS);
  if (kind === 'mset') return { client, index, kind, effects: msetEffects(draw, client, index) };
  if (kind === 'multi' || kind === 'script') {
    const count = draw.int(MULTI_KEYS_MIN, MULTI_KEYS_MAX);
    const effects = Array.from({ length: count }, () => singleEffect(draw, draw.weighted(SINGLE_WEIGHTS), client, index));
    return { client, index, kind, effects };
  }
  return { client, index, kind, effects: [singleEffect(draw, kind, client, index)] };
}

function effectCommand(effect: Effect): string[] {
  switch (effect.kind) {
    case 'set': return ['SET', effect.key, effect.value];
    case 'incr': return ['INCR', effect.key];
    case 'rpush': return ['RPUSH', effect.key, effect.value];
    case 'hset': return ['HSET', effect.key, effect.field, effect.value];
    case 'sadd': return ['SADD', effect.key, effect.member];
    case 'zadd': return ['ZADD', effect.key, String(effect.score), effect.member];
    case 'xadd': return ['XADD', effect.key, 'MAXLEN', String(STREAM_LENGTH_MAX), `${effect.ms}-*`, 'v', effect.value];
  }
}

/**
 * Runs the commands packed in ARGV (each as its length, then its words) and answers their
 * replies as one array: the same reply as EXEC of the same commands.
 */
export const RUN_COMMANDS_SCRIPT = `local replies = {}
local i = 1
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  replies[#replies + 1] = redis.call(unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
return replies`;

/** The commands that perform the operation, sent together; the last reply is the operation's. */
export function operationCommands(operation: Operation): string[][] {
  if (operation.kind === 'mset') return [['MSET', ...operation.effects.flatMap((effect) => effectCommand(effect).slice(1))]];
  if (operation.kind === 'script') {
    const commands = operation.effects.map(effectCommand);
    const keys = operation.effects.map((effect) => effect.key);
    return [['EVAL', RUN_COMMANDS_SCRIPT, String(keys.length), ...keys, ...commands.flatMap((command) => [String(command.length), ...command])]];
  }
  if (operation.kind === 'multi') return [['MULTI'], ...operation.effects.map(effectCommand), ['EXEC']];
  return [effectCommand(operation.effects[0])];
}
