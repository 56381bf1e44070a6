/**
 * The manifest codec: random manifests (1–8 shards, random slot tables, base lines,
 * incrementals) decode to what was encoded; every single-byte change and every truncation is
 * refused with ManifestError — the CRC32C line must be exactly what the encoder writes. Read-side
 * inconsistencies are ManifestErrors too; write-side ones (our own code's) are assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../src/aof/crc32c.js';
import { AssertionError } from '../../src/assert.js';
import { baseFileName, incrementalFileName } from '../../src/aof/layout.js';
import { decodeManifest, encodeManifest, ManifestError, type Manifest } from '../../src/manifest/manifest.js';
import { byteStringToBytes } from '../../src/resp/byte-string.js';
import { HASH_SLOT_COUNT } from '../../src/routing/hash-slot.js';
import { SlotTable } from '../../src/routing/slot-table.js';

/** A manifest as plain data (what fast-check prints on failure), built into a Manifest by toManifest. */
interface ManifestSpec {
  readonly shardCount: number;
  /** Slots where a new range starts, and the owner of each range (mod shardCount). */
  readonly slotStarts: readonly number[];
  readonly slotOwners: readonly number[];
  readonly nextFile: number;
  readonly shards: ReadonlyArray<{
    readonly base: { readonly sequence: number; readonly snapshotLsn: number; readonly committedLsn: number } | null;
    readonly incrementals: readonly number[];
  }>;
}

const manifestSpec: fc.Arbitrary<ManifestSpec> = fc.integer({ min: 1, max: 8 }).chain((shardCount) => {
  const lsn = fc.nat({ max: Number.MAX_SAFE_INTEGER });
  const shard = fc.record({
    base: fc.option(fc.record({ sequence: fc.nat(), snapshotLsn: lsn, committedLsn: lsn }), { nil: null }),
    incrementals: fc.array(fc.nat(), { maxLength: 3 }),
  });
  return fc.record({
    shardCount: fc.constant(shardCount),
    slotStarts: fc.array(fc.integer({ min: 1, max: HASH_SLOT_COUNT - 1 }), { maxLength: 12 }),
    slotOwners: fc.array(fc.nat({ max: 7 }), { minLength: 13, maxLength: 13 }),
    nextFile: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    shards: fc.array(shard, { minLength: shardCount, maxLength: shardCount }),
  });
});

function toManifest(spec: ManifestSpec): Manifest {
  const owners = new Uint16Array(HASH_SLOT_COUNT);
  const bounds = [0, ...[...new Set(spec.slotStarts)].sort((a, b) => a - b), HASH_SLOT_COUNT];
  for (let i = 1; i < bounds.length; i++) owners.fill(spec.slotOwners[i - 1] % spec.shardCount, bounds[i - 1], bounds[i]);
  return {
    shardCount: spec.shardCount,
    slots: SlotTable.fromOwners(owners, spec.shardCount),
    nextFile: spec.nextFile,
    shards: spec.shards.map(({ base, incrementals }, shard) => ({
      base: base === null ? null : { path: baseFileName(shard, base.sequence), snapshotLsn: base.snapshotLsn, committedLsn: base.committedLsn },
      incrementals: incrementals.map((sequence) => incrementalFileName(shard, sequence)),
    })),
  };
}

/** Everything but the slot table, and the table as its ranges (16384 owners compare slowly). */
const comparable = (manifest: Manifest) => ({ ...manifest, slots: ranges(manifest.slots) });

function ranges(slots: SlotTable): string {
  const owners = slots.toOwners();
  let text = `${owners[0]}`;
  for (let slot = 1; slot < owners.length; slot++) if (owners[slot] !== owners[slot - 1]) text += ` ${slot}:${owners[slot]}`;
  return text;
}

/** The error decodeManifest throws, or null when it accepts the text. */
function refusal(text: string): unknown {
  try {
    decodeManifest(text);
    return null;
  } catch (error) {
    return error;
  }
}

