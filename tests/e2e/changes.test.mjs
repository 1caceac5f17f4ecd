// Pipeline changes (issue 20): the app takes the morning's snapshot when it opens; a head of
// sales then raises one deal's amount, wins another and moves a third to another stage, opens
// the changes page against this morning, and finds each edit in its bar of the waterfall and in
// the stage-movement matrix — a click on the chart's bar lists exactly that bar's deals, and the
// open list survives a reload (the route holds it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const closed = (page, id) => page.waitForSelector(`[data-testid=${id}]`, { state: 'detached' });
const major = (s) => Number(s.replace(/[^\d.]/g, ''));

/** Open deals on the Data list's first page: id, title, stage. */
async function openDeals(page) {
  await page.waitForSelector('[data-testid=deals-list] [data-testid=deal-row]');
  return page.$$eval('[data-testid=deal-row]', (rows) => rows.map((tr) => {
    const th = tr.querySelector('th');
    const stage = th.nextElementSibling.nextElementSibling.nextElementSibling.textContent.trim();
    const button = tr.querySelector('[data-testid=deal-open]');
    return { id: button.id.replace('open-deal-', ''), title: button.textContent.trim(), stage };
  }).filter((d) => d.stage !== 'Won' && d.stage !== 'Lost'));
}

async function edit(page, deal, change) {
  await page.click(`#open-deal-${deal.id}`);
  await page.waitForSelector('[data-testid=deal-form]');
  const result = await change();
  await page.click('[data-testid=deal-form-save]');
  await closed(page, 'deal-form');
  return result;
}

/** The deal list's row titles once it shows `n` rows. */
async function listed(page, n) {
  await page.waitForSelector('[data-testid=deal-list]');
  await page.waitForFunction((k) => document.querySelectorAll('[data-testid=deal-list] [data-testid=deal-row]').length === k, n);
  return page.$$eval('[data-testid=deal-list] [data-testid=deal-row]', (rows) => rows.map((r) => r.textContent));
}

