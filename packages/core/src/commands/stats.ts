/**
 * Fresh counters for INFO stats; CONFIG RESETSTAT replaces them through resetStats.
 */
import type { CommandStats, ServerStats } from './services.js';
import { LatencyHistogram } from './server/latency-histogram.js';

export function createStats(): ServerStats {
  return {
    totalConnectionsReceived: 0,
    totalCommandsProcessed: 0,
    rejectedConnections: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    dirty: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    pubsubMessages: 0,
    commands: new Map(),
    errors: new Map(),
  };
}

/** Zeroes every counter in place (handlers hold the same object). */
export function resetStats(stats: ServerStats): void {
  Object.assign(stats, { ...createStats(), commands: stats.commands, errors: stats.errors });
  stats.commands.clear();
  stats.errors.clear();
}

/** `fullName`'s counters, created at its first call or refusal. */
export function commandStatsOf(stats: ServerStats, fullName: string): CommandStats {
  let entry = stats.commands.get(fullName);
  if (entry === undefined) stats.commands.set(fullName, (entry = { calls: 0, usec: 0, failed: 0, rejected: 0, histogram: null }));
  return entry;
}

/** Counts a call of `fullName` that took `usec`; returns its entry (for its latency histogram). */
export function countCommand(stats: ServerStats, fullName: string, usec: number, failed: boolean): CommandStats {
  const entry = commandStatsOf(stats, fullName);
  entry.calls++;
  entry.usec += usec;
  if (failed) entry.failed++;
  return entry;
}

export function countRejected(stats: ServerStats, fullName: string | undefined): void {
  if (fullName !== undefined) commandStatsOf(stats, fullName).rejected++;
}

/** latency-tracking: records a call's `usec` in its command's histogram (created at its first call). */
export function trackLatency(entry: CommandStats, usec: number): void {
  (entry.histogram ??= new LatencyHistogram()).recordMicroseconds(usec);
}

export function countError(stats: ServerStats, code: string): void {
  stats.errors.set(code, (stats.errors.get(code) ?? 0) + 1);
}
