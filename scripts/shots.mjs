// Screenshots of given views: node scripts/shots.mjs DIST LOCALE OUT_DIR name=hash [name=hash …]
// Each view is opened fresh (demo data), given time to draw, and captured at 1280 px wide.
import { serve, launch, openApp } from '../tests/e2e/harness.mjs';
const [dist, locale, out, ...views] = process.argv.slice(2);
const srv = await serve(dist, process.env.BASE || '/voronka/');
const b = await launch();
for (const v of views) {
  const i = v.indexOf('='); const name = v.slice(0, i), hash = v.slice(i + 1);
  const { context, page, problems } = await openApp(b, srv.url + hash, { locale, viewport: { width: 1280, height: 900 } });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
  if (problems.length) console.log(name, problems);
  await context.close();
}
await b.close(); await srv.close();
