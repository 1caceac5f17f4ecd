// Pipeline speed in the browser (issue 5), not part of the test suite:
//   cargo run --release --example bench_workspaces -- /tmp/bench   (writes the workspaces)
//   VORONKA_DIST=/tmp/dist VORONKA_BASE=/voronka/ node scripts/bench/pipeline-bench.mjs /tmp/bench/ws-10000.json /tmp/bench/ws-100000.json
// Imports each workspace through the Data page, then times each step from the click to the rows
// on screen, and reports the longest main-thread task (how long the page was unresponsive).
import { statSync } from 'node:fs';
import { serve, launch, openApp } from '../../tests/e2e/harness.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/bench/pipeline-bench.mjs <workspace.json>...');
  process.exit(2);
}
const srv = await serve();
const browser = await launch();

async function step(page, label, action, done) {
  await page.evaluate(() => { window.__longTasks = []; });
  const t0 = await page.evaluate(() => performance.now());
  await action();
  await page.waitForFunction(done, null, { timeout: 300000, polling: 'raf' });
  const [t1, longest] = await page.evaluate(() => [performance.now(), Math.max(0, ...window.__longTasks)]);
  console.log(`  ${label.padEnd(34)} ${(t1 - t0).toFixed(0).padStart(6)} ms   longest task ${longest.toFixed(0).padStart(5)} ms`);
}

const rows = (tree) => `document.querySelectorAll('[data-testid=${tree}] tr[data-testid=tree-row]')`;

for (const file of files) {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`, { viewport: { width: 1280, height: 800 } });
  console.log(`${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.waitForSelector('[data-testid=import-confirm]', { timeout: 300000 });
  await page.click('[data-testid=import-confirm-yes]');
  await page.waitForFunction(() => !/^600 deals/.test(document.querySelector('[data-testid=data-summary]').textContent), null, { timeout: 300000 });
  console.log(`  ${(await page.textContent('[data-testid=data-summary]')).trim()}`);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });

  await step(page, 'open Pipeline (build by clients)', () => page.click('[data-testid=nav-pipeline]'),
    `${rows('tree-clients')}.length > 0`);
  await step(page, 'by forecast (build tree)', () => page.click('[data-testid=pview-forecast]'),
    `${rows('tree-forecast')}.length > 0`);
  await step(page, 'expand all', () => page.click('[data-testid=expand-all]'),
    `${rows('tree-forecast')}.length >= 300 && !document.querySelector('[data-testid=pipeline-working]')`);
  console.log(`  ${(await page.textContent('[data-testid=tree-shown]')).trim()}`);
  await step(page, 'show 300 more rows', () => page.click('[data-testid=tree-more]'),
    `${rows('tree-forecast')}.length >= 600`);
  const first = await page.getAttribute('[data-testid=tree-forecast] tr[data-kind=seller]', 'data-path');
  await step(page, 'collapse one seller row', () => page.click(`[data-testid=tree-forecast] tr[data-path="${first}"]`),
    `document.querySelector('[data-testid=tree-forecast] tr[data-path="${first}"]').getAttribute('aria-expanded') === 'false'`);
  await step(page, 'keyboard: ArrowRight re-opens it', async () => {
    await page.focus(`[data-testid=tree-forecast] tr[data-path="${first}"]`);
    await page.keyboard.press('ArrowRight');
  }, `document.querySelector('[data-testid=tree-forecast] tr[data-path="${first}"]').getAttribute('aria-expanded') === 'true'`);
  const type = await page.$eval('[data-testid=filter-type] option:nth-child(2)', (o) => o.value);
  await step(page, 'filter change, all expanded', () => page.selectOption('[data-testid=filter-type]', type),
    `location.hash.includes('type=') && !document.querySelector('[data-testid=pipeline-working]') && ${rows('tree-forecast')}.length > 0`);
  await step(page, 'sort by name', () => page.selectOption('[data-testid=pipeline-sort]', 'name_asc'),
    `location.hash.includes('psort=name_asc') && ${rows('tree-forecast')}.length > 0`);
  await step(page, 'collapse all', () => page.click('[data-testid=collapse-all]'),
    `[...${rows('tree-forecast')}].every((tr) => tr.getAttribute('aria-level') === '1')`);
  await step(page, 'by stages (grid and chart)', () => page.click('[data-testid=pview-stages]'),
    () => !!document.querySelector('[data-testid=stage-grid]') && !!document.querySelector('[data-testid=pipeline-stage-chart] canvas'));
  await context.close();
}
await browser.close();
await srv.close();
