import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtocolError, RequestParser, splitInlineArguments } from '../../src/resp/parser.js';
import { encodeRequest } from '../support/test-engine.js';

const LIMITS = { maxBulkBytes: 512 * 1024 * 1024, queryBufferBytesMax: 1024 * 1024 * 1024 };
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Feeds `input` split at `cuts` and collects everything the parser yields. */
function parseInChunks(input: Uint8Array, cuts: number[], limits = LIMITS, authenticated = true) {
  const parser = new RequestParser(limits);
  const out: Array<string[] | ProtocolError> = [];
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < input.length))].sort((a, b) => a - b);
  let previous = 0;
  for (const cut of [...points, input.length]) {
    parser.feed(input.slice(previous, cut));
    previous = cut;
    for (let next = parser.next(authenticated); next !== undefined; next = parser.next(authenticated)) {
      out.push(next);
      if (next instanceof ProtocolError) return out;
    }
  }
  return out;
}

function everySplit(input: Uint8Array, authenticated = true) {
  const whole = parseInChunks(input, [], LIMITS, authenticated);
  const byteByByte = parseInChunks(input, Array.from({ length: input.length }, (_, i) => i), LIMITS, authenticated);
  expect(byteByByte).toEqual(whole);
  for (let cut = 1; cut < input.length; cut++) expect(parseInChunks(input, [cut], LIMITS, authenticated)).toEqual(whole);
  return whole;
}

describe('RequestParser', () => {
  it('parses multibulk and inline requests at every split', () => {
    const input = bytes('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nxy\r\nPING\r\nGET "a b" \'c\'\r\n\r\n*0\r\n*1\r\n$0\r\n\r\n');
    expect(everySplit(input)).toEqual([['SET', 'k', 'v\r\nxy'], ['PING'], ['GET', 'a b', 'c'], ['']]);
  });

  it('round-trips any argv, binary included, at random splits', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.nat({ max: 400 })),
      (commands, cuts) => {
        const latin1 = commands.map((argv) => argv.map((arg) => Buffer.from(arg, 'utf8').toString('latin1')));
        const input = Buffer.concat(latin1.map((argv) => encodeRequest(argv)));
        expect(parseInChunks(new Uint8Array(input), cuts)).toEqual(latin1);
      },
    ));
  });

  it.each([
    ['*x\r\n', 'Protocol error: invalid multibulk length'],
    ['*2147483648\r\n', 'Protocol error: invalid multibulk length'],
    ['*-0\r\n', 'Protocol error: invalid multibulk length'],
    ['*\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-0\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n\r\n', "Protocol error: expected '$', got '\r'"],
    ['*1\r\nx3\r\n', "Protocol error: expected '$', got 'x'"],
    ['*1\r\n$-2\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$01\r\n', 'Protocol error: invalid bulk length'],
    ['GET "unterminated\r\n', 'Protocol error: unbalanced quotes in request'],
    ['GET "a"b\r\n', 'Protocol error: unbalanced quotes in request'],
  ])('refuses %j with Redis text', (input, message) => {
    expect(everySplit(bytes(input)).at(-1)).toEqual(new ProtocolError(message));
  });

  it('enforces the bulk, inline and query buffer limits', () => {
    const small = { maxBulkBytes: 10, queryBufferBytesMax: 1 << 20 };
    expect(parseInChunks(bytes('*1\r\n$11\r\n'), [], small)).toEqual([new ProtocolError('Protocol error: invalid bulk length')]);
    expect(parseInChunks(bytes('x'.repeat(70 * 1024)), [])).toEqual([new ProtocolError('Protocol error: too big inline request')]);
    expect(parseInChunks(bytes(`*1${'1'.repeat(70 * 1024)}`), [])).toEqual([new ProtocolError('Protocol error: too big mbulk count string')]);
    expect(parseInChunks(bytes(`*1\r\n$1${'1'.repeat(70 * 1024)}`), [])).toEqual([new ProtocolError('Protocol error: too big bulk count string')]);
    const tiny = { maxBulkBytes: 1 << 20, queryBufferBytesMax: 100 };
    const overLimit = new ProtocolError('Closing client that reached max query buffer length (client-query-buffer-limit)', true);
    expect(parseInChunks(bytes('PING '.repeat(40)), [], tiny)).toEqual([overLimit]);
    expect(parseInChunks(bytes(`*1\r\n$200\r\n${'v'.repeat(150)}`), [], tiny)).toEqual([overLimit]);
  });

  it('waits, as Redis does, for counts up to INT_MAX, where it read arguments one by one', () => {
    expect(everySplit(bytes('*2147483647\r\n$4\r\nPING\r\n'))).toEqual([]);
  });

  // Redis finds line ends with strchr, which stops at a NUL: such a line never completes and
  // fails only past 64 KiB (Redis's Tcl unit/protocol: 'Protocol desync regression test').
  it('treats a NUL before the line end as no line end yet, as strchr does', () => {
    for (const input of ['*1\x00\r\n', '*1\r\n$1\x00\r\nx\r\n', 'PING\x00\r\n', '*1\r\n\x00\r\n']) expect(everySplit(bytes(input))).toEqual([]);
    expect(everySplit(bytes('PING\r\n*1\r\n$3\r\na\x00b\r\n'))).toEqual([['PING'], ['a\x00b']]);
    const payload = 'payload'.repeat(10_000);
    expect(parseInChunks(bytes(`\x00${payload}`), [])).toEqual([new ProtocolError('Protocol error: too big inline request')]);
    expect(parseInChunks(bytes(`*\x00${payload}`), [])).toEqual([new ProtocolError('Protocol error: too big mbulk count string')]);
    expect(parseInChunks(bytes(`$\x00${payload}`), [])).toEqual([new ProtocolError('Protocol error: too big inline request')]);
  });

  it('applies the smaller limits before AUTH', () => {
    expect(everySplit(bytes('*11\r\n'), false).at(-1)).toEqual(new ProtocolError('Protocol error: unauthenticated multibulk length'));
    expect(everySplit(bytes('*1\r\n$16385\r\n'), false).at(-1)).toEqual(new ProtocolError('Protocol error: unauthenticated bulk length'));
    expect(everySplit(bytes('*10\r\n$16384\r\n'), false)).toEqual([]);
    expect(everySplit(bytes('*11\r\n$16385\r\n'))).toEqual([]);
  });

  it('stays failed after an error', () => {
    const parser = new RequestParser(LIMITS);
    parser.feed(bytes('*x\r\n'));
    expect(parser.next()).toBeInstanceOf(ProtocolError);
    parser.feed(bytes('PING\r\n'));
    expect(parser.next()).toBeInstanceOf(ProtocolError);
  });

  it('assembles one large bulk from many chunks', () => {
    const value = 'v'.repeat(3_000_000);
    const input = encodeRequest(['SET', 'k', value]);
    const cuts = Array.from({ length: 200 }, (_, i) => i * 16_000 + 7);
    expect(parseInChunks(input, cuts)).toEqual([['SET', 'k', value]]);
  });
});

describe('splitInlineArguments', () => {
  it('follows sdssplitargs quoting', () => {
    expect(splitInlineArguments('set "a\\x41\\n" \'it\\\'s\'  x')).toEqual(['set', 'aA\n', "it's", 'x']);
    expect(splitInlineArguments('  ')).toEqual([]);
    expect(splitInlineArguments('"a" ""')).toEqual(['a', '']);
    expect(splitInlineArguments("'open")).toBeUndefined();
  });
});
