// Forecast page edits: overriding a deal's forecast category moves it between the roll-ups;
// marking a next step done (or adding one) changes the attention list; a plan cell changes plan
// attainment; a bad plan amount (typed or pasted) shows an inline error and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** Minor units from an exact English amount such as "₽69,751,000.00". */
const minor = (text) => Number(String(text).replace(/[^\d]/g, ''));
/** The exact amount of a totals cell (its title; the cell shows whole units). */
const exactTotal = async (page, slug) => minor(await page.getAttribute(`[data-testid=fc-total-${slug}]`, 'title'));
const totalText = (page, slug) => page.textContent(`[data-testid=fc-total-${slug}]`);

/** `YYYY-MM` of the month `delta` months from now. */
function monthFromNow(delta) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + delta);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

test('overriding a forecast category moves the deal into the commit view and back', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast`);
  await page.waitForSelector('[data-testid=fc-deal-table] [data-testid=fc-deal-row]');
  await waitForChart(page, 'forecast-chart');
  const commit0 = await exactTotal(page, 'commit');
  const best0 = await exactTotal(page, 'best_case');
  const pipeline0 = await exactTotal(page, 'pipeline');

  // A deal whose stage puts it in "pipeline": committing it adds its amount to the commit and
  // best-case views and leaves the pipeline view (every open deal not omitted) as it was.
  const row = page.locator('[data-testid=fc-deal-row][data-stage-category=pipeline]').first();
  const id = await row.getAttribute('data-deal');
  const amount = Number(await row.getAttribute('data-amount'));
  assert.ok(amount > 0);
  const select = page.locator(`[data-testid=fc-deal-row][data-deal="${id}"] [data-testid=fc-category]`);
  assert.equal(await select.inputValue(), '', 'starts on the stage default');
  assert.match(await select.locator('option[value=""]').textContent(), /\(stage default\)/);
  await select.selectOption('commit');
  await page.waitForFunction((before) => {
    const t = document.querySelector('[data-testid=fc-total-commit]')?.getAttribute('title') || '';
    return Number(t.replace(/[^\d]/g, '')) !== before;
  }, commit0);
  assert.equal(await exactTotal(page, 'commit'), commit0 + amount);
  assert.equal(await exactTotal(page, 'best_case'), best0 + amount);
  assert.equal(await exactTotal(page, 'pipeline'), pipeline0);
  assert.equal(await select.inputValue(), 'commit');

  // Omitted: out of every roll-up.
  await select.selectOption('omitted');
  await page.waitForFunction((before) => {
    const t = document.querySelector('[data-testid=fc-total-pipeline]')?.getAttribute('title') || '';
    return Number(t.replace(/[^\d]/g, '')) !== before;
  }, pipeline0);
  assert.equal(await exactTotal(page, 'pipeline'), pipeline0 - amount);
  assert.equal(await exactTotal(page, 'commit'), commit0);

  // The override is saved: it survives a reload. Back to the stage default restores the figures.
  await page.reload();
  await page.waitForSelector(`[data-testid=fc-deal-row][data-deal="${id}"]`);
  assert.equal(await select.inputValue(), 'omitted');
  await select.selectOption('');
  await page.waitForFunction((before) => {
    const t = document.querySelector('[data-testid=fc-total-pipeline]')?.getAttribute('title') || '';
    return Number(t.replace(/[^\d]/g, '')) === before;
  }, pipeline0);
  assert.equal(await exactTotal(page, 'commit'), commit0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('marking a next step done or adding one changes the attention list', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast?fview=attention`);
  await page.waitForSelector('[data-testid=attention-row]');
  const count = async () => page.$$eval('[data-testid=attention-row]', (rows) => rows.length);
  const countText = () => page.textContent('[data-testid=attention-count]');

  // A deal whose next step is overdue: done, it no longer has an overdue next step (a done step
  // is no next step, so that is its reason now).
  const overdue = page.locator('[data-testid=attention-row][data-reasons~=next_step_overdue]').first();
  const id = await overdue.getAttribute('data-deal');
  const row = page.locator(`[data-testid=attention-row][data-deal="${id}"]`);
  assert.match(await row.locator('[data-testid=attention-reasons]').textContent(), /Next step overdue by \d+ d/);
  await row.locator('[data-testid=next-step-done]').check();
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid=attention-row][data-deal="${id}"]`);
    return !el || !el.dataset.reasons.split(' ').includes('next_step_overdue');
  }, id);
  if (await row.count()) {
    assert.match(await row.getAttribute('data-reasons'), /\bno_next_step\b/);
    assert.match(await row.locator('[data-testid=attention-reasons]').textContent(), /No next step/);
    assert.equal(await row.locator('[data-testid=next-step-done]').isChecked(), true);
  }

  // A deal flagged only for having no next step leaves the list once it gets one.
  const lonely = page.locator('[data-testid=attention-row][data-reasons=no_next_step]').first();
  const lonelyId = await lonely.getAttribute('data-deal');
  const lonelySeller = await lonely.getAttribute('data-seller');
  const before = await countText();
  const n0 = await count();
  const text = page.locator(`[data-testid=attention-row][data-deal="${lonelyId}"] [data-testid=next-step-text]`);
  await text.fill('Call the CFO');
  await text.press('Tab');
  await page.waitForFunction((id) => !document.querySelector(`[data-testid=attention-row][data-deal="${id}"]`), lonelyId);
  assert.notEqual(await countText(), before);
  assert.ok((await count()) <= n0);

  // The seller's own task list shows the new step (undated, so after the dated ones).
  await page.click('[data-testid=fview-tasks]');
  await page.selectOption('[data-testid=fmine]', lonelySeller);
  await page.waitForSelector(`[data-testid=task-row][data-deal="${lonelyId}"]`);
  assert.equal(await page.inputValue(`[data-testid=task-row][data-deal="${lonelyId}"] [data-testid=next-step-text]`), 'Call the CFO');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a plan cell changes plan attainment; a bad amount shows an inline error and changes nothing', async () => {
  // Start two months back so the horizon has won deals and attainment is a number.
  const from = monthFromNow(-2);
  const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast?ffrom=${from}`);
  await page.waitForSelector('[data-testid=fc-table]');
  const plan0 = await exactTotal(page, 'plan');
  const won = await exactTotal(page, 'won');
  assert.ok(won > 0, 'won deals in the horizon');
  const attainment0 = await totalText(page, 'attainment');

  await page.click('[data-testid=fview-plans]');
  await page.waitForSelector('[data-testid=plans-grid]');
  const cell = page.locator(`[data-testid$="-${from}"][data-testid^=plan-cell-]`).first();
  const old = minor(await cell.inputValue()) * 100; // whole units in the cell
  await cell.fill('12,345,678');
  await cell.press('Tab');
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-cell-error]'));
  assert.equal(await cell.inputValue(), '12,345,678');

  await page.click('[data-testid=fview-forecast]');
  await page.waitForSelector('[data-testid=fc-table]');
  assert.equal(await exactTotal(page, 'plan'), plan0 - old + 1234567800);
  assert.notEqual(await totalText(page, 'attainment'), attainment0);
  const plan1 = await exactTotal(page, 'plan');

  // A bad amount: an inline error by the cell, the plan unchanged.
  await page.click('[data-testid=fview-plans]');
  await page.waitForSelector('[data-testid=plans-grid]');
  const total1 = await page.textContent('[data-testid=plans-total]');
  await cell.fill('12abc');
  await cell.press('Tab');
  await page.waitForSelector('[data-testid=plan-cell-error]');
  assert.match(await page.textContent('[data-testid=plan-cell-error]'), /Not a number/);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.textContent('[data-testid=plans-total]'), total1);

  // A pasted block with one bad value changes nothing at all; a good one fills from the cell.
  const paste = (text) => cell.evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await paste('1,000\t2,000\n3,000\tten\n');
  await page.waitForSelector('[data-testid=plan-paste-error]');
  assert.match(await page.textContent('[data-testid=plan-paste-error]'), /“ten”.*Nothing was changed/);
  assert.equal(await page.textContent('[data-testid=plans-total]'), total1);

  await page.click('[data-testid=fview-forecast]');
  await page.waitForSelector('[data-testid=fc-table]');
  assert.equal(await exactTotal(page, 'plan'), plan1, 'the refused edits left the plan as it was');

  await page.click('[data-testid=fview-plans]');
  await page.waitForSelector('[data-testid=plans-grid]');
  await paste('1,000\t2,000\n3,000\t4,000\n');
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-paste-error]'));
  const cells = await page.$$eval('[data-testid=plan-row]', (rows) => rows.slice(0, 2).map((r) =>
    [...r.querySelectorAll('input')].map((i) => i.value)));
  const col = await cell.evaluate((el) => [...el.closest('tr').querySelectorAll('input')].indexOf(el));
  assert.deepEqual(cells.map((r) => r.slice(col, col + 2)), [['1,000', '2,000'], ['3,000', '4,000']]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a horizon with no plan reads "no plan", never a number', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast?ffrom=2035-01`);
  await page.waitForSelector('[data-testid=fc-table]');
  assert.equal(await totalText(page, 'attainment'), 'no plan');
  assert.equal(await totalText(page, 'coverage'), '—');
  // Overdue deals are reported apart even for a far horizon.
  assert.match(await page.textContent('[data-testid=fc-apart-overdue]'), /Overdue: \d+ open deals/);
  await page.click('[data-testid=fc-apart-overdue]');
  await page.waitForSelector('[data-testid=deal-list] [data-testid=deal-row]');
  assert.deepEqual(problems, []);
  await context.close();
});
