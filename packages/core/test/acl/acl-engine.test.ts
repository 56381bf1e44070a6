/**
 * ACL through the engine: AUTH and HELLO AUTH against users, requirepass as the default user's
 * password, the permission check on every command (NOPERM texts as Redis 7.0 words them), inside
 * MULTI (at queue time and again at EXEC) and from scripts, ACL LOG entries and their grouping,
 * and clients closed when their user is deleted or loses channels they are subscribed to.
 */
import { describe, expect, it } from 'vitest';
import { sha256hex } from '../../src/commands/acl/sha256.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const NOPERM_KEYS = new ErrorReply('NOPERM this user has no permissions to access one of the keys used as arguments');
const NOPERM_CHANNELS = new ErrorReply('NOPERM this user has no permissions to access one of the channels used as arguments');
const WRONGPASS = new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');

/** An ACL LOG entry (a RESP2 flat array) as a plain object, without its age and client info. */
function entry(reply: unknown): Record<string, unknown> {
  const flat = reply as unknown[];
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1];
  delete fields['age-seconds'];
  delete fields['client-info'];
  return fields;
}

function setup() {
  const test = createTestEngine();
  const admin = test.client();
  expect(admin.call('ACL', 'SETUSER', 'alice', 'on', '>pw', '~k*', '&news', '-@all', '+get', '+set', '+multi', '+exec', '+eval', '+subscribe', '+publish')).toEqual(OK);
  return { ...test, admin };
}

