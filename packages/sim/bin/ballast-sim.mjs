#!/usr/bin/env -S node --conditions=ballast-source
// ballast-sim: runs the simulator's TypeScript sources directly (tsx, registered from this
// file's own node_modules), with workspace packages resolved to their sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exit(await main(process.argv.slice(2)));
