/**
 * ballast-server's entry: parse the command line, open the log file, build the engine on real
 * time and real sockets, recover the AOF, serve until SIGTERM, SIGINT or SHUTDOWN, then flush and
 * fsync the AOF and close cleanly. Returns the exit code (the table is in
 * apps/docs/reference/exit-codes.md): 0 after a clean shutdown, 1 for a configuration or I/O
 * error at start, 2 when the AOF must not be loaded (corruption; see the runbook) or the port
 * cannot be bound. With `admin-port` set, the admin HTTP endpoint starts before recovery, so
 * /health answers and /ready says why it is not ready yet. The pid file is written before
 * recovery and removed at exit; a supervisor (systemd, upstart) hears of readiness only once
 * recovery has finished and the listeners are open.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  Config, DatasetReload, DumpLoadRefusal, Engine, ErrorReply, openDataDirectory, Persistence, RdbSnapshots, RecoveryRefusal, ReplicationNode, savePoints, seededRandom,
  type DumpLoadResult, type FileSystem, type LogLevel, type ShutdownSave,
} from '@ballast/core';
import { startAdminEndpoint } from './admin/admin-endpoint.js';
import type { AdminState } from './admin/admin-state.js';
import type { AdminHttpServer } from './admin/http-backend.js';
import { Observations } from './admin/observations.js';
import { TimedFileSystem } from './admin/timed-file-system.js';
import { helpText, parseCommandLine } from './cli.js';
import { ConfigFileWriter } from './config-file-writer.js';
import { errorReason } from './error-reason.js';
import { BALLAST_VERSION, createHostInfo } from './host-info.js';
import { LogFile } from './log-file.js';
import { createLogger, type Logger } from './logger.js';
import { NodeClock } from './node-clock.js';
import { NodeFileSystem } from './node-file-system.js';
import { setUpAcl } from './acl-setup.js';
import { PidFile } from './pid-file.js';
import { runReshard } from './reshard-command.js';
import { ProcessSignals } from './signals.js';
import { createSupervisor, type Supervisor } from './supervision.js';
import { TcpListener, type Listening } from './tcp-listener.js';
import { NodeNetwork } from './node-network.js';

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
  let logFile: LogFile | null = null;
  if (config.string('logfile') !== '') {
    const logPath = path.resolve(config.string('logfile'));
    try {
      logFile = LogFile.open(logPath);
    } catch (error) {
      process.stderr.write(`ballast-server: Can't open the log file '${logPath}': ${errorReason(error)}\n`);
      return 1;
    }
  }
  const log = createLogger(() => config.string('loglevel') as LogLevel, logFile === null ? undefined : (line) => logFile.write(line));
  try {
    return await serve({ config, configFile: request.configFile, users: request.users, log, logFile });
  } finally {
    logFile?.close();
  }
}

/** SIGHUP: reopens the log file, which logrotate has moved. */
function reopenLog(logFile: LogFile | null, log: Logger): void {
  if (logFile === null) {
    log('notice', 'Received SIGHUP: logging to standard output, no log file to reopen.');
    return;
  }
  const failure = logFile.reopen();
  if (failure === null) log('notice', 'Received SIGHUP, log file reopened.');
  else log('warning', `Received SIGHUP, but can't reopen the log file '${logFile.path}': ${failure}; still writing to the old one.`);
}

type Shutdown = (reason: string, save: ShutdownSave) => void;

/** The period of the timer that holds the process open during a shutdown (it does nothing). */
const SHUTDOWN_KEEP_ALIVE_MS = 60_000;

/** The server from the data directory on: the pid file and the supervisor's messages span recovery, serving and the shutdown. */
async function serve(options: { config: Config; configFile: string; users: readonly string[][]; log: Logger; logFile: LogFile | null }): Promise<number> {
  const { config, configFile, log } = options;
  let shutdown: Shutdown = () => undefined;
  const signals = new ProcessSignals(log, {
    stop: (reason, beforeServing) => shutdown(reason, beforeServing ? 'nosave' : 'default'),
    hangUp: () => reopenLog(options.logFile, log),
  });
  const dataDirectory = path.resolve(config.string('dir'));
  // CONFIG GET dir and CONFIG REWRITE show the absolute directory, as Redis (its working directory) does.
  config.set('dir', dataDirectory, { startup: true });
  try {
    mkdirSync(dataDirectory, { recursive: true });
  } catch (error) {
    process.stderr.write(`ballast-server: cannot create data directory '${dataDirectory}': ${(error as Error).message}\n`);
    signals.remove();
    return 1;
  }
  if (config.string('replicaof') !== '' && !config.boolean('appendonly')) {
    process.stderr.write("ballast-server: 'replicaof' needs appendonly yes: a Ballast replica writes what it receives to its own AOF\n");
    signals.remove();
    return 1;
  }
  if (config.integer('min-replicas-durable') > 0 && !config.boolean('appendonly')) {
    process.stderr.write("ballast-server: 'min-replicas-durable' needs appendonly yes: a write is acknowledged once fsynced here and on the replicas\n");
    signals.remove();
    return 1;
  }
  const seed = randomBytes(4).readUInt32LE(0);
  const host = createHostInfo({ tcpPort: config.integer('port') || config.integer('tls-port'), configFile: configFile === '' ? '' : path.resolve(configFile) });
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
  if (host.configFile !== '') engine.configFile = new ConfigFileWriter(host.configFile);
  log('notice', `Ballast ${BALLAST_VERSION} starting, pid=${process.pid}, shards=${engine.shardCount}, random seed=${seed}`);
  log('notice', configFile ? `Configuration loaded from ${configFile}` : 'No config file given, using defaults and flags');
  if (!(await setUpAcl({ engine, users: options.users, dataDirectory, log }))) {
    signals.remove();
    return 1;
  }
  const pidFile = config.string('pidfile') === '' ? null : PidFile.write(path.resolve(config.string('pidfile')), process.pid, log);
  const supervisor = createSupervisor(config.string('supervised'), log);
  supervisor.loading();
  try {
    return await run({
      config, log, dataDirectory, engine, persistence, observations, signals, supervisor, setShutdown: (next) => (shutdown = next),
    });
  } finally {
    signals.remove();
    pidFile?.remove();
    await supervisor.settled();
  }
}

