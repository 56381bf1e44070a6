/**
 * The exposition writer and the histograms behind /metrics, and the timing FileSystem: the
 * text a Prometheus parser reads back (escaping, cumulative buckets, +Inf), refusals of
 * undeclared metrics and wrong labels, and TimedFileSystem reporting durable operations on
 * incremental AOF files by shard (it runs the FileSystem contract in node-file-system.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMetricsFromIterator } from 'prom2javascript';
import { Histogram } from '../src/admin/histogram.js';
import type { MetricDefinition } from '../src/admin/metric-definitions.js';
import { Observations } from '../src/admin/observations.js';
import { PrometheusText } from '../src/admin/prometheus-text.js';
import { TimedFileSystem } from '../src/admin/timed-file-system.js';
import { NodeFileSystem } from '../src/node-file-system.js';

const COUNTER: MetricDefinition = { name: 'test_events_total', type: 'counter', labels: ['kind'], help: 'Events with a \\ backslash\nand a newline.' };
const GAUGE: MetricDefinition = { name: 'test_level', type: 'gauge', labels: [], help: 'A level.' };
const HISTOGRAM: MetricDefinition = { name: 'test_seconds', type: 'histogram', labels: ['family'], help: 'Durations.' };

describe('PrometheusText', () => {
  it('writes text that parses back to the same values', async () => {
    const out = new PrometheusText([COUNTER, GAUGE, HISTOGRAM]);
    out.value(COUNTER, 3, { kind: 'a "quoted"\nvalue \\ here' });
    out.value(GAUGE, 2.5);
    const histogram = new Histogram([0.001, 0.01, 0.1]);
    for (const seconds of [0.0005, 0.001, 0.005, 0.05, 0.5]) histogram.observe(seconds);
    out.histogram(HISTOGRAM, histogram, { family: 'string' });
    const text = out.render();
    expect(text).toContain('test_events_total{kind="a \\"quoted\\"\\nvalue \\\\ here"} 3\n');
    expect(text).toContain('test_seconds_bucket{family="string",le="0.001"} 2\n');
    expect(text).toContain('test_seconds_bucket{family="string",le="+Inf"} 5\n');
    const parsed = await getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
    expect(text).toContain('# HELP test_events_total Events with a \\\\ backslash\\nand a newline.\n');
    expect(parsed.test_events_total).toMatchObject({ type: 'counter', data: [{ labels: { kind: 'a "quoted"\nvalue \\ here' }, value: 3 }] });
    expect(parsed.test_level.data).toEqual([{ labels: {}, value: 2.5 }]);
    expect(parsed.test_seconds.data).toEqual([{
      labels: { family: 'string' }, buckets: { '0.001': 2, '0.01': 3, '0.1': 4, '+Inf': 5 }, count: 5, sum: 0.5565,
    }]);
  });

  it('declares a metric without samples with its HELP and TYPE only, and spells infinities as Go does', () => {
    const out = new PrometheusText([GAUGE]);
    expect(out.render()).toBe('# HELP test_level A level.\n# TYPE test_level gauge\n');
    out.value(GAUGE, -Infinity);
    out.value(GAUGE, NaN);
    expect(out.render()).toBe('# HELP test_level A level.\n# TYPE test_level gauge\ntest_level -Inf\ntest_level NaN\n');
  });

  it('refuses an undeclared metric, the wrong labels and the wrong kind of sample', () => {
    const out = new PrometheusText([COUNTER, HISTOGRAM]);
    expect(() => out.value(GAUGE, 1)).toThrow('metric test_level is not declared');
    expect(() => out.value(COUNTER, 1, {})).toThrow('metric test_events_total takes labels [kind], got []');
    expect(() => out.value(HISTOGRAM, 1, { family: 'x' })).toThrow('metric test_seconds is a histogram');
    expect(() => new Histogram([1, 1])).toThrow('histogram bounds must increase');
  });
});

describe('TimedFileSystem', () => {
  it('reports fsyncs and durable writes of incremental AOF files by shard, and nothing else', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ballast-timed-fs-'));
    try {
      const observations = new Observations();
      const fs = new TimedFileSystem(new NodeFileSystem(), observations.observeSync);
      await fs.makeDirectory(`${root}/shard-3`);
      const incremental = await fs.open(`${root}/shard-3/incr-7.aof`, { create: true });
      await incremental.write(0, new Uint8Array([1, 2, 3]));
      await incremental.sync();
      await incremental.writeDurable!(3, new Uint8Array([4]));
      const manifest = await fs.open(`${root}/ballast.manifest`, { create: true });
      await manifest.sync();
      await Promise.all([incremental.close(), manifest.close()]);
      const series = [...observations.syncSeconds.entries()].map(({ labels, histogram }) => ({ labels, count: histogram.count }));
      expect(series).toEqual([
        { labels: { shard: '3', operation: 'fsync' }, count: 1 },
        { labels: { shard: '3', operation: 'durable_write' }, count: 1 },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
