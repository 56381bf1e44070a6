import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, PROTECTED_MODE_DENIED } from '../src/protected-mode.js';

describe('protected mode', () => {
  it('treats only loopback peers as local', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.2', '::ffff:10.1.1.1', 'fe80::1', undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });

  it('answers refused peers with one DENIED error line', () => {
    expect(PROTECTED_MODE_DENIED.startsWith('-DENIED ')).toBe(true);
    expect(PROTECTED_MODE_DENIED.indexOf('\r\n')).toBe(PROTECTED_MODE_DENIED.length - 2);
  });
});
