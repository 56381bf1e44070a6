/**
 * CLIENT UNBLOCK, differentially: a reader blocked in BLPOP, BLMOVE, BZPOPMIN, XREAD or
 * XREADGROUP is ended by another connection with the default reason, TIMEOUT or ERROR, on
 * redis-server 7.0.15 and on ballast-server (1 and 4 shards), in RESP2 and RESP3. The
 * transcripts hold every reply in the order the scenario asks for them — CLIENT UNBLOCK's 1 or
 * 0, the unblocked client's reply, what it answers next, the errors for bad arguments, and the
 * blocked command's calls and failed_calls in INFO commandstats — and must be equal.
 */
import { SimpleString, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { useServerTrio } from '../support/server-trio.js';

const ports = useServerTrio();

/**
 * A step: connection 0 (the admin, answered at once) or 1 (the reader, answered later) sends a
 * command, in which `$1` stands for connection 1's id; or the transcript takes connection 1's next
 * reply; or waits until that many clients are blocked; or records a command's commandstats.
 */
type Step = { send: number; args: string } | { take: number } | { blocked: number } | { stats: string };

function infoText(info: Reply): string {
  return typeof info === 'string' ? info : (info as { text: string }).text;
}

/** `calls=…,failed_calls=…` of one command (usec varies from server to server). */
async function commandStats(client: RawClient, command: string): Promise<string> {
  const line = new RegExp(`cmdstat_${command}:calls=(\\d+),.*rejected_calls=(\\d+),failed_calls=(\\d+)`).exec(infoText(await client.call('INFO', 'commandstats')));
  return line === null ? 'none' : `calls=${line[1]},rejected_calls=${line[2]},failed_calls=${line[3]}`;
}

async function waitBlocked(client: RawClient, count: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (Number(/blocked_clients:(\d+)/.exec(infoText(await client.call('INFO', 'clients')))?.[1] ?? -1) === count) return;
    if (attempt > 200) throw new Error(`never saw ${count} blocked clients`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function transcript(port: number, protocol: 2 | 3, steps: readonly Step[]): Promise<Reply[]> {
  const clients = await Promise.all([0, 1].map(() => RawClient.connect(port)));
  try {
    if (!(await clients[0].call('FLUSHALL') instanceof SimpleString)) throw new Error('FLUSHALL failed');
    await clients[0].call('CONFIG', 'RESETSTAT');
    if (protocol === 3) for (const client of clients) await client.call('HELLO', '3');
    const readerId = String(await clients[1].call('CLIENT', 'ID'));
    const out: Reply[] = [];
    for (const step of steps) {
      if ('send' in step) {
        const args = step.args.split(' ').map((arg) => (arg === '$1' ? readerId : arg));
        if (step.send === 0) out.push(await clients[0].call(...args));
        else clients[step.send].write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
      } else if ('take' in step) {
        out.push(await clients[step.take].read(3000));
      } else if ('blocked' in step) {
        await waitBlocked(clients[0], step.blocked);
      } else {
        out.push(await commandStats(clients[0], step.stats));
      }
    }
    return out;
  } finally {
    for (const client of clients) client.close();
  }
}

const send = (connection: number, args: string): Step => ({ send: connection, args });
const take = (connection: number): Step => ({ take: connection });
const blocked = (count: number): Step => ({ blocked: count });
const stats = (command: string): Step => ({ stats: command });

const SCENARIOS: Array<[string, Step[]]> = [
  ['a blocked BLPOP: the default reason and TIMEOUT answer null, ERROR answers -UNBLOCKED; the reader goes on', [
    send(1, 'BLPOP l 0'), blocked(1), send(0, 'CLIENT UNBLOCK $1'), take(1), send(1, 'BLPOP l 0'), blocked(1),
    send(0, 'CLIENT UNBLOCK $1 timeout'), take(1), send(1, 'BLPOP l 0'), blocked(1), send(0, 'CLIENT UNBLOCK $1 ERROR'), take(1),
    send(1, 'PING'), take(1), send(0, 'RPUSH l x'), send(0, 'LRANGE l 0 -1'), stats('blpop'), send(0, 'INFO errorstats'),
  ]],
  ['BLMOVE, BZPOPMIN and BLMPOP are unblocked too, and leave their keys untouched', [
    send(1, 'BLMOVE a b LEFT RIGHT 0'), blocked(1), send(0, 'CLIENT UNBLOCK $1 TIMEOUT'), take(1),
    send(1, 'BZPOPMIN z 0'), blocked(1), send(0, 'CLIENT UNBLOCK $1 ERROR'), take(1),
    send(1, 'BLMPOP 0 2 a c LEFT COUNT 2'), blocked(1), send(0, 'CLIENT UNBLOCK $1'), take(1),
    send(0, 'RPUSH a 1 2'), send(0, 'EXISTS b'), send(0, 'LRANGE a 0 -1'), stats('blmove'), stats('bzpopmin'), stats('blmpop'),
  ]],
  ['XREAD and XREADGROUP: the group reader\'s consumer stays created', [
    send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREAD BLOCK 0 STREAMS s $'), blocked(1), send(0, 'CLIENT UNBLOCK $1'), take(1),
    send(1, 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'), blocked(1), send(0, 'CLIENT UNBLOCK $1 ERROR'), take(1),
    send(0, 'XINFO GROUPS s'), send(0, 'XADD s 1-0 f v'), send(0, 'XPENDING s g'), stats('xread'), stats('xreadgroup'),
  ]],
  ['0 for a client that is not blocked, an unknown id or the caller; errors for bad arguments', [
    send(0, 'CLIENT UNBLOCK $1'), send(0, 'CLIENT UNBLOCK 987654'), send(0, 'CLIENT UNBLOCK -3 ERROR'), send(0, 'CLIENT UNBLOCK asd'),
    send(0, 'CLIENT UNBLOCK asd maybe'), send(0, 'CLIENT UNBLOCK $1 ERROR x'), send(0, 'client unblock 1 2 3'),
    send(1, 'BLPOP l 0.05'), take(1), send(0, 'CLIENT UNBLOCK $1'), stats('client\\|unblock'),
    // After the stats: Ballast does not yet count an arity refusal in rejected_calls (Redis does).
    send(0, 'CLIENT UNBLOCK'),
  ]],
  ['a timed-out wait cannot be unblocked; a reader blocked with a timeout is ended before it', [
    send(1, 'BLPOP l 10'), blocked(1), send(0, 'CLIENT UNBLOCK $1 ERROR'), take(1), send(0, 'CLIENT UNBLOCK $1 ERROR'), blocked(0),
  ]],
];

describe.each([2, 3] as const)('CLIENT UNBLOCK matches redis-server in RESP%i', (protocol) => {
  it.each(SCENARIOS)('%s', async (_name, steps) => {
    const results: Record<string, Reply[]> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = await transcript(port, protocol, steps);
    expect(results['ballast --shards 1']).toEqual(results.redis);
    expect(results['ballast --shards 4']).toEqual(results.redis);
  }, 30_000);
});
