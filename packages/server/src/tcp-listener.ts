/**
 * TcpListener: binds core's Engine to the server's sockets — plain TCP on `port`, TLS on
 * `tls-port` (tls-servers.ts), both once per `bind` address, and the unix socket `unixsocket`
 * (unix-socket.ts). Each socket becomes an engine ClientConnection. Back-pressure is decided in
 * core (OUTPUT_PAUSE_BYTES): the connection stops running a client's commands while its unsent
 * output is large and asks this file to stop reading the socket meanwhile; 'drain' is reported
 * to it, and it asks to read again once its commands can run. No second threshold here: a socket
 * read while its commands cannot run only piles up input (a million-command burst did, tens of
 * MB of it).
 *
 * `port 0`: with tls-port or unixsocket set it means no plain TCP port, as in Redis; alone it
 * picks a free port (tests rely on it) where Redis would refuse to start with nothing to listen on.
 */
import net from 'node:net';
import type tls from 'node:tls';
import type { Config, Engine } from '@ballast/core';
import { errorReason } from './error-reason.js';
import type { Logger } from './logger.js';
import { isLocalClient, PROTECTED_MODE_DENIED } from './protected-mode.js';
import { TlsConfigurationError } from './tls-files.js';
import { TlsServers } from './tls-servers.js';
import { applySocketPermissions, removeStaleSocket, unixSocketAddress } from './unix-socket.js';

/** The kinds of listener, as the ready lines name them. */
export type ListenerKind = 'tcp' | 'tls' | 'unix';

/**
 * What listenAll opened: the port to report (the plain TCP port bound, else the TLS port, else
 * 0 — Redis's tcp_port rule), and each kind of listener for the ready lines.
 */
export interface Listening {
  readonly port: number;
  readonly kinds: readonly ListenerKind[];
}

export class TcpListener {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private tlsServers: TlsServers | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /**
   * Opens every listener the configuration asks for; rejects with a message naming the one that
   * could not be opened (the caller exits with 2), after closing those already open.
   */
  async listenAll(config: Config): Promise<Listening> {
    const addresses = config.string('bind').split(/\s+/).filter(Boolean);
    const port = config.integer('port');
    const tlsPort = config.integer('tls-port');
    const unixPath = config.string('unixsocket');
    const kinds: ListenerKind[] = [];
    let reportedPort = 0;
    try {
      if (port > 0 || (tlsPort === 0 && unixPath === '')) {
        reportedPort = await this.bindEach(addresses, port, () => net.createServer((socket) => this.accept(socket, 'tcp')), 'port');
        kinds.push('tcp');
      }
      if (tlsPort > 0) {
        const tlsServers = this.createTlsServers(config);
        this.tlsServers = tlsServers;
        const bound = await this.bindEach(addresses, tlsPort, () => tlsServers.create(), 'tls-port');
        if (reportedPort === 0) reportedPort = bound;
        kinds.push('tls');
      }
      if (unixPath !== '') {
        await this.listenOnUnixSocket(unixPath, config.string('unixsocketperm'));
        kinds.push('unix');
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    return { port: reportedPort, kinds };
  }

  /**
   * Stops accepting, closes every client once its pending output is written (without waiting for
   * the peer to close its side: Redis closes the descriptor), then drops the TLS connections still
   * in their handshake, so that no client can hold the shutdown open.
   */
  async close(): Promise<void> {
    const servers = this.servers.splice(0);
    const serversClosed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await Promise.all([...this.sockets].map((socket) => new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(() => socket.destroy());
    })));
    this.tlsServers?.dropHandshakes();
    await serversClosed;
  }

  private createTlsServers(config: Config): TlsServers {
    try {
      return new TlsServers(config, this.log, (socket) => this.accept(socket, 'tls'));
    } catch (error) {
      if (error instanceof TlsConfigurationError) throw new Error(`Failed to configure TLS: ${error.message}`);
      throw error;
    }
  }

  /** Listens with a server from `create` on every address; resolves with the port bound. */
  private async bindEach(addresses: readonly string[], port: number, create: () => net.Server, option: string): Promise<number> {
    let bound = port;
    for (const address of addresses) {
      const server = create();
      try {
        await this.listenOn(server, (ready) => server.listen(bound, address, ready));
      } catch (error) {
        throw new Error(`Failed listening on ${option} ${bound}: ${(error as Error).message}`);
      }
      server.on('error', (error) => this.log('warning', `Listener error on ${address}: ${error.message}`));
      bound = (server.address() as net.AddressInfo).port;
    }
    return bound;
  }

  private async listenOnUnixSocket(path: string, permissions: string): Promise<void> {
    try {
      await removeStaleSocket(path, (message) => this.log('notice', message));
      const server = net.createServer((socket) => this.accept(socket, 'unix', path));
      await this.listenOn(server, (ready) => server.listen(path, ready));
      server.on('error', (error) => this.log('warning', `Listener error on ${path}: ${error.message}`));
      applySocketPermissions(path, permissions);
    } catch (error) {
      throw new Error(`Failed opening unix socket ${path}: ${errorReason(error)}`);
    }
  }

  /** Starts `server` listening and keeps it for close(); rejects with the listen error. */
  private async listenOn(server: net.Server, listen: (ready: () => void) => void): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      listen(() => {
        server.off('error', reject);
        resolve();
      });
    });
    this.servers.push(server);
  }

  private accept(socket: net.Socket | tls.TLSSocket, kind: ListenerKind, unixPath = ''): void {
    const config = this.engine.config;
    const unix = kind === 'unix';
    // Redis 7.0: protected while the default user needs no password (requirepass, ACL SETUSER default >…, or the aclfile set one).
    if (config.boolean('protected-mode') && this.engine.acl.defaultUser.noPass && !isLocalClient(unix, socket.remoteAddress)) {
      this.log('warning', `Denied connection from ${socket.remoteAddress}: protected mode`);
      // Closed outright once the line is written: a socket nobody reads never sees the peer's
      // FIN, and would hold server.close() (the shutdown) open forever.
      socket.end(PROTECTED_MODE_DENIED, () => socket.destroy());
      return;
    }
    this.sockets.add(socket);
    const keepAliveSeconds = config.integer('tcp-keepalive');
    if (!unix && keepAliveSeconds > 0) socket.setKeepAlive(true, keepAliveSeconds * 1000);
    if (!unix) socket.setNoDelay(true);
    const peer = unix ? unixSocketAddress(unixPath) : `${socket.remoteAddress}:${socket.remotePort}`;
    const connection = this.engine.connect({
      address: peer,
      localAddress: unix ? peer : `${socket.localAddress}:${socket.localPort}`,
      unixSocket: unix,
      write: (bytes) => void socket.write(bytes),
      // Redis closes the descriptor once the reply is written: a peer that keeps sending (a
      // protocol desync) then gets a reset instead of a half-open socket that reads forever.
      close: () => socket.end(() => socket.destroy()),
      pendingOutputBytes: () => socket.writableLength,
      pauseReading: () => void socket.pause(),
      resumeReading: () => void socket.resume(),
    });
    socket.on('data', (chunk) => connection.receive(chunk));
    socket.on('drain', () => connection.drained());
    socket.on('error', (error) => this.log('verbose', `Client ${peer}: ${error.message}`));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.disconnected();
    });
  }
}
