/**
 * Outgoing connections as core sees them: a replica asks its host to open a TCP connection to its
 * primary, and gets the bytes and the end of the connection as events. The host owns the socket
 * (NodeNetwork in the server; the simulator's pipes), so core still never sees one.
 */

/** What happens on an outgoing connection, delivered by the host in order. */
export interface LinkEvents {
  /** The connection is established. */
  opened(): void;
  /** Bytes from the peer. */
  received(bytes: Uint8Array): void;
  /** The connection ended (or could not be opened): `reason` says why. Nothing follows it. */
  closed(reason: string): void;
}

/** An outgoing connection. */
export interface Link {
  write(bytes: Uint8Array): void;
  /** Closes the connection; `closed` is not reported for a close asked for. */
  close(): void;
}

export interface Network {
  /** Opens a TCP connection to `host:port`; its events arrive through `events`. */
  connect(host: string, port: number, events: LinkEvents): Link;
}
