/**
 * Base snapshots hold exactly the prefix they claim: after every rewrite, each shard's base file
 * on the simulated disk (read with peekFile: no latency, no faults), replayed alone into an empty
 * engine, must equal that shard of the reference at the base's snapshot LSN. A base that took in
 * a write made after its snapshot (a rewrite reading the live keyspace instead of its
 * copy-on-write snapshot) differs here at once, even when replaying the increments after it
 * would hide the difference (an idempotent SADD) or no crash comes before the next rewrite.
 */
import { applyEntry, dumpKeyspace, FrameKind, joinPath, scanLog } from '@ballast/core';
import { deriveRandom } from '../seed-streams.js';
import type { SimFileSystem } from '../sim-file-system.js';
import { peekManifest } from './disk-evidence.js';
import { ReferenceReplay, type LoggedUnit } from './recovery-checks.js';
import { createSimEngine, type EngineSettings } from './sim-host.js';
import { VirtualTime } from './virtual-time.js';

export function checkBases(fs: SimFileSystem, directory: string, history: readonly LoggedUnit[], settings: EngineSettings): string | null {
  const manifest = peekManifest(fs, directory);
  if (manifest === null) return null;
  for (let shard = 0; shard < manifest.shards.length; shard++) {
    const base = manifest.shards[shard].base;
    if (base === null) continue;
    const engine = createSimEngine(settings, { clock: new VirtualTime(), random: deriveRandom(0, 'base-check') });
    try {
      for (const frame of scanLog(fs.peekFile(joinPath(directory, base.path))).frames) {
        if (frame.kind === FrameKind.Entry) applyEntry(engine, shard, frame.payload);
      }
    } catch (error) {
      return `base snapshot: ${base.path} does not replay: ${(error as Error).message}`;
    }
    const reference = new ReferenceReplay(settings).at(history, base.snapshotLsn);
    const onShard = (lines: readonly string[]) => lines.filter((line) => line.startsWith(`${shard}/`));
    const expected = onShard(dumpKeyspace(reference));
    const actual = onShard(dumpKeyspace(engine));
    if (expected.join('\n') !== actual.join('\n')) {
      const extra = actual.filter((line) => !expected.includes(line)).slice(0, 2).join(' | ') || '-';
      const missing = expected.filter((line) => !actual.includes(line)).slice(0, 2).join(' | ') || '-';
      return `base snapshot: ${base.path} claims the first ${base.snapshotLsn} writes of shard ${shard}, but holds a different state (missing: ${missing}; extra: ${extra})`;
    }
  }
  return null;
}
