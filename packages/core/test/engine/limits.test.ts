import { describe, expect, it } from 'vitest';
import { ErrorReply, PONG } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('engine limits', () => {
  it('refuses clients over maxclients with Redis error text', () => {
    const { client } = createTestEngine({ config: { maxclients: '1' } });
    const first = client();
    const second = client();
    expect(second.closed).toBe(true);
    expect(second.take()).toEqual([new ErrorReply('ERR max number of clients reached')]);
    expect(first.call('PING'), 'the client within the limit is served').toEqual(PONG);
    expect(first.closed).toBe(false);
  });

  it('a pipeline whose replies overflow the output buffer is served to the end, though the host reports no drain', () => {
    const { client } = createTestEngine();
    const reader = client();
    reader.call('SET', 'big', 'x'.repeat(1000));
    const pipelined = 3000;
    reader.send(bytes('GET big\r\n'.repeat(pipelined)));
    const replies = reader.take();
    expect(replies.length, 'every GET of a 3 MB burst answered (1 MiB pauses input until a flush)').toBe(pipelined);
    expect(replies.every((reply) => reply === 'x'.repeat(1000))).toBe(true);
  });

  it('asks the host to stop reading while its output is full, and to read again once it drains, even with no command held', () => {
    // Issue 17: a host that reads while the client's commands cannot run piles the burst up as
    // input. Here the socket takes nothing until the test drains it (pending output stays).
    const { engine, client } = createTestEngine();
    client().call('SET', 'big', 'x'.repeat(600 * 1024));
    let pendingBytes = 0;
    const reading: string[] = [];
    const connection = engine.connect({
      address: '127.0.0.1:40000',
      localAddress: '127.0.0.1:6379',
      write: (written) => void (pendingBytes += written.length),
      close: () => undefined,
      pendingOutputBytes: () => pendingBytes,
      pauseReading: () => void reading.push('pause'),
      resumeReading: () => void reading.push('resume'),
    });
    const getBig = '*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n';
    connection.receive(bytes(getBig.repeat(2)));
    expect(reading, 'two 600 KiB replies fill the output: reading stops, every command taken').toEqual(['pause']);
    expect(connection.queryBufferBytes).toBe(0);
    pendingBytes = 0;
    connection.drained();
    expect(reading, 'drained: reading resumes though no command was held').toEqual(['pause', 'resume']);
    connection.receive(bytes(getBig.repeat(3)));
    expect(reading).toEqual(['pause', 'resume', 'pause']);
    expect(connection.queryBufferBytes, 'the third GET waits, unparsed').toBe(getBig.length);
    pendingBytes = 0;
    connection.drained();
    expect(reading).toEqual(['pause', 'resume', 'pause', 'resume']);
    expect(connection.queryBufferBytes).toBe(0);
  });

  it('closes idle clients after `timeout` seconds, but not blocked or subscribed ones', () => {
    const { engine, client, clock } = createTestEngine({ config: { timeout: '1' } });
    engine.start();
    const idle = client();
    const subscriber = client();
    subscriber.call('SUBSCRIBE', 'c');
    idle.call('PING');
    clock.advanceMs(2500);
    expect(idle.closed).toBe(true);
    expect(subscriber.closed).toBe(false);
    engine.stop();
  });

  it('answers a protocol error and closes the connection', () => {
    const { client } = createTestEngine();
    const a = client();
    a.send(bytes('*1\r\n$3\r\nGET\r\n*x\r\n'));
    const replies = a.take();
    expect(replies[0]).toEqual(new ErrorReply("ERR wrong number of arguments for 'get' command"));
    expect(replies[1]).toEqual(new ErrorReply('ERR Protocol error: invalid multibulk length'));
    expect(a.closed).toBe(true);
  });

  it('runs pipelined commands in order and replies in order', () => {
    const { client } = createTestEngine({ shards: 3 });
    const a = client();
    a.send(bytes('SET a 1\r\nSET b 2\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\nGET b\r\n'));
    expect(a.take().slice(2)).toEqual(['1', '2']);
  });

  it('expires keys actively in the background', () => {
    const { engine, client, clock } = createTestEngine({ shards: 2 });
    engine.start();
    const a = client();
    for (let i = 0; i < 50; i++) a.call('SET', `k${i}`, 'v', 'PX', '10');
    clock.advanceMs(3000);
    expect(engine.database(0).size).toBe(0);
    expect(engine.stats.expiredKeys).toBe(50);
    engine.stop();
  });
});

describe('rejected calls', () => {
  it('a known command with the wrong number of arguments counts as a rejected call of it, as in Redis', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('GET')).toEqual(new ErrorReply("ERR wrong number of arguments for 'get' command"));
    expect(a.call('CLIENT', 'SETNAME')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|setname' command"));
    const info = a.call('INFO', 'commandstats') as string;
    expect(info).toContain('cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0');
    expect(info).toContain('cmdstat_client|setname:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0');
  });
});
