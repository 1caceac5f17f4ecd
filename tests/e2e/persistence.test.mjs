// An edit is saved in the browser and survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

test('a seller added on the Data page is still there after a reload', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=sellers`);
  await page.fill('[data-testid=new-seller-name]', 'Zoe Persisted');
  await page.press('[data-testid=new-seller-name]', 'Enter');
  await page.waitForSelector('[data-testid=sellers-list] >> text=Zoe Persisted');
  const stored = () => page.evaluate(() => [localStorage.getItem('voronka.workspace'), localStorage.getItem('voronka.workspace.rev')]);
  // Saved a moment after the edit (SAVE_DELAY_MS), so the edit is on screen first.
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace')?.includes('Zoe Persisted'));
  const saved = await stored();
  await page.reload();
  await page.waitForSelector('[data-testid=page-data]');
  await page.waitForSelector('[data-testid=sellers-list] >> text=Zoe Persisted');
  // Opening the app reads the workspace and does not write it back (a second of work at
  // 100,000 deals): value and revision are as the edit left them.
  await page.waitForTimeout(300);
  assert.deepEqual(await stored(), saved);
  // And it is offered in the filter bar.
  const options = await page.$$eval('[data-testid=filter-seller] option', (os) => os.map((o) => o.textContent));
  assert.ok(options.includes('Zoe Persisted'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an empty name is refused with a message next to the field', async () => {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=sellers`);
  // The list is there (in the split build the Data page's code arrives after the shell).
  await page.waitForSelector('[data-testid=sellers-list] tbody tr');
  const before = await page.$$eval('[data-testid=sellers-list] tbody tr', (l) => l.length);
  await page.click('[data-testid=add-seller]');
  assert.equal(await page.textContent('#new-seller-error'), 'Enter a name.');
  assert.equal(await page.getAttribute('[data-testid=new-seller-name]', 'aria-invalid'), 'true');
  assert.equal(await page.$$eval('[data-testid=sellers-list] tbody tr', (l) => l.length), before);
  await context.close();
});
