import { describe, expect, it } from 'vitest';
import { TestClient, createTestEngine } from '../support/test-engine.js';
import {
  AttributedReply, BooleanReply, DoubleReply, ErrorReply, MapReply, PushReply, SetReply, SimpleString, VerbatimString,
} from '../../src/resp/reply.js';
import { encodeRequest } from '../support/test-engine.js';

const ENABLED = { 'enable-debug-command': 'yes' };
const NOT_ALLOWED = new ErrorReply('ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, '
  + 'otherwise you need to set this option in the configuration file, and then restart the server.');

describe('DEBUG under enable-debug-command', () => {
  it('is refused by default, as in Redis 7.0, with Redis\'s text, after the arity check', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('DEBUG')).toEqual(new ErrorReply("ERR wrong number of arguments for 'debug' command"));
    expect(a.call('DEBUG', 'DIGEST')).toEqual(NOT_ALLOWED);
  });

  it('local: runs for a loopback or unix-socket client, not for a remote one', () => {
    const { engine } = createTestEngine({ config: { 'enable-debug-command': 'local' } });
    const local = new TestClient(engine, 1);
    expect(local.call('DEBUG', 'DIGEST')).toEqual(new SimpleString('0'.repeat(40)));
    const remote = engine.connect({ address: '10.1.2.3:5000', localAddress: '10.1.2.1:6379', write: () => undefined, close: () => undefined, pendingOutputBytes: () => 0 });
    expect(remote.local).toBe(false);
    const mapped = engine.connect({ address: '::ffff:127.0.0.1:5000', localAddress: '::ffff:127.0.0.1:6379', write: () => undefined, close: () => undefined, pendingOutputBytes: () => 0 });
    expect(mapped.local).toBe(true);
    const unix = engine.connect({ address: '/tmp/ballast.sock:0', localAddress: '/tmp/ballast.sock:0', unixSocket: true, write: () => undefined, close: () => undefined, pendingOutputBytes: () => 0 });
    expect(unix.local).toBe(true);
  });

  it('refused while queueing, it aborts the transaction', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('MULTI');
    expect(a.call('DEBUG', 'DIGEST')).toEqual(NOT_ALLOWED);
    expect(a.call('EXEC')).toEqual(new ErrorReply('EXECABORT Transaction discarded because of previous errors.'));
  });

  it('cannot be changed at run time', () => {
    const { client } = createTestEngine();
    expect(client().call('CONFIG', 'SET', 'enable-debug-command', 'yes')).toBeInstanceOf(ErrorReply);
  });
});

