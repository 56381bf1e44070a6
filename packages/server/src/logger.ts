/**
 * Logger: Redis-style log lines — `pid:M 22 Nov 2026 22:50:11.123 * message` — with Redis's level
 * marks (`.` debug, `-` verbose, `*` notice, `#` warning), filtered by loglevel, on stdout or, with
 * `logfile` set, appended to the log file (log-file.ts).
 */
import type { LogLevel } from '@ballast/core';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const LEVEL_MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type Logger = (level: LogLevel, message: string) => void;

function timestamp(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A logger writing to `write` (stdout by default) at `level` and above; level is read per call. */
export function createLogger(level: () => LogLevel, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (messageLevel, message) => {
    if (LEVEL_RANK[messageLevel] < LEVEL_RANK[level()]) return;
    write(`${process.pid}:M ${timestamp(new Date())} ${LEVEL_MARK[messageLevel]} ${message}\n`);
  };
}
