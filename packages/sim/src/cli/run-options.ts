/**
 * The options every ballast-sim subcommand that runs a seed accepts, and the one-line command
 * that reproduces a run. Options not given are drawn from the seed (swarm-options.ts); the
 * reproduce line spells every option out, so it replays the same run even after the swarm's
 * drawing changes.
 */
import { MAXMEMORY_POLICIES, type MaxmemoryPolicy } from '@ballast/core';
import { PLANTED_DEFECT_NAMES, type PlantedDefectName } from '@ballast/core/testing';
import { DISK_FAULTS_NONE, type DiskFaults } from '../disk-faults.js';
import type { SimulationOptions } from '../simulation/simulation.js';
import type { SimulationOverrides } from '../simulation/swarm-options.js';
import { integerOption } from './arguments.js';

const MODES = new Set(['always', 'everysec', 'no']);
const PROBABILITIES = {
  'power-loss': 'powerLossProbability',
  'bit-rot': 'bitRotProbability',
  reads: 'readProbability',
  pipelines: 'pipelineProbability',
  rewrite: 'rewriteProbability',
  'fsync-change': 'fsyncChangeProbability',
  pauses: 'pauseProbability',
  'in-flight-crashes': 'inFlightCrashProbability',
  'recent-reads': 'recentReadProbability',
  extended: 'extendedProbability',
} as const;
const FAULT_NAMES = Object.keys(DISK_FAULTS_NONE) as Array<keyof DiskFaults>;

export const RUN_OPTIONS_USAGE = '[--ops N] [--shards K] [--appendfsync MODE] [--clients C] [--crashes X] [--power-loss P] [--bit-rot P] '
  + '[--reads P] [--pipelines P] [--rewrite P] [--fsync-change P] [--pauses P] [--in-flight-crashes P] [--recent-reads P] [--extended P] '
  + '[--maxmemory BYTES] [--maxmemory-policy POLICY] [--faults none|name=value,...] '
  + '[--crash-after n,m,...] [--keep i,j,...]';

export function overridesFrom(values: Map<string, string>): SimulationOverrides {
  const overrides: { -readonly [K in keyof SimulationOverrides]: SimulationOverrides[K] } = {};
  if (values.has('ops')) overrides.ops = integerOption(values, 'ops', 0);
  if (values.has('shards')) overrides.shards = Math.max(1, integerOption(values, 'shards', 1));
  if (values.has('crashes')) overrides.crashes = integerOption(values, 'crashes', 0);
  if (values.has('clients')) overrides.clients = Math.max(1, integerOption(values, 'clients', 1));
  const mode = values.get('appendfsync');
  if (mode !== undefined) {
    if (!MODES.has(mode)) throw new Error(`--appendfsync must be always, everysec or no, got '${mode}'`);
    overrides.appendfsync = mode as SimulationOptions['appendfsync'];
  }
  for (const [flag, key] of Object.entries(PROBABILITIES)) {
    const text = values.get(flag);
    if (text !== undefined) overrides[key] = probability(flag, text);
  }
  if (values.has('maxmemory')) overrides.maxmemoryBytes = integerOption(values, 'maxmemory', 0);
  const policy = values.get('maxmemory-policy');
  if (policy !== undefined) {
    if (!(MAXMEMORY_POLICIES as readonly string[]).includes(policy)) throw new Error(`--maxmemory-policy must be one of ${MAXMEMORY_POLICIES.join(', ')}, got '${policy}'`);
    overrides.maxmemoryPolicy = policy as MaxmemoryPolicy;
  }
  const faults = values.get('faults');
  if (faults !== undefined) overrides.faults = parseFaults(faults);
  const keep = values.get('keep');
  if (keep !== undefined) overrides.keep = new Set(parseList('keep', keep));
  const crashAfter = values.get('crash-after');
  if (crashAfter !== undefined) overrides.crashAfter = parseList('crash-after', crashAfter);
  const plant = values.get('plant');
  if (plant !== undefined) overrides.plant = plantedDefect(plant);
  return overrides;
}

function probability(flag: string, text: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && value >= 0 && value <= 1)) throw new Error(`--${flag} must be a probability in [0, 1], got '${text}'`);
  return value;
}

function parseFaults(text: string): Partial<DiskFaults> {
  if (text === 'none') return {};
  const faults: { -readonly [K in keyof DiskFaults]?: number } = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=');
    if (!FAULT_NAMES.includes(name as keyof DiskFaults)) throw new Error(`--faults: unknown fault '${name}' (known: ${FAULT_NAMES.join(', ')})`);
    const number = value === 'Infinity' ? Number.POSITIVE_INFINITY : Number(value);
    if (value === undefined || !(number >= 0)) throw new Error(`--faults: '${part}' needs a non-negative number`);
    faults[name as keyof DiskFaults] = number;
  }
  return faults;
}

function parseList(flag: string, text: string): number[] {
  const numbers = text === '' ? [] : text.split(',').map(Number);
  if (!numbers.every((number) => Number.isSafeInteger(number) && number >= 0)) throw new Error(`--${flag} must be whole numbers separated by commas, got '${text}'`);
  return numbers;
}

function formatFaults(faults: Partial<DiskFaults>): string {
  const parts = Object.entries(faults).filter(([, value]) => value !== undefined).map(([name, value]) => `${name}=${value}`);
  return parts.length === 0 ? 'none' : parts.join(',');
}

export function reproduceLine(options: SimulationOptions): string {
  const keep = options.keep === undefined ? '' : ` --keep ${[...options.keep].sort((a, b) => a - b).join(',')}`;
  const crashAfter = options.crashAfter === undefined || options.crashAfter.length === 0 ? '' : ` --crash-after ${options.crashAfter.join(',')}`;
  const crashes = options.crashAfter?.length ?? options.crashes;
  return `ballast-sim run --seed ${options.seed} --ops ${options.ops} --shards ${options.shards} --appendfsync ${options.appendfsync} `
    + `--clients ${options.clients} --crashes ${crashes} --power-loss ${options.powerLossProbability} --bit-rot ${options.bitRotProbability} `
    + `--reads ${options.readProbability} --pipelines ${options.pipelineProbability} --rewrite ${options.rewriteProbability} --fsync-change ${options.fsyncChangeProbability} `
    + `--pauses ${options.pauseProbability ?? 0} --in-flight-crashes ${options.inFlightCrashProbability ?? 0} --recent-reads ${options.recentReadProbability ?? 0} --extended ${options.extendedProbability ?? 0} `
    + `--maxmemory ${options.maxmemoryBytes ?? 0} --maxmemory-policy ${options.maxmemoryPolicy ?? 'noeviction'} `
    + `--faults ${formatFaults(options.faults)}${crashAfter}${keep}${options.plant === undefined ? '' : ` --plant ${options.plant}`}`;
}

/** --plant NAME: one planted defect on for the run (how a mutant's catch is replayed and shrunk). */
function plantedDefect(name: string): PlantedDefectName {
  if (!(PLANTED_DEFECT_NAMES as readonly string[]).includes(name)) throw new Error(`--plant: unknown defect '${name}' (known: ${PLANTED_DEFECT_NAMES.join(', ')})`);
  return name as PlantedDefectName;
}
