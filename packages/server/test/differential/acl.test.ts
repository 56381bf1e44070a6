/**
 * ACL against redis-server 7.0.15: each scenario sends its commands in one write on one
 * connection and compares every byte received. Only what Redis leaves to chance is normalized:
 * ACL LOG's age-seconds, and in its client-info the id, addresses, fd, age, idle, memory fields
 * and events (Ballast knows no descriptors; its host owns the socket). Scenarios avoid replies
 * whose order Redis takes from its command hash table (ACL CAT <category>, single commands in
 * ACL LIST), which is random per process. Then the connections Redis closes: clients of a
 * deleted user, subscribers whose channels are revoked; and ACL LOAD's errors on one bad file (not
 * an unmatched parenthesis: redis-server 7.0.15 crashes on it, test/acl-file.test.ts has Ballast's answer).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { echoTranscript } from '../support/echo-transcript.js';
import { RawClient } from '../support/raw-client.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

/** Words of a command line; "double quotes" keep spaces. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

/** What came back for the command lines, then (back as the default user) up to the closing ECHO's reply. */
function transcript(port: number, commands: readonly string[]): Promise<string> {
  return echoTranscript(port, [...commands.map(words), ['AUTH', 'default', 'any']]);
}

/** ACL LOG's ages and the client-info fields that name this process's sockets, times and memory. */
function normalize(bytes: string): string {
  return bytes
    .replace(/age-seconds\r\n(,[^\r]*|\$\d+\r\n[^\r]*)\r\n/g, () => 'age-seconds\r\nAGE\r\n')
    .replace(/\$\d+\r\n(id=\d+ addr=[^\r]*)\r\n/g, (_all, info: string) => {
      const line = info.replace(/^id=\d+ addr=\S+ laddr=\S+ fd=-?\d+/, 'CLIENT').replace(/age=\d+ idle=\d+/, 'AGE')
        .replace(/qbuf=\d+ .* tot-mem=\d+/, 'MEMORY').replace(/events=\w+/, 'EVENTS');
      return `INFO\r\n${line}\r\n`;
    });
}

const SCENARIOS: Array<[string, string[]]> = [
  ['a user with keys and one command, GETUSER, LIST, USERS, WHOAMI', [
    'ACL SETUSER alice on >pass ~cached:* +get', 'ACL GETUSER alice', 'ACL LIST', 'ACL USERS', 'ACL WHOAMI',
    'AUTH alice pass', 'ACL WHOAMI', 'GET cached:1', 'GET other', 'SET cached:1 x', 'ACL GETUSER alice',
  ]],
  ['categories, key permissions, channels, selectors', [
    'ACL SETUSER bob on nopass allkeys -@all +@read -get', 'ACL LIST',
    'ACL SETUSER carl on nopass +@all -@dangerous ~* &chan', 'ACL GETUSER carl',
    'ACL SETUSER dave %R~r* %W~w* %RW~rw* ~x resetchannels &a &b (+get ~foo) (+set %W~bar)', 'ACL GETUSER dave', 'ACL LIST',
    'ACL SETUSER dave clearselectors reset', 'ACL GETUSER dave', 'ACL SETUSER erin +config|get +select|0 -@all', 'ACL GETUSER erin',
  ]],
  ['every refused rule, worded as Redis', [
    'ACL SETUSER x badrule', 'ACL SETUSER x +nosuch', 'ACL SETUSER x +@nosuch', 'ACL SETUSER x ~* ~foo', 'ACL SETUSER x &* &foo',
    'ACL SETUSER x <nopass', 'ACL SETUSER x #abc', 'ACL SETUSER x +config|get|x', 'ACL SETUSER x +get|', 'ACL SETUSER x (+get',
    'ACL SETUSER "x y" on', 'ACL SETUSER x %X~foo', 'ACL SETUSER x -select|0', 'ACL SETUSER x on +get bogus', 'ACL GETUSER x',
    'ACL DELUSER default', 'ACL DELUSER nobody', 'ACL GETUSER nobody',
  ]],
  ['CAT, GENPASS, LOG, SAVE and LOAD without a file, HELP, bad subcommands', [
    'ACL CAT', 'ACL CAT nosuch', 'ACL GENPASS 0', 'ACL GENPASS 5000', 'ACL GENPASS abc', 'ACL LOG abc', 'ACL LOG 1 2', 'ACL CAT a b',
    'ACL SAVE', 'ACL LOAD', 'ACL HELP', 'ACL NOSUCH', 'ACL', 'ACL GETUSER', 'ACL WHOAMI x',
  ]],
  ['DRYRUN', [
    'ACL SETUSER u on >p ~k* &ch* -@all +get +set +publish +subscribe +psubscribe +config|get',
    'ACL DRYRUN u get k1', 'ACL DRYRUN u get x1', 'ACL DRYRUN u del k1', 'ACL DRYRUN u publish ch1 m', 'ACL DRYRUN u publish other m',
    'ACL DRYRUN u psubscribe ch*', 'ACL DRYRUN u psubscribe c*', 'ACL DRYRUN u nosuch', 'ACL DRYRUN nobody get k', 'ACL DRYRUN u get',
    'ACL DRYRUN u config get maxmemory', 'ACL DRYRUN u config set a b', 'ACL DRYRUN u config nosuch', 'ACL DRYRUN u config',
  ]],
  ['NOPERM at top level, in MULTI, at EXEC and from scripts, with the ACL LOG entries', [
    'ACL SETUSER u2 on >p ~k* &ch -@all +get +set +multi +exec +eval +acl +publish +subscribe +psubscribe', 'AUTH u2 p',
    'GET x', 'DEL k', 'PUBLISH nope m', 'SUBSCRIBE ch other', 'ACL LOG', 'ACL LOG RESET',
    'MULTI', 'GET x', 'SET k 1', 'EXEC', 'MULTI', 'SET k 1', 'ACL SETUSER u2 -set', 'EXEC',
    "EVAL \"return redis.call('get','x')\" 0", "EVAL \"return redis.call('del','k')\" 0",
    "EVAL \"return redis.call('publish','x','m')\" 0", 'EVAL "return 1" 1 zz', 'ACL LOG', 'ACL LOG 1',
  ]],
  ['AUTH and HELLO AUTH errors, log entries grouped and counted', [
    'AUTH foo', 'AUTH a b c', 'ACL SETUSER pw on >right', 'HELLO 2 AUTH pw wrong', 'HELLO 2 AUTH nosuch x', 'HELLO 2 AUTH pw right SETNAME "a b"',
    'ACL WHOAMI',
    'AUTH nosuch x', 'AUTH nosuch x', 'auth nosuch x', 'ACL SETUSER off-user off nopass', 'AUTH off-user x', 'ACL LOG', 'ACL LOG 2',
  ]],
  ['requirepass is the default user\'s password', [
    'CONFIG SET requirepass secret', 'ACL GETUSER default', 'ACL LIST', 'AUTH wrong', 'AUTH secret', 'AUTH default secret',
    'ACL SETUSER default resetpass', 'AUTH x', 'CONFIG SET requirepass ""', 'ACL LIST',
  ]],
  ['acllog-max-len and acl-pubsub-default', [
    'CONFIG SET acllog-max-len 2', 'AUTH a b', 'AUTH c d', 'AUTH e f', 'ACL LOG', 'CONFIG GET acllog-max-len',
    'CONFIG SET acl-pubsub-default allchannels', 'ACL SETUSER newbie', 'ACL GETUSER newbie', 'ACL SETUSER newbie reset', 'ACL LIST',
    'CONFIG SET acl-pubsub-default resetchannels', 'CONFIG SET acl-pubsub-default bogus', 'CONFIG GET acl-pubsub-default',
  ]],
];

