/**
 * Reads an AOF directory without changing it: the manifest (ok, missing or damaged), every file
 * it names scanned frame by frame with core's scanLog, and what else lies in the shard folders —
 * truncation sidecars (`*.torn-<offset>`), temp files left by an interrupted manifest replace or
 * base write (`*.tmp`), and AOF files the manifest does not name.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ManifestError, MANIFEST_FILE, readManifest, scanLog, type BaseFile, type Manifest, type ScannedLog } from '@ballast/core';
import { OverlayFileSystem } from './overlay-file-system.js';

export interface InspectedFile {
  /** Relative to the AOF directory, as the manifest names it. */
  readonly path: string;
  readonly base: boolean;
  /** Null when the file is missing. */
  readonly scanned: ScannedLog | null;
}

export interface InspectedShard {
  readonly shard: number;
  readonly base: BaseFile | null;
  /** Base first, then the incremental files oldest first. */
  readonly files: readonly InspectedFile[];
}

export type ManifestState =
  | { readonly status: 'ok'; readonly manifest: Manifest }
  | { readonly status: 'missing' }
  | { readonly status: 'damaged'; readonly reason: string };

export interface ExtraFile {
  readonly path: string;
  readonly bytes: number;
}

export interface Inspection {
  readonly directory: string;
  readonly manifest: ManifestState;
  /** From the manifest; when it is missing or damaged, what the shard folders hold. */
  readonly shards: readonly InspectedShard[];
  readonly sidecars: readonly ExtraFile[];
  readonly temps: readonly ExtraFile[];
  /** AOF files in the shard folders that the manifest does not name. */
  readonly unnamed: readonly ExtraFile[];
}

const SIDECAR = /\.torn-\d+$/;
const TEMP = /\.tmp$/;
const AOF_FILE = /^(base|incr)-(\d+)\.aof$/;

export async function inspectAof(directory: string): Promise<Inspection> {
  const manifest = await readManifestState(directory);
  const folders = (await fs.readdir(directory)).filter((name) => /^shard-\d+$/.test(name)).sort(byNumber);
  const listed: string[] = [];
  for (const folder of folders) {
    for (const name of (await fs.readdir(path.join(directory, folder))).sort(byNumber)) listed.push(`${folder}/${name}`);
  }
  const shards = manifest.status === 'ok'
    ? await Promise.all(manifest.manifest.shards.map((files, shard) => inspectShard(directory, shard, files.base, [
      ...(files.base === null ? [] : [{ path: files.base.path, base: true }]),
      ...files.incrementals.map((file) => ({ path: file, base: false })),
    ])))
    : await Promise.all(folders.map((folder) => inspectShard(directory, Number(folder.slice(6)), null, listed
      .filter((file) => file.startsWith(`${folder}/`) && AOF_FILE.test(path.basename(file)))
      .map((file) => ({ path: file, base: path.basename(file).startsWith('base-') })))));
  const named = new Set(shards.flatMap((shard) => shard.files.map((file) => file.path)));
  const extra = async (files: string[]) => Promise.all(files.map(async (file) => ({ path: file, bytes: (await fs.stat(path.join(directory, file))).size })));
  const topLevel = (await fs.readdir(directory)).filter((name) => name !== MANIFEST_FILE && !folders.includes(name));
  return {
    directory,
    manifest,
    shards,
    sidecars: await extra(listed.filter((file) => SIDECAR.test(file))),
    temps: await extra([...topLevel.filter((name) => TEMP.test(name)), ...listed.filter((file) => TEMP.test(file))]),
    unnamed: await extra(manifest.status === 'ok' ? listed.filter((file) => AOF_FILE.test(path.basename(file)) && !named.has(file)) : []),
  };
}

async function readManifestState(directory: string): Promise<ManifestState> {
  try {
    // The overlay opens files read-only: a check never changes what it looks at.
    const manifest = await readManifest(new OverlayFileSystem(), directory);
    return manifest === null ? { status: 'missing' } : { status: 'ok', manifest };
  } catch (error) {
    if (error instanceof ManifestError) return { status: 'damaged', reason: error.message };
    throw error;
  }
}

async function inspectShard(directory: string, shard: number, base: BaseFile | null, files: ReadonlyArray<{ path: string; base: boolean }>): Promise<InspectedShard> {
  return {
    shard,
    base,
    files: await Promise.all(files.map(async (file) => ({ ...file, scanned: await scanFile(path.join(directory, file.path)) }))),
  };
}

async function scanFile(file: string): Promise<ScannedLog | null> {
  try {
    return scanLog(new Uint8Array(await fs.readFile(file)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Sorts names by the numbers in them, so `incr-10` comes after `incr-9`. */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
