/**
 * The built site in headless Chromium: every page opens without a console error, a page error
 * or a failed request, shows its title and content, and every internal link (including an
 * anchor) leads to a page and an element that exist. The generated references are checked
 * against the tables they come from: every option, command and metric has its entry. The main
 * pages are saved as screenshots in test-artifacts/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS, CONFIG_OPTIONS } from '@ballast/core';
import { METRIC_DEFINITIONS } from '@ballast/server';
import { launchChromium, type Browser } from './chromium.js';
import { serveDirectory, type StaticServer } from './static-server.js';

const docs = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(docs, '.vitepress', 'dist');
const screenshots = path.join(docs, 'test-artifacts', 'screenshots');

/** Pages whose screenshots are kept, by path. */
const MAIN_PAGES = ['/', '/guide/quick-start.html', '/guide/durability.html', '/guide/architecture.html',
  '/reference/configuration.html', '/reference/commands.html', '/reference/metrics.html', '/runbooks/'];

/** Text each page must show, beyond a title: the ids of the entries the generator wrote. */
const EXPECTED_IDS: Record<string, readonly string[]> = {
  '/reference/configuration.html': CONFIG_OPTIONS.map((option) => option.name),
  '/reference/commands.html': ALL_COMMANDS.flatMap((command) => [command.name, ...(command.subcommands ?? []).map((sub) => `${command.name}-${sub.name}`)]),
  '/reference/metrics.html': METRIC_DEFINITIONS.map((metric) => metric.name),
};

function builtPages(directory: string, prefix = '/'): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : builtPages(path.join(directory, entry.name), `${prefix}${entry.name}/`);
    if (!entry.name.endsWith('.html') || entry.name === '404.html') return [];
    return [entry.name === 'index.html' ? prefix : `${prefix}${entry.name}`];
  });
}

/** What a visit saw: ids on the page and the internal links it holds. */
interface Visit {
  readonly ids: Set<string>;
  readonly links: string[];
}

let server: StaticServer;
let browser: Browser;
const pages = existsSync(dist) ? builtPages(dist).sort() : [];
const visits = new Map<string, Visit>();

beforeAll(async () => {
  if (pages.length === 0) throw new Error(`no built site in ${dist}: run npm run build first`);
  mkdirSync(screenshots, { recursive: true });
  server = await serveDirectory(dist);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('every page', () => {
  it('the build has the pages of the guide, the references and the runbooks', () => {
    for (const page of ['/', '/guide/durability.html', '/reference/configuration.html', '/reference/commands.html',
      '/reference/metrics.html', '/guide/comparison.html', '/guide/sdk-performance.html', '/runbooks/', '/runbooks/monitoring.html']) {
      expect(pages).toContain(page);
    }
  });

  for (const page of pages) {
    it(`${page} opens without errors and shows its content`, async () => {
      const tab = await browser.context.newPage();
      const problems: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      tab.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
      tab.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      try {
        const response = await tab.goto(`${server.origin}${page}`, { waitUntil: 'networkidle' });
        expect(response?.status()).toBe(200);
        const title = page === '/' ? tab.locator('.VPHero .name') : tab.locator('.vp-doc h1').first();
        expect((await title.innerText()).trim().length, 'a title').toBeGreaterThan(0);
        if (page !== '/') expect((await tab.locator('.vp-doc').innerText()).length, 'content').toBeGreaterThan(300);
        const seen = await tab.evaluate((origin) => ({
          ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
          links: [...document.querySelectorAll('a[href]')].map((anchor) => (anchor as HTMLAnchorElement).href).filter((href) => href.startsWith(origin)),
        }), server.origin);
        visits.set(page, { ids: new Set(seen.ids), links: seen.links.map((link) => link.slice(server.origin.length)) });
        for (const id of EXPECTED_IDS[page] ?? []) expect(seen.ids, `entry #${id}`).toContain(id);
        if (MAIN_PAGES.includes(page)) {
          const name = page === '/' ? 'home' : page.replace(/^\//, '').replace(/\/$/, '').replace(/\.html$/, '').replace(/\//g, '-');
          await tab.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
        }
        expect(problems).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  }

  it('every internal link leads to a built page, and every anchor to an element on it', () => {
    expect(visits.size).toBe(pages.length);
    const broken: string[] = [];
    for (const [page, { links }] of visits) {
      for (const link of links) {
        const [target, hash] = link.split('#');
        const visit = visits.get(target);
        if (visit === undefined) broken.push(`${page} → ${link} (no such page)`);
        else if (hash !== undefined && hash !== '' && !visit.ids.has(decodeURIComponent(hash))) broken.push(`${page} → ${link} (no #${hash})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
