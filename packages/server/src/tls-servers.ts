/**
 * TlsServers: the tls-port listeners (one node:tls server per bind address) sharing one TLS
 * context. Built from the configuration at start (a TlsConfigurationError refuses the start);
 * registered as the Config applier of the tls-* file and cipher options, so that CONFIG SET
 * re-reads every file and swaps the context of every server (setSecureContext: new connections
 * get it, open ones keep theirs) or, when it cannot be loaded, logs why and refuses with Redis's
 * error while the old context stays. tls-auth-clients is read per connection, as in Redis:
 * yes — a client must present a certificate the CAs signed (one without is refused in the
 * handshake); optional — one it presents must be valid; no — none is asked for.
 */
import type { X509Certificate } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';
import type { Config } from '@ballast/core';
import type { Logger } from './logger.js';
import { buildTlsContext, TLS_CONTEXT_OPTIONS, type TlsContext } from './tls-context.js';
import { TlsConfigurationError } from './tls-files.js';
import { TlsSessionCache } from './tls-session-cache.js';

/** Redis's CONFIG SET error reason when the new TLS configuration does not load. */
export const TLS_RELOAD_REFUSED = 'Unable to update TLS configuration. Check server logs.';

/** Why a client was refused: its certificate's verification error, else the TLS error. */
function refusalReason(socket: tls.TLSSocket, error?: Error & { reason?: string }): string {
  if (socket.authorizationError) return `certificate verify failed: ${socket.authorizationError}`;
  return error?.reason ?? error?.message ?? 'unknown';
}

function describeCertificate(certificate: X509Certificate): string {
  return `subject '${certificate.subject.replace(/\n/g, ', ')}', serial ${certificate.serialNumber}, valid until ${certificate.validTo}`;
}

export class TlsServers {
  private readonly servers: tls.Server[] = [];
  /** The peer of each TCP connection under a TLS one, taken when it arrives (peerOf). */
  private readonly peers = new WeakMap<net.Socket, string>();
  /** Every TCP connection of the TLS ports still open: those of clients not yet accepted are in their handshake. */
  private readonly connections = new Set<net.Socket>();
  private readonly sessions: TlsSessionCache;
  private context: TlsContext;

  /** Throws TlsConfigurationError when the configuration cannot be loaded. */
  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly accept: (socket: tls.TLSSocket) => void,
  ) {
    this.context = buildTlsContext(config);
    this.sessions = new TlsSessionCache(config);
    this.noteCertificate('TLS certificate loaded');
    config.applyWith(TLS_CONTEXT_OPTIONS, () => this.reload());
    config.observe('tls-auth-clients', () => {
      for (const server of this.servers) this.applyClientAuthentication(server);
    });
  }

  /** A server for one address, on the current context; the caller listens on it. */
  create(): tls.Server {
    const server = tls.createServer(this.context.options, (socket) => this.secured(socket));
    this.applyClientAuthentication(server);
    this.sessions.attach(server);
    server.on('connection', (tcp: net.Socket) => {
      this.peers.set(tcp, `${tcp.remoteAddress}:${tcp.remotePort}`);
      this.connections.add(tcp);
      tcp.once('close', () => this.connections.delete(tcp));
    });
    server.on('tlsClientError', (error: Error & { code?: string; reason?: string }, socket: tls.TLSSocket) => {
      // A refused client certificate ends the handshake with Node's 'socket hang up'; its reason
      // is on the socket. A bare hang-up (a port probe, a health check) is no news.
      const tlsFailure = Boolean(socket.authorizationError) || error.code?.startsWith('ERR_SSL') === true;
      this.log(tlsFailure ? 'warning' : 'verbose', `Error accepting a client connection from ${this.peerOf(socket)}: ${refusalReason(socket, error)}`);
    });
    this.servers.push(server);
    return server;
  }

  /**
   * Closes the connections still in their TLS handshake, once every accepted client has been
   * closed (at shutdown): Node would otherwise wait up to its two-minute handshake timeout.
   */
  dropHandshakes(): void {
    for (const tcp of this.connections) tcp.destroy();
  }

  /**
   * Who a TLS client is, also once Node has destroyed its socket (a refused certificate), when
   * the socket no longer knows its address: Node keeps the TCP socket it wrapped as `_parent`.
   */
  private peerOf(socket: tls.TLSSocket): string {
    const tcp = (socket as tls.TLSSocket & { _parent?: net.Socket })._parent;
    return (tcp === undefined ? undefined : this.peers.get(tcp)) ?? `${socket.remoteAddress}:${socket.remotePort}`;
  }

  /** Node reads requestCert and rejectUnauthorized from the server for each new connection. */
  private applyClientAuthentication(server: tls.Server): void {
    const mode = this.config.string('tls-auth-clients');
    Object.assign(server, { requestCert: mode !== 'no', rejectUnauthorized: mode === 'yes' });
  }

  /** With tls-auth-clients optional, a certificate that was presented must still be valid. */
  private secured(socket: tls.TLSSocket): void {
    const presented = Object.keys(socket.getPeerCertificate()).length > 0;
    if (!socket.authorized && presented && this.config.string('tls-auth-clients') !== 'no') {
      this.log('warning', `Error accepting a client connection from ${this.peerOf(socket)}: ${refusalReason(socket)}`);
      socket.destroy();
      return;
    }
    this.accept(socket);
  }

  private reload(): string | undefined {
    let context: TlsContext;
    try {
      context = buildTlsContext(this.config);
    } catch (error) {
      if (!(error instanceof TlsConfigurationError)) throw error;
      this.log('warning', error.message);
      return TLS_RELOAD_REFUSED;
    }
    this.context = context;
    for (const server of this.servers) server.setSecureContext(context.options);
    this.sessions.clear();
    this.noteCertificate('TLS configuration reloaded');
    return undefined;
  }

  private noteCertificate(what: string): void {
    const certificate = this.context.certificate;
    this.log('notice', `${what}: ${describeCertificate(certificate)}`);
    if (Date.parse(certificate.validTo) <= Date.now()) {
      this.log('warning', `tls-cert-file '${this.config.string('tls-cert-file')}' expired on ${certificate.validTo}: clients that verify it will refuse to connect`);
    }
  }
}
