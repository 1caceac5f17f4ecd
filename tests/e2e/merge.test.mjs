// Merging a teammate's file (issue 8): a preview with counts and conflicts, a flip per conflict,
// one undoable step on apply; a file in another currency is refused and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

async function exportWorkspace(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  return readFile(await download.path(), 'utf8');
}

const summary = (page) => page.textContent('[data-testid=data-summary]');

async function importFile(page, name, text) {
  await page.setInputFiles('[data-testid=import-file]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-testid=import-confirm]');
  await page.click('[data-testid=import-merge]');
  await page.waitForSelector('[data-testid=merge-panel]');
}

/** Clicks the flip button of the conflict row showing exactly `name`. */
async function flipRow(page, name) {
  const rows = page.locator('[data-testid=merge-conflict-row]');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    if ((await rows.nth(i).locator('[data-testid=merge-name]').textContent()) === name) {
      return rows.nth(i).locator('[data-testid=merge-flip]');
    }
  }
  throw new Error(`no conflict row named ${name}`);
}

/** The conflict table as data: kind, shown name, kept side, reason. */
const conflictRows = (page) =>
  page.$$eval('[data-testid=merge-conflict-row]', (rows) => rows.map((r) => ({
    kind: r.dataset.kind,
    kept: r.dataset.kept,
    name: r.querySelector('[data-testid=merge-name]').textContent,
    keptText: r.querySelector('[data-testid=merge-kept]').textContent,
    reason: r.querySelector('[data-testid=merge-reason]').textContent,
    button: r.querySelector('[data-testid=merge-flip]').textContent,
  })));

