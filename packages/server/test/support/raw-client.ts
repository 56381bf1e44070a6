/**
 * A raw RESP client over node:net for protocol-level tests: send exact bytes, read replies
 * parsed by core's ReplyParser, and observe when the server closes the connection.
 */
import net from 'node:net';
import { ReplyParser, type Reply } from '@ballast/core';

export class RawClient {
  private readonly parser = new ReplyParser();
  private readonly replies: Reply[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  /**
   * How the server ended the connection, if it did: `end` (it closed its side, FIN) or `reset`
   * (ECONNRESET). Null while open, and when this side closed it.
   */
  closedByServer: 'end' | 'reset' | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.parser.feed(chunk);
      for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) this.replies.push(reply);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('end', () => (this.closedByServer ??= 'end'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') this.closedByServer ??= 'reset';
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Sends a command as a multibulk and waits for its reply. */
  async call(...args: string[]): Promise<Reply> {
    this.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`);
    return this.read();
  }

  /** The next reply; rejects if the connection closes first or nothing comes in `timeoutMs`. */
  async read(timeoutMs = 5000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('timed out waiting for a reply');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.replies.shift()!;
  }

  /**
   * Resolves once the server has closed the connection; rejects if it is still open after
   * `timeoutMs`, or if it was this side that closed it.
   */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.closedByServer === null) throw new Error('the connection was closed by the client, not by the server');
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
