/** Re-export for tests: the keyspace dump lives in src (the simulator uses it too). */
export { dumpKeyspace } from '../../src/engine/keyspace-dump.js';
