import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY, OK, QUEUED, SimpleString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('MULTI / EXEC / DISCARD', () => {
  it('queues commands and runs them atomically', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('MULTI')).toEqual(OK);
    expect(a.call('SET', 'k', '1')).toEqual(QUEUED);
    expect(a.call('GET', 'k')).toEqual(QUEUED);
    expect(a.call('EXEC')).toEqual([OK, '1']);
  });

  it('aborts with EXECABORT after a command is refused while queueing', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('MULTI');
    expect(a.call('NOPE')).toEqual(new ErrorReply("ERR unknown command 'NOPE', with args beginning with: "));
    expect(a.call('GET')).toEqual(new ErrorReply("ERR wrong number of arguments for 'get' command"));
    expect(a.call('EXEC')).toEqual(new ErrorReply('EXECABORT Transaction discarded because of previous errors.'));
    expect(a.call('EXEC')).toEqual(new ErrorReply('ERR EXEC without MULTI'));
  });

  it('refuses nesting and WATCH inside MULTI without aborting', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('MULTI');
    expect(a.call('MULTI')).toEqual(new ErrorReply('ERR MULTI calls can not be nested'));
    expect(a.call('WATCH', 'x')).toEqual(new ErrorReply('ERR WATCH inside MULTI is not allowed'));
    a.call('SET', 'a', '1');
    expect(a.call('EXEC')).toEqual([OK]);
  });

  it('DISCARD drops the queue', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('DISCARD')).toEqual(new ErrorReply('ERR DISCARD without MULTI'));
    a.call('MULTI');
    a.call('SET', 'a', '1');
    expect(a.call('DISCARD')).toEqual(OK);
    expect(a.call('GET', 'a')).toBe(null);
  });
});

describe('WATCH', () => {
  it('aborts EXEC when another client changed a watched key', () => {
    const { client } = createTestEngine({ shards: 4 });
    const a = client();
    const b = client();
    a.call('WATCH', 'k');
    b.call('SET', 'k', 'other');
    a.call('MULTI');
    a.call('SET', 'k', 'mine');
    expect(a.call('EXEC')).toEqual(NULL_ARRAY);
    expect(a.call('GET', 'k')).toBe('other');
  });

  it('lets EXEC run when nothing changed, and UNWATCH forgets', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    a.call('WATCH', 'k');
    a.call('MULTI');
    a.call('SET', 'k', 'mine');
    expect(a.call('EXEC')).toEqual([OK]);
    a.call('WATCH', 'k');
    a.call('UNWATCH');
    b.call('SET', 'k', 'other');
    a.call('MULTI');
    a.call('SET', 'k', 'again');
    expect(a.call('EXEC')).toEqual([OK]);
  });

  it('aborts when a watched key expires or its database is flushed', () => {
    const { client, clock } = createTestEngine();
    const a = client();
    const b = client();
    a.call('SET', 'k', 'v', 'PX', '100');
    a.call('WATCH', 'k');
    clock.advanceMs(200);
    a.call('MULTI');
    a.call('GET', 'k');
    expect(a.call('EXEC')).toEqual(NULL_ARRAY);
    a.call('SET', 'j', 'v');
    a.call('WATCH', 'j');
    b.call('FLUSHDB');
    a.call('MULTI');
    expect(a.call('EXEC')).toEqual(NULL_ARRAY);
  });
});

