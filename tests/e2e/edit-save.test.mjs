// Saving after an edit (issue 17): the save waits a moment after the edit (so the edit is on
// screen first), yet an edit followed at once by closing the tab is kept, and a save still
// waiting when another tab's save arrives is merged with it, never lost.
//
// To leave a save waiting for as long as a test needs, the page's timer of the save delay
// (SAVE_DELAY_MS, src/ui/state.rs) is held back: `holdSaves` replaces `window.setTimeout` for
// that one delay only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const SAVE_DELAY_MS = 350;

function holdSaves(page) {
  return page.evaluate((delay) => {
    const original = window.setTimeout;
    window.__heldSaves = [];
    window.setTimeout = function (fn, ms, ...rest) {
      if (ms === delay) {
        window.__heldSaves.push(fn);
        return 0;
      }
      return original.call(this, fn, ms, ...rest);
    };
  }, SAVE_DELAY_MS);
}

const stored = (page) => page.evaluate(() => localStorage.getItem('voronka.workspace'));
const storedCategory = (page, id) => page.evaluate((id) => {
  const file = JSON.parse(localStorage.getItem('voronka.workspace'));
  return file.workspace.deals.find((d) => String(d.id) === id)?.forecast_category ?? null;
}, id);

/** Opens the forecast's deal list once the first start's save is done; returns two deals' ids. */
async function openForecast(page) {
  await page.goto(`${srv.url}#/forecast`);
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace.rev') !== null);
  await page.waitForSelector('[data-testid=fc-deal-row][data-stage-category=pipeline]');
  return page.$$eval('[data-testid=fc-deal-row][data-stage-category=pipeline]', (rows) =>
    rows.filter((r) => r.querySelector('[data-testid=fc-category]').value === '').slice(0, 2).map((r) => r.dataset.deal));
}

const categorySelect = (id) => `[data-testid=fc-deal-row][data-deal="${id}"] [data-testid=fc-category]`;

test('an edit followed at once by closing the tab is not lost', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast`);
  const [id] = await openForecast(page);
  await holdSaves(page);
  const before = await stored(page);
  await page.selectOption(categorySelect(id), 'commit');
  // The save is still waiting: storage holds the workspace as it was before the edit.
  assert.equal(await stored(page), before, 'the save was held back');
  assert.equal(await page.evaluate(() => window.__heldSaves.length) > 0, true);
  await page.close();

  const again = await context.newPage();
  await again.goto(`${srv.url}#/forecast`);
  await again.waitForSelector(categorySelect(id));
  assert.equal(await again.inputValue(categorySelect(id)), 'commit', 'the edit came back');
  assert.equal(await storedCategory(again, id), 'commit');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a save still waiting when another tab saves is merged with it: both edits survive', async () => {
  const { context, page: a, problems } = await openApp(browser, `${srv.url}#/forecast`);
  const [first, second] = await openForecast(a);
  const b = await context.newPage();
  const bProblems = [];
  b.on('pageerror', (e) => bProblems.push(e.message));
  await b.goto(`${srv.url}#/forecast`);
  await b.waitForSelector(categorySelect(second));

  // Tab A edits; its save is held back, so it is still waiting…
  await holdSaves(a);
  await a.selectOption(categorySelect(first), 'commit');
  assert.equal(await storedCategory(a, first), null, 'A has not saved yet');
  // …when tab B edits another deal and saves.
  await b.selectOption(categorySelect(second), 'best_case');
  await b.waitForFunction((id) => {
    const file = JSON.parse(localStorage.getItem('voronka.workspace'));
    return file.workspace.deals.find((d) => String(d.id) === id)?.forecast_category === 'best_case';
  }, second);

  // A hears of B's save: it saves its own edit merged with B's instead of dropping either.
  await a.waitForFunction((id) => document.querySelector(`[data-testid=fc-deal-row][data-deal="${id}"] [data-testid=fc-category]`)?.value === 'best_case', second);
  assert.equal(await a.inputValue(categorySelect(first)), 'commit', 'A kept its own edit');
  await a.waitForFunction((id) => {
    const file = JSON.parse(localStorage.getItem('voronka.workspace'));
    return file.workspace.deals.find((d) => String(d.id) === id)?.forecast_category === 'commit';
  }, first);
  assert.equal(await storedCategory(a, second), 'best_case', 'B\'s edit is stored too');

  // B takes the merged save in turn, and a new tab opens with both.
  await b.waitForFunction((id) => document.querySelector(`[data-testid=fc-deal-row][data-deal="${id}"] [data-testid=fc-category]`)?.value === 'commit', first);
  const c = await context.newPage();
  await c.goto(`${srv.url}#/forecast`);
  await c.waitForSelector(categorySelect(first));
  assert.equal(await c.inputValue(categorySelect(first)), 'commit');
  assert.equal(await c.inputValue(categorySelect(second)), 'best_case');
  assert.deepEqual(problems, []);
  assert.deepEqual(bProblems, []);
  await context.close();
});
