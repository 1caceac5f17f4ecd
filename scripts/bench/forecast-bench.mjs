// Forecast page speed in the browser (issue 7), not part of the test suite:
//   VORONKA_DIST=/tmp/dist VORONKA_BASE=/voronka/ node scripts/bench/forecast-bench.mjs /tmp/bench/ws-10000.json /tmp/bench/ws-100000.json
// (the workspaces come from `cargo run --release --example bench_workspaces -- /tmp/bench`). Imports each one
// through the Data page, then times each step from the action to the result on screen, and
// reports the longest main-thread task (how long the page was unresponsive).
import { statSync } from 'node:fs';
import { serve, launch, openApp } from '../../tests/e2e/harness.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/bench/forecast-bench.mjs <workspace.json>...');
  process.exit(2);
}
const srv = await serve();
const browser = await launch();

async function step(page, label, action, done) {
  await page.evaluate(() => { window.__longTasks = []; if (window.__save) window.__save = { ms: 0, n: 0, chars: 0 }; });
  const t0 = await page.evaluate(() => performance.now());
  await action();
  await page.waitForFunction(done, null, { timeout: 300000, polling: 'raf' });
  const [t1, longest, save] = await page.evaluate(() => [performance.now(), Math.max(0, ...window.__longTasks), window.__save]);
  const saved = save && save.n ? `   setItem ${save.ms.toFixed(0)} ms (${(save.chars / 1e6).toFixed(1)}M chars)` : '';
  console.log(`  ${label.padEnd(40)} ${(t1 - t0).toFixed(0).padStart(6)} ms   longest task ${longest.toFixed(0).padStart(5)} ms${saved}`);
}

const commitTitle = () => document.querySelector('[data-testid=fc-total-commit]')?.getAttribute('title');

for (const file of files) {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`, { viewport: { width: 1280, height: 800 } });
  console.log(`${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  await page.setInputFiles('[data-testid=import-file]', file);
  await page.waitForSelector('[data-testid=import-confirm]', { timeout: 300000 });
  await page.click('[data-testid=import-confirm-yes]');
  await page.waitForFunction(() => !/^600 deals/.test(document.querySelector('[data-testid=data-summary]').textContent), null, { timeout: 300000 });
  console.log(`  ${(await page.textContent('[data-testid=data-summary]')).trim()}`);
  await page.evaluate(() => {
    // Time spent in localStorage.setItem (the app saves the whole workspace after each edit).
    window.__save = { ms: 0, n: 0, chars: 0 };
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      const t = performance.now();
      try { return set.call(this, k, v); } finally {
        window.__save.ms += performance.now() - t; window.__save.n += 1; window.__save.chars = Math.max(window.__save.chars, String(v).length);
      }
    };
    window.__longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });

  await step(page, 'open Forecast (table, chart, deals)', () => page.click('[data-testid=nav-forecast]'),
    () => !!document.querySelector('[data-testid=fc-total-commit]') && !!document.querySelector('[data-testid=fc-deal-row]'));
  await step(page, 'quarters, 6 periods', () => page.selectOption('[data-testid=fgran]', 'quarter'),
    () => location.hash.includes('fgran=quarter') && !!document.querySelector('[data-testid=fc-row-5]'));
  let before = await page.evaluate(commitTitle);
  const row = page.locator('[data-testid=fc-deal-row][data-stage-category=pipeline]').first();
  await step(page, 'override one category (roll-ups update)', () => row.locator('[data-testid=fc-category]').selectOption('commit'),
    `document.querySelector('[data-testid=fc-total-commit]').getAttribute('title') !== ${JSON.stringify(before)}`);
  await step(page, 'breakdown by direction', () => page.selectOption('[data-testid=fbreak]', 'direction'),
    () => document.querySelector('[data-testid=fc-breakdown]')?.dataset.by === 'direction');
  await step(page, 'needs attention (list, counts)', () => page.click('[data-testid=fview-attention]'),
    () => !!document.querySelector('[data-testid=attention-row]'));
  await step(page, 'sort by seller', () => page.click('[data-testid=fasort-seller]'),
    () => location.hash.includes('fasort=seller'));
  const flagged = page.locator('[data-testid=attention-row][data-reasons~=next_step_overdue]').first();
  const id = await flagged.getAttribute('data-deal');
  const done = page.locator(`[data-testid=attention-row][data-deal="${id}"] [data-testid=next-step-done]`);
  await step(page, 'mark a next step done', () => done.check(),
    `!(document.querySelector('[data-testid=attention-row][data-deal="${id}"]')?.dataset.reasons || '').includes('next_step_overdue')`);
  await step(page, 'next steps (task lists)', () => page.click('[data-testid=fview-tasks]'),
    () => !!document.querySelector('[data-testid=task-row]'));
  await step(page, 'sellers × directions', () => page.click('[data-testid=fview-activity]'),
    () => !!document.querySelector('[data-testid=activity-total]'));
  await step(page, 'key clients', () => page.click('[data-testid=fview-clients]'),
    () => !!document.querySelector('[data-testid=keyclients-table], [data-testid=keyclients-none]'));
  await step(page, 'plans grid', () => page.click('[data-testid=fview-plans]'),
    () => !!document.querySelector('[data-testid=plans-grid]'));
  const cell = page.locator('[data-testid^=plan-cell-]').first();
  const total = await page.textContent('[data-testid=plans-total]');
  await step(page, 'edit one plan cell', async () => { await cell.fill('1,234,567'); await cell.press('Tab'); },
    `document.querySelector('[data-testid=plans-total]').textContent !== ${JSON.stringify(total)}`);
  await context.close();
}
await browser.close();
await srv.close();
