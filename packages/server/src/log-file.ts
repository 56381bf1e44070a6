/**
 * The log file (`logfile`): each line is appended with one synchronous write, in order, on a
 * descriptor opened in append mode (the file is created 0644 when missing). reopen(), on SIGHUP,
 * opens the path again before it closes the old descriptor, so a line logged around a rotation
 * lands in the moved file or in the new one, never nowhere. With logrotate's copytruncate the
 * append mode makes the next line start at the truncated end rather than behind a hole of zeros.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { errorReason } from './error-reason.js';

const LOG_FILE_MODE = 0o644;

export class LogFile {
  private writeFailing = false;

  private constructor(readonly path: string, private descriptor: number) {}

  /** Opens `path` (absolute) for appending; throws the open's error when it cannot. */
  static open(path: string): LogFile {
    return new LogFile(path, openSync(path, 'a', LOG_FILE_MODE));
  }

  /**
   * Appends `line` whole. A failed write (a full disk) cannot be logged, so it is said once on
   * stderr, until a write succeeds again; the server keeps running.
   */
  write(line: string): void {
    const bytes = Buffer.from(line);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.descriptor, bytes, written);
      this.writeFailing = false;
    } catch (error) {
      if (!this.writeFailing) process.stderr.write(`ballast-server: cannot write to the log file '${this.path}': ${errorReason(error)}\n`);
      this.writeFailing = true;
    }
  }

  /** Opens the path again (after a rotation moved the file); on failure keeps writing to the old descriptor and returns the reason. */
  reopen(): string | null {
    let descriptor: number;
    try {
      descriptor = openSync(this.path, 'a', LOG_FILE_MODE);
    } catch (error) {
      return errorReason(error);
    }
    closeSync(this.descriptor);
    this.descriptor = descriptor;
    return null;
  }

  /**
   * At exit: fsyncs and closes, so the last lines (the shutdown's) survive a power loss too. A
   * failure is said on stderr and does not change the exit code: the data is not the log.
   */
  close(): void {
    try {
      fsyncSync(this.descriptor);
      closeSync(this.descriptor);
    } catch (error) {
      process.stderr.write(`ballast-server: cannot fsync and close the log file '${this.path}': ${errorReason(error)}\n`);
    }
  }
}
