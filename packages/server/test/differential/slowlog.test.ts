/**
 * SLOWLOG, differentially: each scenario runs on redis-server 7.0.15 and on ballast-server (1
 * and 4 shards) with `slowlog-log-slower-than 0`, from a reset log, on a named connection (and a
 * second one for blocking pops). Every reply is compared; in SLOWLOG GET's entries the
 * timestamp must be near now and the duration an integer ≥ 0, the id counts from the first
 * entry, and a client's address is replaced by which connection it is — the rest (arguments as
 * logged, cut and redacted, the client name) must be equal.
 */
import { ErrorReply, SimpleString, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { useServerTrio } from '../support/server-trio.js';

const ports = useServerTrio();

const LONG = 'x'.repeat(200);
const MANY = Array.from({ length: 40 }, (_, i) => `m${i}`).join(' ');

/** Each line a command of connection 0; `1> …` sends on connection 1 without waiting; `1<` takes its reply. */
const SCENARIOS: Array<[string, string[]]> = [
  ['entries, GET counts, LEN, RESET and the errors', [
    'SET k v', 'GET k', 'SLOWLOG LEN', 'SLOWLOG GET', 'SLOWLOG GET 1', 'SLOWLOG GET 0', 'SLOWLOG GET -1', 'SLOWLOG GET -2',
    'SLOWLOG GET abc', 'SLOWLOG GET 1 2', 'SLOWLOG LEN x', 'SLOWLOG NOPE', 'SLOWLOG HELP', 'SLOWLOG RESET', 'SLOWLOG GET',
  ]],
  ['long commands and long arguments are cut', [`SADD s ${MANY}`, `SET long ${LONG}`, 'SLOWLOG GET 2']],
  ['MULTI and what EXEC ran are logged, EXEC is not; a script\'s calls are logged as the script client', [
    'MULTI', 'SET a 1', 'INCR a', 'EXEC', "EVAL redis.call('incr','a') 0", 'SLOWLOG GET',
  ]],
  ['passwords are redacted', [
    'AUTH secret', 'CONFIG SET requirepass pw timeout 0', 'AUTH pw', 'AUTH default pw', 'HELLO 2 AUTH default pw SETNAME n2',
    'CONFIG SET requirepass ""', 'ACL SETUSER slowuser on >pw ~* +@all', 'ACL DELUSER slowuser', 'SLOWLOG GET',
  ]],
  ['max-len trims at the next command; -1 turns logging off', [
    'PING', 'PING', 'PING', 'CONFIG SET slowlog-max-len 2', 'SLOWLOG LEN', 'SLOWLOG GET',
    'CONFIG SET slowlog-log-slower-than -1', 'PING', 'SLOWLOG GET', 'CONFIG SET slowlog-max-len 128',
  ]],
  ['blocked pops are logged when served or unblocked, not when they time out', [
    '1> BLPOP l 0.05', '1<', '1> BLPOP l 0', 'WAITBLOCKED', 'RPUSH l x', '1<', '1> BLMOVE m n LEFT LEFT 0', 'WAITBLOCKED',
    'CLIENT UNBLOCK $1', '1<', 'SLOWLOG GET',
  ]],
];

function infoText(info: Reply): string {
  return typeof info === 'string' ? info : (info as { text: string }).text;
}

/**
 * Makes SLOWLOG GET's entries comparable: ids counted from the first entry, time and duration
 * checked and dropped, addresses named; the INFO polls of WAITBLOCKED (as many as timing needs)
 * are left out, and the ids after them are only checked to decrease.
 */
function stableEntries(reply: Reply, addresses: Map<string, string>, firstId: { value: number | undefined }, otherId: string): Reply {
  if (!Array.isArray(reply)) return reply;
  let previousId = Number.POSITIVE_INFINITY;
  let polled = false;
  const entries = [];
  for (const entry of reply) {
    const [id, time, duration, args, address, name] = entry as [number, number, number, string[], string, string];
    firstId.value ??= id;
    expect(id).toBeLessThan(previousId);
    previousId = id;
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(60);
    expect(Number.isInteger(duration) && duration >= 0).toBe(true);
    if (args.join(' ') === 'INFO clients') {
      polled = true;
      continue;
    }
    entries.push([polled ? 'id' : id - firstId.value, args.map((arg) => (arg === otherId ? '$1' : arg)), addresses.get(address) ?? address, name]);
  }
  return entries;
}

async function transcript(port: number, lines: readonly string[]): Promise<unknown[]> {
  const clients = await Promise.all([0, 1].map(() => RawClient.connect(port)));
  try {
    const [admin, other] = clients;
    if (!(await admin.call('FLUSHALL') instanceof SimpleString)) throw new Error('FLUSHALL failed');
    await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await admin.call('CLIENT', 'SETNAME', 'admin');
    const addresses = new Map<string, string>();
    for (const [index, client] of clients.entries()) {
      const info = infoText(await client.call('CLIENT', 'INFO'));
      addresses.set(/addr=(\S+)/.exec(info)![1], `connection ${index}`);
    }
    const otherId = String(await other.call('CLIENT', 'ID'));
    await admin.call('SLOWLOG', 'RESET');
    const firstId = { value: undefined as number | undefined };
    const out: unknown[] = [];
    for (const line of lines) {
      if (line === '1<') {
        out.push(await other.read(3000));
      } else if (line === 'WAITBLOCKED') {
        for (let attempt = 0; !/blocked_clients:1\r\n/.test(infoText(await admin.call('INFO', 'clients'))); attempt++) {
          if (attempt > 200) throw new Error('never blocked');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } else {
        const sendOther = line.startsWith('1> ');
        const args = (sendOther ? line.slice(3) : line).split(' ').map((arg) => (arg === '$1' ? otherId : arg === '""' ? '' : arg));
        if (sendOther) {
          other.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
        } else {
          const reply = await admin.call(...args);
          out.push(args[0].toUpperCase() === 'SLOWLOG' && args[1].toUpperCase() === 'GET' ? stableEntries(reply, addresses, firstId, otherId)
            // HELLO's reply holds the client id, which differs from server to server.
            : args[0] === 'HELLO' && !(reply instanceof ErrorReply) ? 'HELLO reply' : reply);
        }
      }
    }
    return out;
  } finally {
    await clients[0].call('CONFIG', 'SET', 'requirepass', '').catch(() => undefined);
    for (const client of clients) client.close();
  }
}

describe('SLOWLOG matches redis-server', () => {
  it.each(SCENARIOS)('%s', async (_name, lines) => {
    const results: Record<string, unknown[]> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = await transcript(port, lines);
    expect(results['ballast --shards 1']).toEqual(results.redis);
    expect(results['ballast --shards 4']).toEqual(results.redis);
  }, 30_000);
});
