import { describe, expect, it } from 'vitest';
import { aclCategories } from '../../src/commands/server/acl-categories.js';
import type { CommandDefinition } from '../../src/commands/types.js';
import { ErrorReply, MapReply, SetReply, SimpleString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const status = (...values: string[]) => values.map((value) => new SimpleString(value));

function definition(partial: Partial<CommandDefinition>): CommandDefinition {
  return {
    name: 'x', arity: 1, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server', summary: '', complexity: '',
    since: '', syntax: '', handler: () => null, ...partial,
  };
}

describe('COMMAND INFO', () => {
  it('describes a command in Redis 7.0 shape', () => {
    const { client } = createTestEngine();
    expect(client().call('COMMAND', 'INFO', 'time')).toEqual([
      ['time', 1, status('loading', 'stale', 'fast'), 0, 0, 0, status('@fast'), [], [], []],
    ]);
  });

  it('answers RESP3 clients with sets for flags, categories, tips and key specs', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('HELLO', '3');
    const empty = new SetReply([]);
    expect(a.call('COMMAND', 'INFO', 'time')).toEqual([
      ['time', 1, new SetReply(status('loading', 'stale', 'fast')), 0, 0, 0, new SetReply(status('@fast')), empty, empty, empty],
    ]);
    expect(a.call('COMMAND', 'DOCS', 'dbsize')).toEqual(new MapReply([['dbsize', new MapReply([
      ['summary', 'Return the number of keys in the selected database'], ['since', '1.0.0'], ['group', 'server'], ['complexity', 'O(1)'],
    ])]]));
  });

  it('prints flags in Redis order and hides may_replicate', () => {
    const { client } = createTestEngine();
    const [quit] = client().call('COMMAND', 'INFO', 'quit') as unknown[][];
    expect(quit[2]).toEqual(status('noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'));
  });

  it('finds subcommands by full name, nests them under containers, and answers null for unknown names', () => {
    const { client } = createTestEngine();
    const a = client();
    const [clientList, nothing, ...rest] = a.call('COMMAND', 'INFO', 'CLIENT|LIST', 'nope', 'client|nope', 'client|list|x') as unknown[];
    expect(clientList).toEqual([
      'client|list', -2, status('admin', 'noscript', 'loading', 'stale'), 0, 0, 0,
      status('@admin', '@slow', '@dangerous', '@connection'), [], [], [],
    ]);
    expect([nothing, ...rest]).toEqual([null, null, null]);
    const [container] = a.call('COMMAND', 'INFO', 'client') as unknown[][];
    expect(container.slice(0, 7)).toEqual(['client', -2, [], 0, 0, 0, status('@slow')]);
    const names = (container[9] as unknown[][]).map((sub) => sub[0]);
    expect(names).toContain('client|kill');
    expect(names).toContain('client|setname');
  });

  it('without names, and as bare COMMAND, describes every command', () => {
    const { engine, client } = createTestEngine();
    const a = client();
    const all = a.call('COMMAND') as unknown[][];
    expect(all).toHaveLength(engine.commands().length);
    expect(a.call('COMMAND', 'INFO')).toEqual(all);
    expect(a.call('COMMAND', 'COUNT')).toBe(engine.commands().length);
  });
});

describe('COMMAND DOCS', () => {
  it('answers a map of name to summary, since, group, complexity, and subcommands for containers', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('COMMAND', 'DOCS', 'time', 'nope')).toEqual([
      'time', ['summary', 'Return the current server time', 'since', '2.6.0', 'group', 'server', 'complexity', 'O(1)'],
    ]);
    const [name, docs] = a.call('COMMAND', 'DOCS', 'config') as [string, unknown[]];
    expect(name).toBe('config');
    expect(docs.slice(0, 8)).toEqual([
      'summary', 'A container for server configuration commands', 'since', '2.0.0', 'group', 'server',
      'complexity', 'Depends on subcommand.',
    ]);
    expect(docs[8]).toBe('subcommands');
    expect((docs[9] as unknown[]).filter((_, i) => i % 2 === 0)).toEqual(['config|get', 'config|set', 'config|resetstat', 'config|rewrite', 'config|help']);
  });

  it('without names documents every command', () => {
    const { engine, client } = createTestEngine();
    expect(client().call('COMMAND', 'DOCS') as unknown[]).toHaveLength(2 * engine.commands().length);
  });
});

describe('COMMAND LIST', () => {
  it('lists every command and subcommand, or those a filter selects', () => {
    const { client } = createTestEngine();
    const a = client();
    const all = a.call('COMMAND', 'LIST') as string[];
    expect(all).toContain('client');
    expect(all).toContain('client|list');
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'CLIENT|L*')).toEqual(['client|list']);
    const connection = a.call('COMMAND', 'LIST', 'filterby', 'aclcat', 'CONNECTION') as string[];
    expect(connection).toContain('command');
    expect(connection).toContain('client|id');
    expect(connection).not.toContain('client');
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nope')).toEqual([]);
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toEqual([]);
  });

  it('answers a syntax error for anything but one FILTERBY', () => {
    const { client } = createTestEngine();
    const a = client();
    const syntax = new ErrorReply('ERR syntax error');
    expect(a.call('COMMAND', 'LIST', 'FILTERBY')).toEqual(syntax);
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN')).toEqual(syntax);
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'BOGUS', 'x')).toEqual(syntax);
    expect(a.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'a', 'b')).toEqual(syntax);
    expect(a.call('COMMAND', 'LIST', 'foo')).toEqual(syntax);
  });
});

