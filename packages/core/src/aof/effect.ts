/**
 * What an entry frame carries: the effects of one unit (one LSN) on one shard. An effect is a
 * deterministic command on one database, replayable on that shard alone (DESIGN: effects, not
 * requests). The effects layer produces them; the log only encodes and decodes them.
 */
import type { ByteString } from '../resp/byte-string.js';

/** One effect command on one database of a shard. */
export interface Effect {
  readonly database: number;
  readonly args: readonly ByteString[];
}

/** The effects of a closed unit: effects[s] for shard s (empty when untouched). */
export type UnitEffects = readonly (readonly Effect[])[];
