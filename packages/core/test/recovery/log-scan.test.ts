/**
 * scanLog over random frame sequences: a log cut at any byte scans as its complete frames plus
 * damage with nothing valid after it (a torn tail); a damaged byte in an early frame followed
 * by good frames stops the scan at that frame and points at the next good one, with the LSNs
 * and committed claims found after the damage (what recovery needs to call it corruption).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameKind } from '../../src/aof/frame.js';
import { scanLog, type ScannedLog } from '../../src/recovery/log-scan.js';
import { encodeFrames, frameSequence, type FrameSpec } from '../support/frame-arbitraries.js';

/** What a scan found, in plain values (cheap to compare in a loop). */
function summary(scanned: ScannedLog) {
  return {
    frames: scanned.frames.map((frame) => `${frame.kind}:${frame.lsn}@${frame.offset}-${frame.end}`).join(' '),
    validBytes: scanned.validBytes,
    damage: scanned.damage === null ? null : { offset: scanned.damage.offset, nextValidOffset: scanned.damage.nextValidOffset },
  };
}

function describeFrames(frames: readonly FrameSpec[], spans: ReadonlyArray<{ offset: number; end: number }>, count: number): string {
  return frames.slice(0, count).map((frame, i) => `${frame.kind}:${frame.lsn}@${spans[i].offset}-${spans[i].end}`).join(' ');
}

describe('scanLog', () => {
  it('reads a whole log without damage, seals decoded', () => {
    fc.assert(fc.property(frameSequence({ maxLength: 8 }), (frames) => {
      const { bytes, spans } = encodeFrames(frames);
      const scanned = scanLog(bytes);
      expect(scanned.damage).toBeNull();
      expect(scanned.validBytes).toBe(bytes.length);
      expect(summary(scanned).frames).toBe(describeFrames(frames, spans, frames.length));
      scanned.frames.forEach((frame, i) => {
        const spec = frames[i];
        if (frame.kind === FrameKind.Seal && spec.kind === FrameKind.Seal) expect(frame.seal).toEqual(spec.seal);
        if (frame.kind === FrameKind.Entry && spec.kind === FrameKind.Entry) expect(frame.payload).toEqual(spec.payload);
      });
    }), { numRuns: 100 });
  });

  it('cut at every offset: the complete frames, then damage with no valid frame after it', () => {
    fc.assert(fc.property(frameSequence({ minLength: 1, maxLength: 6 }), (frames) => {
      const { bytes, spans } = encodeFrames(frames);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const complete = spans.filter((span) => span.end <= cut).length;
        const boundary = complete === 0 ? 0 : spans[complete - 1].end;
        const expected = {
          frames: describeFrames(frames, spans, complete),
          validBytes: boundary,
          damage: boundary === cut ? null : { offset: boundary, nextValidOffset: -1 },
        };
        const actual = summary(scanLog(bytes.subarray(0, cut)));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ cut, ...actual }).toEqual({ cut, ...expected });
      }
    }), { numRuns: 60 });
  });

  it('a damaged byte in an early frame followed by good frames: damage there, nextValidOffset at the next frame', () => {
    const input = frameSequence({ minLength: 2, maxLength: 6 }).chain((frames) =>
      fc.record({ frames: fc.constant(frames), index: fc.nat({ max: frames.length - 2 }), position: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }));
    fc.assert(fc.property(input, ({ frames, index, position, mask }) => {
      const { bytes, spans } = encodeFrames(frames);
      const target = spans[index];
      const damaged = bytes.slice();
      damaged[target.offset + (position % (target.end - target.offset))] ^= mask;
      const scanned = scanLog(damaged);
      expect(summary(scanned).frames).toBe(describeFrames(frames, spans, index));
      expect(scanned.validBytes).toBe(target.offset);
      const after = frames.slice(index + 1);
      expect(scanned.damage).toMatchObject({
        offset: target.offset,
        nextValidOffset: spans[index + 1].offset,
        maxLsnAfter: Math.max(...after.map((frame) => frame.lsn)),
        minLsnAfter: Math.min(...after.map((frame) => frame.lsn)),
        committedClaimAfter: Math.max(0, ...after.map((frame) => (frame.kind === FrameKind.Seal ? frame.seal.committed : 0))),
        damagedLsnMax: after[0].kind === FrameKind.Entry ? after[0].lsn - 1 : after[0].lsn,
      });
    }), { numRuns: 300 });
  });

  it('an LSN lower than the frame before it is damage (a frame from an older life of the file)', () => {
    const entry = (lsn: number): FrameSpec => ({ kind: FrameKind.Entry, lsn, payload: new Uint8Array([lsn]) });
    const { bytes, spans } = encodeFrames([entry(5), entry(6), entry(4), entry(7)]);
    const scanned = scanLog(bytes);
    expect(scanned.frames.map((frame) => frame.lsn)).toEqual([5, 6]);
    expect(scanned.damage).toMatchObject({ offset: spans[2].offset, reason: 'LSN 4 after 6', nextValidOffset: spans[3].offset });
  });
});
