/**
 * Server-side TLS session cache, for clients that resume by session ID (TLSv1.2 without
 * tickets). OpenSSL keeps one inside Redis's SSL_CTX; Node keeps none and asks the server
 * through 'newSession' and 'resumeSession' instead. This one follows tls-session-caching (off:
 * nothing is stored or found), tls-session-cache-size (the oldest session goes first; 0: no
 * limit, as OpenSSL reads it) and tls-session-cache-timeout (seconds a session may resume for).
 * A reload of the TLS context empties it, as a new SSL_CTX starts with an empty cache: a
 * session made under the old certificate must not skip showing the new one.
 */
import type tls from 'node:tls';
import type { Config } from '@ballast/core';

interface CachedSession {
  readonly data: Buffer;
  readonly expiresAtMs: number;
}

export class TlsSessionCache {
  /** By session ID (hex), oldest first (a Map keeps insertion order). */
  private readonly sessions = new Map<string, CachedSession>();

  constructor(private readonly config: Config) {}

  /** Serves `server`'s session events from this cache. */
  attach(server: tls.Server): void {
    server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      this.store(id.toString('hex'), data);
      done();
    });
    server.on('resumeSession', (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
      done(null, this.find(id.toString('hex')) ?? null);
    });
  }

  clear(): void {
    this.sessions.clear();
  }

  private store(id: string, data: Buffer): void {
    if (!this.config.boolean('tls-session-caching')) return;
    const nowMs = Date.now();
    for (const [oldest, session] of this.sessions) {
      if (session.expiresAtMs > nowMs) break;
      this.sessions.delete(oldest);
    }
    this.sessions.delete(id);
    this.sessions.set(id, { data, expiresAtMs: nowMs + this.config.integer('tls-session-cache-timeout') * 1000 });
    const limit = this.config.integer('tls-session-cache-size');
    for (const oldest of this.sessions.keys()) {
      if (limit === 0 || this.sessions.size <= limit) break;
      this.sessions.delete(oldest);
    }
  }

  private find(id: string): Buffer | undefined {
    if (!this.config.boolean('tls-session-caching')) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAtMs > Date.now()) return session.data;
    this.sessions.delete(id);
    return undefined;
  }
}
