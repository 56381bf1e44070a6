import { describe, expect, it, vi } from 'vitest';
import { ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('TIME', () => {
  it('answers the command time as seconds and microseconds, both bulk strings', () => {
    const { client, clock } = createTestEngine();
    clock.advanceMs(1_234);
    expect(client().call('TIME')).toEqual(['1700000001', '234000']);
  });

  it('takes no arguments', () => {
    const { client } = createTestEngine();
    expect(client().call('TIME', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'time' command"));
  });
});

describe('DBSIZE', () => {
  it('counts the keys of the selected database across every shard', () => {
    const { engine, client } = createTestEngine({ shards: 4 });
    for (let i = 0; i < 20; i++) engine.database(0).set(`key:${i}`, 'v');
    engine.database(2).set('other', 'v');
    const a = client();
    expect(a.call('DBSIZE')).toBe(20);
    a.call('SELECT', '2');
    expect(a.call('DBSIZE')).toBe(1);
    a.call('SELECT', '3');
    expect(a.call('DBSIZE')).toBe(0);
  });
});

describe('SHUTDOWN', () => {
  it('hands the shutdown to the host and closes the connection without a reply', () => {
    const { engine, client } = createTestEngine();
    const requested = vi.spyOn(engine, 'requestShutdown');
    const a = client();
    expect(a.call('SHUTDOWN', 'nosave', 'now', 'force')).toBeUndefined();
    expect(requested).toHaveBeenCalledOnce();
    expect(a.closed).toBe(true);
  });

  it('refuses unknown options and illegal combinations with a syntax error', () => {
    const { engine, client } = createTestEngine();
    const requested = vi.spyOn(engine, 'requestShutdown');
    const a = client();
    const syntax = new ErrorReply('ERR syntax error');
    expect(a.call('SHUTDOWN', 'later')).toEqual(syntax);
    expect(a.call('SHUTDOWN', 'SAVE', 'NOSAVE')).toEqual(syntax);
    expect(a.call('SHUTDOWN', 'ABORT', 'NOW')).toEqual(syntax);
    expect(a.call('SHUTDOWN', 'ABORT')).toEqual(new ErrorReply('ERR No shutdown in progress.'));
    expect(requested).not.toHaveBeenCalled();
    expect(a.closed).toBe(false);
  });
});

describe('CLUSTER', () => {
  it('KEYSLOT answers the Redis Cluster hash slot, honouring hash tags', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLUSTER', 'KEYSLOT', 'foo')).toBe(12182);
    expect(a.call('CLUSTER', 'keyslot', '{user1}:a')).toBe(a.call('CLUSTER', 'KEYSLOT', 'user1'));
    expect(a.call('CLUSTER', 'KEYSLOT')).toEqual(new ErrorReply("ERR wrong number of arguments for 'cluster|keyslot' command"));
  });

  it('answers every other subcommand as Redis without cluster support does', () => {
    const { client } = createTestEngine();
    const a = client();
    const disabled = new ErrorReply('ERR This instance has cluster support disabled');
    expect(a.call('CLUSTER', 'INFO')).toEqual(disabled);
    expect(a.call('CLUSTER', 'SHARDS')).toEqual(disabled);
    expect(a.call('CLUSTER', 'SLOTS')).toEqual(disabled);
    expect(a.call('CLUSTER', 'HELP')).toEqual(disabled);
    expect(a.call('CLUSTER', 'NOPE')).toEqual(new ErrorReply("ERR unknown subcommand 'NOPE'. Try CLUSTER HELP."));
    expect(a.call('CLUSTER')).toEqual(new ErrorReply("ERR wrong number of arguments for 'cluster' command"));
  });
});
