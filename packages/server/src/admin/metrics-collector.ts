/**
 * Renders GET /metrics: reads the engine, the AOF and the observations into the metrics of
 * metric-definitions.ts. Everything is read at scrape time; nothing here runs on the command
 * path. Metrics of the AOF are left without samples while it is off or still recovering.
 */
import { REDIS_COMPATIBLE_VERSION, type Persistence } from '@ballast/core';
import { readiness, type AdminState } from './admin-state.js';
import { METRIC_DEFINITIONS, METRICS } from './metric-definitions.js';
import { PrometheusText } from './prometheus-text.js';

function collectClients(out: PrometheusText, state: AdminState): void {
  let connected = 0;
  let blocked = 0;
  for (const client of state.engine.clients()) {
    connected++;
    if (client.blocked) blocked++;
  }
  out.value(METRICS.connectedClients, connected);
  out.value(METRICS.blockedClients, blocked);
  out.value(METRICS.connectionsReceived, state.engine.stats.totalConnectionsReceived);
  out.value(METRICS.connectionsRejected, state.engine.stats.rejectedConnections);
}

function collectCommands(out: PrometheusText, state: AdminState): void {
  for (const [family, { calls, failures }] of state.observations.commandCounts) {
    out.value(METRICS.commands, calls, { family });
    out.value(METRICS.commandFailures, failures, { family });
  }
  for (const { labels, histogram } of state.observations.commandSeconds.entries()) out.histogram(METRICS.commandSeconds, histogram, labels);
}

function collectKeyspace(out: PrometheusText, state: AdminState): void {
  const { engine } = state;
  engine.shards.forEach((databases, shard) => {
    let keys = 0;
    let expiring = 0;
    for (const database of databases) {
      keys += database.size;
      expiring += database.expires.size;
    }
    out.value(METRICS.keys, keys, { shard: String(shard) });
    out.value(METRICS.keysWithExpiry, expiring, { shard: String(shard) });
  });
  out.value(METRICS.expiredKeys, engine.stats.expiredKeys);
  out.value(METRICS.keyspaceHits, engine.stats.keyspaceHits);
  out.value(METRICS.keyspaceMisses, engine.stats.keyspaceMisses);
  out.value(METRICS.evictedKeys, engine.stats.evictedKeys);
  const memory = engine.host.memoryUsage();
  const model = engine.memoryInfo();
  out.value(METRICS.memoryUsed, model.usedBytes);
  out.value(METRICS.memoryMax, model.maxmemoryBytes);
  out.value(METRICS.memoryHeap, memory.usedBytes);
  out.value(METRICS.memoryResident, memory.rssBytes);
}

function collectAof(out: PrometheusText, state: AdminState, persistence: Persistence): void {
  const commit = persistence.groupCommit;
  out.value(METRICS.aofWriteFailed, commit.failure === null ? 0 : 1);
  for (const log of commit.logs) {
    out.value(METRICS.aofFileBytes, log.fileBytes, { shard: String(log.shard) });
    out.value(METRICS.aofPendingBytes, log.pendingBytes, { shard: String(log.shard) });
  }
  out.value(METRICS.aofWrittenBytes, commit.stats.bytesWritten);
  out.value(METRICS.aofBatches, commit.stats.batches);
  out.value(METRICS.aofFsyncs, commit.stats.fsyncs);
  for (const { labels, histogram } of state.observations.syncSeconds.entries()) out.histogram(METRICS.aofSyncSeconds, histogram, labels);
  out.value(METRICS.aofLastLsn, commit.assignedLsn);
  out.value(METRICS.aofCommittedLsn, commit.committedLsn);
  const rewrite = persistence.rewriteStatus;
  out.value(METRICS.rewriteInProgress, rewrite.inProgress ? 1 : 0);
  out.value(METRICS.rewrites, rewrite.count);
  out.value(METRICS.rewriteLastSuccess, rewrite.lastStatus === 'ok' ? 1 : 0);
  out.value(METRICS.rewriteConsecutiveFailures, rewrite.consecutiveFailures);
  out.value(METRICS.rewriteLastSeconds, rewrite.lastDurationMs < 0 ? -1 : rewrite.lastDurationMs / 1000);
  out.value(METRICS.recoverySeconds, persistence.recoveryMs / 1000);
  out.value(METRICS.recoveryReadBytes, persistence.recovery.bytesRead);
  out.value(METRICS.recoveryTruncatedBytes, persistence.recovery.bytesTruncated);
  out.value(METRICS.recoveryEntries, persistence.recovery.entriesApplied);
  out.value(METRICS.recoveryCutLsn, persistence.recovery.cut);
}

export function renderMetrics(state: AdminState): string {
  const out = new PrometheusText(METRIC_DEFINITIONS);
  out.value(METRICS.buildInfo, 1, { version: state.version, redis_version: REDIS_COMPATIBLE_VERSION });
  out.value(METRICS.startTime, state.engine.startedAtMs / 1000);
  out.value(METRICS.ready, readiness(state).ready ? 1 : 0);
  collectCommands(out, state);
  collectClients(out, state);
  collectKeyspace(out, state);
  out.value(METRICS.aofEnabled, state.engine.config.boolean('appendonly') ? 1 : 0);
  if (state.persistence !== null) collectAof(out, state, state.persistence);
  return out.render();
}