describe('ACL through the engine', () => {
  it('authenticates users and refuses commands, keys and channels with Redis\'s NOPERM texts', () => {
    const { admin, client } = setup();
    const alice = client();
    expect(alice.call('AUTH', 'alice', 'nope')).toEqual(WRONGPASS);
    expect(alice.call('AUTH', 'alice', 'pw')).toEqual(OK);
    expect(alice.call('ACL', 'WHOAMI')).toEqual(new ErrorReply("NOPERM this user has no permissions to run the 'acl|whoami' command"));
    expect(alice.call('SET', 'k1', 'v')).toEqual(OK);
    expect(alice.call('GET', 'other')).toEqual(NOPERM_KEYS);
    expect(alice.call('DEL', 'k1')).toEqual(new ErrorReply("NOPERM this user has no permissions to run the 'del' command"));
    expect(alice.call('PUBLISH', 'sports', 'x')).toEqual(NOPERM_CHANNELS);
    expect(alice.call('PUBLISH', 'news', 'x')).toEqual(0);
    expect(admin.call('ACL', 'DRYRUN', 'alice', 'get', 'zzz')).toEqual("This user has no permissions to access the 'zzz' key");
    expect(admin.call('ACL', 'DRYRUN', 'alice', 'publish', 'sports', 'x')).toEqual("This user has no permissions to access the 'sports' channel");
    expect(admin.call('ACL', 'DRYRUN', 'alice', 'get', 'k2')).toEqual(OK);
    expect(entry((admin.call('ACL', 'LOG', '1') as unknown[])[0])).toEqual({
      count: 1, reason: 'channel', context: 'toplevel', object: 'sports', username: 'alice',
    });
  });

  it('checks again at EXEC, and from a script\'s redis.call', () => {
    const { admin, client } = setup();
    const alice = client();
    alice.call('AUTH', 'alice', 'pw');
    expect(alice.call('MULTI')).toEqual(OK);
    expect(alice.call('SET', 'k1', '1')).toEqual({ value: 'QUEUED' });
    admin.call('ACL', 'SETUSER', 'alice', '-set');
    expect(alice.call('EXEC')).toEqual([new ErrorReply('NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. '
      + 'This command is no longer allowed for the following reason: no permission to execute the command or subcommand')]);
    const scripted = alice.call('EVAL', "return redis.call('get', 'other')", '0') as ErrorReply;
    expect(scripted.message).toMatch(/^ERR The user executing the script can't access at least one of the keys mentioned in the command arguments/);
    const log = admin.call('ACL', 'LOG') as unknown[];
    expect(log.slice(0, 2).map(entry)).toEqual([
      { count: 1, reason: 'key', context: 'lua', object: 'other', username: 'alice' },
      { count: 1, reason: 'command', context: 'multi', object: 'set', username: 'alice' },
    ]);
  });

  it('groups like denials into one entry and trims the log to acllog-max-len', () => {
    const { admin, client } = setup();
    const alice = client();
    alice.call('AUTH', 'alice', 'pw');
    for (let i = 0; i < 3; i++) alice.call('GET', 'other');
    expect((admin.call('ACL', 'LOG') as unknown[]).map(entry)).toEqual([{ count: 3, reason: 'key', context: 'toplevel', object: 'other', username: 'alice' }]);
    admin.call('CONFIG', 'SET', 'acllog-max-len', '2');
    for (const key of ['a', 'b', 'c']) alice.call('GET', key);
    expect((admin.call('ACL', 'LOG') as unknown[]).map((reply) => entry(reply).object)).toEqual(['c', 'b']);
    expect(admin.call('ACL', 'LOG', 'RESET')).toEqual(OK);
    expect(admin.call('ACL', 'LOG')).toEqual([]);
  });

  it('makes requirepass the default user\'s password, for AUTH and HELLO AUTH', () => {
    const { admin, client } = setup();
    expect(admin.call('AUTH', 'x')).toEqual(new ErrorReply(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'));
    admin.call('CONFIG', 'SET', 'requirepass', 'secret');
    const late = client();
    expect(late.call('PING')).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    expect(late.call('HELLO', '3', 'AUTH', 'default', 'bad')).toEqual(WRONGPASS);
    expect(late.call('HELLO', '2', 'AUTH', 'default', 'secret')).toEqual(expect.arrayContaining(['server', 'redis']));
    expect(late.call('PING')).toEqual({ value: 'PONG' });
    expect((admin.call('ACL', 'GETUSER', 'default') as unknown[])[3]).toEqual([sha256hex('secret')]);
    admin.call('CONFIG', 'SET', 'requirepass', '');
    expect(client().call('PING'), 'nopass again: no AUTH needed').toEqual({ value: 'PONG' });
  });

  it('checks SPUBLISH and SSUBSCRIBE channels against & patterns, and closes a shard subscriber whose channel is revoked', () => {
    const { admin, client } = setup();
    const listener = client();
    listener.call('AUTH', 'alice', 'pw');
    admin.call('ACL', 'SETUSER', 'alice', 'resetchannels', '&ch*', '+spublish', '+ssubscribe');
    expect(listener.call('SPUBLISH', 'other', 'x')).toEqual(NOPERM_CHANNELS);
    expect(listener.call('SSUBSCRIBE', 'ch1', 'other')).toEqual(NOPERM_CHANNELS);
    expect(listener.call('SSUBSCRIBE', 'ch1')).toEqual(['ssubscribe', 'ch1', 1]);
    admin.call('ACL', 'SETUSER', 'alice', '&more');
    expect(listener.closed, 'a channel added revokes nothing').toBe(false);
    admin.call('ACL', 'SETUSER', 'alice', 'resetchannels', '&more');
    expect(listener.closed).toBe(true);
  });

  it('closes the clients of a deleted user, and subscribers whose channels are revoked', () => {
    const { admin, client } = setup();
    const alice = client();
    const listener = client();
    alice.call('AUTH', 'alice', 'pw');
    listener.call('AUTH', 'alice', 'pw');
    listener.call('SUBSCRIBE', 'news');
    admin.call('ACL', 'SETUSER', 'alice', '&more');
    expect(listener.closed, 'a channel added revokes nothing').toBe(false);
    admin.call('ACL', 'SETUSER', 'alice', 'resetchannels', '&more');
    expect(listener.closed).toBe(true);
    expect(alice.closed, 'not subscribed: stays').toBe(false);
    expect(admin.call('ACL', 'DELUSER', 'alice', 'nobody')).toEqual(1);
    expect(alice.closed).toBe(true);
    expect(admin.call('ACL', 'DELUSER', 'default')).toEqual(new ErrorReply("ERR The 'default' user cannot be removed"));
  });

  it('leaves SETUSER with a bad rule without effect', () => {
    const { admin } = setup();
    expect(admin.call('ACL', 'SETUSER', 'alice', '+del', 'bogus')).toEqual(new ErrorReply("ERR Error in ACL SETUSER modifier 'bogus': Syntax error"));
    expect(admin.call('ACL', 'DRYRUN', 'alice', 'del', 'k1')).toEqual("This user has no permissions to run the 'del' command");
    expect(admin.call('ACL', 'SAVE')).toEqual(new ErrorReply('ERR This Redis instance is not configured to use an ACL file. You may want to specify users via '
      + 'the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.'));
  });
});

describe('SORT under ACL', () => {
  it('refuses BY with a pattern and GET unless the user may read every key', () => {
    const { admin, client } = setup();
    admin.call('RPUSH', 'mylist', '1');
    admin.call('ACL', 'SETUSER', 'sorter', 'on', 'nopass', '(+sort ~mylist ~v*)', '(+sort %W~*)');
    const sorter = client();
    sorter.call('AUTH', 'sorter', 'x');
    expect(sorter.call('SORT', 'mylist', 'BY', 'v*')).toEqual(new ErrorReply('ERR BY option of SORT denied due to insufficient ACL permissions.'));
    expect(sorter.call('SORT', 'mylist', 'GET', 'v*')).toEqual(new ErrorReply('ERR GET option of SORT denied due to insufficient ACL permissions.'));
    expect(sorter.call('SORT', 'mylist', 'BY', 'nosort'), 'BY without a pattern does not read keys').toEqual(['1']);
    admin.call('ACL', 'SETUSER', 'sorter', '(+sort %R~*)');
    expect(sorter.call('SORT', 'mylist', 'BY', 'v*', 'GET', '#')).toEqual(['1']);
  });
});

describe('redis.acl_check_cmd', () => {
  it('answers for the calling user, without logging; an unknown command is an error', () => {
    const { admin, client } = setup();
    const alice = client();
    alice.call('AUTH', 'alice', 'pw');
    expect(alice.call('EVAL', "return redis.acl_check_cmd('set','k1','v')", '0')).toEqual(1);
    expect(alice.call('EVAL', "return redis.acl_check_cmd('set','other','v')", '0')).toEqual(null);
    expect(alice.call('EVAL', "return redis.acl_check_cmd('hset','k1','f','v')", '0')).toEqual(null);
    expect((alice.call('EVAL', "return redis.acl_check_cmd('nosuch')", '0') as ErrorReply).message).toMatch(/Invalid command passed to redis.acl_check_cmd\(\)/);
    expect(admin.call('ACL', 'LOG')).toEqual([]);
  });
});

describe('CLIENT KILL USER', () => {
  it('closes the clients of that ACL user; an unknown user is an error', () => {
    const { admin, client } = setup();
    const alice = client();
    const other = client();
    alice.call('AUTH', 'alice', 'pw');
    expect(admin.call('CLIENT', 'KILL', 'USER', 'nobody')).toEqual(new ErrorReply("ERR No such user 'nobody'"));
    expect(admin.call('CLIENT', 'KILL', 'USER', 'alice')).toEqual(1);
    expect([alice.closed, other.closed]).toEqual([true, false]);
  });
});

describe('ACL SAVE and LOAD', () => {
  it('write and read the aclfile store at top level; inside MULTI they are refused and touch nothing', async () => {
    const { engine, admin } = setup();
    const written: string[] = [];
    let reads = 0;
    engine.acl.file = {
      path: 'users.acl',
      read: () => {
        reads++;
        return Promise.resolve('user carl on nopass ~* +@all\n');
      },
      write: (text) => {
        written.push(text);
        return Promise.resolve();
      },
    };
    admin.call('MULTI');
    admin.call('ACL', 'SAVE');
    admin.call('ACL', 'LOAD');
    expect(admin.call('EXEC')).toEqual([
      new ErrorReply('ERR ACL SAVE is not allowed inside MULTI'), new ErrorReply('ERR ACL LOAD is not allowed inside MULTI'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([written, reads]).toEqual([[], 0]);
    expect(admin.call('ACL', 'SAVE')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(admin.take()).toEqual([OK]);
    expect(written).toEqual([(admin.call('ACL', 'LIST') as string[]).map((line) => `${line}\n`).join('')]);
    admin.call('ACL', 'LOAD');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(admin.take()).toEqual([OK]);
    expect(admin.call('ACL', 'USERS')).toEqual(['carl', 'default']);
  });
});
