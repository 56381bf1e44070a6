/**
 * The stream's rendering: SELECT only when the database changes (and first after a full sync),
 * MULTI/EXEC around a unit of several effects, control commands outside any database.
 */
import { describe, expect, it } from 'vitest';
import { StreamRenderer } from '../../src/replication/stream-renderer.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const resp = (...args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`;

describe('StreamRenderer', () => {
  it('selects the database before the first command and on every change only', () => {
    const renderer = new StreamRenderer();
    expect(text(renderer.renderUnit([{ database: 0, args: ['SET', 'a', '1'] }]))).toBe(resp('SELECT', '0') + resp('SET', 'a', '1'));
    expect(text(renderer.renderUnit([{ database: 0, args: ['DEL', 'a'] }]))).toBe(resp('DEL', 'a'));
    expect(text(renderer.renderUnit([{ database: 3, args: ['DEL', 'b'] }]))).toBe(resp('SELECT', '3') + resp('DEL', 'b'));
    renderer.selectedDatabase = -1;
    expect(text(renderer.renderUnit([{ database: 3, args: ['DEL', 'c'] }]))).toBe(resp('SELECT', '3') + resp('DEL', 'c'));
  });

  it('wraps a unit of several effects in MULTI/EXEC, selecting before MULTI and inside it', () => {
    const renderer = new StreamRenderer();
    renderer.selectedDatabase = 1;
    const bytes = renderer.renderUnit([
      { database: 2, args: ['SET', 'a', '1'] },
      { database: 2, args: ['INCR', 'n'] },
      { database: 5, args: ['DEL', 'b'] },
    ]);
    expect(text(bytes)).toBe(resp('SELECT', '2') + resp('MULTI') + resp('SET', 'a', '1') + resp('INCR', 'n')
      + resp('SELECT', '5') + resp('DEL', 'b') + resp('EXEC'));
    expect(renderer.selectedDatabase).toBe(5);
  });

  it('sends a unit Redis does not wrap (active expiry, SCAN\'s lazy expiries) as separate commands', () => {
    const renderer = new StreamRenderer();
    const bytes = renderer.renderUnit([{ database: 0, args: ['DEL', 'a'] }, { database: 0, args: ['DEL', 'b'] }], false);
    expect(text(bytes)).toBe(resp('SELECT', '0') + resp('DEL', 'a') + resp('DEL', 'b'));
  });

  it('renders control commands without a SELECT', () => {
    const renderer = new StreamRenderer();
    expect(text(renderer.renderControl(['REPLCONF', 'GETACK', '*']))).toBe(resp('REPLCONF', 'GETACK', '*'));
    expect(renderer.selectedDatabase).toBe(-1);
  });
});