test('merge a teammate’s file: preview, flip a conflict, apply, undo', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const original = await exportWorkspace(page);
  const ours = JSON.parse(original).workspace;
  const sellersBefore = ours.sellers.length;
  // Two open deals (active in any period, so the deals list shows them), titled differently.
  const open = ours.deals.map((d, i) => [d, i]).filter(([d]) => !d.closed);
  const [a, ia] = open[0];
  const [b, ib] = open.find(([d]) => d.title !== a.title);

  // Their file: deal a's amount changed later than ours, deal b's title changed earlier than
  // ours, and a seller we do not have.
  const theirs = JSON.parse(original);
  const ta = theirs.workspace.deals[ia];
  ta.amount_minor = a.amount_minor + 1234500;
  ta.updated_at = a.updated_at + 60_000;
  const tb = theirs.workspace.deals[ib];
  tb.title = 'Renamed <b>by</b> teammate';
  tb.updated_at = b.updated_at - 60_000;
  theirs.workspace.sellers.push({ id: 4_242_424_242, name: 'Teammate Seller' });

  const before = await summary(page);
  await importFile(page, 'team.json', JSON.stringify(theirs));

  const text = await page.innerText('[data-testid=merge-summary]');
  assert.match(text, /Added from the file: 1 seller(?!s)/);
  assert.match(text, /Conflicts: 2\b/);
  assert.match(text, /Updated to the file's version: 1\b/);

  let rows = await conflictRows(page);
  assert.equal(rows.length, 2);
  const rowA = rows.find((r) => r.name === a.title);
  assert.ok(rowA, `a row for ${a.title}: ${JSON.stringify(rows)}`);
  assert.equal(rowA.kind, 'deal');
  assert.equal(rowA.kept, 'theirs', 'the newer amount is kept');
  assert.match(rowA.keptText, /Theirs/);
  assert.match(rowA.reason, /Edited more recently/);
  assert.equal(rowA.button, 'Keep ours instead');
  // The older title is not kept: the row shows ours.
  const rowB = rows.find((r) => r.name === b.title);
  assert.ok(rowB, `a row for ${b.title}: ${JSON.stringify(rows)}`);
  assert.equal(rowB.kept, 'ours');
  assert.equal(rowB.button, 'Take theirs instead');

  // Flip b: their (older) title is taken; the table updates in place.
  const flipB = await flipRow(page, b.title);
  assert.equal(await flipB.getAttribute('aria-label'), `Take theirs instead: Deal “${b.title}”`);
  await flipB.click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=merge-conflict-row]')]
    .some((r) => r.dataset.kept === 'theirs' && r.querySelector('[data-testid=merge-name]').textContent.startsWith('Renamed')));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'merge-flip', 'focus stays on the button');
  rows = await conflictRows(page);
  const flipped = rows.find((r) => r.name === tb.title);
  assert.ok(flipped, 'the name shown is the kept side’s, as text');
  assert.equal(flipped.kept, 'theirs');
  assert.match(flipped.reason, /Your choice/);
  assert.equal(flipped.button, 'Keep ours instead');
  assert.equal(await page.$('[data-testid=merge-panel] b'), null, 'names are text, not markup');
  assert.match(await page.innerText('[data-testid=merge-summary]'), /Updated to the file's version: 2\b/);
  assert.equal(await summary(page), before, 'nothing changes before apply');

  // Flip back and forth: the rule's reason comes back.
  await (await flipRow(page, tb.title)).click();
  await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid=merge-conflict-row]')]
    .some((r) => r.dataset.kept === 'ours' && r.querySelector('[data-testid=merge-name]').textContent === t), b.title);
  rows = await conflictRows(page);
  assert.match(rows.find((r) => r.name === b.title).reason, /Edited more recently/);
  await (await flipRow(page, b.title)).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=merge-conflict-row]')]
    .some((r) => r.dataset.kept === 'theirs' && r.querySelector('[data-testid=merge-name]').textContent.startsWith('Renamed')));

  await page.click('[data-testid=merge-apply]');
  await page.waitForSelector('[data-testid=merge-panel]', { state: 'detached' });
  assert.match(await page.textContent('[data-testid=notice]'), /Merged: 1 added, 2 updated, 2 conflicts resolved/);
  await page.waitForFunction((n) => document.querySelector('[data-testid=data-summary]').textContent.endsWith(`${n} sellers`), sellersBefore + 1);

  const merged = JSON.parse(await exportWorkspace(page)).workspace;
  const ma = merged.deals.find((d) => d.id === a.id);
  const mb = merged.deals.find((d) => d.id === b.id);
  assert.equal(ma.amount_minor, ta.amount_minor, 'their newer amount');
  assert.equal(mb.title, tb.title, 'their title, as chosen');
  assert.ok(merged.sellers.some((s) => s.name === 'Teammate Seller'));
  assert.equal(merged.deals.length, ours.deals.length);

  // The deals list shows the new title.
  await page.click('[data-testid=dtab-deals]');
  await page.fill('[data-testid=dsearch]', 'Renamed');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=deal-open]')].some((e) => e.textContent === 'Renamed <b>by</b> teammate'));
  assert.equal(await page.$('[data-testid=deals-list] b'), null);

  // One step on the undo stack, named after the file.
  assert.equal(await page.textContent('[data-testid=undo]'), 'Undo: Merge “team.json”');
  await page.click('[data-testid=undo]');
  await page.waitForFunction((s) => document.querySelector('[data-testid=data-summary]').textContent === s, before);
  await page.click('[data-testid=dtab-file]');
  await page.waitForSelector('[data-testid=export]');
  const undone = JSON.parse(await exportWorkspace(page)).workspace;
  assert.equal(undone.deals.find((d) => d.id === a.id).amount_minor, a.amount_minor, 'Undo brings back our amount');
  assert.equal(undone.deals.find((d) => d.id === b.id).title, b.title);
  assert.equal(undone.sellers.length, sellersBefore);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file in another currency is refused with both currencies named, and changes nothing', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=file`);
  const original = await exportWorkspace(page);
  const file = JSON.parse(original);
  const ours = file.workspace.currency;
  const other = ours === 'EUR' ? 'USD' : 'EUR';
  file.workspace.currency = other;
  file.workspace.deals[0].amount_minor += 100;
  const before = await summary(page);

  await importFile(page, 'foreign.json', JSON.stringify(file));
  await page.waitForSelector('[data-testid=merge-error]');
  const text = await page.textContent('[data-testid=merge-error]');
  assert.match(text, /can't be merged; nothing was changed/);
  assert.ok(text.includes(ours) && text.includes(other), text);
  assert.equal(await page.$('[data-testid=merge-apply]'), null);
  await page.click('[data-testid=merge-cancel]');
  await page.waitForSelector('[data-testid=merge-panel]', { state: 'detached' });
  assert.equal(await summary(page), before);
  assert.equal(await exportWorkspace(page), original, 'the workspace is unchanged');
  assert.equal(await page.textContent('[data-testid=undo]'), 'Nothing to undo');
  assert.deepEqual(problems, []);
  await context.close();
});
