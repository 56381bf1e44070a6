import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `ballast-source` export
// condition; the ballast-server the tests start is compiled once first (the server's global setup).
const conditions = ['ballast-source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['test/**/*.test.ts'], globalSetup: ['../server/test/support/bundle-binaries.ts'], typecheck: { include: ['test/**/*.test-d.ts'] }, testTimeout: 20_000, hookTimeout: 30_000 },
});
