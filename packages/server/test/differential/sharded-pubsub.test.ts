/**
 * Sharded pub/sub (SPUBLISH, SSUBSCRIBE, SUNSUBSCRIBE, PUBSUB SHARDCHANNELS/SHARDNUMSUB) against
 * redis-server 7.0.15 with cluster mode off. A script of steps runs on named connections, one
 * step at a time; after each step its connection is sent `PING <marker>` and read up to that
 * reply, so every byte a connection received — confirmations, smessage pushes, errors — lands in
 * its transcript in order, and the transcripts must be identical byte for byte. Ballast runs twice:
 * one shard under everysec, and four shards under appendfsync always (messages wait for commit).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Reply } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { useGatedTrio } from '../support/server-trio.js';

const MARKER = 'step-done';

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`;
}

/** The replies PING <marker> gets: a bulk string, an array in RESP2 subscribed mode, a push in RESP3. */
const MARKER_REPLIES = [`$${MARKER.length}\r\n${MARKER}\r\n`, `*2\r\n$4\r\npong\r\n$${MARKER.length}\r\n${MARKER}\r\n`];

/** One connection whose received bytes are kept, read a step at a time. */
class Transcribed {
  received = '';
  private consumed = 0;
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => (this.received += chunk.toString('latin1')));
  }

  static connect(port: number): Promise<Transcribed> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new Transcribed(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends `commands`, then PING <marker>, and waits until the marker's reply has arrived. */
  async step(commands: readonly (readonly string[])[]): Promise<void> {
    this.socket.write(Buffer.from(commands.map(encode).join('') + encode(['PING', MARKER]), 'latin1'));
    const deadline = Date.now() + 5000;
    while (!MARKER_REPLIES.some((reply) => this.received.indexOf(reply, this.consumed) >= 0)) {
      if (Date.now() > deadline) throw new Error(`no marker after ${commands.join(' ; ')}; received ${JSON.stringify(this.received.slice(this.consumed))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.consumed = this.received.length;
  }

  /** Sends QUIT and waits for the server to close the connection. */
  quit(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('QUIT did not close the connection')), 5000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.write(encode(['QUIT']));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** `name: command [; command …]` lines (a line's commands are sent at once); names are connections opened on first use. */
const SCRIPT = `
  sub: SSUBSCRIBE x y
  sub: SUBSCRIBE x
  sub: PSUBSCRIBE *
  sub: SSUBSCRIBE z y
  pub: SPUBLISH x hi
  pub: SPUBLISH nobody m
  pub: PUBLISH x plain
  pub: PUBSUB SHARDNUMSUB x y z q
  pub: PUBSUB SHARDNUMSUB
  pub: PUBSUB SHARDCHANNELS x*
  pub: PUBSUB SHARDCHANNELS a b
  pub: PUBSUB CHANNELS a b
  pub: PUBSUB CHANNELS
  pub: PUBSUB NUMPAT
  sub: GET k
  sub: UNSUBSCRIBE x
  sub: PUNSUBSCRIBE *
  sub: GET k
  sub: SUNSUBSCRIBE x y nosuch
  sub: SPUBLISH z self
  sub: SUNSUBSCRIBE
  sub: SUNSUBSCRIBE
  sub: GET k
  sub: SSUBSCRIBE a
  sub: SUBSCRIBE b
  sub: UNSUBSCRIBE
  sub: GET k
  sub: RESET
  pub: PUBSUB SHARDNUMSUB a
  sub: SSUBSCRIBE
  sub: SPUBLISH a
  sub: MULTI ; SSUBSCRIBE m ; SPUBLISH m queued ; EXEC
  sub: EVAL return\\x20redis.call('ssubscribe','m') 0
  sub: COMMAND GETKEYS spublish a b
  sub: COMMAND GETKEYS ssubscribe a b
  sub: PUBSUB HELP
  r3: HELLO 3
  r3: SSUBSCRIBE r
  pub: SPUBLISH r three
  r3: GET k
  r3: SUNSUBSCRIBE
  r3: SUNSUBSCRIBE
  gone: SSUBSCRIBE q
  gone: QUIT
  pub: PUBSUB SHARDNUMSUB q
  pub: ACL SETUSER u on nopass +@all &ch*
  acl: AUTH u x
  acl: SPUBLISH other m
  acl: SSUBSCRIBE ch1 other
  acl: SSUBSCRIBE ch1
  pub: SPUBLISH ch1 allowed
  pub: ACL DRYRUN u SPUBLISH zz m
  pub: ACL DRYRUN u SSUBSCRIBE ch2
  pub: ACL SETUSER u resetchannels
  pub: PUBSUB SHARDNUMSUB ch1
  pub: ACL DELUSER u
`;

interface Step {
  readonly connection: string;
  readonly commands: readonly (readonly string[])[];
}

const STEPS: readonly Step[] = SCRIPT.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
  const [connection, commands] = line.split(': ');
  return { connection, commands: commands.split(' ; ').map((command) => command.split(' ').map((arg) => arg.replaceAll('\\x20', ' '))) };
});

/** Runs the script on the server at `port` and returns each connection's transcript. */
async function run(port: number): Promise<Record<string, string>> {
  const connections = new Map<string, Transcribed>();
  try {
    for (const { connection, commands } of STEPS) {
      let client = connections.get(connection);
      if (client === undefined) connections.set(connection, (client = await Transcribed.connect(port)));
      // After QUIT the server closes the connection: no marker follows its +OK.
      if (commands[0][0] === 'QUIT') await client.quit();
      else await client.step(commands);
    }
    // HELLO's `id` is the connection count of the server, which differs between the two.
    return Object.fromEntries([...connections].map(([name, client]) => [name, client.received.replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:?\r\n')]));
  } finally {
    for (const client of connections.values()) client.close();
  }
}

describe('sharded pub/sub against redis-server', () => {
  const servers = useGatedTrio();

  it('gives every connection the bytes redis-server gives it (one shard, everysec; four shards, always)', async () => {
    const expected = await run(servers.redisPort());
    for (const port of servers.ballastPorts) expect(await run(port)).toEqual(expected);
  }, 60_000);

  /**
   * COMMAND INFO of the new commands: name, arity, flags, first/last/step (their channels, as the
   * not-key key specs of Redis 7.0 give them) and ACL categories. The key specs themselves (the
   * ninth field) are left out: Ballast gives none for any command yet. ACL CAT pubsub is sorted,
   * as Redis lists it in its dict's order.
   */
  it('describes the commands as redis-server does', async () => {
    const describe = async (port: number): Promise<Reply[]> => {
      const client = await RawClient.connect(port);
      try {
        const info = await client.call('COMMAND', 'INFO', 'spublish', 'ssubscribe', 'sunsubscribe', 'pubsub|shardchannels', 'pubsub|shardnumsub');
        const categories = await client.call('ACL', 'CAT', 'pubsub');
        return [(info as Reply[][]).map((entry) => entry.filter((_, index) => index !== 8)), (categories as string[]).sort()];
      } finally {
        client.close();
      }
    };
    const expected = await describe(servers.redisPort());
    for (const port of servers.ballastPorts) expect(await describe(port)).toEqual(expected);
  }, 30_000);
});
