// The guided tour, by keyboard only, in both languages: every step opens its page and view,
// highlights its element (the spotlight around it, the popover beside it and on screen, the
// focus in the popover), Esc closes it, "Tour" resumes where it was left, and a link with
// `?tour=N` opens step N's view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

// What each step of src/ui/workshop/steps.rs shows on the demo company.
const STEPS = [
  { page: 'funnel', keys: { fmode: 'snapshot' }, target: 'funnel-table' },
  { page: 'funnel', keys: { fmeasure: 'amount' }, target: 'funnel-chart' },
  { page: 'funnel', keys: { fmode: 'conversion' }, target: 'funnel-table' },
  { page: 'funnel', keys: { fmode: 'conversion' }, target: 'funnel-sellers' },
  { page: 'pipeline', keys: { pview: 'clients' }, target: 'tree-clients' },
  { page: 'pipeline', keys: { pview: 'stages' }, target: 'stage-grid' },
  { page: 'pipeline', keys: { pview: 'forecast' }, target: 'tree-forecast' },
  { page: 'relationships', keys: {}, target: 'rel-chart' },
  { page: 'directions', keys: {}, target: 'dir-chart' },
  { page: 'forecast', keys: {}, target: 'forecast-chart' },
  { page: 'forecast', keys: { fview: 'attention' }, target: 'attention-table' },
];

const LANGS = [
  { locale: 'en-US', count: /^Step 1 of 11$/, question: 'The question:', finish: 'Finish', tour: 'Tour' },
  { locale: 'ru-RU', count: /^Шаг 1 из 11$/, question: 'Вопрос:', finish: 'Готово', tour: 'Экскурсия' },
];

const query = (page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] || '')));

/** Waits until step `n` (1-based) is open with its element highlighted, then checks it. */
async function checkStep(page, n) {
  const want = STEPS[n - 1];
  await page.waitForSelector(`[data-testid=tour][data-step="${n}"]`);
  await page.waitForSelector(`[data-testid=page-${want.page}]`);
  await page.waitForFunction((t) => document.querySelector('[data-testid=tour]')?.dataset.target === t, want.target);
  const q = await query(page);
  assert.equal(q.tour, String(n));
  for (const [k, v] of Object.entries(want.keys)) assert.equal(q[k], v, `step ${n}: ${k}`);
  // The spotlight surrounds the visible part of the element (once it has followed the scroll).
  await page.waitForFunction((t) => {
    const target = document.querySelector(`[data-testid="${t}"]`);
    // What can be seen of it: clipped by any scrolling box around it (the funnel table's).
    let el = target.getBoundingClientRect();
    for (let p = target.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = p.getBoundingClientRect();
        el = { left: Math.max(el.left, c.left), top: Math.max(el.top, c.top), right: Math.min(el.right, c.right), bottom: Math.min(el.bottom, c.bottom) };
      }
    }
    const spot = document.querySelector('[data-testid=tour-spot]').getBoundingClientRect();
    const vis = {
      l: Math.max(el.left, 0), t: Math.max(el.top, 0),
      r: Math.min(el.right, innerWidth), b: Math.min(el.bottom, innerHeight),
    };
    const near = (a, b) => Math.abs(a - b) <= 8;
    return vis.r > vis.l && vis.b > vis.t && near(spot.left, vis.l) && near(spot.top, vis.t)
      && near(spot.right, vis.r) && near(spot.bottom, vis.b);
  }, want.target, { timeout: 10000 });
  const geo = await page.evaluate((t) => {
    const pop = document.querySelector('[data-testid=tour]');
    const p = pop.getBoundingClientRect();
    const target = document.querySelector(`[data-testid="${t}"]`);
    let e = target.getBoundingClientRect();
    for (let q = target.parentElement; q; q = q.parentElement) {
      const s = getComputedStyle(q);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = q.getBoundingClientRect();
        e = { left: Math.max(e.left, c.left), top: Math.max(e.top, c.top), right: Math.min(e.right, c.right), bottom: Math.min(e.bottom, c.bottom) };
      }
    }
    return {
      onScreen: p.left >= 0 && p.top >= 0 && p.right <= innerWidth && p.bottom <= innerHeight,
      overlaps: p.left < e.right && e.left < p.right && p.top < e.bottom && e.top < p.bottom,
      side: pop.dataset.side,
      focusInside: pop.contains(document.activeElement),
      role: pop.getAttribute('role'),
      label: document.getElementById(pop.getAttribute('aria-labelledby'))?.textContent,
    };
  }, want.target);
  assert.ok(geo.onScreen, `step ${n}: the popover is on screen`);
  if (geo.side !== 'over') assert.ok(!geo.overlaps, `step ${n}: the popover does not cover its element (${geo.side})`);
  assert.ok(geo.focusInside, `step ${n}: the focus is in the popover`);
  assert.equal(geo.role, 'dialog');
  assert.ok(geo.label.length > 5, `step ${n}: the dialog has a title`);
}

