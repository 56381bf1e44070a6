/**
 * Regression (found by the simulator's extended workload, seeds 71 and 285 of `ballast-sim swarm
 * --extended 0.6`, once MOVE was drawn): MOVE compared its target with the client's database
 * rather than the one the command ran in. Replay runs every effect as a client that stays on
 * database 0 and selects through its context, so a logged `MOVE k 0` from database 1 was refused
 * ("source and destination objects are the same") and ballast-server would not start again, and
 * `MOVE k 5` from database 2 did nothing. The keyspace replayed from the log must equal the one
 * that wrote it, for moves from any database to any other.
 */
import { describe, expect, it } from 'vitest';
import { writeAndReplay, type Step } from '../support/replay-history.js';

const command = (...args: string[]): Step => ({ kind: 'command', args });

describe('MOVE replays from the database it was run in', () => {
  const steps: Step[] = [
    command('SELECT', '1'), command('SET', 'k', 'v'), command('MOVE', 'k', '0'),
    command('SELECT', '2'), command('RPUSH', 'j', 'a', 'b'), command('PEXPIREAT', 'j', '4102444800000'), command('MOVE', 'j', '5'),
    command('SELECT', '0'), command('SADD', 's', 'x'), command('MOVE', 's', '3'),
    command('SELECT', '3'), command('MOVE', 's', '3'), command('MOVE', 's', '0'),
  ];
  for (const shards of [1, 4]) {
    it(`shards=${shards}`, () => {
      const { written, replayed } = writeAndReplay({ shards }, steps);
      expect(written.some((line) => line.includes('"k"'))).toBe(true);
      expect(replayed).toEqual(written);
    });
  }
});
