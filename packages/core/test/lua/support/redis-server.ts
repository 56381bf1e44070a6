/**
 * A real redis-server 7.0.15 (Debian's package at /usr/bin/redis-server) for the Lua runtime's
 * differential tests: started on a free port without persistence, spoken to over RESP with
 * replies kept as raw bytes so that tests compare bytes, not parsed shapes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ReplyParser } from '../../../src/resp/reply-parser.js';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedisServer = existsSync(REDIS_SERVER);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function encodeCommand(args: readonly string[]): Buffer {
  const parts = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const arg of args) {
    parts.push(Buffer.from(`$${arg.length}\r\n`, 'latin1'), Buffer.from(arg, 'latin1'), Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

/** One connection; `command` resolves with the reply's raw bytes as a latin1 string. */
export class RawConnection {
  private readonly socket: net.Socket;
  private parser = new ReplyParser();
  private pending: Buffer[] = [];
  private waiter: ((bytes: string) => void) | null = null;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.pending.push(chunk);
      this.parser.feed(chunk);
      if (this.parser.next() !== undefined && this.waiter !== null) {
        const raw = Buffer.concat(this.pending).toString('latin1');
        this.pending = [];
        this.parser = new ReplyParser();
        const waiter = this.waiter;
        this.waiter = null;
        waiter(raw);
      }
    });
  }

  command(...args: string[]): Promise<string> {
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface RunningRedis {
  readonly port: number;
  connect(): RawConnection;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-lua-redis-'));
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--save', '', '--appendonly', 'no',
    '--dir', directory, '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    port,
    connect: () => new RawConnection(port),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