describe('COMMAND GETKEYS / HELP / errors', () => {
  it('extracts keys from a full command line', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('COMMAND', 'GETKEYS', 'WATCH', 'a', 'b')).toEqual(['a', 'b']);
    expect(a.call('COMMAND', 'GETKEYS', 'nope', 'x')).toEqual(new ErrorReply('ERR Invalid command specified'));
    expect(a.call('COMMAND', 'GETKEYS', 'PING', 'x')).toEqual(new ErrorReply('ERR The command has no key arguments'));
    expect(a.call('COMMAND', 'GETKEYS', 'client', 'list')).toEqual(new ErrorReply('ERR The command has no key arguments'));
    expect(a.call('COMMAND', 'GETKEYS', 'client', 'nope', 'x')).toEqual(new ErrorReply('ERR Invalid command specified'));
    expect(a.call('COMMAND', 'GETKEYS', 'WATCH')).toEqual(
      new ErrorReply("ERR wrong number of arguments for 'command|getkeys' command"),
    );
    expect(a.call('COMMAND', 'GETKEYS', 'EVAL', 'return 1', '0')).toEqual([]);
  });

  it('gives each key its key spec flags (GETKEYSANDFLAGS)', () => {
    const { client } = createTestEngine();
    const a = client();
    const flags = (...words: string[]) => words.map((word) => new SimpleString(word));
    expect(a.call('COMMAND', 'GETKEYSANDFLAGS', 'LMOVE', 'k1', 'k2', 'left', 'right')).toEqual([
      ['k1', flags('RW', 'access', 'delete')], ['k2', flags('RW', 'insert')],
    ]);
    expect(a.call('COMMAND', 'GETKEYSANDFLAGS', 'SORT', 'k1', 'STORE', 'k2')).toEqual([['k1', flags('RO', 'access')], ['k2', flags('OW', 'update')]]);
    expect(a.call('COMMAND', 'GETKEYSANDFLAGS', 'PING', 'x')).toEqual(new ErrorReply('ERR The command has no key arguments'));
  });

  it('answers HELP, unknown subcommands and wrong arity as Redis', () => {
    const { client } = createTestEngine();
    const a = client();
    const help = a.call('COMMAND', 'HELP') as SimpleString[];
    expect(help[0]).toEqual(new SimpleString('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(a.call('COMMAND', 'foo')).toEqual(new ErrorReply("ERR unknown subcommand 'foo'. Try COMMAND HELP."));
    expect(a.call('COMMAND', 'COUNT', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'command|count' command"));
  });
});

describe('ACL categories', () => {
  it('derives them from flags and group in Redis order', () => {
    expect(aclCategories(definition({ name: 'get', group: 'string', flags: ['readonly', 'fast'] }))).toEqual(['read', 'string', 'fast']);
    expect(aclCategories(definition({ name: 'blpop', group: 'list', flags: ['write', 'noscript', 'blocking'] })))
      .toEqual(['write', 'list', 'slow', 'blocking']);
    expect(aclCategories(definition({ name: 'del', group: 'generic', flags: ['write'] }))).toEqual(['keyspace', 'write', 'slow']);
    expect(aclCategories(definition({ name: 'subscribe', group: 'pubsub', flags: ['pubsub', 'noscript', 'loading', 'stale'] })))
      .toEqual(['pubsub', 'slow']);
    expect(aclCategories(definition({ name: 'multi', group: 'transactions', flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'] })))
      .toEqual(['fast', 'transaction']);
  });

  it('adds the categories Redis names explicitly, and none of the group for containers', () => {
    expect(aclCategories(definition({ name: 'keys', group: 'generic', flags: ['readonly'] }))).toEqual(['keyspace', 'read', 'slow', 'dangerous']);
    expect(aclCategories(definition({ name: 'flushall', group: 'server', flags: ['write'] }))).toEqual(['keyspace', 'write', 'slow', 'dangerous']);
    expect(aclCategories(definition({ name: 'info', flags: ['loading', 'stale'] }))).toEqual(['slow', 'dangerous']);
    expect(aclCategories(definition({ name: 'dbsize', flags: ['readonly', 'fast'] }))).toEqual(['keyspace', 'read', 'fast']);
    expect(aclCategories(definition({ name: 'count' }), 'command')).toEqual(['slow', 'connection']);
    expect(aclCategories(definition({ name: 'object', group: 'generic', subcommands: [] }))).toEqual(['slow']);
    expect(aclCategories(definition({ name: 'config', flags: ['admin'] }))).toEqual(['admin', 'slow', 'dangerous']);
  });
});
