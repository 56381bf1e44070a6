/**
 * SortedSetValue: members with scores, ordered by (score, member). Placeholder shape only until
 * the skiplist lands in the same change set (see issue 2); size is what the keyspace needs.
 */
import type { ByteString } from '../resp/byte-string.js';

export class SortedSetValue {
  compact = true;
  private readonly scores = new Map<ByteString, number>();
  get size(): number {
    return this.scores.size;
  }
}
