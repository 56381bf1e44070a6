import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc64, crc64Bytes } from '../../src/rdb/crc64.js';
import { decodeFunctionPayload, encodeFunctionPayload } from '../../src/scripting/function-payload.js';

const fromHex = (hex: string) => String.fromCharCode(...(hex.match(/../g) ?? []).map((byte) => parseInt(byte, 16)));

/** FUNCTION DUMP of redis-server 7.0.15 holding one library: its code is LZF-compressed. */
const REDIS_DUMP = fromHex('f5c340a940d71f23216c7561206e616d653d6d796c69620a72656469732e72656769737465725f0b66756e6374696f6e28276d79400b02272c2040066012116b6579732c2061726773292072657475726e600c075b315d20656e6429e00f4a007bc040005f60760227726f20540863616c6c6261636b3dc01c0028e000530031404d20761a6c6167733d7b276e6f2d777269746573277d2c2064657363726970408e204809656164206f6e6c79277d0a00cf7007330777e52a');
const REDIS_CODE = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return args[1] end)\n"
  + "redis.register_function{function_name='ro', callback=function() return 1 end, flags={'no-writes'}, description='read only'}";

describe('FUNCTION DUMP payloads', () => {
  it('CRC-64 is Redis\'s (Jones, reflected): the check value of "123456789"', () => {
    expect(crc64('123456789').toString(16)).toBe('e9c6d914c4b8d9ca');
  });

  it('reads a payload redis-server wrote, with an LZF-compressed library', () => {
    expect(decodeFunctionPayload(REDIS_DUMP)).toEqual([REDIS_CODE]);
  });

  it('round-trips any set of library codes', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 2_000 }), { maxLength: 4 }), (codes) => {
      const latin1 = codes.map((code) => [...code].map((char) => (char.charCodeAt(0) > 0xff ? 'x' : char)).join(''));
      expect(decodeFunctionPayload(encodeFunctionPayload(latin1))).toEqual(latin1);
    }), { numRuns: 50 });
  });

  it('refuses a payload whose checksum or version is wrong, as Redis words it', () => {
    const payload = encodeFunctionPayload(['#!lua name=x\nreturn 1']);
    const corrupt = payload.slice(0, 5) + String.fromCharCode(payload.charCodeAt(5) ^ 1) + payload.slice(6);
    expect(decodeFunctionPayload(corrupt)).toBe('DUMP payload version or checksum are wrong');
    expect(decodeFunctionPayload('short')).toBe('DUMP payload version or checksum are wrong');
    const newer = payload.slice(0, -10) + String.fromCharCode(11, 0) + payload.slice(-8);
    expect(decodeFunctionPayload(newer)).toBe('DUMP payload version or checksum are wrong');
  });

  it('refuses an entry that is not a function (a valid checksum over a key payload)', () => {
    const body = String.fromCharCode(0) + String.fromCharCode(3) + 'abc' + String.fromCharCode(10, 0);
    expect(decodeFunctionPayload(body + crc64Bytes(body))).toBe('given type is not a function');
  });
});