/** Commands with keys (K, K2) whose read/write needs differ: single and several key specs, variable flags. */
const KEY_ACCESS_TEMPLATES = [
  'get K', 'set K v', 'set K v GET', 'getset K v', 'getdel K', 'getex K', 'incr K', 'append K v', 'strlen K', 'exists K', 'del K', 'type K',
  'expire K 10', 'lpush K a', 'lpop K', 'lrange K 0 1', 'llen K', 'lmove K K2 LEFT LEFT', 'rpoplpush K K2', 'blpop K 1', 'lmpop 1 K LEFT',
  'sadd K a', 'spop K', 'sismember K a', 'sinterstore K K2', 'sunion K K2', 'smove K K2 a', 'hset K f v', 'hget K f', 'hincrby K f 1',
  'hexists K f', 'zadd K 1 a', 'zincrby K 1 a', 'zpopmin K', 'zunionstore K 1 K2', 'zrangestore K K2 0 1', 'copy K K2', 'rename K K2',
  'renamenx K K2', 'move K 1', 'dump K', 'touch K', 'object encoding K', 'memory usage K', 'pfadd K a', 'pfcount K', 'pfmerge K K2',
  'setbit K 1 1', 'bitop AND K K2', 'bitfield K GET u8 0', 'bitfield K SET u8 0 1', 'xadd K * f v', 'xlen K', 'xread STREAMS K 0',
  'xreadgroup GROUP g c STREAMS K >', 'geosearchstore K K2 FROMLONLAT 1 1 BYRADIUS 1 km', 'georadius K 1 1 1 km STORE K2', 'sort K',
  'sort K STORE K2', 'sort_ro K', 'eval "return 1" 1 K', 'evalsha_ro x 1 K', 'fcall f 1 K', 'watch K', 'lcs K K2', 'zmpop 1 K MIN',
];

