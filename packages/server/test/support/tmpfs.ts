/**
 * A small tmpfs mounted on a test's data directory, so that the disk fills up for real. Needs
 * `mount` (root): mountTmpfs returns why it could not mount instead of throwing, for itNeeds.
 */
import { execFileSync } from 'node:child_process';

/** Mounts a tmpfs of `size` (as mount's size= option, e.g. `1m`); null on success, else the reason. */
export function mountTmpfs(directory: string, size: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', directory], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `cannot mount a tmpfs on ${directory} (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Gives a mounted tmpfs a new size; its files stay. */
export function resizeTmpfs(directory: string, size: string): void {
  execFileSync('mount', ['-o', `remount,size=${size}`, directory], { stdio: 'pipe' });
}

export function unmount(directory: string): void {
  execFileSync('umount', [directory], { stdio: 'pipe' });
}
