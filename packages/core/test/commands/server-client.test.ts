import { describe, expect, it } from 'vitest';
import { ErrorReply, OK, SimpleString, VerbatimString } from '../../src/resp/reply.js';
import { createTestEngine, encodeRequest, type TestClient } from '../support/test-engine.js';

/** CLIENT LIST text → one field map per line. */
function parseClientList(text: unknown): Array<Record<string, string>> {
  expect(typeof text).toBe('string');
  const body = text as string;
  expect(body === '' || body.endsWith('\n')).toBe(true);
  return body.split('\n').filter((line) => line !== '').map((line) =>
    Object.fromEntries(line.split(' ').map((field) => {
      const equals = field.indexOf('=');
      return [field.slice(0, equals), field.slice(equals + 1)];
    })),
  );
}

const addressOf = (client: TestClient) => client.connection.address;

describe('CLIENT ID / SETNAME / GETNAME', () => {
  it('gives each connection its own increasing id', () => {
    const { client } = createTestEngine();
    const first = client().call('CLIENT', 'ID') as number;
    expect(client().call('CLIENT', 'id')).toBe(first + 1);
  });

  it('sets, reads and clears the name', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'GETNAME')).toBe(null);
    expect(a.call('CLIENT', 'SETNAME', 'worker-1')).toEqual(OK);
    expect(a.call('CLIENT', 'GETNAME')).toBe('worker-1');
    expect(a.call('CLIENT', 'SETNAME', '')).toEqual(OK);
    expect(a.call('CLIENT', 'GETNAME')).toBe(null);
  });

  it('refuses names with spaces, newlines, control or non-ASCII bytes', () => {
    const { client } = createTestEngine();
    const a = client();
    const invalid = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');
    for (const name of ['a b', 'a\nb', 'tab\t', '\x7f', '\x80name', '\xff']) {
      expect(a.call('CLIENT', 'SETNAME', name)).toEqual(invalid);
    }
    expect(a.call('CLIENT', 'SETNAME', '!~')).toEqual(OK);
    expect(a.call('CLIENT', 'SETNAME', 'a', 'b')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|setname' command"));
  });
});

