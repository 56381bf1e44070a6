/**
 * Property: a command's reply handed to a script by redis.pcall and returned unchanged reaches
 * the client as the command's own reply would — for the shapes Redis round-trips. RESP2: every
 * shape (RESP3-only ones arrive downgraded, as Redis downgrades them). RESP3 (redis.setresp(3)):
 * maps and sets come back with Lua's key order, and a null inside an array ends it, so maps and
 * sets are compared as sorted entries and arrays hold no nulls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LuaScripts } from '../../src/lua/index.js';
import { encodeReply } from '../../src/resp/encoder.js';
import {
  BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, SetReply, SimpleString, VerbatimString, type Reply,
} from '../../src/resp/reply.js';
import { ModelHost } from './support/model-host.js';
import { evalReply } from './support/run-script.js';

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
/** Status and error texts: no CR, LF or NUL (Redis maps or truncates those). */
const line = fc.array(fc.integer({ min: 32, max: 126 }), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
const errorCode = fc.stringMatching(/^[A-Z]{1,8}$/);
const integer = fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 });

function scalar(protocol: 2 | 3): fc.Arbitrary<Reply> {
  return fc.oneof(
    bytes, integer,
    line.map((text) => new SimpleString(text)),
    fc.tuple(errorCode, line).map(([code, text]) => new ErrorReply(`${code} ${text}`)),
    fc.double().map((value) => new DoubleReply(value)),
    fc.boolean().map((value) => (value ? BooleanReply.TRUE : BooleanReply.FALSE)),
    fc.tuple(fc.stringMatching(/^[a-z]{3}$/), bytes).map(([format, text]) => new VerbatimString(text, format)),
    ...(protocol === 2 ? [fc.constant(null)] : []),
  );
}

function reply(protocol: 2 | 3): fc.Arbitrary<Reply> {
  const { tree } = fc.letrec<{ tree: Reply }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      scalar(protocol),
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.uniqueArray(fc.tuple(bytes, tie('tree')), { maxLength: 3, selector: ([key]) => key })
        .map((entries) => new MapReply(entries)),
      fc.uniqueArray(bytes, { maxLength: 4 }).map((items) => new SetReply(items))),
  }));
  return tree;
}

/** RESP3 maps and sets in a canonical order (Lua tables have their own). */
function canonical(value: Reply): Reply {
  if (Array.isArray(value)) return (value as Reply[]).map(canonical);
  if (value instanceof MapReply) {
    const entries = value.entries.map(([key, item]) => [canonical(key), canonical(item)] as [Reply, Reply]);
    return new MapReply(entries.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)));
  }
  if (value instanceof SetReply) return new SetReply([...value.items].sort((a, b) => (String(a) < String(b) ? -1 : 1)));
  return value;
}

function throughScript(vm: LuaScripts, value: Reply, protocol: 2 | 3): Reply {
  const host = new ModelHost();
  host.call = () => value;
  const script = protocol === 3 ? "redis.setresp(3) return redis.pcall('x')" : "return redis.pcall('x')";
  return evalReply(vm, host, script, [], [], protocol);
}

describe('reply → Lua → reply', () => {
  const vm = new LuaScripts({ randomSeed: 1 });
  const text = (value: Reply, protocol: 2 | 3) => Buffer.from(encodeReply(value, protocol)).toString('latin1');

  it('round-trips every shape for a RESP2 script', () => {
    fc.assert(fc.property(fc.oneof(reply(2), fc.constant(NULL_ARRAY)), (value) => {
      const expected = value === NULL_ARRAY ? null : value;
      expect(text(throughScript(vm, value, 2), 2)).toBe(text(expected, 2));
    }), { numRuns: 300 });
  });

  it('round-trips for a RESP3 script, maps and sets in Lua order', () => {
    fc.assert(fc.property(fc.oneof(reply(3), fc.constant(null)), (value) => {
      expect(text(canonical(throughScript(vm, value, 3)), 3)).toBe(text(canonical(value), 3));
    }), { numRuns: 300 });
  });
});
