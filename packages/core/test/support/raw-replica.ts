/**
 * A replica's end of a link to a primary engine, speaking raw bytes: everything the primary sent
 * is kept as text (latin1 keeps an RDB byte for byte); and settle(), which lets the engine's
 * timers and promises run on a ManualClock.
 */
import type { Engine } from '../../src/engine/engine.js';
import type { ManualClock } from './manual-clock.js';
import { encodeRequest } from './test-engine.js';

export class RawReplica {
  received = '';
  closed = false;
  readonly connection;

  constructor(engine: Engine, port: number) {
    this.connection = engine.connect({
      address: `127.0.0.1:${port}`, localAddress: '127.0.0.1:6379', pendingOutputBytes: () => 0,
      write: (bytes) => void (this.received += Buffer.from(bytes).toString('latin1')),
      close: () => void (this.closed = true),
    });
  }

  send(...args: string[]): void {
    this.connection.receive(encodeRequest(args));
  }

  take(): string {
    const taken = this.received;
    this.received = '';
    return taken;
  }
}

export async function settle(clock: ManualClock): Promise<void> {
  for (let i = 0; i < 50; i++) {
    clock.advanceMs(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
