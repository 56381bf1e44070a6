/**
 * ShardLog's assertions, the write side of what the scan checks on read: entry LSNs strictly
 * increase within a shard's log; a seal's G covers every entry of its batch, names this shard's
 * last entry, and claims nothing above G. A batch written the way group commit writes it scans
 * back as a valid, LSN-ordered prefix; a wrong call is an AssertionError, never a frame on disk.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, FrameKind } from '../../src/aof/frame.js';
import { ShardLog } from '../../src/aof/shard-log.js';
import { AssertionError } from '../../src/assert.js';
import { scanLog } from '../../src/recovery/log-scan.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';

const set = (key: string) => [{ database: 0, args: ['SET', key, 'v'] }];

async function openLog(shard: number, lastLsn = 0): Promise<{ log: ShardLog; fs: MemoryFileSystem }> {
  const fs = new MemoryFileSystem();
  const handle = await fs.open('incr-1.aof', { create: true });
  return { log: new ShardLog(shard, handle, 0, lastLsn), fs };
}

describe('ShardLog: assertions on what it writes', () => {
  it('a batch written as group commit writes it scans back as frames in LSN order', async () => {
    const { log, fs } = await openLog(1);
    log.appendEntry(3, set('a'));
    log.appendEntry(5, set('b'));
    await log.write(log.takeBatch({ lsn: 6, committed: 2, last: [6, 5] }, { blockAligned: true }), { durable: true });
    const scanned = scanLog(fs.fileBytes('incr-1.aof'));
    expect(scanned.damage).toBeNull();
    expect(scanned.frames.map((frame) => `${frame.kind === FrameKind.Entry ? 'entry' : 'seal'} ${frame.lsn}`)).toEqual(['entry 3', 'entry 5', 'seal 6']);
    expect(scanned.totalBytes % BLOCK_BYTES).toBe(0);
  });

  it('an entry LSN not above the last one handed to the log', async () => {
    const { log } = await openLog(0, 7);
    expect(() => log.appendEntry(7, set('a'))).toThrow(AssertionError);
    expect(() => log.appendEntry(6, set('a'))).toThrow(AssertionError);
    log.appendEntry(8, set('a'));
    expect(() => log.appendEntry(8, set('b'))).toThrow(AssertionError);
  });

  it('a seal below its batch\'s last entry, naming another last entry for this shard, or claiming above G', async () => {
    const { log } = await openLog(0);
    log.appendEntry(4, set('a'));
    expect(() => log.takeBatch({ lsn: 3, committed: 0, last: [4] }, { blockAligned: false })).toThrow(AssertionError);
    expect(() => log.takeBatch({ lsn: 4, committed: 0, last: [3] }, { blockAligned: false })).toThrow(AssertionError);
    expect(() => log.takeBatch({ lsn: 4, committed: 5, last: [4] }, { blockAligned: false })).toThrow(AssertionError);
    expect(() => log.takeBatch({ lsn: 4, committed: 3, last: [4, 9] }, { blockAligned: false })).toThrow(AssertionError);
    expect(scanLog(log.takeBatch({ lsn: 4, committed: 3, last: [4] }, { blockAligned: false })).frames.map((frame) => frame.lsn)).toEqual([4, 4]);
  });
});
