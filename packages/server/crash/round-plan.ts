/**
 * The seeded timetable of one kill cycle: how long clients write before the SIGKILL and when
 * BGREWRITEAOF is asked for. Some kills are placed just after a rewrite request, so that kills
 * during a rewrite are common rather than lucky.
 */
import type { FsyncMode } from '@ballast/core';
import type { Draw } from './draw.js';

export interface RoundPlan {
  /** Milliseconds after the clients start when the server is killed. */
  readonly killAtMs: number;
  /** Milliseconds after the clients start when BGREWRITEAOF is sent, ascending. */
  readonly rewriteAtMs: readonly number[];
}

const WRITE_MS_MIN = 50;
const WRITE_MS_MAX = 800;
/**
 * Under everysec the check only bites on writes acknowledged more than the loss window before
 * the kill, so some rounds must write for longer than that window.
 */
const EVERYSEC_WRITE_MS_MAX = 3500;
const REWRITES_MAX = 3;
const REWRITE_BEFORE_KILL_CHANCE = 0.4;
const REWRITE_BEFORE_KILL_MS_MAX = 10;

export function planRound(draw: Draw, appendfsync: FsyncMode): RoundPlan {
  const killAtMs = draw.int(WRITE_MS_MIN, appendfsync === 'everysec' ? EVERYSEC_WRITE_MS_MAX : WRITE_MS_MAX);
  const rewriteAtMs = Array.from({ length: draw.int(0, REWRITES_MAX) }, () => draw.int(0, killAtMs));
  if (draw.chance(REWRITE_BEFORE_KILL_CHANCE)) rewriteAtMs.push(killAtMs - draw.int(0, REWRITE_BEFORE_KILL_MS_MAX));
  return { killAtMs, rewriteAtMs: rewriteAtMs.sort((a, b) => a - b) };
}
