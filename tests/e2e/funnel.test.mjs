// The sales funnel page: a stage opens its deals under every active filter (and the open list
// survives a reload), the snapshot/conversion switch lives in the URL, and the table, the
// diagram and a hand count of the stored deals agree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const digits = (s) => Number(String(s).replace(/\D/g, ''));
/** `₽1,234.56`, `1 234,56 ₽` → 1234.56 */
const money = (s) => {
  const t = String(s).replace(/[^\d.,-]/g, '');
  // The last separator followed by exactly two digits is the decimal one.
  const m = t.match(/^(.*)[.,](\d{2})$/);
  return m ? Number(m[1].replace(/[.,]/g, '') + '.' + m[2]) : Number(t.replace(/[.,]/g, ''));
};

/** The table's rows: key, kind, label and figure cells as text. */
async function tableRows(page) {
  return page.$$eval('[data-testid=funnel-table] tr[data-row]', (trs) => trs.map((tr) => ({
    key: tr.dataset.key,
    kind: tr.dataset.row,
    label: tr.querySelector('th').textContent.trim(),
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
  })));
}

/** The diagram's band values, straight from ECharts. */
async function chartValues(page) {
  return page.evaluate(() => {
    const chart = echarts.getInstanceByDom(document.querySelector('[data-testid=funnel-chart]'));
    return chart.getOption().series[0].data.map((d) => (typeof d === 'object' ? d.value : d));
  });
}

/** Waits until the chart shows `n` bands whose values equal `expected` (it updates in place). */
async function waitForChartValues(page, expected) {
  await page.waitForFunction((want) => {
    const chart = echarts.getInstanceByDom(document.querySelector('[data-testid=funnel-chart]'));
    const got = chart?.getOption()?.series?.[0]?.data?.map((d) => (typeof d === 'object' ? d.value : d));
    return got && got.length === want.length && got.every((v, i) => Math.abs(v - want[i]) < 0.005);
  }, expected, { timeout: 5000 }).catch(() => {});
}

/** Stage rows then the won row: the bands the diagram draws, in its order. */
function diagramRows(rows) {
  return [...rows.filter((r) => r.kind === 'stage'), ...rows.filter((r) => r.kind === 'won')];
}

