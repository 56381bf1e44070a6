/**
 * ballast-server's entry: parse the command line, build the engine on real time and real
 * sockets, recover the AOF, serve until SIGTERM, SIGINT or SHUTDOWN, then flush and fsync the
 * AOF and close cleanly. Returns the exit code: 0 after a clean shutdown, 1 for a configuration
 * or I/O error at start, 2 when the AOF must not be loaded (corruption; see the runbook) or the
 * port cannot be bound. With `admin-port` set, the admin HTTP endpoint starts before recovery, so
 * /health answers and /ready says why it is not ready yet.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  Config, DumpLoadRefusal, Engine, openDataDirectory, Persistence, RdbSnapshots, RecoveryRefusal, savePoints, seededRandom,
  type DumpLoadResult, type FileSystem, type LogLevel, type ShutdownSave,
} from '@ballast/core';
import { startAdminEndpoint } from './admin/admin-endpoint.js';
import type { AdminState } from './admin/admin-state.js';
import type { AdminHttpServer } from './admin/http-backend.js';
import { Observations } from './admin/observations.js';
import { TimedFileSystem } from './admin/timed-file-system.js';
import { helpText, parseCommandLine } from './cli.js';
import { BALLAST_VERSION, createHostInfo } from './host-info.js';
import { createLogger } from './logger.js';
import { NodeClock } from './node-clock.js';
import { NodeFileSystem } from './node-file-system.js';
import { runReshard } from './reshard-command.js';
import { TcpListener, type Listening } from './tcp-listener.js';

export async function main(argv: readonly string[]): Promise<number> {
  const request = parseCommandLine(argv);
  if (request.kind === 'help') {
    process.stdout.write(helpText(BALLAST_VERSION));
    return 0;
  }
  if (request.kind === 'version') {
    process.stdout.write(`ballast-server ${BALLAST_VERSION}\n`);
    return 0;
  }
  if (request.kind === 'error') {
    process.stderr.write(`ballast-server: ${request.message}\n`);
    return 1;
  }
  if (request.kind === 'reshard') return runReshard(request.overrides);
  const config = new Config(request.overrides);
  const log = createLogger(() => config.string('loglevel') as LogLevel);
  const dataDirectory = path.resolve(config.string('dir'));
  try {
    mkdirSync(dataDirectory, { recursive: true });
  } catch (error) {
    process.stderr.write(`ballast-server: cannot create data directory '${dataDirectory}': ${(error as Error).message}\n`);
    return 1;
  }
  const seed = randomBytes(4).readUInt32LE(0);
  let stopped!: (code: number) => void;
  const done = new Promise<number>((resolve) => (stopped = resolve));
  const host = createHostInfo({ tcpPort: config.integer('port'), configFile: request.configFile });
  let shutdown: (reason: string, save: ShutdownSave) => void = () => undefined;
  const adminPort = config.integer('admin-port');
  const observations = adminPort > 0 ? new Observations() : null;
  const persistence = createPersistence({ config, dataDirectory, observations, log });
  const engine = new Engine({
    config, clock: new NodeClock(), random: seededRandom(seed), host, log,
    onShutdown: (save) => setImmediate(() => shutdown('SHUTDOWN command', save)),
    scheduleFlush: (flush) => setImmediate(flush),
    observeCommand: observations?.observeCommand,
    durability: persistence ?? undefined,
  });
  const listener = new TcpListener(engine, log);
  log('notice', `Ballast ${BALLAST_VERSION} starting, pid=${process.pid}, shards=${engine.shardCount}, random seed=${seed}`);
  log('notice', request.configFile ? `Configuration loaded from ${request.configFile}` : 'No config file given, using defaults and flags');
  const adminState: AdminState | null = observations === null ? null
    : { engine, observations, version: BALLAST_VERSION, phase: 'recovering', persistence: null };
  let admin: AdminHttpServer | null = null;
  if (adminState !== null) {
    try {
      admin = await startAdminEndpoint({ state: adminState, port: adminPort, log });
    } catch (error) {
      log('warning', `Failed listening on admin port ${adminPort}: ${(error as Error).message}`);
      return 2;
    }
  }
  const snapshots = new RdbSnapshots({
    fs: new NodeFileSystem(), directory: dataDirectory, engine, log, rewriteInProgress: () => persistence?.rewriteStatus.inProgress ?? false,
  });
  engine.snapshots = snapshots;
  const opened = await openData({ directory: dataDirectory, engine, persistence, log });
  if (typeof opened === 'number') {
    await admin?.close();
    return opened;
  }
  if (opened !== null) snapshots.lastLoad = { loaded: opened.keysLoaded, expired: opened.keysExpired };
  if (adminState !== null) adminState.persistence = persistence;
  let listening: Listening;
  try {
    listening = await listener.listenAll(config);
  } catch (error) {
    log('warning', (error as Error).message);
    await admin?.close();
    return 2;
  }
  engine.start();
  snapshots.start();
  if (adminState !== null) adminState.phase = 'serving';
  log('notice', `Running mode=standalone, port=${listening.port}, data dir=${dataDirectory}`);
  for (const kind of listening.kinds) log('notice', `Ready to accept connections ${kind}`);
  let closing = false;
  shutdown = (reason, save) => {
    if (closing) return;
    closing = true;
    if (adminState !== null) adminState.phase = 'stopping';
    log('warning', `${reason}: shutting down`);
    engine.stop();
    snapshots.stop();
    void listener.close()
      .then(() => saveOnShutdown(snapshots, engine, save, log))
      .then(() => persistence?.close())
      .then(() => admin?.close())
      .then(() => {
        if (persistence !== null && persistence.groupCommit.failure === null) log('notice', 'The AOF is flushed and fsynced.');
        else if (persistence !== null) log('warning', `The AOF had failed; what was committed (LSN ${persistence.committedLsn}) is on disk, the rest is not. A restart recovers the durable prefix.`);
        log('warning', 'Ballast is now ready to exit, bye bye...');
        stopped(0);
      }, (error: unknown) => {
        log('warning', `Error flushing the AOF at shutdown: ${(error as Error).message}`);
        stopped(1);
      });
  };
  process.on('SIGTERM', () => shutdown('Received SIGTERM', 'default'));
  process.on('SIGINT', () => shutdown('Received SIGINT', 'default'));
  return done;
}

/**
 * The AOF of `<dir>/<appenddirname>` with appendonly yes (null with no), not yet opened: the
 * engine is built with it as its durability port. With the admin endpoint on, the file system
 * is timed for the sync latency metrics.
 */
