/**
 * Client-side caching (CLIENT TRACKING) against redis-server. Every subcommand and error text is
 * compared byte for byte on pipelined transcripts (RESP2 and RESP3); the client ids a REDIRECT
 * names differ between the servers, so those replies are compared with the ids replaced. Then a
 * generated sequence of reads and writes (seeded, the same on both) runs against a RESP3 tracker,
 * a RESP2 tracker redirecting to a subscribed client, an OPTIN tracker, a BCAST tracker with
 * prefixes and NOLOOP, and a RESP2 tracker without redirection (which gets nothing): everything
 * each connection receives, replies and invalidations in their order, must be identical (the writes
 * include MULTI, scripts, FLUSH*, MOVE, RENAME, COPY and SWAPDB, which Redis 7.0 does not invalidate
 * for). Ballast
 * runs twice: one shard under everysec, and four shards under appendfsync always, where every
 * invalidation waits for its write's commit.
 */
import { describe, expect, it } from 'vitest';
import { SimpleString, type Reply } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { echoTranscript } from '../support/echo-transcript.js';
import { useGatedTrio } from '../support/server-trio.js';

const split = (lines: string) => lines.split(';').map((line) => line.trim().split(' '));

/** A reply as text, RESP3 types included (the parser's classes keep their names). */
function render(reply: Reply): string {
  return JSON.stringify(reply, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value.constructor === Object) return value;
    return { [value.constructor.name]: { ...value } };
  });
}

/** PING's reply: RESP2 and RESP3, and RESP2 while subscribed. */
const PONGS = new Set([render(new SimpleString('PONG')), render(['pong', ''])]);

