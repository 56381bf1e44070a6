/**
 * A whole Engine for unit tests: a manual clock, a seeded Random, and clients that speak real
 * RESP bytes through ClientConnection, so tests exercise parsing, dispatch and encoding as served.
 */
import { Config } from '../../src/config/config.js';
import type { UnitEffects } from '../../src/aof/effect.js';
import type { DurabilityPort } from '../../src/effects/durability-port.js';
import { Engine } from '../../src/engine/engine.js';
import type { LogLevel } from '../../src/engine/engine-options.js';
import type { HostInfo } from '../../src/commands/services.js';
import { seededRandom } from '../../src/io/random.js';
import { ReplyParser } from '../../src/resp/reply-parser.js';
import type { Reply } from '../../src/resp/reply.js';
import { ManualClock } from './manual-clock.js';

export const TEST_HOST: HostInfo = {
  version: '0.0.0-test',
  processId: 4242,
  runId: '0'.repeat(40),
  tcpPort: 6379,
  executable: '/usr/bin/ballast-server',
  configFile: '',
  os: 'Test 1.0 x86_64',
  memoryUsage: () => ({ usedBytes: 1_000_000, rssBytes: 2_000_000 }),
  cpuUsage: () => ({ systemUs: 1_500_000, userUs: 12_000_042, childrenSystemUs: 0, childrenUserUs: 7, mainThread: { systemUs: 1_000_000, userUs: 999_999 } }),
};

/** Encodes a request as a RESP multibulk; string arguments are taken as byte strings. */
export function encodeRequest(args: readonly (string | Uint8Array)[]): Uint8Array {
  const parts: number[] = [];
  const pushText = (text: string) => { for (let i = 0; i < text.length; i++) parts.push(text.charCodeAt(i) & 0xff); };
  pushText(`*${args.length}\r\n`);
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Uint8Array.from(arg, (c) => c.charCodeAt(0) & 0xff) : arg;
    pushText(`$${bytes.length}\r\n`);
    for (const byte of bytes) parts.push(byte);
    pushText('\r\n');
  }
  return Uint8Array.from(parts);
}

export class TestClient {
  closed = false;
  private readonly parser = new ReplyParser();
  private readonly received: Reply[] = [];
  readonly connection;

  constructor(engine: Engine, port: number) {
    this.connection = engine.connect({
      address: `127.0.0.1:${port}`,
      localAddress: '127.0.0.1:6379',
      write: (bytes) => {
        this.parser.feed(bytes);
        for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) this.received.push(reply);
      },
      close: () => void (this.closed = true),
      pendingOutputBytes: () => 0,
    });
  }

  /** Sends raw bytes. */
  send(bytes: Uint8Array): void {
    this.connection.receive(bytes);
  }

  /** Sends one command and returns its reply, or undefined if none came (a blocked client). */
  call(...args: (string | Uint8Array | number)[]): Reply | undefined {
    this.send(encodeRequest(args.map((arg) => (typeof arg === 'number' ? String(arg) : arg))));
    return this.received.shift();
  }

  /** Replies and pushes received and not yet taken. */
  take(): Reply[] {
    return this.received.splice(0);
  }
}

export interface TestEngineOptions {
  shards?: number;
  config?: Record<string, string>;
  seed?: number;
  /** A durability port for the engine (see durabilityPort); the test calls beginLogging. */
  durability?: DurabilityPort;
  /** The engine's clock (a fresh ManualClock by default). */
  clock?: ManualClock;
  /** Where the engine's log lines go (nowhere by default). */
  log?: (level: LogLevel, message: string) => void;
}

/** A durability port that hands each unit to `appendUnit` and otherwise does nothing. */
export function durabilityPort(appendUnit: (unit: UnitEffects) => number, requestSync: () => void = () => undefined): DurabilityPort {
  return { appendUnit, requestSync, endOfEvent: () => undefined, committedLsn: 0, infoLines: () => [], startRewrite: () => 'started' as const };
}

export function createTestEngine(options: TestEngineOptions = {}) {
  const clock = options.clock ?? new ManualClock();
  const config = new Config({ shards: String(options.shards ?? 1), ...options.config });
  const engine = new Engine({ config, clock, random: seededRandom(options.seed ?? 1), host: TEST_HOST, durability: options.durability, log: options.log });
  let port = 50000;
  return {
    engine,
    clock,
    client: () => new TestClient(engine, port++),
  };
}
