// Edit speed and memory at scale (issue 17, the write side), not part of the test suite:
//   VORONKA_DIST=dist-e2e VORONKA_BASE=/voronka/ node scripts/bench/edit-bench.mjs [deals] [edits]
// (default 100,000 deals, 20 edits). Opens the app on the demo company grown to `deals` deals
// (tests/e2e/big-workspace.mjs), goes to the forecast and changes the forecast category of one
// deal after another through the page's own select. Prints, per edit and as medians:
// - change → next frame: from dispatching the select's `change` to the frame after it (painted);
// - shown: from the change to the moment the deal's select shows the new value on screen;
// - the longest main-thread task from the change until the save is done (PerformanceObserver
//   `longtask`; the wait runs until the app's `voronka:save` measures stop arriving, so a save
//   deferred to idle time is counted too);
// - wasm linear memory (`WebAssembly.Memory` byteLength) and JS heap (after a forced GC) after
//   loading and after the edits (what the undo stack keeps).
// Asserts nothing: figures go in docs/performance.md.
import { serve, launch, openApp } from '../../tests/e2e/harness.mjs';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDemo, grow } from '../../tests/e2e/big-workspace.mjs';

const N = Number(process.argv[2] || 100000);
const EDITS = Number(process.argv[3] || 20);
const WAIT = { timeout: 600000 };

function hooks() {
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result.instance ?? result;
      if (instance?.exports?.memory) window.__wasmMemory = instance.exports.memory;
      return result;
    };
  }
  window.__longTasks = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, ms: e.duration })))
    .observe({ type: 'longtask', buffered: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (x) => `${(x / 1048576).toFixed(0)} MB`;

const srv = await serve();
const browser = await launch();
const { context, page } = await openApp(browser, `${srv.url}#/data`, { viewport: { width: 1400, height: 900 } });
await context.addInitScript(hooks);
page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
// Imported through the Data page (saved whole, as an import is), then reloaded: the edits start
// from a workspace loaded from storage, as a user's day does.
const file = grow(await exportDemo(page, srv.url), N);
const path = join(await mkdtemp(join(tmpdir(), 'voronka-edit-')), 'big.json');
const text = JSON.stringify(file);
await writeFile(path, text);
await page.goto(`${srv.url}#/data?dtab=file`);
await page.setInputFiles('[data-testid=import-file]', path);
await page.waitForSelector('[data-testid=import-confirm]', WAIT);
await page.click('[data-testid=import-confirm-yes]');
await page.waitForFunction((n) => (document.querySelector('[data-testid=data-summary]')?.textContent ?? '').replace(/\D/g, '').startsWith(String(n)), N, WAIT);
await page.waitForFunction(() => performance.getEntriesByName('voronka:save').length > 0, null, WAIT);
console.log(`${N.toLocaleString('en-US')} deals, ${(text.length / 1e6).toFixed(1)} M characters of JSON`);
await page.goto(`${srv.url}#/funnel`);
await page.reload();
await page.goto(`${srv.url}#/forecast`);
await page.waitForSelector('[data-testid=fc-deal-row]', WAIT);

async function memory() {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  return { heap: usedSize, wasm };
}
const storedKeys = await page.evaluate(() => Object.keys(localStorage).map((k) => `${k} ${localStorage.getItem(k).length}`).filter((k) => !k.includes('.overlay.')));
console.log(`stored: ${storedKeys.join(', ')}; summary: ${(await page.textContent('[data-testid=fc-deals-count]'))?.trim()}`);
if (await page.$('[data-testid=storage-banner]')) console.log(`storage banner: ${(await page.textContent('[data-testid=storage-banner]')).trim()}`);
const loaded = await memory();
console.log(`after loading: wasm memory ${mb(loaded.wasm)}, JS heap ${mb(loaded.heap)}`);

/** Changes the category of the `i`-th deal row; returns the timings of that edit. */
async function edit(i) {
  return page.evaluate(async (i) => {
    const rows = document.querySelectorAll('[data-testid=fc-deal-row]');
    const row = rows[i % rows.length];
    const id = row.dataset.deal;
    const select = row.querySelector('[data-testid=fc-category]');
    const options = [...select.options].map((o) => o.value);
    const value = options[(options.indexOf(select.value) + 1) % options.length];
    const saves = () => performance.getEntriesByName('voronka:save').length;
    const savesBefore = saves();
    window.__longTasks = [];
    const t0 = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    // The page may rebuild the row: find the deal's select again until it shows the new value.
    const shownValue = () => document.querySelector(`[data-testid=fc-deal-row][data-deal="${id}"] [data-testid=fc-category]`)?.value;
    let shown;
    await new Promise((resolve) => {
      const check = () => {
        if (shownValue() === value) { shown = performance.now() - t0; resolve(); } else requestAnimationFrame(check);
      };
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const frame = performance.now() - t0;
    // Wait until the save is done: a measure arrived and none for 1.5 s (a deferred save runs
    // in idle time, in slices).
    const deadline = performance.now() + 30000;
    let last = saves();
    let quietSince = performance.now();
    while (performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const n = saves();
      if (n !== last) { last = n; quietSince = performance.now(); }
      if (n > savesBefore && performance.now() - quietSince > 1500) break;
    }
    const tasks = window.__longTasks.filter((t) => t.start >= t0 - 1);
    const longest = Math.max(0, ...tasks.map((t) => t.ms));
    const saveMs = performance.getEntriesByName('voronka:save').slice(savesBefore).reduce((s, e) => s + e.duration, 0);
    return { frame, shown, longest, saveMs, saves: saves() - savesBefore };
  }, i);
}

const results = [];
for (let i = 0; i < EDITS; i++) {
  const r = await edit(i);
  results.push(r);
  console.log(`  edit ${String(i + 1).padStart(2)}: change → next frame ${r.frame.toFixed(0).padStart(5)} ms, shown ${r.shown.toFixed(0).padStart(5)} ms, longest task ${r.longest.toFixed(0).padStart(5)} ms, save measures ${r.saves} (${r.saveMs.toFixed(0)} ms in all)`);
}
if (await page.$('[data-testid=storage-banner]')) console.log(`storage banner: ${(await page.textContent('[data-testid=storage-banner]')).trim()}`);
const chunks = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.overlay.')).length);
console.log(`overlay chunks stored: ${chunks}`);
const after = await memory();
const pick = (k) => results.map((r) => r[k]);
console.log(`\n${N.toLocaleString('en-US')} deals, ${EDITS} forecast-category edits:`);
console.log(`  change → next frame: median ${median(pick('frame')).toFixed(0)} ms, max ${Math.max(...pick('frame')).toFixed(0)} ms`);
console.log(`  change → shown:      median ${median(pick('shown')).toFixed(0)} ms, max ${Math.max(...pick('shown')).toFixed(0)} ms`);
console.log(`  longest task around the save: median ${median(pick('longest')).toFixed(0)} ms, max ${Math.max(...pick('longest')).toFixed(0)} ms`);
console.log(`  save time (sum of voronka:save per edit): median ${median(pick('saveMs')).toFixed(0)} ms`);
console.log(`  memory after loading: wasm ${mb(loaded.wasm)}, JS heap ${mb(loaded.heap)}`);
console.log(`  memory after ${EDITS} edits: wasm ${mb(after.wasm)}, JS heap ${mb(after.heap)} (wasm +${mb(after.wasm - loaded.wasm)})`);
await context.close();
await browser.close();
await srv.close();
