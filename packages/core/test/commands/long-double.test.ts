import { describe, expect, it } from 'vitest';
import { addAsLongDouble } from '../../src/commands/long-double.js';

describe('INCRBYFLOAT arithmetic (80-bit long double, %.17Lf)', () => {
  // Expected texts were read from redis-server 7.0.15 on x86-64.
  it.each([
    ['10.5', '0.1', '10.6'],
    ['9223372036854775807', '0.1', '9223372036854775807'],
    ['1.5', '-2', '-0.5'],
    ['3.0e3', '1', '3001'],
    ['0', '-0', '0'],
    ['-1.1', '1.1', '0'],
    ['0.1', '0.2', '0.3'],
    ['123456.789', '0.001', '123456.78999999999999915'],
    ['1e300', '1e300', '2000000000000000000017994648159118387741047888546581495876520164642531293192361871511698304167500994380700745017228549671807185112369345967826192521041497292574654271283687306588168510215212033579453305864740061102765895241989080589545563779241212358535223254194821301134374772211380178849830208012288'],
  ])('%s + %s = %s', (current, increment, expected) => {
    expect(addAsLongDouble(current, increment)).toEqual({ value: expected });
  });

  it('refuses what strtold refuses, and infinities', () => {
    expect(addAsLongDouble('abc', '1')).toEqual({ error: 'bad-current' });
    expect(addAsLongDouble('1', ' 1')).toEqual({ error: 'bad-increment' });
    expect(addAsLongDouble('1', 'nan')).toEqual({ error: 'bad-increment' });
    expect(addAsLongDouble('1', 'inf')).toEqual({ error: 'overflow' });
  });
});
