/**
 * SortedSetTree: the ordered half of a sorted set, an order-statistics B+tree over (score,
 * member) pairs, members compared bytewise. Leaves hold up to LEAF_CAPACITY pairs in two
 * parallel arrays (scores stay unboxed in a double array), linked both ways for walks; branches
 * hold their children's sizes, so rank lookups, rank walks and monotone prefix counts cost
 * O(log n). A B+tree rather than Redis's skiplist because a search touches a few contiguous
 * arrays instead of one scattered node per step, which is what costs time in a JS heap.
 *
 * Branch separators follow the classic B+tree rule: every pair in children[i] is at least
 * separator i-1 and below separator i. Deletes leave separators alone (a stale separator
 * still separates); underfull nodes merge with a neighbour when both fit in one node.
 */
import type { ByteString } from '../resp/byte-string.js';

const LEAF_CAPACITY = 64;
const BRANCH_CAPACITY = 64;
/** A node below this size merges with a neighbour if both fit in one node. */
const LEAF_MERGE_BELOW = LEAF_CAPACITY / 4;
const BRANCH_MERGE_BELOW = BRANCH_CAPACITY / 4;

/** Orders (score, member) pairs: negative when a sorts first. Scores are never NaN. */
export function compareEntries(scoreA: number, memberA: ByteString, scoreB: number, memberB: ByteString): number {
  if (scoreA !== scoreB) return scoreA < scoreB ? -1 : 1;
  if (memberA === memberB) return 0;
  return memberA < memberB ? -1 : 1;
}

/** A monotone test over the order: true for a prefix of all pairs, false after it. */
export type PrefixTest = (score: number, member: ByteString) => boolean;

/** Called per pair during a walk; return false to stop. */
export type Visit = (member: ByteString, score: number) => boolean;

class Leaf {
  readonly members: ByteString[] = [];
  readonly scores: number[] = [];
  next: Leaf | null = null;
  previous: Leaf | null = null;
}

class Branch {
  readonly children: Array<Leaf | Branch> = [];
  /** Pairs under each child. */
  readonly counts: number[] = [];
  /** Separator i lies between children[i] and children[i+1]. */
  readonly separatorScores: number[] = [];
  readonly separatorMembers: ByteString[] = [];
}

type Node = Leaf | Branch;

/*
 * The descent path of the running insert or delete. Commands run one at a time and a tree
 * operation never re-enters another, so one shared pair saves two allocations per change.
 * 24 levels of 16+ children hold far more than memory can.
 */
const PATH_LEVELS_MAX = 24;
const pathScratch = new Array<Branch>(PATH_LEVELS_MAX);
const slotScratch = new Array<number>(PATH_LEVELS_MAX).fill(0);

/** Inserts `value` at `index` of a short array in place (no allocation, unlike splice). */
function insertAt<T>(array: T[], index: number, value: T): void {
  for (let i = array.length; i > index; i--) array[i] = array[i - 1];
  array[index] = value;
}

/** Removes the element at `index` of a short array in place. */
function removeAt<T>(array: T[], index: number): void {
  const last = array.length - 1;
  for (let i = index; i < last; i++) array[i] = array[i + 1];
  array.length = last;
}

/** A leaf's pair count or a branch's child count: what node capacities limit. */
function widthOf(node: Node): number {
  return node instanceof Leaf ? node.scores.length : node.children.length;
}

