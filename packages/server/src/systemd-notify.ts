/**
 * sd_notify messages through systemd-notify(1). Node cannot send on an AF_UNIX datagram socket
 * (NOTIFY_SOCKET), so each message is one run of systemd-notify, which reads NOTIFY_SOCKET from
 * the environment it inherits. Runs are chained, so messages arrive in the order they were sent
 * (a STATUS= sent at start never lands after READY=1).
 *
 * Who systemd credits a message to: `--pid` makes systemd-notify send MAINPID=<this process> and,
 * when it runs as root, credentials naming this process, which NotifyAccess=main accepts. Run
 * as another user, the kernel lets it name only itself, so the unit needs NotifyAccess=all.
 * systemd-notify then waits (systemd 246 and later) until systemd has processed the message, so
 * its exit cannot make systemd drop a message it can no longer attribute to the unit.
 */
import { execFile } from 'node:child_process';
import type { Logger } from './logger.js';

/** systemd-notify's own wait for systemd is 5 s; past this the run is stopped and reported. */
const NOTIFY_RUN_TIMEOUT_MS = 10_000;

export class SystemdNotifier {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  /** Sends `fields` (`READY=1`, `STATUS=…`) as one message, after every message sent before it. */
  notify(...fields: string[]): void {
    this.last = this.last.then(() => this.run(fields));
  }

  /** Settles once every message sent so far has been delivered or reported as failed. */
  settled(): Promise<void> {
    return this.last;
  }

  private run(fields: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      execFile('systemd-notify', [`--pid=${process.pid}`, ...fields], { timeout: NOTIFY_RUN_TIMEOUT_MS }, (error, _stdout, stderr) => {
        if (error !== null) {
          const reason = stderr.trim() || error.message;
          this.log('warning', `systemd supervision error: systemd-notify ${fields.join(' ')}: ${reason}`);
        }
        resolve();
      });
    });
  }
}
