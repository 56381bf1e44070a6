/**
 * The command path in process, without sockets: CPU nanoseconds per command for the
 * families redis-benchmark runs, fed as pipelined RESP bytes to ClientConnections of one Engine
 * with the server's clock, its setImmediate-style deferred flush and a host whose write only
 * counts bytes. It repeats the server's loop at -P 16 with 50 clients (each poll turn: one read
 * of 16 commands per client, then one flush of every reply) and at -P 1, so a change to the
 * parser, the engine or the encoder shows up here without the noise of sockets and other load.
 *
 * With --against <directory of another core package> (a checkout of an earlier commit: `git
 * archive <commit> packages/core tsconfig.base.json | tar -x -C /tmp/base`), rounds alternate
 * between this core and that one in the same process, so both see the same load: a difference
 * of a few percent shows, which separate runs on a shared machine bury in noise.
 *
 *   npm run bench -- --only command-path
 *   npx tsx --conditions=ballast-source bench/command-path.ts [--commands 100000] [--rounds 5] [--pipelines 16,1] [--only set,get]
 *     [--against /tmp/base/packages/core]
 */
import * as ballastCore from '@ballast/core';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NodeClock } from '../src/node-clock.js';

const CLIENTS = 50;
/** redis-benchmark -r 100000: keys and members draw a 12-digit number below this. */
const RANDOM_KEYS = 100_000;
const VALUE = 'xxx';

/** The commands redis-benchmark -t sends for each family (7.0, -r 100000, -d 3). */
const FAMILIES: Record<string, (random: () => string) => string[]> = {
  set: (random) => ['SET', `key:${random()}`, VALUE],
  get: (random) => ['GET', `key:${random()}`],
  incr: (random) => ['INCR', `counter:${random()}`],
  lpush: () => ['LPUSH', 'mylist', VALUE],
  rpop: () => ['RPOP', 'mylist'],
  sadd: (random) => ['SADD', 'myset', `element:${random()}`],
  hset: (random) => ['HSET', 'myhash', `element:${random()}`, VALUE],
  zadd: (random) => ['ZADD', 'myzset', String(Number(random()) % 1000), `element:${random()}`],
  mset: (random) => ['MSET', ...Array.from({ length: 10 }, () => [`key:${random()}`, VALUE]).flat()],
};

/** What the harness needs of a core package: this one's, or another checkout's (--against). */
type Core = Pick<typeof ballastCore, 'Config' | 'Engine' | 'seededRandom'>;

