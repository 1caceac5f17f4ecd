// Screenshots of the changes page (issue 20):
//   node scripts/changes-shots.mjs DIST OUT_DIR [LOCALE …]
// writes OUT_DIR/changes-waterfall-<ru|en>.png and changes-matrix-<ru|en>.png.
//
// The demo company is compared with an older copy of its own file, made from the app's export:
// each deal as its stage history says it was a week ago (deals created since left out, stages
// and closes rolled back), and some of a week's ordinary work undone — amounts re-priced, closes
// pulled earlier, three deals that have since been deleted. The app reads that file through the
// page's "a file" choice, exactly as a user would.
import { serve, launch, openApp, waitForChart } from '../tests/e2e/harness.mjs';
import { exportDemo } from '../tests/e2e/big-workspace.mjs';

const [dist = 'dist-e2e', out = 'docs/screenshots', ...locales] = process.argv.slice(2);
const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);

/** The file as it was `days` ago (see the header). Deterministic: picks deals by position. */
function older(file, days) {
  const then = structuredClone(file);
  delete then.snapshots;
  const ws = then.workspace;
  const cutoff = iso(Date.now() - days * DAY);
  const open = new Set(ws.stages.filter((s) => s.kind === 'open').map((s) => s.id));
  ws.deals = ws.deals.filter((d) => d.created <= cutoff);
  let next = Math.max(...ws.deals.map((d) => d.id)) + 1;
  const gone = [];
  ws.deals.forEach((d, i) => {
    d.history = d.history.filter((h) => h.entered <= cutoff);
    if (!d.history.length) d.history = [{ stage: [...open][0], entered: d.created }];
    d.stage = d.history.at(-1).stage;
    if (open.has(d.stage)) {
      d.closed = null;
      d.lost_reason = null;
      if (i % 9 === 0) d.amount_minor = Math.round(d.amount_minor * 0.8);
      else if (i % 13 === 1) d.amount_minor = Math.round(d.amount_minor * 1.25);
      if (i % 11 === 2 && d.expected_close) d.expected_close = iso(Date.parse(d.expected_close) - 35 * DAY);
      if (i % 40 === 3 && gone.length < 3) gone.push({ ...structuredClone(d), id: next++, contacts: [] });
    }
  });
  ws.deals.push(...gone);
  return then;
}

const srv = await serve(dist, process.env.BASE || '/voronka/');
const browser = await launch();
for (const locale of locales.length ? locales : ['ru-RU', 'en-US']) {
  const lang = locale.slice(0, 2);
  const { context, page, problems } = await openApp(browser, srv.url, { locale, viewport: { width: 1280, height: 900 } });
  const file = older(await exportDemo(page, srv.url), 7);
  const name = `voronka-${iso(Date.now() - 7 * DAY)}.json`;
  await page.goto(`${srv.url}#/changes?since=file&cperiod=this_quarter`);
  await page.setInputFiles('[data-testid=changes-file]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await waitForChart(page, 'changes-waterfall');
  await page.waitForTimeout(1200);
  await (await page.$('[data-testid=changes-page]')).screenshot({ path: `${out}/changes-waterfall-${lang}.png` });
  await (await page.$('[data-testid=changes-stages]')).screenshot({ path: `${out}/changes-matrix-${lang}.png` });
  if (problems.length) console.log(locale, problems);
  await context.close();
}
await browser.close();
await srv.close();
