#!/usr/bin/env node
// ballast-check-rdb: checks an RDB file (Redis's or Ballast's) as redis-check-rdb does and prints
// a report ending in a verdict; the compiled dist/bundle/ballast-check-rdb.mjs.
import { runBundle } from './run-bundle.mjs';

await runBundle('ballast-check-rdb', 'checkRdbMain');
