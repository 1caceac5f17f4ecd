// A real-shaped opportunities export into an empty workspace (issue 15), as a head of sales would
// do it: empty client cells, unknown stages whose first appearance is in the wrong order, no
// currency column, deals closed years back, open deals without an amount. Every row must arrive,
// the stages must be the file's in the order the user chose (no empty default stages left over),
// and the reports must show the deals (the period notice takes one click to a period holding them).
//
// The fixture (tests/fixtures/csv/opportunities-export.csv, 12 data rows, counted by hand):
// won OP01 OP03 OP09 OP11 · lost OP02 OP10 · Engaging OP04 OP05 OP08 · Prospecting OP06 OP07 OP12;
// no client on OP03 OP05 OP07 OP10 OP12; open without an amount: OP05 OP06 OP12; created
// 2023-01-10 … 2024-01-05.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const FIXTURE = 'opportunities-export.csv';
const DATA_ROWS = 12;
const digits = (s) => Number(String(s).replace(/[^\d]/g, ''));

/** The new stages in the preview's pipeline order. */
const newStages = (page) => page.$$eval('[data-testid=csv-new-stage-name]', (els) => els.map((e) => e.textContent.trim()));

/** The funnel table's stage rows (label, first figure) and its won row. */
async function funnelRows(page) {
  return page.$$eval('[data-testid=funnel-table] tr[data-row]', (trs) => trs.map((tr) => ({
    kind: tr.dataset.row,
    label: tr.querySelector('th').textContent.trim(),
    count: Number((tr.querySelector('td')?.textContent ?? '').replace(/\D/g, '')),
  })));
}

test('a real opportunities export keeps every row, takes the chosen stage order and shows in the reports', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));

  const buffer = await readFile(fileURLToPath(new URL(`../fixtures/csv/${FIXTURE}`, import.meta.url)));
  await page.setInputFiles('[data-testid=import-csv]', { name: FIXTURE, mimeType: 'text/csv', buffer });
  await page.waitForSelector('[data-testid=csv-mapping]');
  await page.click('[data-testid=csv-read]');
  await page.waitForSelector('[data-testid=csv-preview]');

  // Every question is in the preview and Apply waits for the answers.
  assert.equal(await page.isDisabled('[data-testid=csv-apply]'), true, 'Apply is disabled while questions are open');
  assert.match(await page.textContent('[data-testid=csv-apply]'), /question/);
  // With the currency open every row waits, and none is counted as added yet.
  assert.match(await page.textContent('[data-testid=csv-summary]'), /^0 deal\(s\) added.* 12 row\(s\) wait/);
  assert.match(await page.textContent('[data-testid=csv-no-client]'), /\b5\b/, 'five rows have no client');
  assert.equal(await page.isChecked('[data-testid=csv-no-client-keep]'), true, 'rows without a client are kept by default');
  await page.waitForSelector('[data-testid=csv-currency-question]');
  assert.equal(await page.isChecked('[data-testid=csv-only-file-stages-box]'), true, 'an empty workspace takes only the file\'s stages');

  // The answers: the currency, and each unknown stage a new open stage (in the order asked).
  await page.selectOption('[data-testid=csv-currency]', 'USD');
  await page.waitForSelector('[data-testid=csv-preview]');
  for (let i = 0; await page.$(`[data-testid=csv-stage-${i}]`); i += 1) {
    if ((await page.$eval(`[data-testid=csv-stage-${i}]`, (s) => s.value)) === '') {
      await page.selectOption(`[data-testid=csv-stage-${i}]`, 'new-open');
      await page.waitForSelector('[data-testid=csv-preview]');
    }
  }
  // The file names Engaging before Prospecting; the pipeline runs Prospecting → Engaging.
  let order = await newStages(page);
  assert.ok(order.includes('Prospecting') && order.includes('Engaging'), `new stages: ${order}`);
  for (let guard = 0; order.indexOf('Prospecting') > order.indexOf('Engaging') && guard < 5; guard += 1) {
    await page.click(`[data-testid=csv-stage-up-${order.indexOf('Prospecting')}]`);
    await page.waitForFunction((before) => {
      const now = [...document.querySelectorAll('[data-testid=csv-new-stage-name]')].map((e) => e.textContent.trim());
      return now.join('|') !== before;
    }, order.join('|'));
    order = await newStages(page);
  }
  assert.ok(order.indexOf('Prospecting') < order.indexOf('Engaging'), `chosen order: ${order}`);

  // All answered: every row is imported.
  assert.equal(await page.isDisabled('[data-testid=csv-apply]'), false, 'Apply is enabled once everything is answered');
  assert.equal(digits(await page.textContent('[data-testid=csv-apply]')), DATA_ROWS);
  assert.match(await page.textContent('[data-testid=csv-summary]'), /^12 deal\(s\) added, 0 updated, 0 row\(s\) skipped\.$/);
  await page.click('[data-testid=csv-apply]');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=data-summary]').textContent.startsWith(`${n} deals`),
    DATA_ROWS,
  );

  // The reports: the default period (today) holds none of these deals, and says so.
  await page.click('[data-testid=nav-funnel]');
  await page.waitForSelector('[data-testid=page-funnel]');
  const notice = await page.waitForSelector('[data-testid=outside-period]');
  assert.match(await notice.textContent(), /\b12\b/);
  // One click to the deals' own span.
  await page.click('[data-testid=show-deal-span]');
  await page.waitForSelector('[data-testid=outside-period]', { state: 'detached' });
  await page.waitForSelector('[data-testid=funnel-table]');
  assert.match(page.url(), /period=custom/);

  // The funnel's stages are the file's open stages in the chosen order, nothing left over.
  const rows = await funnelRows(page);
  const stages = rows.filter((r) => r.kind === 'stage');
  assert.deepEqual(stages.map((r) => r.label), ['Prospecting', 'Engaging'], JSON.stringify(rows));
  assert.deepEqual(stages.map((r) => r.count), [3, 3], JSON.stringify(rows));
  assert.equal(digits(await page.textContent('[data-testid=funnel-total-count]')), 6);
  // Three open deals came without an amount; the reports say so.
  assert.match(await page.textContent('[data-testid=open-without-amount]'), /\b3\b/);

  // The data pages hold all 12 deals (five under the "no client" entry) and only the file's stages.
  await page.goto(`${srv.url}#/data?dtab=deals`);
  await page.waitForSelector('[data-testid=data-summary]');
  assert.match(await page.textContent('[data-testid=data-summary]'), /^12 deals/);
  assert.deepEqual(problems, []);
  await context.close();
});
