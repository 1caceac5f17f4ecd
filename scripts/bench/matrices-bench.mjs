// Browser timing of the matrices with 2,000 clients (20,000 demo deals): imports the file written
// by `cargo run --release --example bench_workspaces` (to the temp directory), then
// times filter changes on the directions heatmap and table and the relationship heatmap, each from
// the change event until the effects ran ("updated") and until the next frame, with the share of
// JSON.parse and ECharts' setOption. Not a test: run
//   VORONKA_DIST=<release dist> node scripts/bench/matrices-bench.mjs [file]
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, openApp, waitForChart } from '../../tests/e2e/harness.mjs';
const srv = await serve();
const b = await launch();
const { page, problems } = await openApp(b, srv.url + '#/data?dtab=file', { viewport: { width: 1280, height: 800 } });
const big = await readFile(process.argv[2] || join(tmpdir(), 'voronka-2000-clients.json'));
await page.setInputFiles('[data-testid=import-file]', { name: 'big.json', mimeType: 'application/json', buffer: big });
await page.waitForSelector('[data-testid=import-confirm]', { timeout: 60000 });
await page.click('[data-testid=import-confirm-yes]');
await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.replace(/\D/g, '').startsWith('20000'), null, { timeout: 60000 });
console.log(await page.textContent('[data-testid=data-summary]'));
await page.evaluate(() => {
  const orig = echarts.init;
  echarts.init = (...a) => {
    const c = orig(...a);
    const so = c.setOption.bind(c);
    c.setOption = (o, opts) => { const t = performance.now(); so(o, opts); window.__so.push(performance.now() - t); };
    return c;
  };
  const jp = JSON.parse;
  JSON.parse = (s, r) => { const t = performance.now(); const v = jp(s, r); if (s.length > 100000) window.__jp.push(performance.now() - t); return v; };
  window.__so = []; window.__jp = [];
});

// Measures `action` (run in the page) until effects ran (a macrotask later) and until the next frame.
async function measure(label, action, arg) {
  const r = await page.evaluate(async ({ action, arg }) => {
    window.__so = []; window.__jp = [];
    const t0 = performance.now();
    const f = new Function('arg', action);
    f(arg);
    await new Promise((r) => setTimeout(r, 0));
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t2 = performance.now();
    const sum = (a) => a.reduce((x, y) => x + y, 0);
    return { updated: t1 - t0, frame: t2 - t0, so: sum(window.__so), jp: sum(window.__jp) };
  }, { action, arg });
  if (!label.includes(' ') || label.startsWith('open') || label.startsWith('show') || label.startsWith('switch') || label.startsWith('back')) console.log(`${label}: updated ${r.updated.toFixed(0)} ms, next frame ${r.frame.toFixed(0)} ms (JSON.parse ${r.jp.toFixed(0)} ms, ECharts setOption ${r.so.toFixed(0)} ms, rest = wasm + DOM ${(r.updated - r.jp - r.so).toFixed(0)} ms)`);
  return r;
}
const setSelect = `const s = document.querySelector(arg.sel); s.value = arg.value; s.dispatchEvent(new Event('change', { bubbles: true }));`;
const click = `document.querySelector(arg).click();`;

await measure('open Directions (heatmap)', click, '[data-testid=nav-directions]');
await waitForChart(page, 'dir-chart');
await page.waitForTimeout(500);
console.log(await page.textContent('[data-testid=dir-summary]'));
async function series(label, values, sel) {
  const rs = [];
  for (let i = 0; i < 4; i++) for (const v of values) {
    rs.push(await measure(`${label} ${v}`, setSelect, { sel, value: v }));
    await page.waitForTimeout(250);
  }
  const stat = (k) => { const a = rs.map((r) => r[k]).sort((x, y) => x - y); return `min ${a[0].toFixed(0)} / median ${a[a.length >> 1].toFixed(0)}`; };
  console.log(`== ${label}: updated ${stat('updated')} ms; frame ${stat('frame')} ms; JSON.parse ${stat('jp')}; setOption ${stat('so')}`);
}
await series('heatmap 2,000 rows, period', ['all', 'last_12m'], '[data-testid=filter-period]');
await series('heatmap, seller', ['2', ''], '[data-testid=filter-seller]');
await measure('switch to table', click, '[data-testid=mview-table]');
await page.waitForTimeout(300);
await series('table 100 rows, period', ['all', 'last_12m'], '[data-testid=filter-period]');
await measure('show all rows (2,000)', `document.querySelector('[data-testid=dir-pager] button.link').click();`, null);
await page.waitForTimeout(300);
await measure('back to heatmap', click, '[data-testid=mview-chart]');
await page.waitForTimeout(300);
await measure('open Relationships (key clients)', click, '[data-testid=nav-relationships]');
await page.waitForTimeout(300);
await series('relationships heatmap, rows', ['all', 'key'], '[data-testid=rrows]');
console.log(problems.slice(0, 5));
await b.close(); await srv.close();
