// Every page, every Forecast and Data tab, the Data forms, the CSV import, the guided tour, the print pack and a
// scenario link opened by a cold load of the release build (issue 16): a fresh browser context
// each (nothing cached, no stored workspace), straight onto the link. In the split build each of
// them but the funnel comes from its own wasm chunk (src/ui/lazy.rs lists them), fetched here on
// the first visit; the view must show its content with no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

// Page → what shows that its content is there (a drawn chart, or an element of its body).
const PAGES = [
  ['funnel', { chart: 'funnel-chart' }],
  ['pipeline', { selector: '[data-testid=pipeline-summary]' }],
  ['changes', { selector: '[data-testid=changes-since]' }],
  ['relationships', { chart: 'rel-chart' }],
  ['directions', { chart: 'dir-chart' }],
  ['forecast', { chart: 'forecast-chart' }],
  ['data', { selector: '[data-testid=data-summary]' }],
];

const DATA_TABS = [
  ['deals', '[data-testid=deal-row]'],
  ['clients', '[data-testid=list-row]'],
  ['contacts', '[data-testid=list-row]'],
  ['sellers', '[data-testid=list-row]'],
  ['directions', '[data-testid=list-row]'],
  ['stages', '[data-testid=stage-up]'],
  ['plans', '[data-testid=plans-grid-link]'],
  ['roles', '[data-testid=list-row]'],
  ['types', '[data-testid=list-row]'],
  ['file', '[data-testid=export]'],
  ['workshop', '[data-testid=workshop]'],
];

// Forecast tab → an element of its body with the demo data.
const FORECAST_TABS = [
  ['forecast', '[data-testid=fc-table]'],
  ['attention', '[data-testid=fc-thresholds]'],
  ['tasks', '[data-testid=task-group]'],
  ['activity', '[data-testid=activity-grid]'],
  ['clients', '[data-testid=keyclients-table]'],
  ['plans', '[data-testid=plans-grid]'],
];

// Other views whose code is a chunk of its own: link → what shows it is there.
const OTHER_VIEWS = [
  ['the CSV import (File tab)', 'data?dtab=file', '[data-testid=import-csv]'],
  ['the guided tour', 'funnel?tour=1', '[data-testid=tour]'],
  ['the print pack', 'funnel?print=pack', '[data-testid=print-pack-sheets]'],
  ['a scenario link (scenario generation)', 'pipeline?scenario=stale-hoard', '[data-testid=scenario-banner][data-scenario="stale-hoard"]'],
];

// Forms whose code is a chunk of their own: Data tab → the button that opens one → the form.
const FORMS = [
  ['deals', 'add-deal', 'deal-form'],
  ['clients', 'add-client', 'client-form'],
  ['contacts', 'add-contact', 'contact-form'],
];

/** Waits until no view is loading any more (a page's tab or list is a chunk of its own). */
async function loaded(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=page-loading]'), null, { timeout: 15000 });
}

async function noLoadingLeft(page) {
  assert.equal(await page.locator('[data-testid=page-load-failed]').count(), 0, 'the page chunk failed to load');
  assert.equal(await page.locator('[data-testid=page-loading]').count(), 0, 'the page is still loading');
}

for (const [slug, shows] of PAGES) {
  test(`a cold load of #/${slug} shows the page`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/${slug}`);
    await page.waitForSelector(`[data-testid=page-${slug}]`);
    if (shows.chart) await waitForChart(page, shows.chart);
    else await page.waitForSelector(shows.selector, { timeout: 15000 });
    await loaded(page);
    await noLoadingLeft(page);
    assert.equal(await page.getAttribute(`[data-testid=nav-${slug}]`, 'aria-current'), 'page');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [tab, selector] of DATA_TABS) {
  test(`a cold load of the Data tab "${tab}" shows its list`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=${tab}`);
    await page.waitForSelector(selector, { timeout: 15000 });
    assert.equal(await page.getAttribute(`[data-testid=dtab-${tab}]`, 'aria-current'), 'page');
    // The File tab holds the CSV import, a chunk of its own that may still be on its way.
    await loaded(page);
    await noLoadingLeft(page);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [tab, selector] of FORECAST_TABS) {
  test(`a cold load of the Forecast tab "${tab}" shows it`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/forecast?fview=${tab}`);
    await page.waitForSelector(selector, { timeout: 15000 });
    await noLoadingLeft(page);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [tab, button, form] of FORMS) {
  test(`a cold load of the Data tab "${tab}" opens its form, focus on its first field`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=${tab}`);
    await page.click(`[data-testid=${button}]`);
    await page.waitForSelector(`[data-testid=${form}]`, { timeout: 15000 });
    await noLoadingLeft(page);
    await page.waitForFunction((f) => document.activeElement?.id?.startsWith(`${f}-`), form);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [what, link, selector] of OTHER_VIEWS) {
  test(`a cold load of ${what} shows it`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/${link}`);
    await page.waitForSelector(selector, { timeout: 15000 });
    // The print pack shows five pages, each fetched through its own chunk after the pack's.
    await loaded(page);
    await noLoadingLeft(page);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a page whose chunk cannot be fetched says so, and opens once the network is back', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  // The Data page's chunk cannot be fetched (offline, or gone after a new deployment) — also
  // for the idle prefetch after the first chart.
  const chunk = '**/split_page_data*.wasm';
  await context.route(chunk, (route) => route.abort('internetdisconnected'));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${srv.url}#/funnel`);
  await waitForChart(page, 'funnel-chart');
  const split = await page.evaluate(() =>
    performance.getEntriesByType('resource').some((r) => r.name.endsWith('__wasm_split.js')));
  if (!split) {
    // An unsplit build (a plain `trunk build --release`) has no chunk to lose.
    await context.close();
    return;
  }
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=page-load-failed]');
  assert.match(await page.textContent('[data-testid=page-load-failed]'), /could not be loaded/);
  assert.ok(await page.isVisible('[data-testid=page-load-reload]'));
  // The rest of the app still works: another page opens.
  await page.click('[data-testid=nav-funnel]');
  await waitForChart(page, 'funnel-chart');
  await page.click('[data-testid=nav-data]');
  await page.waitForSelector('[data-testid=page-load-failed]');
  // Back online: Try again fetches the chunk and shows the page.
  await context.unroute(chunk);
  await page.click('[data-testid=page-load-retry]');
  await page.waitForSelector('[data-testid=data-summary]');
  await noLoadingLeft(page);
  // Only the failed fetches were reported.
  assert.deepEqual(problems.filter((p) => !/split_page_data|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await context.close();
});
