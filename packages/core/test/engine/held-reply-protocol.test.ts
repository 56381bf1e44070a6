/**
 * A reply held by the reply gate keeps the protocol it was made in: under appendfsync always a
 * HELLO pipelined behind a held HGETALL must not change how the HGETALL is encoded when it is
 * released (Redis encodes each reply as the command runs). Found by the CLIENT TRACKING
 * differential test's transcripts.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { createTestEngine, durabilityPort, encodeRequest } from '../support/test-engine.js';

describe('held replies and HELLO', () => {
  it('encodes a held reply in the protocol it was made in', () => {
    let lsn = 0;
    const { engine } = createTestEngine({ durability: durabilityPort(() => ++lsn) });
    engine.beginLogging(0);
    engine.gateReplies(true);
    let received = '';
    const connection = engine.connect({
      address: '127.0.0.1:50001', localAddress: '127.0.0.1:6379', pendingOutputBytes: () => 0, close: () => undefined,
      write: (bytes) => void (received += Buffer.from(bytes).toString('latin1')),
    });
    connection.receive(encodeRequest(['HELLO', '3']));
    received = '';
    connection.receive(Buffer.concat([encodeRequest(['HSET', 'h', 'a', '1']), encodeRequest(['HGETALL', 'h']), encodeRequest(['HELLO', '2'])]));
    expect(received).toBe('');
    engine.commitProgress(LOCAL_FSYNC, lsn);
    expect(received.startsWith(':1\r\n%1\r\n$1\r\na\r\n$1\r\n1\r\n*')).toBe(true);
  });
});
