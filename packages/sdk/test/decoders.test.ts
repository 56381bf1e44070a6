/**
 * Decoding without a server: RESP2 and RESP3 shapes of the same reply decode to the same value
 * (bytes parsed by core's ReplyParser), and URLs parse into connection options.
 */
import { ReplyParser, type Reply } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { bulkMap, bulkSet, double, boolean, scoredMembers } from '../src/decoders.js';
import { ReplyError } from '../src/errors.js';
import { toValue } from '../src/reply-value.js';
import { parseUrl } from '../src/url.js';

function parse(text: string): Reply {
  const parser = new ReplyParser();
  parser.feed(Buffer.from(text, 'latin1'));
  const reply = parser.next();
  if (reply === undefined) throw new Error(`incomplete reply: ${text}`);
  return reply;
}

describe('RESP2 and RESP3 decode alike', () => {
  it('maps, sets, doubles, booleans', () => {
    expect(bulkMap(parse('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'), false))
      .toEqual(bulkMap(parse('%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'), false));
    expect(bulkSet(parse('*2\r\n$1\r\nx\r\n$1\r\ny\r\n'), false)).toEqual(bulkSet(parse('~2\r\n$1\r\nx\r\n$1\r\ny\r\n'), false));
    expect(double(parse('$3\r\n1.5\r\n'))).toBe(double(parse(',1.5\r\n')));
    expect(double(parse('$4\r\n-inf\r\n'))).toBe(-Infinity);
    expect(boolean(parse(':1\r\n'))).toBe(boolean(parse('#t\r\n')));
    expect(scoredMembers(parse('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'), false))
      .toEqual(scoredMembers(parse('*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n'), false));
  });

  it('generic values: UTF-8 text, Buffers on request, nested errors, nulls', () => {
    expect(toValue(parse('$2\r\n\xc3\xa9\r\n'), false)).toBe('é');
    expect(toValue(parse('$2\r\n\xc3\xa9\r\n'), true)).toEqual(Buffer.from('é'));
    const [ok, error] = toValue(parse('*2\r\n+OK\r\n-WRONGTYPE Operation against a key\r\n'), false) as unknown[];
    expect(ok).toBe('OK');
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).code).toBe('WRONGTYPE');
    expect(toValue(parse('*-1\r\n'), false)).toBeNull();
    expect(toValue(parse('_\r\n'), false)).toBeNull();
    expect(toValue(parse(':9007199254740993\r\n'), false)).toBe(9007199254740993n);
    expect(toValue(parse('=7\r\ntxt:abc\r\n'), false)).toBe('abc');
  });

  it('refuses a reply of the wrong shape', () => {
    expect(() => double(parse('$3\r\nabc\r\n'))).toThrow(TypeError);
    expect(() => boolean(parse('$1\r\n1\r\n'))).toThrow(TypeError);
  });
});

describe('parseUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseUrl('redis://user:p%40ss@example.com:7000/3')).toEqual({ host: 'example.com', port: 7000, username: 'user', password: 'p@ss', database: 3 });
    expect(parseUrl('redis://:secret@localhost')).toEqual({ host: 'localhost', password: 'secret' });
  });

  it('refuses other schemes and bad databases', () => {
    expect(() => parseUrl('http://localhost')).toThrow(/unsupported URL scheme/);
    expect(() => parseUrl('redis://localhost/x')).toThrow(/bad database/);
  });
});
