/**
 * A minimal RESP client over node:net for the harness: send a batch of commands in one write
 * and get their replies, in order, when the last one arrives. A closed connection rejects every
 * batch still waiting, which is how clients learn that the server was killed.
 */
import net from 'node:net';
import { ReplyParser, type Reply } from '@ballast/core';

interface Waiting {
  readonly count: number;
  readonly replies: Reply[];
  resolve(replies: Reply[]): void;
  reject(error: Error): void;
}

/** The server closed the connection, did not answer in time, or answered outside the protocol. */
export class ConnectionError extends Error {}

/** How long a batch may wait for its replies before the connection is given up. */
const REPLY_TIMEOUT_MS = 10_000;

function encode(commands: readonly (readonly string[])[]): Buffer {
  const parts: string[] = [];
  for (const command of commands) {
    parts.push(`*${command.length}\r\n`);
    for (const argument of command) parts.push(`$${Buffer.byteLength(argument)}\r\n${argument}\r\n`);
  }
  return Buffer.from(parts.join(''));
}

export class RespConnection {
  private readonly parser = new ReplyParser();
  private readonly waiting: Waiting[] = [];
  private closedBecause: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.fail(new ConnectionError(error.message)));
    socket.on('close', () => this.fail(new ConnectionError('connection closed')));
  }

  static connect(port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host: '127.0.0.1' }, () => {
        socket.removeAllListeners('error');
        resolve(new RespConnection(socket));
      });
      socket.once('error', (error) => reject(new ConnectionError(`cannot connect to port ${port}: ${error.message}`)));
    });
  }

  /**
   * Sends the commands in one write; resolves with all their replies. Rejects when the
   * connection closes first, or gives it up after REPLY_TIMEOUT_MS (a hung server).
   */
  send(commands: readonly (readonly string[])[]): Promise<Reply[]> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new ConnectionError(`no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      const settle = <T>(settler: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        settler(value);
      };
      this.waiting.push({ count: commands.length, replies: [], resolve: settle(resolve), reject: settle(reject) });
      this.socket.write(encode(commands));
    });
  }

  /** One command's reply. */
  async call(...command: string[]): Promise<Reply> {
    return (await this.send([command]))[0];
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    try {
      this.parser.feed(chunk);
      for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) {
        const head = this.waiting[0];
        if (head === undefined) throw new ConnectionError('a reply came without a request');
        head.replies.push(reply);
        if (head.replies.length === head.count) {
          this.waiting.shift();
          head.resolve(head.replies);
        }
      }
    } catch (error) {
      this.fail(error instanceof ConnectionError ? error : new ConnectionError(`not RESP: ${(error as Error).message}`));
    }
  }

  /** Rejects every waiting batch and every later one; the socket is closed. */
  private fail(error: Error): void {
    this.closedBecause ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(error);
    this.socket.destroy();
  }
}
