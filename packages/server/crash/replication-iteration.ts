/**
 * One replication iteration (`--replicas N`): a ballast-server primary under `appendfsync always`
 * and `min-replicas-durable K` with N ballast-server replicas; the clients write to the primary,
 * which is SIGKILLed at a seeded moment. The replicas keep running: the one that processed the
 * most of the stream (every replica is asked, at least the N−K+1 the rule needs) is promoted with
 * REPLICAOF NO ONE and read back. Checks: everything acknowledged is on the promoted replica (the
 * cycle checks under `always`), and every replica holds a prefix of each client's history (the
 * cycle checks without the durability one).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClientModel } from './client-model.js';
import { checkCycle } from './cycle-check.js';
import { Draw } from './draw.js';
import type { IterationResult, IterationSettings } from './iteration.js';
import { runKillCycle } from './kill-cycle.js';
import { readBack } from './read-back.js';
import { RespConnection } from './resp-connection.js';
import { planRound } from './round-plan.js';
import { StartFailure, startServer, stopServer, type ServerProcess } from './server-process.js';
import { outputTail, type Violation } from './violation.js';

export interface ReplicationSettings extends IterationSettings {
  readonly replicas: number;
  readonly minReplicasDurable: number;
}

const CLIENTS_MIN = 3;
const CLIENTS_MAX = 6;
const ONLINE_TIMEOUT_MS = 30_000;
/** After the kill: time for the replicas to run what they already received. */
const SETTLE_MS = 200;

async function info(port: number, field: string): Promise<string | undefined> {
  const connection = await RespConnection.connect(port);
  try {
    const text = String(await connection.call('INFO', 'replication'));
    return new RegExp(`^${field}:(.*)$`, 'm').exec(text)?.[1]?.trim();
  } finally {
    connection.close();
  }
}

async function replicasOnline(port: number, count: number): Promise<void> {
  const deadline = performance.now() + ONLINE_TIMEOUT_MS;
  for (;;) {
    const connection = await RespConnection.connect(port);
    const text = String(await connection.call('INFO', 'replication'));
    connection.close();
    if ((text.match(/state=online/g) ?? []).length >= count) return;
    if (performance.now() > deadline) throw new Error(`replicas not online within ${ONLINE_TIMEOUT_MS} ms:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runReplicationIteration(settings: ReplicationSettings): Promise<IterationResult> {
  const draw = new Draw(settings.seed);
  const clients = Array.from({ length: draw.int(CLIENTS_MIN, CLIENTS_MAX) }, (_, client) => ({ client, draw: draw.fork(), live: ClientModel.empty(), firstIndex: 0 }));
  const directory = mkdtempSync(path.join(os.tmpdir(), 'crash-replication-'));
  const result: IterationResult = {
    directory, clients: clients.length, kills: 0, killsDuringRewrite: 0, rewritesRequested: 0, violations: [],
    counts: { operations: 0, acknowledged: 0, acknowledgedRecovered: 0, recentMissing: 0, unacknowledgedMissing: 0 },
  };
  const base = { target: 'ballast' as const, appendfsync: 'always' as const, shards: settings.shards };
  const servers: Array<{ name: string; server: ServerProcess }> = [];
  const keepLogs = () => servers.forEach(({ name, server }) => writeFileSync(path.join(directory, `${name}.log`), server.output()));
  try {
    const primary = await startServer({ ...base, directory: path.join(directory, 'primary'), extraArgs: ['--min-replicas-durable', String(settings.minReplicasDurable)] });
    servers.push({ name: 'primary', server: primary });
    for (let index = 0; index < settings.replicas; index++) {
      const replica = await startServer({ ...base, directory: path.join(directory, `replica-${index}`), extraArgs: ['--replicaof', `127.0.0.1 ${primary.port}`] });
      servers.push({ name: `replica-${index}`, server: replica });
    }
    await replicasOnline(primary.port, settings.replicas);
    const log = await runKillCycle(primary, clients, planRound(draw, 'always'));
    result.rewritesRequested += log.rewritesRequested;
    if (log.exitedEarly) {
      result.violations.push({ check: 'crash', message: `the primary exited on its own before the kill (code ${log.exitedEarly.code})`, details: outputTail(primary.output()) });
      return result;
    }
    result.kills = 1;
    if (log.rewriteInProgressAtKill) result.killsDuringRewrite++;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const replicas = servers.slice(1);
    const offsets = await Promise.all(replicas.map(({ server }) => info(server.port, 'slave_repl_offset').then(Number)));
    const chosen = offsets.indexOf(Math.max(...offsets));
    const promoted = replicas[chosen];
    const connection = await RespConnection.connect(promoted.server.port);
    await connection.call('REPLICAOF', 'NO', 'ONE');
    connection.close();
    const cycleClients = (position: number) => ({ ...clients[position], base: ClientModel.empty(), records: log.records[position] });
    for (const [index, { name, server }] of replicas.entries()) {
      const recovered = await readBack(server.port, clients.map(({ client }) => client));
      const verdict = checkCycle({ ...log, recovered, appendfsync: index === chosen ? 'always' : 'no', clients: clients.map((_, position) => cycleClients(position)) });
      if (index === chosen) {
        for (const name of Object.keys(result.counts) as Array<keyof typeof result.counts>) result.counts[name] += verdict.counts[name];
      }
      result.violations.push(...verdict.violations.map((violation): Violation => ({ ...violation, message: `${name}${index === chosen ? ' (promoted)' : ''}: ${violation.message}` })));
    }
  } catch (error) {
    if (!(error instanceof StartFailure)) throw error;
    result.violations.push({ check: 'start', message: error.message, details: outputTail(error.output) });
  } finally {
    for (const { name, server } of servers) {
      if (server.exit() !== undefined) continue;
      const exit = await stopServer(server);
      if (exit.code !== 0 && result.violations.length === 0) result.violations.push({ check: 'shutdown', message: `${name} exited with code ${exit.code} after SIGTERM`, details: outputTail(server.output()) });
    }
    keepLogs();
    if (result.violations.length === 0) rmSync(directory, { recursive: true, force: true });
  }
  return result;
}