describe('CLIENT LIST / INFO', () => {
  it('describes every client in Redis 7.0 field order', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    b.call('CLIENT', 'SETNAME', 'bee');
    b.call('SELECT', '3');
    const text = a.call('CLIENT', 'LIST') as string;
    const lines = parseClientList(text);
    expect(lines.map((line) => Number(line.id))).toEqual([a.connection.id, b.connection.id]);
    expect(Object.keys(lines[0])).toEqual([
      'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf',
      'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user',
      'redir', 'resp',
    ]);
    expect(lines[0]).toMatchObject({
      addr: addressOf(a), laddr: '127.0.0.1:6379', name: '', flags: 'N', db: '0', multi: '-1',
      'argv-mem': '10', cmd: 'client|list', user: 'default', redir: '-1', resp: '2',
    });
    expect(lines[1]).toMatchObject({ name: 'bee', db: '3', cmd: 'select', 'argv-mem': '0' });
  });

  it('reports age and idle time in whole seconds, and the flags of MULTI and subscribers', () => {
    const { client, clock } = createTestEngine();
    const a = client();
    const inMulti = client();
    const subscriber = client();
    inMulti.call('MULTI');
    subscriber.call('SUBSCRIBE', 'news');
    subscriber.call('PSUBSCRIBE', 'n*');
    clock.advanceMs(5_000);
    const lines = parseClientList(a.call('CLIENT', 'LIST'));
    expect(lines[0]).toMatchObject({ age: '5', idle: '0' });
    expect(lines[1]).toMatchObject({ age: '5', idle: '5', flags: 'x', multi: '0' });
    expect(lines[2]).toMatchObject({ flags: 'P', sub: '1', psub: '1', cmd: 'psubscribe' });
  });

  it('flags a unix-socket client U, after b, with the socket path as both addresses', () => {
    const { engine, client } = createTestEngine();
    const unix = engine.connect({
      address: '/run/ballast.sock:0', localAddress: '/run/ballast.sock:0', unixSocket: true,
      write: () => undefined, close: () => undefined, pendingOutputBytes: () => 0,
    });
    const a = client();
    expect(parseClientList(a.call('CLIENT', 'LIST', 'ID', String(unix.id)))[0]).toMatchObject({
      addr: '/run/ballast.sock:0', laddr: '/run/ballast.sock:0', flags: 'U',
    });
    unix.receive(encodeRequest(['BLPOP', 'nothing', '0']));
    expect(parseClientList(a.call('CLIENT', 'LIST', 'ID', String(unix.id)))[0]).toMatchObject({ flags: 'bU' });
  });

  it('filters by TYPE and by ID, in the order the ids are given', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    const subscriber = client();
    subscriber.call('SUBSCRIBE', 'news');
    const ids = (reply: unknown) => parseClientList(reply).map((line) => Number(line.id));
    expect(ids(a.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))).toEqual([subscriber.connection.id]);
    expect(ids(a.call('CLIENT', 'LIST', 'type', 'NORMAL'))).toEqual([a.connection.id, b.connection.id]);
    expect(a.call('CLIENT', 'LIST', 'TYPE', 'replica')).toBe('');
    expect(a.call('CLIENT', 'LIST', 'TYPE', 'master')).toBe('');
    const byId = a.call('CLIENT', 'LIST', 'ID', String(b.connection.id), '999', String(a.connection.id), '-1');
    expect(ids(byId)).toEqual([b.connection.id, a.connection.id]);
  });

  it('answers Redis errors for bad filters', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'LIST', 'TYPE', 'bogus')).toEqual(new ErrorReply("ERR Unknown client type 'bogus'"));
    expect(a.call('CLIENT', 'LIST', 'ID', '1', 'x')).toEqual(new ErrorReply('ERR Invalid client ID'));
    expect(a.call('CLIENT', 'LIST', 'ID')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('CLIENT', 'LIST', 'TYPE')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('CLIENT', 'LIST', 'TYPE', 'normal', 'extra')).toEqual(new ErrorReply('ERR syntax error'));
  });

  it('CLIENT INFO describes the caller alone', () => {
    const { client } = createTestEngine();
    client();
    const a = client();
    a.call('CLIENT', 'SETNAME', 'me');
    const lines = parseClientList(a.call('CLIENT', 'INFO'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: String(a.connection.id), name: 'me', cmd: 'client|info' });
  });

  it('counts the caller\'s own request in its qbuf, as Redis trims a read only after it ran (26 bytes for CLIENT INFO)', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    expect(parseClientList(a.call('CLIENT', 'INFO'))[0].qbuf).toBe('26');
    expect(parseClientList(a.call('CLIENT', 'LIST')).map((line) => line.qbuf)).toEqual(['26', '0']);
    expect(b.connection.queryBufferBytes).toBe(0);
  });
});

describe('CLIENT LIST over RESP3', () => {
  it('answers verbatim text and reports the protocol', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('HELLO', '3');
    const reply = a.call('CLIENT', 'INFO');
    expect(reply).toBeInstanceOf(VerbatimString);
    expect(parseClientList((reply as VerbatimString).text)[0]).toMatchObject({ resp: '3', cmd: 'client|info' });
  });
});

