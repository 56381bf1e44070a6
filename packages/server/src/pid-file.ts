/**
 * The pid file (`pidfile`), as Redis writes it: the process id and a newline, written at start
 * before the dataset is loaded. One that cannot be written is a warning, not a reason to refuse
 * start. It is removed whenever the server exits by itself (a clean stop, or a refusal after it
 * was written); a SIGKILL or a crash leaves it, and the next start overwrites it.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { errorReason } from './error-reason.js';
import type { Logger } from './logger.js';

export class PidFile {
  private constructor(private readonly path: string, private readonly log: Logger) {}

  /** Writes `pid` to `path` (absolute); null, after a warning, when it cannot. */
  static write(path: string, pid: number, log: Logger): PidFile | null {
    try {
      writeFileSync(path, `${pid}\n`);
    } catch (error) {
      log('warning', `Failed to write PID file '${path}': ${errorReason(error)}`);
      return null;
    }
    return new PidFile(path, log);
  }

  remove(): void {
    this.log('notice', 'Removing the pid file.');
    try {
      unlinkSync(this.path);
    } catch (error) {
      this.log('warning', `Failed to remove PID file '${this.path}': ${errorReason(error)}`);
    }
  }
}
