/**
 * The VitePress site: navigation and sidebars for the guide, the generated references and the
 * runbooks. Dead internal links fail the build (VitePress's check, left on); the package's
 * README is not part of the site. The configuration, command and metric references,
 * guide/comparison.md and guide/sdk-performance.md are written by scripts/generate.ts before
 * every build; reference/rdb.md is written by hand.
 */
import { defineConfig } from 'vitepress';

const guide = [
  { text: 'What Ballast is', link: '/guide/what-is-ballast' },
  { text: 'Quick start', link: '/guide/quick-start' },
  { text: 'Migrating from Redis', link: '/guide/migrating-from-redis' },
  { text: 'Deploying Ballast', link: '/guide/deploying' },
  { text: 'Security', link: '/guide/security' },
  { text: 'Durability modes', link: '/guide/durability' },
  { text: 'Architecture', link: '/guide/architecture' },
  { text: 'Admin endpoint', link: '/guide/admin-endpoint' },
  { text: 'Diagnostics: latency, MONITOR, CLIENT PAUSE', link: '/guide/diagnostics' },
  { text: 'Scripting with Lua', link: '/guide/scripting' },
  { text: 'Streams and consumer groups', link: '/guide/streams' },
  { text: 'Keyspace notifications', link: '/guide/keyspace-notifications' },
  { text: 'Client-side caching', link: '/guide/client-side-caching' },
  { text: 'Replication', link: '/guide/replication' },
  { text: 'Memory limits and eviction', link: '/guide/eviction' },
  { text: 'TypeScript SDK', link: '/guide/sdk' },
  { text: 'SDK performance', link: '/guide/sdk-performance' },
  { text: 'Comparison with Redis', link: '/guide/comparison' },
  { text: 'Compatibility with Redis', link: '/guide/compatibility' },
];

const reference = [
  { text: 'Configuration', link: '/reference/configuration' },
  { text: 'Commands', link: '/reference/commands' },
  { text: 'Metrics', link: '/reference/metrics' },
  { text: 'RDB format', link: '/reference/rdb' },
  { text: 'Exit codes and signals', link: '/reference/exit-codes' },
];

const runbooks = [
  { text: 'All runbooks', link: '/runbooks/' },
  { text: 'Refuses to start', link: '/runbooks/refuses-to-start' },
  { text: 'Truncated tail after a crash', link: '/runbooks/torn-tail' },
  { text: 'MISCONF after a disk error', link: '/runbooks/misconf' },
  { text: 'Memory full / OOM errors', link: '/runbooks/memory-full' },
  { text: 'Changing the shard count', link: '/runbooks/reshard' },
  { text: 'Backup and restore', link: '/runbooks/backup-restore' },
  { text: 'Upgrading', link: '/runbooks/upgrading' },
  { text: 'Monitoring and alerting', link: '/runbooks/monitoring' },
  { text: 'Log rotation', link: '/runbooks/log-rotation' },
  { text: 'Certificate expired / rotation', link: '/runbooks/certificate-rotation' },
  { text: 'Adding a replica', link: '/runbooks/adding-a-replica' },
  { text: 'Failover', link: '/runbooks/failover' },
  { text: 'A replica that keeps full-syncing', link: '/runbooks/replica-full-syncs' },
  { text: 'A replica that refuses to start', link: '/runbooks/replica-refuses-to-start' },
  { text: 'Simulator failure', link: '/runbooks/simulator-failure' },
];

export default defineConfig({
  title: 'Ballast',
  description: 'A Redis-compatible server whose durability is proven, not hoped for.',
  srcExclude: ['README.md', 'test-artifacts/**'],
  ignoreDeadLinks: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/what-is-ballast' },
      { text: 'Reference', link: '/reference/configuration' },
      { text: 'Runbooks', link: '/runbooks/' },
    ],
    sidebar: [
      { text: 'Guide', items: guide },
      { text: 'Reference', items: reference },
      { text: 'Runbooks', items: runbooks },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
});