describe('WATCH of a stale key (past its TTL, not yet deleted), as Redis 7.0', () => {
  /** A client watching `x`, stored with a TTL that has passed; active expiry is not running. */
  function watchingStale(database = '0') {
    const setup = createTestEngine({ shards: 2 });
    const a = setup.client();
    a.call('SELECT', database);
    a.call('SET', 'x', 'foo', 'PX', '1');
    setup.clock.advanceMs(2);
    a.call('WATCH', 'x');
    return { ...setup, a };
  }

  function execAnswersPong(a: ReturnType<typeof watchingStale>['a']): void {
    a.call('MULTI');
    a.call('PING');
    expect(a.call('EXEC')).toEqual([new SimpleString('PONG')]);
  }

  it('does not fail EXEC: it was expired already when WATCH ran', () => {
    execAnswersPong(watchingStale().a);
  });

  it('does not fail EXEC when the stale key is then deleted by a lookup or by FLUSHDB', () => {
    const first = watchingStale();
    expect(first.a.call('EXISTS', 'x')).toBe(0);
    execAnswersPong(first.a);
    const second = watchingStale();
    second.a.call('FLUSHDB');
    execAnswersPong(second.a);
  });

  it('SWAPDB: stale replaced with nothing, nothing with stale, stale with stale are no change', () => {
    const gone = watchingStale('1');
    gone.a.call('SWAPDB', '0', '1');
    execAnswersPong(gone.a);

    const { client, clock } = createTestEngine();
    const a = client();
    a.call('SELECT', '1');
    a.call('SET', 'x', 'foo', 'PX', '1');
    a.call('SELECT', '0');
    a.call('SET', 'y', 'bar', 'PX', '1');
    clock.advanceMs(2);
    a.call('WATCH', 'x');
    a.call('SWAPDB', '0', '1');
    execAnswersPong(a);
  });

  it('a stale key written again (deleted, then set) fails EXEC', () => {
    const { a, client } = watchingStale();
    client().call('SET', 'x', 'new');
    a.call('MULTI');
    a.call('PING');
    expect(a.call('EXEC')).toEqual(NULL_ARRAY);
  });
});

describe('connection commands', () => {
  it('PING, ECHO, SELECT and RESET', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('PING')).toEqual(new SimpleString('PONG'));
    expect(a.call('PING', 'hi')).toBe('hi');
    expect(a.call('ECHO', '\x00\xff')).toBe('\x00\xff');
    expect(a.call('SELECT', '16')).toEqual(new ErrorReply('ERR DB index is out of range'));
    expect(a.call('SELECT', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(a.call('SELECT', '3')).toEqual(OK);
    a.call('SET', 'k', 'in3');
    expect(a.call('RESET')).toEqual(new SimpleString('RESET'));
    expect(a.call('GET', 'k')).toBe(null);
  });

  it('requires AUTH when requirepass is set', () => {
    const { client } = createTestEngine({ config: { requirepass: 'secret' } });
    const a = client();
    expect(a.call('GET', 'k')).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    expect(a.call('AUTH', 'wrong')).toEqual(
      new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(a.call('AUTH', 'default', 'secret')).toEqual(OK);
    expect(a.call('GET', 'k')).toBe(null);
  });

  it('AUTH without a configured password is an error; the default user, nopass, takes any password', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('AUTH', 'x')).toEqual(new ErrorReply(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'));
    expect(a.call('AUTH', 'default', 'anything'), 'as redis-server 7.0.15 answers').toEqual(OK);
    expect(a.call('AUTH', 'other', 'x')).toEqual(new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(a.call('HELLO', '2', 'AUTH', 'default', 'x')).toBeInstanceOf(Array);
  });

  it('HELLO switches protocol and reports the server', () => {
    const { client } = createTestEngine();
    const a = client();
    const reply = a.call('HELLO', '3', 'SETNAME', 'me');
    expect(reply).toMatchObject({ entries: expect.arrayContaining([['proto', 3], ['version', '7.0.15']]) });
    expect(a.call('HELLO', '4')).toEqual(new ErrorReply('NOPROTO unsupported protocol version'));
  });

  it('QUIT replies OK and closes', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('QUIT')).toEqual(OK);
    expect(a.closed).toBe(true);
  });

  it('unknown commands and subcommands get Redis error texts', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('FOO', 'a', 'b')).toEqual(new ErrorReply("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "));
    expect(a.call('PUBSUB', 'NOPE')).toEqual(new ErrorReply("ERR unknown subcommand 'NOPE'. Try PUBSUB HELP."));
  });
});

describe('EXEC with pushes', () => {
  it('puts the confirmation of a queued SUBSCRIBE inside the EXEC reply, as Redis does', () => {
    const c = createTestEngine().client();
    c.call('MULTI');
    c.call('SUBSCRIBE', 'news');
    expect(c.call('EXEC')).toEqual([['subscribe', 'news', 1]]);
    expect(c.take()).toEqual([]);
  });
});
