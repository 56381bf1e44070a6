/**
 * Random AOF frame sequences for the frame and log-scan property tests: entries with random
 * payloads and seals with random vectors, LSNs never decreasing along the sequence (as in a
 * real shard log), encoded with the production beginFrame/endFrame/writeSeal.
 */
import fc from 'fast-check';
import { ByteWriter } from '../../src/aof/byte-writer.js';
import { beginFrame, endFrame, FrameKind, writeSeal, type Seal } from '../../src/aof/frame.js';

export type FrameSpec =
  | { readonly kind: typeof FrameKind.Entry; readonly lsn: number; readonly payload: Uint8Array }
  | { readonly kind: typeof FrameKind.Seal; readonly lsn: number; readonly seal: Seal };

export interface EncodedFrames {
  readonly bytes: Uint8Array;
  /** [offset, end) of each frame in `bytes`. */
  readonly spans: ReadonlyArray<{ readonly offset: number; readonly end: number }>;
}

/** Encodes `frames` back to back; with `alignTo`, seals pad to a block boundary of a file starting there. */
export function encodeFrames(frames: readonly FrameSpec[], alignTo?: number): EncodedFrames {
  const writer = new ByteWriter(64);
  const spans: Array<{ offset: number; end: number }> = [];
  for (const frame of frames) {
    const offset = writer.length;
    if (frame.kind === FrameKind.Seal) {
      writeSeal(writer, frame.seal, alignTo);
    } else {
      const start = beginFrame(writer, FrameKind.Entry, frame.lsn);
      writer.raw(frame.payload);
      endFrame(writer, start);
    }
    spans.push({ offset, end: writer.length });
  }
  return { bytes: writer.take(), spans };
}

/** One entry frame at any LSN a u64 field can hold in a safe integer. */
export const entryFrame: fc.Arbitrary<FrameSpec> = fc
  .record({ lsn: fc.maxSafeNat(), payload: fc.uint8Array({ maxLength: 64 }) })
  .map(({ lsn, payload }) => ({ kind: FrameKind.Entry, lsn, payload }));

/** One seal: committed ≤ G, last[j] ≤ G, up to 8 shards. */
export const sealFrame: fc.Arbitrary<FrameSpec> = fc
  .record({ lsn: fc.maxSafeNat(), committed: fc.double({ min: 0, max: 1, noNaN: true }), last: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }) })
  .map(({ lsn, committed, last }) => {
    const seal = { lsn, committed: Math.floor(committed * lsn), last: last.map((fraction) => Math.floor(fraction * lsn)) };
    return { kind: FrameKind.Seal, lsn, seal };
  });

/**
 * A shard log's frames: LSNs start at 1 and never decrease; a seal's G is the LSN of the entry
 * before it (or later), its committed and last[] at most G.
 */
export function frameSequence(options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<FrameSpec[]> {
  const step = fc.record({
    seal: fc.boolean(),
    lsnStep: fc.integer({ min: 0, max: 3 }),
    payload: fc.uint8Array({ maxLength: 24 }),
    committedBack: fc.nat({ max: 4 }),
    lastBack: fc.array(fc.nat({ max: 4 }), { minLength: 2, maxLength: 2 }),
  });
  return fc.array(step, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 8 }).map((steps) => {
    let lsn = 1;
    return steps.map((current): FrameSpec => {
      lsn += current.lsnStep;
      if (!current.seal) return { kind: FrameKind.Entry, lsn, payload: current.payload };
      const seal = { lsn, committed: Math.max(0, lsn - current.committedBack), last: current.lastBack.map((back) => Math.max(0, lsn - back)) };
      return { kind: FrameKind.Seal, lsn, seal };
    });
  });
}
