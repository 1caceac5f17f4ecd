// 100,000 deals persist across a reload (issue 9): the workspace is too big for localStorage as
// plain JSON (62 MB), so storage keeps it packed (format::packed); nothing is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, openApp } from './harness.mjs';
import { exportDemo, grow } from './big-workspace.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const is100k = () => /^100[,\s\u00a0\u202f]?000 deals/.test(document.querySelector('[data-testid=data-summary]')?.textContent ?? '');

test('a workspace of 100,000 deals is saved and comes back after a reload', { timeout: 600000 }, async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const file = grow(await exportDemo(page, srv.url), 100000);
  const path = join(await mkdtemp(join(tmpdir(), 'voronka-')), 'big.json');
  await writeFile(path, JSON.stringify(file));
  await page.goto(`${srv.url}#/data?dtab=file`);
  await page.setInputFiles('[data-testid=import-file]', path);
  await page.waitForSelector('[data-testid=import-confirm]', { timeout: 180000 });
  await page.click('[data-testid=import-confirm-yes]');
  await page.waitForFunction(is100k, null, { timeout: 180000 });
  // Saved without a storage warning, and stored packed, well inside the quota.
  await page.waitForTimeout(500);
  assert.equal(await page.$('[data-testid=storage-banner]'), null, 'no storage warning');
  const stored = await page.evaluate(() => {
    const v = localStorage.getItem('voronka.workspace');
    return { packed: v.startsWith('VZ1:'), length: v.length };
  });
  assert.ok(stored.packed, 'stored in the packed form');
  assert.ok(stored.length < 5242880, `fits localStorage (${stored.length} units)`);
  console.log(`# 100,000 deals stored in ${stored.length} UTF-16 units`);

  await page.reload();
  await page.waitForFunction(is100k, null, { timeout: 180000 });
  assert.deepEqual(problems, []);
  await context.close();
});
