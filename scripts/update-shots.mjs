// Screenshots of the "new version ready" offer (issue 16), in both languages: serves the
// release build, installs its service worker, deploys a marked copy and reloads.
//
//   VORONKA_DIST=dist-e2e VORONKA_BASE=/voronka/ node scripts/update-shots.mjs OUTDIR
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, DIST } from '../tests/e2e/harness.mjs';
import { buildServiceWorker } from './service-worker.mjs';

const out = process.argv[2] || 'docs/screenshots';
const next = await mkdtemp(join(tmpdir(), 'voronka-next-'));
await cp(DIST, next, { recursive: true });
const index = join(next, 'index.html');
await writeFile(index, (await readFile(index, 'utf8')).replace('<title>', '<meta name="voronka-build" content="next" />\n    <title>'));
await buildServiceWorker(next);

const browser = await launch();
for (const [locale, lang] of [['en-US', 'en'], ['ru-RU', 'ru']]) {
  const srv = await serve();
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 700 } });
  const page = await context.newPage();
  await page.goto(srv.url);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  srv.deploy(next);
  await page.reload();
  await page.waitForSelector('[data-testid=update-offer]', { timeout: 20000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `update-offer-${lang}.png`) });
  await context.close();
  await srv.close();
}
await browser.close();
await rm(next, { recursive: true, force: true });
