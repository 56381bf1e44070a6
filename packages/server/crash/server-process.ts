/**
 * Starts the server under test — the real ballast-server binary or a real redis-server — on a
 * fresh free port over a data directory that outlives it, and waits until it answers PING
 * (not merely until it listens: a server still loading its log answers -LOADING). Output is
 * kept so that a server that fails to come back can be reported with what it said.
 */
import { spawn } from 'node:child_process';
import { SimpleString, type FsyncMode } from '@ballast/core';
import { BALLAST_BINARY, freePort } from '../test/support/ballast-server.js';
import { REDIS_SERVER } from '../test/support/redis-server.js';
import { RespConnection } from './resp-connection.js';

export type Target = 'ballast' | 'redis';

export interface ServerSpec {
  readonly target: Target;
  readonly appendfsync: FsyncMode;
  /** Ballast only: redis-server has one keyspace. */
  readonly shards: number;
  readonly directory: string;
  /** More command-line options (ballast: replication's). */
  readonly extraArgs?: readonly string[];
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Undefined while the process runs. */
  exit(): Exit | undefined;
  readonly exited: Promise<Exit>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const PING_RETRY_MS = 25;

function serverArguments(spec: ServerSpec, port: number): string[] {
  const common = ['--port', String(port), '--dir', spec.directory, '--appendonly', 'yes', '--appendfsync', spec.appendfsync];
  return spec.target === 'ballast'
    ? [...common, '--shards', String(spec.shards), ...(spec.extraArgs ?? [])]
    : [...common, '--save', '', '--bind', '127.0.0.1', ...(spec.extraArgs ?? [])];
}

/** Thrown when the server exits or stays silent instead of answering PING. */
export class StartFailure extends Error {
  constructor(message: string, readonly exitStatus: Exit | undefined, readonly output: string) {
    super(message);
  }
}

async function answersPing(port: number): Promise<boolean> {
  const connection = await RespConnection.connect(port).catch(() => undefined);
  if (connection === undefined) return false;
  try {
    const reply = await connection.call('PING');
    return reply instanceof SimpleString && reply.value === 'PONG';
  } catch {
    return false;
  } finally {
    connection.close();
  }
}

export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const port = await freePort();
  const executable = spec.target === 'ballast' ? BALLAST_BINARY : REDIS_SERVER;
  const child = spawn(executable, serverArguments(spec, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exitStatus: Exit | undefined;
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve((exitStatus = { code, signal }))));
  const server: ServerProcess = { port, pid: child.pid ?? -1, output: () => output, exit: () => exitStatus, exited };
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (exitStatus === undefined && performance.now() < deadline) {
    if (await answersPing(port)) return server;
    await new Promise((resolve) => setTimeout(resolve, PING_RETRY_MS));
  }
  if (exitStatus === undefined) child.kill('SIGKILL');
  throw new StartFailure(exitStatus === undefined
    ? `${spec.target} did not answer PING within ${START_TIMEOUT_MS} ms`
    : `${spec.target} exited with code ${exitStatus.code}${exitStatus.signal ? ` (${exitStatus.signal})` : ''} before answering PING`,
  exitStatus, output);
}

/** Ends the process with SIGKILL, as a crash would, and waits until it is gone. */
export async function killServer(server: ServerProcess): Promise<Exit> {
  process.kill(server.pid, 'SIGKILL');
  return server.exited;
}

/**
 * Asks for a clean shutdown (SIGTERM) and returns how the process ended; a server still running
 * after STOP_TIMEOUT_MS is SIGKILLed, which the exit status then shows.
 */
export async function stopServer(server: ServerProcess): Promise<Exit> {
  if (server.exit() === undefined) process.kill(server.pid, 'SIGTERM');
  const timer = setTimeout(() => server.exit() === undefined && process.kill(server.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
  const exit = await server.exited;
  clearTimeout(timer);
  return exit;
}
