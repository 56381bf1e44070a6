/**
 * One iteration: a fresh data directory and server, then one to three kill cycles on it — write,
 * SIGKILL, restart on the same directory, read back, check — and a clean shutdown at the end.
 * Each cycle starts from the state the previous recovery left, so recovery is also tested on
 * top of an earlier recovery (a truncated tail, resumed LSNs). The directory, with every server
 * life's output as server-<n>.log, is kept when a check fails and removed otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FsyncMode } from '@ballast/core';
import { ClientModel } from './client-model.js';
import { checkCycle, type CycleCounts } from './cycle-check.js';
import { Draw } from './draw.js';
import { runKillCycle } from './kill-cycle.js';
import { readBack } from './read-back.js';
import { ConnectionError } from './resp-connection.js';
import { planRound } from './round-plan.js';
import { StartFailure, startServer, stopServer, type ServerProcess, type ServerSpec, type Target } from './server-process.js';
import { outputTail, type Violation } from './violation.js';

export interface IterationSettings {
  readonly target: Target;
  readonly appendfsync: FsyncMode;
  readonly shards: number;
  readonly seed: number;
  /**
   * Called between each kill and the restart. For the harness's own tests: damaging the data
   * directory here must make a check fail, which proves the checks can see a loss.
   */
  readonly afterKill?: (directory: string) => void;
}

export interface IterationResult {
  readonly directory: string;
  readonly clients: number;
  kills: number;
  killsDuringRewrite: number;
  rewritesRequested: number;
  readonly counts: CycleCounts;
  readonly violations: Violation[];
}

const CLIENTS_MIN = 3;
const CLIENTS_MAX = 8;
const KILLS_MIN = 1;
const KILLS_MAX = 3;

interface ClientState {
  readonly client: number;
  readonly draw: Draw;
  base: ClientModel;
  firstIndex: number;
}

function addCounts(total: CycleCounts, more: CycleCounts): void {
  for (const name of Object.keys(total) as Array<keyof CycleCounts>) total[name] += more[name];
}

export async function runIteration(settings: IterationSettings): Promise<IterationResult> {
  const draw = new Draw(settings.seed);
  const clients: ClientState[] = Array.from({ length: draw.int(CLIENTS_MIN, CLIENTS_MAX) }, (_, client) => ({ client, draw: draw.fork(), base: ClientModel.empty(), firstIndex: 0 }));
  const directory = mkdtempSync(path.join(os.tmpdir(), `crash-${settings.target}-`));
  const spec: ServerSpec = { ...settings, directory };
  const result: IterationResult = {
    directory, clients: clients.length, kills: 0, killsDuringRewrite: 0, rewritesRequested: 0, violations: [],
    counts: { operations: 0, acknowledged: 0, acknowledgedRecovered: 0, recentMissing: 0, unacknowledgedMissing: 0 },
  };
  let lives = 0;
  const keepLog = (output: string) => writeFileSync(path.join(directory, `server-${lives++}.log`), output);
  let server: ServerProcess | undefined;
  const kills = draw.int(KILLS_MIN, KILLS_MAX);
  try {
    server = await startServer(spec);
    while (result.kills < kills && result.violations.length === 0) {
      const cycleClients = clients.map(({ client, draw: clientDraw, base, firstIndex }) => ({ client, draw: clientDraw, live: base.clone(), firstIndex }));
      const log = await runKillCycle(server, cycleClients, planRound(draw, settings.appendfsync));
      keepLog(server.output());
      if (log.exitedEarly) {
        result.violations.push({ check: 'crash', message: `${settings.target} exited on its own (code ${log.exitedEarly.code}, signal ${log.exitedEarly.signal}) before the kill`, details: outputTail(server.output()) });
        break;
      }
      result.kills++;
      result.rewritesRequested += log.rewritesRequested;
      if (log.rewriteInProgressAtKill) result.killsDuringRewrite++;
      settings.afterKill?.(directory);
      server = await startServer(spec);
      const recovered = await readBack(server.port, clients.map(({ client }) => client));
      const verdict = checkCycle({ ...log, recovered, appendfsync: settings.appendfsync, clients: clients.map((state, position) => ({ ...state, records: log.records[position] })) });
      addCounts(result.counts, verdict.counts);
      result.violations.push(...verdict.violations);
      clients.forEach((state, position) => {
        state.base = verdict.models[position];
        state.firstIndex += log.records[position].length;
      });
    }
  } catch (error) {
    if (error instanceof StartFailure) {
      keepLog(error.output);
      result.violations.push({ check: result.kills === 0 ? 'start' : 'restart', message: error.message, details: outputTail(error.output) });
    } else if (error instanceof ConnectionError) {
      result.violations.push({ check: 'unresponsive', message: `${settings.target}: ${error.message}`, details: server ? outputTail(server.output()) : [] });
    } else {
      throw error;
    }
  } finally {
    if (server !== undefined && server.exit() === undefined) {
      const exit = await stopServer(server);
      keepLog(server.output());
      if (exit.code !== 0 && result.violations.length === 0) {
        result.violations.push({ check: 'shutdown', message: `${settings.target} exited with code ${exit.code} (signal ${exit.signal}) after SIGTERM`, details: outputTail(server.output()) });
      }
    }
    if (result.violations.length === 0) rmSync(directory, { recursive: true, force: true });
  }
  return result;
}
