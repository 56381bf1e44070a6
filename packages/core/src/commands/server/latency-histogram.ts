/**
 * LatencyHistogram: one command's latency distribution as Redis 7.0 keeps it (latency-tracking)
 * — an hdr_histogram from 1 ns to 1 s with 2 significant figures: 23 buckets that each double
 * the range, 128 sub-buckets each (3072 counts), so any value is kept within 1% of itself.
 * Redis records a call's duration in microseconds times 1000, clamped to [1 ns, 1 s], and so
 * does Ballast: the same value lands in the same count, and INFO latencystats' percentiles and
 * LATENCY HISTOGRAM's buckets come out as Redis's do.
 *
 * Recording is one array increment (no allocation): the counts are allocated once, with the
 * histogram, at a command's first tracked call. The arithmetic follows hdr_histogram.c with
 * unit_magnitude 0; values past 2^31 (the iterator's reporting levels) are handled without
 * 32-bit operators.
 */

/** hdr_init(1, 1000000000, 2): Redis's LATENCY_HISTOGRAM_MIN_VALUE, _MAX_VALUE and _PRECISION. */
export const LATENCY_HISTOGRAM_MIN_NS = 1;
export const LATENCY_HISTOGRAM_MAX_NS = 1_000_000_000;
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
const SUB_BUCKET_COUNT = 2 * SUB_BUCKET_HALF_COUNT;
/** Buckets needed to cover LATENCY_HISTOGRAM_MAX_NS: 256 · 2^22 is the first power past it. */
const BUCKET_COUNT = 23;
const COUNTS_LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;
/** LATENCY HISTOGRAM's first reporting level (1024 ns) and the factor between levels. */
const FIRST_REPORTING_LEVEL_NS = 1024;
const REPORTING_LEVEL_BASE = 2;

/** Bits needed to write `value` (0 < value < 2^53): 64 − clz64 without 32-bit overflow. */
function bitLength(value: number): number {
  const high = Math.floor(value / 0x1_0000_0000);
  return high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(value >>> 0);
}

/** get_bucket_index: value | sub_bucket_mask has at least 8 bits. */
function bucketIndex(value: number): number {
  return Math.max(bitLength(value), 8) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
}

function subBucketIndex(value: number, bucket: number): number {
  return Math.floor(value / 2 ** bucket);
}

function valueAtIndex(index: number): number {
  let bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (bucket < 0) {
    subBucket -= SUB_BUCKET_HALF_COUNT;
    bucket = 0;
  }
  return subBucket * 2 ** bucket;
}

function lowestEquivalentValue(value: number): number {
  const bucket = bucketIndex(value);
  return subBucketIndex(value, bucket) * 2 ** bucket;
}

function highestEquivalentValue(value: number): number {
  const bucket = bucketIndex(value);
  const subBucket = subBucketIndex(value, bucket);
  const rangeBucket = subBucket >= SUB_BUCKET_COUNT ? bucket + 1 : bucket;
  return subBucket * 2 ** bucket + 2 ** rangeBucket - 1;
}

/** One LATENCY HISTOGRAM bucket: calls that took at most `microseconds`, counted cumulatively. */
export interface CumulativeBucket {
  readonly microseconds: number;
  readonly calls: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(COUNTS_LENGTH);
  private total = 0;

  /** Calls recorded (LATENCY HISTOGRAM's `calls`). */
  get totalCount(): number {
    return this.total;
  }

  /** Records a call of `microseconds` (Redis's updateCommandLatencyHistogram with duration·1000). */
  recordMicroseconds(microseconds: number): void {
    const nanoseconds = Math.min(Math.max(microseconds * 1000, LATENCY_HISTOGRAM_MIN_NS), LATENCY_HISTOGRAM_MAX_NS);
    // Below 2^30: 32-bit arithmetic is exact here.
    const bucket = Math.max(32 - Math.clz32(nanoseconds), 8) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
    const subBucket = nanoseconds >>> bucket;
    this.counts[((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucket - SUB_BUCKET_HALF_COUNT]++;
    this.total++;
  }

  /** hdr_value_at_percentile, in ns: the highest value equivalent to the one at `percentile` (the lowest for 0). */
  valueAtPercentileNs(percentile: number): number {
    const requested = Math.min(percentile, 100);
    const countAtPercentile = Math.max(Math.floor((requested / 100) * this.total + 0.5), 1);
    let valueFromIndex = 0;
    let cumulative = 0;
    for (let index = 0; index < COUNTS_LENGTH; index++) {
      cumulative += this.counts[index];
      if (cumulative >= countAtPercentile) {
        valueFromIndex = valueAtIndex(index);
        break;
      }
    }
    return percentile === 0 ? lowestEquivalentValue(valueFromIndex) : highestEquivalentValue(valueFromIndex);
  }

  /**
   * LATENCY HISTOGRAM's buckets (Redis's fillCommandCDF): hdr's logarithmic iterator from 1024 ns
   * doubling, each step reported by the highest value equivalent to where it stopped, in µs,
   * with the calls up to there — a step that added no call is left out.
   */
  cumulativeBuckets(): CumulativeBucket[] {
    const buckets: CumulativeBucket[] = [];
    const iterator = new LogIterator(this.counts, this.total);
    let previousCalls = 0;
    while (iterator.next()) {
      if (iterator.cumulativeCount > previousCalls) {
        buckets.push({ microseconds: Math.floor(iterator.highestEquivalentValue / 1000), calls: iterator.cumulativeCount });
      }
      previousCalls = iterator.cumulativeCount;
    }
    return buckets;
  }
}

/** hdr_iter_log_init(…, 1024, 2) and log_iter_next, step for step (including their quirks at the end). */
class LogIterator {
  cumulativeCount = 0;
  highestEquivalentValue = 0;
  private countsIndex = -1;
  private value = 0;
  private nextLevel = FIRST_REPORTING_LEVEL_NS;
  private nextLevelLowest = lowestEquivalentValue(FIRST_REPORTING_LEVEL_NS);

  constructor(private readonly counts: Float64Array, private readonly totalCount: number) {}

  next(): boolean {
    if (this.cumulativeCount >= this.totalCount && !this.nextValueAboveLevel()) return false;
    for (;;) {
      if (this.value >= this.nextLevelLowest) {
        this.nextLevel *= REPORTING_LEVEL_BASE;
        this.nextLevelLowest = lowestEquivalentValue(this.nextLevel);
        return true;
      }
      if (!this.moveNext()) return true;
    }
  }

  private nextValueAboveLevel(): boolean {
    return this.countsIndex < COUNTS_LENGTH && valueAtIndex(this.countsIndex + 1) > this.nextLevelLowest;
  }

  private moveNext(): boolean {
    this.countsIndex++;
    if (this.countsIndex >= COUNTS_LENGTH) return false;
    this.cumulativeCount += this.counts[this.countsIndex];
    this.value = valueAtIndex(this.countsIndex);
    this.highestEquivalentValue = highestEquivalentValue(this.value);
    return true;
  }
}