test('edits since the morning land in their bars; a bar of the chart lists its deals', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=deals&period=all`);
  // The morning's snapshot is stored once the first page has painted.
  await page.waitForFunction(() => localStorage.getItem('voronka.snapshots') !== null, null, { timeout: 15000 });

  const [raised, won, moved] = (await openDeals(page)).slice(0, 3);
  assert.ok(moved, 'three open deals on the first page');
  const before = await edit(page, raised, async () => {
    const was = major(await page.inputValue('#deal-form-amount'));
    await page.fill('#deal-form-amount', String(was + 1000));
    return was;
  });
  const wonAmount = await edit(page, won, async () => {
    const amount = major(await page.inputValue('#deal-form-amount'));
    await page.selectOption('#deal-form-stage', { label: 'Won' });
    return amount;
  });
  const [fromStage, toStage] = await edit(page, moved, async () => {
    const options = await page.$$eval('#deal-form-stage option', (os) => os.map((o) => ({ value: o.value, label: o.textContent.trim(), selected: o.selected })));
    const current = options.find((o) => o.selected);
    const target = options.find((o) => !o.selected && o.label !== 'Won' && o.label !== 'Lost');
    await page.selectOption('#deal-form-stage', target.value);
    return [current.label, target.label];
  });
  assert.ok(before > 0 && wonAmount > 0);

  // This morning's snapshot, from the "since" list.
  await page.goto(`${srv.url}#/changes`);
  await page.waitForSelector('[data-testid=changes-since]');
  const snap = await page.$eval('[data-testid=changes-since]', (s) => [...s.options].map((o) => o.value).find((v) => v.startsWith('snap-')));
  assert.ok(snap, 'today is among the stored snapshots');
  await page.selectOption('[data-testid=changes-since]', snap);
  await waitForChart(page, 'changes-waterfall');
  assert.match(await page.textContent('[data-testid=changes-basis]'), /snapshot/i);

  // The bars: one deal raised by 1,000, one won, nothing new, cut, lost or deleted.
  const bars = await page.$$eval('[data-testid=changes-bar]', (bs) => Object.fromEntries(bs.map((b) => [b.dataset.bar, {
    value: b.querySelector('.bar-value').textContent, count: b.querySelector('.bar-count').textContent, disabled: b.disabled,
  }])));
  assert.match(bars.increased.count, /^1 /);
  assert.match(bars.won.count, /^1 /);
  for (const none of ['new', 'decreased', 'lost', 'deleted']) {
    assert.match(bars[none].count, /^0 /, none);
    assert.ok(bars[none].disabled, `${none} has nothing to list`);
  }
  // The chart draws the same bars, in the review order, between the two totals.
  const chart = await page.evaluate(() => {
    const c = echarts.getInstanceByDom(document.querySelector('[data-testid=changes-waterfall]'));
    const o = c.getOption();
    return { names: o.xAxis[0].data, values: o.series[1].data.map((d) => d.value) };
  });
  assert.equal(chart.names.length, 8, chart.names.join(' | '));
  assert.match(chart.names[0], /^Then/);
  assert.deepEqual(chart.names.slice(1, 7), ['New', 'Increased', 'Decreased', 'Won', 'Lost', 'Deleted']);
  assert.match(chart.names[7], /^Now/);
  assert.equal(chart.values[2], 1000, 'increased by the raise');
  assert.equal(chart.values[4], wonAmount, 'won: the deal\'s amount this morning');
  assert.ok(Math.abs(chart.values[0] + 1000 - wonAmount - chart.values[7]) < 0.01, 'then + increased − won = now');

  // A click on the chart's "Won" bar lists the won deal.
  const point = await page.evaluate(() => {
    const el = document.querySelector('[data-testid=changes-waterfall]');
    const c = echarts.getInstanceByDom(el);
    const r = c.getModel().getSeriesByIndex(1).getData().getItemLayout(4);
    const box = el.getBoundingClientRect();
    return { x: box.left + r.x + r.width / 2, y: box.top + r.y + r.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
  const wonRows = await listed(page, 1);
  assert.ok(wonRows[0].includes(won.title), wonRows[0]);
  assert.match(await page.evaluate(() => location.hash), /copen=bar\.won/);

  // The raised deal under "Increased", with what changed.
  await page.click('[data-testid=changes-bar][data-bar=increased]');
  await page.waitForFunction(() => /Increased/.test(document.querySelector('[data-testid=deal-list-title]')?.textContent));
  const raisedRows = await listed(page, 1);
  assert.ok(raisedRows[0].includes(raised.title), raisedRows[0]);
  assert.match(await page.textContent('[data-testid=deal-list] [data-testid=deal-note]'), /→/);

  // The stage matrix: the moved deal is the only one off the diagonal; its cell lists it.
  const moves = await page.$$eval('[data-testid=matrix-cell]', (cs) => cs.map((c) => ({ open: c.dataset.open, count: Number(c.dataset.count) }))
    .filter((c) => c.open.startsWith('move.') && c.open.split('.')[1] !== c.open.split('.')[2]));
  assert.deepEqual(moves.map((m) => m.count), [1], JSON.stringify(moves));
  assert.ok((await page.textContent('[data-testid=changes-moves]')).length > 0);
  await page.click(`[data-testid=matrix-cell][data-open="${moves[0].open}"]`);
  await page.waitForFunction(([a, b]) => document.querySelector('[data-testid=deal-list-title]')?.textContent === `${a} → ${b}`, [fromStage, toStage]);
  const movedRows = await listed(page, 1);
  assert.ok(movedRows[0].includes(moved.title), movedRows[0]);

  // Deep link: a reload opens the same comparison and the same list.
  await page.reload();
  await waitForChart(page, 'changes-waterfall');
  const again = await listed(page, 1);
  assert.ok(again[0].includes(moved.title));

  // CSV like every report: one line per bar between the two totals.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=changes-csv]')]);
  assert.match(download.suggestedFilename(), /^voronka-changes-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
  assert.match(csv[0], /^Bar,Deals,Amount/);
  assert.ok(csv.some((l) => l.startsWith('Increased,1,1000.00,')), csv.join('\n'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('with no snapshot that old, stage history answers what it can and says so', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/changes?since=month`);
  await waitForChart(page, 'changes-waterfall');
  assert.match(await page.textContent('[data-testid=changes-basis]'), /stage history/i);
  assert.match(await page.textContent('[data-testid=changes-unknown]'), /Increased/);
  const shown = await page.$$eval('[data-testid=changes-bar]', (bs) => bs.map((b) => b.dataset.bar));
  assert.ok(shown.includes('won') && shown.includes('new'), shown.join(' '));
  assert.ok(!shown.includes('increased'), 'amount changes need a snapshot');
  assert.deepEqual(problems, []);
  await context.close();
});
