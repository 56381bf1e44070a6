/**
 * The memory model against V8's heap: loads keys of each shape into an engine in this process
 * (the same core ballast-server runs) and compares the heap's growth, after full garbage
 * collections, with the growth of used_memory (the model maxmemory bounds). This is how the
 * model's constants (core/src/keyspace/memory-model.ts) were measured; `memory-model.test.ts`
 * keeps every shape within its tolerance.
 *
 *   node --expose-gc --conditions=ballast-source --import tsx bench/memory-model.ts            # the table
 *   node --expose-gc --conditions=ballast-source --import tsx bench/memory-model.ts --json --shape 3   # one shape
 */
import { Config, Engine, seededRandom, type HostInfo } from '@ballast/core';

export interface Shape {
  readonly name: string;
  /** Keys loaded at scale 1. */
  readonly keys: number;
  /** The commands that create key `i`. */
  readonly commands: (i: number) => string[][];
}

export interface ShapeResult {
  readonly name: string;
  readonly heapBytesPerKey: number;
  readonly modelBytesPerKey: number;
  /** model / heap: 1 is exact, below 1 the model under-counts. */
  readonly ratio: number;
}

const pad = (length: number) => 'x'.repeat(length);
const members = (count: number, make: (j: number) => string[]) => Array.from({ length: count }, (_, j) => make(j)).flat();

export const SHAPES: readonly Shape[] = [
  { name: 'string, 10-byte key, 3-byte value', keys: 200_000, commands: (i) => [['SET', `key:${String(i).padStart(6, '0')}`, 'abc']] },
  { name: 'string, 16-byte key, 100-byte value', keys: 100_000, commands: (i) => [['SET', `key:${String(i).padStart(12, '0')}`, pad(100)]] },
  { name: 'string, 1000-byte value', keys: 20_000, commands: (i) => [['SET', `key:${String(i).padStart(6, '0')}`, pad(1000)]] },
  { name: 'string with a TTL', keys: 100_000, commands: (i) => [['SET', `key:${String(i).padStart(6, '0')}`, 'abc', 'EX', '100000']] },
  { name: 'hash of 10 fields', keys: 20_000, commands: (i) => [['HSET', `h:${i}`, ...members(10, (f) => [`field${f}`, `value${f}`])]] },
  { name: 'hash of 100 fields', keys: 2_000, commands: (i) => [['HSET', `h:${i}`, ...members(100, (f) => [`field${f}`, `value${f}`])]] },
  { name: 'set of 10 members', keys: 20_000, commands: (i) => [['SADD', `s:${i}`, ...members(10, (f) => [`member${f}`])]] },
  { name: 'set of 100 members', keys: 2_000, commands: (i) => [['SADD', `s:${i}`, ...members(100, (f) => [`member${f}`])]] },
  { name: 'list of 10 elements', keys: 20_000, commands: (i) => [['RPUSH', `l:${i}`, ...members(10, (f) => [`element${f}`])]] },
  { name: 'list of 100 elements', keys: 2_000, commands: (i) => [['RPUSH', `l:${i}`, ...members(100, (f) => [`element${f}`])]] },
  { name: 'sorted set of 10 members', keys: 20_000, commands: (i) => [['ZADD', `z:${i}`, ...members(10, (f) => [String(f + 0.5), `member${f}`])]] },
  { name: 'sorted set of 100 members', keys: 2_000, commands: (i) => [['ZADD', `z:${i}`, ...members(100, (f) => [String(f + 0.5), `member${f}`])]] },
  { name: 'stream of 100 entries', keys: 200, commands: (i) => Array.from({ length: 100 }, (_, f) => ['XADD', `x:${i}`, '*', 'field', `value${f}`]) },
];

const HOST: HostInfo = {
  version: 'bench', processId: process.pid, runId: '0'.repeat(40), tcpPort: 0, executable: '', configFile: '', os: process.platform,
  memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
  cpuUsage: () => ({ systemUs: 0, userUs: 0, childrenSystemUs: 0, childrenUserUs: 0, mainThread: undefined }),
};

function collectedHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

function encode(args: readonly string[]): Uint8Array {
  let text = `*${args.length}\r\n`;
  for (const arg of args) text += `$${arg.length}\r\n${arg}\r\n`;
  return Buffer.from(text, 'latin1');
}

/**
 * Loads `shape` (its keys times `scale`) into a fresh engine; the heap's and the model's growth
 * per key. The model was calibrated at scale 1: far smaller loads land the hash tables and arrays
 * at other fill levels, and per-key figures move by up to 20%.
 */
export function measureShape(shape: Shape, scale: number): ShapeResult {
  let time = 1_700_000_000_000;
  const clock = { now: () => time, monotonic: () => time, schedule: () => ({ cancel: () => undefined }) };
  const engine = new Engine({ config: new Config(), clock, random: seededRandom(1), host: HOST });
  const connection = engine.connect({ address: 'bench:1', localAddress: 'bench:0', pendingOutputBytes: () => 0, close: () => undefined, write: () => undefined });
  connection.receive(encode(['SET', 'warm', 'up']));
  connection.receive(encode(['DEL', 'warm']));
  const keys = Math.max(1, Math.round(shape.keys * scale));
  const heapBefore = collectedHeapBytes();
  const modelBefore = engine.usedMemory();
  for (let i = 0; i < keys; i++) {
    time++;
    for (const command of shape.commands(i)) connection.receive(encode(command));
  }
  const heapBytesPerKey = (collectedHeapBytes() - heapBefore) / keys;
  const modelBytesPerKey = (engine.usedMemory() - modelBefore) / keys;
  connection.disconnected();
  return { name: shape.name, heapBytesPerKey, modelBytesPerKey, ratio: modelBytesPerKey / heapBytesPerKey };
}

async function main(argv: readonly string[]): Promise<void> {
  const scaleAt = argv.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(argv[scaleAt + 1]) : 1;
  const shapeAt = argv.indexOf('--shape');
  const shapes = shapeAt >= 0 ? [SHAPES[Number(argv[shapeAt + 1])]] : SHAPES;
  const results: ShapeResult[] = [];
  for (const shape of shapes) {
    // A turn of the event loop between shapes: the last engine's garbage is then collectable.
    await new Promise((resolve) => setTimeout(resolve, 20));
    results.push(measureShape(shape, scale));
  }
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  console.log(`memory model against V8's heap (node ${process.version}, scale ${scale})`);
  console.log('shape                                  heap B/key   model B/key   model/heap');
  for (const result of results) {
    console.log(`${result.name.padEnd(38)} ${result.heapBytesPerKey.toFixed(1).padStart(10)}   ${result.modelBytesPerKey.toFixed(1).padStart(11)}   ${result.ratio.toFixed(2).padStart(10)}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) await main(process.argv.slice(2));
