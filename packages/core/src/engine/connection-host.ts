/**
 * ConnectionHost: what the host (a TCP socket in the server, a simulated client in the sim)
 * provides for one client connection. Core writes bytes and asks to close; it never sees sockets.
 */
export interface ConnectionHost {
  /** `ip:port` of the peer. */
  readonly address: string;
  /** `ip:port` of our end. */
  readonly localAddress: string;
  /** The peer came over a unix socket (CLIENT LIST flags it U; addresses are then `path:0`). */
  readonly unixSocket?: boolean;
  /** Sends bytes to the peer, in order. */
  write(bytes: Uint8Array): void;
  /** Closes the connection once everything written so far has been sent. */
  close(): void;
  /** Bytes written but not yet sent (the socket's own buffer), for limits and CLIENT LIST. */
  pendingOutputBytes(): number;
  /**
   * Stop handing received bytes to the connection: it has stopped running commands until its
   * output drains, so whatever arrives now would only pile up unparsed. A host whose
   * pendingOutputBytes is always 0 (nothing waits between it and the peer) may leave both out.
   */
  pauseReading?(): void;
  /** Hand received bytes to the connection again (it runs commands again). */
  resumeReading?(): void;
}
