// First load and page chunks of the split release build (issue 16), not part of the test suite:
//   ./scripts/trunk-release.sh --public-url /voronka/ --dist dist-e2e
//   VORONKA_DIST=$PWD/dist-e2e VORONKA_BASE=/voronka/ node scripts/bench/first-load-bench.mjs [runs]
// Prints (medians of `runs`, default 5, with min–max):
// - bytes: the first load and each page's chunk, gzip -9 (scripts/size-budget.mjs);
// - first chart: navigation start → the first `rendered` event of an ECharts instance, demo data,
//   on a fresh profile (first visit) and after a reload in that profile (repeat visit; the test
//   server sends no-store, so this is the compiled-code cache without the HTTP cache);
// - page shown after the click: from the nav link's click to the page's content on screen
//   (polled each frame), right after the first chart (the chunk is fetched by the click) and
//   after the idle prefetch has fetched every chunk.
// Timings on a shared, noisy machine: figures for docs/performance.md, never a test.
import { serve, launch, DIST } from '../../tests/e2e/harness.mjs';
import { measureBuild } from '../size-budget.mjs';
import { firstChartHook, median } from './first-chart.mjs';

const RUNS = Number(process.argv[2] || 5);
const WAIT = { timeout: 120000 };

// Page → a selector that is there once its content is shown.
const PAGES = {
  pipeline: '[data-testid=pipeline-summary]',
  changes: '[data-testid=changes-since]',
  relationships: '[data-testid=rel-chart] canvas',
  directions: '[data-testid=dir-chart] canvas',
  forecast: '[data-testid=forecast-chart] canvas',
  data: '[data-testid=data-summary]',
};
const line = (what, xs, target = '') =>
  console.log(`| ${what} | ${Math.round(median(xs))} ms | ${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))} | ${target} |`);

const build = measureBuild(DIST);
console.log(`First-load bench: ${DIST}, ${RUNS} runs each\n`);
console.log('| what | gzip -9 bytes | target |');
console.log('|---|---:|---|');
console.log(`| first load (${build.firstLoad.files.length} files, ECharts excluded) | ${build.firstLoad.bytes.toLocaleString('en')} | ≤ 250,000 |`);
for (const c of build.chunks) console.log(`| page chunk ${c.name} (${c.files.length} file(s)) | ${c.bytes.toLocaleString('en')} | ≤ 120,000 |`);
console.log(`| ECharts | ${build.echarts.bytes.toLocaleString('en')} | ≤ 200,000 |`);

const srv = await serve();
const browser = await launch();
async function fresh() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  await context.addInitScript(firstChartHook);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return { context, page };
}
async function firstChart(page) {
  await page.waitForFunction(() => window.__firstChart !== undefined, null, WAIT);
  return page.evaluate(() => window.__firstChart);
}
/** Click on the nav link → `selector` in the page, polled every frame, in ms. */
function shownAfterClick(page, slug, selector) {
  return page.evaluate(([slug, selector]) => new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector(`[data-testid=nav-${slug}]`).click();
    const poll = () => (document.querySelector(selector) ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
    poll();
  }), [slug, selector]);
}

console.log('\n| what | median | min–max | target |');
console.log('|---|---:|---:|---|');
{
  const first = [];
  const again = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await fresh();
    await page.goto(`${srv.url}#/funnel`);
    first.push(await firstChart(page));
    await page.reload();
    again.push(await firstChart(page));
    await context.close();
  }
  line('navigation → first chart, demo data, first visit (fresh profile)', first, '≤ 300 ms');
  line('navigation → first chart, demo data, repeat visit (reload)', again, '≤ 300 ms');
}
for (const [mode, waitPrefetch] of [['chunk fetched by the click', false], ['after the idle prefetch', true]]) {
  for (const [slug, selector] of Object.entries(PAGES)) {
    const xs = [];
    for (let i = 0; i < RUNS; i++) {
      const { context, page } = await fresh();
      if (!waitPrefetch) {
        // No idle prefetch: the click alone fetches the page's chunk.
        await context.route('**/split_*.wasm', async (route) => {
          if (await page.evaluate(() => window.__clicked === true).catch(() => false)) return route.continue();
          return route.abort('blockedbyclient');
        });
      }
      await page.goto(`${srv.url}#/funnel`);
      await firstChart(page);
      if (waitPrefetch && build.chunks.length) {
        await page.waitForFunction((n) => performance.getEntriesByType('resource')
          .filter((r) => /\/split_\w+\.wasm$/.test(r.name)).length >= n, build.chunks.length, WAIT);
      }
      await page.evaluate(() => { window.__clicked = true; });
      xs.push(await shownAfterClick(page, slug, selector));
      await context.close();
    }
    line(`click → ${slug} shown, ${mode}`, xs, '≤ 150 ms');
  }
}
await browser.close();
await srv.close();
