/**
 * Planted defects: deliberate bugs the simulator must catch (`ballast-sim mutants`), so that a
 * simulator that stopped seeing is noticed. All are off; only the simulator's mutant runner
 * switches one on, in its own process. Nothing in the server can reach this switchboard.
 */
export interface PlantedDefects {
  /** Group commit reports a batch committed before its fsync finished. */
  ackBeforeFsync: boolean;
  /** A failed fsync is treated as a success (the pages it lost are counted as durable). */
  retryFailedFsync: boolean;
  /** Recovery replays shard 0's log only. */
  replayOnlyShardZero: boolean;
  /** The manifest's rename is not followed by an fsync of its directory. */
  manifestWithoutDirectorySync: boolean;
  /** A rewrite deletes the old files before the new manifest is installed. */
  deleteOldBeforeManifest: boolean;
  /** A rewrite installs its base snapshot without fsyncing it. */
  baseWithoutSync: boolean;
  /** LSNs restart above the durable cut instead of above the highest LSN ever seen. */
  reuseLsnsAfterRecovery: boolean;
  /** A write's effects go to the log of the client's home shard (client id mod shards), not of the key's shard. */
  entriesOnHomeShard: boolean;
  /** Reading a log stops at its first bad frame as if it were the end, never looking at what follows. */
  badFrameIsEnd: boolean;
  /** A batch counts as committed once its first shard is durable, not every shard it wrote. */
  commitOnFirstShard: boolean;
}

export const PLANTED_DEFECT_NAMES = ['ackBeforeFsync', 'retryFailedFsync', 'replayOnlyShardZero', 'manifestWithoutDirectorySync',
  'deleteOldBeforeManifest', 'baseWithoutSync', 'reuseLsnsAfterRecovery', 'entriesOnHomeShard', 'badFrameIsEnd', 'commitOnFirstShard'] as const satisfies readonly (keyof PlantedDefects)[];

export const plantedDefects: PlantedDefects = {
  ackBeforeFsync: false,
  retryFailedFsync: false,
  replayOnlyShardZero: false,
  manifestWithoutDirectorySync: false,
  deleteOldBeforeManifest: false,
  baseWithoutSync: false,
  reuseLsnsAfterRecovery: false,
  entriesOnHomeShard: false,
  badFrameIsEnd: false,
  commitOnFirstShard: false,
};
