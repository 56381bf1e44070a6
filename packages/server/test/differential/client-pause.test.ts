/**
 * CLIENT PAUSE / UNPAUSE, differentially: scenarios of an admin connection (0) and clients (1–3)
 * on redis-server 7.0.15 and on ballast-server (1 and 4 shards). A step sends a command and
 * waits for its reply (admin), or sends without waiting (clients, whose replies are taken
 * later, so what was postponed shows as a reply that comes only after UNPAUSE or the timeout),
 * or waits until that many clients are blocked (postponed clients count), or sleeps. The order
 * postponed commands ran in shows in the values they built. Every reply must be equal.
 */
import { SimpleString, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { useServerTrio } from '../support/server-trio.js';

const ports = useServerTrio();

type Step = { send: number; args: string } | { take: number } | { blocked: number } | { sleepMs: number } | { info: string };

function infoText(info: Reply): string {
  return typeof info === 'string' ? info : (info as { text: string }).text;
}

async function waitBlocked(admin: RawClient, count: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (Number(/blocked_clients:(\d+)/.exec(infoText(await admin.call('INFO', 'clients')))?.[1] ?? -1) === count) return;
    if (attempt > 200) throw new Error(`never saw ${count} blocked clients`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function request(args: string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

async function transcript(port: number, steps: readonly Step[]): Promise<unknown[]> {
  const clients = await Promise.all([0, 1, 2, 3].map(() => RawClient.connect(port)));
  const [admin] = clients;
  try {
    if (!(await admin.call('FLUSHALL') instanceof SimpleString)) throw new Error('FLUSHALL failed');
    await admin.call('CONFIG', 'RESETSTAT');
    await admin.call('FUNCTION', 'FLUSH');
    await admin.call('FUNCTION', 'LOAD', "#!lua name=pauselib\nredis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}\n"
      + "redis.register_function('rw', function() return 'rw' end)");
    const out: unknown[] = [];
    for (const step of steps) {
      if ('send' in step) {
        // `|` separates arguments that hold spaces (a script body).
        const args = step.args.includes('|') ? step.args.split('|') : step.args.split(' ');
        if (step.send === 0) out.push(await admin.call(...args));
        else clients[step.send].write(request(args));
      } else if ('take' in step) {
        out.push(await clients[step.take].read(5000));
      } else if ('blocked' in step) {
        await waitBlocked(admin, step.blocked);
      } else if ('info' in step) {
        out.push(new RegExp(`${step.info}:(\\S*)`).exec(infoText(await admin.call('INFO', 'everything')))?.[1]);
      } else {
        await new Promise((resolve) => setTimeout(resolve, step.sleepMs));
      }
    }
    return out;
  } finally {
    await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    for (const client of clients) client.close();
  }
}

const send = (connection: number, args: string): Step => ({ send: connection, args });
const take = (connection: number): Step => ({ take: connection });
const blocked = (count: number): Step => ({ blocked: count });
const sleep = (sleepMs: number): Step => ({ sleepMs });
const info = (field: string): Step => ({ info: field });

const SCENARIOS: Array<[string, Step[]]> = [
  ['WRITE: reads run, writes wait and run in the order they came when UNPAUSE ends the pause', [
    send(0, 'CLIENT PAUSE 100000 WRITE'), send(1, 'GET k'), take(1), send(1, 'PING'), take(1),
    send(1, 'APPEND k a'), blocked(1), send(2, 'APPEND k b'), blocked(2), send(3, 'APPEND k c'), blocked(3),
    send(0, 'GET k'), info('blocked_clients'), send(0, 'CLIENT UNPAUSE'), take(1), take(2), take(3), send(0, 'GET k'), info('blocked_clients'),
  ]],
  ['WRITE: PUBLISH and PFCOUNT wait too; a syntax error is answered at once', [
    send(0, 'PFADD h x'), send(0, 'CLIENT PAUSE 100000 WRITE'), send(1, 'PFCOUNT h'), blocked(1), send(2, 'PUBLISH ch m'), blocked(2),
    send(3, 'SET k'), take(3), send(0, 'CLIENT UNPAUSE'), take(1), take(2),
  ]],
  ['WRITE: scripts wait unless they declare no-writes; EVAL_RO and FCALL of a no-writes function run', [
    send(0, 'CLIENT PAUSE 100000 WRITE'), send(1, 'EVAL|return 1|0'), blocked(1), send(2, 'EVAL|#!lua\nreturn 2|0'), blocked(2),
    send(3, 'FCALL rw 0'), blocked(3), send(0, 'EVAL|#!lua flags=no-writes\nreturn 3|0'), send(0, 'EVAL_RO|return 4|0'), send(0, 'FCALL ro 0'),
    send(0, 'FCALL_RO ro 0'), send(0, 'CLIENT UNPAUSE'), take(1), take(2), take(3),
  ]],
  ['WRITE: EXEC of a queued write waits; a read-only transaction runs', [
    send(1, 'MULTI'), take(1), send(1, 'SET k v'), take(1), send(0, 'CLIENT PAUSE 100000 WRITE'), send(1, 'EXEC'), blocked(1),
    send(2, 'MULTI'), take(2), send(2, 'GET k'), take(2), send(2, 'PING'), take(2), send(2, 'EXEC'), take(2),
    send(0, 'CLIENT UNPAUSE'), take(1), send(0, 'GET k'),
  ]],
  ['a pause given inside a transaction starts when it ends', [
    send(0, 'MULTI'), send(0, 'SET a 1'), send(0, 'CLIENT PAUSE 100000 WRITE'), send(0, 'SET b 2'), send(0, 'EXEC'),
    send(1, 'SET c 3'), blocked(1), send(0, 'MGET a b c'), send(0, 'CLIENT UNPAUSE'), take(1), send(0, 'MGET a b c'),
  ]],
  ['ALL: every command waits, CLIENT UNPAUSE too, until the timeout; clients resume in order', [
    send(0, 'CLIENT PAUSE 300 ALL'), send(1, 'SET k 1'), sleep(30), send(2, 'GET k'), sleep(30), send(3, 'CLIENT UNPAUSE'),
    take(1), take(2), take(3), send(0, 'GET k'),
  ]],
  ['expired keys read as missing but stay while paused, and expire after', [
    send(0, 'SET k v PX 20'), info('expired_keys'), send(0, 'CLIENT PAUSE 100000 WRITE'), sleep(250), send(0, 'GET k'), send(0, 'DBSIZE'),
    info('expired_keys'), send(0, 'CLIENT UNPAUSE'), send(0, 'GET k'), info('expired_keys'),
  ]],
  ['errors', [
    send(0, 'CLIENT PAUSE 10 READ'), send(0, 'CLIENT PAUSE x READ'), send(0, 'CLIENT PAUSE x'), send(0, 'CLIENT PAUSE -1'),
    send(0, 'CLIENT PAUSE 1 ALL x'), send(0, 'CLIENT UNPAUSE x'), send(0, 'CLIENT PAUSE'), send(0, 'CLIENT PAUSE 0'), send(0, 'SET k v'),
    send(0, 'CLIENT UNPAUSE'),
  ]],
];

describe('CLIENT PAUSE matches redis-server', () => {
  it.each(SCENARIOS)('%s', async (_name, steps) => {
    const results: Record<string, unknown[]> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = await transcript(port, steps);
    expect(results['ballast --shards 1']).toEqual(results.redis);
    expect(results['ballast --shards 4']).toEqual(results.redis);
  }, 30_000);
});