describe('ACL against redis-server', () => {
  let redis: RunningRedis;
  let ballast: RunningBallast;

  beforeAll(async () => {
    [redis, ballast] = await Promise.all([startRedis(), startBallast()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop()]);
  });

  /** Every scenario starts from the default user alone, an empty log and Redis's defaults. */
  beforeEach(async () => {
    for (const port of [redis.port, ballast.port]) {
      const client = await RawClient.connect(port);
      await client.call('CONFIG', 'SET', 'requirepass', '', 'acllog-max-len', '128', 'acl-pubsub-default', 'resetchannels');
      const users = (await client.call('ACL', 'USERS')) as string[];
      await client.call('ACL', 'SETUSER', 'default', 'reset', 'on', 'nopass', '~*', '&*', '+@all');
      if (users.length > 1) await client.call('ACL', 'DELUSER', ...users.filter((user) => user !== 'default'));
      await client.call('ACL', 'LOG', 'RESET');
      client.socket.destroy();
    }
  });

  it.each(SCENARIOS)('%s', async (_name, commands) => {
    const [expected, actual] = await Promise.all([transcript(redis.port, commands), transcript(ballast.port, commands)]);
    expect(normalize(actual)).toBe(normalize(expected));
  });

  it('asks for read or write access per key as Redis\'s key specs do (DRYRUN with %R~ and %W~ patterns)', async () => {
    const answers: unknown[][] = [];
    for (const port of [redis.port, ballast.port]) {
      const client = await RawClient.connect(port);
      await client.call('ACL', 'SETUSER', 'keys', 'on', 'nopass', '+@all', '%R~r*', '%W~w*', '~rw*', '~none');
      const replies: unknown[] = [];
      for (const template of KEY_ACCESS_TEMPLATES) {
        for (const [first, second] of [['r1', 'w1'], ['w1', 'r1'], ['rw1', 'rw2'], ['r1', 'r2'], ['w1', 'w2']]) {
          const args = words(template.replace('K2', second).replace(/\bK\b/g, first));
          replies.push([args.join(' '), await client.call('ACL', 'DRYRUN', 'keys', ...args)]);
        }
      }
      client.socket.destroy();
      answers.push(replies);
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  /** Runs `steps` on both servers: which of two users' clients each server closes. */
  async function closedClients(port: number, revoke: string[]): Promise<boolean[]> {
    const admin = await RawClient.connect(port);
    await admin.call('ACL', 'SETUSER', 'sub', 'on', '>p', '~*', '&news', '&sport*', '+@all');
    const plain = await RawClient.connect(port);
    const listener = await RawClient.connect(port);
    const patterns = await RawClient.connect(port);
    for (const client of [plain, listener, patterns]) await client.call('AUTH', 'sub', 'p');
    await listener.call('SUBSCRIBE', 'news');
    await patterns.call('PSUBSCRIBE', 'sport*');
    await admin.call(...revoke);
    await admin.call('PING');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = [plain.closed, listener.closed, patterns.closed];
    for (const client of [admin, plain, listener, patterns]) client.socket.destroy();
    return closed;
  }

  it.each([
    ['a channel added revokes nothing', ['ACL', 'SETUSER', 'sub', '&more']],
    ['the channels reset: subscribers go, the plain client stays', ['ACL', 'SETUSER', 'sub', 'resetchannels', '&news']],
    ['a pattern must be granted literally', ['ACL', 'SETUSER', 'sub', 'resetchannels', '&news', '&sport']],
    ['allchannels revokes nothing', ['ACL', 'SETUSER', 'sub', 'allchannels']],
    ['the user deleted: all its clients go', ['ACL', 'DELUSER', 'sub']],
    ['the user turned off: its clients stay', ['ACL', 'SETUSER', 'sub', 'off']],
  ])('closes clients as Redis: %s', async (_name, revoke) => {
    const [expected, actual] = await Promise.all([closedClients(redis.port, revoke), closedClients(ballast.port, revoke)]);
    expect(actual).toEqual(expected);
  });
});

describe('ACL LOAD against redis-server, one aclfile for both', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-aclfile-'));
  const file = path.join(directory, 'users.acl');
  let redis: RunningRedis;
  let ballast: RunningBallast;

  beforeAll(async () => {
    writeFileSync(file, 'user alice on >pw ~* +@all\n');
    [redis, ballast] = await Promise.all([startRedis(['--aclfile', file]), startBallast({ args: ['--aclfile', file] })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop()]);
    rmSync(directory, { recursive: true, force: true });
  });

  it.each([
    ['a good file', 'user default on nopass ~* &* +@all\nuser bob on >x ~k* -@all +get\n\n'],
    ['no user keyword, a bad name, a duplicate, unknown commands, a bad rule', 'usr a\nuser\nuser bob +nosuch +get|x|y badrule >ok\nuser bob on\n'],
  ])('%s', async (_name, text) => {
    writeFileSync(file, text);
    const replies = [];
    for (const port of [redis.port, ballast.port]) {
      const client = await RawClient.connect(port);
      replies.push([await client.call('ACL', 'LOAD'), await client.call('ACL', 'LIST')]);
      client.socket.destroy();
    }
    expect(replies[1]).toEqual(replies[0]);
  });
});