/** Recovery, the listeners, then serving until the shutdown sequence settles with the exit code. */
async function run(parts: {
  config: Config; log: Logger; dataDirectory: string; engine: Engine; persistence: Persistence | null; observations: Observations | null;
  signals: ProcessSignals; supervisor: Supervisor; setShutdown: (shutdown: Shutdown) => void;
}): Promise<number> {
  const { config, log, dataDirectory, engine, persistence, observations, signals, supervisor } = parts;
  const adminPort = config.integer('admin-port');
  const listener = new TcpListener(engine, log);
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
  engine.reloader = new DatasetReload({ fs: new NodeFileSystem(), directory: dataDirectory, engine, persistence, log });
  const opened = await openData({ directory: dataDirectory, engine, persistence, log });
  if (typeof opened === 'number') {
    await admin?.close();
    return opened;
  }
  if (opened !== null) snapshots.lastLoad = { loaded: opened.keysLoaded, expired: opened.keysExpired };
  if (adminState !== null) adminState.persistence = persistence;
  let servedPort = 0;
  const replication = new ReplicationNode({
    engine, log, persistence, network: new NodeNetwork(), listeningPort: () => servedPort,
    historyFile: { fs: new NodeFileSystem(), clock: engine.clock, directory: dataDirectory },
  });
  engine.replication = replication;
  let stopped!: (code: number) => void;
  const done = new Promise<number>((resolve) => (stopped = resolve));
  parts.setShutdown(shutdownSequence({ engine, snapshots, replication, listener, persistence, admin, adminState, log, signals, supervisor, stopped }));
  if (signals.stopRequested) {
    // A SIGTERM or SIGINT arrived during loading: stop without serving.
    signals.serving();
    return done;
  }
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
  servedPort = listening.port;
  replication.start();
  const primary = config.string('replicaof');
  if (primary !== '') {
    const following = await replication.resume(primary.split(' ')[0], Number(primary.split(' ')[1]));
    if (following instanceof ErrorReply) log('warning', `replicaof ${primary}: ${following.message}`);
  }
  if (adminState !== null) adminState.phase = 'serving';
  log('notice', `Running mode=standalone, port=${listening.port}, data dir=${dataDirectory}`);
  for (const kind of listening.kinds) log('notice', `Ready to accept connections ${kind}`);
  supervisor.ready();
  signals.serving();
  return done;
}

/**
 * SHUTDOWN, or the first SIGTERM or SIGINT: stop accepting, save when asked to, flush and fsync
 * the AOF, then settle `stopped` with the exit code (0, or 1 when flushing the AOF failed).
 * Calls after the first are ignored; signals say so in the log.
 */
function shutdownSequence(parts: {
  engine: Engine; snapshots: RdbSnapshots; replication: ReplicationNode; listener: TcpListener; persistence: Persistence | null; admin: AdminHttpServer | null;
  adminState: AdminState | null; log: Logger; signals: ProcessSignals; supervisor: Supervisor; stopped: (code: number) => void;
}): Shutdown {
  const { engine, snapshots, replication, listener, persistence, admin, adminState, log, stopped } = parts;
  let closing = false;
  return (reason, save) => {
    if (closing) return;
    closing = true;
    parts.signals.stopping();
    parts.supervisor.stopping();
    if (adminState !== null) adminState.phase = 'stopping';
    log('warning', `${reason}: shutting down`);
    engine.stop();
    snapshots.stop();
    replication.stop();
    // Core's timers are unref'd (NodeClock), and a final save paced by rdb-key-save-delay waits on
    // one: with the listener closed nothing else would hold the process, and Node would exit (13)
    // in the middle of the save. The shutdown holds it open itself until it settles.
    const keepAlive = setInterval(() => undefined, SHUTDOWN_KEEP_ALIVE_MS);
    void listener.close()
      .then(() => saveOnShutdown(snapshots, engine, save, log))
      .then(() => persistence?.close())
      .then(() => replication.close())
      .then(() => admin?.close())
      .then(() => {
        if (persistence !== null && persistence.groupCommit.failure === null) log('notice', 'The AOF is flushed and fsynced.');
        else if (persistence !== null) log('warning', `The AOF had failed; what was committed (LSN ${persistence.committedLsn}) is on disk, the rest is not. A restart recovers the durable prefix.`);
        log('warning', 'Ballast is now ready to exit, bye bye...');
        stopped(0);
      }, (error: unknown) => {
        log('warning', `Error flushing the AOF at shutdown: ${(error as Error).message}`);
        stopped(1);
      })
      .finally(() => clearInterval(keepAlive));
  };
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
