// A first visit opens on the demo company with the funnel chart drawn, from a subpath.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

test('first start shows the demo data and a drawn funnel chart', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await waitForChart(page, 'funnel-chart');
  const total = Number((await page.textContent('[data-testid=funnel-total-count]')).replace(/\D/g, ''));
  assert.ok(total > 50, `open deals in the demo funnel: ${total}`);
  // The table's rows add up to its total.
  const counts = await page.$$eval('[data-testid=funnel-table] tbody tr td:nth-child(2)', (tds) =>
    tds.map((td) => Number(td.textContent.replace(/\D/g, ''))));
  assert.equal(counts.reduce((a, b) => a + b, 0), total);
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=page-data]');
  assert.match(await page.textContent('[data-testid=data-summary]'), /^600 deals, 60 clients/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a deep link with filters opens that page with those filters', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  const sellerId = await page.$eval('[data-testid=filter-seller] option:nth-child(2)', (o) => o.value);
  await page.goto(`${srv.url}#/funnel?period=all&seller=${sellerId}`);
  await page.reload();
  await page.waitForSelector('[data-testid=page-funnel]');
  assert.equal(await page.$eval('[data-testid=filter-seller]', (s) => s.value), sellerId);
  assert.equal(await page.$eval('[data-testid=filter-period]', (s) => s.value), 'all');
  // Moving to another page keeps the filters in the link.
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=page-data]');
  assert.match(page.url(), new RegExp(`#/data\\?period=all&seller=${sellerId}$`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch changes the interface and is remembered', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await page.selectOption('[data-testid=lang]', 'ru');
  await page.waitForFunction(() => document.querySelector('[data-testid=nav-funnel]').textContent === 'Воронка');
  await page.reload();
  await page.waitForSelector('[data-testid=filter-bar]');
  assert.equal(await page.textContent('[data-testid=nav-data]'), 'Данные');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  assert.deepEqual(problems, []);
  await context.close();
});
