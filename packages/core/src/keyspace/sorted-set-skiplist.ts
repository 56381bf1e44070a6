/**
 * SortedSetSkipList: the ordered half of a sorted set, a skiplist with span counts modelled on
 * Redis's zskiplist. Nodes are ordered by (score, member), members compared bytewise. Every
 * forward link records how many level-0 steps it jumps (its span), so rank lookups, rank-range
 * deletes and prefix counts cost O(log n) expected.
 *
 * Node levels come from a small deterministic generator seeded per list: the level of a node
 * changes only the speed of the structure, never its contents or order, and a deterministic
 * source keeps core free of ambient randomness.
 */
import type { ByteString } from '../resp/byte-string.js';

/** Levels at most: enough for 4^32 elements at p = 1/4. */
const MAX_LEVEL = 32;
/** A node reaches level k+1 with probability 1/4, as in Redis (ZSKIPLIST_P). */
const LEVEL_UP_THRESHOLD = 0x4000;
const GENERATOR_SEED = 0x2545f491;

/*
 * Scratch arrays for the search paths of insert and deletes. Commands run one at a time and the
 * only call-out while they are in use (deleteRankRange's `removed`) must not touch the list, so
 * one shared pair saves two allocations per change.
 */
const updateScratch = new Array<SkipListNode>(MAX_LEVEL);
const rankScratch = new Array<number>(MAX_LEVEL).fill(0);

/** One element of the list. `next`/`previous` walk the list in order (null at the ends). */
export class SkipListNode {
  readonly forward: Array<SkipListNode | null>;
  readonly span: number[];
  previous: SkipListNode | null = null;

  constructor(
    readonly member: ByteString,
    readonly score: number,
    level: number,
  ) {
    this.forward = new Array<SkipListNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }

  get next(): SkipListNode | null {
    return this.forward[0];
  }
}

/** Orders (score, member) pairs: negative when a sorts first. Scores are never NaN. */
export function compareEntries(scoreA: number, memberA: ByteString, scoreB: number, memberB: ByteString): number {
  if (scoreA !== scoreB) return scoreA < scoreB ? -1 : 1;
  if (memberA === memberB) return 0;
  return memberA < memberB ? -1 : 1;
}

export class SortedSetSkipList {
  private readonly header = new SkipListNode('', 0, MAX_LEVEL);
  private tail: SkipListNode | null = null;
  private level = 1;
  private generatorState = GENERATOR_SEED;
  length = 0;

  get first(): SkipListNode | null {
    return this.header.forward[0];
  }

  get last(): SkipListNode | null {
    return this.tail;
  }

  /** Inserts a pair that is not in the list yet (the caller's member map guarantees it). */
  insert(score: number, member: ByteString): SkipListNode {
    if (Number.isNaN(score)) throw new Error('SortedSetSkipList.insert: NaN score');
    const update = updateScratch;
    const rank = rankScratch;
    let node = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      for (let next = node.forward[i]; next !== null && compareEntries(next.score, next.member, score, member) < 0; next = node.forward[i]) {
        rank[i] += node.span[i];
        node = next;
      }
      update[i] = node;
    }
    const level = this.randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const created = new SkipListNode(member, score, level);
    for (let i = 0; i < level; i++) {
      created.forward[i] = update[i].forward[i];
      update[i].forward[i] = created;
      // The new node takes over the part of update[i]'s span that lies beyond it.
      created.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    created.previous = update[0] === this.header ? null : update[0];
    if (created.forward[0] !== null) created.forward[0].previous = created;
    else this.tail = created;
    this.length++;
    return created;
  }

  /** Removes the pair; returns false when it is not in the list. */
  delete(score: number, member: ByteString): boolean {
    const update = updateScratch;
    let node = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let next = node.forward[i]; next !== null && compareEntries(next.score, next.member, score, member) < 0; next = node.forward[i]) {
        node = next;
      }
      update[i] = node;
    }
    const found = node.forward[0];
    if (found === null || found.score !== score || found.member !== member) return false;
    this.unlink(found, update);
    return true;
  }

  /**
   * How many leading elements satisfy `before`, which must hold for a prefix of the list and
   * fail for the rest (e.g. "score < min"). The rank of the first element failing it.
   */
  countWhile(before: (node: SkipListNode) => boolean): number {
    let traversed = 0;
    let node = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let next = node.forward[i]; next !== null && before(next); next = node.forward[i]) {
        traversed += node.span[i];
        node = next;
      }
    }
    return traversed;
  }

  /** The 0-based rank of an element known to be in the list. */
  rankOf(score: number, member: ByteString): number {
    return this.countWhile((node) => compareEntries(node.score, node.member, score, member) < 0);
  }

  /** The node at 0-based `rank`, or null when out of range. */
  nodeAt(rank: number): SkipListNode | null {
    if (rank < 0 || rank >= this.length) return null;
    const target = rank + 1;
    let traversed = 0;
    let node = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (node.forward[i] !== null && traversed + node.span[i] <= target) {
        traversed += node.span[i];
        node = node.forward[i]!;
      }
      if (traversed === target) return node;
    }
    return null;
  }

  /**
   * Removes the elements with 0-based ranks in [start, end); calls `removed` for each, which
   * must not change the list.
   */
  deleteRankRange(start: number, end: number, removed: (node: SkipListNode) => void): number {
    if (start < 0 || end > this.length || start >= end) return 0;
    const update = updateScratch;
    let traversed = 0;
    let node = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      while (node.forward[i] !== null && traversed + node.span[i] <= start) {
        traversed += node.span[i];
        node = node.forward[i]!;
      }
      update[i] = node;
    }
    let current = node.forward[0];
    let count = 0;
    while (current !== null && start + count < end) {
      const next = current.forward[0];
      this.unlink(current, update);
      removed(current);
      count++;
      current = next;
    }
    return count;
  }

  /** Unlinks `node`; `update[i]` is the last node before it on level i. */
  private unlink(node: SkipListNode, update: SkipListNode[]): void {
    for (let i = 0; i < this.level; i++) {
      if (update[i].forward[i] === node) {
        update[i].span[i] += node.span[i] - 1;
        update[i].forward[i] = node.forward[i];
      } else {
        update[i].span[i] -= 1;
      }
    }
    if (node.forward[0] !== null) node.forward[0].previous = node.previous;
    else this.tail = node.previous;
    while (this.level > 1 && this.header.forward[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Level of a new node: 1, then one more with probability 1/4 each time, capped. */
  private randomLevel(): number {
    let level = 1;
    while (level < MAX_LEVEL && (this.nextRandom() & 0xffff) < LEVEL_UP_THRESHOLD) level++;
    return level;
  }

  /** xorshift32: fast, deterministic, and plenty for balancing. */
  private nextRandom(): number {
    let state = this.generatorState;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    this.generatorState = state >>> 0;
    return this.generatorState;
  }
}
