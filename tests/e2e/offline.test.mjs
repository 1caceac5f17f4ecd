// Offline after the first visit, installable, and a new deployment offered as a reload.
//
// The release build carries a service worker (scripts/service-worker.mjs) that precaches every
// built file; src/ui/update.rs registers it and offers a reload when a new one waits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, openApp, waitForChart, DIST } from './harness.mjs';
import { buildServiceWorker } from '../../scripts/service-worker.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits until a service worker is active for the page (the precache is complete then). */
async function offlineReady(page) {
  const active = await page.evaluate(() => Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 20000)),
  ]));
  assert.ok(active, 'a service worker became active within 20 s of the first visit');
}

test('the built app is installable: a manifest with icons, served from the subpath', async () => {
  const srv = await serve();
  const { context, page, problems } = await openApp(browser, srv.url);
  const href = await page.$eval('link[rel=manifest]', (l) => l.href);
  assert.equal(href, `${srv.url}manifest.webmanifest`);
  const manifest = await (await page.request.get(href)).json();
  assert.equal(manifest.short_name, 'Voronka');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), sizes.join(','));
  for (const icon of manifest.icons) {
    const res = await page.request.get(new URL(icon.src, href).href);
    assert.equal(res.status(), 200, icon.src);
    assert.equal(res.headers()['content-type'], icon.type, icon.src);
  }
  assert.deepEqual(problems, []);
  await context.close();
  await srv.close();
});

test('after the first visit a reload with the network cut opens the app with its data', async () => {
  const srv = await serve();
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=sellers`);
  await offlineReady(page);
  await page.fill('[data-testid=new-seller-name]', 'Olga Offline');
  await page.press('[data-testid=new-seller-name]', 'Enter');
  await page.waitForSelector('[data-testid=sellers-list] >> text=Olga Offline');

  srv.setDown(true);
  await context.setOffline(true);
  // The funnel, by a new navigation (not from memory): every file comes from the precache.
  await page.goto(`${srv.url}#/funnel`);
  await page.reload();
  await page.waitForSelector('[data-testid=filter-bar]');
  await waitForChart(page, 'funnel-chart');
  const sellers = await page.$$eval('[data-testid=filter-seller] option', (os) => os.map((o) => o.textContent));
  assert.ok(sellers.includes('Olga Offline'), 'the workspace edited before the cut is there');
  // The other pages open offline too.
  await page.click('[data-testid=nav-forecast]');
  await page.waitForSelector('[data-testid=page-forecast]');
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=page-data]');
  assert.deepEqual(problems, []);
  await context.close();
  await srv.close();
});

test('a new deployment is noticed and the reload it offers runs the new version whole', async () => {
  // Build B: the same files with a marked index.html and its own service worker, as a
  // redeploy of the static host would serve them.
  const next = await mkdtemp(join(tmpdir(), 'voronka-next-'));
  await cp(DIST, next, { recursive: true });
  const index = join(next, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('<title>', '<meta name="voronka-build" content="next" />\n    <title>'));
  await buildServiceWorker(next);

  const srv = await serve();
  const { context, page, problems } = await openApp(browser, srv.url);
  await offlineReady(page);
  await page.reload(); // now controlled by build A's worker
  await page.waitForSelector('[data-testid=filter-bar]');
  assert.equal(await page.$('[data-testid=update-offer]'), null, 'nothing to offer without a new deployment');

  srv.deploy(next);
  // The browser checks for a new worker on navigation; the app then offers the reload. Until
  // the user accepts, the page keeps running build A entirely.
  await page.reload();
  await page.waitForSelector('[data-testid=update-offer]', { timeout: 20000 });
  assert.equal(await page.$('meta[name=voronka-build]'), null, 'still build A until the user accepts');
  await page.selectOption('[data-testid=lang]', 'ru');
  await page.waitForFunction(() => document.querySelector('[data-testid=update-reload]').textContent === 'Перезагрузить');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid=update-reload]')]);
  await page.waitForSelector('[data-testid=filter-bar]');
  await page.waitForSelector('meta[name=voronka-build][content=next]', { state: 'attached' });
  await waitForChart(page, 'funnel-chart');
  assert.equal(await page.$('[data-testid=update-offer]'), null, 'the new version is running: nothing left to offer');
  assert.deepEqual(problems, []);
  await context.close();
  await srv.close();
  await rm(next, { recursive: true, force: true });
});
