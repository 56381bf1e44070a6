/** An I/O error's reason for a log line, without the path Node repeats in its message: `ENOENT: no such file or directory`. */
export function errorReason(error: unknown): string {
  return (error as Error).message.replace(/, \w+ '.*'$/, '');
}
