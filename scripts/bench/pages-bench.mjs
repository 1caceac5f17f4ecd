// Filter change → page updated on every page and tab (issue 17), not part of the test suite:
//   VORONKA_DIST=dist-bench VORONKA_BASE=/voronka/ node scripts/bench/pages-bench.mjs [runs]
//   (SIZES=10000,100000 by default; PAGES=funnel,forecast to run some pages only)
// The release build served locally, driven in headless Chromium through playwright-core. The
// demo export is grown to each size and imported through the Data page (as a user would); then
// each page and tab is opened and the seller filter is switched between two sellers and "all".
// "Updated" is timed inside the page: from setting the filter to the end of the task that ran
// the update (every Leptos effect and chart setOption done, style and layout forced); "painted"
// adds the wait for the next frame. Prints a table of medians; asserts nothing about time.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, DIST } from '../../tests/e2e/harness.mjs';
import { exportDemo, grow } from '../../tests/e2e/big-workspace.mjs';

const RUNS = Number(process.argv[2] || process.env.RUNS || 5);
const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number).filter(Boolean);
const WAIT = { timeout: 600000 };
const READY = { timeout: 60000 }; // a page that never shows its content is reported, not waited for

/** Every page and tab the filter applies to: its label, its hash and what shows it is ready. */
const PAGES = [
  ['funnel', '#/funnel', '[data-testid=funnel-table]'],
  ['pipeline: clients', '#/pipeline?pview=clients', 'main table'],
  ['pipeline: stages', '#/pipeline?pview=stages', 'main table'],
  ['pipeline: forecast', '#/pipeline?pview=forecast', '[data-testid=tree-forecast]'],
  ['relationships matrix', '#/relationships', '[data-testid=rel-summary]'],
  ['directions matrix', '#/directions', '[data-testid=dir-summary]'],
  ['forecast: forecast', '#/forecast', '[data-testid=fc-deal-table]'],
  ['forecast: attention', '#/forecast?fview=attention', 'main table, main .empty'],
  ['forecast: tasks', '#/forecast?fview=tasks', 'main table, main .empty'],
  ['forecast: activity', '#/forecast?fview=activity', 'main table, main .empty'],
  ['forecast: key clients', '#/forecast?fview=clients', '[data-testid=keyclients-table], [data-testid=keyclients-none]'],
  ['forecast: plans', '#/forecast?fview=plans', '[data-testid=plans-grid]'],
  ['deal list (data: deals)', '#/data?dtab=deals', '[data-testid=deals-list]'],
].filter(([label]) => !process.env.PAGES || process.env.PAGES.split(',').some((p) => label.startsWith(p)));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));

/** Sets the seller filter in the page; returns [updated, painted] in ms. */
function filterChange(page, value) {
  return page.evaluate(async (v) => {
    const select = document.querySelector('[data-testid=filter-seller]');
    const t0 = performance.now();
    select.value = v;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    document.body.getBoundingClientRect();
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [t1 - t0, performance.now() - t0];
  }, value);
}

const srv = await serve();
const browser = await launch();
const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
const demo = await exportDemo(page, srv.url);
const dir = await mkdtemp(join(tmpdir(), 'voronka-pages-'));
const results = new Map(); // label → { size → [updated median, painted median, changed] }

console.error(`Pages benchmark: ${DIST}, ${RUNS} filter changes per page`);
for (const n of SIZES) {
  const path = join(dir, `ws-${n}.json`);
  await writeFile(path, JSON.stringify(grow(structuredClone(demo), n)));
  await page.goto(`${srv.url}#/data?dtab=file`);
  await page.waitForSelector('[data-testid=import-file]');
  await page.setInputFiles('[data-testid=import-file]', path);
  await page.waitForSelector('[data-testid=import-confirm]', WAIT);
  await page.click('[data-testid=import-confirm-yes]');
  await page.waitForFunction((k) => (document.querySelector('[data-testid=data-summary]')?.textContent ?? '').replace(/\D/g, '').startsWith(String(k)), n, WAIT);
  for (const [label, hash, ready] of PAGES) {
    await page.goto(`${srv.url}${hash}`);
    try {
      await page.waitForSelector(ready, READY);
    } catch {
      console.error(`  ${n} ${label}: not ready after 60 s (${ready}), skipped`);
      continue;
    }
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // charts settle
    const sellers = await page.$$eval('[data-testid=filter-seller] option', (os) => os.map((o) => o.value).filter(Boolean));
    const values = [sellers[0], sellers[1], ''];
    const updated = [];
    const painted = [];
    let changed = 0;
    let before = await page.textContent('main');
    for (let i = 0; i < RUNS + 1; i++) {
      const [u, p] = await filterChange(page, values[i % values.length]);
      const after = await page.textContent('main');
      if (after !== before) changed += 1;
      before = after;
      if (i > 0) { updated.push(u); painted.push(p); } // the first change warms the page up
    }
    const row = results.get(label) ?? {};
    row[n] = [median(updated), median(painted), changed];
    results.set(label, row);
    console.error(`  ${n} ${label}: updated ${updated.map(ms).join(', ')} ms; painted ${painted.map(ms).join(', ')} ms${changed ? '' : ' (the page did not change)'}`);
  }
}
await rm(dir, { recursive: true, force: true });
await browser.close();
await srv.close();

console.log(`Filter change → page updated / painted (next frame), medians of ${RUNS} changes, ms. Targets: updated ≤ 16 ms at 10,000 deals, ≤ 33 ms at 100,000.\n`);
console.log(`| page / tab | ${SIZES.map((n) => `${n.toLocaleString('en-US')}: updated | painted | status`).join(' | ')} |`);
console.log(`|---|${SIZES.map(() => '---:|---:|---|').join('')}`);
for (const [label, row] of results) {
  const cells = SIZES.map((n) => {
    const [u, p, changed] = row[n] ?? [NaN, NaN, 0];
    const target = n >= 100000 ? 33 : 16;
    const status = !changed ? 'not filtered' : u <= target ? 'met' : 'missed';
    return `${ms(u)} | ${ms(p)} | ${status}`;
  });
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
