/**
 * Rule lists as ACL SETUSER, `user` config lines and the aclfile give them: selectors spread over
 * several words are merged back into one `(…)` rule (Redis's ACLMergeSelectorArguments), and a
 * refused rule is worded as ACLSetUserStringError words it.
 */
import type { RuleError } from './acl-selector.js';

/** The rules with `(a b)` selectors rejoined; `{ unmatched }`: the index of a selector never closed. */
export function mergeSelectorArguments(args: readonly string[]): string[] | { readonly unmatched: number } {
  const merged: string[] = [];
  let open = -1;
  let selector = '';
  for (let i = 0; i < args.length; i++) {
    const op = args[i];
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = i;
      continue;
    }
    if (open !== -1) {
      selector += ` ${op}`;
      if (op[op.length - 1] === ')') {
        open = -1;
        merged.push(selector);
      }
      continue;
    }
    merged.push(op);
  }
  return open === -1 ? merged : { unmatched: open };
}

const MESSAGES: Record<RuleError | 'EALREADY', string> = {
  ENOENT: 'Unknown command or category name in ACL',
  EINVAL: 'Syntax error',
  EEXIST: "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. "
    + "Try 'resetkeys' to start with an empty list of patterns",
  EISDIR: "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. "
    + "Try 'resetchannels' to start with an empty list of channels",
  ENODEV: 'The password you are trying to remove from the user does not exist',
  EBADMSG: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  EALREADY: 'Duplicate user found. A user can only be defined once in config files',
  ECHILD: 'Allowing first-arg of a subcommand is not supported',
};

export function ruleErrorMessage(error: RuleError | 'EALREADY'): string {
  return MESSAGES[error];
}