export interface CommandPathRow {
  /** 'this core', or the directory of the core compared against. */
  readonly core: string;
  readonly family: string;
  readonly pipeline: number;
  /** The least CPU time per command over the rounds, in nanoseconds (other load only ever adds to it). */
  readonly nsPerCommand: number;
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`;
}

/** A deterministic stream of redis-benchmark's zero-padded random numbers. */
function randomNumbers(seed: number): () => string {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return String(state % RANDOM_KEYS).padStart(12, '0');
  };
}

function startEngine({ Config, Engine, seededRandom }: Core): { engine: ballastCore.Engine; flushes: Array<() => void>; written: { bytes: number; errors: number } } {
  const flushes: Array<() => void> = [];
  const engine = new Engine({
    config: new Config({ appendonly: 'no' }), clock: new NodeClock(), random: seededRandom(7),
    host: {
      version: '0.0.0', processId: 1, runId: '0'.repeat(40), tcpPort: 0, executable: '', configFile: '', os: 'bench',
      memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
      cpuUsage: () => ({ systemUs: 0, userUs: 0, childrenSystemUs: 0, childrenUserUs: 0, mainThread: undefined }),
    },
    scheduleFlush: (flush) => void flushes.push(flush),
  });
  return { engine, flushes, written: { bytes: 0, errors: 0 } };
}

/**
 * Runs `commands` commands of one family through the engine: turns of one chunk of `pipeline`
 * commands per client, each turn ended by the deferred flush. Returns the CPU time in ms (the
 * process's user and system time: unlike wall time, it does not grow when other work shares
 * the cores).
 */
function runFamily(core: Core, family: string, pipeline: number, commands: number, seed: number): number {
  const { engine, flushes, written } = startEngine(core);
  const connections = Array.from({ length: CLIENTS }, (_, index) => engine.connect({
    address: `bench:${index}`, localAddress: 'bench:0', pendingOutputBytes: () => 0, close() {},
    write: (bytes) => {
      written.bytes += bytes.length;
      if (bytes[0] === 45) written.errors++;
    },
  }));
  const random = randomNumbers(seed);
  const turns = Math.ceil(commands / (pipeline * CLIENTS));
  const chunks = Array.from({ length: turns * CLIENTS }, () =>
    Buffer.from(Array.from({ length: pipeline }, () => encode(FAMILIES[family](random))).join(''), 'latin1'));
  // RPOP pops what an LPUSH run left, as in redis-benchmark's order.
  if (family === 'rpop') runTurns(connections, flushes, chunks.map(() => Buffer.from(encode(['LPUSH', 'mylist', VALUE]).repeat(pipeline), 'latin1')));
  const started = process.cpuUsage();
  runTurns(connections, flushes, chunks);
  const { user, system } = process.cpuUsage(started);
  if (written.errors > 0) throw new Error(`${family}: ${written.errors} writes began with an error reply`);
  return (user + system) / 1000;
}

function runTurns(connections: ReadonlyArray<{ receive(chunk: Uint8Array): void }>, flushes: Array<() => void>, chunks: readonly Buffer[]): void {
  for (let next = 0; next < chunks.length;) {
    for (const connection of connections) connection.receive(chunks[next++]);
    for (let flush = flushes.shift(); flush !== undefined; flush = flushes.shift()) flush();
  }
}

export function measureCommandPath(options: {
  commands: number; rounds: number; families: readonly string[]; pipelines: readonly number[]; cores: ReadonlyMap<string, Core>;
}): CommandPathRow[] {
  const rows: CommandPathRow[] = [];
  for (const pipeline of options.pipelines) {
    for (const family of options.families) {
      // A first run warms the JIT up for this family's handlers.
      for (const core of options.cores.values()) runFamily(core, family, pipeline, options.commands / 4, 1);
      const samples = new Map([...options.cores.keys()].map((name) => [name, [] as number[]]));
      for (let round = 0; round < options.rounds; round++) {
        for (const [name, core] of options.cores) samples.get(name)!.push(runFamily(core, family, pipeline, options.commands, round + 2) * 1e6 / options.commands);
      }
      for (const [core, values] of samples) rows.push({ core, family, pipeline, nsPerCommand: Math.min(...values) });
    }
  }
  return rows;
}

export function printCommandPath(rows: readonly CommandPathRow[]): void {
  console.log('\ncommand path in process (50 clients, no sockets, no log), CPU ns per command, least of rounds:');
  const columns = [...new Set(rows.map((row) => row.pipeline))].flatMap((pipeline) => [...new Set(rows.map((row) => row.core))].map((core) => ({ pipeline, core })));
  for (const core of new Set(columns.map((column) => column.core))) if (core !== THIS_CORE) console.log(`  against: ${core}`);
  console.log(`  family  ${columns.map(({ pipeline, core }) => `-P ${pipeline}${core === THIS_CORE ? '' : ' against'}`.padStart(core === THIS_CORE ? 8 : 16)).join('')}`);
  for (const family of new Set(rows.map((row) => row.family))) {
    const cells = columns.map(({ pipeline, core }) => rows.find((row) => row.family === family && row.pipeline === pipeline && row.core === core)!
      .nsPerCommand.toFixed(0).padStart(core === THIS_CORE ? 8 : 16));
    console.log(`  ${family.padEnd(7)} ${cells.join('')}`);
  }
}

const THIS_CORE = 'this core';

/** Another checkout's core package, from its TypeScript sources. */
async function loadCore(directory: string): Promise<Core> {
  return await import(pathToFileURL(path.join(path.resolve(directory), 'src', 'index.ts')).href) as Core;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const against = flag('--against');
  const cores = new Map<string, Core>([[THIS_CORE, ballastCore]]);
  if (against !== undefined) cores.set(against, await loadCore(against));
  printCommandPath(measureCommandPath({
    cores,
    commands: Number(flag('--commands') ?? 100_000),
    rounds: Number(flag('--rounds') ?? 5),
    families: flag('--only')?.split(',') ?? Object.keys(FAMILIES),
    pipelines: flag('--pipelines')?.split(',').map(Number) ?? [16, 1],
  }));
}
