// Pipeline page (issue 5): the tree grids expand and collapse by mouse and keyboard, the
// forecast tree's expanded rows live in the URL (reload, filter change), the stage grid's cells
// list their deals, and each report exports as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const rowSel = (tree) => `[data-testid=${tree}] tr[data-testid=tree-row]`;
/** The rendered rows of a tree as `path level expanded`. */
const rowsOf = (page, tree) =>
  page.$$eval(rowSel(tree), (trs) =>
    trs.map((tr) => `${tr.dataset.path} ${tr.getAttribute('aria-level')} ${tr.getAttribute('aria-expanded') ?? '-'}`));
const row = (tree, path) => `${rowSel(tree)}[data-path="${path}"]`;
const expandedOf = (page, tree, path) => page.getAttribute(row(tree, path), 'aria-expanded');
const waitExpanded = (page, tree, path, value) =>
  page.waitForFunction(([s, v]) => document.querySelector(s)?.getAttribute('aria-expanded') === v, [row(tree, path), value]);
const num = (s) => Number(s.replace(/[^\d]/g, ''));

test('by clients: expand a seller and a client, see its deals; expand all and collapse all', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/pipeline`);
  await page.waitForSelector('[data-testid=tree-clients]');
  assert.equal(await page.getAttribute('[data-testid=tree-clients]', 'role'), 'treegrid');
  const sellers = await page.$$eval(rowSel('tree-clients'), (trs) => trs.map((tr) => tr.dataset.path));
  assert.ok(sellers.length >= 5, `seller rows: ${sellers.length}`);
  assert.ok(sellers.every((p) => /^s\d+$/.test(p)));

  const seller = sellers[0];
  assert.equal(await expandedOf(page, 'tree-clients', seller), 'false');
  await page.click(row('tree-clients', seller));
  await waitExpanded(page, 'tree-clients', seller, 'true');
  const clients = (await rowsOf(page, 'tree-clients')).filter((r) => r.startsWith(`${seller}/`));
  assert.ok(clients.length > 0);
  assert.ok(clients.every((r) => / 2 false$/.test(r)), clients.join('\n'));

  const client = clients[0].split(' ')[0];
  const clientRow = row('tree-clients', client);
  const clientCount = num(await page.textContent(`${clientRow} td:nth-child(2)`));
  await page.click(clientRow);
  await waitExpanded(page, 'tree-clients', client, 'true');
  const deals = await page.$$eval(`${rowSel('tree-clients')}[data-kind=deal]`, (trs) =>
    trs.map((tr) => ({ path: tr.dataset.path, level: tr.getAttribute('aria-level'), expanded: tr.getAttribute('aria-expanded'),
      cells: [...tr.children].map((c) => c.textContent.trim()) })));
  assert.equal(deals.length, clientCount, 'the client row counts the deal rows under it');
  for (const d of deals) {
    assert.ok(d.path.startsWith(`${client}/d`), d.path);
    assert.equal(d.level, '3');
    assert.equal(d.expanded, null, 'deal rows are leaves');
    assert.match(d.cells[2], /₽/); // amount
    assert.match(d.cells[5], /%$/); // probability
  }
  // Sibling position and set size are announced.
  const first = await page.$eval(`${rowSel('tree-clients')}[data-kind=deal]`, (tr) => [tr.getAttribute('aria-posinset'), tr.getAttribute('aria-setsize')]);
  assert.deepEqual(first, ['1', String(clientCount)]);

  await page.click('[data-testid=expand-all]');
  await page.waitForFunction((s) => [...document.querySelectorAll(s)].every((tr) => tr.dataset.kind === 'deal' || tr.getAttribute('aria-expanded') === 'true'), rowSel('tree-clients'));
  const shown = await page.textContent('[data-testid=tree-shown]');
  const [rendered, total] = shown.match(/[\d,]+/g).map(num);
  assert.equal((await rowsOf(page, 'tree-clients')).length, rendered);
  assert.ok(total > sellers.length + 145, `all rows: ${shown}`);

  // CSV: one line per node of the whole tree (not just the rendered page), plus the header.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pipeline-csv]')]);
  assert.match(download.suggestedFilename(), /^voronka-pipeline-clients-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
  assert.match(csv[0], /^Level,Seller,Client,Deal,Deals,Amount,Weighted/);
  assert.equal(csv.length - 1, total);

  await page.click('[data-testid=collapse-all]');
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [rowSel('tree-clients'), sellers.length]);
  assert.ok((await rowsOf(page, 'tree-clients')).every((r) => r.endsWith(' 1 false')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('by forecast: expanded rows are kept in the URL, survive a reload and a filter change', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/pipeline`);
  await page.waitForSelector('[data-testid=tree-clients]');
  // The tabs switch reports (and the arrow keys move between tabs).
  await page.click('[data-testid=pview-stages]');
  await page.waitForSelector('[data-testid=stage-grid]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid=tree-forecast]');
  assert.equal(await page.getAttribute('[data-testid=pview-forecast]', 'aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'pview-forecast');
  assert.match(page.url(), /pview=forecast/);
  const stage = (await rowsOf(page, 'tree-forecast'))[0].split(' ')[0];
  assert.match(stage, /^st\d+$/);
  await page.click(row('tree-forecast', stage));
  await waitExpanded(page, 'tree-forecast', stage, 'true');
  const seller = (await rowsOf(page, 'tree-forecast')).find((r) => r.startsWith(`${stage}/`)).split(' ')[0];
  await page.click(row('tree-forecast', seller));
  await waitExpanded(page, 'tree-forecast', seller, 'true');
  const client = (await rowsOf(page, 'tree-forecast')).find((r) => r.startsWith(`${seller}/`)).split(' ')[0];
  await page.click(row('tree-forecast', client));
  await waitExpanded(page, 'tree-forecast', client, 'true');
  assert.ok((await rowsOf(page, 'tree-forecast')).some((r) => r.startsWith(`${client}/d`)), 'a deal row shows');
  const open = await rowsOf(page, 'tree-forecast');
  const hash = new URL(page.url()).hash;
  assert.ok(decodeURIComponent(hash).includes(`pexp=${[client, seller, stage].sort().join(',')}`), hash);

  await page.reload();
  await page.waitForSelector('[data-testid=tree-forecast]');
  await page.waitForSelector(row('tree-forecast', client));
  assert.deepEqual(await rowsOf(page, 'tree-forecast'), open, 'the same rows are open after a reload');

  // A filter change keeps the expanded rows; clearing it brings back the same view.
  const type = await page.$eval('[data-testid=filter-type] option:nth-child(2)', (o) => o.value);
  await page.selectOption('[data-testid=filter-type]', type);
  await page.waitForFunction((u) => location.hash.includes('type=') && location.hash.includes('pexp='), null);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=tree-forecast] tr[data-testid=tree-row]').length !== n, open.length);
  assert.equal(await expandedOf(page, 'tree-forecast', stage), 'true');
  await page.selectOption('[data-testid=filter-type]', '');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=tree-forecast] tr[data-testid=tree-row]').length === n, open.length);
  assert.deepEqual(await rowsOf(page, 'tree-forecast'), open);

  // Expand all is one short token in the URL and also survives a reload.
  await page.click('[data-testid=expand-all]');
  await page.waitForFunction(() => /pexp=(\*|%2A)/.test(location.hash));
  await page.reload();
  await page.waitForSelector('[data-testid=tree-forecast]');
  const all = await rowsOf(page, 'tree-forecast');
  assert.ok(all.length > open.length);
  assert.ok(all.every((r) => r.endsWith(' true') || r.endsWith(' -')), 'every group row is expanded');
  await page.click('[data-testid=collapse-all]');
  await page.waitForFunction(() => !location.hash.includes('pexp='));
  assert.ok((await rowsOf(page, 'tree-forecast')).every((r) => / 1 false$/.test(r)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: arrows move, open and close rows of the tree grid', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/pipeline`);
  await page.waitForSelector('[data-testid=tree-clients]');
  const [first, second] = (await rowsOf(page, 'tree-clients')).map((r) => r.split(' ')[0]);
  // One row takes Tab (roving tabindex).
  assert.equal(await page.getAttribute(row('tree-clients', first), 'tabindex'), '0');
  assert.equal(await page.getAttribute(row('tree-clients', second), 'tabindex'), '-1');
  await page.focus(row('tree-clients', first));
  const active = () => page.evaluate(() => document.activeElement?.dataset?.path ?? null);

  await page.keyboard.press('ArrowRight');
  await waitExpanded(page, 'tree-clients', first, 'true');
  assert.equal(await active(), first, 'Right on a closed row opens it and keeps focus');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((p) => document.activeElement?.dataset?.path?.startsWith(`${p}/`), first);
  const child = await active();
  assert.equal(await page.getAttribute(row('tree-clients', child), 'aria-level'), '2');
  await page.keyboard.press('Enter');
  await waitExpanded(page, 'tree-clients', child, 'true');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((p) => document.activeElement?.dataset?.path?.startsWith(`${p}/d`), child);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((p) => document.activeElement?.dataset?.path === p, child);
  await page.keyboard.press('ArrowLeft');
  await waitExpanded(page, 'tree-clients', child, 'false');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((p) => document.activeElement?.dataset?.path === p, first);
  await page.keyboard.press('ArrowLeft');
  await waitExpanded(page, 'tree-clients', first, 'false');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((p) => document.activeElement?.dataset?.path === p, second);
  assert.equal(await page.getAttribute(row('tree-clients', second), 'tabindex'), '0');
  assert.deepEqual(problems, []);
  await context.close();
});

