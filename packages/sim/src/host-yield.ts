/**
 * The one place the simulator touches the host's event loop. Between two simulated events the
 * drivers wait for one host macrotask, which Node runs only after the microtask queue is empty:
 * every promise continuation of the event that just fired has run (and scheduled whatever it
 * schedules) before virtual time moves on. It reads no time and does no I/O, so a run stays a
 * function of its seed.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
