/**
 * Writes the Prometheus text exposition format (version 0.0.4): for every metric a `# HELP` and
 * a `# TYPE` line, then its samples. Label values are escaped (backslash, quote, newline);
 * numbers are written as Go's strconv would accept them (+Inf, -Inf, NaN).
 */
import type { Histogram } from './histogram.js';
import type { MetricDefinition } from './metric-definitions.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Collects samples per metric, then renders them in the order the metrics were declared. */
export class PrometheusText {
  private readonly samples = new Map<MetricDefinition, string[]>();

  constructor(private readonly definitions: readonly MetricDefinition[]) {
    for (const definition of definitions) this.samples.set(definition, []);
  }

  /** One counter or gauge sample. */
  value(definition: MetricDefinition, value: number, labels: Labels = {}): void {
    this.checkLabels(definition, labels, definition.type !== 'histogram');
    this.lines(definition).push(`${definition.name}${formatLabels(labels)} ${formatNumber(value)}`);
  }

  histogram(definition: MetricDefinition, histogram: Histogram, labels: Labels = {}): void {
    this.checkLabels(definition, labels, definition.type === 'histogram');
    const lines = this.lines(definition);
    const cumulative = histogram.cumulative();
    histogram.bounds.forEach((bound, index) => {
      lines.push(`${definition.name}_bucket${formatLabels({ ...labels, le: formatNumber(bound) })} ${cumulative[index]}`);
    });
    lines.push(`${definition.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${histogram.count}`);
    lines.push(`${definition.name}_sum${formatLabels(labels)} ${formatNumber(histogram.sum)}`);
    lines.push(`${definition.name}_count${formatLabels(labels)} ${histogram.count}`);
  }

  render(): string {
    let text = '';
    for (const definition of this.definitions) {
      text += `# HELP ${definition.name} ${escapeHelp(definition.help)}\n# TYPE ${definition.name} ${definition.type}\n`;
      for (const line of this.samples.get(definition)!) text += `${line}\n`;
    }
    return text;
  }

  private lines(definition: MetricDefinition): string[] {
    const lines = this.samples.get(definition);
    if (lines === undefined) throw new Error(`metric ${definition.name} is not declared`);
    return lines;
  }

  private checkLabels(definition: MetricDefinition, labels: Labels, typeMatches: boolean): void {
    if (!typeMatches) throw new Error(`metric ${definition.name} is a ${definition.type}`);
    const names = Object.keys(labels);
    if (names.length !== definition.labels.length || names.some((name, index) => name !== definition.labels[index])) {
      throw new Error(`metric ${definition.name} takes labels [${definition.labels.join(', ')}], got [${names.join(', ')}]`);
    }
  }
}