test('by stages: a cell lists exactly its deals; the chart is drawn', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/pipeline?pview=stages`);
  await page.waitForSelector('[data-testid=stage-grid]');
  await waitForChart(page, 'pipeline-stage-chart');
  const cells = await page.$$('[data-testid=grid-cell]:not([disabled])');
  assert.ok(cells.length > 10);
  const cell = cells[1];
  const count = Number(await cell.getAttribute('data-count'));
  assert.ok(count > 0);
  const [stage, seller] = await cell.evaluate((b) => {
    const td = b.closest('td');
    const table = b.closest('table');
    const col = [...td.parentElement.children].indexOf(td);
    return [table.querySelector(`thead th:nth-child(${col + 1})`).textContent.trim(),
      td.parentElement.querySelector('th').textContent.trim()];
  });
  await cell.click();
  await page.waitForSelector('[data-testid=deal-list]');
  assert.equal(await page.textContent('[data-testid=deal-list-title]'), `${stage} — ${seller}`);
  const deals = await page.$$eval('[data-testid=deal-list] [data-testid=deal-row]', (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.equal(deals.length, count, 'the list has as many deals as the cell counts');
  assert.match(await page.textContent('[data-testid=deal-list-count]'), new RegExp(`^${count} deals`));
  for (const d of deals) {
    assert.equal(d[2], seller);
    assert.equal(d[3], stage);
  }
  // Every seller row has a deviation; the team average row is there.
  assert.match(await page.textContent('[data-testid=grid-average]'), /Team average/);
  await page.click('[data-testid=deal-list-close]');
  await page.waitForSelector('[data-testid=deal-list]', { state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an empty workspace says what to do instead of showing an empty tree', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));
  await page.click('[data-testid=nav-pipeline]');
  await page.waitForSelector('[data-testid=pipeline-empty]');
  assert.match(await page.textContent('[data-testid=pipeline-empty]'), /no deals yet.*Load the demo/);
  assert.equal(await page.$('[data-testid=tree-clients]'), null);
  assert.deepEqual(problems, []);
  await context.close();
});
