// Presentation mode, in both languages: larger type and chart text, the filter bar collapsed
// behind a toggle, editing and export controls hidden, PageDown/PageUp and the arrows paging
// through the tools (and through the tour's steps when it is open), the mode kept in the URL
// across pages and a bookmark, a visible focus ring, and a way out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

// src/ui/workshop/slides.rs: the page and the element each slide shows.
const SLIDES = [
  ['funnel', 'funnel-table'],
  ['pipeline', 'tree-clients'],
  ['pipeline', 'stage-grid'],
  ['pipeline', 'tree-forecast'],
  ['relationships', 'rel-chart'],
  ['directions', 'dir-chart'],
  ['forecast', 'forecast-chart'],
];

const LANGS = [
  { locale: 'en-US', present: 'Present', where: '3 / 7 · Pipeline: by stages', show: 'Show filters' },
  { locale: 'ru-RU', present: 'Презентация', where: '3 / 7 · Pipeline: по этапам', show: 'Показать фильтры' },
];

const visible = (page, id) => page.isVisible(`[data-testid=${id}]`);
const presentKey = (page) => page.evaluate(() => new URLSearchParams(location.hash.split('?')[1] || '').get('present'));

async function onSlide(page, i) {
  const [slug, element] = SLIDES[i];
  await page.waitForSelector(`[data-testid=page-${slug}] [data-testid=${element}]`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=present-where]')?.textContent.startsWith(`${n} / 7`), i + 1);
  assert.equal(await presentKey(page), '1', `slide ${i + 1} keeps presentation mode`);
}

for (const L of LANGS) {
  test(`presentation (${L.locale}): editing controls and filters collapse, keys page through the tools`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/funnel?period=all`, { locale: L.locale });
    await waitForChart(page, 'funnel-chart');
    for (const id of ['filter-bar', 'funnel-csv', 'funnel-png', 'nav-data']) assert.ok(await visible(page, id), `${id} before`);
    const labelSize = () => page.evaluate(() => {
      const el = document.querySelector('[data-testid=funnel-chart]');
      return globalThis.echarts.getInstanceByDom(el).getOption().series[0].label.fontSize ?? 12;
    });
    const normalSize = await labelSize();
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normalRoot = await rootSize();

    assert.equal((await page.textContent('[data-testid=present-toggle]')).trim(), L.present);
    await page.click('[data-testid=present-toggle]');
    await page.waitForSelector('[data-testid=present-bar]');
    assert.equal(await presentKey(page), '1');
    assert.equal(await page.getAttribute('[data-testid=present-toggle]', 'aria-pressed'), 'true');
    for (const id of ['filter-bar', 'funnel-csv', 'funnel-png', 'nav-data']) assert.ok(!(await visible(page, id)), `${id} hidden`);
    assert.ok((await rootSize()) > normalRoot * 1.2, 'larger type');
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid=funnel-chart]');
      return (globalThis.echarts.getInstanceByDom(el).getOption().series[0].label.fontSize ?? 12) > n;
    }, normalSize);
    // The filters are a toggle away.
    assert.equal((await page.textContent('[data-testid=filters-toggle]')).trim(), L.show);
    await page.click('[data-testid=filters-toggle]');
    assert.ok(await visible(page, 'filter-bar'));
    assert.equal(await page.getAttribute('[data-testid=filters-toggle]', 'aria-expanded'), 'true');
    await page.click('[data-testid=filters-toggle]');
    assert.ok(!(await visible(page, 'filter-bar')));

    // PageDown through every tool, the filter kept; nothing past the last.
    await onSlide(page, 0);
    for (let i = 1; i < SLIDES.length; i++) {
      await page.keyboard.press('PageDown');
      await onSlide(page, i);
    }
    assert.equal(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('period')), 'all');
    assert.equal(await page.$eval('[data-testid=slide-next]', (b) => b.disabled), true);
    await page.keyboard.press('PageUp');
    await onSlide(page, 5);
    await page.keyboard.press('ArrowLeft');
    await onSlide(page, 4);
    await page.keyboard.press('ArrowRight');
    await onSlide(page, 5);
    // A visible focus ring.
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineWidth);
    assert.equal(ring, '4px');

    // With the tour open, PageDown moves through its steps instead.
    await page.click('[data-testid=tour-start]');
    await page.waitForSelector('[data-testid=tour][data-step="1"]');
    await page.keyboard.press('PageDown');
    await page.waitForSelector('[data-testid=tour][data-step="2"]');
    assert.equal(await presentKey(page), '1', 'the tour keeps presentation mode');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=tour]', { state: 'detached' });

    // Out again: everything is back.
    await page.click('[data-testid=present-leave]');
    await page.waitForSelector('[data-testid=present-bar]', { state: 'detached' });
    assert.equal(await presentKey(page), null);
    for (const id of ['filter-bar', 'funnel-csv', 'nav-data']) assert.ok(await visible(page, id), `${id} back`);
    assert.equal(await rootSize(), normalRoot);
    // Out of presentation mode the arrows do nothing to the page.
    const before = await page.evaluate(() => location.hash);
    await page.keyboard.press('PageDown');
    assert.equal(await page.evaluate(() => location.hash), before);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`presentation (${L.locale}): a bookmark opens in presentation mode on its slide`, async () => {
    // (openApp waits for the filter bar, which presentation mode hides: open, then load the bookmark.)
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data`, { locale: L.locale });
    await page.goto(`${srv.url}#/pipeline?pview=stages&present=1`);
    await page.reload();
    await page.waitForSelector('[data-testid=present-bar]');
    assert.equal((await page.textContent('[data-testid=present-where]')).trim(), L.where);
    assert.ok(!(await visible(page, 'filter-bar')));
    // Clicking a page in the header keeps the mode.
    await page.click('[data-testid=nav-relationships]');
    await onSlide(page, 4);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
