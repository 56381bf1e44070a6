/**
 * Number formatting shared by INFO and CLIENT LIST, matching the C formats Redis uses, so that
 * tools which parse Redis's text parse ours.
 */

/**
 * printf("%.2f"): two decimals, ties to even. (Number.prototype.toFixed breaks exact ties
 * upwards; glibc rounds them to even, and values such as 1152/1024 = 1.125 are exact ties.)
 */
export function fixed2(value: number): string {
  const scaled = value * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0) return (floor / 100).toFixed(2);
  return value.toFixed(2);
}

/** A time in microseconds as Redis prints a struct timeval: `%ld.%06ld` seconds. */
export function cpuSeconds(microseconds: number): string {
  const whole = Math.max(0, Math.floor(microseconds));
  return `${Math.floor(whole / 1_000_000)}.${String(whole % 1_000_000).padStart(6, '0')}`;
}

const HUMAN_UNITS = ['K', 'M', 'G', 'T', 'P'] as const;

/** Redis's bytesToHuman: `512B`, `967.35K`, `6.54M` … */
export function bytesToHuman(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let divisor = 1024;
  for (const unit of HUMAN_UNITS) {
    if (bytes < divisor * 1024) return `${fixed2(bytes / divisor)}${unit}`;
    divisor *= 1024;
  }
  return `${bytes}B`;
}
