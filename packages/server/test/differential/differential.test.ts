/**
 * Differential tests: the same generated command sequences run against a real redis-server
 * 7.0 and against ballast-server (1 shard and 4 shards); replies must be equal after
 * normalising only what Redis leaves random or unordered (normalize.ts). A failure prints the
 * fast-check seed and the shrunk sequence; add it to regressions.test.ts as a named case.
 */
import fc from 'fast-check';
import { SimpleString, type Reply } from '@ballast/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { FAMILIES } from './generators.js';
import { normalize } from './normalize.js';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 40);

let redis: RunningRedis;
const ballasts: RunningBallast[] = [];
const clients: Record<string, RawClient> = {};

beforeAll(async () => {
  redis = await startRedis();
  ballasts.push(await startBallast({ shards: 1 }), await startBallast({ shards: 4 }));
  clients.redis = await RawClient.connect(redis.port);
  clients['ballast --shards 1'] = await RawClient.connect(ballasts[0].port);
  clients['ballast --shards 4'] = await RawClient.connect(ballasts[1].port);
}, 60_000);

afterAll(async () => {
  for (const client of Object.values(clients)) client.close();
  await Promise.all([redis?.stop(), ...ballasts.map((ballast) => ballast.stop())]);
});

async function reset(client: RawClient): Promise<void> {
  await client.call('RESET');
  const flushed = await client.call('FLUSHALL');
  if (!(flushed instanceof SimpleString)) throw new Error(`FLUSHALL failed: ${JSON.stringify(flushed)}`);
}

/**
 * Runs one command; a *SCAN from cursor 0 is run to the end and answers the sorted union of
 * its batches (Redis leaves batch boundaries and order unspecified), or its first error.
 */
async function run(client: RawClient, command: string[]): Promise<Reply> {
  const cursorIndex = command[0] === 'SCAN' ? 1 : command[0].endsWith('SCAN') ? 2 : -1;
  if (cursorIndex < 0) return client.call(...command);
  const found = new Set<string>();
  const next = [...command];
  for (let batches = 0; batches < 1000; batches += 1) {
    const reply = await client.call(...next);
    if (!Array.isArray(reply)) return reply;
    const [cursor, items] = reply as [string, Reply[]];
    const pairs = command[0] === 'HSCAN' || command[0] === 'ZSCAN';
    for (let i = 0; i < items.length; i += pairs ? 2 : 1) found.add(JSON.stringify(pairs ? [items[i], items[i + 1]] : items[i]));
    if (cursor === '0') return [...found].sort();
    next[cursorIndex] = cursor;
  }
  throw new Error(`${command.join(' ')} did not finish in 1000 batches`);
}

/** Runs `commands` on every server and returns, per server, the normalised transcript. */
async function transcripts(commands: string[][], protocol: 2 | 3) {
  const out: Record<string, unknown[]> = {};
  for (const [name, client] of Object.entries(clients)) {
    await reset(client);
    if (protocol === 3) await client.call('HELLO', '3');
    const replies: unknown[] = [];
    for (const command of commands) replies.push([command.join(' '), normalize(command, await run(client, command))]);
    out[name] = replies;
  }
  return out;
}

describe.each(Object.keys(FAMILIES))('differential: %s', (family) => {
  it.each([2, 3] as const)('matches redis-server in RESP%i', async (protocol) => {
    await fc.assert(
      fc.asyncProperty(fc.array(FAMILIES[family], { minLength: 1, maxLength: 12 }), async (commands) => {
        const results = await transcripts(commands, protocol);
        expect(results['ballast --shards 1']).toEqual(results.redis);
        expect(results['ballast --shards 4']).toEqual(results.redis);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
