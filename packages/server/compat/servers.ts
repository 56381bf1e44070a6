/**
 * The two servers the suite runs against, each fresh for every unit so that one unit's leftovers
 * (keys in other databases, CONFIG SET, a crash) never change another's count:
 * - ballast-server from the working tree with its defaults — append-only log on, appendfsync
 *   everysec, one shard — in a temporary directory, so every write the suite makes also goes
 *   through the log;
 * - Debian's redis-server with `--save '' --appendonly no` in a temporary directory.
 * Both with `--enable-debug-command local`, so the suite's needs:debug tests can run DEBUG.
 * Both on free ports on 127.0.0.1.
 */
import { startBallast } from '../test/support/ballast-server.js';
import { startRedis } from '../test/support/redis-server.js';

export const SERVER_NAMES = ['redis', 'ballast'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** DEBUG for runtest's connections from 127.0.0.1 (both servers refuse it by default, as Redis 7.0 does). */
const DEBUG_FROM_LOOPBACK: readonly string[] = ['--enable-debug-command', 'local'];
/** Flags given to ballast-server besides `--port`, `--dir` and `--shards 1`. */
export const BALLAST_ARGUMENTS: readonly string[] = [...DEBUG_FROM_LOOPBACK];
/** Flags given to redis-server besides the port and the directory (see test/support/redis-server.ts). */
export const REDIS_ARGUMENTS: readonly string[] = ['--save', '', '--appendonly', 'no', ...DEBUG_FROM_LOOPBACK];

export interface CompatServer {
  readonly name: ServerName;
  readonly port: number;
  /** Stops the server; says how it had ended if it ended by itself during the unit, or that it had to be killed. */
  stop(): Promise<string | null>;
}

/** How long a server gets to exit after SIGTERM before it is killed. */
export const STOP_DEADLINE_MS = 10_000;

interface ServerProcess {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal: NodeJS.Signals): boolean;
}

function endedBy(child: ServerProcess): string | null {
  if (child.signalCode !== null) return `exited on ${child.signalCode}`;
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  return null;
}

/**
 * Stops a server through its helper (SIGTERM, then waiting for the exit). A server whose event
 * loop is stuck never handles SIGTERM, so past the deadline it is killed, and that is reported.
 */
async function stopWithin(child: ServerProcess, stop: () => Promise<void>): Promise<string | null> {
  const ended = endedBy(child);
  let killed = false;
  const deadline = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, STOP_DEADLINE_MS);
  await stop();
  clearTimeout(deadline);
  return ended ?? (killed ? `did not exit within ${STOP_DEADLINE_MS / 1000} s of SIGTERM (killed; busy or hung)` : null);
}

export async function startServer(name: ServerName): Promise<CompatServer> {
  if (name === 'ballast') {
    const ballast = await startBallast({ shards: 1, args: [...BALLAST_ARGUMENTS] });
    return { name, port: ballast.port, stop: () => stopWithin(ballast.process, () => ballast.stop()) };
  }
  // startRedis already passes --save '' and --appendonly no; REDIS_ARGUMENTS says so for the record.
  const redis = await startRedis([...DEBUG_FROM_LOOPBACK]);
  return { name, port: redis.port, stop: () => stopWithin(redis.process, () => redis.stop()) };
}
