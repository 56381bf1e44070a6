/**
 * LATENCY DOCTOR's report, as Redis 7.0's createLatencyReport writes it: a line per event with
 * its statistics and event-specific remarks, then the advice those events call for, in Redis's
 * order and words. Ballast never forks and cannot see transparent huge pages, so the fork and
 * THP advice never appears; the rest depends on the events recorded and on the configuration.
 */
import type { LatencyMonitor } from './latency-monitor.js';
import { fixed2 } from './format.js';

/** The settings the advice depends on. */
export interface DoctorSettings {
  readonly slowlogSlowerThanUs: number;
  readonly appendfsyncAlways: boolean;
  readonly hz: number;
}

type Advice =
  | 'slowlogEnabled' | 'slowlogTuning' | 'slowlogInspect' | 'scheduler' | 'localDisk' | 'ssd' | 'dataWriteback'
  | 'diskContention' | 'noAppendfsync' | 'relaxFsyncPolicy' | 'writeLoadInfo' | 'hz' | 'largeObjects' | 'massEviction';

/** Which advice each event calls for (besides `command`, which depends on the slow log). */
const EVENT_ADVICE: ReadonlyMap<string, readonly Advice[]> = new Map<string, readonly Advice[]>([
  ['fast-command', ['scheduler']],
  ['aof-write-pending-fsync', ['localDisk', 'diskContention', 'ssd', 'dataWriteback']],
  ['aof-write-active-child', ['noAppendfsync', 'dataWriteback', 'ssd']],
  ['aof-write-alone', ['localDisk', 'dataWriteback', 'ssd']],
  ['aof-fsync-always', ['relaxFsyncPolicy']],
  ['aof-fstat', ['diskContention', 'localDisk']],
  ['rdb-unlink-temp-file', ['diskContention', 'localDisk']],
  ['aof-rewrite-diff-write', ['writeLoadInfo', 'dataWriteback', 'ssd', 'localDisk']],
  ['aof-rename', ['writeLoadInfo', 'dataWriteback', 'ssd', 'localDisk']],
  ['expire-cycle', ['hz', 'largeObjects']],
  ['eviction-del', ['largeObjects']],
  ['eviction-cycle', ['massEviction']],
]);

const DISABLED = 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';
const NO_SPIKES = 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
const NO_EASY_FIX = '\nWhile there are latency events logged, I\'m not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n';

/** The advice texts in the order Redis prints them; `settings` fills in the numbers. */
function adviceText(advice: Advice, monitor: LatencyMonitor, settings: DoctorSettings): string | null {
  const thresholdUs = monitor.thresholdMs * 1000;
  switch (advice) {
    case 'slowlogEnabled':
      return `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${thresholdUs}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
    case 'slowlogTuning':
      return `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${thresholdUs}'.\n`;
    case 'slowlogInspect':
      return '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
    case 'scheduler':
      return '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n'
        + '  1) Lower the system load.\n'
        + '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n'
        + '  3) Check if you have a "noisy neighbour" problem.\n'
        + '  4) Check with \'redis-cli --intrinsic-latency 100\' what is the intrinsic latency in your system.\n'
        + '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
    case 'localDisk':
      return '- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n';
    case 'ssd':
      return '- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n';
    case 'dataWriteback':
      return '- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n';
    case 'diskContention':
      return '- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n';
    case 'noAppendfsync':
      return '- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the \'no-appendfsync-on-rewrite\' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n';
    case 'relaxFsyncPolicy':
      return settings.appendfsyncAlways
        ? '- Your fsync policy is set to \'always\'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to \'onesec\'.\n'
        : null;
    case 'writeLoadInfo':
      return '- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n';
    case 'hz':
      return settings.hz < 100
        ? '- In order to make the Redis keys expiring process more incremental, try to set the \'hz\' configuration parameter to 100 using \'CONFIG SET hz 100\'.\n'
        : null;
    case 'largeObjects':
      return '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
    case 'massEviction':
      return '- Sudden changes to the \'maxmemory\' setting via \'CONFIG SET\', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n';
  }
}

const ADVICE_ORDER: readonly Advice[] = [
  'slowlogEnabled', 'slowlogTuning', 'slowlogInspect', 'scheduler', 'localDisk', 'ssd', 'dataWriteback', 'diskContention',
  'noAppendfsync', 'relaxFsyncPolicy', 'writeLoadInfo', 'hz', 'largeObjects', 'massEviction',
];

/** createLatencyReport. */
export function latencyReport(monitor: LatencyMonitor, settings: DoctorSettings): string {
  if (monitor.events.size === 0 && monitor.thresholdMs === 0) return DISABLED;
  let report = '';
  const advices = new Set<Advice>();
  let adviceCount = 0;
  let eventNumber = 0;
  for (const [event, series] of monitor.events) {
    eventNumber++;
    if (eventNumber === 1) report += 'Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n';
    const analysis = monitor.analyze(series);
    report += `${eventNumber}. ${event}: ${analysis.samples} latency spikes (average ${analysis.averageMs}ms, mean deviation `
      + `${analysis.meanDeviationMs}ms, period ${fixed2(analysis.periodSeconds / analysis.samples)} sec). Worst all time event ${series.maxMs}ms.`;
    const lower = event.toLowerCase();
    if (lower === 'command') {
      if (settings.slowlogSlowerThanUs < 0) {
        advices.add('slowlogEnabled');
        adviceCount++;
      } else if (Math.trunc(settings.slowlogSlowerThanUs / 1000) > monitor.thresholdMs) {
        advices.add('slowlogTuning');
        adviceCount++;
      }
      advices.add('slowlogInspect').add('largeObjects');
      adviceCount += 2;
    }
    for (const advice of EVENT_ADVICE.get(lower) ?? []) {
      advices.add(advice);
      adviceCount++;
    }
    report += '\n';
  }
  if (eventNumber === 0 && adviceCount === 0) return report + NO_SPIKES;
  if (eventNumber > 0 && adviceCount === 0) return report + NO_EASY_FIX;
  report += '\nI have a few advices for you:\n\n';
  for (const advice of ADVICE_ORDER) {
    if (!advices.has(advice)) continue;
    report += adviceText(advice, monitor, settings) ?? '';
  }
  return report;
}
