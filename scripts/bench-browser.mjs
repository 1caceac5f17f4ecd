// Browser benchmark of issue 9: the release build served locally, driven in headless Chromium
// through playwright-core. Prints a table of medians over several runs; asserts nothing (these
// machines are noisy, so figures go in docs/performance.md, never into a test).
//
//   VORONKA_DIST=dist-bench VORONKA_BASE=/voronka/ node scripts/bench-browser.mjs [runs]
//   (./scripts/bench.sh builds dist-bench and runs this after the host benchmarks)
//
// What is timed, and how:
// - first chart: navigation start → the first `rendered` event of any ECharts instance (an init
//   script wraps `echarts.init`), on a fresh profile (demo data) and on a stored workspace;
// - JSON import: the app's own `voronka:json-read` User Timing measure (browser string → checked
//   workspace, src/ui/timing.rs) beside `JSON.parse` of the same text in the same page;
// - filter change: in the page, from setting the seller filter to the end of the task that ran
//   the update (every Leptos effect and chart setOption done, style and layout forced), and to
//   the next frame after it (painted);
// - expand all in the forecast pipeline: click → the expanded rows on screen (rAF polling);
// - save: the `voronka:save` measure (write JSON, pack, localStorage) when a workspace is
//   replaced; reload: navigation → first chart, with the `voronka:load` measure inside it;
// - memory after loading 100,000 deals: the JS heap after a forced GC (CDP) and the size of the
//   wasm linear memory.
import { execSync } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, DIST } from '../tests/e2e/harness.mjs';
import { exportDemo, grow } from '../tests/e2e/big-workspace.mjs';

const RUNS = Number(process.argv[2] || process.env.RUNS || 5);
const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number).filter(Boolean);
const WAIT = { timeout: 600000 };

/** Installed before any page script: hooks for the first chart and the wasm memory. */
function hooks() {
  let lib;
  Object.defineProperty(globalThis, 'echarts', {
    configurable: true,
    get: () => lib,
    set(v) {
      lib = v;
      const init = v.init;
      v.init = function (...args) {
        const chart = init.apply(this, args);
        chart.on('rendered', () => {
          if (window.__firstChart === undefined) window.__firstChart = performance.now();
        });
        return chart;
      };
    },
  });
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result.instance ?? result;
      if (instance?.exports?.memory) window.__wasmMemory = instance.exports.memory;
      return result;
    };
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x === undefined ? '—' : `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')} ms`);
const mb = (x) => `${(x / 1048576).toFixed(0)} MB`;

const rows = [];
/** One table row: the median of `xs` (and the spread, min–max, so noise is visible). */
function report(what, xs, target = '', note = '') {
  const row = { what, median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length, target, note };
  rows.push(row);
  console.error(`  ${what}: ${ms(row.median)} (${xs.map((x) => x.toFixed(1)).join(', ')})`);
}
function reportValue(what, text, target = '', note = '') {
  rows.push({ what, text, target, note });
  console.error(`  ${what}: ${text}`);
}

const srv = await serve();
const browser = await launch();

async function newPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await context.addInitScript(hooks);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return { context, page };
}

async function firstChart(page) {
  await page.waitForFunction(() => window.__firstChart !== undefined, null, WAIT);
  return page.evaluate(() => window.__firstChart);
}

/** The duration of the newest performance measure `name` once there are more than `seen`. */
async function measureAfter(page, name, seen) {
  await page.waitForFunction(([n, s]) => performance.getEntriesByName(n).length > s, [name, seen], WAIT);
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1).duration, name);
}
const measures = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

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

/** Alternates the seller filter between two sellers and all; medians of `runs` changes. */
async function filterBench(page, label, n, target, ready) {
  await page.waitForFunction(ready, null, WAIT);
  const sellers = await page.$$eval('[data-testid=filter-seller] option', (os) => os.map((o) => o.value).filter(Boolean));
  const values = [sellers[0], sellers[1], ''];
  const updated = [];
  const painted = [];
  let before = await page.textContent('main');
  for (let i = 0; i < RUNS + 1; i++) {
    const [u, p] = await filterChange(page, values[i % values.length]);
    const after = await page.textContent('main');
    if (after === before) throw new Error(`${label}: the filter change changed nothing on the page`);
    before = after;
    if (i > 0) { updated.push(u); painted.push(p); } // the first change warms the page up
  }
  report(`filter change → ${label} updated, ${n.toLocaleString('en-US')} deals`, updated, target);
  report(`filter change → ${label} painted (next frame), ${n.toLocaleString('en-US')} deals`, painted);
}

// ---------------------------------------------------------------------------------------------

console.error(`Browser benchmark: ${DIST}, ${RUNS} runs each`);

// First chart with demo data, each run on a fresh profile (nothing cached: the first visit),
// then a reload in the same profile (the browser's HTTP and compiled-code caches: a repeat visit).
{
  const first = [];
  const again = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await newPage();
    await page.goto(`${srv.url}#/funnel`);
    first.push(await firstChart(page));
    await page.reload();
    again.push(await firstChart(page));
    await context.close();
  }
  report('navigation → first chart drawn, demo data, first visit (fresh profile)', first, '≤ 300 ms');
  report('navigation → first chart drawn, demo data, repeat visit (reload)', again, '≤ 300 ms');
}

// The demo export, grown to each size.
let demo;
{
  const { context, page } = await newPage();
  demo = await exportDemo(page, srv.url);
  await context.close();
}
const dir = await mkdtemp(join(tmpdir(), 'voronka-bench-'));

