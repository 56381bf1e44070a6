/**
 * One kill cycle on a running server: the clients write, an admin connection asks for
 * BGREWRITEAOF on the plan's timetable (an error reply, e.g. a rewrite already running, is
 * fine), and at the planned moment the server is SIGKILLed. Returns every client's records and
 * what is known about the moment of the kill.
 */
import type { Reply } from '@ballast/core';
import { runClientLoop, type OperationRecord } from './client-loop.js';
import type { ClientModel } from './client-model.js';
import type { Draw } from './draw.js';
import { RespConnection } from './resp-connection.js';
import type { RoundPlan } from './round-plan.js';
import { killServer, type Exit, type ServerProcess } from './server-process.js';

export interface CycleClient {
  readonly client: number;
  readonly draw: Draw;
  /** The client's keys after every operation it issued; the cycle advances it. */
  readonly live: ClientModel;
  readonly firstIndex: number;
}

export interface CycleLog {
  /** performance.now() when the clients started; message times are relative to it. */
  readonly startMs: number;
  /** performance.now() just before the SIGKILL. */
  readonly killMs: number;
  readonly records: ReadonlyArray<readonly OperationRecord[]>;
  readonly rewritesRequested: number;
  /** From INFO persistence just before the kill; undefined if INFO did not answer. */
  readonly rewriteInProgressAtKill: boolean | undefined;
  /** Set when the server had already exited on its own before the kill. */
  readonly exitedEarly: Exit | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function rewriteInProgress(info: Reply): boolean | undefined {
  const match = typeof info === 'string' ? /^aof_rewrite_in_progress:(\d)/m.exec(info) : null;
  return match ? match[1] === '1' : undefined;
}

async function requestRewrites(admin: RespConnection, plan: RoundPlan, startMs: number, stopped: () => boolean): Promise<number> {
  let requested = 0;
  for (const atMs of plan.rewriteAtMs) {
    await sleep(startMs + atMs - performance.now());
    if (stopped()) break;
    requested++;
    try {
      await admin.call('BGREWRITEAOF');
    } catch {
      break;
    }
  }
  return requested;
}

export async function runKillCycle(server: ServerProcess, clients: readonly CycleClient[], plan: RoundPlan): Promise<CycleLog> {
  const connections = await Promise.all(clients.map(() => RespConnection.connect(server.port)));
  const [admin, probe] = await Promise.all([RespConnection.connect(server.port), RespConnection.connect(server.port)]);
  let killed = false;
  const stopped = () => killed;
  const startMs = performance.now();
  const loops = clients.map((client, position) => runClientLoop({ ...client, connection: connections[position], stopped }));
  const rewrites = requestRewrites(admin, plan, startMs, stopped);
  await sleep(startMs + plan.killAtMs - performance.now());
  const info = await probe.call('INFO', 'persistence').catch(() => null);
  const exitedEarly = server.exit();
  killed = true;
  const killMs = performance.now();
  if (exitedEarly === undefined) await killServer(server);
  const records = await Promise.all(loops);
  const rewritesRequested = await rewrites;
  for (const connection of [...connections, admin, probe]) connection.close();
  return { startMs, killMs, records, rewritesRequested, rewriteInProgressAtKill: rewriteInProgress(info), exitedEarly };
}
