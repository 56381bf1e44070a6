/**
 * Protected mode, as Redis has it: with no password set, only local clients — over the unix
 * socket, or over TCP/TLS from a loopback address — may talk to the server; others get one
 * explanatory error and are disconnected.
 */
export const PROTECTED_MODE_DENIED =
  '-DENIED Ballast is running in protected mode because protected mode is enabled and no password is set ' +
  'for the default user. In this mode connections are only accepted from the loopback interface. ' +
  'To accept clients from other hosts, either set a password (--requirepass or CONFIG SET requirepass) ' +
  "or disable protected mode ('CONFIG SET protected-mode no' from the loopback interface, or --protected-mode no), " +
  'and make sure the server is not reachable from the internet.\r\n';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.') || plain === 'localhost';
}

/** Whether protected mode lets the client in: a unix-socket client always, a TCP or TLS one from loopback. */
export function isLocalClient(unixSocket: boolean, address: string | undefined): boolean {
  return unixSocket || isLoopbackAddress(address);
}
