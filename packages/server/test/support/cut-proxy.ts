/**
 * A TCP proxy between a replica and its primary that can cut the link at a chosen byte of the
 * primary's stream: after the first occurrence of a marker (such as the start of a MULTI or of
 * an RDB payload) plus some bytes. The bytes up to the cut reach the replica; then both sockets
 * are destroyed, as a network failure would leave them. Later connections pass untouched until
 * the next cut is armed.
 */
import net from 'node:net';

export interface CutProxy {
  readonly port: number;
  /** The next primary→replica bytes are cut `extraBytes` after the end of `marker`; resolves once cut. */
  cutAfter(marker: Uint8Array | string, extraBytes: number): Promise<void>;
  /** Links opened so far (each replica reconnection is one). */
  readonly connections: number;
  close(): Promise<void>;
}

interface Armed {
  readonly marker: Buffer;
  readonly extraBytes: number;
  readonly done: () => void;
  /** Bytes still to pass once the marker was seen (-1: not seen yet). */
  remaining: number;
  /** The stream's tail, to find a marker split across chunks. */
  tail: Buffer;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  let armed: Armed | null = null;
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => {
      const plan = armed;
      if (plan === null) {
        client.write(chunk);
        return;
      }
      let pass = chunk.length;
      if (plan.remaining < 0) {
        const window = Buffer.concat([plan.tail, chunk]);
        const at = window.indexOf(plan.marker);
        if (at < 0) {
          plan.tail = window.subarray(Math.max(0, window.length - plan.marker.length));
          client.write(chunk);
          return;
        }
        const markerEnd = at + plan.marker.length - plan.tail.length;
        plan.remaining = plan.extraBytes;
        pass = Math.min(chunk.length, markerEnd + plan.remaining);
        plan.remaining -= pass - markerEnd;
      } else {
        pass = Math.min(chunk.length, plan.remaining);
        plan.remaining -= pass;
      }
      if (pass > 0) client.write(chunk.subarray(0, pass));
      if (pass < chunk.length || plan.remaining === 0) {
        armed = null;
        client.end(() => cut());
        plan.done();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    cutAfter(marker, extraBytes) {
      return new Promise((resolve) => {
        armed = { marker: Buffer.from(marker), extraBytes, done: resolve, remaining: -1, tail: Buffer.alloc(0) };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
