/**
 * EVAL's script cache: every body compiled by EVAL or SCRIPT LOAD, by its SHA1, with the flags of
 * its shebang. Not persisted (as in Redis: a restart or SCRIPT FLUSH empties it; clients reload
 * on NOSCRIPT).
 */
import type { ByteString } from '../resp/byte-string.js';
import type { ScriptFlags } from './shebang.js';

export interface CachedScript {
  readonly sha: string;
  readonly body: ByteString;
  readonly flags: ScriptFlags;
}

export class ScriptCache {
  private readonly scripts = new Map<string, CachedScript>();
  private bodyBytes = 0;

  get(sha: string): CachedScript | undefined {
    return this.scripts.get(sha);
  }

  add(script: CachedScript): void {
    this.scripts.set(script.sha, script);
    this.bodyBytes += script.body.length;
  }

  clear(): void {
    this.scripts.clear();
    this.bodyBytes = 0;
  }

  get size(): number {
    return this.scripts.size;
  }

  /** Bytes the cached bodies and their SHAs hold (INFO used_memory_scripts_eval). */
  get memoryBytes(): number {
    return this.bodyBytes + this.scripts.size * 40;
  }
}
