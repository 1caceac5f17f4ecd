// Browser benchmark of CSV import (issue 8): a generated Pipedrive-style file of N rows through
// the mapping screen, the chunked read and the apply, against the release build. Prints a table
// of medians and the longest main-thread task (the page must not freeze). Not a test: run with
//   node scripts/bench/csv-bench.mjs [rows=100000] [runs=3]
import { serve, launch, openApp } from '../../tests/e2e/harness.mjs';

const rows = Number(process.argv[2] || 100000);
const runs = Number(process.argv[3] || 3);
const header = 'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Organization,Deal - Stage,Deal - Owner,Deal - Status,Deal - Won time,Deal - Lost time,Deal - Deal created,Deal - Expected close date';
const stages = ['Qualification', 'Needs analysis', 'Proposal', 'Negotiation', 'Contract'];
const lines = [header];
for (let i = 0; i < rows; i += 1) {
  const status = i % 5 === 0 ? 'Won' : i % 7 === 0 ? 'Lost' : 'Open';
  const m = String(1 + (i % 12)).padStart(2, '0');
  lines.push([
    i + 1, `Deal ${i + 1}`, `"${(1000 + (i * 7919) % 900000).toLocaleString('en-US')}.50"`, 'RUB',
    `Client ${i % 2000}`, stages[i % stages.length], `Seller ${i % 25}`, status,
    status === 'Won' ? `2026-${m}-20 10:00:00` : '', status === 'Lost' ? `2026-${m}-21 10:00:00` : '',
    `2026-${m}-01 09:00:00`, `2027-${m}-15`,
  ].join(','));
}
const file = Buffer.from(lines.join('\n'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const srv = await serve();
const browser = await launch();
const results = { open: [], read: [], apply: [], longest: [] };
for (let r = 0; r < runs; r += 1) {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  await page.click('[data-testid=start-empty]');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  let t = Date.now();
  await page.setInputFiles('[data-testid=import-csv]', { name: 'big.csv', mimeType: 'text/csv', buffer: file });
  await page.waitForSelector('[data-testid=csv-mapping]', { timeout: 120000 });
  results.open.push(Date.now() - t);
  // Long tasks from here on are the app's (playwright's own file transfer into the page, above,
  // is one long task of its own).
  await page.evaluate(() => { window.__long = []; });
  t = Date.now();
  await page.click('[data-testid=csv-read]');
  await page.waitForSelector('[data-testid=csv-progress]', { timeout: 60000 }).catch(() => {});
  await page.waitForSelector('[data-testid=csv-preview]', { timeout: 300000 });
  results.read.push(Date.now() - t);
  const readLong = await page.evaluate(() => Math.max(0, ...window.__long));
  t = Date.now();
  await page.click('[data-testid=csv-apply]');
  await page.waitForSelector('[data-testid=notice]', { timeout: 300000 });
  results.apply.push(Date.now() - t);
  results.longest.push(readLong);
  await context.close();
}
console.log(`| CSV import, ${rows.toLocaleString('en-US')} rows (${(file.length / 1048576).toFixed(1)} MB), median of ${runs} | ms |`);
console.log('|---|---:|');
console.log(`| file handed to the page → mapping screen (transfer by playwright, decode, sniff, header) | ${median(results.open)} |`);
console.log(`| "Check the rows" → preview (chunked read + plan) | ${median(results.read)} |`);
console.log(`| longest main-thread task during the read | ${Math.round(median(results.longest))} |`);
console.log(`| "Import" → applied (incl. save and report rebuild) | ${median(results.apply)} |`);
await browser.close();
await srv.close();
