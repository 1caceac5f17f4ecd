// Screenshots of the guided tour and presentation mode (issue 19):
//   node scripts/tour-shots.mjs DIST LOCALE OUT_DIR name=hash [name=hash …]
// Like shots.mjs, but each view is loaded after the app is up (presentation mode hides the
// filter bar shots.mjs waits for), and a tour step is captured once its spotlight is placed.
import { serve, launch, openApp } from '../tests/e2e/harness.mjs';
const [dist, locale, out, ...views] = process.argv.slice(2);
const srv = await serve(dist, process.env.BASE || '/voronka/');
const b = await launch();
for (const v of views) {
  const i = v.indexOf('='); const name = v.slice(0, i), hash = v.slice(i + 1);
  const { context, page, problems } = await openApp(b, srv.url + '#/data', { locale, viewport: { width: 1280, height: 900 } });
  await page.goto(srv.url + hash);
  await page.reload();
  if (hash.includes('tour=')) {
    await page.waitForFunction(() => document.querySelector('[data-testid=tour]')?.dataset.target);
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
  if (problems.length) console.log(name, problems);
  await context.close();
}
await b.close(); await srv.close();
