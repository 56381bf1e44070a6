import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeReply } from '../../src/resp/encoder.js';
import { formatDouble } from '../../src/resp/format-double.js';
import { ReplyParser } from '../../src/resp/reply-parser.js';
import {
  BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply, SimpleString, VerbatimString,
  type Reply,
} from '../../src/resp/reply.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('encodeReply', () => {
  it('writes RESP3 shapes and their RESP2 downgrades like Redis', () => {
    const cases: Array<[Reply, string, string]> = [
      ['v', '$1\r\nv\r\n', '$1\r\nv\r\n'],
      [null, '$-1\r\n', '_\r\n'],
      [NULL_ARRAY, '*-1\r\n', '_\r\n'],
      [42, ':42\r\n', ':42\r\n'],
      [2n ** 62n, ':4611686018427387904\r\n', ':4611686018427387904\r\n'],
      [new SimpleString('OK'), '+OK\r\n', '+OK\r\n'],
      [new ErrorReply('ERR bad\r\nline'), '-ERR bad  line\r\n', '-ERR bad  line\r\n'],
      [new DoubleReply(1.1), '$18\r\n1.1000000000000001\r\n', ',1.1000000000000001\r\n'],
      [new DoubleReply(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
      [BooleanReply.TRUE, ':1\r\n', '#t\r\n'],
      [new MapReply([['a', 1]]), '*2\r\n$1\r\na\r\n:1\r\n', '%1\r\n$1\r\na\r\n:1\r\n'],
      [new SetReply(['x']), '*1\r\n$1\r\nx\r\n', '~1\r\n$1\r\nx\r\n'],
      [new PushReply(['m']), '*1\r\n$1\r\nm\r\n', '>1\r\n$1\r\nm\r\n'],
      [new VerbatimString('hi'), '$2\r\nhi\r\n', '=6\r\ntxt:hi\r\n'],
      [['a', ['b', null]], '*2\r\n$1\r\na\r\n*2\r\n$1\r\nb\r\n$-1\r\n', '*2\r\n$1\r\na\r\n*2\r\n$1\r\nb\r\n_\r\n'],
    ];
    for (const [reply, resp2, resp3] of cases) {
      expect(text(encodeReply(reply, 2))).toBe(resp2);
      expect(text(encodeReply(reply, 3))).toBe(resp3);
    }
  });
});

const replyArbitrary: fc.Arbitrary<Reply> = fc.letrec((tie) => ({
  reply: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }).map((value) => Buffer.from(value).toString('latin1')),
    fc.integer(),
    fc.constant(null),
    fc.stringMatching(/^[a-zA-Z ]*$/).map((value) => new SimpleString(value)),
    fc.stringMatching(/^ERR [a-z ]*$/).map((value) => new ErrorReply(value)),
    fc.double({ noNaN: true }).map((value) => new DoubleReply(value)),
    fc.boolean().map((value) => (value ? BooleanReply.TRUE : BooleanReply.FALSE)),
    fc.array((tie('reply') as fc.Arbitrary<Reply>), { maxLength: 4 }),
    fc.array(fc.tuple((tie('reply') as fc.Arbitrary<Reply>), (tie('reply') as fc.Arbitrary<Reply>)), { maxLength: 3 }).map((entries) => new MapReply(entries)),
    fc.array((tie('reply') as fc.Arbitrary<Reply>), { maxLength: 3 }).map((items) => new SetReply(items)),
    fc.array((tie('reply') as fc.Arbitrary<Reply>), { maxLength: 3 }).map((items) => new PushReply(items)),
  ),
})).reply;

describe('ReplyParser', () => {
  it('reads back what RESP3 encoding wrote, at any split', () => {
    fc.assert(fc.property(fc.array(replyArbitrary, { minLength: 1, maxLength: 4 }), fc.array(fc.nat({ max: 200 })), (replies, cuts) => {
      const bytes = Buffer.concat(replies.map((reply) => encodeReply(reply, 3)));
      const parser = new ReplyParser();
      const out: Reply[] = [];
      let previous = 0;
      for (const cut of [...new Set(cuts)].filter((c) => c < bytes.length).sort((a, b) => a - b).concat(bytes.length)) {
        parser.feed(new Uint8Array(bytes.subarray(previous, cut)));
        previous = cut;
        for (let reply = parser.next(); reply !== undefined; reply = parser.next()) out.push(reply);
      }
      const normalized = replies.map(function normalize(reply: Reply): Reply {
        if (reply instanceof DoubleReply) return new DoubleReply(Number(formatDouble(reply.value).replace('inf', 'Infinity')));
        if (Array.isArray(reply)) return reply.map(normalize);
        if (reply instanceof MapReply) return new MapReply(reply.entries.map(([k, v]) => [normalize(k), normalize(v)]));
        if (reply instanceof SetReply) return new SetReply(reply.items.map(normalize));
        if (reply instanceof PushReply) return new PushReply(reply.items.map(normalize));
        return reply;
      });
      expect(out).toEqual(normalized);
    }));
  });

  it('skips attributes and reads big numbers and verbatim strings', () => {
    const parser = new ReplyParser();
    parser.feed(Buffer.from('|1\r\n+a\r\n:1\r\n(12345678901234567890\r\n=7\r\ntxt:abc\r\n'));
    expect(parser.next()).toBe(12345678901234567890n);
    expect(parser.next()).toEqual(new VerbatimString('abc'));
  });
});

describe('double formats', () => {
  it('formats %.17g like Redis 7.0', () => {
    expect(formatDouble(1.1)).toBe('1.1000000000000001');
    expect(formatDouble(1.5)).toBe('1.5');
    expect(formatDouble(3)).toBe('3');
    expect(formatDouble(1e20)).toBe('1e+20');
    expect(formatDouble(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatDouble(0.0001)).toBe('0.0001');
    expect(formatDouble(-0)).toBe('-0');
    expect(formatDouble(123456789012345680)).toBe('1.2345678901234568e+17');
  });
});
