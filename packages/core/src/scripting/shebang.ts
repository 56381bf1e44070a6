/**
 * The first line of a script or library: `#!lua flags=no-writes,allow-oom` on an EVAL script,
 * `#!lua name=mylib` on a FUNCTION LOAD library. Parsed as Redis 7.0 parses it (split like
 * redis-cli arguments), with its error texts. The shebang line is cut but its line feed kept,
 * so Lua's line numbers stay the user's.
 */
import type { ByteString } from '../resp/byte-string.js';
import { splitInlineArguments } from '../resp/parser.js';

/** Script flags in Redis's order (FUNCTION LIST shows them in this order). */
export const SCRIPT_FLAGS = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'] as const;
export type ScriptFlag = (typeof SCRIPT_FLAGS)[number];

/** A script's declared flags; `compatible`: no shebang, so EVAL's pre-7.0 behaviour. */
export interface ScriptFlags {
  readonly compatible: boolean;
  readonly flags: ReadonlySet<ScriptFlag>;
}

export const COMPATIBLE_SCRIPT: ScriptFlags = { compatible: true, flags: new Set() };

export function isScriptFlag(name: string): name is ScriptFlag {
  return (SCRIPT_FLAGS as readonly string[]).includes(name);
}

/** An EVAL script's shebang: its flags and the Lua code to compile, or Redis's error text (without `ERR `). */
export function parseScriptShebang(body: ByteString): { flags: ScriptFlags; code: ByteString } | string {
  if (!body.startsWith('#!')) return { flags: COMPATIBLE_SCRIPT, code: body };
  const end = body.indexOf('\n');
  if (end < 0) return 'Invalid script shebang';
  const parts = splitInlineArguments(body.slice(0, end));
  if (parts === undefined || parts.length === 0) return 'Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return `Unexpected engine in script shebang: ${parts[0]}`;
  const flags = new Set<ScriptFlag>();
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) return `Unknown lua shebang option: ${part}`;
    const list = part.slice('flags='.length);
    for (const flag of list === '' ? [] : list.split(',')) {
      if (!isScriptFlag(flag)) return `Unexpected flag in script shebang: ${flag}`;
      flags.add(flag);
    }
  }
  return { flags: { compatible: false, flags }, code: body.slice(end) };
}

/** A library's shebang: engine and name, and the code after the first line, or Redis's error text. */
export function parseLibraryShebang(code: ByteString): { engine: string; name: string; body: ByteString } | string {
  if (!code.startsWith('#!')) return 'Missing library metadata';
  const end = code.indexOf('\n');
  if (end < 0) return 'Invalid library metadata';
  const parts = splitInlineArguments(code.slice(0, end));
  if (parts === undefined || parts.length === 0) return 'Invalid library metadata';
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() !== 'name=') return `Invalid metadata value given: ${part}`;
    if (name !== undefined) return 'Invalid metadata value, name argument was given multiple times';
    name = part.slice(5);
  }
  if (name === undefined) return 'Library name was not given';
  return { engine: parts[0].slice(2), name, body: code.slice(end) };
}

/** Library and function names: letters, digits and underscores, at least one. */
export function isValidFunctionName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}
