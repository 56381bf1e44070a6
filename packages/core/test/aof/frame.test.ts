/**
 * AOF frames: every entry and seal reads back as written (block-aligned seals end on a block
 * boundary); a frame sequence cut at any byte reads as its complete frames, then 'torn'; and
 * every single-byte change to a frame is detected — the read stops at that frame as 'corrupt'
 * or 'torn', never 'ok' with other content.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, decodeSeal, FRAME_HEADER_BYTES, FrameKind, readFrame, type FrameRead } from '../../src/aof/frame.js';
import { encodeFrames, entryFrame, frameSequence, sealFrame, type FrameSpec } from '../support/frame-arbitraries.js';

type OkRead = Extract<FrameRead, { status: 'ok' }>;

/** Reads frames from offset 0 until the bytes end or a frame does not verify. */
function readAll(bytes: Uint8Array): { frames: OkRead[]; stop: { offset: number; read: FrameRead } | null } {
  const frames: OkRead[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const read = readFrame(bytes, offset);
    if (read.status !== 'ok') return { frames, stop: { offset, read } };
    frames.push(read);
    offset = read.end;
  }
  return { frames, stop: null };
}

function expectFrame(read: FrameRead, spec: FrameSpec, end: number): void {
  expect(read.status).toBe('ok');
  const ok = read as OkRead;
  expect(ok.kind).toBe(spec.kind);
  expect(ok.lsn).toBe(spec.lsn);
  expect(ok.end).toBe(end);
  if (spec.kind === FrameKind.Entry) expect(ok.payload).toEqual(spec.payload);
  else expect(decodeSeal(ok.payload)).toEqual(spec.seal);
}

describe('frame round trip', () => {
  it('reads back every entry and seal as written, at any offset', () => {
    fc.assert(fc.property(fc.array(fc.oneof(entryFrame, sealFrame), { minLength: 1, maxLength: 6 }), (frames) => {
      const { bytes, spans } = encodeFrames(frames);
      frames.forEach((frame, i) => expectFrame(readFrame(bytes, spans[i].offset), frame, spans[i].end));
      expect(spans.at(-1)?.end).toBe(bytes.length);
    }), { numRuns: 300 });
  });

  it('pads an aligned seal so the batch ends on a block boundary of the file, and still decodes it', () => {
    fc.assert(fc.property(sealFrame, fc.nat({ max: 3 * BLOCK_BYTES }), (frame, alignTo) => {
      const { bytes, spans } = encodeFrames([frame], alignTo);
      expect((alignTo + bytes.length) % BLOCK_BYTES).toBe(0);
      expect(bytes.length).toBeLessThanOrEqual(FRAME_HEADER_BYTES + 20 + 8 * 8 + BLOCK_BYTES);
      expectFrame(readFrame(bytes, 0), frame, spans[0].end);
    }), { numRuns: 100 });
  });
});

describe('a frame sequence cut at any byte', () => {
  it('reads as the complete frames before the cut, then torn', () => {
    fc.assert(fc.property(frameSequence({ minLength: 1, maxLength: 6 }), (frames) => {
      const { bytes, spans } = encodeFrames(frames);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const { frames: read, stop } = readAll(bytes.subarray(0, cut));
        const complete = spans.filter((span) => span.end <= cut);
        const boundary = complete.at(-1)?.end ?? 0;
        const expected = boundary === cut ? 'no damage' : `torn at ${boundary}`;
        const actual = stop === null ? 'no damage' : `${stop.read.status} at ${stop.offset}`;
        // expect() is slow in a loop this hot: compare plainly, report through expect on failure.
        if (read.length !== complete.length || actual !== expected) {
          expect({ cut, frames: read.length, stop: actual }).toEqual({ cut, frames: complete.length, stop: expected });
        }
        read.forEach((frame, i) => {
          if (frame.end !== spans[i].end || frame.lsn !== frames[i].lsn) expectFrame(frame, frames[i], spans[i].end);
        });
      }
    }), { numRuns: 60 });
  });
});

describe('a single changed byte', () => {
  it('stops the read at the changed frame, as corrupt or torn, for every position and value', () => {
    fc.assert(fc.property(frameSequence({ minLength: 1, maxLength: 3 }), fc.nat(), (frames, pick) => {
      const { bytes, spans } = encodeFrames(frames);
      const index = pick % spans.length;
      const target = spans[index];
      const damaged = bytes.slice();
      for (let at = target.offset; at < target.end; at++) {
        for (let mask = 1; mask < 256; mask++) {
          damaged[at] = bytes[at] ^ mask;
          const { frames: read, stop } = readAll(damaged);
          const detected = stop !== null && stop.offset === target.offset && stop.read.status !== 'ok';
          if (read.length !== index || !detected) {
            expect({ at, mask, framesBefore: read.length, stop }).toEqual({ at, mask, framesBefore: index, stop: 'corrupt or torn' });
          }
        }
        damaged[at] = bytes[at];
      }
    }), { numRuns: 12 });
  });

  it('is caught anywhere in a block-padded seal (one bit per byte)', () => {
    const seal = { lsn: 9_007_199_254_740_991, committed: 4_294_967_296, last: [1, 0, 4_294_967_297] };
    const { bytes } = encodeFrames([{ kind: FrameKind.Seal, lsn: seal.lsn, seal }], 100);
    for (let at = 0; at < bytes.length; at++) {
      const damaged = bytes.slice();
      damaged[at] ^= 1 << (at % 8);
      expect(readFrame(damaged, 0).status, `bit ${at % 8} of byte ${at}`).not.toBe('ok');
    }
  });
});