describe('DEBUG subcommands', () => {
  it('answers Redis\'s error for an unknown subcommand or a wrong argument count, and refuses crashes clearly', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    expect(a.call('debug', 'nosuch')).toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP."));
    expect(a.call('DEBUG', 'DIGEST', 'x')).toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP."));
    expect(a.call('DEBUG', 'CHANGE-REPL-ID')).toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'CHANGE-REPL-ID'. Try DEBUG HELP."));
    expect(a.call('DEBUG', 'SEGFAULT')).toEqual(new ErrorReply('ERR DEBUG SEGFAULT is not supported: Ballast does not crash on request'));
    expect(a.call('DEBUG', 'JMAP')).toEqual(new ErrorReply('ERR DEBUG JMAP is not supported: Ballast has no JVM heap to dump'));
    const help = a.call('DEBUG', 'HELP') as SimpleString[];
    expect(help[0]).toEqual(new SimpleString('DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help.at(-1)).toEqual(new SimpleString('    Prints this help.'));
  });

  it('DIGEST-VALUE answers one digest per key; DIGEST changes with the data', () => {
    const { client } = createTestEngine({ config: ENABLED, shards: 4 });
    const a = client();
    a.call('SET', 'foo', 'bar');
    expect(a.call('DEBUG', 'DIGEST-VALUE', 'foo', 'missing')).toEqual([
      new SimpleString('68467c70ae30376e7ce005bcc8827f5ba7fd67dc'), new SimpleString('0'.repeat(40)),
    ]);
    expect(a.call('DEBUG', 'DIGEST')).toEqual(new SimpleString('d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a'));
    expect(a.call('DEBUG', 'DIGEST-VALUE')).toEqual([]);
  });

  it('OBJECT shows Redis\'s line with Ballast\'s encoding, the RDB length and quicklist fields', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    a.call('SET', 'n', '20000');
    const before = (a.call('DEBUG', 'OBJECT', 'n') as SimpleString).value;
    expect(before).toMatch(/^Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:\d+ lru_seconds_idle:0$/);
    a.call('INCR', 'n');
    expect((a.call('DEBUG', 'OBJECT', 'n') as SimpleString).value.split(' ')[1]).toBe(before.split(' ')[1]);
    a.call('RPUSH', 'list', 'a', 'b', 'c');
    expect((a.call('DEBUG', 'OBJECT', 'list') as SimpleString).value).toMatch(
      / encoding:quicklist serializedlength:\d+ lru:\d+ lru_seconds_idle:0 ql_nodes:1 ql_avg_node:3\.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:\d+$/);
    a.call('HSET', 'h', 'f', 'x'.repeat(100));
    expect((a.call('DEBUG', 'OBJECT', 'h') as SimpleString).value).toContain('encoding:hashtable');
    expect(a.call('DEBUG', 'OBJECT', 'missing')).toEqual(new ErrorReply('ERR no such key'));
  });

  it('OBJECT and OBJECT REFCOUNT show integers 0..9999 as Redis\'s shared objects', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    a.call('SET', 'foo', '9998');
    a.call('INCR', 'foo');
    expect(a.call('OBJECT', 'REFCOUNT', 'foo')).toBe(2147483647);
    expect((a.call('DEBUG', 'OBJECT', 'foo') as SimpleString).value).toContain(' refcount:2147483647 encoding:int ');
    a.call('INCR', 'foo');
    expect(a.call('OBJECT', 'REFCOUNT', 'foo')).toBe(1);
    a.call('SET', 'foo', '-1');
    expect(a.call('OBJECT', 'REFCOUNT', 'foo')).toBe(1);
  });

  it('QUICKLIST-PACKED-THRESHOLD validates its size and makes large elements PLAIN nodes in DEBUG OBJECT', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    a.call('RPUSH', 'list', 'aaaa', 'bbbb', 'cccc');
    expect(a.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1b')).toEqual(new SimpleString('OK'));
    expect((a.call('DEBUG', 'OBJECT', 'list') as SimpleString).value).toContain('ql_nodes:3 ');
    expect(a.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0')).toEqual(new SimpleString('OK'));
    expect((a.call('DEBUG', 'OBJECT', 'list') as SimpleString).value).toContain('ql_nodes:1 ');
    const refused = new ErrorReply('ERR argument must be a memory value bigger than 1 and smaller than 4gb');
    expect(a.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '5gb')).toEqual(refused);
    expect(a.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', 'x')).toEqual(refused);
  });

  it('PROTOCOL answers each RESP3 type as Redis does, and push only to RESP3', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    expect(a.call('DEBUG', 'PROTOCOL', 'string')).toBe('Hello World');
    expect(a.call('DEBUG', 'PROTOCOL', 'integer')).toBe(12345);
    expect(a.call('DEBUG', 'PROTOCOL', 'null')).toBeNull();
    expect(a.call('DEBUG', 'PROTOCOL', 'array')).toEqual([0, 1, 2]);
    expect(a.call('DEBUG', 'PROTOCOL', 'push')).toEqual(new ErrorReply('ERR RESP2 is not supported by this command'));
    expect(a.call('DEBUG', 'PROTOCOL', 'attrib')).toBe('Some real reply following the attribute');
    expect(a.call('DEBUG', 'PROTOCOL', 'nope')).toEqual(new ErrorReply(
      'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false'));
    a.call('HELLO', '3');
    expect(a.call('DEBUG', 'PROTOCOL', 'double')).toEqual(new DoubleReply(3.141));
    expect(a.call('DEBUG', 'PROTOCOL', 'bignum')).toBe(1234567999999999999999999999999999999n);
    expect(a.call('DEBUG', 'PROTOCOL', 'set')).toEqual(new SetReply([0, 1, 2]));
    expect(a.call('DEBUG', 'PROTOCOL', 'map')).toEqual(new MapReply([[0, BooleanReply.FALSE], [1, BooleanReply.TRUE], [2, BooleanReply.FALSE]]));
    expect(a.call('DEBUG', 'PROTOCOL', 'true')).toEqual(BooleanReply.TRUE);
    expect(a.call('DEBUG', 'PROTOCOL', 'verbatim')).toEqual(new VerbatimString('This is a verbatim\nstring'));
    expect(a.call('DEBUG', 'PROTOCOL', 'attrib')).toBe('Some real reply following the attribute');
    expect(a.call('DEBUG', 'PROTOCOL', 'push')).toEqual(new PushReply(['server-cpu-usage', 42]));
    expect(a.take()).toEqual(['Some real reply following the push reply']);
  });

  it('PROTOCOL attrib sends the attribute map before the reply on RESP3, as tests/unit/protocol.tcl reads it raw', () => {
    const { engine } = createTestEngine({ config: ENABLED });
    let received = '';
    const connection = engine.connect({
      address: '127.0.0.1:1', localAddress: '127.0.0.1:6379', close: () => undefined, pendingOutputBytes: () => 0,
      write: (bytes) => void (received += String.fromCharCode(...bytes)),
    });
    connection.receive(encodeRequest(['HELLO', '3']));
    received = '';
    connection.receive(encodeRequest(['DEBUG', 'PROTOCOL', 'attrib']));
    expect(received).toBe('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n');
    expect(new AttributedReply([], 'x').reply).toBe('x');
  });

  it('ERROR answers the text as an error, newlines as spaces; LOG writes to the server log', () => {
    const logged: string[] = [];
    const { client } = createTestEngine({ config: ENABLED, log: (level, message) => void logged.push(`${level} ${message}`) });
    const a = client();
    expect(a.call('DEBUG', 'ERROR', 'WRONGTHING bad\r\nnews')).toEqual(new ErrorReply('WRONGTHING bad  news'));
    expect(a.call('DEBUG', 'LOG', '### Starting test')).toEqual(new SimpleString('OK'));
    expect(logged).toContain('warning DEBUG LOG: ### Starting test');
    expect(a.call('DEBUG', 'STRINGMATCH-TEST')).toEqual(new SimpleString('Apparently Redis did not crash: test passed'));
  });

  it('SET-ACTIVE-EXPIRE 0 stops the background cycle from expiring keys; 1 turns it back on', () => {
    const { client, clock, engine } = createTestEngine({ config: ENABLED });
    engine.start();
    const a = client();
    a.call('SET', 'k', 'v', 'PX', '100');
    expect(a.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toEqual(new SimpleString('OK'));
    clock.advanceMs(1000);
    expect(engine.database(0).size).toBe(1);
    a.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    clock.advanceMs(1000);
    expect(engine.database(0).size).toBe(0);
    engine.stop();
  });
});

