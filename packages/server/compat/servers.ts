/**
 * The two servers the suite runs against, each fresh for every unit so that one unit's leftovers
 * (keys in other databases, CONFIG SET, a crash) never change another's count:
 * - ballast-server from the working tree with its defaults — append-only log on, appendfsync
 *   everysec, one shard — in a temporary directory, so every write the suite makes also goes
 *   through the log;
 * - Debian's redis-server with `--save '' --appendonly no` in a temporary directory.
 * Both on free ports on 127.0.0.1.
 */
import { startBallast } from '../test/support/ballast-server.js';
import { startRedis } from '../test/support/redis-server.js';

export const SERVER_NAMES = ['redis', 'ballast'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Flags given to ballast-server besides `--port`, `--dir` and `--shards 1`. */
export const BALLAST_ARGUMENTS: readonly string[] = [];
/** Flags given to redis-server besides the port and the directory (see test/support/redis-server.ts). */
export const REDIS_ARGUMENTS: readonly string[] = ['--save', '', '--appendonly', 'no'];

export interface CompatServer {
  readonly name: ServerName;
  readonly port: number;
  /** Stops the server; says how it had ended if it ended by itself during the unit. */
  stop(): Promise<string | null>;
}

function endedBy(child: { exitCode: number | null; signalCode: NodeJS.Signals | null }): string | null {
  if (child.signalCode !== null) return `exited on ${child.signalCode}`;
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  return null;
}

export async function startServer(name: ServerName): Promise<CompatServer> {
  if (name === 'ballast') {
    const ballast = await startBallast({ shards: 1, args: [...BALLAST_ARGUMENTS] });
    return {
      name, port: ballast.port,
      async stop() {
        const ended = endedBy(ballast.process);
        await ballast.stop();
        return ended;
      },
    };
  }
  // startRedis already passes --save '' and --appendonly no; REDIS_ARGUMENTS says so for the record.
  const redis = await startRedis();
  return {
    name, port: redis.port,
    async stop() {
      const ended = endedBy(redis.process);
      await redis.stop();
      return ended;
    },
  };
}
