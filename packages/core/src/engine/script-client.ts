/**
 * The client a script's redis.call runs as (Redis's Lua client): its own selected database
 * (SELECT inside a script does not change the caller's) and protocol (redis.setresp), set from
 * the caller at each script's start. It has no peer: its replies go back to the script, never
 * to a socket.
 */
import type { ConnectionHost } from './connection-host.js';

export const SCRIPT_CLIENT_HOST: ConnectionHost = {
  address: '',
  localAddress: '',
  write(): void {
    throw new Error('the script client has no peer to write to');
  },
  close(): void {
    throw new Error('the script client cannot be closed');
  },
  pendingOutputBytes: () => 0,
};