describe('DEBUG SET-DISABLE-DENY-SCRIPTS', () => {
  it('lets scripts call noscript commands while on', () => {
    const { client } = createTestEngine({ config: ENABLED });
    const a = client();
    const script = "return redis.pcall('client', 'id')";
    expect(a.call('EVAL', script, '0')).toEqual(new ErrorReply('ERR This Redis command is not allowed from script'));
    expect(a.call('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '1')).toEqual(new SimpleString('OK'));
    expect(typeof a.call('EVAL', script, '0')).toBe('number');
    a.call('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '0');
    expect(a.call('EVAL', script, '0')).toEqual(new ErrorReply('ERR This Redis command is not allowed from script'));
  });
});

describe('DEBUG SLEEP', () => {
  it('holds every command for the time, then answers OK; SLOWLOG and commandstats count the sleep', () => {
    const { client, clock } = createTestEngine({ config: { ...ENABLED, 'slowlog-log-slower-than': '100000' } });
    const sleeper = client();
    const other = client();
    expect(sleeper.call('DEBUG', 'SLEEP', '0.2')).toBeUndefined();
    expect(other.call('PING')).toBeUndefined();
    clock.advanceMs(199);
    expect(sleeper.take()).toEqual([]);
    expect(other.take()).toEqual([]);
    clock.advanceMs(1);
    expect(sleeper.take()).toEqual([new SimpleString('OK')]);
    expect(other.take()).toEqual([new SimpleString('PONG')]);
    const entries = other.call('SLOWLOG', 'GET') as unknown[][];
    expect(entries).toHaveLength(1);
    expect(entries[0][2]).toBe(200_000);
    expect(entries[0][3]).toEqual(['DEBUG', 'SLEEP', '0.2']);
  });

  it('inside EXEC the transaction answers at once and the pause follows; the entry is in the slow log', () => {
    const { client, clock } = createTestEngine({ config: { ...ENABLED, 'slowlog-log-slower-than': '100000' } });
    const a = client();
    const b = client();
    a.call('MULTI');
    a.call('DEBUG', 'SLEEP', '0.2');
    expect(a.call('EXEC')).toEqual([new SimpleString('OK')]);
    expect(b.call('SLOWLOG', 'LEN')).toBeUndefined();
    clock.advanceMs(200);
    expect(b.take()).toEqual([1]);
  });

  it('a pipeline sent during the sleep runs in order after it', () => {
    const { client, clock } = createTestEngine({ config: ENABLED });
    const a = client();
    a.send(encodeRequest(['DEBUG', 'SLEEP', '0.05']));
    a.send(encodeRequest(['SET', 'k', 'v']));
    a.send(encodeRequest(['GET', 'k']));
    expect(a.take()).toEqual([]);
    clock.advanceMs(50);
    expect(a.take()).toEqual([new SimpleString('OK'), new SimpleString('OK'), 'v']);
  });
});
