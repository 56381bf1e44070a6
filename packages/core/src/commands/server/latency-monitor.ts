/**
 * The latency monitor (Redis 7.0's latency.c): for every event class that was ever slower than
 * `latency-monitor-threshold` ms (0: off), the newest 160 samples — one per second, the worst of
 * that second — and the worst ever. LATENCY LATEST, HISTORY, RESET, GRAPH and DOCTOR read it.
 *
 * Ballast's events, named as Redis names them: `command` and `fast-command` (a call's duration,
 * the one SLOWLOG and commandstats measure), `command-unblocking` (serving a blocked client),
 * `expire-cycle` (the background expiry cycle), and from the AOF's group commit `aof-write`,
 * `aof-write-alone` / `aof-write-pending-fsync` (a batch's write, alone or while an earlier
 * batch is in flight) and `aof-fsync-always` (a batch's fsync under appendfsync always). Times
 * are whole milliseconds and wall seconds from the engine's clock.
 */
import type { Clock } from '../../io/clock.js';

/** Redis's LATENCY_TS_LEN: samples kept per event. */
export const LATENCY_SAMPLES_MAX = 160;

export interface LatencySample {
  /** Wall time in seconds. */
  readonly timeSeconds: number;
  readonly latencyMs: number;
}

/** One event class's samples, a ring of LATENCY_SAMPLES_MAX, and its all-time worst. */
export class LatencySeries {
  /** The slot the next sample goes to. */
  private next = 0;
  private readonly times = new Array<number>(LATENCY_SAMPLES_MAX).fill(0);
  private readonly latencies = new Array<number>(LATENCY_SAMPLES_MAX).fill(0);
  maxMs = 0;

  /** latencyAddSample: a second already sampled keeps its worst latency. */
  add(timeSeconds: number, latencyMs: number): void {
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
    const previous = (this.next + LATENCY_SAMPLES_MAX - 1) % LATENCY_SAMPLES_MAX;
    if (this.times[previous] === timeSeconds) {
      if (latencyMs > this.latencies[previous]) this.latencies[previous] = latencyMs;
      return;
    }
    this.times[this.next] = timeSeconds;
    this.latencies[this.next] = latencyMs;
    this.next = (this.next + 1) % LATENCY_SAMPLES_MAX;
  }

  /** The newest sample's slot, as LATENCY LATEST reads it (time 0 before any sample). */
  get latest(): LatencySample {
    const last = (this.next + LATENCY_SAMPLES_MAX - 1) % LATENCY_SAMPLES_MAX;
    return { timeSeconds: this.times[last], latencyMs: this.latencies[last] };
  }

  /** The samples, oldest first. */
  samples(): LatencySample[] {
    const samples: LatencySample[] = [];
    for (let step = 0; step < LATENCY_SAMPLES_MAX; step++) {
      const slot = (this.next + step) % LATENCY_SAMPLES_MAX;
      if (this.times[slot] !== 0) samples.push({ timeSeconds: this.times[slot], latencyMs: this.latencies[slot] });
    }
    return samples;
  }
}

/** analyzeLatencyForEvent's numbers (all whole, as Redis's unsigned integers). */
export interface LatencyAnalysis {
  readonly samples: number;
  readonly averageMs: number;
  readonly meanDeviationMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Seconds from the oldest sample to now (at least 1 when there are samples). */
  readonly periodSeconds: number;
}

export class LatencyMonitor {
  /** latency-monitor-threshold, kept current by the engine: 0 records nothing. */
  thresholdMs = 0;
  private readonly series = new Map<string, LatencySeries>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** Events with samples, in the order each was first recorded. */
  get events(): ReadonlyMap<string, LatencySeries> {
    return this.series;
  }

  /** latencyAddSampleIfNeeded: records `latencyMs` when the monitor is on and it reaches the threshold. */
  addSampleIfNeeded(event: string, latencyMs: number): void {
    if (this.thresholdMs > 0 && latencyMs >= this.thresholdMs) this.addSample(event, latencyMs);
  }

  addSample(event: string, latencyMs: number): void {
    let series = this.series.get(event);
    if (series === undefined) this.series.set(event, (series = new LatencySeries()));
    series.add(this.nowSeconds(), Math.floor(latencyMs));
  }

  /** latencyResetEvent: forgets `event` (case-insensitive), or every event; returns how many. */
  reset(event?: string): number {
    let resets = 0;
    for (const name of [...this.series.keys()]) {
      if (event === undefined || name.toLowerCase() === event.toLowerCase()) {
        this.series.delete(name);
        resets++;
      }
    }
    return resets;
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** analyzeLatencyForEvent. */
  analyze(series: LatencySeries): LatencyAnalysis {
    const samples = series.samples();
    if (samples.length === 0) return { samples: 0, averageMs: 0, meanDeviationMs: 0, minMs: 0, maxMs: 0, periodSeconds: 0 };
    let sum = 0;
    let minMs = samples[0].latencyMs;
    let maxMs = samples[0].latencyMs;
    let oldestSeconds = samples[0].timeSeconds;
    for (const { latencyMs, timeSeconds } of samples) {
      sum += latencyMs;
      minMs = Math.min(minMs, latencyMs);
      maxMs = Math.max(maxMs, latencyMs);
      oldestSeconds = Math.min(oldestSeconds, timeSeconds);
    }
    const averageMs = Math.floor(sum / samples.length);
    let deviation = 0;
    for (const { latencyMs } of samples) deviation += Math.abs(averageMs - latencyMs);
    const periodSeconds = this.nowSeconds() - oldestSeconds;
    return {
      samples: samples.length, averageMs, meanDeviationMs: Math.floor(deviation / samples.length), minMs, maxMs,
      periodSeconds: periodSeconds === 0 ? 1 : periodSeconds,
    };
  }
}
