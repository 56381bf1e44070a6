/**
 * HostInfo for core: facts about this process that core may not read itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { CpuUsage, HostInfo } from '@ballast/core';
import packageJson from '../package.json' with { type: 'json' };

export const BALLAST_VERSION: string = packageJson.version;

/** /proc reports CPU times in USER_HZ ticks, 1/100 s on Linux whatever the kernel's HZ. */
const MICROSECONDS_PER_PROC_TICK = 10_000;

/**
 * Fields 14-17 of a /proc stat file (utime, stime, cutime, cstime) in microseconds, or undefined
 * where there is no such file (not Linux). The command name (field 2) may hold spaces and
 * parentheses, so fields are counted from the last ')'.
 */
function procStatTimesUs(path: string): number[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state), so field n is fields[n - 3].
  const ticks = fields.slice(11, 15).map(Number);
  if (ticks.length !== 4 || !ticks.every(Number.isFinite)) return undefined;
  return ticks.map((count) => count * MICROSECONDS_PER_PROC_TICK);
}

/**
 * What Redis reads with getrusage: the process from process.cpuUsage (µs); waited-for children
 * from /proc/self/stat (Ballast starts none, so 0 in practice); the main thread from
 * process.threadCpuUsage where Node has it, else from the main thread's /proc stat (10 ms
 * ticks), else not at all — Redis too leaves those lines out where it cannot measure them.
 */
export function processCpuUsage(): CpuUsage {
  const self = process.cpuUsage();
  const processTimes = procStatTimesUs('/proc/self/stat');
  const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  let mainThread: CpuUsage['mainThread'];
  if (threadCpuUsage !== undefined) {
    const thread = threadCpuUsage.call(process);
    mainThread = { systemUs: thread.system, userUs: thread.user };
  } else {
    const threadTimes = procStatTimesUs(`/proc/self/task/${process.pid}/stat`);
    if (threadTimes !== undefined) mainThread = { systemUs: threadTimes[1], userUs: threadTimes[0] };
  }
  return {
    systemUs: self.system,
    userUs: self.user,
    childrenSystemUs: processTimes?.[3] ?? 0,
    childrenUserUs: processTimes?.[2] ?? 0,
    mainThread,
  };
}

export function createHostInfo(options: { tcpPort: number; configFile: string }): HostInfo {
  return {
    version: BALLAST_VERSION,
    processId: process.pid,
    runId: randomBytes(20).toString('hex'),
    tcpPort: options.tcpPort,
    executable: process.argv[1] ?? '',
    configFile: options.configFile,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryUsage: () => {
      // Started with --expose-gc (the benchmark does), collect first so used_memory is exact.
      (globalThis as { gc?: () => void }).gc?.();
      const usage = process.memoryUsage();
      return { usedBytes: usage.heapUsed + usage.external + usage.arrayBuffers, rssBytes: usage.rss };
    },
    cpuUsage: processCpuUsage,
    // ACL GENPASS: the kernel's random source, as Redis's getRandomHexChars.
    randomBytes: (count) => new Uint8Array(randomBytes(count)),
  };
}