for (const L of LANGS) {
  test(`tour (${L.locale}): → runs from the first step to the last, ← goes back, the end closes it`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data`, { locale: L.locale });
    assert.equal((await page.textContent('[data-testid=tour-start]')).trim(), L.tour);
    await page.click('[data-testid=tour-start]');
    await checkStep(page, 1);
    assert.match((await page.textContent('[data-testid=tour-count]')).trim(), L.count);
    assert.ok((await page.textContent('[data-testid=tour-question]')).startsWith(L.question));
    assert.equal(await page.$eval('[data-testid=tour-back]', (b) => b.disabled), true);
    for (let n = 2; n <= STEPS.length; n++) {
      await page.keyboard.press('ArrowRight');
      await checkStep(page, n);
    }
    assert.equal((await page.textContent('[data-testid=tour-next]')).trim(), L.finish);
    await page.keyboard.press('ArrowLeft');
    await checkStep(page, STEPS.length - 1);
    await page.keyboard.press('ArrowRight');
    await checkStep(page, STEPS.length);
    // Past the last step the tour ends, on the last step's page.
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid=tour]', { state: 'detached' });
    assert.equal((await query(page)).tour, undefined);
    await page.waitForSelector('[data-testid=page-forecast]');
    // A finished tour starts from the beginning next time.
    await page.click('[data-testid=tour-start]');
    await checkStep(page, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('tour: Esc closes it, "Tour" resumes at that step, Skip too; the arrows stay with a tab bar', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/funnel`);
  await page.click('[data-testid=tour-start]');
  await checkStep(page, 1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await checkStep(page, 3);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=tour]', { state: 'detached' });
  assert.equal((await query(page)).tour, undefined);
  await page.waitForSelector('[data-testid=tour-spot]', { state: 'detached' });
  // Resumed where it was closed, even after a reload.
  await page.reload();
  await page.waitForSelector('[data-testid=filter-bar]');
  await page.click('[data-testid=tour-start]');
  await checkStep(page, 3);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await checkStep(page, 5);
  await page.click('[data-testid=tour-skip]');
  await page.waitForSelector('[data-testid=tour]', { state: 'detached' });
  await page.click('[data-testid=tour-start]');
  await checkStep(page, 5);
  // Focus in the pipeline's tab bar: the arrows switch tabs, not tour steps.
  await page.keyboard.press('ArrowRight');
  await checkStep(page, 6);
  await page.focus('[data-testid=pview-stages]');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.includes('pview=forecast'));
  assert.equal(await page.$eval('[data-testid=tour]', (e) => e.dataset.step), '6');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const L of LANGS) {
  test(`tour (${L.locale}): a link with ?tour=N opens step N's page and view`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data?tour=6&period=all`, { locale: L.locale });
    await checkStep(page, 6);
    assert.equal((await query(page)).period, 'all', 'the filter stays');
    // A new link while the app runs (hash change) moves the tour too.
    await page.evaluate(() => { location.hash = '#/funnel?tour=9'; });
    await checkStep(page, 9);
    await page.keyboard.press('ArrowLeft');
    await checkStep(page, 8);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
