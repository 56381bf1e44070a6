/**
 * The unix socket of `unixsocket` / `unixsocketperm`. A socket file left by a run that crashed
 * is replaced; unlike Redis, which unlinks whatever is at the path, a socket another process
 * still answers on, or a file that is not a socket, is refused instead of deleted. Node removes
 * the file when the server closes (a clean shutdown). Its clients are addressed `path:0`, as
 * Redis shows them in CLIENT LIST.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { errorReason } from './error-reason.js';

/** Whether something accepts connections on the socket at `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Clears the way for listening at `path`: removes a stale socket; throws when something else is there. */
export async function removeStaleSocket(path: string, log: (message: string) => void): Promise<void> {
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing === undefined) return;
  if (!existing.isSocket()) throw new Error(`${path} exists and is not a socket; remove it or choose another unixsocket`);
  if (await answers(path)) throw new Error(`another server is accepting connections on ${path}`);
  try {
    unlinkSync(path);
  } catch (error) {
    throw new Error(`cannot remove the stale socket ${path}: ${errorReason(error)}`);
  }
  log(`Removed the stale unix socket ${path} of an earlier run`);
}

/** Sets the socket file's permissions from unixsocketperm (octal text; 0 leaves them to the umask). */
export function applySocketPermissions(path: string, permissions: string): void {
  const mode = Number.parseInt(permissions, 8);
  if (mode === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    throw new Error(`cannot set the permissions of ${path} to ${permissions}: ${errorReason(error)}`);
  }
}

/** How CLIENT LIST shows both ends of a unix-socket connection. */
export function unixSocketAddress(path: string): string {
  return `${path}:0`;
}
