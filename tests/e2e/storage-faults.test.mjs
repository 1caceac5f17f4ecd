// Storage faults (issue 10): storage disabled, storage full, a stored value corrupted by hand.
// The app keeps running, says what happened, keeps the data in memory, offers an export, and
// never overwrites an unreadable stored value without the user's consent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** A page whose storage misbehaves as `init` makes it, collecting page errors. */
async function open(init, arg) {
  const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  await context.addInitScript(init, arg);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${srv.url}#/data?dtab=sellers`);
  await page.waitForSelector('[data-testid=filter-bar]');
  return { context, page, errors };
}

async function addSeller(page, name) {
  await page.fill('[data-testid=new-seller-name]', name);
  await page.press('[data-testid=new-seller-name]', 'Enter');
  await page.waitForSelector(`[data-testid=sellers-list] >> text=${name}`);
}

async function downloadCurrent(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-current]')]);
  return JSON.parse(await readFile(await d.path(), 'utf8'));
}

test('storage disabled: the app works in memory, says so, and exports what was entered', async () => {
  const { context, page, errors } = await open(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  await page.waitForSelector('[data-testid=storage-banner]');
  assert.match(await page.textContent('[data-testid=storage-banner]'), /not available|storage/i);
  await addSeller(page, 'Kept In Memory');
  const file = await downloadCurrent(page);
  assert.ok(file.workspace.sellers.some((s) => s.name === 'Kept In Memory'));
  assert.equal(file.workspace.deals.length, 600);
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: the edit stays on screen, the banner says so, the export has it', async () => {
  const { context, page, errors } = await open(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === 'voronka.workspace' && sessionStorage.getItem('full') === '1') {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      }
      return set.call(this, k, v);
    };
  });
  await page.waitForFunction(() => localStorage.getItem('voronka.workspace.rev') !== null); // the first start's save (it waits SAVE_DELAY_MS)
  const before = await page.evaluate(() => localStorage.getItem('voronka.workspace'));
  await page.evaluate(() => sessionStorage.setItem('full', '1'));
  await addSeller(page, 'Not Saved Yet');
  await page.waitForSelector('[data-testid=storage-banner]');
  assert.match(await page.textContent('[data-testid=storage-banner]'), /full/i);
  // The stored value is the one before the failed write, whole.
  assert.equal(await page.evaluate(() => localStorage.getItem('voronka.workspace')), before);
  const file = await downloadCurrent(page);
  assert.ok(file.workspace.sellers.some((s) => s.name === 'Not Saved Yet'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a corrupted stored value is kept as it is until the user agrees to overwrite it', async () => {
  const broken = '{"format": "voronka", "version": 1, "workspace": {"currency": "RUB", "sellers": [';
  const { context, page, errors } = await open((b) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('voronka.workspace', b);
    }
  }, broken);
  await page.waitForSelector('[data-testid=storage-banner]');
  // The app runs on the demo data meanwhile, and an edit does not touch the stored text.
  await addSeller(page, 'Edited Meanwhile');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => localStorage.getItem('voronka.workspace')), broken);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-stored]')]);
  assert.equal(await readFile(await d.path(), 'utf8'), broken, 'the unreadable value downloads byte for byte');
  // With consent, the current workspace replaces it.
  await page.click('[data-testid=overwrite-stored]');
  await page.waitForSelector('[data-testid=storage-banner]', { state: 'detached' });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('voronka.workspace')));
  assert.ok(stored.workspace.sellers.some((s) => s.name === 'Edited Meanwhile'));
  assert.deepEqual(errors, []);
  await context.close();
});
