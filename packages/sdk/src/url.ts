/** Parses `redis://[user:password@]host[:port][/database]` into connection options. */
import type { ConnectionOptions } from './connection.js';

export function parseUrl(url: string): ConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new TypeError(`unsupported URL scheme '${parsed.protocol}' (only redis:)`);
  const options: ConnectionOptions = { host: parsed.hostname || '127.0.0.1' };
  if (parsed.port !== '') options.port = Number(parsed.port);
  if (parsed.username !== '') options.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') options.password = decodeURIComponent(parsed.password);
  const database = parsed.pathname.slice(1);
  if (database !== '') {
    const index = Number(database);
    if (!Number.isInteger(index) || index < 0) throw new TypeError(`bad database '${database}' in URL`);
    options.database = index;
  }
  return options;
}
