/**
 * Scripting: EVALSHA of a small lock-style script — two keys, three redis.call's (GET, then SET
 * with PX or PEXPIRE, then INCR) — with redis-benchmark against both servers with the same
 * durability setting, at -P 1 and -P 16, as ratios (issue 12's target: 0.7x). Keys are drawn
 * from 100,000 (`__rand_int__`) so both branches of the script run.
 */
import { commandRate, median, run } from './tools.js';

export const LOCK_SCRIPT = `local holder = redis.call('GET', KEYS[1])
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('INCR', KEYS[2])`;

export interface ScriptRow {
  readonly durability: string;
  readonly pipeline: number;
  readonly ballast: number;
  readonly redis: number;
  readonly ratio: number;
}

async function loadScript(port: number): Promise<string> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  const { stdout } = await run('redis-cli', ['-p', String(port), 'SCRIPT', 'LOAD', LOCK_SCRIPT]);
  return stdout.trim();
}

export async function compareScripting(options: {
  durability: string; ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number;
}): Promise<ScriptRow[]> {
  const rows: ScriptRow[] = [];
  for (const pipeline of options.pipelines) {
    const samples: Record<'ballast' | 'redis', number[]> = { ballast: [], redis: [] };
    for (let round = 0; round < options.rounds; round++) {
      const order: Array<'ballast' | 'redis'> = round % 2 === 0 ? ['ballast', 'redis'] : ['redis', 'ballast'];
      for (const name of order) {
        const sha = await loadScript(options.ports[name]);
        const command = ['EVALSHA', sha, '2', 'lock:{__rand_int__}', 'count:{__rand_int__}', 'token', '30000'];
        samples[name].push(await commandRate(options.ports[name], pipeline, options.requests, command, 100_000));
      }
    }
    const ballast = median(samples.ballast);
    const redis = median(samples.redis);
    rows.push({ durability: options.durability, pipeline, ballast, redis, ratio: ballast / redis });
  }
  return rows;
}

export function printScripting(rows: readonly ScriptRow[]): void {
  console.log('\nscripting: EVALSHA of a lock script (2 keys, 3 redis.call), redis-benchmark -c 50, target 0.7x');
  console.log('durability  pipeline  ballast req/s   redis req/s   ratio');
  for (const row of rows) {
    console.log(`${row.durability.padEnd(11)} -P ${String(row.pipeline).padEnd(6)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x${row.ratio >= 0.7 ? '' : ' BELOW'}`);
  }
}
