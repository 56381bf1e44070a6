/**
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP, as Redis 7.0's
 * latencyCommand, and INFO latencystats. The event samples are the engine's LatencyMonitor
 * (latency-monitor.ts); the per-command histograms (latency-tracking) hang off INFO
 * commandstats' entries, so CONFIG RESETSTAT clears them, as in Redis.
 */
import type { CommandContext, CommandDefinition } from '../types.js';
import type { EngineServices } from '../services.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, VerbatimString, type Reply } from '../../resp/reply.js';
import { helpReply } from './help.js';
import { latencyReport } from './latency-doctor.js';
import { latencyGraph } from './latency-graph.js';
import type { LatencyHistogram } from './latency-histogram.js';
import { containerHandler, serverSpec } from './spec.js';
import { formatPercentile, parsePercentiles } from '../../config/percentiles.js';

/** LATENCY HISTOGRAM's entry for one command: `calls` and the cumulative `histogram_usec` buckets. */
function histogramReply(histogram: LatencyHistogram): MapReply {
  const buckets = histogram.cumulativeBuckets().map(({ microseconds, calls }) => [microseconds, calls] as const);
  return new MapReply([['calls', histogram.totalCount], ['histogram_usec', new MapReply(buckets)]]);
}

function histogramOf(engine: EngineServices, fullName: string): LatencyHistogram | null {
  return engine.stats.commands.get(fullName)?.histogram ?? null;
}

/** A command and its subcommands, each with its full name (`client|id`). */
function withSubcommands(definition: CommandDefinition): Array<[string, CommandDefinition]> {
  return [[definition.name, definition], ...(definition.subcommands ?? []).map((sub) => [`${definition.name}|${sub.name}`, sub] as [string, CommandDefinition])];
}

/** lookupCommandBySds: `name` or `container|sub`, case-insensitive. */
function lookupFullName(engine: EngineServices, name: ByteString): Array<[string, CommandDefinition]> | undefined {
  const parts = name.toLowerCase().split('|');
  const definition = engine.command(parts[0]);
  if (definition === undefined || parts.length > 2) return undefined;
  if (parts.length === 1) return withSubcommands(definition);
  const sub = definition.subcommands?.find((candidate) => candidate.name === parts[1]);
  return sub === undefined ? undefined : [[`${definition.name}|${sub.name}`, sub]];
}

/** LATENCY HISTOGRAM [command ...]: every command with a histogram, or the ones named (a container also gives its subcommands'). */
function histograms(context: CommandContext, args: readonly ByteString[]): Reply {
  const { engine } = context;
  const named = args.length === 2
    ? engine.commands().flatMap(withSubcommands)
    : args.slice(2).flatMap((name) => lookupFullName(engine, name) ?? []);
  const entries: Array<[Reply, Reply]> = [];
  for (const [fullName] of named) {
    const histogram = histogramOf(engine, fullName);
    if (histogram !== null) entries.push([fullName, histogramReply(histogram)]);
  }
  return new MapReply(entries);
}

function doctor(context: CommandContext): Reply {
  const { config, latency } = context.engine;
  return new VerbatimString(latencyReport(latency, {
    slowlogSlowerThanUs: config.integer('slowlog-log-slower-than'),
    appendfsyncAlways: config.string('appendfsync') === 'always',
    hz: config.integer('hz'),
  }));
}

function graph(context: CommandContext, args: readonly ByteString[]): Reply {
  const { latency } = context.engine;
  const series = latency.events.get(args[2]);
  if (series === undefined) return new ErrorReply(`ERR No samples available for event '${args[2]}'`);
  return new VerbatimString(latencyGraph(args[2], series, latency.nowSeconds()));
}

/** `p50=1.003,p99=…` for one histogram, as fillPercentileDistributionLatencies writes it. */
function percentilesText(histogram: LatencyHistogram, percentiles: readonly number[]): string {
  return percentiles.map((percentile) => `p${formatPercentile(percentile)}=${(histogram.valueAtPercentileNs(percentile) / 1000).toFixed(3)}`).join(',');
}

/** INFO latencystats: one `latency_percentiles_usec_<command>` line per command with a histogram (none while latency-tracking is off). */
export function latencyStatsLines(engine: EngineServices): string[] {
  if (!engine.config.boolean('latency-tracking')) return [];
  const percentiles = parsePercentiles(engine.config.string('latency-tracking-info-percentiles'));
  const lines: string[] = [];
  for (const [fullName, { histogram }] of engine.stats.commands) {
    if (histogram !== null) lines.push(`latency_percentiles_usec_${fullName}:${percentilesText(histogram, percentiles)}`);
  }
  return lines;
}

const HELP_LINES = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;

export const LATENCY_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'latency', arity: -2, flags: [], summary: 'A container for latency diagnostics commands', since: '2.8.13',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('latency'),
  subcommands: [
    {
      ...serverSpec({ name: 'doctor', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Return a human readable latency analysis report.', since: '2.8.13', syntax: '' }),
      handler: doctor,
    },
    {
      ...serverSpec({ name: 'graph', arity: 3, flags: [...ADMIN_FLAGS], summary: 'Return a latency graph for the event.', since: '2.8.13', syntax: 'event' }),
      handler: graph,
    },
    {
      ...serverSpec({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands.', since: '2.8.13', syntax: '' }),
      handler: () => helpReply('LATENCY', HELP_LINES),
    },
    {
      ...serverSpec({
        name: 'histogram', arity: -2, flags: [...ADMIN_FLAGS], since: '7.0.0', syntax: '[command [command ...]]',
        summary: 'Return the cumulative distribution of latencies of a subset of commands or all.',
        complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
      }),
      handler: histograms,
    },
    {
      ...serverSpec({ name: 'history', arity: 3, flags: [...ADMIN_FLAGS], summary: 'Return timestamp-latency samples for the event.', since: '2.8.13', syntax: 'event' }),
      handler: (context, args) => (context.engine.latency.events.get(args[2])?.samples() ?? []).map(({ timeSeconds, latencyMs }) => [timeSeconds, latencyMs]),
    },
    {
      ...serverSpec({ name: 'latest', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Return the latest latency samples for all events.', since: '2.8.13', syntax: '' }),
      handler: (context) => [...context.engine.latency.events].map(([event, series]) => {
        const { timeSeconds, latencyMs } = series.latest;
        return [event, timeSeconds, latencyMs, series.maxMs];
      }),
    },
    {
      ...serverSpec({ name: 'reset', arity: -2, flags: [...ADMIN_FLAGS], summary: 'Reset latency data for one or more events.', since: '2.8.13', syntax: '[event [event ...]]' }),
      handler(context, args) {
        const { latency } = context.engine;
        if (args.length === 2) return latency.reset();
        let resets = 0;
        for (const event of args.slice(2)) resets += latency.reset(event);
        return resets;
      },
    },
  ],
};