/** A tiny seeded generator (LCG), so both servers get the same sequence. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('CLIENT TRACKING against redis-server', () => {
  const servers = useGatedTrio();

  it.each([
    ['TRACKING argument errors', 'CLIENT TRACKING; CLIENT TRACKING maybe; CLIENT TRACKING on BOGUS; CLIENT TRACKING on REDIRECT; CLIENT TRACKING on REDIRECT x; '
      + 'CLIENT TRACKING on REDIRECT 999999; CLIENT TRACKING on REDIRECT 0; CLIENT TRACKING on REDIRECT -1; CLIENT TRACKING on PREFIX; CLIENT TRACKING maybe BCAST; '
      + 'CLIENT TRACKING off REDIRECT 999999; CLIENT TRACKING on PREFIX a; CLIENT TRACKING on BCAST OPTIN; CLIENT TRACKING on BCAST OPTOUT; CLIENT TRACKING on OPTIN OPTOUT'],
    ['prefix overlaps', 'CLIENT TRACKING on BCAST PREFIX FOOBAR PREFIX FOO; CLIENT TRACKING on BCAST PREFIX FOO PREFIX FOOBAR; CLIENT TRACKING on BCAST PREFIX a PREFIX a; '
      + 'CLIENT TRACKING on BCAST PREFIX FOO PREFIX BAR; CLIENT TRACKING on BCAST PREFIX FO; CLIENT TRACKING on BCAST PREFIX BARB; CLIENT TRACKING on BCAST PREFIX FOO; '
      + 'CLIENT TRACKING on BCAST PREFIX; CLIENT TRACKING on BCAST PREFIX baz; CLIENT TRACKINGINFO; CLIENT TRACKING on BCAST PREFIX \u0000x; CLIENT TRACKING off'],
    ['switching modes while on', 'CLIENT TRACKING on; CLIENT TRACKING on BCAST; CLIENT TRACKING on OPTIN; CLIENT TRACKING on NOLOOP; CLIENT TRACKINGINFO; CLIENT TRACKING off; '
      + 'CLIENT TRACKING on OPTIN; CLIENT TRACKING on OPTOUT; CLIENT TRACKING on OPTIN NOLOOP; CLIENT TRACKINGINFO; CLIENT TRACKING off; CLIENT TRACKING on BCAST; '
      + 'CLIENT TRACKING on; CLIENT TRACKING on BCAST PREFIX x; CLIENT TRACKINGINFO; CLIENT TRACKING off; CLIENT TRACKINGINFO'],
    ['CACHING, GETREDIR and their errors', 'CLIENT CACHING yes; CLIENT CACHING; CLIENT CACHING yes no; CLIENT GETREDIR; CLIENT GETREDIR x; CLIENT TRACKING on; '
      + 'CLIENT CACHING yes; CLIENT CACHING no; CLIENT CACHING maybe; CLIENT GETREDIR; CLIENT TRACKING on OPTIN; CLIENT CACHING no; CLIENT CACHING yes; '
      + 'CLIENT TRACKINGINFO; PING; CLIENT TRACKINGINFO; CLIENT TRACKING off; CLIENT TRACKING on OPTOUT; CLIENT CACHING yes; CLIENT CACHING no; CLIENT ID x; '
      + 'CLIENT TRACKINGINFO; CLIENT TRACKINGINFO x; CLIENT TRACKING off'],
    // A transcript never goes back to RESP2: Ballast encodes a reply held for a commit in the protocol of its release (see the report of issue 14).
    ['TRACKINGINFO in RESP3', 'CLIENT REPLY SKIP; HELLO 3; CLIENT TRACKINGINFO; CLIENT TRACKING on OPTOUT NOLOOP; CLIENT CACHING no; CLIENT TRACKINGINFO; CLIENT TRACKING off; '
      + 'CLIENT TRACKING on BCAST PREFIX b PREFIX a; CLIENT TRACKINGINFO; CLIENT TRACKING off'],
    ['HELP', 'CLIENT HELP'],
    ['a RESP3 client\'s own invalidations follow its replies', 'CLIENT REPLY SKIP; HELLO 3; FLUSHALL; CLIENT TRACKING on; SET k 1; GET k; SET k 2; GET k; MULTI; GET k; INCR k; EXEC; '
      + 'HSET h f 1; HGET h f; HDEL h f; MGET a b; MSET a 1 b 2; GET a; FLUSHDB; GET a; CLIENT TRACKING on NOLOOP; GET a; SET a 3; CLIENT TRACKING off; SET a 4; '
      + 'CLIENT TRACKING on; GET z; SWAPDB 0 1; SWAPDB 0 1; SET z 1'],
    ['a RESP3 BCAST client\'s own changes, with and without NOLOOP', 'CLIENT REPLY SKIP; HELLO 3; FLUSHALL; CLIENT TRACKING on BCAST PREFIX p: PREFIX q:; SET p:1 1; MSET q:2 2 p:3 3 r:1 1; '
      + 'CLIENT TRACKING off; CLIENT TRACKING on BCAST NOLOOP; SET x 1; CLIENT TRACKING off'],
  ])('%s', async (_name, lines) => {
    const commands = split(lines);
    const expected = await echoTranscript(servers.redisPort(), commands);
    for (const port of servers.ballastPorts) expect(await echoTranscript(port, commands)).toBe(expected);
  });

  /** REDIRECT to another connection, a client gone, GETREDIR, TRACKINGINFO and CLIENT INFO's flags, with the ids named. */
  async function redirections(port: number): Promise<string[]> {
    const [tracker, target] = await Promise.all([RawClient.connect(port), RawClient.connect(port)]);
    const writer = await RawClient.connect(port);
    const targetId = String(await target.call('CLIENT', 'ID'));
    const seen: string[] = [];
    const note = (reply: Reply) => seen.push(render(reply).replaceAll(targetId, '<target>'));
    // CLIENT INFO: only the tracking fields (ids, addresses and ages differ).
    const noteInfo = (reply: Reply) => seen.push(/ (flags=\S+) .* (redir=\S+) /.exec(typeof reply === 'string' ? reply : String((reply as { text: string }).text))!
      .slice(1).join(' ').replaceAll(targetId, '<target>'));
    try {
      note(await writer.call('FLUSHALL'));
      note(await tracker.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', targetId, 'REDIRECT', targetId));
      note(await tracker.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', targetId, 'NOLOOP'));
      note(await tracker.call('CLIENT', 'GETREDIR'));
      note(await tracker.call('CLIENT', 'TRACKINGINFO'));
      noteInfo(await tracker.call('CLIENT', 'INFO'));
      note(await tracker.call('GET', 'k'));
      note(await writer.call('SET', 'k', '1'));
      note(await target.call('PING'));
      note(await target.call('SUBSCRIBE', 'elsewhere'));
      note(await tracker.call('GET', 'k'));
      note(await writer.call('SET', 'k', '2'));
      note(await target.read());
      await tracker.call('HELLO', '3');
      note(await tracker.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', targetId));
      note(await tracker.call('GET', 'k'));
      target.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      note(await writer.call('SET', 'k', '3'));
      note(await tracker.call('PING'));
      note(await tracker.read());
      note(await tracker.call('CLIENT', 'TRACKINGINFO'));
      noteInfo(await tracker.call('CLIENT', 'INFO'));
      note(await tracker.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', targetId));
      note(await tracker.call('CLIENT', 'TRACKING', 'off'));
      noteInfo(await tracker.call('CLIENT', 'INFO'));
      return seen;
    } finally {
      for (const connection of [tracker, target, writer]) connection.close();
    }
  }

  it('REDIRECT, GETREDIR, TRACKINGINFO, CLIENT INFO flags and tracking-redir-broken', async () => {
    const expected = await redirections(servers.redisPort());
    for (const port of servers.ballastPorts) expect(await redirections(port)).toEqual(expected);
  });

  /** The generated workload's transcript: everything each connection received, in order. */
  async function invalidationStreams(port: number, seed: number, steps: number): Promise<Record<string, string[]>> {
    const names = ['redirection', 'resp3', 'redirected', 'optin', 'bcast', 'resp2', 'writer'] as const;
    const clients = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await RawClient.connect(port)] as const))) as Record<typeof names[number], RawClient>;
    // `steps`: the commands run, so that a difference shows what led to it.
    const seen: Record<string, string[]> = Object.fromEntries([...names, 'steps'].map((name) => [name, []]));
    const redirectionId = String(await clients.redirection.call('CLIENT', 'ID'));
    const call = async (name: typeof names[number], ...args: string[]) => {
      if (args[0] !== 'PING') seen.steps.push(`${name}: ${args.join(' ')}`);
      seen[name].push(render(await clients[name].call(...args)));
    };
    /** PING, and everything that arrives up to its PONG: no connection lags behind into the next step. */
    const sync = async (name: typeof names[number]) => {
      clients[name].write('*1\r\n$4\r\nPING\r\n');
      for (;;) {
        const reply = render(await clients[name].read());
        seen[name].push(reply);
        if (PONGS.has(reply)) return;
      }
    };
    try {
      await call('writer', 'FLUSHALL');
      await call('redirection', 'SUBSCRIBE', '__redis__:invalidate');
      for (const name of ['resp3', 'optin', 'bcast'] as const) await clients[name].call('HELLO', '3');
      await call('resp3', 'CLIENT', 'TRACKING', 'on');
      // Not among the steps: the id differs between the servers.
      seen.redirected.push(render(await clients.redirected.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', redirectionId)));
      await call('optin', 'CLIENT', 'TRACKING', 'on', 'OPTIN');
      await call('bcast', 'CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a:', 'PREFIX', 'h:', 'NOLOOP');
      await call('resp2', 'CLIENT', 'TRACKING', 'on');
      const random = sequence(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const strings = ['a:1', 'a:2', 'b:1', 'c:1', 'a:10'];
      const readers = ['resp3', 'redirected', 'optin', 'bcast', 'resp2'] as const;
      for (let step = 0; step < steps; step++) {
        // Each stream marks where a step starts, so that a difference names its step.
        for (const name of names) seen[name].push(`step ${step}`);
        seen.steps.push(`step ${step}`);
        const roll = random();
        const key = pick(strings);
        if (roll < 0.4) {
          const reader = pick(readers);
          if (reader === 'optin' && random() < 0.5) await call(reader, 'CLIENT', 'CACHING', 'yes');
          const read = pick([['GET', key], ['MGET', key, pick(strings)], ['EXISTS', key, pick(strings)], ['STRLEN', key], ['HGET', 'h:1', 'f'],
            ['LRANGE', 'l:1', '0', '-1'], ['TYPE', key]]);
          await call(reader, ...read);
        } else {
          const writer = roll < 0.85 ? 'writer' : pick(readers);
          const write = pick([['SET', key, String(step)], ['DEL', key], ['APPEND', key, 'x'], ['INCR', key], ['EXPIRE', key, '100'], ['PERSIST', key],
            ['HSET', 'h:1', 'f', String(step)], ['HDEL', 'h:1', 'f'], ['RPUSH', 'l:1', 'x'], ['LPOP', 'l:1'], ['RENAME', key, pick(strings)],
            ['MSET', key, '1', pick(strings), '2'], ['SETNX', key, 'n'], ['GETDEL', key], ['COPY', key, pick(strings), 'REPLACE'], ['MOVE', key, '1'],
            ['SWAPDB', '0', '1']]);
          if (random() < 0.08) {
            await call(writer, 'MULTI');
            await call(writer, ...write);
            await call(writer, 'GET', pick(strings));
            await call(writer, 'SET', pick(strings), 'm');
            await call(writer, 'EXEC');
          } else if (random() < 0.03) {
            await call(writer, pick(['FLUSHALL', 'FLUSHDB']));
          } else if (random() < 0.05) {
            await call(writer, 'EVAL', "redis.call('get', KEYS[2]) return redis.call('set', KEYS[1], ARGV[1])", '2', key, pick(strings), 'e');
          } else {
            await call(writer, ...write);
          }
        }
        // A round trip on every connection: what was sent to it before is in front of the PONG.
        for (const name of names) await sync(name);
      }
      return seen;
    } finally {
      for (const client of Object.values(clients)) client.close();
    }
  }

  it.each([[1, 250], [7, 250], [42, 250]])('a generated sequence of reads and writes (seed %i, %i steps): every connection receives the same', async (seed, steps) => {
    const expected = await invalidationStreams(servers.redisPort(), seed, steps);
    expect(expected.redirection.some((line) => line.includes('__redis__:invalidate'))).toBe(true);
    expect(expected.resp3.some((line) => line.includes('invalidate'))).toBe(true);
    for (const port of servers.ballastPorts) expect(await invalidationStreams(port, seed, steps)).toEqual(expected);
  }, 120_000);
});
