// Shared end-to-end harness: a static server for dist/ under a subpath (as static hosting
// would serve it) and a Chromium launched through playwright-core with the machine's browser.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const DIST = process.env.VORONKA_DIST || join(ROOT, 'dist-e2e');
export const BASE = process.env.VORONKA_BASE || '/voronka/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` under `base`; anything outside `base` is a 404, like a real subpath host.
 * `deploy(dir)` serves another build at the same address (a new deployment); `setDown(true)`
 * makes the host drop every request (the network cut), so only a service worker can answer.
 */
export async function serve(dir = DIST, base = BASE) {
  let down = false;
  const server = createServer(async (req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    try {
      const url = new URL(req.url, 'http://x');
      if (!url.pathname.startsWith(base)) {
        res.writeHead(404).end('not found');
        return;
      }
      let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
      let file = normalize(join(dir, rel));
      if (!file.startsWith(normalize(dir))) {
        res.writeHead(403).end();
        return;
      }
      const st = await stat(file).catch(() => null);
      if (!st) {
        res.writeHead(404).end('not found');
        return;
      }
      if (st.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    deploy: (next) => { dir = next; },
    setDown: (value) => { down = value; },
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A fresh browser context (empty storage) and page, collecting console errors and dialogs. */
export async function openApp(browser, url, { locale = 'en-US', viewport = { width: 1400, height: 900 } } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=filter-bar]');
  return { context, page, problems };
}

/** Waits until the chart inside `testid` has drawn (a canvas with a size). */
export async function waitForChart(page, testid) {
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="${id}"] canvas`);
      return el && el.width > 0 && el.height > 0;
    },
    testid,
    { timeout: 15000 },
  );
}
