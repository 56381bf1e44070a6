import { describe, expect, it } from 'vitest';
import { ErrorReply, MapReply, OK, SimpleString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

/** A RESP2 CONFIG GET reply (flat name, value, …) as a plain object. */
function asObject(reply: unknown): Record<string, string> {
  const flat = reply as string[];
  const result: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) result[flat[i]] = flat[i + 1];
  return result;
}

describe('CONFIG GET', () => {
  it('answers exact names as typed, and globs case-insensitively with the canonical names', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CONFIG', 'GET', 'maxclients')).toEqual(['maxclients', '10000']);
    expect(a.call('CONFIG', 'GET', 'MAXCLIENTS')).toEqual(['MAXCLIENTS', '10000']);
    expect(asObject(a.call('CONFIG', 'GET', 'Hash-Max-*')), 'aliases answer too, as on redis-server 7.0').toEqual({
      'hash-max-listpack-entries': '512',
      'hash-max-listpack-value': '64',
      'hash-max-ziplist-entries': '512',
      'hash-max-ziplist-value': '64',
    });
    a.call('CONFIG', 'SET', 'hash-max-ziplist-value', '32');
    expect(a.call('CONFIG', 'GET', 'hash-max-listpack-value'), 'an alias sets the option').toEqual(['hash-max-listpack-value', '32']);
    expect(a.call('CONFIG', 'SET', 'save', ''), 'no save points: accepted, as the Tcl units send it').toEqual(OK);
    expect(a.call('CONFIG', 'SET', 'save', '900 1 300 10')).toEqual(OK);
    expect(a.call('CONFIG', 'GET', 'save')).toEqual(['save', '900 1 300 10']);
    for (const bad of ['900', '0 1', '900 -1', '900 x']) {
      expect(a.call('CONFIG', 'SET', 'save', bad), bad).toEqual(new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"));
    }
    expect(a.call('CONFIG', 'GET', 'no-such-option')).toEqual([]);
    expect(a.call('CONFIG', 'GET', 'protected-mode')).toEqual(['protected-mode', 'yes']);
  });

  it('answers RESP3 clients with a map', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('HELLO', '3');
    expect(a.call('CONFIG', 'GET', 'timeout', 'hz')).toEqual(new MapReply([['timeout', '0'], ['hz', '10']]));
  });

  it('lists each option once, however many patterns name it', () => {
    const { client } = createTestEngine();
    const reply = client().call('CONFIG', 'GET', 'maxclients', 'MAXCLIENTS', 'maxcl*', 'maxclient[s]') as string[];
    expect(reply).toEqual(['maxclients', '10000']);
  });

  it('shows the running values, memory options in bytes', () => {
    const { client } = createTestEngine({ config: { timeout: '30' } });
    const all = asObject(client().call('CONFIG', 'GET', '*'));
    expect(all.timeout).toBe('30');
    expect(all['proto-max-bulk-len']).toBe(String(512 * 1024 * 1024));
    expect(all.shards).toBe('1');
  });
});

describe('CONFIG SET', () => {
  it('sets one or several options', () => {
    const { engine, client } = createTestEngine();
    const a = client();
    expect(a.call('CONFIG', 'SET', 'timeout', '5')).toEqual(OK);
    expect(a.call('CONFIG', 'SET', 'MaxClients', '50', 'loglevel', 'WARNING')).toEqual(OK);
    expect(engine.config.integer('timeout')).toBe(5);
    expect(engine.config.integer('maxclients')).toBe(50);
    expect(a.call('CONFIG', 'GET', 'loglevel')).toEqual(['loglevel', 'warning']);
  });

  it('applies nothing when any pair is invalid', () => {
    const { engine, client } = createTestEngine();
    const a = client();
    expect(a.call('CONFIG', 'SET', 'timeout', '7', 'maxclients', 'abc')).toEqual(new ErrorReply(
      "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer",
    ));
    expect(engine.config.integer('timeout')).toBe(0);
  });

  it('answers Redis error texts, names before values', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CONFIG', 'SET', 'x', '1')).toEqual(new ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - 'x'"));
    expect(a.call('CONFIG', 'SET', 'timeout', 'abc', 'nosuch', '1')).toEqual(
      new ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"),
    );
    expect(a.call('CONFIG', 'SET', 'timeout', 'abc', 'Databases', '3')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'Databases') - can't set immutable config"),
    );
    expect(a.call('CONFIG', 'SET', 'shards', '2')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'shards') - can't set immutable config"),
    );
    expect(a.call('CONFIG', 'SET', 'shards', '1', 'port', '6379', 'timeout', '0')).toEqual(new SimpleString('OK'));
    expect(a.call('CONFIG', 'SET', 'databases', '16')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"),
    );
    expect(a.call('CONFIG', 'REWRITE')).toEqual(new ErrorReply('ERR The server is running without a config file'));
    expect(a.call('CONFIG', 'SET', 'timeout', '1', 'TIMEOUT', '2')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter"),
    );
    expect(a.call('CONFIG', 'SET', 'protected-mode', 'maybe')).toEqual(
      new ErrorReply("ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'"),
    );
    expect(a.call('CONFIG', 'SET', 'timeout', '1', 'maxclients')).toEqual(new ErrorReply('ERR syntax error'));
    expect(a.call('CONFIG', 'SET', 'timeout')).toEqual(new ErrorReply("ERR wrong number of arguments for 'config|set' command"));
  });
});

