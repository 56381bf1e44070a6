/**
 * The harness's output: one line per iteration, a failure block that names the seed, the data
 * directory kept for inspection and every violated check with its operations, and the summary.
 */
import type { CrashOptions } from './options.js';
import type { IterationResult } from './iteration.js';
import { EVERYSEC_LOSS_WINDOW_MS } from './cycle-check.js';

function setting(options: CrashOptions): string {
  const where = options.target === 'ballast' ? `shards=${options.shards}` : 'target=redis';
  const replication = options.replicas > 0 ? ` replicas=${options.replicas} min-replicas-durable=${options.durable} (primary killed, highest offset promoted)` : '';
  return `${where} appendfsync=${options.appendfsync}${replication}`;
}

export function iterationLine(options: CrashOptions, number: number, result: IterationResult): string {
  const { counts } = result;
  const missing = options.appendfsync === 'always' ? ''
    : `, missing ${counts.recentMissing} acknowledged within ${EVERYSEC_LOSS_WINDOW_MS} ms of a kill and ${counts.unacknowledgedMissing} unacknowledged`;
  const verdict = result.violations.length === 0 ? 'prefix ok' : `FAILED: ${[...new Set(result.violations.map((violation) => violation.check))].join(', ')}`;
  const shape = `${result.clients} clients, ${counts.operations} ops, ${result.kills} kill(s), ${result.killsDuringRewrite} during a rewrite`;
  return `iteration ${number}/${options.iterations} ${setting(options)}: recovered ${counts.acknowledgedRecovered}/${counts.acknowledged} acknowledged${missing}, ${verdict} (${shape})`;
}

export function failureBlock(options: CrashOptions, seed: number, result: IterationResult): string[] {
  const replication = options.replicas > 0 ? ` --replicas ${options.replicas} --durable ${options.durable}` : '';
  const replay = `npm run crash -- --iterations 1 --seed ${seed} --shards ${options.shards} --appendfsync ${options.appendfsync} --target ${options.target}${replication}`;
  const lines = [`  seed ${seed} (the same choices again: ${replay})`, `  data dir kept: ${result.directory}`];
  for (const violation of result.violations) {
    lines.push(`  [${violation.check}] ${violation.message}`, ...violation.details.map((detail) => `      ${detail}`));
  }
  return lines;
}

export interface Totals {
  iterations: number;
  failed: number[];
  acknowledged: number;
  acknowledgedRecovered: number;
  kills: number;
  killsDuringRewrite: number;
  rewritesRequested: number;
}

export function summaryLine(options: CrashOptions, totals: Totals): string {
  const failed = totals.failed.length === 0 ? '0 failed' : `${totals.failed.length} FAILED (iteration ${totals.failed.join(', ')})`;
  return `summary ${setting(options)} seed=${options.seed}: ${totals.iterations} iterations, ${failed}; `
    + `recovered ${totals.acknowledgedRecovered}/${totals.acknowledged} acknowledged over ${totals.kills} kills `
    + `(${totals.killsDuringRewrite} during a rewrite, ${totals.rewritesRequested} BGREWRITEAOF requested)`;
}