/** Index of the first pair in `leaf` that is not below (score, member). */
function leafLowerBound(leaf: Leaf, score: number, member: ByteString): number {
  let low = 0;
  let high = leaf.scores.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(leaf.scores[middle], leaf.members[middle], score, member) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The child of `branch` whose range holds (score, member): how many separators are ≤ it. */
function childFor(branch: Branch, score: number, member: ByteString): number {
  let low = 0;
  let high = branch.separatorScores.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(branch.separatorScores[middle], branch.separatorMembers[middle], score, member) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sizeOf(node: Node): number {
  if (node instanceof Leaf) return node.scores.length;
  let total = 0;
  for (const count of node.counts) total += count;
  return total;
}

export class SortedSetTree {
  private root: Node = new Leaf();
  /** Branch levels above the leaves. */
  private height = 0;
  private readonly head: Leaf = this.root as Leaf;
  private tail: Leaf = this.root as Leaf;
  length = 0;

  /** Inserts a pair that is not in the tree yet (the caller's member map guarantees it). */
  insert(score: number, member: ByteString): void {
    if (Number.isNaN(score)) throw new Error('SortedSetTree.insert: NaN score');
    let node = this.root;
    for (let level = 0; level < this.height; level++) {
      const branch = node as Branch;
      const slot = childFor(branch, score, member);
      branch.counts[slot]++;
      pathScratch[level] = branch;
      slotScratch[level] = slot;
      node = branch.children[slot];
    }
    const leaf = node as Leaf;
    const position = leafLowerBound(leaf, score, member);
    insertAt(leaf.scores, position, score);
    insertAt(leaf.members, position, member);
    this.length++;
    if (leaf.scores.length > LEAF_CAPACITY) this.split(leaf, this.height);
  }

  /** Removes the pair; returns false when it is not in the tree. */
  delete(score: number, member: ByteString): boolean {
    let node = this.root;
    for (let level = 0; level < this.height; level++) {
      const branch = node as Branch;
      const slot = childFor(branch, score, member);
      pathScratch[level] = branch;
      slotScratch[level] = slot;
      node = branch.children[slot];
    }
    const leaf = node as Leaf;
    const position = leafLowerBound(leaf, score, member);
    if (position >= leaf.scores.length || leaf.scores[position] !== score || leaf.members[position] !== member) return false;
    removeAt(leaf.scores, position);
    removeAt(leaf.members, position);
    for (let level = 0; level < this.height; level++) pathScratch[level].counts[slotScratch[level]]--;
    this.length--;
    if (leaf.scores.length < LEAF_MERGE_BELOW) this.rebalance(leaf, this.height);
    return true;
  }

  /** How many leading pairs pass `before` (a monotone prefix test): the rank of the first that fails. */
  countWhile(before: PrefixTest): number {
    let count = 0;
    let node = this.root;
    for (let level = 0; level < this.height; level++) {
      const branch = node as Branch;
      // Separators are ordered, so the ones passing the test form a prefix too.
      let low = 0;
      let high = branch.separatorScores.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (before(branch.separatorScores[middle], branch.separatorMembers[middle])) low = middle + 1;
        else high = middle;
      }
      for (let child = 0; child < low; child++) count += branch.counts[child];
      node = branch.children[low];
    }
    const leaf = node as Leaf;
    let low = 0;
    let high = leaf.scores.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(leaf.scores[middle], leaf.members[middle])) low = middle + 1;
      else high = middle;
    }
    return count + low;
  }

  /** The 0-based rank of a pair known to be in the tree. */
  rankOf(score: number, member: ByteString): number {
    let rank = 0;
    let node = this.root;
    for (let level = 0; level < this.height; level++) {
      const branch = node as Branch;
      const slot = childFor(branch, score, member);
      for (let child = 0; child < slot; child++) rank += branch.counts[child];
      node = branch.children[slot];
    }
    return rank + leafLowerBound(node as Leaf, score, member);
  }

  /**
   * Visits pairs from 0-based `rank` on, ascending (or descending when `reverse`), until `visit`
   * returns false or the tree ends. Nothing is visited when `rank` is out of range.
   */
  walk(rank: number, reverse: boolean, visit: Visit): void {
    if (rank < 0 || rank >= this.length) return;
    let [leaf, index] = this.locate(rank);
    for (;;) {
      if (!visit(leaf.members[index], leaf.scores[index])) return;
      if (reverse) {
        if (--index < 0) {
          if (leaf.previous === null) return;
          leaf = leaf.previous;
          index = leaf.scores.length - 1;
        }
      } else if (++index >= leaf.scores.length) {
        if (leaf.next === null) return;
        leaf = leaf.next;
        index = 0;
      }
    }
  }

  /** The pair at 0-based `rank`, or undefined when out of range. */
  at(rank: number): [ByteString, number] | undefined {
    if (rank < 0 || rank >= this.length) return undefined;
    const [leaf, index] = this.locate(rank);
    return [leaf.members[index], leaf.scores[index]];
  }

  /** The leaf and index holding `rank` (which must be in range). */
  private locate(rank: number): [Leaf, number] {
    let remaining = rank;
    let node = this.root;
    for (let level = 0; level < this.height; level++) {
      const branch = node as Branch;
      let slot = 0;
      while (remaining >= branch.counts[slot]) remaining -= branch.counts[slot++];
      node = branch.children[slot];
    }
    return [node as Leaf, remaining];
  }

  /** Splits an overfull node at `depth` of the scratch path, then its parent if that overflows. */
  private split(node: Node, depth: number): void {
    let current: Node = node;
    for (let level = depth; ; level--) {
      const [right, separatorScore, separatorMember] = current instanceof Leaf ? this.splitLeaf(current) : splitBranch(current);
      if (level === 0) {
        const root = new Branch();
        root.children.push(current, right);
        root.counts.push(sizeOf(current), sizeOf(right));
        root.separatorScores.push(separatorScore);
        root.separatorMembers.push(separatorMember);
        this.root = root;
        this.height++;
        if (this.height > PATH_LEVELS_MAX) throw new Error('SortedSetTree: too many levels');
        return;
      }
      const parent = pathScratch[level - 1];
      const slot = slotScratch[level - 1];
      const rightSize = sizeOf(right);
      parent.counts[slot] -= rightSize;
      insertAt(parent.children, slot + 1, right);
      insertAt(parent.counts, slot + 1, rightSize);
      insertAt(parent.separatorScores, slot, separatorScore);
      insertAt(parent.separatorMembers, slot, separatorMember);
      if (parent.children.length <= BRANCH_CAPACITY) return;
      current = parent;
    }
  }

  /** Moves the upper half of `leaf` to a new right neighbour; returns it and its first pair. */
  private splitLeaf(leaf: Leaf): [Leaf, number, ByteString] {
    const right = new Leaf();
    const half = leaf.scores.length >>> 1;
    right.scores.push(...leaf.scores.splice(half));
    right.members.push(...leaf.members.splice(half));
    right.next = leaf.next;
    right.previous = leaf;
    if (leaf.next !== null) leaf.next.previous = right;
    else this.tail = right;
    leaf.next = right;
    return [right, right.scores[0], right.members[0]];
  }

  /**
   * After a delete: an underfull node merges with a neighbour under the same parent when both
   * fit in one node (and the parent is checked next), or else evens out with it, so every node
   * but the root stays at least a quarter full. A root branch left with one child gives way.
   */
  private rebalance(node: Node, depth: number): void {
    let current: Node = node;
    for (let level = depth; level > 0; level--) {
      const isLeaf = current instanceof Leaf;
      if (widthOf(current) >= (isLeaf ? LEAF_MERGE_BELOW : BRANCH_MERGE_BELOW)) break;
      const parent = pathScratch[level - 1];
      const left = slotScratch[level - 1] > 0 ? slotScratch[level - 1] - 1 : 0;
      const leftNode = parent.children[left];
      const rightNode = parent.children[left + 1];
      if (widthOf(leftNode) + widthOf(rightNode) > (isLeaf ? LEAF_CAPACITY : BRANCH_CAPACITY)) {
        if (isLeaf) evenLeaves(parent, left);
        else evenBranches(parent, left);
        break;
      }
      if (isLeaf) this.mergeLeaves(leftNode as Leaf, rightNode as Leaf);
      else mergeBranches(leftNode as Branch, rightNode as Branch, parent.separatorScores[left], parent.separatorMembers[left]);
      parent.counts[left] += parent.counts[left + 1];
      removeAt(parent.children, left + 1);
      removeAt(parent.counts, left + 1);
      removeAt(parent.separatorScores, left);
      removeAt(parent.separatorMembers, left);
      current = parent;
    }
    while (this.height > 0 && (this.root as Branch).children.length === 1) {
      this.root = (this.root as Branch).children[0];
      this.height--;
    }
  }

  private mergeLeaves(left: Leaf, right: Leaf): void {
    left.scores.push(...right.scores);
    left.members.push(...right.members);
    left.next = right.next;
    if (right.next !== null) right.next.previous = left;
    else this.tail = left;
  }

  /** Pairs in ascending order, for tests and whole-set copies. */
  *entries(): IterableIterator<[ByteString, number]> {
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.scores.length; i++) yield [leaf.members[i], leaf.scores[i]];
    }
  }

  /** The last pair, or undefined when empty. */
  get last(): [ByteString, number] | undefined {
    const size = this.tail.scores.length;
    return size === 0 ? undefined : [this.tail.members[size - 1], this.tail.scores[size - 1]];
  }

  /** The first pair, or undefined when empty. */
  get first(): [ByteString, number] | undefined {
    return this.head.scores.length === 0 ? undefined : [this.head.members[0], this.head.scores[0]];
  }

  /**
   * Checks the structure (order, counts, separators, leaf links, node sizes) and throws on the
   * first violation. For tests: O(n).
   */
  verify(): void {
    const seen = this.verifyNode(this.root, this.height, null, null);
    if (seen !== this.length) throw new Error(`SortedSetTree: length ${this.length}, counted ${seen}`);
    let previous: [number, ByteString] | null = null;
    let walked = 0;
    let last: Leaf | null = null;
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      if (leaf.previous !== last) throw new Error('SortedSetTree: broken previous link');
      for (let i = 0; i < leaf.scores.length; i++) {
        if (previous !== null && compareEntries(previous[0], previous[1], leaf.scores[i], leaf.members[i]) >= 0) {
          throw new Error('SortedSetTree: pairs out of order');
        }
        previous = [leaf.scores[i], leaf.members[i]];
        walked++;
      }
      last = leaf;
    }
    if (last !== this.tail || walked !== this.length) throw new Error('SortedSetTree: leaf chain disagrees with the tree');
  }

  private verifyNode(node: Node, height: number, low: [number, ByteString] | null, high: [number, ByteString] | null): number {
    const inRange = (score: number, member: ByteString) =>
      (low === null || compareEntries(score, member, low[0], low[1]) >= 0) && (high === null || compareEntries(score, member, high[0], high[1]) < 0);
    if (height === 0) {
      if (!(node instanceof Leaf) || node.scores.length > LEAF_CAPACITY) throw new Error('SortedSetTree: bad leaf');
      if (node !== this.root && node.scores.length < LEAF_MERGE_BELOW) throw new Error('SortedSetTree: underfull leaf');
      node.scores.forEach((score, i) => {
        if (!inRange(score, node.members[i])) throw new Error('SortedSetTree: pair outside its separators');
      });
      return node.scores.length;
    }
    const fewest = node === this.root ? 2 : BRANCH_MERGE_BELOW;
    if (!(node instanceof Branch) || node.children.length > BRANCH_CAPACITY || node.children.length < fewest) {
      throw new Error('SortedSetTree: bad branch');
    }
    let total = 0;
    node.children.forEach((child, i) => {
      const childLow: [number, ByteString] | null = i === 0 ? low : [node.separatorScores[i - 1], node.separatorMembers[i - 1]];
      const childHigh: [number, ByteString] | null = i === node.children.length - 1 ? high : [node.separatorScores[i], node.separatorMembers[i]];
      const size = this.verifyNode(child, height - 1, childLow, childHigh);
      if (size !== node.counts[i]) throw new Error('SortedSetTree: stale count');
      total += size;
    });
    return total;
  }
}

