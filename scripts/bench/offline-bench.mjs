// First chart on a first visit, on a repeat visit (served by the service worker) and on a
// reload with the network cut — the offline reopen of issue 16. Medians of several runs, each
// in a fresh browser profile; asserts nothing (figures go in docs/performance.md).
//
//   trunk build --release --public-url /voronka/ --dist dist-e2e
//   VORONKA_DIST=dist-e2e VORONKA_BASE=/voronka/ node scripts/bench/offline-bench.mjs [runs]
import { serve, launch } from '../../tests/e2e/harness.mjs';
import { firstChartHook, median } from './first-chart.mjs';

const RUNS = Number(process.argv[2] || process.env.RUNS || 5);


async function firstChart(page) {
  await page.waitForFunction(() => window.__firstChart !== undefined, null, { timeout: 60000 });
  return page.evaluate(() => window.__firstChart);
}


const srv = await serve();
const browser = await launch();
const rows = { 'first visit (fresh profile)': [], 'repeat visit (service worker)': [], 'reload offline': [] };
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(firstChartHook);
  const page = await context.newPage();
  await page.goto(srv.url);
  rows['first visit (fresh profile)'].push(await firstChart(page));
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  rows['repeat visit (service worker)'].push(await firstChart(page));
  srv.setDown(true);
  await context.setOffline(true);
  await page.reload();
  rows['reload offline'].push(await firstChart(page));
  srv.setDown(false);
  await context.close();
}
await browser.close();
await srv.close();

console.log(`\nFirst chart after navigation, ms (median of ${RUNS}; min–max)\n`);
console.log('| visit | median | min–max |');
console.log('|---|---:|---:|');
for (const [name, xs] of Object.entries(rows)) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} |`);
}
