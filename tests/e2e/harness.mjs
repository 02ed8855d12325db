// Shared by the end-to-end tests: a static server for dist/ and a Chromium that records
// console errors and every request that leaves 127.0.0.1.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('../../tools/node_modules/playwright-core');
const dist = path.resolve('dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

export async function serveDist(prefix) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(dist, rel);
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
  return {
    browser,
    close: () => browser.close(),
    async open(url, { viewport = { width: 1280, height: 900 }, ...options } = {}) {
      const context = await browser.newContext({ viewport, ...options });
      const page = await context.newPage();
      const problems = { console: [], requests: [] };
      page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
      page.on('pageerror', (e) => problems.console.push(String(e)));
      page.on('request', (r) => problems.requests.push(r.url()));
      await page.goto(url);
      return { page, context, problems };
    },
  };
}

export async function shot(page, name) {
  await fs.mkdir('target/e2e', { recursive: true });
  await page.screenshot({ path: `target/e2e/${name}.png`, fullPage: true, animations: 'disabled' });
}

export function assertClean(problems, server) {
  assert.deepEqual(problems.console, [], 'console errors');
  const foreign = problems.requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other hosts');
}

/** dist/ served under the course path and a Chromium, for a test file's tests: started
 *  before them and closed after them. Its `server` and `browser` are set once they run. */
export function site() {
  const site = {};
  before(async () => {
    site.server = await serveDist('/courses/k8s/lab/');
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
