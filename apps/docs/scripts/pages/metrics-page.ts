/**
 * The metrics reference: every metric the admin endpoint's GET /metrics serves, from the
 * server's METRIC_DEFINITIONS, with its type, labels and help, and the histogram buckets.
 */
import { COMMAND_SECONDS_BUCKETS, METRIC_DEFINITIONS, METRICS, SYNC_SECONDS_BUCKETS } from '@ballast/server';
import { code, escape, referencePageHead, table } from '../markdown.js';

function buckets(bounds: readonly number[]): string {
  return `${bounds.map((bound) => code(String(bound))).join(' ')} ${code('+Inf')}`;
}

export function metricsPage(): string {
  const rows = METRIC_DEFINITIONS.map((definition) => [
    `<span id="${definition.name}"></span>${code(definition.name)}`,
    definition.type,
    definition.labels.map(code).join(' '),
    escape(definition.help),
  ]);
  return [
    ...referencePageHead('Metrics reference', '`METRIC_DEFINITIONS` in `packages/server/src/admin/metric-definitions.ts`', { aside: false }),
    '',
    `\`GET /metrics\` on the [admin endpoint](../guide/admin-endpoint.md) serves ${METRIC_DEFINITIONS.length} metrics in the Prometheus`,
    'text format (version 0.0.4). Every metric is always declared (`# HELP`, `# TYPE`); the AOF metrics have samples only',
    'while `appendonly yes` and recovery has finished. Counters count from the start of the process unless the help says',
    'that `CONFIG RESETSTAT` resets them. Which of these to alert on, and at what thresholds: [monitoring and alerting](../runbooks/monitoring.md).',
    '',
    table(['metric', 'type', 'labels', 'description'], rows),
    '',
    '## Histogram buckets',
    '',
    `- ${code(METRICS.commandSeconds.name)} (seconds): ${buckets(COMMAND_SECONDS_BUCKETS)}`,
    `- ${code(METRICS.aofSyncSeconds.name)} (seconds): ${buckets(SYNC_SECONDS_BUCKETS)}`,
    '',
    'Command times are measured in whole microseconds, as for `INFO commandstats`.',
    '',
  ].join('\n');
}
