/**
 * HostInfo for core: facts about this process that core may not read itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { HostInfo } from '@ballast/core';

export const BALLAST_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

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
  };
}