function createPersistence(options: {
  config: Config; dataDirectory: string; observations: Observations | null; log: (level: LogLevel, message: string) => void;
}): Persistence | null {
  const { config, observations, log } = options;
  if (!config.boolean('appendonly')) return null;
  const directory = path.join(options.dataDirectory, config.string('appenddirname'));
  const fs: FileSystem = observations === null ? new NodeFileSystem() : new TimedFileSystem(new NodeFileSystem(), observations.observeSync);
  return new Persistence({ fs, directory, repair: config.boolean('aof-repair'), log });
}

/**
 * Loads the dataset (the AOF, or the RDB dump: see openDataDirectory); the dump's load result,
 * null when none was loaded, or the exit code when the server must not start: 2 for a refusal
 * (corruption), 1 for an I/O error.
 */
async function openData(options: {
  directory: string; engine: Engine; persistence: Persistence | null; log: (level: LogLevel, message: string) => void;
}): Promise<DumpLoadResult | null | number> {
  const { persistence, log } = options;
  try {
    return await openDataDirectory({ fs: new NodeFileSystem(), ...options });
  } catch (error) {
    if (error instanceof RecoveryRefusal || error instanceof DumpLoadRefusal) {
      log('warning', error.message);
      return 2;
    }
    log('warning', `Cannot load the data in ${persistence?.directory ?? options.directory}: ${(error as Error).message}`);
    return 1;
  }
}

/** Redis's shutdown save: with SHUTDOWN SAVE, or by default when save points are set; waits for a running BGSAVE first. */
async function saveOnShutdown(snapshots: RdbSnapshots, engine: Engine, save: ShutdownSave, log: (level: LogLevel, message: string) => void): Promise<void> {
  await snapshots.idle();
  if (save === 'nosave' || (save === 'default' && savePoints(engine.config.string('save')).length === 0)) return;
  log('notice', 'Saving the final RDB snapshot before exiting.');
  const failure = await snapshots.save();
  if (failure !== null) log('warning', 'Error trying to save the DB before exiting; the AOF (when on) still holds every committed write.');
}
