// A big workspace for speed tests and screenshots: the demo company's file with its deals
// copied (new ids, same clients, sellers and stages) up to `n` deals, written to the app's
// storage key so the next load opens it. Uses only the app's own export.
import { readFile } from 'node:fs/promises';

export async function exportDemo(page, baseUrl) {
  await page.goto(`${baseUrl}#/data?dtab=file`);
  await page.waitForSelector('[data-testid=export]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

/**
 * Copies deals up to `n`. Copies keep their history, amounts and dates but drop their contacts
 * and next step, so 10,000 deals fit browser storage in both languages (Chromium's localStorage
 * holds about 5 million characters; a full-detail Russian workspace of 10,000 deals is larger).
 */
export function grow(file, n) {
  const deals = file.workspace.deals;
  const base = deals.length;
  let next = Math.max(...deals.map((d) => d.id)) + 1;
  for (let i = base; i < n; i++) {
    const copy = structuredClone(deals[i % base]);
    copy.id = next++;
    copy.title = `${copy.title} #${Math.floor(i / base) + 1}`;
    copy.contacts = [];
    copy.next_step = null;
    // Spread the copies over time and amounts so a sorted list does not show runs of twins.
    const k = Math.floor(i / base);
    const shift = (d) => (d ? new Date(Date.parse(d) - k * 5 * 86400000).toISOString().slice(0, 10) : d);
    copy.created = shift(copy.created);
    copy.expected_close = shift(copy.expected_close);
    copy.closed = shift(copy.closed);
    for (const h of copy.history) h.entered = shift(h.entered);
    copy.amount_minor = Math.round(copy.amount_minor * (0.5 + ((i * 37) % 100) / 100));
    deals.push(copy);
  }
  return file;
}

/** Opens the app on a workspace of `n` deals; returns the stored text's length. */
export async function openBig(page, baseUrl, n, hash = '#/data') {
  const file = grow(await exportDemo(page, baseUrl), n);
  const text = JSON.stringify(file);
  if (process.env.BIG_DEBUG) console.log(`big workspace: ${text.length} characters`);
  await page.evaluate((t) => localStorage.setItem('voronka.workspace', t), text);
  await page.goto(`${baseUrl}${hash}`);
  await page.reload();
  await page.waitForSelector('[data-testid=deals-list]');
  return text.length;
}
