/**
 * Scheduler: events fire in (time, scheduling order), cancelled ones never fire, time moves only
 * with events, and the async drivers let promise continuations run before time moves on.
 */
import { seededRandom } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/index.js';

describe('Scheduler', () => {
  it('fires events by time, then by scheduling order, and moves time to each', () => {
    const scheduler = new Scheduler({ startEpochMs: 1_000 });
    const fired: string[] = [];
    scheduler.schedule(20, () => fired.push(`b@${scheduler.monotonic()}`));
    scheduler.schedule(10, () => fired.push(`a@${scheduler.monotonic()}`));
    scheduler.schedule(20, () => fired.push(`c@${scheduler.monotonic()}`));
    scheduler.schedule(0, () => fired.push(`zero@${scheduler.now()}`));
    while (scheduler.step());
    expect(fired).toEqual(['zero@1000', 'a@10', 'b@20', 'c@20']);
    expect(scheduler.now()).toBe(1_020);
  });

  it('keeps (time, order) over many random events with cancellations', () => {
    const scheduler = new Scheduler();
    const random = seededRandom(9);
    const fired: Array<[number, number]> = [];
    const expected: Array<[number, number]> = [];
    for (let index = 0; index < 2000; index++) {
      const delayMs = Math.floor(random.next() * 50);
      const timer = scheduler.schedule(delayMs, () => fired.push([scheduler.monotonic(), index]));
      if (random.next() < 0.25) timer.cancel();
      else expected.push([delayMs, index]);
    }
    while (scheduler.step());
    expect(fired).toEqual(expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('never fires a cancelled event, and cancelling twice or after firing is harmless', () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    const first = scheduler.schedule(5, () => fired.push(1));
    const second = scheduler.schedule(5, () => fired.push(2));
    first.cancel();
    first.cancel();
    expect(scheduler.pendingEvents).toBe(1);
    expect(scheduler.step()).toBe(true);
    second.cancel();
    expect(scheduler.step()).toBe(false);
    expect(fired).toEqual([2]);
    expect(scheduler.pendingEvents).toBe(0);
  });

  it('schedules relative to the time of the event being fired', () => {
    const scheduler = new Scheduler();
    const times: number[] = [];
    scheduler.schedule(10, () => scheduler.schedule(5, () => times.push(scheduler.monotonic())));
    while (scheduler.step());
    expect(times).toEqual([15]);
  });

  it('rejects negative and non-finite delays', () => {
    const scheduler = new Scheduler();
    expect(() => scheduler.schedule(-1, () => undefined)).toThrow(/bad delay/);
    expect(() => scheduler.schedule(Number.NaN, () => undefined)).toThrow(/bad delay/);
  });

  it('runUntil fires what is due and stops the clock at the target', async () => {
    const scheduler = new Scheduler();
    const fired: number[] = [];
    for (const delayMs of [5, 10, 15]) scheduler.schedule(delayMs, () => fired.push(delayMs));
    await scheduler.runUntil(10);
    expect(fired).toEqual([5, 10]);
    expect(scheduler.monotonic()).toBe(10);
    await scheduler.runUntil(12);
    expect(scheduler.monotonic()).toBe(12);
    expect(scheduler.pendingEvents).toBe(1);
  });

  it('runUntilIdle lets promise continuations schedule more work before it returns', async () => {
    const scheduler = new Scheduler();
    const sleep = (delayMs: number): Promise<void> => new Promise((resolve) => scheduler.schedule(delayMs, resolve));
    const log: number[] = [];
    const task = (async () => {
      for (let round = 0; round < 3; round++) {
        await sleep(10);
        await Promise.resolve();
        log.push(scheduler.monotonic());
      }
    })();
    await scheduler.runUntilIdle();
    expect(log).toEqual([10, 20, 30]);
    await task;
  });

  it('settle returns the outcome, and throws when nothing is left that could settle it', async () => {
    const scheduler = new Scheduler();
    const value = new Promise<string>((resolve) => scheduler.schedule(7, () => resolve('done')));
    expect(await scheduler.settle(value)).toBe('done');
    expect(scheduler.monotonic()).toBe(7);
    const failing = new Promise((_, reject) => scheduler.schedule(1, () => reject(new Error('boom'))));
    await expect(scheduler.settle(failing)).rejects.toThrow('boom');
    await expect(scheduler.settle(new Promise(() => undefined))).rejects.toThrow(/can never settle/);
  });

  it('gives up on a timer that never stops after the event budget', async () => {
    const scheduler = new Scheduler({ eventsPerRunMax: 100 });
    const tick = (): void => void scheduler.schedule(1, tick);
    tick();
    await expect(scheduler.runUntilIdle()).rejects.toThrow(/more than 100 events/);
  });
});