describe('CONFIG SET with a host applier', () => {
  const REFUSAL = 'Unable to update TLS configuration. Check server logs.';

  it('answers Redis\'s error naming the first option of the refusing applier, logs it and keeps the old values', () => {
    const lines: string[] = [];
    const { engine, client } = createTestEngine({ log: (level, message) => lines.push(`${level}: ${message}`) });
    engine.config.applyWith(['tls-cert-file', 'tls-key-file'], () => (engine.config.string('tls-cert-file') === '/nope' ? REFUSAL : undefined));
    const a = client();
    expect(a.call('CONFIG', 'SET', 'tls-cert-file', 'a.crt')).toEqual(OK);
    expect(a.call('CONFIG', 'SET', 'tls-auth-clients', 'no', 'TLS-KEY-FILE', 'b.key', 'tls-cert-file', '/nope')).toEqual(new ErrorReply(
      `ERR CONFIG SET failed (possibly related to argument 'tls-key-file') - ${REFUSAL}`,
    ));
    expect(a.call('CONFIG', 'GET', 'tls-*-file')).toEqual(expect.arrayContaining(['tls-cert-file', 'a.crt', 'tls-key-file', '']));
    expect(a.call('CONFIG', 'GET', 'tls-auth-clients')).toEqual(['tls-auth-clients', 'yes']);
    expect(lines).toEqual(['warning: Failed applying new configuration. Possibly related to new tls-key-file setting. Restoring previous settings.']);
  });
});

describe('CONFIG RESETSTAT / HELP', () => {
  it('zeroes the INFO counters but keeps the change counter', () => {
    const { engine, client } = createTestEngine();
    const a = client();
    a.call('PING');
    a.call('NOPE');
    engine.stats.dirty = 3;
    expect(a.call('CONFIG', 'RESETSTAT')).toEqual(OK);
    const stats = engine.stats;
    expect(stats.totalCommandsProcessed).toBe(1);
    expect([...stats.commands.keys()]).toEqual(['config|resetstat']);
    expect(stats.errors.size).toBe(0);
    expect(stats.totalConnectionsReceived).toBe(0);
    expect(stats.dirty).toBe(3);
  });

  it('HELP lists GET, SET, RESETSTAT and REWRITE', () => {
    const { client } = createTestEngine();
    const help = client().call('CONFIG', 'HELP') as SimpleString[];
    expect(help.map((line) => line.value)).toEqual([
      'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'GET <pattern>',
      '    Return parameters matching the glob-like <pattern> and their values.',
      'SET <directive> <value>',
      '    Set the configuration <directive> to <value>.',
      'RESETSTAT',
      '    Reset statistics reported by the INFO command.',
      'REWRITE',
      '    Rewrite the configuration file.',
      'HELP',
      '    Prints this help.',
    ]);
  });
});

describe('CONFIG SET appendonly', () => {
  it('accepts the value the server started with, and refuses turning the log on or off', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CONFIG', 'SET', 'appendonly', 'yes')).toEqual(OK);
    expect(a.call('CONFIG', 'SET', 'appendonly', 'no')).toEqual(new ErrorReply(
      "ERR CONFIG SET failed (possibly related to argument 'appendonly') - Ballast cannot turn the append-only file off while running: restart with appendonly no"));
    const memoryOnly = createTestEngine({ config: { appendonly: 'no' } }).client();
    expect(memoryOnly.call('CONFIG', 'SET', 'appendonly', 'no')).toEqual(OK);
    expect((memoryOnly.call('CONFIG', 'SET', 'appendonly', 'yes') as ErrorReply).message).toMatch(/cannot turn the append-only file on while running/);
  });
});
