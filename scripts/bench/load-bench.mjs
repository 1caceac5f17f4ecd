// Reading big workspaces (issue 17: JSON import, reload, memory), not part of the test suite:
//   VORONKA_DIST=dist-e2e VORONKA_BASE=/voronka/ node scripts/bench/load-bench.mjs [runs] [sizes]
// (default 5 runs, sizes 10000,100000; 3 runs at 100,000). The same measures as
// scripts/bench-browser.mjs for these three targets only, without its filter and save parts:
// - JSON import: the app's `voronka:json-read` measure (browser string → checked workspace,
//   src/ui/timing.rs) beside `JSON.parse` of the same text in the same page, and their ratio;
// - reload → first chart: navigation → the first `rendered` event of an ECharts instance, with
//   the app's `voronka:load` measure (storage → checked workspace) inside it;
// - memory after loading: wasm linear memory (`WebAssembly.Memory` byteLength, which never
//   shrinks, so it is the loading peak) and the JS heap after a forced GC, against the JSON size.
// The workspace is the demo export grown to each size (tests/e2e/big-workspace.mjs), imported
// through the Data page and saved whole. Asserts nothing: figures go in docs/performance.md.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch } from '../../tests/e2e/harness.mjs';
import { exportDemo, grow } from '../../tests/e2e/big-workspace.mjs';
import { firstChartHook, median } from './first-chart.mjs';

const RUNS = Number(process.argv[2] || 5);
const SIZES = (process.argv[3] || '10000,100000').split(',').map(Number).filter(Boolean);
const WAIT = { timeout: 600000 };

function wasmMemoryHook() {
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

const fmt = (xs) => `${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
const mb = (x) => `${(x / 1048576).toFixed(1)} MB`;

const srv = await serve();
const browser = await launch();
async function newPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  await context.addInitScript(firstChartHook);
  await context.addInitScript(wasmMemoryHook);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return { context, page };
}
const measures = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).length, name);
async function measureAfter(page, name, seen) {
  await page.waitForFunction(([n, s]) => performance.getEntriesByName(n).length > s, [name, seen], WAIT);
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1).duration, name);
}

let demo;
{
  const { context, page } = await newPage();
  demo = await exportDemo(page, srv.url);
  await context.close();
}
const dir = await mkdtemp(join(tmpdir(), 'voronka-load-bench-'));
for (const n of SIZES) {
  const text = JSON.stringify(grow(structuredClone(demo), n));
  const path = join(dir, `ws-${n}.json`);
  await writeFile(path, text);
  const runs = n >= 50000 ? Math.min(RUNS, 3) : RUNS;
  const label = n.toLocaleString('en-US');
  const { context, page } = await newPage();
  await page.goto(`${srv.url}#/data?dtab=file`);
  await page.waitForSelector('[data-testid=import-file]');
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
  }, Math.max(runs, 7));
  const saved = await measures(page, 'voronka:save');
  await page.click('[data-testid=import-confirm-yes]');
  await measureAfter(page, 'voronka:save', saved);

  const firsts = [];
  const loads = [];
  const wasm = [];
  const heap = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${srv.url}#/funnel`);
    await page.reload();
    await page.waitForFunction(() => window.__firstChart !== undefined, null, WAIT);
    firsts.push(await page.evaluate(() => window.__firstChart));
    loads.push(await page.evaluate(() => performance.getEntriesByName('voronka:load').at(-1)?.duration ?? NaN));
    wasm.push(await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    heap.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
    await cdp.detach();
  }
  const out = [
    `${label} deals, ${(text.length / 1e6).toFixed(1)} MB of JSON:`,
    `  JSON import ${fmt(reads)}; JSON.parse ${fmt(parses)}; ratio ${(median(reads) / median(parses)).toFixed(2)} ×`,
    `  reload → first chart ${fmt(firsts)}; of which load from storage ${fmt(loads)}`,
    `  memory after loading: wasm ${mb(median(wasm))} + JS heap ${mb(median(heap))} = ${((median(wasm) + median(heap)) / text.length).toFixed(2)} × the JSON`,
  ];
  for (const l of out) console.log(l);

  await context.close();
}
await rm(dir, { recursive: true, force: true });
await browser.close();
await srv.close();