/** Moves the upper half of `branch` to a new right sibling; returns it and the separator between. */
function splitBranch(branch: Branch): [Branch, number, ByteString] {
  const right = new Branch();
  const half = branch.children.length >>> 1;
  right.children.push(...branch.children.splice(half));
  right.counts.push(...branch.counts.splice(half));
  // Separator half-1 moves up to the parent; the ones after it go right.
  const upScore = branch.separatorScores[half - 1];
  const upMember = branch.separatorMembers[half - 1];
  right.separatorScores.push(...branch.separatorScores.splice(half));
  right.separatorMembers.push(...branch.separatorMembers.splice(half));
  branch.separatorScores.length = half - 1;
  branch.separatorMembers.length = half - 1;
  return [right, upScore, upMember];
}

function mergeBranches(left: Branch, right: Branch, separatorScore: number, separatorMember: ByteString): void {
  left.children.push(...right.children);
  left.counts.push(...right.counts);
  left.separatorScores.push(separatorScore, ...right.separatorScores);
  left.separatorMembers.push(separatorMember, ...right.separatorMembers);
}

/** Shares the pairs of two neighbouring leaves (children `left` and `left`+1) evenly. */
function evenLeaves(parent: Branch, left: number): void {
  const leftLeaf = parent.children[left] as Leaf;
  const rightLeaf = parent.children[left + 1] as Leaf;
  const scores = [...leftLeaf.scores, ...rightLeaf.scores];
  const members = [...leftLeaf.members, ...rightLeaf.members];
  const half = scores.length >>> 1;
  leftLeaf.scores.length = 0;
  leftLeaf.members.length = 0;
  rightLeaf.scores.length = 0;
  rightLeaf.members.length = 0;
  leftLeaf.scores.push(...scores.slice(0, half));
  leftLeaf.members.push(...members.slice(0, half));
  rightLeaf.scores.push(...scores.slice(half));
  rightLeaf.members.push(...members.slice(half));
  parent.separatorScores[left] = rightLeaf.scores[0];
  parent.separatorMembers[left] = rightLeaf.members[0];
  parent.counts[left] = leftLeaf.scores.length;
  parent.counts[left + 1] = rightLeaf.scores.length;
}