test('clicking a stage lists its deals under the seller filter, and the list survives reload', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/funnel?period=all`);
  await waitForChart(page, 'funnel-chart');
  // A seller with open deals: the seller comparison names them in workspace order.
  const sellers = await page.$$eval('[data-testid=filter-seller] option', (os) =>
    os.filter((o) => o.value).map((o) => ({ id: o.value, name: o.textContent.trim() })));
  assert.ok(sellers.length > 1);
  const seller = sellers[0];
  await page.selectOption('[data-testid=filter-seller]', seller.id);
  await page.waitForFunction((id) => location.hash.includes(`seller=${id}`), seller.id);
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid=funnel-seller-table] tr.current th')?.textContent.trim() === name,
    seller.name,
  );

  // Hand count from the stored workspace: the seller's open deals per stage, won and lost.
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace.rev') !== null); // the first start's save (it waits SAVE_DELAY_MS)
  const ws = await page.evaluate(() => JSON.parse(localStorage.getItem('voronka.workspace')).workspace);
  const kind = Object.fromEntries(ws.stages.map((s) => [s.id, s.kind]));
  const mine = ws.deals.filter((d) => String(d.seller) === seller.id);
  const rows = await tableRows(page);
  for (const r of rows.filter((r) => r.kind === 'stage')) {
    const hand = mine.filter((d) => String(d.stage) === r.key).length;
    assert.equal(digits(r.cells[0]), hand, `open deals of ${seller.name} in ${r.label}`);
  }
  assert.equal(digits(rows.find((r) => r.kind === 'won').cells[0]), mine.filter((d) => kind[d.stage] === 'won').length);
  assert.equal(digits(rows.find((r) => r.kind === 'lost').cells[0]), mine.filter((d) => kind[d.stage] === 'lost').length);
  assert.equal(digits(rows.find((r) => r.kind === 'total').cells[0]), mine.filter((d) => kind[d.stage] === 'open').length);

  // Click the first stage with deals.
  const row = rows.find((r) => r.kind === 'stage' && digits(r.cells[0]) > 0);
  assert.ok(row, 'the seller has an open deal');
  const count = digits(row.cells[0]);
  await page.click(`[data-testid=funnel-row-${row.key}]`);
  await page.waitForSelector('[data-testid=deal-list]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=deal-row]').length === n, count);

  const checkList = async () => {
    const listed = await page.$$eval('[data-testid=deal-row]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.equal(listed.length, count, 'the list has as many deals as the row');
    for (const cells of listed) {
      assert.equal(cells[2], seller.name, 'every deal belongs to the chosen seller');
      assert.equal(cells[3], row.label, 'every deal sits in the clicked stage');
    }
    assert.match(await page.textContent('[data-testid=deal-list-count]'), new RegExp(`^${count}\\b`));
    // The filter is still set, on screen and in the link; the open row is in the link too.
    assert.equal(await page.$eval('[data-testid=filter-seller]', (s) => s.value), seller.id);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, new RegExp(`seller=${seller.id}(&|$)`));
    assert.match(hash, /period=all(&|$)/);
    assert.match(hash, new RegExp(`fstage=${row.key}(&|$)`));
    assert.equal(await page.getAttribute(`[data-testid=funnel-row-${row.key}]`, 'aria-expanded'), 'true');
  };
  await checkList();

  // A reload opens the same list under the same filters.
  await page.reload();
  await page.waitForSelector('[data-testid=deal-list]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=deal-row]').length === n, count);
  await checkList();

  // Closing the list takes it out of the link and keeps the filters.
  await page.click('[data-testid=deal-list-close]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=deal-list]'));
  const hash = await page.evaluate(() => location.hash);
  assert.doesNotMatch(hash, /fstage=/);
  assert.match(hash, new RegExp(`seller=${seller.id}(&|$)`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a band of the diagram opens the same list as its table row', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await waitForChart(page, 'funnel-chart');
  const rows = diagramRows(await tableRows(page));
  const target = rows.findIndex((r) => r.kind === 'stage' && digits(r.cells[0]) > 0 && digits(r.cells[0]) <= 100);
  assert.ok(target >= 0);
  // The band's centre, from the funnel's drawn polygon.
  const point = await page.evaluate((i) => {
    const el = document.querySelector('[data-testid=funnel-chart]');
    const chart = echarts.getInstanceByDom(el);
    const pts = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i).points;
    const box = el.getBoundingClientRect();
    const x = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const y = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    return { x: box.left + x, y: box.top + y };
  }, target);
  await page.mouse.click(point.x, point.y);
  await page.waitForSelector('[data-testid=deal-list]');
  const want = digits(rows[target].cells[0]);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=deal-row]').length === n, want);
  const stages = await page.$$eval('[data-testid=deal-row] td:nth-child(4)', (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(stages.every((s) => s === rows[target].label));
  assert.match(await page.evaluate(() => location.hash), new RegExp(`fstage=${rows[target].key}(&|$)`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('snapshot and conversion: the switch is in the URL, and table and diagram agree', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await waitForChart(page, 'funnel-chart');

  const agree = async (mode) => {
    const rows = diagramRows(await tableRows(page));
    const counts = rows.map((r) => digits(r.cells[0]));
    await waitForChartValues(page, counts);
    assert.deepEqual(await chartValues(page), counts, `${mode}: diagram counts = table counts`);
    return rows;
  };

  // Snapshot (the default): the open rows add up to the total.
  assert.equal(await page.getAttribute('[data-testid=funnel-table]', 'data-mode'), 'snapshot');
  const snap = await agree('snapshot');
  const total = digits(await page.textContent('[data-testid=funnel-total-count]'));
  assert.equal(snap.filter((r) => r.kind === 'stage').reduce((a, r) => a + digits(r.cells[0]), 0), total);

  // By amount: the bands are the table's amounts.
  await page.check('[data-testid=funnel-measure-amount]');
  await page.waitForFunction(() => location.hash.includes('fmeasure=amount'));
  const amounts = snap.map((r) => money(r.cells[1]));
  await waitForChartValues(page, amounts);
  const values = await chartValues(page);
  values.forEach((v, i) => assert.ok(Math.abs(v - amounts[i]) < 0.005, `amount band ${i}: ${v} vs ${amounts[i]}`));
  await page.check('[data-testid=funnel-measure-count]');
  await page.waitForFunction(() => !location.hash.includes('fmeasure='));

  // Conversion: reached never grows from one stage to the next, and ends at won.
  await page.check('[data-testid=funnel-mode-conversion]');
  await page.waitForFunction(() => location.hash.includes('fmode=conversion'));
  await page.waitForFunction(() => document.querySelector('[data-testid=funnel-table]')?.dataset.mode === 'conversion');
  assert.match(await page.textContent('[data-testid=funnel-variant-help]'), /^Conversion/);
  const conv = await agree('conversion');
  const reached = conv.map((r) => digits(r.cells[0]));
  reached.slice(1).forEach((v, i) => assert.ok(v <= reached[i], `reached ${reached}`));
  const cohort = digits(await page.textContent('[data-testid=funnel-total-count]'));
  assert.ok(cohort >= reached[0]);

  // The mode survives a reload, then back to the snapshot.
  await page.reload();
  await page.waitForSelector('[data-testid=funnel-table][data-mode=conversion]');
  assert.equal(await page.isChecked('[data-testid=funnel-mode-conversion]'), true);
  await page.check('[data-testid=funnel-mode-snapshot]');
  await page.waitForFunction(() => !location.hash.includes('fmode='));
  await page.waitForSelector('[data-testid=funnel-table][data-mode=snapshot]');
  await waitForChart(page, 'funnel-chart');
  await agree('snapshot again');
  assert.match(await page.textContent('[data-testid=funnel-variant-help]'), /^Snapshot/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('filters that match nothing say so and offer a way back', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await waitForChart(page, 'funnel-chart');
  // A seller id that is in no deal: nothing matches.
  await page.goto(`${srv.url}#/funnel?seller=999999999`);
  await page.waitForSelector('[data-testid=funnel-empty]');
  assert.match(await page.textContent('[data-testid=funnel-empty]'), /No deals match the filters/);
  await page.click('[data-testid=funnel-reset]');
  await page.waitForSelector('[data-testid=funnel-table]');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /seller=/);
  // A workspace without deals says how to get some: the stored workspace with its deals removed.
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace.rev') !== null); // the first start's save (it waits SAVE_DELAY_MS)
  await page.evaluate(() => {
    const file = JSON.parse(localStorage.getItem('voronka.workspace'));
    file.workspace.deals = [];
    localStorage.setItem('voronka.workspace', JSON.stringify(file));
  });
  await page.reload();
  await page.waitForSelector('[data-testid=funnel-empty]');
  assert.match(await page.textContent('[data-testid=funnel-empty]'), /no deals yet/);
  assert.equal(await page.$('[data-testid=funnel-table]'), null);
  await page.click('[data-testid=funnel-load-demo]');
  await waitForChart(page, 'funnel-chart');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the table exports as CSV and the diagram as PNG', async () => {
  const { context, page, problems } = await openApp(browser, srv.url);
  await waitForChart(page, 'funnel-chart');
  const rows = await tableRows(page);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=funnel-csv]')]);
  assert.match(csv.suggestedFilename(), /^voronka-funnel-snapshot-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await import('node:fs')).readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines.length, rows.length + 1, 'a header and one line per table row');
  assert.match(lines[0], /^Stage,Deals,Amount,Weighted,/);
  // Plain numbers for spreadsheets: the first stage's count and exact amount.
  const first = lines[1].split(',');
  assert.equal(Number(first[1]), digits(rows[0].cells[0]));
  assert.equal(Number(first[2]), money(rows[0].cells[1]));

  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=funnel-png]')]);
  assert.match(png.suggestedFilename(), /^voronka-funnel-\d{4}-\d{2}-\d{2}\.png$/);
  const bytes = (await import('node:fs')).readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  assert.deepEqual(problems, []);
  await context.close();
});
