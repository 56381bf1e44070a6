/**
 * Blocking stream reads, differentially: scenarios with several connections — readers blocked
 * in XREAD or XREADGROUP, a writer that serves them (XADD), ends their wait (XGROUP DESTROY,
 * DEL, SET, FLUSHALL) or lets them time out — run on redis-server 7.0.15 and on ballast-server
 * (1 and 4 shards), in RESP2 and RESP3. Each transcript lists every reply in the order the
 * scenario asks for them; the transcripts must be equal. Generated sequences run on one
 * connection and never block, so this is where served-in-arrival-order and the ends of a wait
 * are compared.
 */
import { SimpleString, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { useServerTrio } from '../support/server-trio.js';

const ports = useServerTrio();

/** A step: a connection (0 writes, 1… read) sends a command, or the transcript takes a connection's next reply. */
type Step = { send: number; args: string } | { take: number } | { blocked: number };

async function blockedClients(client: RawClient): Promise<number> {
  const info = await client.call('INFO', 'clients');
  const text = typeof info === 'string' ? info : (info as { text: string }).text;
  return Number(/blocked_clients:(\d+)/.exec(text)?.[1] ?? -1);
}

async function transcript(port: number, protocol: 2 | 3, steps: readonly Step[]): Promise<Reply[]> {
  const clients = await Promise.all([0, 1, 2].map(() => RawClient.connect(port)));
  try {
    const flushed = await clients[0].call('FLUSHALL');
    if (!(flushed instanceof SimpleString)) throw new Error('FLUSHALL failed');
    if (protocol === 3) for (const client of clients) await client.call('HELLO', '3');
    const out: Reply[] = [];
    for (const step of steps) {
      if ('send' in step) {
        const args = step.args.split(' ');
        if (step.send === 0) out.push(await clients[0].call(...args));
        else clients[step.send].write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
      } else if ('take' in step) {
        out.push(await clients[step.take].read(3000));
      } else {
        // Wait until that many clients are blocked, so the next write finds them parked.
        for (let attempt = 0; (await blockedClients(clients[0])) !== step.blocked; attempt++) {
          if (attempt > 200) throw new Error(`never saw ${step.blocked} blocked clients`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
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

const SCENARIOS: Array<[string, Step[]]> = [
  ['XREAD BLOCK is served by an XADD to any of its keys; $ means after the last entry', [
    send(0, 'XADD b 1-1 f v'), send(1, 'XREAD BLOCK 0 STREAMS a b $ $'), blocked(1), send(0, 'XADD b 2-0 g w'), take(1),
    send(1, 'XREAD COUNT 1 BLOCK 0 STREAMS a 0'), blocked(1), send(0, 'XADD a 5-0 x 1'), take(1),
  ]],
  ['blocked readers are served in arrival order, a group reader gets up to COUNT new entries', [
    send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREADGROUP GROUP g alice COUNT 2 BLOCK 0 STREAMS s >'), blocked(1),
    send(2, 'XREADGROUP GROUP g bob BLOCK 0 STREAMS s >'), blocked(2), send(0, 'MULTI'), send(0, 'XADD s 1-0 f 1'), send(0, 'XADD s 2-0 f 2'),
    send(0, 'XADD s 3-0 f 3'), send(0, 'EXEC'), take(1), take(2), send(1, 'XREAD BLOCK 0 STREAMS s $'), blocked(1), send(2, 'XREAD BLOCK 0 STREAMS s $'), blocked(2),
    send(0, 'XADD s 4-0 f 4'), take(1), take(2), send(0, 'XPENDING s g'), send(0, 'XINFO GROUPS s'),
  ]],
  ['a blocked XREADGROUP gets -NOGROUP when its group goes and -UNBLOCKED when its stream does', [
    send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'), blocked(1), send(0, 'XGROUP DESTROY s g'), take(1),
    send(0, 'XGROUP CREATE s g $'), send(1, 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'), blocked(1), send(0, 'DEL s'), take(1),
    send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'), blocked(1), send(0, 'SET s x'), take(1),
    send(0, 'DEL s'), send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'), blocked(1), send(0, 'FLUSHALL'), take(1),
  ]],
  ['a blocked XREAD outlives DEL and a SET of its key and is served by a later stream; timeouts answer null', [
    send(0, 'XADD s 5-0 f v'), send(1, 'XREAD BLOCK 0 STREAMS s $'), blocked(1), send(0, 'DEL s'), send(0, 'SET s x'), send(0, 'DEL s'),
    send(0, 'XADD s 4-0 f old'), send(0, 'XADD s 6-0 f new'), take(1), send(1, 'XREAD BLOCK 30 STREAMS s $'), take(1),
    send(1, 'XREADGROUP GROUP nope c BLOCK 30 STREAMS s >'), take(1),
  ]],
  ['NOACK readers and a consumer created only when served; XADD that a blocked reader takes leaves lag 0', [
    send(0, 'XGROUP CREATE s g $ MKSTREAM'), send(1, 'XREADGROUP GROUP g bob BLOCK 0 NOACK STREAMS s >'), blocked(1),
    send(0, 'XINFO CONSUMERS s g'), send(0, 'XADD s 1-0 f v'), take(1), send(0, 'XPENDING s g'), send(0, 'XINFO GROUPS s'),
  ]],
];

/** XINFO CONSUMERS' idle depends on the clock; keep only names and pending counts. */
function stable(reply: Reply): Reply {
  return JSON.parse(JSON.stringify(reply, (_key, value) => (typeof value === 'bigint' ? String(value) : value))
    .replace(/"idle",\d+/g, '"idle","t"')) as Reply;
}

describe.each([2, 3] as const)('blocking stream reads match redis-server in RESP%i', (protocol) => {
  it.each(SCENARIOS)('%s', async (_name, steps) => {
    const results: Record<string, Reply[]> = {};
    for (const [name, port] of Object.entries(ports)) results[name] = (await transcript(port, protocol, steps)).map(stable);
    expect(results['ballast --shards 1']).toEqual(results.redis);
    expect(results['ballast --shards 4']).toEqual(results.redis);
  }, 30_000);
});
