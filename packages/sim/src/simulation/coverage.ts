/**
 * How much material the checks had: a check that never runs proves nothing, so every run counts
 * what it checked and the swarm reports the totals (`ballast-sim swarm` prints them).
 */
export interface CheckCoverage {
  /** Crash epochs (not clean shutdowns) that ended in each mode. */
  crashEpochsAlways: number;
  crashEpochsEverysec: number;
  /** Of those, the epochs where the durability check had at least one window to check. */
  crashEpochsAlwaysChecked: number;
  crashEpochsEverysecChecked: number;
  /** Acknowledged logging windows the durability check held to the cut, per mode. */
  windowsAlways: number;
  windowsEverysec: number;
  /** Reads the phantom-read check re-ran, and the epochs that had any. */
  phantomReads: number;
  phantomReadEpochs: number;
  /** Keys the engines under test evicted (maxmemory): DELs that the prefix check then saw replayed. */
  evictedKeys: number;
}

export function emptyCoverage(): CheckCoverage {
  return {
    crashEpochsAlways: 0, crashEpochsEverysec: 0, crashEpochsAlwaysChecked: 0, crashEpochsEverysecChecked: 0,
    windowsAlways: 0, windowsEverysec: 0, phantomReads: 0, phantomReadEpochs: 0, evictedKeys: 0,
  };
}

export function addCoverage(total: CheckCoverage, more: CheckCoverage): void {
  for (const key of Object.keys(total) as (keyof CheckCoverage)[]) total[key] += more[key];
}

export function describeCoverage(coverage: CheckCoverage): string {
  const { crashEpochsAlways, crashEpochsAlwaysChecked, crashEpochsEverysec, crashEpochsEverysecChecked } = coverage;
  return `durability checked ${coverage.windowsAlways} always and ${coverage.windowsEverysec} everysec windows; `
    + `crash epochs with material: always ${crashEpochsAlwaysChecked}/${crashEpochsAlways}, everysec ${crashEpochsEverysecChecked}/${crashEpochsEverysec}; `
    + `phantom reads re-run: ${coverage.phantomReads} in ${coverage.phantomReadEpochs} epochs; keys evicted: ${coverage.evictedKeys}`;
}
