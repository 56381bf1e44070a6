/**
 * MONITOR, differentially: a monitor watches two connections run a script of commands on
 * redis-server 7.0.15 and on ballast-server (1 and 4 shards); the lines it receives must be equal
 * once each line's timestamp is checked (`<seconds>.<6 digits>`, near now) and dropped and each
 * client address is replaced by which connection it is. The script covers databases, quoting of
 * binary arguments, scripts and functions (fed before the commands they run, which come from
 * `lua`), MULTI/EXEC (EXEC after its commands; an aborted one too), blocking commands (fed when
 * they block), AUTH and HELLO redaction, and what is never fed: admin commands, refused ones.
 * The replies the monitor itself gets (its keyspace refusal, PING, RESET) are compared too.
 */
import { ErrorReply, SimpleString, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { useServerTrio } from '../support/server-trio.js';

const ports = useServerTrio();

const LIBRARY = "#!lua name=monlib\nredis.register_function('monfn', function(keys) return redis.call('set', keys[1], 'f') end)";

/**
 * Each step: which connection (0 or 1) sends which arguments; the reply is awaited unless
 * `async`, when connection 0 then waits (with CLIENT LIST, which is admin and not fed) until the
 * other is blocked.
 */
const SCRIPT: Array<{ from: 0 | 1; args: string[]; async?: boolean }> = [
  { from: 0, args: ['SET', 'foo', 'bar'] },
  { from: 0, args: ['GET', 'foo'] },
  { from: 0, args: ['SELECT', '2'] },
  { from: 0, args: ['SET', 'bin', 'a"b\\c\r\n\t\x07\x08\x00\xff\x7f end'] },
  { from: 0, args: ['SELECT', '0'] },
  { from: 0, args: ['EVAL', "redis.call('select', 3) return redis.call('set', KEYS[1], ARGV[1])", '1', 'k', 'v'] },
  { from: 0, args: ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'] },
  { from: 0, args: ['FUNCTION', 'LOAD', 'REPLACE', LIBRARY] },
  { from: 0, args: ['FCALL', 'monfn', '1', 'fk'] },
  { from: 0, args: ['MULTI'] },
  { from: 0, args: ['SET', 'm', '1'] },
  { from: 0, args: ['INCR', 'm'] },
  { from: 0, args: ['EXEC'] },
  { from: 0, args: ['MULTI'] },
  { from: 0, args: ['NOSUCHCOMMAND', 'x'] },
  { from: 0, args: ['EXEC'] },
  { from: 1, args: ['BLPOP', 'list', '0'], async: true },
  { from: 0, args: ['RPUSH', 'list', 'x'] },
  { from: 0, args: ['AUTH', 'not-real'] },
  { from: 0, args: ['AUTH', 'not-real', 'not-a-password'] },
  { from: 0, args: ['HELLO', '2', 'AUTH', 'not-real', 'not-a-password'] },
  { from: 0, args: ['CONFIG', 'GET', 'hz'] },
  { from: 0, args: ['CLIENT', 'LIST'] },
  { from: 0, args: ['CLIENT', 'ID'] },
  { from: 0, args: ['GET'] },
  { from: 0, args: ['FUNCTION', 'DELETE', 'monlib'] },
  { from: 1, args: ['ECHO', 'done'] },
];

/** The monitor's lines with the timestamp checked and dropped, and addresses named. */
function normalized(line: Reply, addresses: Map<string, string>): string {
  expect(line).toBeInstanceOf(SimpleString);
  const match = /^(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$/s.exec((line as SimpleString).value);
  expect(match, String((line as SimpleString).value)).not.toBeNull();
  const [, seconds, , database, origin, args] = match!;
  expect(Math.abs(Number(seconds) - Date.now() / 1000)).toBeLessThan(60);
  return `[${database} ${addresses.get(origin) ?? origin}] ${args}`;
}

async function waitBlocked(client: RawClient): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const list = await client.call('CLIENT', 'LIST');
    if (/ flags=b /.test(typeof list === 'string' ? list : (list as { text: string }).text)) return;
    if (attempt > 200) throw new Error('never blocked');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function transcript(port: number): Promise<unknown[]> {
  const [monitor, first, second] = await Promise.all([0, 1, 2].map(() => RawClient.connect(port)));
  try {
    await first.call('FLUSHALL');
    const addresses = new Map<string, string>();
    for (const [name, client] of [['first', first], ['second', second], ['monitor', monitor]] as const) {
      const info = await client.call('CLIENT', 'INFO');
      addresses.set(/addr=(\S+)/.exec(typeof info === 'string' ? info : (info as { text: string }).text)![1], name);
    }
    const out: unknown[] = [await monitor.call('MONITOR')];
    for (const { from, args, async } of SCRIPT) {
      const client = from === 0 ? first : second;
      if (async !== true) {
        await client.call(...args);
        continue;
      }
      client.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`);
      await waitBlocked(first);
    }
    await second.read();
    for (;;) {
      const line = normalized(await monitor.read(), addresses);
      out.push(line);
      if (line.endsWith('"ECHO" "done"')) break;
    }
    // What the monitor itself is answered: keyspace commands refused, others run and fed, RESET ends it.
    const refusal = await monitor.call('GET', 'foo');
    out.push(refusal instanceof ErrorReply ? refusal.message : refusal, await monitor.call('PING'), normalized(await monitor.read(), addresses));
    out.push(await monitor.call('RESET'), await monitor.call('GET', 'foo'));
    return out;
  } finally {
    for (const client of [monitor, first, second]) client.close();
  }
}

describe('MONITOR matches redis-server', () => {
  it('feeds the same lines for the same commands', async () => {
    const results: Record<string, unknown[]> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = await transcript(port);
    expect(results['ballast --shards 1']).toEqual(results.redis);
    expect(results['ballast --shards 4']).toEqual(results.redis);
  }, 30_000);
});
