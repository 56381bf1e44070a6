/** Re-export for tests: the keyspace dump lives in src (the simulator uses it too). */
export { dumpKeyspace } from '../../src/keyspace/keyspace-dump.js';
