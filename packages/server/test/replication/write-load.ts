/**
 * A seeded write load for replication tests: every data type, relative and absolute expiries,
 * several databases, MULTI/EXEC blocks, scripts that write several keys, and whole-database
 * writes (FLUSHDB, SWAPDB) whose order across shards matters to a replica.
 */
import type { Redis } from 'ioredis';

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function writeCommands(seed: number, count: number): string[][] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const key = () => `k${Math.floor(random() * 40)}`;
  const commands: string[][] = [];
  const single = (): string[] => pick<() => string[]>([
    () => ['SET', `s:${key()}`, String(random())],
    () => ['SET', `s:${key()}`, 'v', 'EX', String(100 + Math.floor(random() * 1000))],
    () => ['INCRBY', `n:${key()}`, String(Math.floor(random() * 10))],
    () => ['INCRBYFLOAT', `f:${key()}`, '1.5'],
    () => ['APPEND', `s:${key()}`, 'x'],
    () => ['RPUSH', `l:${key()}`, 'a', 'b', String(random())],
    () => ['LPOP', `l:${key()}`],
    () => ['SADD', `set:${key()}`, pick(['a', 'b', 'c', 'd'])],
    () => ['SPOP', `set:${key()}`],
    () => ['HSET', `h:${key()}`, pick(['f1', 'f2']), String(random())],
    () => ['HINCRBYFLOAT', `h:${key()}`, 'f3', '0.25'],
    () => ['ZADD', `z:${key()}`, String(Math.floor(random() * 100)), pick(['m1', 'm2', 'm3'])],
    () => ['ZPOPMIN', `z:${key()}`],
    () => ['XADD', `x:${key()}`, '*', 'f', String(random())],
    () => ['PFADD', `hll:${key()}`, String(random())],
    () => ['SETBIT', `b:${key()}`, String(Math.floor(random() * 64)), '1'],
    () => ['EXPIRE', `l:${key()}`, '500'],
    () => ['PERSIST', `s:${key()}`],
    () => ['DEL', `s:${key()}`],
    () => ['SUNIONSTORE', `set:${key()}`, `set:${key()}`, `set:${key()}`],
    () => ['EVAL', "redis.call('set', KEYS[1], ARGV[1]); redis.call('incr', KEYS[2]); return 1", '2', `s:${key()}`, `n:${key()}`, 'lua'],
  ])();
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.2) {
      commands.push(['MULTI']);
      const size = 2 + Math.floor(random() * 4);
      for (let j = 0; j < size; j++) commands.push(single());
      commands.push(['EXEC']);
    } else if (roll < 0.23) {
      commands.push(['SELECT', String(Math.floor(random() * 3))]);
    } else if (roll < 0.235) {
      commands.push(pick([['FLUSHDB'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC']]));
      if (commands.at(-1)![0] === 'MULTI') commands.push(['SET', 'before-flush', '1'], ['FLUSHDB'], ['SET', 'after-flush', '1'], ['EXEC']);
      else if (commands.at(-1)![0] === 'EXEC') commands.pop();
    } else {
      commands.push(single());
    }
  }
  commands.push(['SELECT', '0']);
  return commands;
}

/** Sends the commands as one pipeline; replies (including errors such as WRONGTYPE) are not checked. */
export async function runWrites(redis: Redis, commands: readonly string[][]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const [name, ...args] of commands) pipeline.call(name, ...args);
  await pipeline.exec();
}
