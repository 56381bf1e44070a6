/**
 * How CLIENT LIST / CLIENT INFO describe a client, in Redis 7.0's line format, and the client
 * types that CLIENT LIST TYPE and CLIENT KILL TYPE filter on.
 *
 * Ballast knows no file descriptors (the host owns sockets): `fd` is -1, as Redis shows for
 * clients without a socket. Buffer fields report the bytes Ballast tracks: unparsed input
 * (qbuf) and pending output (omem); Redis's allocator-level fields (qbuf-free, rbs, rbp) are 0.
 */
import type { ClientState } from '../services.js';

/** Redis's client types; Ballast is never a replica, so `master` does not occur yet. */
export type ClientType = 'normal' | 'replica' | 'pubsub' | 'master';

const TYPE_NAMES: ReadonlyMap<string, ClientType> = new Map([
  ['normal', 'normal'],
  ['slave', 'replica'],
  ['replica', 'replica'],
  ['pubsub', 'pubsub'],
  ['master', 'master'],
]);

/** The type a TYPE argument names (case-insensitive), or undefined if none. */
export function clientTypeByName(name: string): ClientType | undefined {
  return TYPE_NAMES.get(name.toLowerCase());
}

/** A replica's link is a replica; a client with a subscription is a pubsub client, in RESP2 and RESP3 alike. */
export function clientType(client: ClientState): ClientType {
  if (client.replica) return 'replica';
  return client.channelCount > 0 || client.patternCount > 0 || client.shardChannelCount > 0 ? 'pubsub' : 'normal';
}

function flagsOf(client: ClientState): string {
  let flags = '';
  if (client.monitoring) flags += 'O';
  if (client.replica) flags += 'S';
  if (client.fromPrimary) flags += 'M';
  if (clientType(client) === 'pubsub') flags += 'P';
  if (client.inMulti) flags += 'x';
  if (client.blocked) flags += 'b';
  if (client.tracking.on) flags += 't';
  if (client.tracking.brokenRedirect) flags += 'R';
  if (client.tracking.bcast) flags += 'B';
  if (client.unixSocket) flags += 'U';
  return flags === '' ? 'N' : flags;
}

/** Whole seconds between two wall times, as Redis subtracts its second-resolution clock. */
function secondsBetween(earlierMs: number, laterMs: number): number {
  return Math.floor(laterMs / 1000) - Math.floor(earlierMs / 1000);
}

/**
 * One CLIENT LIST line (without the trailing newline). `argumentBytes` is the size of the
 * command the client is running now (argv-mem): only the caller runs one. `command`: the
 * command it is running, when that is not yet its last (ACL LOG names a refused one).
 */
export function clientInfoLine(client: ClientState, nowMs: number, argumentBytes: number, command = client.lastCommand): string {
  const queryBytes = client.queryBufferBytes;
  const outputBytes = client.outputBufferBytes;
  return [
    `id=${client.id}`,
    `addr=${client.address}`,
    `laddr=${client.localAddress}`,
    'fd=-1',
    `name=${client.name ?? ''}`,
    `age=${secondsBetween(client.connectedAtMs, nowMs)}`,
    `idle=${secondsBetween(client.lastInteractionMs, nowMs)}`,
    `flags=${flagsOf(client)}`,
    `db=${client.databaseIndex}`,
    `sub=${client.channelCount}`,
    `psub=${client.patternCount}`,
    `ssub=${client.shardChannelCount}`,
    `multi=${client.inMulti ? 0 : -1}`,
    `qbuf=${queryBytes}`,
    'qbuf-free=0',
    `argv-mem=${argumentBytes}`,
    'multi-mem=0',
    'rbs=0',
    'rbp=0',
    'obl=0',
    'oll=0',
    `omem=${outputBytes}`,
    `tot-mem=${queryBytes + outputBytes + argumentBytes}`,
    `events=${outputBytes > 0 ? 'rw' : 'r'}`,
    `cmd=${command}`,
    `user=${client.user.name}`,
    `redir=${client.tracking.on ? client.tracking.redirect : -1}`,
    `resp=${client.protocol}`,
  ].join(' ');
}
