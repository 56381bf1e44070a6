/**
 * The replication stream's rendering: a logged unit's effects, in the order they ran, as the
 * RESP commands a replica runs — `SELECT n` whenever the database changes (and first after a
 * full sync), and MULTI/EXEC around a unit of more than one effect, so a replica applies a
 * transaction or a script's writes at once, as Redis 7.0 propagates them (but for the units Redis
 * sends unwrapped: the active-expiry cycle's deletions, and SCAN's and RANDOMKEY's lazy ones). Deterministic: the
 * same units from the same state render the same bytes, so offsets agree on every node.
 */
import type { Effect } from '../aof/effect.js';
import { ByteWriter } from '../aof/byte-writer.js';
import type { ByteString } from '../resp/byte-string.js';

const MULTI: readonly ByteString[] = ['MULTI'];
const EXEC: readonly ByteString[] = ['EXEC'];

export class StreamRenderer {
  /** The database the stream last selected; -1 forces a SELECT before the next command. */
  selectedDatabase = -1;
  private readonly writer = new ByteWriter();

  /** The bytes of one unit; several effects go between MULTI and EXEC when `transaction`. */
  renderUnit(effects: readonly Effect[], transaction = true): Uint8Array {
    const wrap = transaction && effects.length > 1;
    if (wrap) {
      this.select(effects[0].database);
      this.writer.command(MULTI);
    }
    for (const effect of effects) {
      this.select(effect.database);
      this.writer.command(effect.args);
    }
    if (wrap) this.writer.command(EXEC);
    return this.writer.take();
  }

  /** A command that belongs to no database (PING, REPLCONF GETACK). */
  renderControl(args: readonly ByteString[]): Uint8Array {
    this.writer.command(args);
    return this.writer.take();
  }

  private select(database: number): void {
    if (database === this.selectedDatabase) return;
    this.writer.command(['SELECT', String(database)]);
    this.selectedDatabase = database;
  }
}
