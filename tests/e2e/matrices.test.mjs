// The two matrices: a gap in the relationship matrix takes a new contact and fills with its
// level; a whitespace cell of the directions matrix takes a new deal and turns "in work".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const attrs = (el) => el.evaluate((e) => ({ ...e.dataset, text: e.textContent.trim() }));

test('relationships: click a gap, add a contact, the cell fills with its level', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/relationships?mview=table`);
  await page.waitForSelector('[data-testid=rel-table]');
  const gap = await page.$('[data-testid=rel-cell][data-level=gap]');
  assert.ok(gap, 'the demo has gaps among key clients');
  const before = await attrs(gap);
  assert.equal(before.text, '—');
  await gap.click();
  await page.waitForSelector('[data-testid=rel-add-form]');
  assert.match(await page.textContent('[data-testid=rel-no-contact]'), /Nobody/);
  // An empty name is refused with a message, and nothing changes.
  await page.click('[data-testid=rel-add-submit]');
  await page.waitForFunction(() => document.querySelector('#rel-add-error').textContent.length > 0);
  await page.fill('[data-testid=rel-add-name]', 'Zoë <Tester>');
  await page.fill('[data-testid=rel-add-position]', 'Deputy CEO');
  await page.selectOption('[data-testid=rel-add-level]', '4');
  await page.click('[data-testid=rel-add-submit]');
  const cell = `[data-testid=rel-cell][data-client="${before.client}"][data-role="${before.role}"]`;
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.level === '4', cell);
  assert.equal(await page.textContent(cell), '4');
  // The panel now lists the contact, its name as text.
  await page.waitForSelector('[data-testid=rel-contacts]');
  assert.match(await page.textContent('[data-testid=rel-contacts]'), /Zoë <Tester>.*Deputy CEO/s);
  // A second contact with the same name at this client is refused (the Data section's rule).
  await page.click('[data-testid=rel-add-another]');
  await page.fill('[data-testid=rel-add-name]', 'zoë  <tester>');
  await page.click('[data-testid=rel-add-submit]');
  await page.waitForFunction(() => /already has a contact/.test(document.querySelector('#rel-add-error').textContent));
  assert.equal(await page.$$eval('[data-testid=rel-contact]', (rows) => rows.length), 1);
  // The addition is on the undo stack with the Data section's changes.
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=undo]');
  assert.match(await page.textContent('[data-testid=undo]'), /Add contact “Zoë <Tester>”/);
  await page.click('[data-testid=nav-relationships]');
  await page.click('[data-testid=mview-table]');
  await page.waitForSelector(cell);
  // It survives a reload (the workspace was saved).
  await page.reload();
  await page.waitForSelector(cell);
  assert.equal(await page.$eval(cell, (e) => e.dataset.level), '4');
  assert.deepEqual(problems, []);
  await context.close();
});

test('directions: click whitespace, create a deal, the cell turns "in work"', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/directions?mview=table`);
  await page.waitForSelector('[data-testid=dir-table]');
  const white = await page.$('[data-testid=dir-cell][data-state=empty]');
  assert.ok(white, 'the demo has whitespace');
  const before = await attrs(white);
  await white.click();
  await page.waitForSelector('[data-testid=dir-create-form]');
  // A wrong amount is refused with an inline message.
  await page.fill('[data-testid=dir-create-amount]', '12abc');
  await page.click('[data-testid=dir-create-submit]');
  await page.waitForFunction(() => document.querySelector('[data-testid=dir-amount-error]').textContent.length > 0);
  assert.match(await page.textContent('[data-testid=dir-amount-error]'), /not a number/i);
  await page.fill('[data-testid=dir-create-title]', 'Pilot <b>project</b>');
  await page.fill('[data-testid=dir-create-amount]', '1,250,000.50');
  await page.click('[data-testid=dir-create-submit]');
  const cell = `[data-testid=dir-cell][data-client="${before.client}"][data-dir="${before.dir}"]`;
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'in_work', cell);
  assert.match(await page.textContent(cell), /1\.3M/);
  assert.match(await page.getAttribute(cell, 'aria-label'), /In work\. In work: ₽1,250,000\.50, deals: 1/);
  // The cell's deal list shows the new deal, its title as text.
  await page.waitForSelector('[data-testid=deal-list]');
  assert.match(await page.textContent('[data-testid=deal-list]'), /Pilot <b>project<\/b>/);
  assert.match(await page.textContent('[data-testid=deal-list-count]'), /1 deals, \$1,250,000\.50|1 deals, ₽1,250,000\.50/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('both heatmaps draw, and a click on the chart opens the cell', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/directions`);
  await waitForChart(page, 'dir-chart');
  await page.click('[data-testid=nav-relationships]');
  await waitForChart(page, 'rel-chart');
  // The first row's first cell, inside the grid (left 190 px, top 36 px, one row about 26 px).
  const box = await page.$eval('[data-testid=rel-chart]', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width }; });
  await page.mouse.click(box.x + 200, box.y + 45);
  await page.waitForSelector('[data-testid=rel-detail]');
  assert.ok((await page.textContent('[data-testid=rel-detail-title]')).includes(' — '));
  // Both exports download, the picture from the heatmap and the table as CSV.
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=rel-png]')]);
  assert.match(png.suggestedFilename(), /^voronka-relationships-\d{4}-\d{2}-\d{2}\.png$/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=rel-csv]')]);
  assert.match(csv.suggestedFilename(), /^voronka-relationships-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await csv.path(), 'utf8');
  assert.match(text.split('\n')[0], /^\uFEFFClient,Segment,Key client,CEO,/);
  // The view switch lives in the link.
  await page.click('[data-testid=mview-table]');
  await page.waitForSelector('[data-testid=rel-table]');
  assert.match(page.url(), /mview=table/);
  assert.deepEqual(problems, []);
  await context.close();
});
