/**
 * latency-tracking-info-percentiles: space-separated percentiles, each a number C's strtod reads
 * whole (decimal, or inf/infinity) between 0 and 100; a single empty word means none. Shown as
 * Redis shows them: printf("%f") with trailing zeros trimmed (`0.0 50.0 100.0` → `0 50 100`).
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?inf(?:inity)?$/i;

/** The words of a value (several spaces, or none, between them). */
function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function parsePercentile(word: string): number | undefined {
  if (DECIMAL.test(word)) return Number(word);
  if (INFINITE.test(word)) return word.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** Redis's setConfigLatencyTrackingInfoPercentilesOutputOption errors, or undefined when the value is fine. */
export function percentilesError(text: string): string | undefined {
  for (const word of words(text)) {
    const percentile = parsePercentile(word);
    if (percentile === undefined) return 'Invalid latency-tracking-info-percentiles parameters';
    if (percentile > 100 || percentile < 0) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
  }
  return undefined;
}

/** printf("%f") with trailing zeros (and a trailing point) trimmed: 50 → `50`, 99.9 → `99.9`. */
export function formatPercentile(percentile: number): string {
  return percentile.toFixed(6).replace(/\.?0+$/, '');
}

/** The percentiles of an accepted value. */
export function parsePercentiles(text: string): number[] {
  return words(text).map((word) => parsePercentile(word) ?? 0);
}

/** An accepted value as CONFIG GET shows it. */
export function canonicalPercentiles(text: string): string {
  return parsePercentiles(text).map(formatPercentile).join(' ');
}
