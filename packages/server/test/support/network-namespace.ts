/**
 * A network namespace of the test's own, joined to the root namespace by a veth pair with
 * private addresses, so that a client can reach a server on this machine from an address that
 * is not loopback (protected mode refuses such peers). Needs root and `ip` (iproute2, which
 * npm test's pretest installs): createNamespace returns why it could not instead of throwing,
 * for itNeeds. Nothing outside the namespace and the pair it creates is touched, and remove()
 * deletes both.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NetworkNamespace {
  readonly name: string;
  /** The root namespace's end of the pair: a server bound to it (or 0.0.0.0) is reached here. */
  readonly hostAddress: string;
  /** The namespace's end: the address a server sees its peer connect from. */
  readonly peerAddress: string;
  /** Runs a command inside the namespace to its end. */
  exec(command: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }>;
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

/** A /30 in 10.213.0.0/16 chosen by the process id, so that parallel runs do not collide. */
function addressesFor(pid: number): { host: string; peer: string } {
  const block = pid % (1 << 14);
  const third = block >> 6;
  const fourth = (block & 63) << 2;
  return { host: `10.213.${third}.${fourth + 1}`, peer: `10.213.${third}.${fourth + 2}` };
}

function removeQuietly(name: string, hostLink: string): void {
  for (const args of [['netns', 'del', name], ['link', 'del', hostLink]]) {
    try {
      ip(...args);
    } catch {
      // Already gone: deleting the namespace deletes the pair with it.
    }
  }
}

/** A fresh namespace and pair, or the reason it cannot be made here. */
export function createNamespace(): NetworkNamespace | string {
  if (process.getuid?.() !== 0) return 'a network namespace needs root';
  const name = `ballast-test-${process.pid}`;
  const hostLink = `bt${process.pid}h`;
  const peerLink = `bt${process.pid}p`;
  const { host, peer } = addressesFor(process.pid);
  removeQuietly(name, hostLink);
  try {
    ip('netns', 'add', name);
    ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', peerLink);
    ip('link', 'set', peerLink, 'netns', name);
    ip('addr', 'add', `${host}/30`, 'dev', hostLink);
    ip('link', 'set', hostLink, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${peer}/30`, 'dev', peerLink);
    ip('netns', 'exec', name, 'ip', 'link', 'set', peerLink, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (error) {
    removeQuietly(name, hostLink);
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '`ip` is missing (apt-get install iproute2)' : (error as Error).message.split('\n')[0];
    return `cannot make a network namespace: ${reason}`;
  }
  return {
    name,
    hostAddress: host,
    peerAddress: peer,
    exec: (command, args) => run('ip', ['netns', 'exec', name, command, ...args], { encoding: 'utf8' }),
    remove: () => removeQuietly(name, hostLink),
  };
}