for (const n of SIZES) {
  const text = JSON.stringify(grow(structuredClone(demo), n));
  const path = join(dir, `ws-${n}.json`);
  await writeFile(path, text);
  const big = n >= 50000;
  const runs = big ? Math.min(RUNS, 3) : RUNS;
  const label = n.toLocaleString('en-US');
  console.error(`${label} deals: ${(text.length / 1e6).toFixed(1)} MB of JSON`);
  const { context, page } = await newPage();
  await page.goto(`${srv.url}#/data?dtab=file`);
  await page.waitForSelector('[data-testid=import-file]');

  // JSON import against JSON.parse of the same text in the same page.
  const reads = [];
  for (let i = 0; i < runs; i++) {
    const seen = await measures(page, 'voronka:json-read');
    await page.setInputFiles('[data-testid=import-file]', path);
    reads.push(await measureAfter(page, 'voronka:json-read', seen));
    await page.waitForSelector('[data-testid=import-confirm]', WAIT);
    if (i < runs - 1) await page.click('[data-testid=import-confirm] button.link');
  }
  await page.evaluate((t) => { window.__text = t; }, text);
  const parses = await page.evaluate((k) => {
    const out = [];
    for (let i = 0; i < k + 1; i++) {
      const t0 = performance.now();
      JSON.parse(window.__text);
      out.push(performance.now() - t0);
    }
    delete window.__text;
    return out.slice(1);
  }, Math.max(runs, 7)); // cheap beside the import, and noisy: more runs for a steady median
  report(`JSON import (read + check), ${label} deals`, reads);
  report(`JSON.parse of the same text, ${label} deals`, parses);
  const ratio = median(reads) / median(parses);
  reportValue(`JSON import ÷ JSON.parse, ${label} deals`, `${ratio.toFixed(2)} ×`, '≤ 1.2 ×');

  // Replace the workspace: one save of the whole workspace.
  const saves = [];
  {
    const seen = await measures(page, 'voronka:save');
    await page.click('[data-testid=import-confirm-yes]');
    saves.push(await measureAfter(page, 'voronka:save', seen));
  }
  // More saves: undo and redo are whole-workspace changes like any edit.
  for (let i = 1; i < runs; i++) {
    const seen = await measures(page, 'voronka:save');
    await page.click('[data-testid=undo]');
    await measureAfter(page, 'voronka:save', seen);
    const seen2 = await measures(page, 'voronka:save');
    await page.click('[data-testid=redo]');
    saves.push(await measureAfter(page, 'voronka:save', seen2));
  }
  report(`save the workspace (write, pack, store), ${label} deals`, saves);
  const stored = await page.evaluate(() => localStorage.getItem('voronka.workspace')?.length ?? 0);
  reportValue(`stored size, ${label} deals`, `${stored.toLocaleString('en-US')} UTF-16 units (${((stored / 5242880) * 100).toFixed(0)} % of the quota)`);

  // Reload: navigation → first chart, and the load inside it.
  const loads = [];
  const firsts = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${srv.url}#/funnel`);
    await page.reload();
    firsts.push(await firstChart(page));
    loads.push(await page.evaluate(() => performance.getEntriesByName('voronka:load').at(-1)?.duration ?? NaN));
  }
  const summary = await page.evaluate(() => document.querySelector('main')?.textContent ?? '');
  if (!summary.includes(label.slice(0, 2))) console.error(`  (check: the funnel may not show ${label} deals)`);
  report(`reload → first chart drawn, ${label} deals`, firsts, n === 10000 ? '≤ 300 ms (demo)' : '');
  report(`  of which: load from storage (unpack, read, check), ${label} deals`, loads);

  // Filter changes on the funnel and the forecast.
  await filterBench(page, 'funnel', n, n === 10000 ? '≤ 16 ms' : '≤ 50 ms',
    () => !!document.querySelector('[data-testid=funnel-table]'));
  await page.goto(`${srv.url}#/forecast`);
  await filterBench(page, 'forecast', n, n === 10000 ? '≤ 16 ms' : '≤ 50 ms',
    () => !!document.querySelector('main canvas'));

  // Expand all in the forecast pipeline.
  if (big) {
    const xs = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${srv.url}#/pipeline?pview=forecast`);
      await page.reload();
      await page.waitForSelector('[data-testid=tree-forecast] tr[data-testid=tree-row]', WAIT);
      xs.push(await page.evaluate(async () => {
        const rowCount = () => document.querySelectorAll('[data-testid=tree-forecast] tr[data-testid=tree-row]').length;
        const t0 = performance.now();
        document.querySelector('[data-testid=expand-all]').click();
        while (rowCount() < 300 || document.querySelector('[data-testid=pipeline-working]')) {
          await new Promise((r) => requestAnimationFrame(r));
        }
        return performance.now() - t0;
      }));
    }
    report(`expand all, forecast pipeline, ${label} deals (first 300 rows on screen)`, xs);

    // Memory after loading: JS heap after a forced GC, and wasm linear memory.
    await page.goto(`${srv.url}#/funnel`);
    await page.reload();
    await firstChart(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
    reportValue(`memory after loading ${label} deals`, `JS heap ${mb(usedSize)}, wasm memory ${mb(wasm)}`);
  }
  await context.close();
}
await rm(dir, { recursive: true, force: true });
await browser.close();
await srv.close();

let chromium = '';
try { chromium = execSync(`${process.env.CHROMIUM || '/usr/bin/chromium'} --version`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* unknown */ }
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM; ${chromium}; node ${process.version}`);
console.log(`Medians of ${RUNS} runs (3 at 100,000 deals); min–max in brackets.\n`);
console.log('| measure | median | runs (min–max) | target |');
console.log('|---|---:|---|---|');
for (const r of rows) {
  const value = r.text ?? ms(r.median);
  const spread = r.text ? '' : `${r.runs} (${ms(r.min)} – ${ms(r.max)})`;
  console.log(`| ${r.what} | ${value} | ${spread} | ${r.target} |`);
}
