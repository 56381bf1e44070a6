/** @ballast/server: the ballast-server binary's parts, for tests and embedding. */
export { main } from './main.js';
export { parseCommandLine, parseConfigFile, helpText, type CliRequest } from './cli.js';
export { TcpListener } from './tcp-listener.js';
export { NodeClock } from './node-clock.js';
export { METRIC_DEFINITIONS, METRICS, COMMAND_SECONDS_BUCKETS, SYNC_SECONDS_BUCKETS, type MetricDefinition, type MetricType } from './admin/metric-definitions.js';
