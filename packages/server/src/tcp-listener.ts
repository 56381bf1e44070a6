/**
 * TcpListener: binds core's Engine to node:net. One server per `bind` address; each socket
 * becomes an engine ClientConnection. Back-pressure is decided in core (OUTPUT_PAUSE_BYTES): the
 * connection stops running a client's commands while its unsent output is large and asks this
 * file to stop reading the socket meanwhile; 'drain' is reported to it, and it asks to read
 * again once its commands can run. No second threshold here: a socket read while its commands
 * cannot run only piles up input (a million-command burst did, tens of MB of it).
 */
import net from 'node:net';
import type { Config, Engine } from '@ballast/core';
import type { Logger } from './logger.js';
import { isLoopbackAddress, PROTECTED_MODE_DENIED } from './protected-mode.js';

export interface ListenOptions {
  readonly addresses: readonly string[];
  readonly port: number;
  readonly keepAliveSeconds: number;
}

/** What listenAll opened: the plain TCP port bound, and each kind of listener ('tcp', …) for the ready lines. */
export interface Listening {
  readonly port: number;
  readonly kinds: readonly string[];
}

export class TcpListener {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
  ) {}

  /**
   * Opens every listener the configuration asks for; rejects with a message naming the one that
   * could not be opened (the caller exits with 2).
   */
  async listenAll(config: Config): Promise<Listening> {
    const port = config.integer('port');
    try {
      const bound = await this.listen({
        addresses: config.string('bind').split(/\s+/).filter(Boolean),
        port,
        keepAliveSeconds: config.integer('tcp-keepalive'),
      });
      return { port: bound, kinds: ['tcp'] };
    } catch (error) {
      throw new Error(`Failed listening on port ${port}: ${(error as Error).message}`);
    }
  }

  /** Listens on every address; resolves with the port actually bound. */
  async listen(options: ListenOptions): Promise<number> {
    let port = options.port;
    for (const address of options.addresses) {
      const server = net.createServer({ noDelay: true, allowHalfOpen: false }, (socket) => this.accept(socket, options));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, address, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (error) => this.log('warning', `Listener error on ${address}: ${error.message}`));
      port = (server.address() as net.AddressInfo).port;
      this.servers.push(server);
    }
    return port;
  }

  /** Stops accepting, and closes every client once its pending output is written. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.end();
    await Promise.all(this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private accept(socket: net.Socket, options: ListenOptions): void {
    const config = this.engine.config;
    if (config.boolean('protected-mode') && config.string('requirepass') === '' && !isLoopbackAddress(socket.remoteAddress)) {
      this.log('warning', `Denied connection from ${socket.remoteAddress}: protected mode`);
      socket.end(PROTECTED_MODE_DENIED);
      return;
    }
    this.sockets.add(socket);
    if (options.keepAliveSeconds > 0) socket.setKeepAlive(true, options.keepAliveSeconds * 1000);
    const connection = this.engine.connect({
      address: `${socket.remoteAddress}:${socket.remotePort}`,
      localAddress: `${socket.localAddress}:${socket.localPort}`,
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
    socket.on('error', (error) => this.log('verbose', `Client ${socket.remoteAddress}:${socket.remotePort}: ${error.message}`));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.disconnected();
    });
  }
}
