/**
 * The size limits that decide Redis's compact encodings, as the RDB codec needs them: the writer
 * picks a listpack or intset exactly when redis-server would hold one (so a dump matches Redis's in
 * shape), and a loaded value gets the `compact` flag OBJECT ENCODING reports, as Redis converts on
 * load. The engine fills this from its config (`*-max-listpack-*`, `set-max-intset-entries`,
 * `list-max-listpack-size`, `list-compress-depth`, `stream-node-max-*`).
 */
import type { Config } from '../config/config.js';

export interface RdbEncodingLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
  readonly setMaxIntsetEntries: number;
  readonly zsetMaxListpackEntries: number;
  readonly zsetMaxListpackValue: number;
  /** Negative: a node's listpack size class (-2 = 8 KB); positive: entries per node. */
  readonly listMaxListpackSize: number;
  readonly listCompressDepth: number;
  readonly streamNodeMaxBytes: number;
  readonly streamNodeMaxEntries: number;
}

/** Redis 7.0's defaults. */
export const DEFAULT_ENCODING_LIMITS: RdbEncodingLimits = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
  listCompressDepth: 0,
  streamNodeMaxBytes: 4096,
  streamNodeMaxEntries: 100,
};

/** The limits as `config` sets them now. */
export function encodingLimitsOf(config: Config): RdbEncodingLimits {
  return {
    hashMaxListpackEntries: config.integer('hash-max-listpack-entries'),
    hashMaxListpackValue: config.integer('hash-max-listpack-value'),
    setMaxIntsetEntries: config.integer('set-max-intset-entries'),
    zsetMaxListpackEntries: config.integer('zset-max-listpack-entries'),
    zsetMaxListpackValue: config.integer('zset-max-listpack-value'),
    listMaxListpackSize: config.integer('list-max-listpack-size'),
    listCompressDepth: config.integer('list-compress-depth'),
    streamNodeMaxBytes: config.integer('stream-node-max-bytes'),
    streamNodeMaxEntries: config.integer('stream-node-max-entries'),
  };
}
