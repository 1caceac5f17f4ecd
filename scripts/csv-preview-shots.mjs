// Screenshots of the CSV import preview with its questions (issue 15), in Russian and English:
//   node scripts/csv-preview-shots.mjs DIST OUT_DIR
// An empty workspace imports tests/fixtures/csv/opportunities-export.csv; the unknown stages are
// answered (so the stage-order list shows) and the currency is left open, so the preview shows
// every kind of question and Apply still waiting. Writes OUT_DIR/csv-preview-{ru,en}.png.
import { readFile } from 'node:fs/promises';
import { serve, launch, openApp } from '../tests/e2e/harness.mjs';

const [dist, out] = process.argv.slice(2);
const FIXTURE = 'opportunities-export.csv';
const buffer = await readFile(new URL(`../tests/fixtures/csv/${FIXTURE}`, import.meta.url));
const srv = await serve(dist, process.env.BASE || '/voronka/');
const b = await launch();
for (const [lang, locale] of [['ru', 'ru-RU'], ['en', 'en-US']]) {
  const { context, page, problems } = await openApp(b, `${srv.url}#/data?dtab=file`, { locale, viewport: { width: 1280, height: 900 } });
  await page.click('[data-testid=start-empty]');
  await page.waitForFunction(() => (document.querySelector('[data-testid=data-summary]').textContent.match(/\d+/) || [])[0] === '0');
  await page.setInputFiles('[data-testid=import-csv]', { name: FIXTURE, mimeType: 'text/csv', buffer });
  await page.waitForSelector('[data-testid=csv-mapping]');
  await page.click('[data-testid=csv-read]');
  await page.waitForSelector('[data-testid=csv-preview]');
  for (let i = 0; await page.$(`[data-testid=csv-stage-${i}]`); i += 1) {
    if ((await page.$eval(`[data-testid=csv-stage-${i}]`, (s) => s.value)) === '') {
      await page.selectOption(`[data-testid=csv-stage-${i}]`, 'new-open');
      await page.waitForSelector('[data-testid=csv-preview]');
    }
  }
  await page.waitForTimeout(300);
  const preview = await page.$('[data-testid=csv-preview]');
  await preview.screenshot({ path: `${out}/csv-preview-${lang}.png` });
  if (problems.length) console.log(lang, problems);
  await context.close();
}
await b.close();
await srv.close();
