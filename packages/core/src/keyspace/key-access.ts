/**
 * KeyAccess: how recently or how often each key was used, as Redis 7.0 keeps it in an object's
 * 24-bit `lru` field (object.c, evict.c) — one 32-bit number per key (KeyspaceMap keeps them in
 * a typed array), read by eviction, OBJECT IDLETIME/FREQ, DEBUG-free introspection and DUMP-less
 * RESTORE's IDLETIME/FREQ:
 *
 * - Under an LRU (or any non-LFU) policy: the LRU clock at the last access, seconds of the
 *   command's time modulo 2^24 (LRU_CLOCK_RESOLUTION 1000 ms, LRU_CLOCK_MAX).
 * - Under an LFU policy: the minute of the last decrement (16 bits) and a logarithmic counter (8
 *   bits), new keys starting at LFU_INIT_VAL; an access first decays the counter by one per
 *   `lfu-decay-time` minutes elapsed, then increments it with probability
 *   1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1).
 *
 * Like Redis, the field's meaning follows the policy in force when it is read: after switching
 * between LRU and LFU at run time the old values take a while to be meaningful again. Time is
 * the running command's time (the injected clock); the LFU increment draws from the injected
 * randomness, so a seed reproduces every counter.
 */
import type { Random } from '../io/random.js';

/** Redis's LRU_CLOCK_MAX: the LRU clock wraps at 24 bits. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Redis's LRU_CLOCK_RESOLUTION, in ms. */
export const LRU_CLOCK_RESOLUTION_MS = 1000;
/** Redis's LFU_INIT_VAL: a new key's counter, so it survives a few accesses before being a candidate. */
export const LFU_INIT_VAL = 5;
const LFU_MINUTES_MAX = 65535;
const LFU_COUNTER_MAX = 255;

export class KeyAccess {
  /** An LFU policy is in force (maxmemory-policy *-lfu): the field holds minutes and a counter. */
  lfu = false;
  /** lfu-log-factor. */
  logFactor = 10;
  /** lfu-decay-time, in minutes (0: counters never decay). */
  decayMinutes = 1;

  constructor(
    /** The running command's wall time, in ms. */
    private readonly timeMs: () => number,
    private readonly random: Random,
  ) {}

  /** Redis's LRU_CLOCK(). */
  lruClock(): number {
    return Math.floor(this.timeMs() / LRU_CLOCK_RESOLUTION_MS) & LRU_CLOCK_MAX;
  }

  /** Redis's LFUGetTimeInMinutes(). */
  lfuMinutes(): number {
    return Math.floor(this.timeMs() / 60_000) & LFU_MINUTES_MAX;
  }

  /** The field of a key created now (createObject). */
  initial(): number {
    return this.lfu ? (this.lfuMinutes() << 8) | LFU_INIT_VAL : this.lruClock();
  }

  /** The field after an access (lookupKey: updateLFU, or the LRU clock). */
  accessed(field: number): number {
    if (!this.lfu) return this.lruClock();
    return (this.lfuMinutes() << 8) | this.logIncrement(this.frequency(field));
  }

  /** Redis's estimateObjectIdleTime, in ms (LRU fields). */
  idleMs(field: number): number {
    const clock = this.lruClock();
    const lru = field & LRU_CLOCK_MAX;
    return (clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru)) * LRU_CLOCK_RESOLUTION_MS;
  }

  /** Redis's LFUDecrAndReturn: the counter after the decay due by now (LFU fields). */
  frequency(field: number): number {
    const lastMinutes = field >>> 8;
    const counter = field & 255;
    if (this.decayMinutes === 0) return counter;
    const now = this.lfuMinutes();
    const elapsed = now >= lastMinutes ? now - lastMinutes : LFU_MINUTES_MAX - lastMinutes + now;
    const periods = Math.floor(elapsed / this.decayMinutes);
    return periods > counter ? 0 : counter - periods;
  }

  /** The field RESTORE … IDLETIME leaves (objectSetLRUOrLFU, LRU policies): accessed `seconds` ago. */
  idleField(seconds: number): number {
    const clock = this.lruClock();
    const idle = Math.floor((seconds * 1000) / LRU_CLOCK_RESOLUTION_MS);
    return clock >= idle ? clock - idle : (LRU_CLOCK_MAX - (idle - clock)) & LRU_CLOCK_MAX;
  }

  /** The field RESTORE … FREQ leaves (objectSetLRUOrLFU, LFU policies). */
  frequencyField(counter: number): number {
    return (this.lfuMinutes() << 8) | counter;
  }

  /** Redis's LFULogIncr. */
  private logIncrement(counter: number): number {
    if (counter === LFU_COUNTER_MAX) return counter;
    const base = Math.max(0, counter - LFU_INIT_VAL);
    return this.random.next() < 1 / (base * this.logFactor + 1) ? counter + 1 : counter;
  }
}
