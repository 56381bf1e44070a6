/**
 * Reads a command's declared LogRule (commands/types.ts) for one request: `byArguments` rules
 * are resolved against the request, so the recorder sees one of the three plain rules or a
 * rewrite. A write command that declares nothing is a programmer error: it would log the wrong
 * thing silently, so it fails here (and the table test catches it before it ships).
 */
import { assert } from '../assert.js';
import type { CommandSpec, LogRule } from '../commands/types.js';
import type { ByteString } from '../resp/byte-string.js';

export type ResolvedLogRule = Exclude<LogRule, { readonly byArguments: unknown }>;

export function logRuleOf(spec: CommandSpec, args: readonly ByteString[]): ResolvedLogRule {
  let rule = spec.logAs;
  assert(rule !== undefined, () => `write command ${spec.name} declares no logAs rule`);
  while (typeof rule === 'object' && 'byArguments' in rule) rule = rule.byArguments(args);
  return rule;
}
