// Lint for the whole monorepo. The block for packages/core enforces DESIGN.md's purity rule:
// core reaches the clock, randomness and the operating system only through the interfaces in
// core/src/io, so that the simulator can run it deterministically. The block for packages/sim
// keeps a simulation a function of its seed: no wall clock, no timers, no Math.random (the one
// host call, a macrotask yield between events, lives in host-yield.ts; the CLI times real runs).
// The blocks per core folder keep core's layers pointing one way (DESIGN.md, "Inside core"):
// a folder imports only folders of lower layers, so a cycle between folders cannot be written.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Core's layers, bottom up. A folder may import itself and the layers before it, never one
 * after it. `testing` holds the planted-defect types that production code receives frozen.
 */
const CORE_LAYERS = ['io', 'testing', 'resp', 'lua', 'routing', 'config', 'aof', 'manifest', 'keyspace', 'rdb', 'commands', 'effects',
  'scripting', 'engine', 'recovery', 'durability', 'replication'];

const nodeImports = [
  { group: ['node:*'], message: 'core is pure: no Node imports (DESIGN.md).' },
  { group: ['fs', 'net', 'os', 'path', 'crypto', 'child_process', 'timers', 'worker_threads', 'perf_hooks'],
    message: 'core is pure: no Node imports (DESIGN.md).' },
];

/** One lint block per core folder: Node imports and imports of higher layers are errors. */
function coreLayerBlocks() {
  return CORE_LAYERS.map((folder, index) => ({
    files: [`packages/core/src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeImports, ...CORE_LAYERS.slice(index + 1).map((higher) => ({
        group: [`**/${higher}/*`, `**/${higher}`, `**/${higher}.js`],
        message: `core's layers point one way (DESIGN.md): ${folder}/ may not import ${higher}/, a higher layer. Order: ${CORE_LAYERS.join(' → ')}.`,
      }))] }],
    },
  }));
}

const impureGlobals = ['Date', 'process', 'performance', 'setTimeout', 'setInterval', 'setImmediate',
  'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'Buffer', 'require', 'global', 'globalThis'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'apps/docs/.vitepress/cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals.map((name) => ({
        name, message: `core is pure: ${name} is not allowed; use the interfaces in core/src/io (DESIGN.md).`,
      }))],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'core is pure: use the injected Random (core/src/io).' },
        { object: 'Date', property: 'now', message: 'core is pure: use the injected Clock (core/src/io).' }],
      'no-restricted-imports': ['error', { patterns: nodeImports }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: 'core is pure: use the injected Clock.' }],
    },
  },
  ...coreLayerBlocks(),
  {
    files: ['packages/sim/src/**/*.ts'],
    ignores: ['packages/sim/src/host-yield.ts', 'packages/sim/src/cli/**'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals.filter((name) => name !== 'process').map((name) => ({
        name, message: `a simulation is a function of its seed: ${name} is not allowed; use the Scheduler and the seeded streams.`,
      }))],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'a simulation is a function of its seed: use deriveRandom.' }],
    },
  },
);
