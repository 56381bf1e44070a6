/**
 * LATENCY GRAPH's ASCII art, as Redis 7.0 draws it (latencyCommandGenSparkeline and
 * sparkline.c): a title line with the high, low and all-time-high latencies, 80 dashes, then the
 * samples as a filled sparkline four rows high (`_o#` with `|` below), each column labelled
 * vertically with how long ago its sample was taken (`12s`, `3m`, `2h`, `1d`), 80 columns per
 * block.
 */
import type { LatencySeries } from './latency-monitor.js';

const GRAPH_COLUMNS = 80;
const GRAPH_ROWS = 4;
const CHARSET_FILL = '_o#';
const LABEL_MARGIN_TOP = 1;

interface SparklineSample {
  readonly value: number;
  readonly label: string;
}

/** How long ago, as Redis labels a sample. */
function ageLabel(elapsedSeconds: number): string {
  if (elapsedSeconds < 60) return `${elapsedSeconds}s`;
  if (elapsedSeconds < 3600) return `${Math.trunc(elapsedSeconds / 60)}m`;
  if (elapsedSeconds < 3600 * 24) return `${Math.trunc(elapsedSeconds / 3600)}h`;
  return `${Math.trunc(elapsedSeconds / (3600 * 24))}d`;
}

/** sparklineRenderRange with SPARKLINE_FILL, for samples[offset, offset+length). */
function renderRange(samples: readonly SparklineSample[], min: number, max: number, offset: number, length: number): string {
  const relativeMax = max - min === 0 ? 1 : max - min;
  const steps = CHARSET_FILL.length * GRAPH_ROWS;
  let output = '';
  for (let row = 0; ; row++) {
    let more = false;
    const chars = new Array<string>(length).fill(' ');
    for (let column = 0; column < length; column++) {
      const sample = samples[column + offset];
      let step = Math.trunc(Math.trunc((sample.value - min) * steps) / relativeMax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < GRAPH_ROWS) {
        more = true;
        const index = step - (GRAPH_ROWS - row - 1) * CHARSET_FILL.length;
        if (index >= 0 && index < CHARSET_FILL.length) chars[column] = CHARSET_FILL[index];
        else if (index >= CHARSET_FILL.length) chars[column] = '|';
      } else {
        // Every sample has a label: one blank row separates the graph from them.
        if (row - GRAPH_ROWS < LABEL_MARGIN_TOP) {
          more = true;
          break;
        }
        const labelChar = row - GRAPH_ROWS - LABEL_MARGIN_TOP;
        if (sample.label.length > labelChar) {
          more = true;
          chars[column] = sample.label[labelChar];
        }
      }
    }
    if (!more) return output;
    output += `${chars.join('')}\n`;
  }
}

/** The graph of `event`'s samples, `nowSeconds` being now. */
export function latencyGraph(event: string, series: LatencySeries, nowSeconds: number): string {
  const samples = series.samples().map(({ timeSeconds, latencyMs }) => ({ value: latencyMs, label: ageLabel(nowSeconds - timeSeconds) }));
  let min = 0;
  let max = 0;
  for (const [index, { value }] of samples.entries()) {
    min = index === 0 ? value : Math.min(min, value);
    max = index === 0 ? value : Math.max(max, value);
  }
  let graph = `${event} - high ${max} ms, low ${min} ms (all time high ${series.maxMs} ms)\n${'-'.repeat(GRAPH_COLUMNS)}\n`;
  for (let offset = 0; offset < samples.length; offset += GRAPH_COLUMNS) {
    if (offset !== 0) graph += '\n';
    graph += renderRange(samples, min, max, offset, Math.min(samples.length - offset, GRAPH_COLUMNS));
  }
  return graph;
}
