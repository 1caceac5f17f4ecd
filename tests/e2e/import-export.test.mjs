// Export then import gives back the same workspace; a replaced workspace can be restored; a
// broken file shows what is wrong and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

async function exportText(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  assert.match(download.suggestedFilename(), /^voronka-\d{4}-\d{2}-\d{2}\.json$/);
  return readFile(await download.path(), 'utf8');
}

const summary = (page) => page.textContent('[data-testid=data-summary]');

test('export, start empty, import: the same workspace comes back, and restore undoes the import', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const original = await exportText(page);
  const parsed = JSON.parse(original);
  assert.equal(parsed.format, 'voronka');
  assert.equal(parsed.version, 1);
  assert.equal(parsed.workspace.deals.length, 600);

  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));

  await page.setInputFiles('[data-testid=import-file]', { name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(original) });
  await page.waitForSelector('[data-testid=import-confirm]');
  assert.match(await page.textContent('[data-testid=import-confirm]'), /\(0 deals\).*\(600 deals\)/);
  await page.click('[data-testid=import-confirm-yes]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('600 deals'));
  assert.equal(await exportText(page), original, 'export after import is byte-identical');

  // The empty workspace that the import replaced is one click away.
  await page.click('[data-testid=restore]');
  await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]').textContent.startsWith('0 deals'));
  // ... and survives a reload, as every change does.
  await page.reload();
  await page.waitForSelector('[data-testid=data-summary]');
  assert.match(await summary(page), /^0 deals/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a malformed file shows line and column and changes nothing', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const before = await summary(page);
  const broken = '{\n  "format": "voronka",\n  "version": 1,\n  "workspace": {\n    "currency": "RUB",\n    "sellers": [ { "id": 1, "name": "A" }, ]\n  }\n}';
  await page.setInputFiles('[data-testid=import-file]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await page.waitForSelector('[data-testid=import-error]');
  const text = await page.textContent('[data-testid=import-error]');
  assert.match(text, /nothing was changed/);
  assert.match(text, /line 6, column/);
  assert.equal(await summary(page), before);
  assert.equal(await page.$('[data-testid=import-confirm]'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file with schema problems lists each with its path and changes nothing', async () => {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const good = JSON.parse(await exportText(page));
  good.workspace.deals[3].client = 987654;
  good.workspace.deals[5].amount_minor = -100;
  good.workspace.sellers[1].id = good.workspace.sellers[0].id;
  const before = await summary(page);
  await page.setInputFiles('[data-testid=import-file]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForSelector('[data-testid=import-error]');
  const text = await page.textContent('[data-testid=import-error]');
  assert.match(text, /deals\[3\]\.client: points at clients id 987654/);
  assert.match(text, /deals\[5\]\.amount_minor|deals\[5\]\.amount: the amount is negative/);
  assert.match(text, /sellers\[1\]\.id: id \d+ is used twice/);
  assert.equal(await summary(page), before);
  await context.close();
});

test('a file from a newer version is refused with a message saying so', async () => {
  const { context, page } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const newer = JSON.stringify({ format: 'voronka', version: 7, workspace: {} });
  await page.setInputFiles('[data-testid=import-file]', { name: 'new.json', mimeType: 'application/json', buffer: Buffer.from(newer) });
  await page.waitForSelector('[data-testid=import-error]');
  assert.match(await page.textContent('[data-testid=import-error]'), /newer Voronka \(file version 7/);
  await context.close();
});
