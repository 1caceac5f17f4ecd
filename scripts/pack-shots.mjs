// The printed meeting pack's sheets as PNG, laid out by the print stylesheet (media: print) at
// A4 landscape less margins, charts at twice the pixel density:
//   node scripts/pack-shots.mjs DIST LOCALE OUT_DIR [HASH]   → OUT_DIR/pack-<n>-<report>-<lang>.png
// and OUT_DIR/pack-<lang>.pdf, the PDF Chromium prints (for a look; not committed).
import { serve, launch, openApp } from '../tests/e2e/harness.mjs';
const [dist, locale = 'en-US', out = 'docs/screenshots', hash = '#/funnel?print=pack'] = process.argv.slice(2);
const lang = locale.slice(0, 2);
const MM = 96 / 25.4;
const sheet = { width: Math.floor(277 * MM), height: Math.floor(190 * MM) };
const srv = await serve(dist, process.env.BASE || '/voronka/');
const b = await launch();
const { context, page, problems } = await openApp(b, `${srv.url}#/data`, { locale, viewport: sheet });
await page.goto(srv.url + hash);
await page.waitForSelector('.print-sheet');
await page.emulateMedia({ media: 'print' });
await page.waitForFunction(() => [...document.querySelectorAll('.print-sheet .chart')].every((c) => c.querySelector('canvas')?.width > 0));
await page.waitForTimeout(500);
const sheets = await page.$$('.print-sheet');
for (const [i, el] of sheets.entries()) {
  const id = (await el.getAttribute('data-testid')).replace('print-sheet-', '');
  await el.screenshot({ path: `${out}/pack-${i + 1}-${id}-${lang}.png` });
}
await page.pdf({ path: `/tmp/pack-${lang}.pdf`, preferCSSPageSize: true, printBackground: true });
if (problems.length) console.log(problems);
await context.close(); await b.close(); await srv.close();
