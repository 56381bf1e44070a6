/**
 * The backlog against a model (the whole stream as one array): after any sequence of appends
 * and resizes it holds exactly the newest bytes that fit, at the right offsets, and reads back
 * any held suffix byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplicationBacklog } from '../../src/replication/replication-backlog.js';

const step = fc.oneof(
  fc.record({ append: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ resize: fc.integer({ min: 1, max: 64 }) }),
);

describe('ReplicationBacklog', () => {
  it('holds the newest capacity bytes of the stream and reads any held suffix', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 64 }), fc.nat(1000), fc.array(step, { maxLength: 40 }), (capacity, start, steps) => {
      const backlog = new ReplicationBacklog(capacity, start);
      let stream: number[] = [];
      let heldFrom = start;
      for (const change of steps) {
        if ('append' in change) {
          stream = stream.concat([...change.append]);
          capacity = backlog.capacityBytes;
          backlog.append(change.append);
        } else {
          backlog.resize(change.resize);
          capacity = change.resize;
        }
        const end = start + stream.length;
        heldFrom = Math.max(heldFrom, end - capacity);
        expect(backlog.endOffset).toBe(end);
        expect(backlog.startOffset).toBe(heldFrom);
        for (let offset = heldFrom; offset <= end; offset++) {
          expect([...backlog.readFrom(offset)]).toEqual(stream.slice(offset - start));
        }
        expect(backlog.holds(heldFrom - 1)).toBe(false);
        expect(backlog.holds(end + 1)).toBe(false);
      }
    }));
  });
});
