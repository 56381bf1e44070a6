#!/usr/bin/env -S node --conditions=ballast-source
// ballast-server: runs the TypeScript sources directly (tsx, registered from this file's own
// node_modules so it starts from any working directory), with workspace packages resolved to
// their sources through the `ballast-source` export condition.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
process.exit(code);
