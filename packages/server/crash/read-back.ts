/**
 * Reads the recovered state after a restart: SCAN for every key (to catch keys no client wrote),
 * then a type-appropriate read of every key the clients own. Reads go one at a time: what is
 * checked is the recovered state, not how a server paces megabytes of pipelined replies.
 */
import { ErrorReply, type Reply } from '@ballast/core';
import { clientKeys, type KeyName } from './key-space.js';
import type { KeyValue } from './key-value.js';
import { replyText } from './reply-text.js';
import { ConnectionError, RespConnection } from './resp-connection.js';

export interface RecoveredState {
  /** Present keys only: Redis has no empty collections. */
  readonly values: ReadonlyMap<string, KeyValue>;
  /** Keys that SCAN found but no client owns. */
  readonly strangers: readonly string[];
  /** Keys whose read failed (wrong type, …), with the error. */
  readonly unreadable: readonly string[];
}

const SCAN_COUNT = 1000;

function readCommand({ key, type }: KeyName): string[] {
  switch (type) {
    case 'string': return ['GET', key];
    case 'list': return ['LRANGE', key, '0', '-1'];
    case 'hash': return ['HGETALL', key];
    case 'set': return ['SMEMBERS', key];
    case 'zset': return ['ZRANGE', key, '0', '-1', 'WITHSCORES'];
    case 'stream': return ['XRANGE', key, '-', '+'];
  }
}

function pairs(reply: readonly Reply[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let index = 0; index + 1 < reply.length; index += 2) result.push([String(reply[index]), String(reply[index + 1])]);
  return result;
}

/** The value a read returned, or undefined when the key does not exist. */
function toValue(type: KeyName['type'], reply: Reply): KeyValue | undefined {
  if (type === 'string') return typeof reply === 'string' ? { type, value: reply } : undefined;
  if (!Array.isArray(reply) || reply.length === 0) return undefined;
  const items = reply.map(String);
  switch (type) {
    case 'list': return { type, items };
    case 'hash': return { type, fields: new Map(pairs(reply)) };
    case 'set': return { type, members: new Set(items) };
    case 'zset': return { type, scores: new Map(pairs(reply).map(([member, score]) => [member, Number(score)])) };
    case 'stream': return { type, entries: reply.map((entry) => { const [id, fields] = entry as [string, string[]]; return [id, String(fields[1])]; }) };
  }
}

async function scanKeys(connection: RespConnection): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const reply = await connection.call('SCAN', cursor, 'COUNT', String(SCAN_COUNT));
    if (!Array.isArray(reply)) throw new ConnectionError(`SCAN replied ${replyText(reply)}`);
    cursor = String(reply[0]);
    keys.push(...(reply[1] as Reply[]).map(String));
  } while (cursor !== '0');
  return keys;
}

export async function readBack(port: number, clients: readonly number[]): Promise<RecoveredState> {
  const connection = await RespConnection.connect(port);
  try {
    const names = clients.flatMap(clientKeys);
    const owned = new Set(names.map(({ key }) => key));
    const strangers = (await scanKeys(connection)).filter((key) => !owned.has(key));
    const values = new Map<string, KeyValue>();
    const unreadable: string[] = [];
    for (const name of names) {
      const reply = await connection.call(...readCommand(name));
      if (reply instanceof ErrorReply) unreadable.push(`${name.key}: ${reply.message}`);
      const value = toValue(name.type, reply);
      if (value !== undefined) values.set(name.key, value);
    }
    return { values, strangers, unreadable };
  } finally {
    connection.close();
  }
}
