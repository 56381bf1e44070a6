/** The request encoder: bytes as Redis expects them, text and binary arguments mixed, batches. */
import { describe, expect, it } from 'vitest';
import { encodeCommand, RequestEncoder } from '../src/request-encoder.js';

describe('RequestEncoder', () => {
  it('encodes a command as an array of bulk strings', () => {
    expect(encodeCommand(['SET', 'k', 'v']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(encodeCommand(['SET', 'k', 'é€']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\né€\r\n');
  });

  it('keeps binary arguments byte for byte', () => {
    const value = Buffer.from([0, 255, 13, 10, 128]);
    const bytes = encodeCommand(['SET', value, 'x']);
    expect(bytes).toEqual(Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$5\r\n'), value, Buffer.from('\r\n$1\r\nx\r\n')]));
  });

  it('writes numbers as decimal text and infinities as Redis spells them', () => {
    expect(encodeCommand(['ZADD', 'z', Infinity, 'a', -Infinity, 'b', 1.5, 'c', 10n]).toString())
      .toBe('*9\r\n$4\r\nZADD\r\n$1\r\nz\r\n$4\r\n+inf\r\n$1\r\na\r\n$4\r\n-inf\r\n$1\r\nb\r\n$3\r\n1.5\r\n$1\r\nc\r\n$2\r\n10\r\n');
  });

  it('batches many commands into one chunk and starts empty after take()', () => {
    const encoder = new RequestEncoder();
    encoder.encode(['PING']);
    encoder.encode(['GET', Buffer.from('k')]);
    encoder.encode(['PING']);
    expect(encoder.empty).toBe(false);
    expect(encoder.take().toString()).toBe('*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n');
    expect(encoder.empty).toBe(true);
  });
});
