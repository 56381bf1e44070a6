/**
 * Fresh counters for INFO stats; CONFIG RESETSTAT replaces them through resetStats.
 */
import type { ServerStats } from './services.js';

export function createStats(): ServerStats {
  return {
    totalConnectionsReceived: 0,
    totalCommandsProcessed: 0,
    rejectedConnections: 0,
    expiredKeys: 0,
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

export function countCommand(stats: ServerStats, fullName: string, usec: number, failed: boolean): void {
  let entry = stats.commands.get(fullName);
  if (entry === undefined) stats.commands.set(fullName, (entry = { calls: 0, usec: 0, failed: 0, rejected: 0 }));
  entry.calls++;
  entry.usec += usec;
  if (failed) entry.failed++;
}

export function countRejected(stats: ServerStats, fullName: string | undefined): void {
  if (fullName === undefined) return;
  let entry = stats.commands.get(fullName);
  if (entry === undefined) stats.commands.set(fullName, (entry = { calls: 0, usec: 0, failed: 0, rejected: 0 }));
  entry.rejected++;
}

export function countError(stats: ServerStats, code: string): void {
  stats.errors.set(code, (stats.errors.get(code) ?? 0) + 1);
}
