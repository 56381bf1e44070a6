/**
 * LATENCY and latency tracking. The histogram's percentiles and LATENCY HISTOGRAM buckets, and
 * LATENCY GRAPH's drawing, are compared with what Redis 7.0.15's own C code (hdr_histogram.c,
 * sparkline.c) produced for the same inputs (fixtures/latency-reference.json). The rest runs an
 * engine whose monotonic clock moves a set cost at every reading, so each command, expiry cycle
 * or AOF batch lasts exactly what the test says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/commands/server/latency-histogram.js';
import { LatencySeries } from '../../src/commands/server/latency-monitor.js';
import { latencyGraph } from '../../src/commands/server/latency-graph.js';
import { ErrorReply, MapReply, OK, VerbatimString } from '../../src/resp/reply.js';
import { ManualClock } from '../support/manual-clock.js';
import { MemoryFileSystem } from '../support/memory-file-system.js';
import { persistedEngine } from '../support/aof-history.js';
import { createTestEngine, type TestClient } from '../support/test-engine.js';

interface Reference {
  histograms: Array<{ microseconds: number[]; total: number; percentiles: Record<string, string>; buckets: Array<[number, number]> }>;
  graphs: Array<{ nowSeconds: number; samples: Array<[number, number]>; maxMs: number; graph: string }>;
}

const REFERENCE = JSON.parse(readFileSync(new URL('./fixtures/latency-reference.json', import.meta.url), 'utf8')) as Reference;

/** Each monotonic() reading is `costMs` after the previous one. */
class CostClock extends ManualClock {
  costMs = 0;
  private extraMs = 0;

  override monotonic(): number {
    this.extraMs += this.costMs;
    return super.monotonic() + this.extraMs;
  }
}

function timedEngine(config: Record<string, string> = {}) {
  const clock = new CostClock();
  const setup = createTestEngine({ clock, config });
  return { ...setup, clock };
}

