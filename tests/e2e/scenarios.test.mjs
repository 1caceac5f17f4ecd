// Workshop scenarios: every scenario opens from its link, in Russian and in English, on the view
// made for its problem, and the user's own workspace survives it — in storage, across a reload,
// and one click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** Each scenario's link and what its view must show. */
const SCENARIOS = [
  { slug: 'leaking-stage', page: 'funnel', keys: ['fmode=conversion'], shows: '[data-testid=funnel-table]' },
  { slug: 'stale-hoard', page: 'pipeline', keys: ['pview=stages'], shows: '.stage-grid' },
  { slug: 'one-contact', page: 'relationships', keys: [], shows: '[data-testid=page-relationships] .chart, [data-testid=page-relationships] table' },
  { slug: 'whitespace', page: 'directions', keys: [], shows: '[data-testid=page-directions] .chart, [data-testid=page-directions] table' },
  { slug: 'short-quarter', page: 'forecast', keys: ['fgran=quarter', 'fhor=3'], shows: '[data-testid=forecast-panel], [role=tabpanel]' },
];

const summary = (page) => page.textContent('[data-testid=data-summary]');

for (const locale of ['ru-RU', 'en-US']) {
  test(`every scenario opens from its link on its view, and the workspace survives (${locale})`, async () => {
    const { context, page, problems } = await openApp(browser, `${srv.url}#/data`, { locale });
    const mine = await summary(page);
    for (const s of SCENARIOS) {
      await page.goto(`${srv.url}#/${s.page}?scenario=${s.slug}`);
      await page.waitForSelector(`[data-testid=scenario-banner][data-scenario="${s.slug}"]`);
      await page.waitForSelector(`[data-testid=page-${s.page}]`);
      await page.waitForSelector(s.shows);
      const hash = await page.evaluate(() => location.hash);
      assert.ok(!hash.includes('scenario='), `the link is dropped from the URL: ${hash}`);
      for (const k of s.keys) assert.ok(hash.includes(k), `${s.slug}: ${hash} has ${k}`);
      const lang = await page.getAttribute('html', 'lang');
      assert.equal(lang, locale.slice(0, 2));
    }
    // Nothing of a scenario was saved: a reload brings the user's workspace back…
    await page.goto(`${srv.url}#/data`);
    await page.reload();
    await page.waitForSelector('[data-testid=data-summary]');
    assert.equal(await summary(page), mine);
    assert.equal(await page.$('[data-testid=scenario-banner]'), null);
    // …and so does the banner's button, without a reload.
    await page.goto(`${srv.url}#/funnel?scenario=whitespace`);
    await page.waitForSelector('[data-testid=scenario-banner]');
    await page.goto(`${srv.url}#/data`);
    assert.notEqual(await summary(page), mine);
    await page.click('[data-testid=scenario-back]');
    await page.waitForSelector('[data-testid=scenario-banner]', { state: 'detached' });
    assert.equal(await summary(page), mine);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the Workshop tab lists every scenario with a title and a line, and opens them', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/data?dtab=workshop`, { locale: 'en-US' });
  for (const s of SCENARIOS) {
    // The Data page's code may still be arriving (its own chunk in the split build).
    const item = await page.waitForSelector(`[data-testid=scenario-${s.slug}]`);
    const title = (await item.$eval('h3', (e) => e.textContent)).trim();
    const line = (await item.$eval('p', (e) => e.textContent)).trim();
    assert.ok(title.length > 5 && line.length > 20, `${s.slug}: ${title} / ${line}`);
  }
  await page.click('[data-testid=open-scenario-stale-hoard]');
  await page.waitForSelector('[data-testid=scenario-banner][data-scenario="stale-hoard"]');
  await page.waitForSelector('.stage-grid');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the changes page of a scenario is rebuilt from its own deals, never from the user\'s snapshots', async () => {
  const { context, page, problems } = await openApp(browser, `${srv.url}#/funnel`, { locale: 'en-US' });
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  // The user's own workspace has this morning's snapshot: the page compares with it.
  await page.goto(`${srv.url}#/changes?since=snap-${today}`);
  await page.waitForSelector('[data-testid=changes-basis]');
  assert.match(await page.textContent('[data-testid=changes-basis]'), /Compared with the snapshot of/);
  // A scenario has no snapshot of its own: the same question finds none…
  await page.goto(`${srv.url}#/funnel?scenario=leaking-stage`);
  await page.waitForSelector('[data-testid=scenario-banner][data-scenario="leaking-stage"]');
  await page.goto(`${srv.url}#/changes?since=snap-${today}`);
  await page.waitForSelector('[data-testid=changes-empty]');
  assert.match(await page.textContent('[data-testid=changes-empty]'), /There is no snapshot of/);
  // …and last week's pipeline is rebuilt from the scenario's own stage history.
  await page.goto(`${srv.url}#/changes?since=week`);
  await page.waitForSelector('[data-testid=changes-basis].note-warn');
  assert.match(await page.textContent('[data-testid=changes-basis]'), /rebuilt from stage history/);
  assert.ok(await page.$('[data-testid=scenario-banner]'), 'still in the scenario');
  assert.deepEqual(problems, []);
  await context.close();
});
