/**
 * RESET: returns a connection to the state of a fresh one (Redis's clearClientConnectionState):
 * no transaction, no watches, no subscriptions, RESP2, database 0, no name, and unauthenticated
 * when a password is required.
 */
import type { Connection } from './connection.js';

export function resetConnection(connection: Connection): void {
  const engine = connection.engine;
  connection.multiQueue = null;
  connection.multiFailed = false;
  engine.watches.unwatchAll(connection);
  for (const channel of [...connection.channels]) engine.subscriptions.unsubscribe(connection, channel);
  for (const pattern of [...connection.patterns]) engine.subscriptions.punsubscribe(connection, pattern);
  connection.protocol = 2;
  connection.databaseIndex = 0;
  connection.name = null;
  connection.authenticated = engine.config.string('requirepass') === '';
}
