/**
 * Durable writes: how this connection's server can promise that a write is on disk on every
 * shard it touched, detected once per connection (a restarted server may be configured
 * differently, so a reconnect detects again):
 *
 * - `reply`: Ballast with `appendfsync always` releases a write's reply only once it is fsynced
 *   on every shard it touched (INFO server names `ballast_version`, INFO persistence reports
 *   `aof_fsync_mode:always`), so the reply itself is the promise.
 * - `waitaof`: elsewhere, with the AOF on and WAITAOF known to COMMAND INFO (Redis 7.2+, and
 *   Ballast in the other fsync modes), `WAITAOF 1 0 <timeout>` is sent right after the write;
 *   its first number (local fsyncs) must be at least 1.
 * - otherwise every durable write is refused with DurabilityError before it is sent, saying why.
 *
 * Changing `appendfsync` at runtime (CONFIG SET) is seen after the next reconnect.
 */
import type { Reply } from '@ballast/core';
import { DurabilityError } from './errors.js';
import type { Connection } from './connection.js';
import type { Argument } from './request-encoder.js';
import { text } from './decoders.js';

export type DurabilityMode = { readonly kind: 'reply' } | { readonly kind: 'waitaof' } | { readonly kind: 'none'; readonly reason: string };

type Send = (args: readonly Argument[]) => Promise<Reply>;

const detected = new WeakMap<Connection, { generation: number; mode: Promise<DurabilityMode> }>();

/** Reads one `field:value` line of an INFO reply. */
export function infoField(info: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match?.[1].trim();
}

export function classifyDurability(server: string, persistence: string, waitaofKnown: boolean): DurabilityMode {
  const ballast = infoField(server, 'ballast_version') !== undefined;
  const version = infoField(server, 'redis_version') ?? 'unknown';
  if (infoField(persistence, 'aof_enabled') !== '1') {
    return { kind: 'none', reason: 'the server cannot promise durability: appendonly is off (nothing is written to disk)' };
  }
  if (ballast && infoField(persistence, 'aof_fsync_mode') === 'always') return { kind: 'reply' };
  if (waitaofKnown) return { kind: 'waitaof' };
  return {
    kind: 'none',
    reason: `the server cannot promise durability: it has no WAITAOF (redis_version ${version}; Redis 7.2 or later is needed)`,
  };
}

/** The durability mode of the connection's current server, detected at most once per socket. */
export function durabilityMode(connection: Connection, send: Send): Promise<DurabilityMode> {
  const cached = detected.get(connection);
  if (cached !== undefined && cached.generation === connection.generation) return cached.mode;
  const generation = connection.generation;
  const mode = Promise.all([send(['INFO', 'server']), send(['INFO', 'persistence']), send(['COMMAND', 'INFO', 'WAITAOF'])])
    .then(([server, persistence, command]) => {
      const known = Array.isArray(command) && command.length > 0 && command[0] !== null;
      return classifyDurability(text(server), text(persistence), known);
    });
  detected.set(connection, { generation, mode });
  mode.catch(() => detected.delete(connection));
  return mode;
}

/** The WAITAOF command that confirms every write sent before it; `timeoutMs` 0 waits as long as it takes. */
export function waitaofCommand(timeoutMs: number | undefined): Argument[] {
  return ['WAITAOF', 1, 0, timeoutMs ?? 0];
}

/** Checks WAITAOF's reply `[local, replicas]`. */
export function checkWaitaof(reply: Reply): void {
  const local = Array.isArray(reply) ? reply[0] : undefined;
  if (typeof local !== 'number' || local < 1) {
    throw new DurabilityError('WAITAOF timed out: the write is applied but not confirmed on disk');
  }
}