describe('manifest codec', () => {
  it('decodes what it encodes', () => {
    fc.assert(fc.property(manifestSpec, (spec) => {
      const manifest = toManifest(spec);
      const text = encodeManifest(manifest);
      const decoded = decodeManifest(text);
      expect(comparable(decoded)).toEqual(comparable(manifest));
      expect(encodeManifest(decoded)).toBe(text);
    }), { numRuns: 60 });
  });

  it('writes the documented text for two balanced shards', () => {
    const manifest: Manifest = {
      shardCount: 2,
      slots: SlotTable.balanced(2),
      nextFile: 4,
      shards: [{ base: { path: 'shard-0/base-3.aof', snapshotLsn: 1200, committedLsn: 1250 }, incrementals: ['shard-0/incr-4.aof'] }, { base: null, incrementals: ['shard-1/incr-1.aof'] }],
    };
    const lines = encodeManifest(manifest).split('\n');
    expect(lines.slice(0, -2)).toEqual(['ballast-manifest 1', 'shards 2', 'slots 0-8191:0 8192-16383:1', 'next-file 4',
      'base 0 shard-0/base-3.aof 1200 1250', 'incr 0 shard-0/incr-4.aof', 'incr 1 shard-1/incr-1.aof']);
    expect(lines.at(-2)).toMatch(/^crc32c [0-9a-f]{8}$/);
    expect(lines.at(-1)).toBe('');
  });

  it('refuses every single-byte change (every bit, and one other value, at every position)', () => {
    fc.assert(fc.property(manifestSpec, fc.integer({ min: 1, max: 255 }), (spec, mask) => {
      const text = encodeManifest(toManifest(spec));
      for (let at = 0; at < text.length; at++) {
        for (const flip of [1, 2, 4, 8, 16, 32, 64, 128, mask]) {
          const changed = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ flip) + text.slice(at + 1);
          const error = refusal(changed);
          if (!(error instanceof ManifestError)) expect({ at, flip, error }).toEqual({ at, flip, error: 'a ManifestError' });
        }
      }
    }), { numRuns: 10 });
  });

  it('refuses every truncation', () => {
    fc.assert(fc.property(manifestSpec, (spec) => {
      const text = encodeManifest(toManifest(spec));
      for (let length = 0; length < text.length; length++) {
        const error = refusal(text.slice(0, length));
        if (!(error instanceof ManifestError)) expect({ length, error }).toEqual({ length, error: 'a ManifestError' });
      }
    }), { numRuns: 30 });
  });

  // Found by the single-byte and truncation properties: the checksum was compared after trim(),
  // so a manifest missing its final newline, or with it changed to whitespace, was accepted.
  it('regression: refuses a manifest whose final newline is missing or changed to whitespace', () => {
    const text = encodeManifest({ shardCount: 1, slots: SlotTable.balanced(1), nextFile: 2, shards: [{ base: null, incrementals: ['shard-0/incr-1.aof'] }] });
    const body = text.slice(0, -1);
    for (const damaged of [body, `${body} `, `${body}\r`, `${body}\t`, `${body}\u00a0`, `${text}\n`]) {
      expect(() => decodeManifest(damaged), JSON.stringify(damaged.slice(-4))).toThrow(ManifestError);
    }
    expect(() => decodeManifest(text)).not.toThrow();
  });

  it('refuses a manifest that is not one: wrong version, unknown line, slot gaps (with a valid CRC)', () => {
    const cases: Array<[string, string]> = [
      ['format version', 'ballast-manifest 2\nshards 1\nslots 0-16383:0\n'],
      ['unknown line', 'ballast-manifest 1\nshards 1\nslots 0-16383:0\nfrobnicate 1\n'],
      ['not cover every slot', 'ballast-manifest 1\nshards 1\nslots 0-100:0\n'],
      ['bad slot range', 'ballast-manifest 1\nshards 2\nslots 0-16383:2\n'],
      ['out of range', 'ballast-manifest 1\nshards 1\nslots 0-16383:0\nincr 1 shard-1/incr-1.aof\n'],
      ['missing shards or slots', 'ballast-manifest 1\nshards 1\n'],
      ['not a Ballast manifest', 'redis-manifest 1\nshards 1\nslots 0-16383:0\n'],
      ['bad number', 'ballast-manifest 1\nshards 1\nslots 0-16383:0\nbase 0 shard-0/base-1.aof 1e3 0\n'],
      // A second shards line would leave a 2-shard slot table in a 1-shard manifest.
      ['more than one shards line', 'ballast-manifest 1\nshards 2\nslots 0-8191:0 8192-16383:1\nshards 1\nincr 0 shard-0/incr-1.aof\n'],
      ['above 1024', 'ballast-manifest 1\nshards 99999999999\nslots 0-16383:0\n'],
    ];
    for (const [message, body] of cases) {
      expect(() => decodeManifest(withChecksum(body)), message).toThrow(ManifestError);
      expect(() => decodeManifest(withChecksum(body)), message).toThrow(new RegExp(message));
    }
  });

  it('asserts, when encoding, that the shard count, the slot table and the shards listed agree', () => {
    const shard = { base: null, incrementals: ['shard-0/incr-1.aof'] };
    const consistent: Manifest = { shardCount: 2, slots: SlotTable.balanced(2), nextFile: 3, shards: [shard, shard] };
    expect(() => encodeManifest(consistent)).not.toThrow();
    expect(() => encodeManifest({ ...consistent, slots: SlotTable.balanced(1) })).toThrow(AssertionError);
    expect(() => encodeManifest({ ...consistent, shards: [shard] })).toThrow(AssertionError);
    expect(() => encodeManifest({ ...consistent, shardCount: 1 })).toThrow(AssertionError);
  });
});

/** `body` followed by its correct checksum line, as the encoder ends it. */
function withChecksum(body: string): string {
  return `${body}crc32c ${crc32c(byteStringToBytes(body)).toString(16).padStart(8, '0')}\n`;
}
