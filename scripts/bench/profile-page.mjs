// CPU profile of filter changes on one page (a tool for finding where time goes, not a test):
//   VORONKA_DIST=dist-e2e node scripts/bench/profile-page.mjs <deals> <hash> [changes]
// Loads a workspace of <deals> deals grown from the demo, opens <hash> (e.g. '#/forecast'),
// profiles <changes> seller-filter changes and prints the functions with the most self time.
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, openApp } from '../../tests/e2e/harness.mjs';
import { exportDemo, grow } from '../../tests/e2e/big-workspace.mjs';

const [n = '10000', hash = '#/forecast', changes = '6'] = process.argv.slice(2);
const srv = await serve();
const browser = await launch();
const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`);
const path = join(await mkdtemp(join(tmpdir(), 'voronka-prof-')), 'ws.json');
await writeFile(path, JSON.stringify(grow(await exportDemo(page, srv.url), Number(n))));
await page.goto(`${srv.url}#/data?dtab=file`);
await page.setInputFiles('[data-testid=import-file]', path);
await page.click('[data-testid=import-confirm-yes]', { timeout: 300000 });
await page.waitForTimeout(1000);
await page.goto(`${srv.url}${hash}`);
await page.waitForTimeout(1500);
const sellers = await page.$$eval('[data-testid=filter-seller] option', (os) => os.map((o) => o.value).filter(Boolean));
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
const times = [];
for (let i = 0; i < Number(changes); i++) {
  times.push(await page.evaluate(async (v) => {
    const s = document.querySelector('[data-testid=filter-seller]');
    const t0 = performance.now();
    s.value = v;
    s.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    document.body.getBoundingClientRect();
    return performance.now() - t0;
  }, [sellers[0], sellers[1], ''][i % 3]));
}
const { profile } = await cdp.send('Profiler.stop');
console.log('changes (ms):', times.map((t) => t.toFixed(1)).join(' '));
const self = new Map();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
profile.samples.forEach((id, i) => {
  const nd = byId.get(id);
  const f = nd.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(key, (self.get(key) || 0) + (dt[i] || 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total sampled ${total.toFixed(0)} ms`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
await writeFile('/tmp/prof/last.cpuprofile', JSON.stringify(profile));
await context.close();
await browser.close();
await srv.close();