/** Shares the children of two neighbouring branches evenly, rotating through the parent's separator. */
function evenBranches(parent: Branch, left: number): void {
  const leftBranch = parent.children[left] as Branch;
  const rightBranch = parent.children[left + 1] as Branch;
  const children = [...leftBranch.children, ...rightBranch.children];
  const counts = [...leftBranch.counts, ...rightBranch.counts];
  const separatorScores = [...leftBranch.separatorScores, parent.separatorScores[left], ...rightBranch.separatorScores];
  const separatorMembers = [...leftBranch.separatorMembers, parent.separatorMembers[left], ...rightBranch.separatorMembers];
  const half = children.length >>> 1;
  for (const branch of [leftBranch, rightBranch]) {
    branch.children.length = 0;
    branch.counts.length = 0;
    branch.separatorScores.length = 0;
    branch.separatorMembers.length = 0;
  }
  leftBranch.children.push(...children.slice(0, half));
  leftBranch.counts.push(...counts.slice(0, half));
  leftBranch.separatorScores.push(...separatorScores.slice(0, half - 1));
  leftBranch.separatorMembers.push(...separatorMembers.slice(0, half - 1));
  parent.separatorScores[left] = separatorScores[half - 1];
  parent.separatorMembers[left] = separatorMembers[half - 1];
  rightBranch.children.push(...children.slice(half));
  rightBranch.counts.push(...counts.slice(half));
  rightBranch.separatorScores.push(...separatorScores.slice(half));
  rightBranch.separatorMembers.push(...separatorMembers.slice(half));
  parent.counts[left] = sizeOf(leftBranch);
  parent.counts[left + 1] = sizeOf(rightBranch);
}
