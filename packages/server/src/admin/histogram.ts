/**
 * A Prometheus histogram for one label set: fixed bucket bounds in seconds, a count per bucket,
 * the sum and the count of observations. Observing is O(buckets) with no allocation, so it can
 * sit on the command path.
 */

export class Histogram {
  /** counts[i]: observations ≤ bounds[i] and > bounds[i - 1]; the last slot is +Inf. */
  private readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    for (let index = 1; index < bounds.length; index++) {
      if (!(bounds[index] > bounds[index - 1])) throw new Error('histogram bounds must increase');
    }
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(seconds: number): void {
    let index = 0;
    while (index < this.bounds.length && seconds > this.bounds[index]) index++;
    this.counts[index]++;
    this.sum += seconds;
    this.count++;
  }

  /** Cumulative counts per bound, as the text format wants them; the last is +Inf (= count). */
  cumulative(): number[] {
    let total = 0;
    return this.counts.map((count) => (total += count));
  }
}

/** Histograms by label values, created on first use. */
export class HistogramFamily {
  private readonly byKey = new Map<string, { labels: Record<string, string>; histogram: Histogram }>();

  constructor(private readonly bounds: readonly number[]) {}

  observe(labels: Record<string, string>, seconds: number): void {
    const key = Object.values(labels).join('\u0000');
    let entry = this.byKey.get(key);
    if (entry === undefined) this.byKey.set(key, (entry = { labels, histogram: new Histogram(this.bounds) }));
    entry.histogram.observe(seconds);
  }

  entries(): Iterable<{ labels: Record<string, string>; histogram: Histogram }> {
    return this.byKey.values();
  }
}
