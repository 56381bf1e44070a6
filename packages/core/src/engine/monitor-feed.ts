/**
 * MonitorFeed: the MONITOR clients and what they are sent, as Redis 7.0's
 * replicationFeedMonitors writes it — `+<seconds>.<microseconds> [<db> <client>] "arg" "arg"…`,
 * the client being its `ip:port`, `unix:<unixsocket>` or `lua` (a script's redis.call), each
 * argument quoted and escaped as sdscatrepr does, passwords redacted as in the slow log (AUTH,
 * HELLO … AUTH).
 *
 * Which commands are fed is Redis's rule: every command that runs (inside EXEC and scripts too),
 * after it ran and with the database it left the client in, except admin commands and the
 * skip_monitor ones (EVAL, EVALSHA, FCALL and their _RO forms), which are fed as they start, so
 * that a script's commands follow it. Refused, queued and postponed commands are not fed.
 *
 * Lines wait here until the running top-level command's reply is written, then go to every
 * monitor with that reply's wait: under appendfsync always a monitor learns of a command only
 * once what it wrote and read is committed, as its own client does.
 */
import type { CommandSpec } from '../commands/types.js';
import { redactedArguments } from '../commands/server/slowlog.js';
import { cpuSeconds } from '../commands/server/format.js';
import type { ByteString } from '../resp/byte-string.js';
import { SimpleString } from '../resp/reply.js';

/** Where a monitored command came from. */
export interface MonitoredClient {
  readonly fromScript: boolean;
  readonly unixSocket: boolean;
  readonly address: string;
}

/** A client in MONITOR mode. */
export interface Monitor {
  readonly closed: boolean;
}

/** sdscatrepr: the bytes in double quotes, escaping what is not printable ASCII. */
export function quotedArgument(argument: ByteString): string {
  let quoted = '"';
  for (let index = 0; index < argument.length; index++) {
    const code = argument.charCodeAt(index);
    switch (code) {
      case 0x5c: quoted += '\\\\'; break;
      case 0x22: quoted += '\\"'; break;
      case 0x0a: quoted += '\\n'; break;
      case 0x0d: quoted += '\\r'; break;
      case 0x09: quoted += '\\t'; break;
      case 0x07: quoted += '\\a'; break;
      case 0x08: quoted += '\\b'; break;
      default:
        quoted += code >= 0x20 && code <= 0x7e ? argument[index] : `\\x${code.toString(16).padStart(2, '0')}`;
    }
  }
  return `${quoted}"`;
}

/** One MONITOR line (without `+` and CRLF, which the status reply adds). */
export function monitorLine(nowMs: number, database: number, origin: string, fullName: string, args: readonly ByteString[]): string {
  const quoted = redactedArguments(fullName, args).map(quotedArgument).join(' ');
  return `${cpuSeconds(nowMs * 1000)} [${database} ${origin}] ${quoted}`;
}

export class MonitorFeed<M extends Monitor> {
  private readonly monitors: M[] = [];
  private readonly pending: SimpleString[] = [];

  /** True while some client monitors: only then is anything formatted. */
  get active(): boolean {
    return this.monitors.length > 0;
  }

  /** Lines wait for delivery. */
  get hasLines(): boolean {
    return this.pending.length > 0;
  }

  add(monitor: M): void {
    this.monitors.push(monitor);
  }

  remove(monitor: M): void {
    const position = this.monitors.indexOf(monitor);
    if (position !== -1) this.monitors.splice(position, 1);
  }

  /** Whether a command is fed before it runs (skip_monitor), after (most), or never (admin). */
  static when(spec: CommandSpec): 'before' | 'after' | 'never' {
    if (spec.flags.includes('skip_monitor')) return 'before';
    return spec.flags.includes('admin') ? 'never' : 'after';
  }

  /** Notes that `client` ran (or starts) `args` in `database`; `unixSocketPath`: the server's unixsocket. */
  feed(client: MonitoredClient, database: number, fullName: string, args: readonly ByteString[], nowMs: number, unixSocketPath: string): void {
    const origin = client.fromScript ? 'lua' : client.unixSocket ? `unix:${unixSocketPath}` : client.address;
    this.pending.push(new SimpleString(monitorLine(nowMs, database, origin, fullName, args)));
  }

  /** Sends the lines fed since the last delivery to every open monitor, in order. */
  deliver(send: (monitor: M, line: SimpleString) => void): void {
    if (this.pending.length === 0) return;
    for (const line of this.pending) {
      for (const monitor of this.monitors) if (!monitor.closed) send(monitor, line);
    }
    this.pending.length = 0;
  }
}
