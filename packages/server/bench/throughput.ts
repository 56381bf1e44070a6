/**
 * Throughput: redis-benchmark against ballast-server and redis-server with the same durability
 * setting, alternating which goes first, median of rounds, as ratios.
 */
import { median, run } from './tools.js';

export const TESTS = ['set', 'get', 'incr', 'lpush', 'rpop', 'sadd', 'hset', 'zadd', 'mset'];
export const CLIENTS = 50;

export interface ThroughputRow {
  readonly durability: string;
  readonly pipeline: number;
  readonly test: string;
  readonly ballast: number;
  readonly redis: number;
  readonly ratio: number;
  readonly target: number;
}

/** redis-benchmark's arguments to reach a server on `port` over plain TCP. */
const plainConnection = (port: number): string[] => ['-p', String(port)];

async function benchmark(connection: readonly string[], pipeline: number, requests: number, tests: readonly string[]): Promise<Map<string, number>> {
  const { stdout } = await run('redis-benchmark', [...connection, '-c', String(CLIENTS), '-n', String(requests),
    '-P', String(pipeline), '-t', tests.join(','), '-r', '100000', '--csv'], { maxBuffer: 1 << 24 });
  const rates = new Map<string, number>();
  for (const line of stdout.split('\n').slice(1)) {
    const cells = line.split(',').map((cell) => cell.replace(/"/g, ''));
    if (cells.length < 2 || !cells[1]) continue;
    rates.set(cells[0].toLowerCase().split(' ')[0], Number(cells[1]));
  }
  return rates;
}

/**
 * `tests` (default TESTS) on both servers at each pipeline depth, `rounds` times in alternating
 * order; medians as ratios. `connection` gives redis-benchmark's arguments for a port (plain TCP
 * by default; the TLS section adds --tls and the certificates).
 */
export async function compareThroughput(options: {
  durability: string; ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number;
  target: (pipeline: number) => number; tests?: readonly string[]; connection?: (port: number) => string[];
}): Promise<ThroughputRow[]> {
  const tests = options.tests ?? TESTS;
  const connection = options.connection ?? plainConnection;
  const rows: ThroughputRow[] = [];
  for (const pipeline of options.pipelines) {
    const samples = { ballast: new Map<string, number[]>(), redis: new Map<string, number[]>() };
    for (let round = 0; round < options.rounds; round++) {
      const order: Array<'ballast' | 'redis'> = round % 2 === 0 ? ['ballast', 'redis'] : ['redis', 'ballast'];
      for (const name of order) {
        for (const [test, rate] of await benchmark(connection(options.ports[name]), pipeline, options.requests, tests)) {
          samples[name].set(test, [...(samples[name].get(test) ?? []), rate]);
        }
      }
    }
    for (const test of tests) {
      const ballast = median(samples.ballast.get(test) ?? [0]);
      const redis = median(samples.redis.get(test) ?? [0]);
      rows.push({ durability: options.durability, pipeline, test, ballast, redis, ratio: ballast / redis, target: options.target(pipeline) });
    }
  }
  return rows;
}

export function printThroughput(rows: readonly ThroughputRow[]): void {
  console.log('durability  pipeline  test     ballast req/s   redis req/s   ratio   target');
  for (const row of rows) {
    const verdict = row.ratio >= row.target ? 'PASS' : 'BELOW';
    console.log(`${row.durability.padEnd(11)} -P ${String(row.pipeline).padEnd(6)} ${row.test.padEnd(8)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x   ${row.target}x ${verdict}`);
  }
}
