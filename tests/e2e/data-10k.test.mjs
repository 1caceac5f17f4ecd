// The deal list stays usable with 10,000 deals: one page of rows in the DOM, and sorting,
// searching and paging answer quickly (generous limits: CI machines are slow and shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';
import { openBig } from './big-workspace.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** Milliseconds from an action until `done` holds in the page. */
async function timed(page, action, done, arg) {
  const t0 = Date.now();
  await action();
  await page.waitForFunction(done, arg, { timeout: 20000, polling: 'raf' });
  return Date.now() - t0;
}

test('10,000 deals: paged list, fast sort, search and paging', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  const size = await openBig(page, srv.url, 10000, '#/data?period=all');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('10,000 deals'));
  assert.match(await page.textContent('[data-testid=deals-total]'), /^10,000 deals, /);
  assert.equal(await page.$$eval('[data-testid=deal-row]', (r) => r.length), 50, 'one page of rows');
  assert.match(await page.textContent('[data-testid=pager-info]'), /Rows 1–50 of 10,000 \(page 1 of 200\)/);

  const first = () => page.textContent('[data-testid=deal-row] th');
  const before = await first();
  const sort = await timed(page, () => page.click('[data-testid=sort-amount]'),
    (b) => document.querySelector('[data-testid=deal-row] th').textContent !== b, before);
  const search = await timed(page, () => page.fill('[data-testid=dsearch]', 'pharma #7'),
    () => /^\d+ deals?,/.test(document.querySelector('[data-testid=deals-total]').textContent)
      && !document.querySelector('[data-testid=deals-total]').textContent.startsWith('10,000'));
  await page.fill('[data-testid=dsearch]', '');
  await page.waitForFunction(() => document.querySelector('[data-testid=deals-total]').textContent.startsWith('10,000'));
  const paging = await timed(page, () => page.click('[data-testid=pager-next]'),
    () => /Rows 51–100/.test(document.querySelector('[data-testid=pager-info]').textContent));
  const open = await timed(page, () => page.click('[data-testid=deal-open]'),
    () => !!document.querySelector('[data-testid=deal-form]'));
  console.log(`# 10k deals (${(size / 1e6).toFixed(1)} MB stored): sort ${sort} ms, search ${search} ms, next page ${paging} ms, open form ${open} ms`);
  for (const [what, ms] of [['sort', sort], ['search', search], ['paging', paging], ['open', open]]) {
    assert.ok(ms < 3000, `${what} took ${ms} ms`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
