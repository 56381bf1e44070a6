/**
 * Memory per key: bytes the allocator holds (allocatedBytes: redis-server's used_memory,
 * ballast-server's V8 heap) and RSS per small key after loading N keys with
 * redis-cli --pipe, into each server (no log, so only the keyspace is measured).
 */
import { spawn } from 'node:child_process';
import { allocatedBytes, infoField, run } from './tools.js';

async function loadKeys(port: number, count: number): Promise<void> {
  const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `memory:${i}`;
    const value = `v${i % 1000}`;
    batch.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
    if (batch.length === 10_000) {
      if (!child.stdin.write(batch.join(''))) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch.length = 0;
    }
  }
  child.stdin.end(batch.join(''));
  await new Promise((resolve) => child.once('exit', resolve));
}

export async function memoryPerKey(name: string, port: number, keys: number): Promise<{ usedBytesPerKey: number; rssBytesPerKey: number }> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  const usedBefore = await allocatedBytes(port);
  const rssBefore = await infoField(port, 'memory', 'used_memory_rss');
  await loadKeys(port, keys);
  const held = Number((await run('redis-cli', ['-p', String(port), 'DBSIZE'])).stdout.trim());
  if (held !== keys) throw new Error(`${name} holds ${held} keys, expected ${keys}`);
  const usedAfter = await allocatedBytes(port);
  const rssAfter = await infoField(port, 'memory', 'used_memory_rss');
  return { usedBytesPerKey: (usedAfter - usedBefore) / keys, rssBytesPerKey: (rssAfter - rssBefore) / keys };
}
