/**
 * An in-process Engine with a connection that answers synchronously (real wall clock, no timers),
 * and its keyspace as an RDB image for core's writer — for tests that build a dump from commands
 * without starting a server.
 */
import { Config, Engine, ReplyParser, seededRandom, type RdbImage, type Reply } from '@ballast/core';

export function inProcessEngine(config: Record<string, string> = {}): { engine: Engine; call: (...args: string[]) => Reply } {
  const clock = { now: () => Date.now(), monotonic: () => performance.now(), schedule: () => ({ cancel: () => undefined }) };
  const engine = new Engine({
    config: new Config(config), clock, random: seededRandom(7),
    host: {
      version: '0.0.0', processId: 1, runId: '0'.repeat(40), tcpPort: 0, executable: '', configFile: '', os: 'test',
      memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
      cpuUsage: () => ({ systemUs: 0, userUs: 0, childrenSystemUs: 0, childrenUserUs: 0, mainThread: undefined }),
    },
  });
  const parser = new ReplyParser();
  const replies: Reply[] = [];
  const connection = engine.connect({
    address: 'test:1', localAddress: 'test:0', pendingOutputBytes: () => 0, close() {},
    write: (bytes) => {
      parser.feed(bytes);
      for (let reply = parser.next(); reply !== undefined; reply = parser.next()) replies.push(reply);
    },
  });
  const call = (...args: string[]): Reply => {
    connection.receive(Uint8Array.from(`*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`, (char) => char.charCodeAt(0)));
    return replies.shift()!;
  };
  return { engine, call };
}

/**
 * The engine's keyspace (every shard and database) and libraries as an RDB image, with fixed AUX
 * fields. `extraExpires` adds expiry times in database 0 the engine would not hold (a time in
 * the past: a key a load skips as already expired).
 */
export function rdbImageOf(engine: Engine, extraExpires: ReadonlyMap<string, number> = new Map()): RdbImage {
  const databases = engine.shards.flatMap((shard) => shard.map((database) => {
    const { keys, values } = database.entries.copyArrays();
    const expires = database.expires.copyArrays();
    for (const [key, timeMs] of extraExpires) {
      if (database.index === 0 && database.entries.has(key)) {
        expires.keys.push(key);
        expires.values.push(timeMs);
      }
    }
    return { index: database.index, keys, values, expireKeys: expires.keys, expireTimes: expires.values };
  }));
  return {
    databases, functionLibraries: engine.scripting.libraryCodes(),
    aux: { redisVersion: '7.0.15', ctimeSeconds: 1_700_000_000, usedMemoryBytes: 1_000_000, aofBase: false },
  };
}
