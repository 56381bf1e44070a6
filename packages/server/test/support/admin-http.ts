/**
 * Helpers for the admin endpoint tests: start the real binary with `--admin-port`, GET a route,
 * and scrape /metrics through prom2javascript (a Prometheus text-format parser from npm), with a
 * lookup of one sample by labels.
 */
import { getMetricsFromIterator, type PromData, type PromHistogramData, type PromMetrics } from 'prom2javascript';
import { freePort, startBallast, type RunningBallast } from './ballast-server.js';

export interface AdminBallast extends RunningBallast {
  readonly adminPort: number;
}

export async function startWithAdmin(options: { args?: string[]; shards?: number; env?: NodeJS.ProcessEnv } = {}): Promise<AdminBallast> {
  const adminPort = await freePort();
  const server = await startBallast({ ...options, args: ['--admin-port', String(adminPort), ...(options.args ?? [])] });
  return Object.assign(server, { adminPort });
}

export async function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

export async function scrape(port: number): Promise<PromMetrics> {
  const { status, type, body } = await get(port, '/metrics');
  if (status !== 200) throw new Error(`/metrics answered ${status}: ${body}`);
  if (!type.startsWith('text/plain; version=0.0.4')) throw new Error(`/metrics content type ${type}`);
  return getMetricsFromIterator(body.split('\n')[Symbol.iterator]());
}

function labelsMatch(actual: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([name, value]) => actual[name] === value);
}

/** The value of a counter or gauge sample whose labels include `labels`; throws when there is none. */
export function sample(metrics: PromMetrics, name: string, labels: Record<string, string> = {}): number {
  const metric = metrics[name];
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const found = (metric.data as PromData[]).find((data) => labelsMatch(data.labels, labels));
  if (found === undefined) throw new Error(`no sample of ${name} with ${JSON.stringify(labels)}`);
  return found.value;
}

/** The histogram series of `name` whose labels include `labels` (undefined when absent). */
export function histogram(metrics: PromMetrics, name: string, labels: Record<string, string>): PromHistogramData | undefined {
  return (metrics[name]?.data as PromHistogramData[] | undefined)?.find((data) => labelsMatch(data.labels, labels));
}
