/**
 * The memory model that maxmemory bounds (core/src/keyspace/memory-model.ts) against V8's real
 * heap: bench/memory-model.ts, run in a child node with --expose-gc, loads each shape of key
 * into an engine and compares the heap's growth after full collections with used_memory's.
 * Every shape must be within 15% (when calibrated they were within 8%).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SHAPES, type ShapeResult } from '../bench/memory-model.js';

const SCRIPT = fileURLToPath(new URL('../bench/memory-model.ts', import.meta.url));
const TOLERANCE = 0.15;

describe('the memory model against V8\'s heap', () => {
  it(`every shape of key is accounted within ${TOLERANCE * 100}% of the heap it takes`, async () => {
    const { stdout } = await promisify(execFile)(process.execPath,
      ['--expose-gc', '--conditions=ballast-source', '--import', 'tsx', SCRIPT, '--json'], { maxBuffer: 1 << 20 });
    const results = JSON.parse(stdout) as ShapeResult[];
    expect(results.map((result) => result.name)).toEqual(SHAPES.map((shape) => shape.name));
    for (const result of results) {
      expect(result.ratio, `${result.name}: model ${result.modelBytesPerKey.toFixed(1)} B/key, heap ${result.heapBytesPerKey.toFixed(1)} B/key`)
        .toBeGreaterThan(1 - TOLERANCE);
      expect(result.ratio, result.name).toBeLessThan(1 + TOLERANCE);
    }
  }, 240_000);
});
