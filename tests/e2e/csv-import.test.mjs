// CSV import from other CRMs (issue 8): from an export file to a populated funnel through the
// mapping screen, for a Pipedrive export and a Windows-1251 amoCRM export; bad files change
// nothing; importing again updates instead of duplicating; Undo reverts an import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const fixture = (name) => readFile(fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url)));
const summary = (page) => page.textContent('[data-testid=data-summary]');
const digits = (s) => Number(String(s).replace(/[^\d]/g, ''));

/** Chooses the file, checks the mapping screen, reads the rows and answers stage questions. */
async function importCsv(page, name, { newStageKind = 'new-open' } = {}) {
  await page.setInputFiles('[data-testid=import-csv]', { name, mimeType: 'text/csv', buffer: await fixture(name) });
  await page.waitForSelector('[data-testid=csv-mapping]');
  const layout = await page.textContent('[data-testid=csv-layout]');
  await page.click('[data-testid=csv-read]');
  await page.waitForSelector('[data-testid=csv-preview]');
  // Amounts that name no currency: they are roubles (the workspace's currency in these tests).
  if (await page.$('[data-testid=csv-currency]') && (await page.$eval('[data-testid=csv-currency]', (s) => s.value)) === '') {
    await page.selectOption('[data-testid=csv-currency]', 'RUB');
    await page.waitForSelector('[data-testid=csv-preview]');
  }
  // Stages the workspace does not know: make each a new stage.
  for (let i = 0; await page.$(`[data-testid=csv-stage-${i}]`); i += 1) {
    await page.selectOption(`[data-testid=csv-stage-${i}]`, newStageKind);
    await page.waitForSelector('[data-testid=csv-preview]');
  }
  return layout;
}

test('a Pipedrive export becomes a funnel through the mapping screen, and undo takes it back', async () => {
  const started = Date.now();
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));

  const layout = await importCsv(page, 'pipedrive.csv');
  assert.match(layout, /Pipedrive/);
  // Nothing changed before Apply.
  assert.match(await summary(page), /^0 deals/);
  const preview = await page.textContent('[data-testid=csv-summary]');
  assert.match(preview, /4 deal\(s\) added, 0 updated/);
  await page.click('[data-testid=csv-apply]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('4 deals'));
  assert.match(await page.textContent('[data-testid=notice]'), /Imported 4 deal/);

  // The funnel shows the two open deals (one won, one lost) with their amounts.
  await page.click('[data-testid=nav-funnel]');
  await page.selectOption('[data-testid=filter-period]', 'all').catch(() => {});
  await page.waitForSelector('[data-testid=funnel-table]');
  assert.equal(digits(await page.textContent('[data-testid=funnel-total-count]')), 2);
  console.log(`# Pipedrive file to funnel: ${((Date.now() - started) / 1000).toFixed(1)} s (includes opening the app)`);

  // The same file again updates the four deals, adding none.
  await page.click('[data-testid=nav-data]');
  await page.goto(`${srv.url}#/data?dtab=file`);
  await importCsv(page, 'pipedrive.csv');
  assert.match(await page.textContent('[data-testid=csv-summary]'), /0 deal\(s\) added, 4 updated/);
  await page.click('[data-testid=csv-apply]');
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await summary(page), /^4 deals/);

  // Undo (the header's button) takes the imports back, one step each.
  await page.click('[data-testid=undo]');
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an amoCRM export in Windows-1251 with semicolons imports with its Russian names', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`, { locale: 'ru-RU' });
  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.includes('0'));
  const layout = await importCsv(page, 'amocrm.csv');
  assert.match(layout, /amoCRM/);
  await page.click('[data-testid=csv-apply]');
  await page.waitForSelector('[data-testid=notice]');
  await page.goto(`${srv.url}#/data?dtab=deals`);
  await page.waitForSelector('text=Поставка серверов');
  await page.waitForSelector('text=ООО Ромашка');
  assert.deepEqual(problems, []);
  await context.close();
});

test('broken rows are listed with their lines; a spreadsheet is refused; nothing changes', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const before = await summary(page);
  await importCsv(page, 'broken.csv');
  const errors = await page.textContent('[data-testid=csv-row-errors]');
  assert.match(errors, /Line \d+: /);
  assert.match(errors, /not an amount/);
  await page.click('[data-testid=csv-preview] >> text=Cancel');
  assert.equal(await summary(page), before);

  await page.setInputFiles('[data-testid=import-csv]', { name: 'deals.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really a workbook') });
  await page.waitForSelector('[data-testid=csv-error]');
  assert.match(await page.textContent('[data-testid=csv-error]'), /spreadsheet workbook/);
  assert.equal(await summary(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file of millions of tiny rows is refused by its row count with a clear message; nothing changes', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const before = await summary(page);
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace.rev') !== null); // the first start's save (it waits SAVE_DELAY_MS)
  const stored = await page.evaluate(() => localStorage.getItem('voronka.workspace'));
  // 3,000,000 rows of "1,2": 12 MB, well under the 64 MB byte limit.
  const rows = 3_000_000;
  const buffer = Buffer.concat([Buffer.from('Title,Client\n'), Buffer.alloc(rows * 4, '1,2\n')]);
  await page.setInputFiles('[data-testid=import-csv]', { name: 'tiny.csv', mimeType: 'text/csv', buffer });
  await page.waitForSelector('[data-testid=csv-error]', { timeout: 60_000 });
  const message = await page.textContent('[data-testid=csv-error]');
  assert.match(message, /3,000,000 rows/);
  assert.match(message, /up to 200,000 rows/);
  assert.equal(await page.$('[data-testid=csv-mapping]'), null, 'no mapping screen for a refused file');
  assert.equal(await summary(page), before);
  assert.equal(await page.evaluate(() => localStorage.getItem('voronka.workspace')), stored);
  assert.deepEqual(problems, []);
  await context.close();
});
