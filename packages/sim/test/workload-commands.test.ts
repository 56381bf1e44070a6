/**
 * Every write command of core's command table (and every read that declares a log rule, such as
 * PFCOUNT) is drawn by the simulator's workload — the original generators or the extended
 * stream's — or excused here with the reason. A command that is drawn cannot stay excused, so
 * the list only shrinks. Drawn means: a generator's command (or container|subcommand) name,
 * over many draws from a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, seededRandom } from '@ballast/core';
import { EXTENDED_GENERATORS } from '../src/simulation/workload-extended.js';
import { GENERATORS } from '../src/simulation/workload.js';
import { RESTORE_GENERATORS } from '../src/simulation/workload-restore.js';

const DRAWS_PER_GENERATOR = 400;

/** Write commands the workload does not draw, and why. */
const EXCUSED: Record<string, string> = {
  'xgroup|setconsumer': 'internal: how the AOF restores a consumer; only replay sends it',
  'xgroup|setpending': 'internal: how the AOF restores pending entries; only replay sends it',
};

function writeCommands(): string[] {
  return ALL_COMMANDS.flatMap((definition) => [definition, ...(definition.subcommands ?? []).map((sub) => ({ ...sub, name: `${definition.name}|${sub.name}` }))])
    .filter((definition) => definition.flags.includes('write') || definition.logAs !== undefined)
    .map((definition) => definition.name);
}

function drawnNames(): Set<string> {
  const random = seededRandom(1);
  const names = new Set<string>();
  for (const [, generate] of [...GENERATORS, ...EXTENDED_GENERATORS]) {
    for (let draw = 0; draw < DRAWS_PER_GENERATOR; draw++) {
      const args = generate(random);
      names.add(args[0].toLowerCase());
      if (args.length > 1) names.add(`${args[0]}|${args[1]}`.toLowerCase());
    }
  }
  return names;
}

describe('the workload draws every write command', () => {
  const drawn = drawnNames();
  const writes = writeCommands();

  it('each write command is drawn or excused', () => {
    expect(writes.filter((name) => !drawn.has(name) && !(name in EXCUSED))).toEqual([]);
  });

  it('no excused command is drawn, and every excuse names a write command', () => {
    expect(Object.keys(EXCUSED).filter((name) => drawn.has(name))).toEqual([]);
    expect(Object.keys(EXCUSED).filter((name) => !writes.includes(name))).toEqual([]);
  });

  it('RESTORE is drawn with REPLACE, ABSTTL, relative TTLs and refusable payloads', () => {
    const random = seededRandom(2);
    const restores = Array.from({ length: 500 }, () => RESTORE_GENERATORS[0][1](random));
    expect(restores.every((args) => args[0] === 'RESTORE')).toBe(true);
    expect(restores.some((args) => args.includes('REPLACE'))).toBe(true);
    expect(restores.some((args) => args.includes('ABSTTL') && args[2] === '1')).toBe(true);
    expect(restores.some((args) => !args.includes('ABSTTL') && args[2] !== '0')).toBe(true);
    // The value's RDB type byte: string 0, set 2, hash 4, sorted set 5, intset 11, hash and sorted-set listpacks 16 and 17, list (quicklist) 18.
    expect([...new Set(restores.map((args) => args[3].charCodeAt(0)))]).toEqual(expect.arrayContaining([0, 2, 4, 5, 11, 16, 17, 18]));
  });
});
