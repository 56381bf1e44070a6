/**
 * The string size rule: a value that would pass the longest string V8 holds is refused with
 * Redis's size error, even under the default proto-max-bulk-len (512 MB, 24 bytes more), instead
 * of throwing out of the handler (SETRANGE at 536870900 used to take the server down).
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const TOO_LONG = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');

describe('string size', () => {
  it('refuses SETRANGE past the longest string, and serves the next command', () => {
    const { client } = createTestEngine();
    const c = client();
    expect(c.call('SETRANGE', 'k', '536870900', 'x')).toEqual(TOO_LONG);
    expect(c.call('SETBIT', 'k', String(536_870_900 * 8), '1')).toEqual(TOO_LONG);
    expect(c.call('EXISTS', 'k')).toBe(0);
  });
});
