/**
 * AOF frames. Every AOF file is a sequence of frames; each frame is self-checking:
 *
 *   offset 0  u32  magic 'BLF1'
 *          4  u8   kind (1 entry, 2 seal), then 3 zero bytes
 *          8  u64  LSN (entry: the write's global LSN; seal: G, the global LSN at the cut)
 *         16  u32  payload length in bytes
 *         20  u32  CRC32C over bytes [0, 20) and the payload
 *         24  payload
 *
 * Entry payload: the write's shard-local effects as RESP commands (a `SELECT n` switches the
 * database for the rest of the frame; each frame starts in database 0).
 * Seal payload: u64 G, u64 committed, u32 shard count, then u64 last[j] per shard, then zero
 * padding: a synced batch ends on a BLOCK_BYTES boundary, so the next batch never rewrites a
 * block that holds committed frames (a torn write may garble every sector it touches).
 * All integers are little-endian. readFrame never throws on bad bytes: it reports them;
 * writeSeal asserts that the seal it writes is one decodeSeal would accept as consistent.
 */
import { assert } from '../assert.js';
import { ByteWriter, readU64 } from './byte-writer.js';
import { crc32c } from './crc32c.js';

export const FRAME_MAGIC = 0x31464c42;
export const FRAME_HEADER_BYTES = 24;
/** The payload length field is a u32. */
export const FRAME_PAYLOAD_BYTES_MAX = 0xffff_ffff;

export const FrameKind = { Entry: 1, Seal: 2 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** A seal: shard testimony about the whole server when batch G was cut. */
export interface Seal {
  /** The global LSN at the cut. */
  readonly lsn: number;
  /** The committed LSN known at the cut: everything up to it was durable on every shard. */
  readonly committed: number;
  /** last[j]: the highest LSN handed to shard j's log so far (0: none). */
  readonly last: readonly number[];
}

export type FrameRead =
  | { readonly status: 'ok'; readonly kind: FrameKind; readonly lsn: number; readonly payload: Uint8Array; readonly end: number }
  /** The bytes end inside the frame: a crash cut it off (or its length field is damaged). */
  | { readonly status: 'torn'; readonly reason: string }
  /** The bytes are there but wrong: bad magic, kind, or CRC. */
  | { readonly status: 'corrupt'; readonly reason: string };

/** Starts a frame in `writer`; write the payload, then call endFrame with the returned start. */
export function beginFrame(writer: ByteWriter, kind: FrameKind, lsn: number): number {
  const start = writer.reserve(0);
  writer.u32(FRAME_MAGIC);
  writer.u32(kind);
  writer.u64(lsn);
  writer.u32(0);
  writer.u32(0);
  return start;
}

/** Fills in the payload length and CRC of the frame begun at `start`. */
export function endFrame(writer: ByteWriter, start: number): void {
  const payloadBytes = writer.length - start - FRAME_HEADER_BYTES;
  if (payloadBytes > FRAME_PAYLOAD_BYTES_MAX) throw new Error(`frame payload too large: ${payloadBytes} bytes`);
  writer.setU32(start + 16, payloadBytes);
  const bytes = writer.bytes();
  const headerCrc = crc32c(bytes, 0, start, start + 20);
  writer.setU32(start + 20, crc32c(bytes, headerCrc, start + FRAME_HEADER_BYTES, writer.length));
}

/** Synced batches end on a multiple of this (the page and sector size of today's disks). */
export const BLOCK_BYTES = 4096;

/**
 * Writes a seal. With `alignTo` (the file offset of the writer's first byte), the seal is padded
 * so the batch ends on a BLOCK_BYTES boundary of the file.
 */
export function writeSeal(writer: ByteWriter, seal: Seal, alignTo?: number): void {
  // The committed LSN and every last[j] were known when batch G was cut: none is above G.
  assert(seal.committed <= seal.lsn, () => `seal G ${seal.lsn} claims committed ${seal.committed} above it`);
  assert(seal.last.every((lsn) => lsn <= seal.lsn), () => `seal G ${seal.lsn} names last[] ${seal.last.join(',')} above it`);
  const start = beginFrame(writer, FrameKind.Seal, seal.lsn);
  writer.u64(seal.lsn);
  writer.u64(seal.committed);
  writer.u32(seal.last.length);
  for (const lsn of seal.last) writer.u64(lsn);
  if (alignTo !== undefined) {
    const end = alignTo + writer.length;
    const padding = (BLOCK_BYTES - (end % BLOCK_BYTES)) % BLOCK_BYTES;
    for (let i = 0; i < padding; i++) writer.u8(0);
  }
  endFrame(writer, start);
}

/** Reads the frame at `offset` of `bytes`. */
export function readFrame(bytes: Uint8Array, offset: number): FrameRead {
  const available = bytes.length - offset;
  if (available < FRAME_HEADER_BYTES) return { status: 'torn', reason: `${available} bytes of a ${FRAME_HEADER_BYTES}-byte frame header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, FRAME_HEADER_BYTES);
  if (view.getUint32(0, true) !== FRAME_MAGIC) return { status: 'corrupt', reason: 'bad frame magic' };
  const kind = view.getUint32(4, true);
  if (kind !== FrameKind.Entry && kind !== FrameKind.Seal) return { status: 'corrupt', reason: `unknown frame kind ${kind}` };
  const payloadBytes = view.getUint32(16, true);
  const end = offset + FRAME_HEADER_BYTES + payloadBytes;
  if (end > bytes.length) return { status: 'torn', reason: `frame of ${payloadBytes} payload bytes cut off after ${available - FRAME_HEADER_BYTES}` };
  const crc = crc32c(bytes, crc32c(bytes, 0, offset, offset + 20), offset + FRAME_HEADER_BYTES, end);
  if (crc !== view.getUint32(20, true)) return { status: 'corrupt', reason: 'CRC mismatch' };
  const lsn = readU64(view, 8);
  return { status: 'ok', kind: kind as FrameKind, lsn, payload: bytes.subarray(offset + FRAME_HEADER_BYTES, end), end };
}

/** Decodes a seal frame's payload; undefined when it is malformed (a CRC-valid but wrong seal). */
export function decodeSeal(payload: Uint8Array): Seal | undefined {
  if (payload.length < 20) return undefined;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const shardCount = view.getUint32(16, true);
  if (payload.length < 20 + shardCount * 8) return undefined;
  const last: number[] = [];
  for (let j = 0; j < shardCount; j++) last.push(readU64(view, 20 + j * 8));
  return { lsn: readU64(view, 0), committed: readU64(view, 8), last };
}
