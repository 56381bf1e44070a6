/**
 * The connected clients by id, in connection order, and the `maxclients` limit: a client over
 * it gets Redis's error and is closed at once. Ids start at 1 and are never reused.
 */
import type { ConnectionHost } from './connection-host.js';
import { encodeReply } from '../resp/encoder.js';
import { ErrorReply } from '../resp/reply.js';

const MAX_CLIENTS_ERROR = new ErrorReply('ERR max number of clients reached');

export interface RegisteredClient {
  readonly id: number;
  closed: boolean;
}

export class ClientRegistry<C extends RegisteredClient> {
  private readonly byId = new Map<number, C>();
  private nextId = 1;

  constructor(private readonly create: (host: ConnectionHost, id: number) => C) {}

  /** Accepts a client, or refuses it (already closed) when `maxClients` are connected. */
  connect(host: ConnectionHost, maxClients: number): { client: C; accepted: boolean } {
    const client = this.create(host, this.nextId++);
    if (this.byId.size >= maxClients) {
      host.write(encodeReply(MAX_CLIENTS_ERROR, 2));
      host.close();
      client.closed = true;
      return { client, accepted: false };
    }
    this.byId.set(client.id, client);
    return { client, accepted: true };
  }

  get(id: number): C | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<C> {
    return this.byId.values();
  }

  remove(id: number): void {
    this.byId.delete(id);
  }
}