/** A map reply (RESP2: a flat array, which the test client parses as an array) as entries. */
function entries(reply: unknown): Map<unknown, unknown> {
  const flat = reply instanceof MapReply ? reply.entries.flat() : (reply as unknown[]);
  const map = new Map<unknown, unknown>();
  for (let i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
  return map;
}

function text(reply: unknown): string {
  return reply instanceof VerbatimString ? reply.text : (reply as string);
}

describe('latency histograms match Redis\'s hdr_histogram', () => {
  it.each(REFERENCE.histograms.map((entry, index) => [index, entry] as const))('case %i', (_index, entry) => {
    const histogram = new LatencyHistogram();
    for (const microseconds of entry.microseconds) histogram.recordMicroseconds(microseconds);
    expect(histogram.totalCount).toBe(entry.total);
    for (const [percentile, expected] of Object.entries(entry.percentiles)) {
      expect((histogram.valueAtPercentileNs(Number(percentile)) / 1000).toFixed(3), `p${percentile}`).toBe(expected);
    }
    expect(histogram.cumulativeBuckets().map(({ microseconds, calls }) => [microseconds, calls])).toEqual(entry.buckets);
  });
});

describe('LATENCY GRAPH matches Redis\'s sparkline', () => {
  it.each(REFERENCE.graphs.map((entry, index) => [index, entry] as const))('case %i', (_index, entry) => {
    const series = new LatencySeries();
    for (const [timeSeconds, latencyMs] of entry.samples) series.add(timeSeconds, latencyMs);
    series.maxMs = entry.maxMs;
    expect(latencyGraph('command', series, entry.nowSeconds)).toBe(entry.graph);
  });
});

describe('the latency monitor', () => {
  it('is off by default: no events, and DOCTOR says so', () => {
    const { client, clock } = timedEngine();
    const a = client();
    expect(a.call('CONFIG', 'GET', 'latency-monitor-threshold')).toEqual(['latency-monitor-threshold', '0']);
    clock.costMs = 500;
    a.call('KEYS', '*');
    clock.costMs = 0;
    expect(a.call('LATENCY', 'LATEST')).toEqual([]);
    expect(text(a.call('LATENCY', 'DOCTOR'))).toMatch(/^I'm sorry, Dave, I can't do that\. Latency monitoring is disabled/);
  });

  it('records commands at or over the threshold as command or fast-command, one sample per second, the worst kept', () => {
    const { client, clock } = timedEngine({ 'latency-monitor-threshold': '10' });
    const a = client();
    const nowSeconds = () => Math.floor(clock.now() / 1000);
    clock.costMs = 9.9;
    a.call('KEYS', '*');
    expect(a.call('LATENCY', 'LATEST')).toEqual([]);
    clock.costMs = 12;
    a.call('KEYS', '*');
    clock.costMs = 30;
    a.call('KEYS', '*');
    clock.costMs = 20;
    a.call('GET', 'k');
    clock.costMs = 0;
    const first = nowSeconds();
    expect(a.call('LATENCY', 'LATEST')).toEqual([['command', first, 30, 30], ['fast-command', first, 20, 20]]);
    clock.advanceMs(2000);
    clock.costMs = 15;
    a.call('KEYS', '*');
    clock.costMs = 0;
    expect(a.call('LATENCY', 'HISTORY', 'command')).toEqual([[first, 30], [first + 2, 15]]);
    expect(a.call('LATENCY', 'LATEST')).toEqual([['command', first + 2, 15, 30], ['fast-command', first, 20, 20]]);
    expect(a.call('LATENCY', 'HISTORY', 'Command')).toEqual([]);
    expect(a.call('LATENCY', 'RESET', 'nope')).toBe(0);
    expect(a.call('LATENCY', 'RESET', 'FAST-COMMAND')).toBe(1);
    expect(a.call('LATENCY', 'RESET')).toBe(1);
    expect(a.call('LATENCY', 'LATEST')).toEqual([]);
  });

  it('records the expiry cycle, and serving a blocked client as command-unblocking', () => {
    const { client, clock, engine } = timedEngine({ 'latency-monitor-threshold': '5' });
    const [a, b] = [client(), client()];
    a.call('BLPOP', 'l', '0');
    clock.costMs = 6;
    b.call('RPUSH', 'l', 'x');
    engine.start();
    clock.advanceMs(100);
    engine.stop();
    clock.costMs = 0;
    const events = (b.call('LATENCY', 'LATEST') as unknown[][]).map((event) => event[0]);
    expect(events).toEqual(['fast-command', 'command-unblocking', 'expire-cycle']);
  });

  it('DOCTOR reports each event with Redis\'s statistics and advice', () => {
    const { client, clock } = timedEngine({ 'latency-monitor-threshold': '10', 'slowlog-log-slower-than': '-1' });
    const a = client();
    expect(text(a.call('LATENCY', 'DOCTOR'))).toBe('Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. '
      + 'I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n');
    clock.costMs = 12;
    a.call('KEYS', '*');
    clock.costMs = 0;
    clock.advanceMs(3000);
    const report = text(a.call('LATENCY', 'DOCTOR'));
    expect(report).toBe('Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n'
      + '1. command: 1 latency spikes (average 12ms, mean deviation 0ms, period 3.00 sec). Worst all time event 12ms.\n'
      + '\nI have a few advices for you:\n\n'
      + '- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command '
      + '\'CONFIG SET slowlog-log-slower-than 10000\'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n'
      + '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n'
      + '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, '
      + 'expired, or evicted, try to fragment those objects into multiple smaller objects.\n');
  });

  it('GRAPH draws an event and refuses one without samples', () => {
    const { client, clock } = timedEngine({ 'latency-monitor-threshold': '1' });
    const a = client();
    expect(a.call('LATENCY', 'GRAPH', 'command')).toEqual(new ErrorReply("ERR No samples available for event 'command'"));
    clock.costMs = 3;
    a.call('KEYS', '*');
    clock.costMs = 0;
    expect(text(a.call('LATENCY', 'GRAPH', 'command'))).toBe(`command - high 3 ms, low 3 ms (all time high 3 ms)\n${'-'.repeat(80)}\n \n \n \n_\n \n0\ns\n`);
  });

  it('records the AOF\'s writes and fsyncs under appendfsync always', async () => {
    const clock = new CostClock();
    const { client, persistence } = await persistedEngine(new MemoryFileSystem(), { clock, config: { appendfsync: 'always', 'latency-monitor-threshold': '1' } });
    const a = client();
    clock.costMs = 2;
    a.call('SET', 'k', 'v');
    await persistence.groupCommit.idle();
    expect(a.take()).toEqual([OK]);
    clock.costMs = 0;
    const events = (a.call('LATENCY', 'LATEST') as unknown[][]).map((event) => event[0]);
    expect(events).toEqual(expect.arrayContaining(['aof-write-alone', 'aof-write', 'aof-fsync-always']));
  });
});

describe('latency tracking', () => {
  it('keeps a histogram per command, LATENCY HISTOGRAM answers them, CONFIG RESETSTAT clears them', () => {
    const { client, clock } = timedEngine();
    const a = client();
    a.call('CONFIG', 'RESETSTAT');
    expect([...entries(a.call('LATENCY', 'HISTOGRAM')).keys()]).toEqual(['config|resetstat']);
    clock.costMs = 0.003;
    a.call('SET', 'a', 'b');
    a.call('SET', 'c', 'd');
    a.call('CLIENT', 'ID');
    clock.costMs = 0;
    const all = entries(a.call('LATENCY', 'HISTOGRAM'));
    expect(all.get('set')).toEqual(['calls', 2, 'histogram_usec', [4, 2]]);
    expect(entries(a.call('LATENCY', 'HISTOGRAM', 'CLIENT')).get('client|id')).toEqual(['calls', 1, 'histogram_usec', [4, 1]]);
    expect([...entries(a.call('LATENCY', 'HISTOGRAM', 'client|id', 'nope', 'set', 'nope|x')).keys()]).toEqual(['client|id', 'set']);
    expect(a.call('LATENCY', 'HISTOGRAM', 'blabla')).toEqual([]);
    a.call('CONFIG', 'RESETSTAT');
    a.call('CONFIG', 'SET', 'latency-tracking', 'no');
    a.call('SET', 'a', 'b');
    expect(a.call('LATENCY', 'HISTOGRAM', 'set')).toEqual([]);
  });

  it('tracks a blocked command when its wait ends, with the time it ran (not the wait)', () => {
    const { client, clock } = timedEngine();
    const [a, b] = [client(), client()];
    a.call('BLPOP', 'l', '0');
    clock.advanceMs(5000);
    b.call('RPUSH', 'l', 'x');
    expect(entries(b.call('LATENCY', 'HISTOGRAM', 'blpop')).get('blpop')).toEqual(['calls', 1, 'histogram_usec', [1, 1]]);
  });

  it('INFO latencystats gives each command\'s percentiles, as latency-tracking-info-percentiles names them', () => {
    const { client, clock } = timedEngine();
    const a = client();
    clock.costMs = 0.001;
    a.call('SET', 'a', 'b');
    clock.costMs = 0;
    expect(a.call('INFO', 'latencystats')).toMatch(/^# Latencystats\r\n(latency_percentiles_usec_[a-z|]+:p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n)+$/);
    expect(a.call('INFO', 'latencystats')).toContain('latency_percentiles_usec_set:p50=1.003,p99=1.003,p99.9=1.003\r\n');
    expect(a.call('CONFIG', 'SET', 'latency-tracking-info-percentiles', '0.0 50.0 100.0')).toEqual(OK);
    expect(a.call('CONFIG', 'GET', 'latency-tracking-info-percentiles')).toEqual(['latency-tracking-info-percentiles', '0 50 100']);
    expect(a.call('INFO', 'latencystats')).toContain('latency_percentiles_usec_set:p0=1.000,p50=1.003,p100=1.003\r\n');
    expect(a.call('CONFIG', 'SET', 'latency-tracking-info-percentiles', '10.0 50.0 a')).toEqual(new ErrorReply(
      "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters"));
    expect(a.call('CONFIG', 'SET', 'latency-tracking-info-percentiles', '10.0 50.0 101.0')).toEqual(new ErrorReply(
      "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"));
    expect(a.call('CONFIG', 'GET', 'latency-tracking-info-percentiles')).toEqual(['latency-tracking-info-percentiles', '0 50 100']);
    a.call('CONFIG', 'SET', 'latency-tracking', 'no');
    expect(a.call('INFO', 'latencystats')).toBe('# Latencystats\r\n');
  });

  it('LATENCY HELP and arity as Redis', () => {
    const { client } = timedEngine();
    const a: TestClient = client();
    expect((a.call('LATENCY', 'HELP') as unknown[])[0]).toEqual(expect.objectContaining({ value: 'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:' }));
    expect(a.call('LATENCY', 'HELP', 'xxx')).toEqual(new ErrorReply("ERR wrong number of arguments for 'latency|help' command"));
  });
});