describe('CLIENT KILL', () => {
  it('old form kills the client at ip:port, or answers No such client', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    expect(a.call('CLIENT', 'KILL', addressOf(b))).toEqual(OK);
    expect(b.closed).toBe(true);
    expect(a.call('CLIENT', 'KILL', '10.0.0.1:1')).toEqual(new ErrorReply('ERR No such client'));
    expect(parseClientList(a.call('CLIENT', 'LIST'))).toHaveLength(1);
  });

  it('old form may kill the caller itself, after the reply', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'KILL', addressOf(a))).toEqual(OK);
    expect(a.closed).toBe(true);
  });

  it('new form counts the clients its filters select, skipping the caller by default', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    const c = client();
    c.call('SUBSCRIBE', 'news');
    expect(a.call('CLIENT', 'KILL', 'ID', String(b.connection.id))).toBe(1);
    expect(b.closed).toBe(true);
    expect(a.call('CLIENT', 'KILL', 'ID', '999')).toBe(0);
    expect(a.call('CLIENT', 'KILL', 'TYPE', 'normal')).toBe(0);
    expect(a.call('CLIENT', 'KILL', 'LADDR', '127.0.0.1:6379', 'TYPE', 'pubsub', 'USER', 'default')).toBe(1);
    expect(c.closed).toBe(true);
    expect(a.closed).toBe(false);
    expect(a.call('CLIENT', 'KILL', 'ADDR', addressOf(a), 'SKIPME', 'no')).toBe(1);
    expect(a.closed).toBe(true);
  });

  it('answers Redis errors for bad filters', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'KILL', 'ID', 'abc')).toEqual(new ErrorReply('ERR client-id should be greater than 0'));
    expect(a.call('CLIENT', 'KILL', 'ID', '0')).toEqual(new ErrorReply('ERR client-id should be greater than 0'));
    expect(a.call('CLIENT', 'KILL', 'TYPE', 'bogus')).toEqual(new ErrorReply("ERR Unknown client type 'bogus'"));
    expect(a.call('CLIENT', 'KILL', 'USER', 'nobody')).toEqual(new ErrorReply("ERR No such user 'nobody'"));
    expect(a.call('CLIENT', 'KILL', 'SKIPME', 'maybe')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('CLIENT', 'KILL', 'MAXAGE', '5')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('CLIENT', 'KILL', 'ID', '1', 'TYPE')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.closed).toBe(false);
  });
});

describe('CLIENT NO-EVICT / HELP / unknown subcommands', () => {
  it('NO-EVICT accepts ON and OFF only', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'NO-EVICT', 'on')).toEqual(OK);
    expect(a.call('CLIENT', 'NO-EVICT', 'OFF')).toEqual(OK);
    expect(a.call('CLIENT', 'NO-EVICT', 'maybe')).toEqual(new ErrorReply('ERR syntax error'));
  });

  it('HELP lists the subcommands as status lines', () => {
    const { client } = createTestEngine();
    const help = client().call('CLIENT', 'HELP') as SimpleString[];
    expect(help[0]).toEqual(new SimpleString('CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.at(-2)).toEqual(new SimpleString('HELP'));
    expect(help.at(-1)).toEqual(new SimpleString('    Prints this help.'));
  });

  it('answers unknown subcommands and a bare CLIENT as Redis does', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'nope')).toEqual(new ErrorReply("ERR unknown subcommand 'nope'. Try CLIENT HELP."));
    expect(a.call('CLIENT')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client' command"));
  });
});

describe('CLIENT REPLY', () => {
  it('silences replies but not pushes, and SKIP covers a blocked command until it is served', () => {
    const { client } = createTestEngine();
    const a = client();
    const b = client();
    expect(a.call('CLIENT', 'REPLY', 'OFF')).toBeUndefined();
    expect(a.call('SUBSCRIBE', 'ch')).toEqual(['subscribe', 'ch', 1]);
    b.call('PUBLISH', 'ch', 'hi');
    expect(a.take()).toEqual([['message', 'ch', 'hi']]);
    expect(a.call('UNSUBSCRIBE')).toEqual(['unsubscribe', 'ch', 0]);
    expect(a.call('CLIENT', 'REPLY', 'ON')).toEqual(OK);
    expect(a.call('CLIENT', 'REPLY', 'SKIP')).toBeUndefined();
    expect(a.call('BLPOP', 'list', '0')).toBeUndefined();
    expect(b.call('RPUSH', 'list', 'x')).toBe(1);
    expect(a.take()).toEqual([]);
    expect(a.call('PING')).toEqual(new SimpleString('PONG'));
  });

  it('answers a bad mode with a syntax error, unless replies are off', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'REPLY', 'MAYBE')).toEqual(new ErrorReply('ERR syntax error'));
    a.call('CLIENT', 'REPLY', 'OFF');
    expect(a.call('CLIENT', 'REPLY', 'MAYBE')).toBeUndefined();
    expect(a.call('RESET')).toEqual(new SimpleString('RESET'));
  });
});
