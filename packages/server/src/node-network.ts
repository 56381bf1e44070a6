/**
 * NodeNetwork: core's Network over node:net — the outgoing connections a replica opens to its
 * primary. Events reach core in order: opened, the bytes as they arrive, then closed once (not
 * for a close core asked for). Keepalive and no delay as Redis sets them on its links.
 */
import net from 'node:net';
import type { Link, LinkEvents, Network } from '@ballast/core';

const KEEPALIVE_DELAY_MS = 60_000;

export class NodeNetwork implements Network {
  connect(host: string, port: number, events: LinkEvents): Link {
    const socket = net.connect({ host, port });
    let closing = false;
    let ended = false;
    const end = (reason: string) => {
      if (ended || closing) return;
      ended = true;
      events.closed(reason);
    };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    socket.on('connect', () => events.opened());
    socket.on('data', (chunk: Buffer) => events.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    socket.on('error', (error) => end(error.message));
    socket.on('close', () => end('connection closed by the primary'));
    return {
      write: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      close: () => {
        closing = true;
        socket.destroy();
      },
    };
  }
}
