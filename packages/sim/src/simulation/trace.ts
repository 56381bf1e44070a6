/**
 * The run's trace: one line per observable event (a request sent, a reply received, a crash, a
 * recovery). Its FNV-1a hash is the determinism fingerprint (same seed, same hash); its tail is
 * printed when an invariant fails.
 */
const TAIL_LINES = 40;

export class Trace {
  private hash = 0x811c9dc5;
  private readonly lines: string[] = [];
  count = 0;

  constructor(private readonly keepAll: boolean) {}

  add(line: string): void {
    let hash = this.hash;
    for (let i = 0; i < line.length; i++) hash = Math.imul(hash ^ line.charCodeAt(i), 0x01000193);
    this.hash = Math.imul(hash ^ 10, 0x01000193) >>> 0;
    this.count++;
    this.lines.push(line);
    if (!this.keepAll && this.lines.length > TAIL_LINES * 2) this.lines.splice(0, this.lines.length - TAIL_LINES);
  }

  /** A line for the full trace only (replay --trace): not hashed, not counted, so it never changes a run's fingerprint. */
  detail(line: string): void {
    if (this.keepAll) this.lines.push(line);
  }

  get fingerprint(): string {
    return (this.hash >>> 0).toString(16).padStart(8, '0');
  }

  tail(count = TAIL_LINES): string[] {
    return this.lines.slice(-count);
  }

  all(): string[] {
    return [...this.lines];
  }
}
